"use client";
import { useState } from "react";
import { useDeleteTrustedCertificate } from "@/lib/queries/trusted-certificates";
import type { TrustedCertificateJson } from "@/lib/validation/trusted-certificate";
import { ConfirmDialog } from "../ui/dialog";
import { FormError } from "../ui/field";
import { useToast } from "../ui/toast";
import { Alert } from "../ui/table-tools";

/** Delete with a warning when MDM servers depend on the certificate (their chains would no longer verify). */
export function DeleteCertificateDialog({
  certificate,
  onClose,
  onDeleted,
}: {
  certificate: Pick<TrustedCertificateJson, "id" | "friendlyName" | "usedBy" | "trustForMdm"> | null;
  onClose: () => void;
  onDeleted?: () => void;
}) {
  const remove = useDeleteTrustedCertificate();
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    remove.reset();
    onClose();
  };
  const isUsed = Boolean(certificate?.usedBy.length);
  return (
    <ConfirmDialog
      open={certificate !== null}
      title={`Delete ${certificate?.friendlyName ?? "certificate"}?`}
      confirmLabel={isUsed ? "Delete anyway" : "Delete"}
      pending={remove.isPending}
      onCancel={close}
      onConfirm={() =>
        certificate &&
        remove.mutate(
          { id: certificate.id, force: isUsed },
          {
            onSuccess: () => {
              toast({ tone: "ok", title: `Deleted ${certificate.friendlyName}` });
              onDeleted?.();
              close();
            },
            onError: (e) => setError(e.message),
          },
        )
      }
    >
      {certificate && (
        <div className="mb-3 grid gap-3">
          {isUsed ? (
            <Alert tone="warn" title="MDM servers depend on this certificate">
              {certificate.usedBy.map((s) => s.name).join(", ")} {certificate.usedBy.length === 1 ? "was" : "were"} last verified
              through it. Once it is deleted, their connections fail with &quot;There is a problem with the server Certificates or
              ISE trust store&quot; unless another trusted certificate anchors their chain.
            </Alert>
          ) : (
            <p>The certificate is removed from the trust store. This cannot be undone (you can import it again).</p>
          )}
          <FormError>{error}</FormError>
        </div>
      )}
    </ConfirmDialog>
  );
}

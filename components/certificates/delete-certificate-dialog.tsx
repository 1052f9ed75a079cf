"use client";
import { FormError } from "../ui/field";
import { useState } from "react";
import { useDeleteTrustedCertificate } from "@/lib/queries/trusted-certificates";
import type { TrustedCertificateJson } from "@/lib/validation/trusted-certificate";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
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
  return (
    <Dialog
      open={certificate !== null}
      onOpenChange={(open) => !open && close()}
      title={`Delete ${certificate?.friendlyName ?? "certificate"}?`}
    >
      {certificate && (
        <div className="grid gap-3">
          {certificate.usedBy.length > 0 ? (
            <Alert tone="warn" title="MDM servers depend on this certificate">
              {certificate.usedBy.map((s) => s.name).join(", ")} {certificate.usedBy.length === 1 ? "was" : "were"} last verified
              through it. Once it is deleted, their connections fail with &quot;There is a problem with the server Certificates or
              ISE trust store&quot; unless another trusted certificate anchors their chain.
            </Alert>
          ) : (
            <p>The certificate is removed from the trust store. This cannot be undone (you can import it again).</p>
          )}
          <FormError>{error}</FormError>
          <div className="flex justify-end gap-2">
            <Button onClick={close}>Cancel</Button>
            <Button
              variant="danger"
              disabled={remove.isPending}
              onClick={() =>
                remove.mutate(
                  { id: certificate.id, force: certificate.usedBy.length > 0 },
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
              {remove.isPending ? "Deleting…" : certificate.usedBy.length > 0 ? "Delete anyway" : "Delete"}
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

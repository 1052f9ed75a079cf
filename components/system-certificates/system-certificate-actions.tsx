"use client";
import { useState } from "react";
import { useDeleteSystemCertificate, useSetEapCertificate } from "@/lib/queries/system-certificates";
import type { SystemCertificateJson } from "@/lib/validation/system-certificates";
import { Button } from "../ui/button";
import { ConfirmDialog, Dialog } from "../ui/dialog";
import { FormError } from "../ui/field";
import { useToast } from "../ui/toast";
import { Alert } from "../ui/table-tools";

type Certificate = Pick<SystemCertificateJson, "id" | "friendlyName" | "usedForEap" | "status" | "isSelfSigned">;

/** "Use for EAP": says what changes for supplicants before the engines switch to the certificate. */
export function UseForEapDialog({
  certificate,
  current,
  onClose,
}: {
  certificate: Certificate | null;
  current: Pick<SystemCertificateJson, "friendlyName"> | null;
  onClose: () => void;
}) {
  const choose = useSetEapCertificate();
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    choose.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      open={certificate !== null}
      title={`Use ${certificate?.friendlyName ?? "this certificate"} for EAP?`}
      confirmLabel="Use for EAP"
      pendingLabel="Switching…"
      pending={choose.isPending}
      onCancel={close}
      onConfirm={() =>
        certificate &&
        choose.mutate(certificate.id, {
          onSuccess: () => {
            toast({ tone: "ok", title: `${certificate.friendlyName} is now the EAP server certificate` });
            close();
          },
          onError: (e) => setError(e.message),
        })
      }
    >
      <div className="mb-3 grid gap-2">
        <p>
          Every engine presents it to EAP-TLS supplicants within a second
          {current ? (
            <>
              , instead of <strong>{current.friendlyName}</strong>
            </>
          ) : null}
          . Handshakes under way finish with the old certificate.
        </p>
        <Alert tone="warn">
          Supplicants that trust only the previous certificate (or its CA) refuse the new one until they are given{" "}
          {certificate?.isSelfSigned ? "this certificate" : "its issuing CA"} as a trusted CA.
        </Alert>
        {certificate?.status === "expiring" && <Alert tone="warn">This certificate expires within 30 days.</Alert>}
        <FormError>{error}</FormError>
      </div>
    </ConfirmDialog>
  );
}

/** Delete with confirmation; the EAP certificate in use cannot be deleted and the dialog says why. */
export function DeleteSystemCertificateDialog({
  certificate,
  onClose,
  onDeleted,
}: {
  certificate: Certificate | null;
  onClose: () => void;
  onDeleted?: () => void;
}) {
  const remove = useDeleteSystemCertificate();
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    remove.reset();
    onClose();
  };
  if (certificate?.usedForEap) {
    return (
      <Dialog open onOpenChange={(open) => !open && close()} title={`${certificate.friendlyName} cannot be deleted`}>
        <div className="grid gap-3">
          <Alert tone="error" title="In use for EAP Authentication">
            It is the EAP server certificate the engines present. Use another certificate for EAP first, then delete this one.
          </Alert>
          <div className="flex justify-end">
            <Button onClick={close}>Close</Button>
          </div>
        </div>
      </Dialog>
    );
  }
  return (
    <ConfirmDialog
      open={certificate !== null}
      title={`Delete ${certificate?.friendlyName ?? "certificate"}?`}
      pending={remove.isPending}
      onCancel={close}
      onConfirm={() =>
        certificate &&
        remove.mutate(certificate.id, {
          onSuccess: () => {
            toast({ tone: "ok", title: `Deleted ${certificate.friendlyName}` });
            onDeleted?.();
            close();
          },
          onError: (e) => setError(e.message),
        })
      }
    >
      <div className="mb-3 grid gap-2">
        <p>The certificate and its private key are removed. This cannot be undone.</p>
        <FormError>{error}</FormError>
      </div>
    </ConfirmDialog>
  );
}

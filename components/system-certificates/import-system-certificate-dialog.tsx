"use client";
import { useId, useState, type FormEvent } from "react";
import { ApiError } from "@/lib/api/client";
import { useImportSystemCertificate } from "@/lib/queries/system-certificates";
import { importSystemCertificateSchema, type ImportSystemCertificateInput } from "@/lib/validation/system-certificates";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { FileField, PemField, type ChosenFile } from "../certificates/certificate-inputs";
import { fieldErrors, issueFieldErrors } from "../certificates/field-errors";
import { Field, FormError, Input } from "../ui/field";
import { useToast } from "../ui/toast";

type Format = "pem" | "pkcs12";

export function ImportSystemCertificateDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Import a system certificate"
      description="The server certificate (with its intermediates) and its private key, as PEM or as a PKCS#12 file. The key is stored encrypted and never shown again."
    >
      {open && <ImportForm onDone={() => onOpenChange(false)} />}
    </Dialog>
  );
}

function ImportForm({ onDone }: { onDone: () => void }) {
  const importCertificate = useImportSystemCertificate();
  const toast = useToast();
  const [format, setFormat] = useState<Format>("pem");
  const [certificatePem, setCertificatePem] = useState("");
  const [privateKeyPem, setPrivateKeyPem] = useState("");
  const [passphrase, setPassphrase] = useState("");
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [password, setPassword] = useState("");
  const [friendlyName, setFriendlyName] = useState("");
  const [useForEap, setUseForEap] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formatGroup = useId();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const common = { friendlyName: friendlyName.trim() || undefined, useForEap };
    const input: ImportSystemCertificateInput =
      format === "pem"
        ? { format, certificatePem, privateKeyPem, passphrase: passphrase || undefined, ...common }
        : { format, pkcs12: file?.base64 ?? "", fileName: file?.name, password, ...common };
    const parsed = importSystemCertificateSchema.safeParse(input);
    if (!parsed.success) return setErrors(issueFieldErrors(parsed.error));
    setErrors({});
    importCertificate.mutate(input, {
      onSuccess: ({ certificate }) => {
        toast({
          tone: "ok",
          title: `Imported ${certificate.friendlyName}${certificate.usedForEap ? ", now the EAP server certificate" : ""}`,
        });
        onDone();
      },
      onError: (error) => {
        if (error instanceof ApiError && Object.keys(error.fields).length > 0) setErrors(fieldErrors(error.fields));
        else setFormError(error.message);
      },
    });
  };

  return (
    <form onSubmit={onSubmit} className="grid gap-3" noValidate>
      <div className="flex gap-4" role="radiogroup" aria-label="Format">
        {(["pem", "pkcs12"] as const).map((value) => (
          <label key={value} className="flex items-center gap-1.5">
            <input
              type="radio"
              name={formatGroup}
              checked={format === value}
              onChange={() => {
                setFormat(value);
                setErrors({});
              }}
            />
            {value === "pem" ? "PEM certificate and key" : "PKCS#12 file (.p12, .pfx)"}
          </label>
        ))}
      </div>
      {format === "pem" ? (
        <>
          <PemField
            label="Certificate (PEM)"
            rows={5}
            hint="The server certificate, then any intermediate CA certificates."
            error={errors.certificatePem}
            value={certificatePem}
            onChange={setCertificatePem}
          />
          <PemField
            label="Private Key (PEM)"
            rows={5}
            hint="BEGIN PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY or ENCRYPTED PRIVATE KEY."
            error={errors.privateKeyPem}
            value={privateKeyPem}
            onChange={setPrivateKeyPem}
          />
          <Field label="Private Key Passphrase" error={errors.passphrase} hint="Only for an encrypted key.">
            {(props) => (
              <Input
                {...props}
                type="password"
                autoComplete="off"
                value={passphrase}
                onChange={(e) => setPassphrase(e.target.value)}
              />
            )}
          </Field>
        </>
      ) : (
        <>
          <FileField
            label="PKCS#12 File"
            hint="The certificate, its chain and its private key."
            error={errors.pkcs12}
            accept=".p12,.pfx,application/x-pkcs12"
            tooLarge="The file is too large for a PKCS#12 certificate file (768 KiB at most)."
            onChange={(chosen, error) => {
              setFile(chosen);
              setErrors(error ? { pkcs12: error } : {});
            }}
          />
          <Field label="PKCS#12 Password" error={errors.password}>
            {(props) => (
              <Input
                {...props}
                type="password"
                autoComplete="off"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
        </>
      )}
      <Field label="Friendly Name" error={errors.friendlyName} hint="Blank: the certificate's common name.">
        {(props) => <Input {...props} value={friendlyName} onChange={(e) => setFriendlyName(e.target.value)} />}
      </Field>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={useForEap} onChange={(e) => setUseForEap(e.target.checked)} />
        Use for EAP Authentication (replaces the certificate in use)
      </label>
      <FormError>{formError}</FormError>
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={importCertificate.isPending}>
          {importCertificate.isPending ? "Importing…" : "Submit"}
        </Button>
      </div>
    </form>
  );
}

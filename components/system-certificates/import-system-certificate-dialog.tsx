"use client";
import { useId, useState, type FormEvent } from "react";
import { ApiError } from "@/lib/api/client";
import { useImportSystemCertificate } from "@/lib/queries/system-certificates";
import { importSystemCertificateSchema, type ImportSystemCertificateInput } from "@/lib/validation/system-certificates";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, FormError, Input, inputClass } from "../ui/field";
import { useToast } from "../ui/toast";
import { cn } from "../ui/cn";
import { fieldErrors } from "./field-errors";

type Format = "pem" | "pkcs12";

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

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

function PemArea({
  label,
  hint,
  error,
  value,
  onChange,
}: {
  label: string;
  hint: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field label={label} required error={error} hint={hint}>
      {(props) => (
        <textarea
          {...props}
          rows={5}
          spellCheck={false}
          className={cn(inputClass, "h-auto py-1 font-mono text-[11px]")}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

function ImportForm({ onDone }: { onDone: () => void }) {
  const importCertificate = useImportSystemCertificate();
  const toast = useToast();
  const [format, setFormat] = useState<Format>("pem");
  const [certificatePem, setCertificatePem] = useState("");
  const [privateKeyPem, setPrivateKeyPem] = useState("");
  const [passphrase, setPassphrase] = useState("");
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [password, setPassword] = useState("");
  const [friendlyName, setFriendlyName] = useState("");
  const [useForEap, setUseForEap] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formatGroup = useId();

  const onFile = async (list: FileList | null) => {
    setErrors({});
    const chosen = list?.[0];
    if (!chosen) return setFile(null);
    if (chosen.size > 768 * 1024) {
      setFile(null);
      return setErrors({ pkcs12: "The file is too large for a PKCS#12 certificate file (768 KiB at most)." });
    }
    setFile({ name: chosen.name, base64: toBase64(new Uint8Array(await chosen.arrayBuffer())) });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const common = { friendlyName: friendlyName.trim() || undefined, useForEap };
    const input: ImportSystemCertificateInput =
      format === "pem"
        ? { format, certificatePem, privateKeyPem, passphrase: passphrase || undefined, ...common }
        : { format, pkcs12: file?.base64 ?? "", fileName: file?.name, password, ...common };
    const parsed = importSystemCertificateSchema.safeParse(input);
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) fields[issue.path.join(".")] ??= issue.message;
      return setErrors(fieldErrors(fields));
    }
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
          <PemArea
            label="Certificate (PEM)"
            hint="The server certificate, then any intermediate CA certificates."
            error={errors.certificatePem}
            value={certificatePem}
            onChange={setCertificatePem}
          />
          <PemArea
            label="Private Key (PEM)"
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
          <Field label="PKCS#12 File" required error={errors.pkcs12} hint="The certificate, its chain and its private key.">
            {(props) => (
              <input
                {...props}
                type="file"
                accept=".p12,.pfx,application/x-pkcs12"
                className="text-[13px] file:mr-2 file:rounded file:border file:border-border file:bg-sunken file:px-2 file:py-0.5"
                onChange={(event) => void onFile(event.target.files)}
              />
            )}
          </Field>
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

"use client";
import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import { ApiError } from "@/lib/api/client";
import { useImportTrustedCertificates } from "@/lib/queries/trusted-certificates";
import { certificateFileAccept, importTrustedCertificateSchema } from "@/lib/validation/trusted-certificate";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, FormError, Input } from "../ui/field";
import { useToast } from "../ui/toast";
import { FileField, PemField, type ChosenFile } from "./certificate-inputs";
import { issueFieldErrors } from "./field-errors";

type Source = "file" | "paste";

export function ImportCertificateDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Import a trusted certificate"
      description="A .pem, .crt, .cer or .der file (a PEM bundle may hold a whole chain), or pasted PEM text. Private keys and CSRs are refused."
    >
      {open && <ImportForm onDone={() => onOpenChange(false)} />}
    </Dialog>
  );
}

function ImportForm({ onDone }: { onDone: () => void }) {
  const importCertificates = useImportTrustedCertificates();
  const toast = useToast();
  const [source, setSource] = useState<Source>("file");
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [pasted, setPasted] = useState("");
  const [friendlyName, setFriendlyName] = useState("");
  const [description, setDescription] = useState("");
  const [trustForMdm, setTrustForMdm] = useState(true);
  const [trustForClientAuth, setTrustForClientAuth] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [duplicate, setDuplicate] = useState<{ id: string; name: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const sourceGroup = useId();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    setDuplicate(null);
    const input = {
      content: source === "file" ? (file?.base64 ?? "") : pasted,
      encoding: source === "file" ? ("base64" as const) : ("text" as const),
      fileName: source === "file" ? file?.name : undefined,
      friendlyName: friendlyName.trim() || undefined,
      description: description.trim() || undefined,
      trustForMdm,
      trustForClientAuth,
    };
    const parsed = importTrustedCertificateSchema.safeParse(input);
    if (!parsed.success) {
      const fields = issueFieldErrors(parsed.error);
      if (fields.content) fields.content = source === "file" ? "Choose a certificate file" : "Paste a PEM certificate";
      return setErrors(fields);
    }
    setErrors({});
    importCertificates.mutate(input, {
      onSuccess: ({ certificates }) => {
        toast({
          tone: "ok",
          title:
            certificates.length === 1
              ? `Imported ${certificates[0]!.friendlyName}`
              : `Imported ${certificates.length} certificates: ${certificates.map((c) => c.friendlyName).join(", ")}`,
        });
        onDone();
      },
      onError: (error) => {
        if (error instanceof ApiError) {
          const { existingId, existingName, reason: _reason, ...fields } = error.fields;
          setErrors(fields);
          if (existingId) setDuplicate({ id: existingId, name: existingName ?? "the existing certificate" });
          if (!fields.content && !fields.friendlyName) setFormError(error.message);
        } else {
          setFormError(error.message);
        }
      },
    });
  };

  return (
    <form onSubmit={onSubmit} className="grid gap-3" noValidate>
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-[12px] font-semibold">Certificate</legend>
        <div className="flex gap-4" role="radiogroup" aria-label="Certificate source">
          {(["file", "paste"] as const).map((value) => (
            <label key={value} className="flex items-center gap-1.5">
              <input type="radio" name={sourceGroup} checked={source === value} onChange={() => setSource(value)} />
              {value === "file" ? "Upload a file" : "Paste PEM text"}
            </label>
          ))}
        </div>
        {source === "file" ? (
          <FileField
            label="Certificate file"
            hint=".pem, .crt, .cer or .der"
            error={errors.content}
            accept={certificateFileAccept}
            tooLarge="The file is too large for a certificate (768 KiB at most)."
            onChange={(chosen, error) => {
              setFile(chosen);
              setErrors(error ? { content: error } : {});
            }}
          />
        ) : (
          <PemField
            label="PEM text"
            hint="One or more -----BEGIN CERTIFICATE----- blocks"
            error={errors.content}
            rows={8}
            value={pasted}
            onChange={setPasted}
          />
        )}
        {duplicate && (
          <p className="text-[12px]">
            <Link className="text-accent underline" href={`/administration/certificates/trusted/${duplicate.id}`}>
              Open {duplicate.name}
            </Link>
          </p>
        )}
      </fieldset>
      <Field label="Friendly Name" error={errors.friendlyName} hint="Blank: the certificate's Common Name.">
        {(props) => <Input {...props} value={friendlyName} onChange={(e) => setFriendlyName(e.target.value)} />}
      </Field>
      <Field label="Description" error={errors.description}>
        {(props) => <Input {...props} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <fieldset className="grid gap-1">
        <legend className="mb-1 text-[12px] font-semibold">Usage</legend>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={trustForMdm} onChange={(e) => setTrustForMdm(e.target.checked)} />
          Trust for authentication of MDM/servers
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={trustForClientAuth} onChange={(e) => setTrustForClientAuth(e.target.checked)} />
          Trust for client authentication (EAP-TLS)
        </label>
      </fieldset>
      <FormError>{formError}</FormError>
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={importCertificates.isPending}>
          {importCertificates.isPending ? "Importing…" : "Submit"}
        </Button>
      </div>
    </form>
  );
}

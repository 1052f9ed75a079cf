"use client";
import { useState, type FormEvent } from "react";
import { ApiError } from "@/lib/api/client";
import { useGenerateSelfSignedCertificate } from "@/lib/queries/system-certificates";
import {
  generateSelfSignedSchema,
  splitDnsNames,
  systemKeyAlgorithmLabels,
  systemKeyAlgorithms,
  type SystemKeyAlgorithm,
} from "@/lib/validation/system-certificates";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, FormError, Input, Select, inputClass } from "../ui/field";
import { useToast } from "../ui/toast";
import { cn } from "../ui/cn";
import { fieldErrors, issueFieldErrors } from "../certificates/field-errors";

export function GenerateSelfSignedDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Generate Self-Signed Certificate"
      description="A server certificate (Extended Key Usage: Server Authentication) signed by its own key. Supplicants must be given the certificate itself as their trusted CA."
    >
      {open && <GenerateForm onDone={() => onOpenChange(false)} />}
    </Dialog>
  );
}

function GenerateForm({ onDone }: { onDone: () => void }) {
  const generate = useGenerateSelfSignedCertificate();
  const toast = useToast();
  const [friendlyName, setFriendlyName] = useState("");
  const [commonName, setCommonName] = useState("");
  const [dnsNames, setDnsNames] = useState("");
  const [keyAlgorithm, setKeyAlgorithm] = useState<SystemKeyAlgorithm>("rsa-2048");
  const [validityDays, setValidityDays] = useState("730");
  const [useForEap, setUseForEap] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const input = {
      friendlyName: friendlyName.trim() || undefined,
      commonName,
      dnsNames: splitDnsNames(dnsNames),
      keyAlgorithm,
      validityDays: validityDays.trim() === "" ? Number.NaN : Number(validityDays),
      useForEap,
    };
    const parsed = generateSelfSignedSchema.safeParse(input);
    if (!parsed.success) return setErrors(issueFieldErrors(parsed.error));
    setErrors({});
    generate.mutate(input, {
      onSuccess: ({ certificate }) => {
        toast({
          tone: "ok",
          title: `Generated ${certificate.friendlyName}${certificate.usedForEap ? ", now the EAP server certificate" : ""}`,
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
      <Field label="Friendly Name" error={errors.friendlyName} hint="Blank: the common name followed by (self-signed).">
        {(props) => <Input {...props} value={friendlyName} onChange={(e) => setFriendlyName(e.target.value)} />}
      </Field>
      <Field label="Common Name (CN)" required error={errors.commonName} hint="Usually the RADIUS server's host name.">
        {(props) => (
          <Input {...props} value={commonName} placeholder="radius.example.com" onChange={(e) => setCommonName(e.target.value)} />
        )}
      </Field>
      <Field
        label="Subject Alternative Names (DNS)"
        error={errors.dnsNames}
        hint="Separated by commas or spaces; *.example.com for a wildcard. Blank: the common name, when it is a host name."
      >
        {(props) => (
          <textarea
            {...props}
            rows={2}
            spellCheck={false}
            className={cn(inputClass, "h-auto py-1")}
            value={dnsNames}
            onChange={(e) => setDnsNames(e.target.value)}
          />
        )}
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label="Key Type" required error={errors.keyAlgorithm} hint="RSA 2048 works with every supplicant.">
          {(props) => (
            <Select {...props} value={keyAlgorithm} onChange={(e) => setKeyAlgorithm(e.target.value as SystemKeyAlgorithm)}>
              {systemKeyAlgorithms.map((value) => (
                <option key={value} value={value}>
                  {systemKeyAlgorithmLabels[value]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Validity (days)" required error={errors.validityDays}>
          {(props) => (
            <Input {...props} inputMode="numeric" value={validityDays} onChange={(e) => setValidityDays(e.target.value)} />
          )}
        </Field>
      </div>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={useForEap} onChange={(e) => setUseForEap(e.target.checked)} />
        Use for EAP Authentication (replaces the certificate in use)
      </label>
      <FormError>{formError}</FormError>
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={generate.isPending}>
          {generate.isPending ? "Generating…" : "Generate"}
        </Button>
      </div>
    </form>
  );
}

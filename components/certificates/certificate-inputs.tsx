"use client";
// The inputs both certificate import dialogs use: pasted PEM text and a chosen file, read as base64 for the
// JSON body.
import { Field, inputClass } from "../ui/field";
import { cn } from "../ui/cn";

export type ChosenFile = { name: string; base64: string };

/** Far more than any certificate file or PKCS#12 bundle, and well under the APIs' 1 MiB of base64. */
const MAX_FILE_BYTES = 768 * 1024;

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function PemField({
  label,
  hint,
  error,
  rows,
  value,
  onChange,
}: {
  label: string;
  hint: string;
  error?: string;
  rows: number;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field label={label} required error={error} hint={hint}>
      {(props) => (
        <textarea
          {...props}
          rows={rows}
          spellCheck={false}
          className={cn(inputClass, "h-auto py-1 font-mono text-[11px]")}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/**
 * A file input whose file is read as base64; a file over 768 KiB is refused at once with `tooLarge`.
 * `onChange` gets the file (or null when none is chosen or it is too large) and that error.
 */
export function FileField({
  label,
  hint,
  error,
  accept,
  tooLarge,
  onChange,
}: {
  label: string;
  hint: string;
  error?: string;
  accept: string;
  tooLarge: string;
  onChange: (file: ChosenFile | null, error?: string) => void;
}) {
  const onFiles = async (list: FileList | null) => {
    const chosen = list?.[0];
    if (!chosen) return onChange(null);
    if (chosen.size > MAX_FILE_BYTES) return onChange(null, tooLarge);
    onChange({ name: chosen.name, base64: toBase64(new Uint8Array(await chosen.arrayBuffer())) });
  };
  return (
    <Field label={label} required error={error} hint={hint}>
      {(props) => (
        <input
          {...props}
          type="file"
          accept={accept}
          className="text-[13px] file:mr-2 file:rounded file:border file:border-border file:bg-sunken file:px-2 file:py-0.5"
          onChange={(event) => void onFiles(event.target.files)}
        />
      )}
    </Field>
  );
}

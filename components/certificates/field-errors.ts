import type { z } from "zod";

/** Field errors keyed by form field (zod's `dnsNames.2` is the SAN field's), first message per field. */
export function fieldErrors(fields: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) errors[path.split(".")[0] || "_"] ??= message;
  return errors;
}

/** The same for a form's own check before it sends anything: the first issue per field. */
export function issueFieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? "_")] ??= issue.message;
  return errors;
}

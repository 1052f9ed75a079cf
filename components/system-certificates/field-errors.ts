/** Field errors keyed by form field (zod's `dnsNames.2` is the SAN field's), first message per field. */
export function fieldErrors(fields: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) errors[path.split(".")[0] || "_"] ??= message;
  return errors;
}

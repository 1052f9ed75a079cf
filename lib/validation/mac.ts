/**
 * MAC addresses as the MDM API wants them: 12 upper-case hex digits, no separators (ise-mdm-reference
 * §1.2). Accepts the usual spellings — `00:26:b4:24:fe:b4`, `00-26-B4-24-FE-B4` (RADIUS
 * Calling-Station-Id, RFC 3580 §3.21), `0026.b424.feb4` (Cisco) — and returns undefined for anything else.
 * Lives in lib/validation because the policy editor checks MAC values in the browser too.
 */
export function normalizeMac(value: string): string | undefined {
  const trimmed = value.trim();
  if (
    !/^[0-9A-Fa-f]{2}([:-]?)[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$/.test(trimmed) &&
    !/^[0-9A-Fa-f]{4}(\.[0-9A-Fa-f]{4}){2}$/.test(trimmed)
  ) {
    return undefined;
  }
  return trimmed.replace(/[:.-]/g, "").toUpperCase();
}

/**
 * The hex digits of a MAC prefix (`00:26:B4`, `0026b4`, `0026.b4`), upper-case without separators, or
 * undefined when it is not 1–12 hex digits. The evaluator compares it with the start of the normalised MAC.
 */
export function normalizeMacPrefix(value: string): string | undefined {
  const digits = value.trim().replace(/[:.-]/g, "").toUpperCase();
  return /^[0-9A-F]{1,12}$/.test(digits) ? digits : undefined;
}

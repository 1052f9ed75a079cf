/** 0026B424FEB4 → 00:26:B4:24:FE:B4 (the stored form is 12 upper-case hex digits). */
export function formatMac(mac: string | null | undefined): string {
  if (!mac) return "—";
  return /^[0-9A-F]{12}$/.test(mac) ? (mac.match(/../g) ?? []).join(":") : mac;
}

export function formatTime(value: string | null | undefined): string {
  if (!value) return "—";
  const date = new Date(value);
  return `${date.toLocaleDateString()} ${date.toLocaleTimeString(undefined, { hour12: false })}.${String(date.getMilliseconds()).padStart(3, "0")}`;
}

/** For table cells: the time with milliseconds, and the date only when it is not today. */
export function formatTimeShort(value: string, now = new Date()): string {
  const date = new Date(value);
  const time = `${date.toLocaleTimeString(undefined, { hour12: false })}.${String(date.getMilliseconds()).padStart(3, "0")}`;
  return date.toDateString() === now.toDateString() ? time : `${date.toLocaleDateString()} ${time}`;
}

export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return value < 10 ? `${value.toFixed(2)} ms` : `${Math.round(value)} ms`;
}

export function formatDuration(fromIso: string, toIso: string | null, now: number): string {
  const ms = Math.max(0, (toIso ? new Date(toIso).getTime() : now) - new Date(fromIso).getTime());
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

const methodLabels: Record<string, string> = { mab: "MAB", eap: "EAP", "eap-tls": "EAP-TLS", other: "Other" };

export function formatMethod(method: string): string {
  return methodLabels[method] ?? method;
}

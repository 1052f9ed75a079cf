// How an endpoint's states read everywhere they appear: the list, the detail page and the action results.
import { Badge } from "../ui/badge";

export function ComplianceBadge({ compliant, reason }: { compliant: boolean | null; reason?: string | null }) {
  if (compliant === true) return <Badge tone="ok">Compliant</Badge>;
  if (compliant === false)
    return (
      <span title={reason ?? undefined}>
        <Badge tone="danger">NonCompliant</Badge>
      </span>
    );
  return <Badge>Unknown</Badge>;
}

export function RegisteredBadge({ registered }: { registered: boolean | null }) {
  if (registered === true) return <Badge tone="info">Registered</Badge>;
  if (registered === false) return <Badge tone="warn">UnRegistered</Badge>;
  return <Badge>Unknown</Badge>;
}

export function DecisionText({ decision }: { decision: string | null }) {
  if (decision === "accept") return <Badge tone="ok">Accept</Badge>;
  if (decision === "reject") return <Badge tone="danger">Reject</Badge>;
  return <span className="text-muted">—</span>;
}

const outcomeLabels: Record<string, string> = {
  ok: "answered",
  "not-registered": "answered: not registered",
  unreachable: "unreachable",
  "no-server": "no MDM server enabled",
};

export function mdmOutcomeLabel(outcome: string | null): string {
  return outcome ? (outcomeLabels[outcome] ?? outcome) : "never asked";
}

/** "3 min ago" for recent times, the date beyond a week; the exact time goes in a title. */
export function formatAgo(value: string | null | undefined, now = Date.now()): string {
  if (!value) return "—";
  const seconds = Math.round((now - new Date(value).getTime()) / 1000);
  if (seconds < 0) return new Date(value).toLocaleString();
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  if (seconds < 7 * 86_400) return `${Math.floor(seconds / 86_400)} d ago`;
  return new Date(value).toLocaleDateString();
}

/** An absolute time as the title of a relative one. */
export function exactTime(value: string | null | undefined): string | undefined {
  return value ? new Date(value).toLocaleString() : undefined;
}

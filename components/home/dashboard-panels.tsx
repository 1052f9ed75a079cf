"use client";
// The Home dashboard's panels other than the chart: endpoints by compliance, CoA outcomes, MDM server
// health and certificates near expiry. Each figure links to the list it summarises.
import Link from "next/link";
import { mdmServerHealth, type DashboardJson, type DashboardWindow, type MdmServerHealthJson } from "@/lib/validation/dashboard";
import { coaResults } from "@/lib/validation/coa-events";
import { resultLabels } from "../coa-log/coa-labels";
import { Badge } from "../ui/badge";
import { cn } from "../ui/cn";
import { Panel } from "../ui/panel";
import { Table, Td, Th } from "../ui/table";

const EXTERNAL_MDM = "/administration/network-resources/external-mdm";
const TRUSTED_CERTIFICATES = "/administration/certificates/trusted";

/** "3 min ago", "in 12 days": coarse and relative to `now`. */
export function formatRelative(iso: string, now: number): string {
  const diff = Date.parse(iso) - now;
  const abs = Math.abs(diff);
  const [value, unit] =
    abs < 60_000
      ? [Math.round(abs / 1000), "s"]
      : abs < 3_600_000
        ? [Math.round(abs / 60_000), "min"]
        : abs < 172_800_000
          ? [Math.round(abs / 3_600_000), "h"]
          : [Math.round(abs / 86_400_000), "days"];
  return diff < 0 ? `${value} ${unit} ago` : `in ${value} ${unit}`;
}

/** One figure with its label, linking to the list behind it. */
function Tile({
  href,
  label,
  value,
  tone,
  testId,
  hint,
}: {
  href: string;
  label: string;
  value: number;
  tone: "ok" | "warn" | "danger" | "neutral";
  testId: string;
  hint?: string;
}) {
  return (
    <Link
      href={href}
      data-testid={testId}
      title={hint}
      className="group grid gap-0.5 rounded border border-border px-3 py-2 hover:border-accent hover:bg-sunken"
    >
      <span className="flex items-center gap-1.5 text-[12px] text-muted">
        <span
          aria-hidden
          className={cn(
            "inline-block size-2 rounded-full",
            tone === "ok" ? "bg-ok" : tone === "warn" ? "bg-warn" : tone === "danger" ? "bg-danger" : "bg-border",
          )}
        />
        {label}
      </span>
      <span className="text-[20px] font-semibold tabular-nums group-hover:text-accent" data-testid={`${testId}-value`}>
        {value.toLocaleString()}
      </span>
    </Link>
  );
}

export function EndpointCompliancePanel({ endpoints }: { endpoints: DashboardJson["endpoints"] }) {
  const groups = [
    {
      key: "compliant",
      label: "Compliant",
      href: "/context/endpoints?compliance=compliant",
      tone: "ok",
      hint: "Registered with an MDM that reports them compliant",
    },
    {
      key: "nonCompliant",
      label: "Non-compliant",
      href: "/context/endpoints?compliance=noncompliant",
      tone: "danger",
      hint: "Registered, but their MDM reports them non-compliant",
    },
    {
      key: "notRegistered",
      label: "Not registered",
      href: "/context/endpoints?registered=no",
      tone: "warn",
      hint: "No MDM knows them: they are sent to enrolment",
    },
    {
      key: "unknown",
      label: "Unknown / unreachable",
      href: "/context/endpoints?compliance=unknown",
      tone: "neutral",
      hint: "No MDM answer yet, or only “unreachable” answers",
    },
  ] as const;
  return (
    <Panel
      title="Endpoints by compliance"
      actions={
        <Link className="text-[12px] text-accent hover:underline" href="/context/endpoints" data-testid="endpoints-total">
          All {endpoints.total.toLocaleString()} endpoints
        </Link>
      }
    >
      {endpoints.total > 0 && (
        <div className="mb-3 flex h-2 overflow-hidden rounded bg-sunken" aria-hidden>
          {groups.map((group) => (
            <div
              key={group.key}
              className={cn(
                group.tone === "ok"
                  ? "bg-ok"
                  : group.tone === "danger"
                    ? "bg-danger"
                    : group.tone === "warn"
                      ? "bg-warn"
                      : "bg-border",
              )}
              style={{ width: `${(endpoints[group.key] / endpoints.total) * 100}%` }}
            />
          ))}
        </div>
      )}
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {groups.map((group) => (
          <Tile
            key={group.key}
            href={group.href}
            label={group.label}
            value={endpoints[group.key]}
            tone={group.tone}
            testId={`endpoints-${group.key}`}
            hint={group.hint}
          />
        ))}
      </div>
      {endpoints.total === 0 && (
        <p className="mt-2 text-muted">Endpoints appear once a network device sends RADIUS requests for them.</p>
      )}
    </Panel>
  );
}

export function CoaOutcomesPanel({ coa, window, label }: { coa: DashboardJson["coa"]; window: DashboardWindow; label: string }) {
  const tones = { ack: "ok", nak: "danger", timeout: "warn", error: "danger" } as const;
  const hints = {
    ack: "The network device accepted the CoA",
    nak: "The network device refused it (see the Error-Cause)",
    timeout: "No answer after every retransmission",
    error: "Not sent (for example: the session's network device is no longer configured)",
  } as const;
  return (
    <Panel
      title={`CoA outcomes · ${label.toLowerCase()}`}
      actions={
        <Link className="text-[12px] text-accent hover:underline" href={`/operations/coa-log?range=${window}`}>
          CoA Log
        </Link>
      }
    >
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {coaResults.map((result) => (
          <Tile
            key={result}
            href={`/operations/coa-log?result=${result}&range=${window}`}
            label={resultLabels[result]}
            value={coa.results[result]}
            tone={coa.results[result] === 0 ? "neutral" : tones[result]}
            testId={`coa-${result}`}
            hint={hints[result]}
          />
        ))}
      </div>
    </Panel>
  );
}

const answerLabels: Record<string, string> = {
  ok: "answered",
  "not-registered": "answered (not registered)",
  unreachable: "unreachable",
};

export function MdmServersPanel({ servers, now }: { servers: MdmServerHealthJson[]; now: number }) {
  return (
    <Panel
      title="MDM servers"
      actions={
        <Link className="text-[12px] text-accent hover:underline" href={EXTERNAL_MDM}>
          External MDM
        </Link>
      }
    >
      {servers.length === 0 ? (
        <p className="text-muted">
          No MDM server is enabled: every compliance lookup is “unreachable”.{" "}
          <Link className="text-accent underline" href={EXTERNAL_MDM}>
            Add or enable one
          </Link>
          .
        </p>
      ) : (
        <Table label="MDM server health">
          <thead>
            <tr>
              <Th>Server</Th>
              <Th>Health</Th>
              <Th>Last answer</Th>
              <Th>Last test</Th>
              <Th>Polling</Th>
              <Th className="text-right" title="Endpoints whose last answer came from this server">
                Endpoints
              </Th>
            </tr>
          </thead>
          <tbody>
            {servers.map((server) => {
              const health = mdmServerHealth(server);
              return (
                <tr key={server.id} data-testid="mdm-health-row">
                  <Td>
                    <Link className="text-accent hover:underline" href={`${EXTERNAL_MDM}/${server.id}`}>
                      {server.name}
                    </Link>
                    <div className="font-mono text-[11px] text-muted">
                      {server.host}:{server.port}
                    </div>
                  </Td>
                  <Td title={health.detail}>
                    <Badge tone={health.tone}>{health.label}</Badge>
                  </Td>
                  <Td className="whitespace-nowrap">
                    {server.lastAnswerAt ? (
                      <span title={new Date(server.lastAnswerAt).toLocaleString()}>
                        {formatRelative(server.lastAnswerAt, now)},{" "}
                        {answerLabels[server.lastAnswerOutcome ?? ""] ?? server.lastAnswerOutcome}
                      </span>
                    ) : (
                      <span className="text-muted">none yet</span>
                    )}
                  </Td>
                  <Td className="whitespace-nowrap" title={server.lastTestMessage ?? undefined}>
                    {server.lastTestAt ? (
                      <>
                        {server.lastTestOutcome === "SUCCESS" ? "passed" : "failed"}, {formatRelative(server.lastTestAt, now)}
                      </>
                    ) : (
                      <span className="text-muted">never</span>
                    )}
                  </Td>
                  <Td className="whitespace-nowrap">
                    {server.pollingIntervalMinutes > 0 ? `every ${server.pollingIntervalMinutes} min` : "off"}
                  </Td>
                  <Td className="text-right tabular-nums">
                    {server.endpoints.toLocaleString()}
                    {server.unreachableEndpoints > 0 && (
                      <div className="text-[11px] text-danger">{server.unreachableEndpoints.toLocaleString()} unreachable</div>
                    )}
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </Panel>
  );
}

export function CertificatesPanel({ certificates, now }: { certificates: DashboardJson["certificates"]; now: number }) {
  return (
    <Panel
      title={`Certificates expiring within ${certificates.withinDays} days`}
      actions={
        <Link className="text-[12px] text-accent hover:underline" href={TRUSTED_CERTIFICATES}>
          Trusted Certificates
        </Link>
      }
    >
      {certificates.items.length === 0 ? (
        <p className="text-muted">No trusted certificate expires within {certificates.withinDays} days.</p>
      ) : (
        <ul className="grid gap-1.5" aria-label="Expiring certificates">
          {certificates.items.map((certificate) => (
            <li
              key={certificate.id}
              className="flex items-start justify-between gap-3 border-b border-border pb-1.5 last:border-0"
            >
              <span className="min-w-0">
                <Link className="text-accent hover:underline" href={`${TRUSTED_CERTIFICATES}/${certificate.id}`}>
                  {certificate.friendlyName}
                </Link>
                <span className="block truncate text-[11px] text-muted" title={certificate.subject}>
                  {certificate.subject}
                  {certificate.trustForMdm ? " · trusted for MDM connections" : ""}
                </span>
              </span>
              <span className="shrink-0 text-right" title={new Date(certificate.notAfter).toLocaleString()}>
                {certificate.isExpired ? (
                  <Badge tone="danger">Expired {formatRelative(certificate.notAfter, now)}</Badge>
                ) : (
                  <Badge tone="warn">Expires {formatRelative(certificate.notAfter, now)}</Badge>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

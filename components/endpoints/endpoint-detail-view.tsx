"use client";
import { useQuery } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import type { CoaLogRow } from "@/lib/queries/coa-events";
import { endpointDetailQuery, type EndpointDetail } from "@/lib/queries/endpoints";
import { networkDeviceListQuery } from "@/lib/queries/network-devices";
import { CoaResultBadge, formatKindShort } from "../coa-log/coa-labels";
import { formatMac, formatMethod, formatMs, formatTime, formatTimeShort } from "../live-logs/format";
import { DecisionBadge } from "../live-logs/live-logs-view";
import { Badge } from "../ui/badge";
import { EmptyState, PageHeader, Panel } from "../ui/panel";
import { Table, Td, Th } from "../ui/table";
import { ReadOnlyNotice, RefreshButton } from "../ui/table-tools";
import { ComplianceBadge, DecisionText, exactTime, formatAgo, mdmOutcomeLabel, RegisteredBadge } from "./endpoint-badges";
import { EndpointActions } from "./endpoint-actions";
import { MdmAttributesTable } from "./mdm-attributes-table";

/** Context Visibility › Endpoints › one endpoint: identity, its MDM's last answer, sessions, authentications, CoAs. */
export function EndpointDetailView({ mac, canAct, canWipe }: { mac: string; canAct: boolean; canWipe: boolean }) {
  const detail = useQuery(endpointDetailQuery(mac));
  const devices = useQuery(networkDeviceListQuery());
  const nadName = new Map((devices.data ?? []).map((device) => [device.address, device.name]));
  const data = detail.data;
  const activeSession = data?.sessions.find((session) => session.isActive);
  const attributes = data?.endpoint.mdmAttributes ?? null;
  const model = attributes ? [attributes.Manufacturer, attributes.Model, attributes.OsVersion].filter(Boolean).join(" · ") : "";

  return (
    <>
      <Link href="/context/endpoints" className="mb-2 inline-flex items-center gap-1 text-accent hover:underline">
        <ArrowLeft size={13} aria-hidden /> Endpoints
      </Link>
      <PageHeader
        title={`Endpoint ${formatMac(mac)}`}
        description={model || undefined}
        actions={<RefreshButton onClick={() => void detail.refetch()} />}
      />
      {detail.isPending && <p className="text-muted">Loading the endpoint…</p>}
      {detail.error && (
        <EmptyState title="This endpoint cannot be shown">
          {detail.error.message}.{" "}
          <Link className="text-accent underline" href={`/operations/live-logs?mac=${mac}`}>
            Look for its authentications in Live Logs
          </Link>
          .
        </EmptyState>
      )}
      {data && (
        <div className="grid gap-4">
          {canAct ? (
            <EndpointActions
              mac={mac}
              hasActiveSession={Boolean(activeSession)}
              mdmServerName={data.endpoint.mdmServerName}
              hasMdmServer={data.endpoint.mdmServerId !== null}
              canWipe={canWipe}
            />
          ) : (
            <ReadOnlyNotice>
              Your role (Read Only) can view endpoints; refreshing from the MDM, sending a CoA and MDM actions are refused.
            </ReadOnlyNotice>
          )}
          <Identity
            data={data}
            sessionIp={activeSession?.framedIp ?? null}
            sessionNad={activeSession?.nadAddress}
            nadName={nadName}
          />
          <Panel title="MDM attributes (last answer)">
            {attributes && Object.keys(attributes).length > 0 ? (
              <MdmAttributesTable attributes={attributes} />
            ) : (
              <p className="text-muted">
                No MDM answer is stored for this endpoint
                {data.endpoint.lastMdmOutcome === "unreachable" ? " (its MDM server could not be reached)" : ""}.
              </p>
            )}
          </Panel>
          <Sessions data={data} mac={mac} nadName={nadName} />
          <Authentications data={data} mac={mac} nadName={nadName} />
          <CoaHistory events={data.coaEvents} hasMore={data.hasMoreCoaEvents} mac={mac} />
        </div>
      )}
    </>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted">{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Identity({
  data,
  sessionIp,
  sessionNad,
  nadName,
}: {
  data: EndpointDetail;
  sessionIp: string | null;
  sessionNad: string | undefined;
  nadName: Map<string, string>;
}) {
  const endpoint = data.endpoint;
  const reason = typeof endpoint.mdmAttributes?.MDMFailureReason === "string" ? endpoint.mdmAttributes.MDMFailureReason : null;
  return (
    <Panel title="Identity and state">
      <dl
        className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1.5 md:grid-cols-[max-content_1fr_max-content_1fr]"
        aria-label="Endpoint identity"
      >
        <Item label="MAC address">
          <span className="font-mono">{formatMac(endpoint.mac)}</span>
        </Item>
        <Item label="Certificate GUID">
          <span className="font-mono break-all">{endpoint.guid ?? "—"}</span>
        </Item>
        <Item label="MDM server">{endpoint.mdmServerName ?? "none has answered"}</Item>
        <Item label="Last MDM query">
          <span title={exactTime(endpoint.lastMdmQueryAt)}>{formatAgo(endpoint.lastMdmQueryAt)}</span>
          <span className={endpoint.lastMdmOutcome === "unreachable" ? "text-warn" : "text-muted"}>
            {" "}
            · {mdmOutcomeLabel(endpoint.lastMdmOutcome)}
          </span>
        </Item>
        <Item label="Registered">
          <span data-testid="endpoint-registered">
            <RegisteredBadge registered={endpoint.registered} />
          </span>
        </Item>
        <Item label="Compliance">
          <span data-testid="endpoint-compliance">
            <ComplianceBadge compliant={endpoint.compliant} reason={reason} />
          </span>
          {reason && endpoint.compliant === false && <span className="ml-2 text-muted">{reason}</span>}
        </Item>
        <Item label="Active session">
          {sessionNad ? (
            <span>
              Yes, on {nadName.get(sessionNad) ?? sessionNad}
              {sessionIp && <span className="font-mono text-[12px] text-muted"> · {sessionIp}</span>}
            </span>
          ) : (
            <span className="text-muted">No</span>
          )}
        </Item>
        <Item label="Last decision">
          <DecisionText decision={endpoint.lastDecision} />
        </Item>
        <Item label="Last seen">
          <span title={exactTime(endpoint.lastSeenAt)}>
            {endpoint.lastSeenAt ? formatAgo(endpoint.lastSeenAt) : "never in RADIUS"}
          </span>
        </Item>
        <Item label="First seen">
          <span title={exactTime(endpoint.createdAt)}>{formatAgo(endpoint.createdAt)}</span>
        </Item>
      </dl>
    </Panel>
  );
}

function PanelLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="text-[12px] font-normal text-accent hover:underline">
      {children}
    </Link>
  );
}

function Sessions({ data, mac, nadName }: { data: EndpointDetail; mac: string; nadName: Map<string, string> }) {
  return (
    <Panel
      title="Sessions"
      actions={<PanelLink href={`/operations/live-sessions?mac=${mac}&status=all`}>All sessions in Live Sessions</PanelLink>}
    >
      {data.sessions.length === 0 ? (
        <p className="text-muted">No RADIUS accounting session has been reported for this endpoint.</p>
      ) : (
        <Table label="Sessions">
          <thead>
            <tr>
              <Th>State</Th>
              <Th>Session ID</Th>
              <Th>Network device</Th>
              <Th>IP address</Th>
              <Th>Port</Th>
              <Th>User name</Th>
              <Th>Started</Th>
              <Th>Last update</Th>
              <Th>Ended</Th>
            </tr>
          </thead>
          <tbody>
            {data.sessions.map((session) => (
              <tr key={session.id}>
                <Td>{session.isActive ? <Badge tone="ok">Active</Badge> : <Badge>Ended</Badge>}</Td>
                <Td className="font-mono text-[12px]">{session.acctSessionId}</Td>
                <Td className="whitespace-nowrap" title={session.nadAddress}>
                  {nadName.get(session.nadAddress) ?? session.nadAddress}
                </Td>
                <Td className="font-mono text-[12px]">{session.framedIp ?? "—"}</Td>
                <Td className="max-w-40 truncate">{session.nasPort ?? "—"}</Td>
                <Td className="max-w-40 truncate">{session.userName ?? "—"}</Td>
                <Td className="whitespace-nowrap">{formatTime(session.startedAt)}</Td>
                <Td className="whitespace-nowrap">{formatTime(session.lastUpdateAt)}</Td>
                <Td className="whitespace-nowrap">
                  {session.stoppedAt
                    ? `${formatTime(session.stoppedAt)}${session.terminateCause ? ` · ${session.terminateCause}` : ""}`
                    : "—"}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {data.hasMoreSessions && <p className="mt-1.5 text-[12px] text-muted">The 10 most recent sessions are shown.</p>}
    </Panel>
  );
}

function Authentications({ data, mac, nadName }: { data: EndpointDetail; mac: string; nadName: Map<string, string> }) {
  return (
    <Panel
      title="Recent authentications"
      actions={<PanelLink href={`/operations/live-logs?mac=${mac}`}>All authentications of this endpoint in Live Logs</PanelLink>}
    >
      {data.authentications.length === 0 ? (
        <p className="text-muted">No authentication of this endpoint is in the live log.</p>
      ) : (
        <Table label="Recent authentications">
          <thead>
            <tr>
              <Th>Time</Th>
              <Th>Status</Th>
              <Th>Network device</Th>
              <Th>Method</Th>
              <Th>Authorization rule</Th>
              <Th>Authorization profiles</Th>
              <Th>Reason</Th>
              <Th className="text-right">Repeats</Th>
            </tr>
          </thead>
          <tbody>
            {data.authentications.map((event) => (
              <tr key={event.id}>
                <Td className="whitespace-nowrap">
                  <Link
                    href={`/operations/live-logs?mac=${mac}&event=${encodeURIComponent(event.id)}`}
                    className="text-accent hover:underline"
                    title={`${formatTime(event.at)}: open in Live Logs`}
                  >
                    {formatTimeShort(event.at)}
                  </Link>
                </Td>
                <Td>
                  <DecisionBadge decision={event.decision} />
                </Td>
                <Td className="whitespace-nowrap" title={event.nadAddress}>
                  {event.nadName ?? nadName.get(event.nadAddress) ?? event.nadAddress}
                </Td>
                <Td>{formatMethod(event.method)}</Td>
                <Td className="whitespace-nowrap">
                  {event.ruleName ? (
                    <>
                      <span className="text-muted">{event.policySet} › </span>
                      {event.ruleName}
                    </>
                  ) : (
                    <span className="text-muted">none matched</span>
                  )}
                </Td>
                <Td>{event.profiles.join(", ") || "—"}</Td>
                <Td className="max-w-64 truncate text-muted" title={event.failureReason ?? undefined}>
                  {event.failureReason ?? ""}
                </Td>
                <Td className="text-right tabular-nums">{event.repeatCount > 0 ? event.repeatCount : ""}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {data.hasMoreAuthentications && (
        <p className="mt-1.5 text-[12px] text-muted">The 20 most recent are shown; Live Logs has them all.</p>
      )}
    </Panel>
  );
}

function CoaHistory({ events, hasMore, mac }: { events: CoaLogRow[]; hasMore: boolean; mac: string }) {
  return (
    <Panel
      title="CoA history"
      actions={<PanelLink href={`/operations/coa-log?mac=${mac}`}>This endpoint in the CoA log</PanelLink>}
    >
      {events.length === 0 ? (
        <p className="text-muted">No Change of Authorization has been sent for this endpoint.</p>
      ) : (
        <Table label="CoA history">
          <thead>
            <tr>
              <Th>Time</Th>
              <Th>Trigger</Th>
              <Th>Request</Th>
              <Th>Reason</Th>
              <Th>Network device</Th>
              <Th>Session ID</Th>
              <Th>Result</Th>
              <Th className="text-right">Tries</Th>
              <Th className="text-right">Latency</Th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <Td className="whitespace-nowrap" title={formatTime(event.at)}>
                  {formatTimeShort(event.at)}
                </Td>
                <Td>{event.trigger === "poll" ? "Compliance poll" : "Manual"}</Td>
                <Td className="whitespace-nowrap">{formatKindShort(event.kind)}</Td>
                <Td className="max-w-72 truncate" title={event.reason}>
                  {event.reason}
                </Td>
                <Td className="whitespace-nowrap" title={`${event.nadAddress}:${event.coaPort}`}>
                  {event.nadName ?? event.nadAddress}
                </Td>
                <Td className="font-mono text-[12px]">{event.acctSessionId ?? "—"}</Td>
                <Td className="whitespace-nowrap">
                  <CoaResultBadge result={event.result} />
                  {event.errorCause && <span className="ml-1 text-muted">{event.errorCause}</span>}
                </Td>
                <Td className="text-right tabular-nums">{event.attempts}</Td>
                <Td className="text-right tabular-nums whitespace-nowrap">{formatMs(event.latencyMs)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {hasMore && <p className="mt-1.5 text-[12px] text-muted">The 20 most recent are shown; the CoA log has them all.</p>}
    </Panel>
  );
}

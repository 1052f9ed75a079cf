"use client";
import { useQuery } from "@tanstack/react-query";
import { Check, Minus } from "lucide-react";
import { liveLogDetailQuery, type LiveLogEvent } from "@/lib/queries/live-logs";
import { Badge } from "../ui/badge";
import { cn } from "../ui/cn";
import { Table, Td, Th } from "../ui/table";
import { formatMac, formatMethod, formatMs, formatTime } from "./format";
import { DrawerItem, DrawerSection, EntryDrawer } from "./side-drawer";

/** The detail drawer of one decision: overview, request and reply attributes, policy trace, MDM values. */
export function LiveLogDetail({ eventId, onClose }: { eventId: string | null; onClose: () => void }) {
  const detail = useQuery({ ...liveLogDetailQuery(eventId ?? ""), enabled: eventId !== null });
  const event = detail.data;
  return (
    <EntryDrawer
      entryId={eventId}
      onClose={onClose}
      title={event ? `Authentication of ${formatMac(event.mac)}` : "Authentication details"}
      description={event ? formatTime(event.at) : undefined}
      query={detail}
      loading="Loading the event…"
    >
      {event && <EventDetail event={event} />}
    </EntryDrawer>
  );
}

function EventDetail({ event }: { event: LiveLogEvent }) {
  const request = Object.entries(event.request ?? {});
  const reply = event.reply;
  const trace = event.trace;
  const mdm = Object.entries(event.mdmAttributes ?? {});
  return (
    <div className="grid gap-4">
      <DrawerSection title="Overview">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
          <DrawerItem label="Decision">
            {event.decision === "accept" ? <Badge tone="ok">Accept</Badge> : <Badge tone="danger">Reject</Badge>}
            {reply && <span className="ml-2 text-muted">{reply.code}</span>}
          </DrawerItem>
          <DrawerItem label="Time">{formatTime(event.at)}</DrawerItem>
          <DrawerItem label="Endpoint">
            <span className="font-mono">{formatMac(event.mac)}</span>
          </DrawerItem>
          <DrawerItem label="User name">{event.userName ?? "—"}</DrawerItem>
          <DrawerItem label="Network device">
            {event.nadName ?? "—"} <span className="font-mono text-muted">({event.nadAddress})</span>
          </DrawerItem>
          <DrawerItem label="Method">{formatMethod(event.method)}</DrawerItem>
          <DrawerItem label="Policy set">{event.policySet ?? "—"}</DrawerItem>
          <DrawerItem label="Authorization rule">{event.ruleName ?? "none matched"}</DrawerItem>
          <DrawerItem label="Authorization profiles">{event.profiles.join(", ") || "—"}</DrawerItem>
          {event.failureReason && <DrawerItem label="Reason">{event.failureReason}</DrawerItem>}
          <DrawerItem label="MDM server">{event.mdmServerName ?? "—"}</DrawerItem>
          <DrawerItem label="MDM lookup">
            {trace?.mdmSource === "live"
              ? event.mdmLatencyMs !== null
                ? `live query, ${formatMs(event.mdmLatencyMs)}`
                : "live query, no MDM server answered"
              : trace?.mdmSource === "cache"
                ? "from the compliance cache"
                : "not needed / none"}
          </DrawerItem>
          <DrawerItem label="Total latency">{formatMs(event.totalLatencyMs)}</DrawerItem>
          <DrawerItem label="Repeats">
            {event.repeatCount > 0
              ? `${event.repeatCount} identical successful authentication${event.repeatCount === 1 ? "" : "s"} since, the last at ${formatTime(event.lastRepeatAt)}`
              : "none"}
          </DrawerItem>
          <DrawerItem label="Engine node">{event.engineNode ?? "—"}</DrawerItem>
          <DrawerItem label="Event ID">
            <span className="font-mono text-[12px]">{event.id}</span>
          </DrawerItem>
        </dl>
      </DrawerSection>

      <DrawerSection title="Request attributes">
        {request.length === 0 ? (
          <p className="text-muted">No request attributes were recorded.</p>
        ) : (
          <AttributeTable label="Request attributes" rows={request.map(([name, value]) => ({ name, value: String(value) }))} />
        )}
      </DrawerSection>

      <DrawerSection title={`Reply attributes${reply ? ` (${reply.code})` : ""}`}>
        {!reply || reply.attributes.length === 0 ? (
          <p className="text-muted">
            {event.decision === "reject" ? "An Access-Reject carries no authorization attributes." : "No reply attributes."} Every
            reply also carries a Message-Authenticator.
          </p>
        ) : (
          <AttributeTable
            label="Reply attributes"
            rows={reply.attributes.map((attribute) => ({
              name: attribute.tag ? `${attribute.name} (tag ${attribute.tag})` : attribute.name,
              value: attribute.value,
            }))}
          />
        )}
      </DrawerSection>

      <DrawerSection title="Policy trace">
        <p className="mb-2 text-muted">
          Rules evaluated in order{trace?.policyVersion !== undefined ? ` (policy version ${trace.policyVersion})` : ""}; the
          first matching enabled rule decides.
        </p>
        {!trace?.rules?.length ? (
          <p className="text-muted">No rule was evaluated (no policy set matched, or the request ended before policy).</p>
        ) : (
          <Table label="Policy trace">
            <thead>
              <tr>
                <Th>#</Th>
                <Th>Policy set</Th>
                <Th>Rule</Th>
                <Th>State</Th>
                <Th>Result</Th>
              </tr>
            </thead>
            <tbody>
              {trace.rules.map((rule, index) => {
                const decided = rule.matched && rule.rule === event.ruleName && rule.policySet === event.policySet;
                return (
                  <tr key={`${rule.policySet}-${rule.rule}-${index}`} className={cn(decided && "bg-accent/10 font-semibold")}>
                    <Td className="text-muted">{index + 1}</Td>
                    <Td>{rule.policySet}</Td>
                    <Td>{rule.rule}</Td>
                    <Td>{rule.state}</Td>
                    <Td>
                      {rule.matched ? (
                        <span className="inline-flex items-center gap-1 text-ok">
                          <Check size={13} aria-hidden /> {decided ? "Matched — decided" : "Matched"}
                        </span>
                      ) : (
                        <span className="inline-flex items-center gap-1 text-muted">
                          <Minus size={13} aria-hidden /> Not matched
                        </span>
                      )}
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        )}
        {trace?.monitored && trace.monitored.length > 0 && (
          <p className="mt-2 text-muted">Monitor-mode rules that matched (they never decide): {trace.monitored.join(", ")}</p>
        )}
      </DrawerSection>

      <DrawerSection title="MDM attributes">
        {mdm.length === 0 ? (
          <p className="text-muted">No MDM lookup was made for this request.</p>
        ) : (
          <AttributeTable
            label="MDM attributes"
            rows={mdm.map(([name, value]) => ({ name, value: typeof value === "string" ? value : JSON.stringify(value) }))}
          />
        )}
      </DrawerSection>
    </div>
  );
}

function AttributeTable({ label, rows }: { label: string; rows: { name: string; value: string }[] }) {
  return (
    <Table label={label}>
      <thead>
        <tr>
          <Th className="w-1/3">Attribute</Th>
          <Th>Value</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={`${row.name}-${index}`}>
            <Td className="font-semibold">{row.name}</Td>
            <Td className="font-mono text-[12px] break-all">{row.value}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { coaEventDetailQuery, type CoaLogRow } from "@/lib/queries/coa-events";
import { formatMac, formatMs, formatTime } from "../live-logs/format";
import { DrawerItem, DrawerSection, EntryDrawer } from "../live-logs/side-drawer";
import { CoaResultBadge, formatKind, resultExplanation, triggerLabels } from "./coa-labels";

/**
 * The detail drawer of one CoA: what was sent to which device for which session, the answer and what it
 * means. Opened from a row it shows that row at once; opened from a link it loads the entry.
 */
export function CoaLogDetail({ eventId, row, onClose }: { eventId: string | null; row?: CoaLogRow; onClose: () => void }) {
  const detail = useQuery({ ...coaEventDetailQuery(eventId ?? ""), enabled: eventId !== null, initialData: row });
  const event = detail.data;
  return (
    <EntryDrawer
      entryId={eventId}
      onClose={onClose}
      title={event ? `CoA to ${formatMac(event.mac)}` : "CoA details"}
      description={event ? formatTime(event.at) : undefined}
      query={detail}
      loading="Loading the CoA…"
    >
      {event && <EventDetail event={event} />}
    </EntryDrawer>
  );
}

function EventDetail({ event }: { event: CoaLogRow }) {
  return (
    <div className="grid gap-4">
      <DrawerSection label="Answer">
        <p className="flex items-start gap-2">
          <CoaResultBadge result={event.result} />
          <span>{resultExplanation(event)}</span>
        </p>
      </DrawerSection>
      <DrawerSection title="Request">
        <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-1">
          <DrawerItem label="Sent">{formatTime(event.at)}</DrawerItem>
          <DrawerItem label="Endpoint">
            <Link className="font-mono text-accent hover:underline" href={`/context/endpoints/${event.mac}`}>
              {formatMac(event.mac)}
            </Link>
          </DrawerItem>
          <DrawerItem label="Network device">
            {event.nadName ?? "—"}{" "}
            <span className="font-mono text-muted">
              ({event.nadAddress}
              {event.coaPort ? `, UDP ${event.coaPort}` : ""})
            </span>
          </DrawerItem>
          <DrawerItem label="Kind">{formatKind(event.kind)}</DrawerItem>
          <DrawerItem label="Acct-Session-Id">
            <span className="font-mono text-[12px]">{event.acctSessionId ?? "—"}</span>
          </DrawerItem>
          <DrawerItem label="Reason">{event.reason}</DrawerItem>
          <DrawerItem label="Trigger">{triggerLabels[event.trigger]}</DrawerItem>
          <DrawerItem label="MDM server">{event.mdmServerName ?? "—"}</DrawerItem>
        </dl>
      </DrawerSection>
      <DrawerSection title="Answer" label="Answer details">
        <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-1">
          <DrawerItem label="Result">
            <CoaResultBadge result={event.result} />
          </DrawerItem>
          <DrawerItem label={event.result === "error" ? "Error" : "Error-Cause"}>{event.errorCause ?? "—"}</DrawerItem>
          <DrawerItem label="Attempts">
            {event.attempts} {event.attempts > 1 ? "(retransmitted: 2 s, then doubling)" : ""}
          </DrawerItem>
          <DrawerItem label="Latency">{event.result === "error" ? "—" : formatMs(event.latencyMs)}</DrawerItem>
          <DrawerItem label="Log entry ID">
            <span className="font-mono text-[12px]">{event.id}</span>
          </DrawerItem>
        </dl>
      </DrawerSection>
      <DrawerSection title="Related">
        <ul className="grid gap-1">
          <li>
            <Link className="text-accent hover:underline" href={`/operations/live-logs?mac=${event.mac}`}>
              Authentications of this endpoint
            </Link>{" "}
            <span className="text-muted">(after an ACK, the re-authentication appears there)</span>
          </li>
          <li>
            <Link className="text-accent hover:underline" href={`/operations/live-sessions?mac=${event.mac}&status=all`}>
              Sessions of this endpoint
            </Link>
          </li>
          <li>
            <Link className="text-accent hover:underline" href={`/operations/coa-log?mac=${event.mac}`}>
              Every CoA to this endpoint
            </Link>
          </li>
        </ul>
      </DrawerSection>
    </div>
  );
}

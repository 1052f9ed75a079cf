"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { coaEventDetailQuery, type CoaLogRow } from "@/lib/queries/coa-events";
import { formatMac, formatMs, formatTime } from "../live-logs/format";
import { SideDrawer } from "../live-logs/side-drawer";
import { CoaResultBadge, formatKind, resultExplanation, triggerLabels } from "./coa-labels";

/**
 * The detail drawer of one CoA: what was sent to which device for which session, the answer and what it
 * means. Opened from a row it shows that row at once; opened from a link it loads the entry.
 */
export function CoaLogDetail({ eventId, row, onClose }: { eventId: string | null; row?: CoaLogRow; onClose: () => void }) {
  const detail = useQuery({ ...coaEventDetailQuery(eventId ?? ""), enabled: eventId !== null, initialData: row });
  const event = detail.data;
  return (
    <SideDrawer
      open={eventId !== null}
      onOpenChange={(open) => !open && onClose()}
      title={event ? `CoA to ${formatMac(event.mac)}` : "CoA details"}
      description={event ? formatTime(event.at) : undefined}
    >
      {detail.isPending && <p className="text-muted">Loading the CoA…</p>}
      {detail.error && (
        <p role="alert" className="text-danger">
          {detail.error.message}
        </p>
      )}
      {event && <EventDetail event={event} />}
    </SideDrawer>
  );
}

function EventDetail({ event }: { event: CoaLogRow }) {
  return (
    <div className="grid gap-4">
      <section aria-label="Answer">
        <p className="flex items-start gap-2">
          <CoaResultBadge result={event.result} />
          <span>{resultExplanation(event)}</span>
        </p>
      </section>
      <section aria-label="Request">
        <h3 className="mb-1.5 text-[13px] font-semibold">Request</h3>
        <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-1">
          <Item label="Sent">{formatTime(event.at)}</Item>
          <Item label="Endpoint">
            <Link className="font-mono text-accent hover:underline" href={`/context/endpoints/${event.mac}`}>
              {formatMac(event.mac)}
            </Link>
          </Item>
          <Item label="Network device">
            {event.nadName ?? "—"}{" "}
            <span className="font-mono text-muted">
              ({event.nadAddress}
              {event.coaPort ? `, UDP ${event.coaPort}` : ""})
            </span>
          </Item>
          <Item label="Kind">{formatKind(event.kind)}</Item>
          <Item label="Acct-Session-Id">
            <span className="font-mono text-[12px]">{event.acctSessionId ?? "—"}</span>
          </Item>
          <Item label="Reason">{event.reason}</Item>
          <Item label="Trigger">{triggerLabels[event.trigger]}</Item>
          <Item label="MDM server">{event.mdmServerName ?? "—"}</Item>
        </dl>
      </section>
      <section aria-label="Answer details">
        <h3 className="mb-1.5 text-[13px] font-semibold">Answer</h3>
        <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-1">
          <Item label="Result">
            <CoaResultBadge result={event.result} />
          </Item>
          <Item label={event.result === "error" ? "Error" : "Error-Cause"}>{event.errorCause ?? "—"}</Item>
          <Item label="Attempts">
            {event.attempts} {event.attempts > 1 ? "(retransmitted: 2 s, then doubling)" : ""}
          </Item>
          <Item label="Latency">{event.result === "error" ? "—" : formatMs(event.latencyMs)}</Item>
          <Item label="Log entry ID">
            <span className="font-mono text-[12px]">{event.id}</span>
          </Item>
        </dl>
      </section>
      <section aria-label="Related">
        <h3 className="mb-1.5 text-[13px] font-semibold">Related</h3>
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
      </section>
    </div>
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

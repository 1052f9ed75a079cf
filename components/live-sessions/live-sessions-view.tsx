"use client";
import { useQuery } from "@tanstack/react-query";
import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { ApiError } from "@/lib/api/client";
import { networkDeviceListQuery } from "@/lib/queries/network-devices";
import { radiusSessionListQuery, type RadiusSessionRow, type SessionFilter } from "@/lib/queries/radius-sessions";
import { EndpointMacFilter, FilterForm, NetworkDeviceFilter } from "../live-logs/filter-fields";
import { formatDuration, formatMac, formatTime } from "../live-logs/format";
import { LiveActions } from "../live-logs/live-updates";
import { PagedListState, useKeysetCursors, useTextFilter } from "../live-logs/paged-list";
import { useUrlState } from "../live-logs/url-state";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Field, Select } from "../ui/field";
import { EmptyState, PageHeader } from "../ui/panel";
import { Table, Td, Th } from "../ui/table";

const LIVE_INTERVAL_MS = 3000;
const PAGE_SIZE = 50;

export function LiveSessionsView() {
  const url = useUrlState();
  const filter: SessionFilter = { status: url.get("status") || "active", mac: url.get("mac"), nad: url.get("nad") };
  const isLive = url.get("live") !== "off";
  const filterKey = JSON.stringify(filter);
  const pages = useKeysetCursors(filterKey);
  const cursor = pages.cursor;
  const devices = useQuery(networkDeviceListQuery());
  const list = useQuery(
    radiusSessionListQuery({
      filter,
      cursor,
      take: PAGE_SIZE,
      refetchInterval: isLive && cursor === null ? LIVE_INTERVAL_MS : false,
    }),
  );
  const fieldErrors = list.error instanceof ApiError ? list.error.fields : {};
  const nadName = new Map((devices.data ?? []).map((device) => [device.address, device.name]));
  const hasFilter = Boolean(filter.mac || filter.nad || filter.status !== "active");
  const now = list.dataUpdatedAt || Date.now();

  const [mac, setMac] = useTextFilter(filter.mac);
  const apply = (changes: Record<string, string | null>) => url.set(changes, { push: true });

  return (
    <>
      <PageHeader
        title="Live Sessions"
        description="Sessions network devices report through RADIUS accounting: active from Accounting Start until Stop."
        actions={
          <LiveActions
            isLive={isLive}
            onToggle={() => url.set({ live: isLive ? "off" : null })}
            onRefresh={() => void list.refetch()}
          />
        }
      />
      <FilterForm
        label="Session filters"
        onSubmit={() => apply({ mac: mac.trim() || null })}
        canClear={hasFilter}
        onClear={() => apply({ status: null, mac: null, nad: null })}
      >
        <div className="w-36">
          <Field label="State" error={fieldErrors.status}>
            {(props) => (
              <Select
                {...props}
                value={filter.status}
                onChange={(event) => apply({ status: event.target.value === "active" ? null : event.target.value })}
              >
                <option value="active">Active</option>
                <option value="ended">Ended</option>
                <option value="all">All</option>
              </Select>
            )}
          </Field>
        </div>
        <EndpointMacFilter
          value={mac}
          onChange={setMac}
          applied={filter.mac}
          onClear={() => apply({ mac: null })}
          error={fieldErrors.mac}
        />
        <NetworkDeviceFilter
          value={filter.nad}
          devices={devices.data ?? []}
          onSelect={(nad) => apply({ nad })}
          error={fieldErrors.nad}
        />
      </FilterForm>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-muted">
        <p aria-live="polite">
          {list.data ? (
            <>
              <span className="font-semibold text-fg">{list.data.activeCount}</span> active session
              {list.data.activeCount === 1 ? "" : "s"}
              {isLive && cursor === null ? " · live" : ""}
            </>
          ) : (
            " "
          )}
        </p>
        <nav aria-label="Pages" className="flex items-center gap-1">
          <Button variant="ghost" disabled={cursor === null} onClick={pages.previous}>
            <ChevronLeft size={14} aria-hidden /> Newer
          </Button>
          <Button variant="ghost" disabled={!list.data?.nextCursor} onClick={() => pages.next(list.data?.nextCursor)}>
            Older <ChevronRight size={14} aria-hidden />
          </Button>
        </nav>
      </div>
      <PagedListState query={list} fieldErrors={fieldErrors} loading="Loading sessions…" failed="Could not load sessions" />
      {list.data && list.data.sessions.length === 0 && (
        <EmptyState title={hasFilter ? "No sessions match these filters" : "No active sessions"}>
          {hasFilter
            ? "Remove a filter or show all sessions."
            : "A session appears here when a network device sends RADIUS Accounting Start for it (port 1813 by default), and ends with Accounting Stop. Enable RADIUS accounting towards Gatehouse on your switches and controllers."}
        </EmptyState>
      )}
      {list.data && list.data.sessions.length > 0 && (
        <Table label="Sessions">
          <thead>
            <tr>
              <Th>Status</Th>
              <Th>Endpoint</Th>
              <Th>User name</Th>
              <Th>IP address</Th>
              <Th>Network device</Th>
              <Th>Port</Th>
              <Th>Session ID</Th>
              <Th>Started</Th>
              <Th>Last update</Th>
              <Th>Duration</Th>
              <Th>Ended</Th>
            </tr>
          </thead>
          <tbody>
            {list.data.sessions.map((row) => (
              <SessionRow key={row.id} row={row} nadLabel={nadName.get(row.nadAddress) ?? row.nadAddress} now={now} />
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

function SessionRow({ row, nadLabel, now }: { row: RadiusSessionRow; nadLabel: string; now: number }) {
  return (
    <tr>
      <Td>{row.isActive ? <Badge tone="ok">Active</Badge> : <Badge>Ended</Badge>}</Td>
      <Td className="font-mono text-[12px] whitespace-nowrap">
        {row.mac ? (
          <Link
            className="text-accent hover:underline"
            href={`/operations/live-logs?mac=${row.mac}`}
            title="Authentications of this endpoint in Live Logs"
          >
            {formatMac(row.mac)}
          </Link>
        ) : (
          (row.callingStationId ?? "—")
        )}
      </Td>
      <Td>{row.userName ?? "—"}</Td>
      <Td className="font-mono text-[12px]">{row.framedIp ?? "—"}</Td>
      <Td className="whitespace-nowrap" title={row.nadAddress}>
        {nadLabel}
      </Td>
      <Td>{row.nasPort ?? "—"}</Td>
      <Td className="max-w-48 truncate font-mono text-[12px]" title={row.acctSessionId}>
        {row.acctSessionId}
      </Td>
      <Td className="whitespace-nowrap">{formatTime(row.startedAt)}</Td>
      <Td className="whitespace-nowrap">{formatTime(row.lastUpdateAt)}</Td>
      <Td className="whitespace-nowrap tabular-nums">{formatDuration(row.startedAt, row.stoppedAt, now)}</Td>
      <Td className="whitespace-nowrap">
        {row.stoppedAt ? (
          <>
            {formatTime(row.stoppedAt)}
            {row.terminateCause && <span className="text-muted"> · {row.terminateCause}</span>}
          </>
        ) : (
          "—"
        )}
      </Td>
    </tr>
  );
}

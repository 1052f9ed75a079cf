"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ApiError } from "@/lib/api/client";
import { liveLogListQuery, type LiveLogFilter, type LiveLogRow, type TimeRange } from "@/lib/queries/live-logs";
import { networkDeviceListQuery } from "@/lib/queries/network-devices";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Field, Select } from "../ui/field";
import { EmptyState, PageHeader } from "../ui/panel";
import { pageSizeOf, RowsField } from "../ui/pager";
import { Table, Td, Th } from "../ui/table";
import { EndpointMacFilter, FilterForm, NetworkDeviceFilter, TimeRangeFields } from "./filter-fields";
import { LiveLogDetail } from "./live-log-detail";
import { LiveActions, LiveListBar } from "./live-updates";
import { PagedListState, useKeysetCursors, useTextFilter } from "./paged-list";
import { formatMac, formatMethod, formatMs, formatTime, formatTimeShort } from "./format";
import { useUrlState } from "./url-state";

/** Polling period while "Live" is on (the engine writes events in batches about every second). */
const LIVE_INTERVAL_MS = 2500;
const noFilters = { mac: null, nad: null, decision: null, range: null, from: null, to: null };
/** A custom time range is set through `range`, so `from` and `to` alone do not count. */
const hasLiveLogFilter = (filter: LiveLogFilter) => Boolean(filter.mac || filter.nad || filter.decision || filter.range);

export function DecisionBadge({ decision }: { decision: string }) {
  return decision === "accept" ? <Badge tone="ok">Accept</Badge> : <Badge tone="danger">Reject</Badge>;
}

export function LiveLogsView() {
  const url = useUrlState();
  const filter: LiveLogFilter = {
    mac: url.get("mac"),
    nad: url.get("nad"),
    decision: url.get("decision"),
    range: url.get("range") as TimeRange,
    from: url.get("from"),
    to: url.get("to"),
  };
  const take = pageSizeOf(url.get("take"));
  const isLive = url.get("live") !== "off";
  const selectedId = url.get("event") || null;
  const filterKey = JSON.stringify(filter) + take;

  const pages = useKeysetCursors(filterKey);
  const onFirstPage = pages.cursor === null;

  const devices = useQuery(networkDeviceListQuery());
  const list = useQuery(
    liveLogListQuery({ filter, cursor: pages.cursor, take, refetchInterval: isLive && onFirstPage ? LIVE_INTERVAL_MS : false }),
  );
  const fieldErrors = list.error instanceof ApiError ? list.error.fields : {};
  const hasFilter = hasLiveLogFilter(filter);
  const nadName = new Map((devices.data ?? []).map((device) => [device.address, device.name]));

  return (
    <>
      <PageHeader
        title="Live Logs"
        description="Every RADIUS authentication decision, newest first: endpoint, network device, rule matched and the reply sent."
        actions={
          <LiveActions
            isLive={isLive}
            onToggle={() => url.set({ live: isLive ? "off" : null })}
            onRefresh={() => void list.refetch()}
          />
        }
      />
      <FilterBar url={url} filter={filter} take={take} fieldErrors={fieldErrors} devices={devices.data ?? []} />
      <LiveListBar
        isLive={isLive}
        pages={pages}
        nextCursor={list.data?.nextCursor}
        rows={list.data?.events.length ?? 0}
        take={take}
        updatedAt={list.dataUpdatedAt}
        noun="events"
      />
      <PagedListState query={list} fieldErrors={fieldErrors} loading="Loading live logs…" failed="Could not load the live log" />
      {list.data && list.data.events.length === 0 && !hasFilter && onFirstPage && (
        <EmptyState title="No authentication events yet">
          Each Access-Request a network device sends appears here within a couple of seconds: endpoint MAC, network device, the
          authorization rule that matched and the profiles sent back. Requests from addresses that are not a{" "}
          <Link className="text-accent underline" href="/administration/network-resources/network-devices">
            network device
          </Link>{" "}
          are dropped and not logged.
        </EmptyState>
      )}
      {list.data && list.data.events.length === 0 && (hasFilter || !onFirstPage) && (
        <EmptyState
          title="No events match these filters"
          action={hasFilter ? <Button onClick={() => url.set(noFilters, { push: true })}>Clear filters</Button> : undefined}
        >
          Widen the time range or remove a filter. With live updates on, new matching events appear as they happen.
        </EmptyState>
      )}
      {list.data && list.data.events.length > 0 && (
        <Table label="Live log">
          <thead>
            <tr>
              <Th>Time</Th>
              <Th>Status</Th>
              <Th>Endpoint</Th>
              <Th>User name</Th>
              <Th>Network device</Th>
              <Th>Method</Th>
              <Th>Authorization rule</Th>
              <Th>Authorization profiles</Th>
              <Th>MDM server</Th>
              <Th>Reason</Th>
              <Th className="text-right">Latency</Th>
              <Th className="text-right" title="Identical successful authentications counted since, not logged again">
                Repeats
              </Th>
            </tr>
          </thead>
          <tbody>
            {list.data.events.map((row) => (
              <LiveLogTableRow
                key={row.id}
                row={row}
                isSelected={row.id === selectedId}
                nadLabel={row.nadName ?? nadName.get(row.nadAddress) ?? row.nadAddress}
                onOpen={() => url.set({ event: row.id })}
              />
            ))}
          </tbody>
        </Table>
      )}
      <LiveLogDetail eventId={selectedId} onClose={() => url.set({ event: null })} />
    </>
  );
}

function LiveLogTableRow({
  row,
  isSelected,
  nadLabel,
  onOpen,
}: {
  row: LiveLogRow;
  isSelected: boolean;
  nadLabel: string;
  onOpen: () => void;
}) {
  return (
    <tr className={cn("cursor-pointer hover:bg-sunken", isSelected && "bg-accent/5")} onClick={onOpen} data-testid="live-log-row">
      <Td className="whitespace-nowrap">
        <button
          type="button"
          className="text-accent hover:underline"
          aria-label={`Details of ${formatMac(row.mac)} at ${formatTime(row.at)}`}
          title={formatTime(row.at)}
          onClick={(event) => {
            event.stopPropagation();
            onOpen();
          }}
        >
          {formatTimeShort(row.at)}
        </button>
      </Td>
      <Td>
        <DecisionBadge decision={row.decision} />
      </Td>
      <Td className="font-mono text-[12px] whitespace-nowrap">{formatMac(row.mac)}</Td>
      <Td className="max-w-40 truncate">{row.userName ?? "—"}</Td>
      <Td className="whitespace-nowrap" title={row.nadAddress}>
        {nadLabel}
      </Td>
      <Td>{formatMethod(row.method)}</Td>
      <Td className="whitespace-nowrap">
        {row.ruleName ? (
          <>
            <span className="text-muted">{row.policySet} › </span>
            {row.ruleName}
          </>
        ) : (
          <span className="text-muted">none matched</span>
        )}
      </Td>
      <Td className="whitespace-nowrap">{row.profiles.join(", ") || "—"}</Td>
      <Td>{row.mdmServerName ?? "—"}</Td>
      <Td className="max-w-64 truncate text-muted" title={row.failureReason ?? undefined}>
        {row.failureReason ?? ""}
      </Td>
      <Td className="text-right whitespace-nowrap tabular-nums">{formatMs(row.totalLatencyMs)}</Td>
      <Td
        className="text-right tabular-nums"
        title={row.lastRepeatAt ? `Last repeat ${formatTime(row.lastRepeatAt)}` : undefined}
        data-testid="live-log-repeats"
      >
        {row.repeatCount > 0 ? row.repeatCount : ""}
      </Td>
    </tr>
  );
}

function FilterBar({
  url,
  filter,
  take,
  fieldErrors,
  devices,
}: {
  url: ReturnType<typeof useUrlState>;
  filter: LiveLogFilter;
  take: number;
  fieldErrors: Record<string, string>;
  devices: { id: string; name: string; address: string }[];
}) {
  const [mac, setMac] = useTextFilter(filter.mac);
  const apply = (changes: Record<string, string | null>) => url.set({ ...changes, event: null }, { push: true });
  return (
    <FilterForm
      label="Live log filters"
      onSubmit={() => apply({ mac: mac.trim() || null })}
      canClear={hasLiveLogFilter(filter)}
      onClear={() => apply(noFilters)}
    >
      <EndpointMacFilter
        value={mac}
        onChange={setMac}
        applied={filter.mac}
        onClear={() => apply({ mac: null })}
        error={fieldErrors.mac}
      />
      <NetworkDeviceFilter value={filter.nad} devices={devices} onSelect={(nad) => apply({ nad })} error={fieldErrors.nad} />
      <div className="w-36">
        <Field label="Decision" error={fieldErrors.decision}>
          {(props) => (
            <Select
              {...props}
              value={filter.decision ?? ""}
              onChange={(event) => apply({ decision: event.target.value || null })}
            >
              <option value="">All decisions</option>
              <option value="accept">Accept</option>
              <option value="reject">Reject</option>
            </Select>
          )}
        </Field>
      </div>
      <TimeRangeFields filter={filter} errors={fieldErrors} apply={apply} />
      <RowsField take={take} onChange={(value) => url.set({ take: value })} />
    </FilterForm>
  );
}

"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ApiError } from "@/lib/api/client";
import { coaEventListQuery, type CoaLogFilter, type CoaLogRow } from "@/lib/queries/coa-events";
import type { TimeRange } from "@/lib/queries/live-logs";
import { networkDeviceListQuery } from "@/lib/queries/network-devices";
import { coaResults, coaTriggers } from "@/lib/validation/coa-events";
import { EndpointMacFilter, FilterForm, NetworkDeviceFilter, TimeRangeFields } from "../live-logs/filter-fields";
import { formatMac, formatMs, formatTime, formatTimeShort } from "../live-logs/format";
import { LiveActions, LiveListBar } from "../live-logs/live-updates";
import { PagedListState, useKeysetCursors, useTextFilter } from "../live-logs/paged-list";
import { useUrlState } from "../live-logs/url-state";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Field, Select } from "../ui/field";
import { EmptyState, PageHeader } from "../ui/panel";
import { pageSizeOf, RowsField } from "../ui/pager";
import { Table, Td, Th } from "../ui/table";
import { CoaResultBadge, formatKind, formatKindShort, resultLabels, triggerLabels } from "./coa-labels";
import { CoaLogDetail } from "./coa-log-detail";

/** Polling period while "Live" is on (a poll cycle's CoAs are logged in one batch when it ends). */
const LIVE_INTERVAL_MS = 3000;
const FILTER_KEYS = ["mac", "nad", "result", "trigger", "range", "from", "to"] as const;
const noFilters = Object.fromEntries(FILTER_KEYS.map((key) => [key, null]));

export function CoaLogView() {
  const url = useUrlState();
  const filter: CoaLogFilter = {
    mac: url.get("mac"),
    nad: url.get("nad"),
    result: url.get("result"),
    trigger: url.get("trigger"),
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
    coaEventListQuery({ filter, cursor: pages.cursor, take, refetchInterval: isLive && onFirstPage ? LIVE_INTERVAL_MS : false }),
  );
  const fieldErrors = list.error instanceof ApiError ? list.error.fields : {};
  const hasFilter = FILTER_KEYS.some((key) => Boolean(filter[key]));
  const nadName = new Map((devices.data ?? []).map((device) => [device.address, device.name]));

  return (
    <>
      <PageHeader
        title="CoA Log"
        description="Every RADIUS Change of Authorization sent to a network device, newest first: why it was sent and what the device answered."
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
        noun="entries"
      />
      <PagedListState query={list} fieldErrors={fieldErrors} loading="Loading the CoA log…" failed="Could not load the CoA log" />
      {list.data && list.data.events.length === 0 && !hasFilter && onFirstPage && (
        <EmptyState title="No CoA sent yet">
          Gatehouse sends a Change of Authorization when a compliance poll finds that an endpoint with an active session changed
          state (polling is set per server in{" "}
          <Link className="text-accent underline" href="/administration/network-resources/external-mdm">
            External MDM
          </Link>
          ), and when an admin presses Send CoA now on an endpoint. Each one and the network device&apos;s answer appear here.
        </EmptyState>
      )}
      {list.data && list.data.events.length === 0 && (hasFilter || !onFirstPage) && (
        <EmptyState
          title="No CoA matches these filters"
          action={
            hasFilter ? (
              <Button onClick={() => url.set({ ...noFilters, event: null }, { push: true })}>Clear filters</Button>
            ) : undefined
          }
        >
          Widen the time range or remove a filter. With live updates on, new matching entries appear as they are logged.
        </EmptyState>
      )}
      {list.data && list.data.events.length > 0 && (
        <Table label="CoA log">
          <thead>
            <tr>
              <Th>Time</Th>
              <Th>Endpoint</Th>
              <Th>Network device</Th>
              <Th>Kind</Th>
              <Th>Reason</Th>
              <Th>Trigger</Th>
              <Th>MDM server</Th>
              <Th>Result</Th>
              <Th>Error-Cause</Th>
              <Th className="text-right" title="Datagrams sent, retransmissions included">
                Attempts
              </Th>
              <Th className="text-right">Latency</Th>
            </tr>
          </thead>
          <tbody>
            {list.data.events.map((row) => (
              <CoaLogTableRow
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
      <CoaLogDetail
        eventId={selectedId}
        row={list.data?.events.find((row) => row.id === selectedId)}
        onClose={() => url.set({ event: null })}
      />
    </>
  );
}

function CoaLogTableRow({
  row,
  isSelected,
  nadLabel,
  onOpen,
}: {
  row: CoaLogRow;
  isSelected: boolean;
  nadLabel: string;
  onOpen: () => void;
}) {
  return (
    <tr className={cn("cursor-pointer hover:bg-sunken", isSelected && "bg-accent/5")} onClick={onOpen} data-testid="coa-log-row">
      <Td className="whitespace-nowrap">
        <button
          type="button"
          className="text-accent hover:underline"
          aria-label={`Details of the CoA to ${formatMac(row.mac)} at ${formatTime(row.at)}`}
          title={formatTime(row.at)}
          onClick={(event) => {
            event.stopPropagation();
            onOpen();
          }}
        >
          {formatTimeShort(row.at)}
        </button>
      </Td>
      <Td className="font-mono text-[12px] whitespace-nowrap">
        <Link
          className="text-accent hover:underline"
          href={`/context/endpoints/${row.mac}`}
          onClick={(event) => event.stopPropagation()}
        >
          {formatMac(row.mac)}
        </Link>
      </Td>
      <Td className="whitespace-nowrap" title={`${row.nadAddress}${row.coaPort ? `, UDP ${row.coaPort}` : ""}`}>
        {nadLabel}
      </Td>
      <Td className="whitespace-nowrap" title={formatKind(row.kind)}>
        {formatKindShort(row.kind)}
      </Td>
      <Td className="max-w-72 min-w-44">{row.reason}</Td>
      <Td className="whitespace-nowrap">{triggerLabels[row.trigger]}</Td>
      <Td className="max-w-40 truncate whitespace-nowrap" title={row.mdmServerName ?? undefined}>
        {row.mdmServerName ?? "—"}
      </Td>
      <Td>
        <CoaResultBadge result={row.result} />
      </Td>
      <Td className="max-w-64 truncate whitespace-nowrap text-muted" title={row.errorCause ?? undefined}>
        {row.errorCause ?? ""}
      </Td>
      <Td className="text-right tabular-nums">{row.attempts}</Td>
      <Td className="text-right whitespace-nowrap tabular-nums">{row.result === "error" ? "—" : formatMs(row.latencyMs)}</Td>
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
  filter: CoaLogFilter;
  take: number;
  fieldErrors: Record<string, string>;
  devices: { id: string; name: string; address: string }[];
}) {
  const [mac, setMac] = useTextFilter(filter.mac);
  const apply = (changes: Record<string, string | null>) => url.set({ ...changes, event: null }, { push: true });
  return (
    <FilterForm
      label="CoA log filters"
      onSubmit={() => apply({ mac: mac.trim() || null })}
      canClear={FILTER_KEYS.some((key) => Boolean(filter[key]))}
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
        <Field label="Result" error={fieldErrors.result}>
          {(props) => (
            <Select {...props} value={filter.result ?? ""} onChange={(event) => apply({ result: event.target.value || null })}>
              <option value="">All results</option>
              {coaResults.map((result) => (
                <option key={result} value={result}>
                  {resultLabels[result]}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <div className="w-40">
        <Field label="Trigger" error={fieldErrors.trigger}>
          {(props) => (
            <Select {...props} value={filter.trigger ?? ""} onChange={(event) => apply({ trigger: event.target.value || null })}>
              <option value="">All triggers</option>
              {coaTriggers.map((trigger) => (
                <option key={trigger} value={trigger}>
                  {triggerLabels[trigger]}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <TimeRangeFields filter={filter} errors={fieldErrors} apply={apply} />
      <RowsField take={take} onChange={(value) => url.set({ take: value })} />
    </FilterForm>
  );
}

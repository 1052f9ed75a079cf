"use client";
import { useQuery } from "@tanstack/react-query";
import { X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { ApiError } from "@/lib/api/client";
import { endpointCountQuery, endpointListQuery, type EndpointFilter, type EndpointRow } from "@/lib/queries/endpoints";
import { mdmServerListQuery } from "@/lib/queries/mdm-servers";
import { FilterForm } from "../live-logs/filter-fields";
import { formatMac } from "../live-logs/format";
import { PagedListState, useKeysetCursors, useTextFilter } from "../live-logs/paged-list";
import { useUrlState } from "../live-logs/url-state";
import { Button } from "../ui/button";
import { Field, Input, Select } from "../ui/field";
import { EmptyState, PageHeader } from "../ui/panel";
import { KeysetPager, PAGE_SIZES, pageSizeOf } from "../ui/pager";
import { Table, Td, Th } from "../ui/table";
import { RefreshButton } from "../ui/table-tools";
import { ComplianceBadge, DecisionText, exactTime, formatAgo, mdmOutcomeLabel, RegisteredBadge } from "./endpoint-badges";

const FILTER_KEYS = ["q", "compliance", "registered", "session", "mdmServer", "decision"] as const;

/** Where a row leads: the endpoint's own page (MACs in their stored form keep the URL short). */
export const endpointHref = (mac: string) => `/context/endpoints/${encodeURIComponent(mac)}`;

export function EndpointsView() {
  const url = useUrlState();
  const router = useRouter();
  const filter: EndpointFilter = Object.fromEntries(FILTER_KEYS.map((key) => [key, url.get(key)]));
  const sort = url.get("sort") === "mac" ? "mac" : "lastSeen";
  const take = pageSizeOf(url.get("take"));
  const filterKey = JSON.stringify([filter, sort, take]);

  const pages = useKeysetCursors(filterKey);
  const cursor = pages.cursor;

  const servers = useQuery(mdmServerListQuery());
  const list = useQuery(endpointListQuery({ filter, sort, cursor, take }));
  const count = useQuery(endpointCountQuery(filter));
  const fieldErrors = list.error instanceof ApiError ? list.error.fields : {};
  const hasFilter = FILTER_KEYS.some((key) => filter[key]);
  const clearFilters = () => url.set(Object.fromEntries(FILTER_KEYS.map((key) => [key, null])), { push: true });
  const rows = list.data?.endpoints ?? [];

  return (
    <>
      <PageHeader
        title="Endpoints"
        description="Every device seen in RADIUS or answered for by an MDM server: its identity, what its MDM last said about it, its session and its last decision."
        actions={
          <RefreshButton
            onClick={() => {
              void list.refetch();
              void count.refetch();
            }}
          />
        }
      />
      <FilterBar
        filter={filter}
        sort={sort}
        take={take}
        fieldErrors={fieldErrors}
        servers={servers.data ?? []}
        apply={(changes) => url.set(changes, { push: true })}
        onClear={clearFilters}
        hasFilter={hasFilter}
      />
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-muted">
        <p aria-live="polite" data-testid="endpoint-count">
          {count.data
            ? `${count.data.count.toLocaleString()}${count.data.capped ? "+" : ""} endpoint${count.data.count === 1 && !count.data.capped ? "" : "s"}${hasFilter ? " match" : ""}`
            : count.isPending
              ? "Counting…"
              : ""}
        </p>
        <KeysetPager
          page={pages.page}
          rows={rows.length}
          take={take}
          hasMore={Boolean(list.data?.nextCursor)}
          onFirst={pages.first}
          onPrevious={pages.previous}
          onNext={() => pages.next(list.data?.nextCursor)}
          noun="Endpoints"
          labels={{ first: "First page", previous: "Previous", next: "Next" }}
        />
      </div>
      <PagedListState query={list} fieldErrors={fieldErrors} loading="Loading endpoints…" failed="Could not load the endpoints" />
      {list.data && rows.length === 0 && !hasFilter && cursor === null && (
        <EmptyState title="No endpoints yet">
          An endpoint appears here after its first RADIUS request (MAB: the Calling-Station-Id is its MAC) or the first time an
          MDM server answers for it. Requests only reach Gatehouse from a configured{" "}
          <Link className="text-accent underline" href="/administration/network-resources/network-devices">
            network device
          </Link>
          .
        </EmptyState>
      )}
      {list.data && rows.length === 0 && (hasFilter || cursor !== null) && (
        <EmptyState
          title="No endpoints match these filters"
          action={hasFilter ? <Button onClick={clearFilters}>Clear filters</Button> : undefined}
        >
          Remove a filter or search for a shorter MAC prefix. A search starting with * matches anywhere in the MAC or GUID.
        </EmptyState>
      )}
      {rows.length > 0 && (
        <Table label="Endpoints">
          <thead>
            <tr>
              <Th>MAC address</Th>
              <Th>GUID</Th>
              <Th>Device</Th>
              <Th>MDM server</Th>
              <Th>Registered</Th>
              <Th>Compliance</Th>
              <Th>Last MDM query</Th>
              <Th>Active session</Th>
              <Th>Last decision</Th>
              <Th>Last seen</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <EndpointTableRow key={row.id} row={row} onOpen={(href) => router.push(href)} />
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

function EndpointTableRow({ row, onOpen }: { row: EndpointRow; onOpen: (href: string) => void }) {
  const href = row.mac ? endpointHref(row.mac) : undefined;
  const device = row.device.model ?? row.device.manufacturer ?? "";
  return (
    <tr
      className={href ? "cursor-pointer hover:bg-sunken" : undefined}
      onClick={() => href && onOpen(href)}
      data-testid="endpoint-row"
    >
      <Td className="font-mono text-[12px] whitespace-nowrap">
        {href ? (
          <Link href={href} className="text-accent hover:underline" onClick={(event) => event.stopPropagation()}>
            {formatMac(row.mac)}
          </Link>
        ) : (
          "—"
        )}
      </Td>
      <Td className="max-w-44 truncate font-mono text-[12px]" title={row.guid ?? undefined}>
        {row.guid ?? <span className="text-muted">—</span>}
      </Td>
      <Td
        className="max-w-52 truncate"
        title={[row.device.manufacturer, row.device.model, row.device.osVersion].filter(Boolean).join(" · ") || undefined}
      >
        {device || row.device.osVersion ? (
          <>
            {device}
            {row.device.osVersion && <span className="text-muted"> · {row.device.osVersion}</span>}
          </>
        ) : (
          <span className="text-muted">—</span>
        )}
      </Td>
      <Td className="whitespace-nowrap">{row.mdmServerName ?? <span className="text-muted">—</span>}</Td>
      <Td>
        <RegisteredBadge registered={row.registered} />
      </Td>
      <Td>
        <ComplianceBadge compliant={row.compliant} reason={row.device.failureReason} />
      </Td>
      <Td className="whitespace-nowrap" title={exactTime(row.lastMdmQueryAt)}>
        {formatAgo(row.lastMdmQueryAt)}
        {(row.lastMdmOutcome === "unreachable" || row.lastMdmOutcome === "no-server") && (
          <span className="text-warn"> · {mdmOutcomeLabel(row.lastMdmOutcome)}</span>
        )}
      </Td>
      <Td className="whitespace-nowrap">
        {row.hasActiveSession ? (
          <span className="text-ok">
            Yes{row.sessionIp && <span className="font-mono text-[12px] text-muted"> {row.sessionIp}</span>}
          </span>
        ) : (
          <span className="text-muted">No</span>
        )}
      </Td>
      <Td>
        <DecisionText decision={row.lastDecision} />
      </Td>
      <Td className="whitespace-nowrap" title={exactTime(row.lastSeenAt)}>
        {row.lastSeenAt ? formatAgo(row.lastSeenAt) : <span className="text-muted">never in RADIUS</span>}
      </Td>
    </tr>
  );
}

function SelectFilter({
  label,
  value,
  error,
  width = "w-32",
  onChange,
  children,
}: {
  label: string;
  value: string;
  error?: string;
  width?: string;
  onChange: (value: string | null) => void;
  children: ReactNode;
}) {
  return (
    <div className={width}>
      <Field label={label} error={error}>
        {(props) => (
          <Select {...props} value={value} onChange={(event) => onChange(event.target.value || null)}>
            {children}
          </Select>
        )}
      </Field>
    </div>
  );
}

function FilterBar({
  filter,
  sort,
  take,
  fieldErrors,
  servers,
  apply,
  onClear,
  hasFilter,
}: {
  filter: EndpointFilter;
  sort: string;
  take: number;
  fieldErrors: Record<string, string>;
  servers: { id: string; name: string }[];
  apply: (changes: Record<string, string | null>) => void;
  onClear: () => void;
  hasFilter: boolean;
}) {
  const [search, setSearch] = useTextFilter(filter.q);
  const server = filter.mdmServer ?? "";
  return (
    <FilterForm
      label="Endpoint filters"
      onSubmit={() => apply({ q: search.trim() || null })}
      submitLabel="Search"
      canClear={hasFilter}
      onClear={onClear}
    >
      <div className="w-64">
        <Field label="MAC address or GUID" error={fieldErrors.q}>
          {(props) => (
            <div className="flex gap-1">
              <Input
                {...props}
                className="font-mono"
                placeholder="00:26:B4…  or  *FE:B4"
                title="Matches from the start, in any MAC spelling; start with * to match anywhere in the MAC or GUID"
                value={search}
                onChange={(event) => setSearch(event.target.value)}
              />
              {filter.q && (
                <Button variant="ghost" aria-label="Clear the search" onClick={() => apply({ q: null })}>
                  <X size={13} aria-hidden />
                </Button>
              )}
            </div>
          )}
        </Field>
      </div>
      <SelectFilter
        label="Compliance"
        value={filter.compliance ?? ""}
        error={fieldErrors.compliance}
        onChange={(compliance) => apply({ compliance })}
      >
        <option value="">Any</option>
        <option value="compliant">Compliant</option>
        <option value="noncompliant">NonCompliant</option>
        <option value="unknown">Unknown</option>
      </SelectFilter>
      <SelectFilter
        label="Registered"
        value={filter.registered ?? ""}
        error={fieldErrors.registered}
        onChange={(registered) => apply({ registered })}
      >
        <option value="">Any</option>
        <option value="yes">Registered</option>
        <option value="no">UnRegistered</option>
        <option value="unknown">Unknown</option>
      </SelectFilter>
      <SelectFilter
        label="Session"
        width="w-36"
        value={filter.session ?? ""}
        error={fieldErrors.session}
        onChange={(session) => apply({ session })}
      >
        <option value="">Any</option>
        <option value="active">Active session</option>
        <option value="none">No active session</option>
      </SelectFilter>
      <SelectFilter
        label="MDM server"
        width="w-44"
        value={server}
        error={fieldErrors.mdmServer}
        onChange={(mdmServer) => apply({ mdmServer })}
      >
        <option value="">Any MDM server</option>
        {servers.map((entry) => (
          <option key={entry.id} value={entry.id}>
            {entry.name}
          </option>
        ))}
        {/* A link may name a server that has since been deleted. */}
        {server && !servers.some((entry) => entry.id === server) && <option value={server}>{server}</option>}
      </SelectFilter>
      <SelectFilter
        label="Last decision"
        width="w-28"
        value={filter.decision ?? ""}
        error={fieldErrors.decision}
        onChange={(decision) => apply({ decision })}
      >
        <option value="">Any</option>
        <option value="accept">Accept</option>
        <option value="reject">Reject</option>
      </SelectFilter>
      <SelectFilter
        label="Sort by"
        width="w-32"
        value={sort}
        error={fieldErrors.sort}
        onChange={(value) => apply({ sort: value === "mac" ? "mac" : null })}
      >
        <option value="lastSeen">Last seen</option>
        <option value="mac">MAC address</option>
      </SelectFilter>
      <SelectFilter
        label="Rows"
        width="w-20"
        value={String(take)}
        onChange={(value) => apply({ take: value === "50" ? null : value })}
      >
        {PAGE_SIZES.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </SelectFilter>
    </FilterForm>
  );
}

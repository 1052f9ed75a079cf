"use client";
// Administration › System › Audit Log: every change and action by an administrator, newest first, with
// filters in the URL (who, what action, which kind of object, words in the summary, time), keyset paging and
// a side panel with the recorded details. The first page comes rendered from the server.
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError } from "@/lib/api/client";
import { auditListQuery, type AuditFilter, type AuditPage, type AuditRow } from "@/lib/queries/audit-events";
import type { TimeRange } from "@/lib/queries/live-logs";
import { TimeRangeFields } from "../live-logs/filter-fields";
import { useKeysetCursors, useTextFilter } from "../live-logs/paged-list";
import { formatTime } from "../live-logs/format";
import { SideDrawer } from "../live-logs/side-drawer";
import { useUrlState } from "../live-logs/url-state";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Field, Input, Select } from "../ui/field";
import { KeysetPager, pageSizeOf, RowsField } from "../ui/pager";
import { EmptyState, PageHeader } from "../ui/panel";
import { Table, Td, Th } from "../ui/table";

export function AuditLogView({ initial }: { initial: AuditPage }) {
  const url = useUrlState();
  const filter: AuditFilter = {
    actor: url.get("actor"),
    action: url.get("action"),
    entityType: url.get("entityType"),
    text: url.get("text"),
    range: url.get("range") as TimeRange,
    from: url.get("from"),
    to: url.get("to"),
  };
  const take = pageSizeOf(url.get("take"));
  const paging = useKeysetCursors(JSON.stringify(filter) + take);
  const cursor = paging.cursor;
  const unfiltered = !Object.values(filter).some(Boolean) && take === 50 && cursor === null;
  const list = useQuery({ ...auditListQuery({ filter, cursor, take }), initialData: unfiltered ? initial : undefined });
  const fieldErrors = list.error instanceof ApiError ? list.error.fields : {};
  const [selected, setSelected] = useState<AuditRow | null>(null);
  const events = list.data?.events ?? [];
  const facets = list.data?.facets ?? initial.facets;

  return (
    <>
      <PageHeader
        title="Audit Log"
        description="Who changed what, and when — every change and every action on an endpoint or the MDM. Secrets are never recorded."
      />
      <FilterBar url={url} filter={filter} take={take} facets={facets} fieldErrors={fieldErrors} />
      <div className="mb-2 flex justify-end">
        <KeysetPager
          page={paging.page}
          rows={events.length}
          take={take}
          hasMore={Boolean(list.data?.nextCursor)}
          onFirst={paging.first}
          onPrevious={paging.previous}
          onNext={() => paging.next(list.data?.nextCursor)}
          noun="Entries"
          labels={{ first: "Newest entries", previous: "Newer", next: "Older", more: "more older" }}
        />
      </div>
      {list.error && !Object.keys(fieldErrors).length && (
        <p role="alert" className="text-danger">
          Could not load the audit log: {list.error.message}
        </p>
      )}
      {list.isPending ? (
        <p className="text-muted">Loading the audit log…</p>
      ) : events.length === 0 ? (
        <EmptyState title={unfiltered ? "No changes recorded yet" : "No entries match these filters"} />
      ) : (
        <Table label="Audit log">
          <thead>
            <tr>
              <Th>Time</Th>
              <Th>Administrator</Th>
              <Th>Action</Th>
              <Th>Object</Th>
              <Th>Summary</Th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr
                key={event.id}
                className="cursor-pointer hover:bg-sunken"
                onClick={() => setSelected(event)}
                onKeyDown={(keyboard) => keyboard.key === "Enter" && setSelected(event)}
                tabIndex={0}
                title="Show details"
              >
                <Td className="whitespace-nowrap tabular-nums">{formatTime(event.at)}</Td>
                <Td>{event.actor}</Td>
                <Td>
                  <Badge>{event.action}</Badge>
                </Td>
                <Td>{event.entityType}</Td>
                <Td>{event.summary}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <SideDrawer
        open={selected !== null}
        onOpenChange={(open) => !open && setSelected(null)}
        title="Audit entry"
        description={selected?.summary}
      >
        {selected && (
          <dl className="grid grid-cols-[140px_1fr] gap-y-1.5">
            <dt className="text-muted">Time</dt>
            <dd className="tabular-nums">{formatTime(selected.at)}</dd>
            <dt className="text-muted">Administrator</dt>
            <dd>{selected.actor}</dd>
            <dt className="text-muted">Action</dt>
            <dd>{selected.action}</dd>
            <dt className="text-muted">Object</dt>
            <dd>
              {selected.entityType}
              {selected.entityId ? <span className="ml-1 font-mono text-xs text-muted">{selected.entityId}</span> : null}
            </dd>
            <dt className="text-muted">Details</dt>
            <dd>
              {selected.details ? (
                <pre className="overflow-x-auto rounded bg-sunken p-2 text-xs">{JSON.stringify(selected.details, null, 2)}</pre>
              ) : (
                <span className="text-muted">None recorded</span>
              )}
            </dd>
          </dl>
        )}
      </SideDrawer>
    </>
  );
}

function FilterBar({
  url,
  filter,
  take,
  facets,
  fieldErrors,
}: {
  url: ReturnType<typeof useUrlState>;
  filter: AuditFilter;
  take: number;
  facets: AuditPage["facets"];
  fieldErrors: Record<string, string>;
}) {
  // Follows the URL (Back, Clear) while it is being typed in.
  const [text, setText] = useTextFilter(filter.text);
  const apply = (changes: Record<string, string | null>) => url.set(changes, { push: true });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    apply({ text: text.trim() || null });
  };
  const menu = (label: string, key: "actor" | "action" | "entityType", values: string[], all: string) => (
    <div className="w-44">
      <Field label={label} error={fieldErrors[key]}>
        {(props) => (
          <Select {...props} value={filter[key] ?? ""} onChange={(event) => apply({ [key]: event.target.value || null })}>
            <option value="">{all}</option>
            {values.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </Select>
        )}
      </Field>
    </div>
  );
  const hasFilter = Boolean(filter.actor || filter.action || filter.entityType || filter.text || filter.range);
  return (
    <form
      onSubmit={onSubmit}
      role="search"
      aria-label="Audit log filters"
      className="mb-3 flex flex-wrap items-start gap-3 rounded border border-border bg-panel p-3"
    >
      <div className="w-56">
        <Field label="Summary contains" error={fieldErrors.text}>
          {(props) => <Input {...props} value={text} onChange={(event) => setText(event.target.value)} />}
        </Field>
      </div>
      {menu("Administrator", "actor", facets.actors, "All administrators")}
      {menu("Action", "action", facets.actions, "All actions")}
      {menu("Object", "entityType", facets.entityTypes, "All objects")}
      <TimeRangeFields filter={filter} errors={fieldErrors} apply={apply} />
      <RowsField take={take} onChange={(value) => url.set({ take: value })} />
      <div className="flex gap-2 pt-[22px]">
        <Button type="submit" variant="primary">
          Apply
        </Button>
        <Button
          disabled={!hasFilter}
          onClick={() => apply({ actor: null, action: null, entityType: null, text: null, range: null, from: null, to: null })}
        >
          Clear
        </Button>
      </div>
    </form>
  );
}

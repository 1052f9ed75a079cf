"use client";
// Small pieces the admin tables share: sortable headers, search, read-only notice, alerts, dates.
import { ArrowDown, ArrowUp, ArrowUpDown, RefreshCw, Search } from "lucide-react";
import { useState, type ReactNode } from "react";
import { cn } from "./cn";
import { Input } from "./field";
import { Button } from "./button";
import { Table, Td, Th } from "./table";

export type SortState<K extends string> = { key: K; dir: "asc" | "desc" };

export function useSorted<T, K extends string>(
  rows: T[] | undefined,
  initial: SortState<K>,
  value: (row: T, key: K) => string | number | null,
) {
  const [sort, setSort] = useState<SortState<K>>(initial);
  // Sorting a few hundred rows per render is cheaper than memoising around an inline accessor.
  const sorted = (() => {
    if (!rows) return [];
    const factor = sort.dir === "asc" ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = value(a, sort.key);
      const y = value(b, sort.key);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return (
        (typeof x === "number" && typeof y === "number"
          ? x - y
          : String(x).localeCompare(String(y), undefined, { numeric: true })) * factor
      );
    });
  })();
  const toggle = (key: K) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === "asc" ? "desc" : "asc" } : { key, dir: "asc" }));
  return { sorted, sort, toggle };
}

export function SortTh<K extends string>({
  label,
  sortKey,
  sort,
  onSort,
  className,
}: {
  label: string;
  sortKey: K;
  sort: SortState<K>;
  onSort: (key: K) => void;
  className?: string;
}) {
  const active = sort.key === sortKey;
  const Icon = !active ? ArrowUpDown : sort.dir === "asc" ? ArrowUp : ArrowDown;
  return (
    <Th className={className} aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}>
      <button type="button" className="inline-flex items-center gap-1 hover:text-fg" onClick={() => onSort(sortKey)}>
        {label}
        <Icon size={12} aria-hidden className={cn(!active && "opacity-40")} />
      </button>
    </Th>
  );
}

export function SearchBox({
  value,
  onChange,
  label,
  placeholder,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  placeholder?: string;
}) {
  return (
    <div className="relative w-72">
      <Search size={13} aria-hidden className="absolute top-1/2 left-2 -translate-y-1/2 text-muted" />
      <Input
        type="search"
        aria-label={label}
        title={label}
        placeholder={placeholder}
        className="pl-7"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/** A search term and the rows whose text (what `text` gives, lower-cased) contains it. */
export function useSearch<T>(rows: T[] | undefined, text: (row: T) => (string | null | undefined)[]) {
  const [search, setSearch] = useState("");
  const term = search.trim().toLowerCase();
  const filtered = (rows ?? []).filter((row) => !term || text(row).filter(Boolean).join(" ").toLowerCase().includes(term));
  return { search, setSearch, filtered };
}

/** Above a list: its search box, and how many rows there are (or how many of them match). */
export function ListToolbar({
  search,
  onSearch,
  label,
  placeholder,
  shown,
  total,
  noun,
  suffix = "",
}: {
  search: string;
  onSearch: (value: string) => void;
  label: string;
  placeholder?: string;
  shown: number;
  total: number;
  /** Singular; an "s" is added for any other count than one. */
  noun: string;
  /** Added after the count when every row is shown. */
  suffix?: string;
}) {
  return (
    <div className="mb-2 flex items-center justify-between gap-2">
      <SearchBox value={search} onChange={onSearch} label={label} placeholder={placeholder} />
      <p className="text-muted">
        {shown === total ? `${total} ${noun}${total === 1 ? "" : "s"}${suffix}` : `${shown} of ${total}`}
      </p>
    </div>
  );
}

export type Column<K extends string> = { label: string; sortKey?: K; className?: string };

/** A table head: a header a column, sortable where it has a sort key; `before` and `after` add cells either side. */
export function SortHead<K extends string>({
  columns,
  sort,
  onSort,
  before,
  after,
}: {
  columns: Column<K>[];
  sort: SortState<K>;
  onSort: (key: K) => void;
  before?: ReactNode;
  after?: ReactNode;
}) {
  return (
    <thead>
      <tr>
        {before}
        {columns.map((column) =>
          column.sortKey ? (
            <SortTh
              key={column.label}
              label={column.label}
              sortKey={column.sortKey}
              sort={sort}
              onSort={onSort}
              className={column.className}
            />
          ) : (
            <Th key={column.label} className={column.className}>
              {column.label}
            </Th>
          ),
        )}
        {after}
      </tr>
    </thead>
  );
}

/**
 * A searchable, sortable list: the search box with the count above, then the table with its headers (sortable where a
 * column has a sort key, and a last one for the row actions), a row saying when the search matches nothing, and the rows.
 */
export type ListState<K extends string> = {
  search: string;
  onSearch: (value: string) => void;
  sort: SortState<K>;
  onSort: (key: K) => void;
  /** How many rows match the search, of how many. */
  shown: number;
  total: number;
};

/** Search then sort: the rows to show, and the state a SearchableTable shows them with. */
export function useSearchableList<T, K extends string>(
  rows: T[] | undefined,
  text: (row: T) => (string | null | undefined)[],
  initial: SortState<K>,
  value: (row: T, key: K) => string | number | null,
) {
  const { search, setSearch, filtered } = useSearch(rows, text);
  const { sorted, sort, toggle } = useSorted(filtered, initial, value);
  const state: ListState<K> = {
    search,
    onSearch: setSearch,
    sort,
    onSort: toggle,
    shown: filtered.length,
    total: rows?.length ?? 0,
  };
  return { sorted, state };
}

export function SearchableTable<K extends string>({
  label,
  columns,
  list,
  searchLabel,
  placeholder,
  noun,
  suffix,
  children,
}: {
  /** The table's accessible name. */
  label: string;
  columns: Column<K>[];
  list: ListState<K>;
  searchLabel: string;
  placeholder?: string;
  noun: string;
  suffix?: string;
  children: ReactNode;
}) {
  const { search, onSearch, sort, onSort, shown, total } = list;
  return (
    <>
      <ListToolbar
        search={search}
        onSearch={onSearch}
        label={searchLabel}
        placeholder={placeholder}
        shown={shown}
        total={total}
        noun={noun}
        suffix={suffix}
      />
      <Table label={label}>
        <SortHead
          columns={columns}
          sort={sort}
          onSort={onSort}
          after={
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          }
        />
        <tbody>
          {shown === 0 && <NoMatchRow colSpan={columns.length + 1} noun={noun} search={search} />}
          {children}
        </tbody>
      </Table>
    </>
  );
}

/** The one row of a table whose search matches nothing. */
export function NoMatchRow({ colSpan, noun, search }: { colSpan: number; noun: string; search: string }) {
  return (
    <tr>
      <Td colSpan={colSpan} className="py-4 text-center text-muted">
        No {noun} matches “{search.trim()}”.
      </Td>
    </tr>
  );
}

export function RefreshButton({ onClick }: { onClick: () => void }) {
  return (
    <Button onClick={onClick}>
      <RefreshCw size={14} aria-hidden /> Refresh
    </Button>
  );
}

/** What a list shows while its query loads, or why it failed. */
export function QueryState({
  query,
  what,
  failed = what,
}: {
  query: { isPending: boolean; error: Error | null };
  what: string;
  /** What the error names, when it differs from `what`. */
  failed?: string;
}) {
  return (
    <>
      {query.isPending && <p className="text-muted">Loading {what}…</p>}
      {query.error && (
        <p className="text-danger">
          Could not load {failed}: {query.error.message}
        </p>
      )}
    </>
  );
}

export function ReadOnlyNotice({ children }: { children: ReactNode }) {
  return <p className="mb-3 rounded border border-border bg-sunken px-3 py-2 text-muted">{children}</p>;
}

export function Alert({
  tone,
  children,
  title,
}: {
  tone: "error" | "ok" | "warn" | "info";
  children?: ReactNode;
  title?: ReactNode;
}) {
  const styles = {
    error: "border-danger/40 bg-danger/10 text-danger",
    ok: "border-ok/40 bg-ok/10 text-ok",
    warn: "border-warn/40 bg-warn/10 text-warn",
    info: "border-accent/40 bg-accent/10 text-accent",
  }[tone];
  return (
    <div role={tone === "error" ? "alert" : "status"} className={cn("rounded border px-3 py-2", styles)}>
      {title && <p className="font-semibold">{title}</p>}
      {children && <div className={cn(title ? "mt-0.5" : undefined, "text-fg")}>{children}</div>}
    </div>
  );
}

export function formatDate(value: string | null | undefined): string {
  return value ? new Date(value).toLocaleString() : "—";
}

export function formatDay(value: string): string {
  return new Date(value).toISOString().slice(0, 10);
}

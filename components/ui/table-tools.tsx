"use client";
// Small pieces the admin tables share: sortable headers, search, read-only notice, alerts, dates.
import { ArrowDown, ArrowUp, ArrowUpDown, Search } from "lucide-react";
import { useState, type ReactNode } from "react";
import { cn } from "./cn";
import { Input } from "./field";
import { Th } from "./table";

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

export function SearchBox({ value, onChange, label }: { value: string; onChange: (value: string) => void; label: string }) {
  return (
    <div className="relative w-72">
      <Search size={13} aria-hidden className="absolute top-1/2 left-2 -translate-y-1/2 text-muted" />
      <Input
        type="search"
        aria-label={label}
        title={label}
        className="pl-7"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
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

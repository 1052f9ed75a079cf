"use client";
// Client-side sorting for the small tables of this feature (a few hundred rows at most).
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { useState } from "react";
import { cn } from "../ui/cn";
import { Th } from "../ui/table";

export type SortState<K extends string> = { key: K; dir: "asc" | "desc" };

export function useSortedRows<T, K extends string>(
  rows: readonly T[],
  initial: SortState<K>,
  value: (row: T, key: K) => string | number | null,
) {
  const [sort, setSort] = useState<SortState<K>>(initial);
  const factor = sort.dir === "asc" ? 1 : -1;
  const sorted = [...rows].sort((a, b) => {
    const x = value(a, sort.key);
    const y = value(b, sort.key);
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    const order =
      typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return order * factor;
  });
  const toggle = (key: K) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === "asc" ? "desc" : "asc" } : { key, dir: "asc" }));
  return { sorted, sort, toggle };
}

export function SortableTh<K extends string>({
  label,
  sortKey,
  sort,
  onSort,
}: {
  label: string;
  sortKey: K;
  sort: SortState<K>;
  onSort: (key: K) => void;
}) {
  const active = sort.key === sortKey;
  const Icon = !active ? ArrowUpDown : sort.dir === "asc" ? ArrowUp : ArrowDown;
  return (
    <Th aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}>
      <button type="button" className="inline-flex items-center gap-1 hover:text-fg" onClick={() => onSort(sortKey)}>
        {label}
        <Icon size={12} aria-hidden className={cn(!active && "opacity-40")} />
      </button>
    </Th>
  );
}

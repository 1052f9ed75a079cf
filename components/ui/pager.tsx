"use client";
// Keyset paging for the console's server-paged lists (Live Logs, CoA Log, Endpoints): the server hands
// back a cursor, so the pager knows only "first page", "back" and "is there more" — no page count.
import { ChevronLeft, ChevronRight, ChevronsLeft } from "lucide-react";
import { Button } from "./button";
import { Field, Select } from "./field";

export const PAGE_SIZES = [25, 50, 100, 200] as const;

/** The page size the URL asks for (`take`), if it is one of PAGE_SIZES; 50 otherwise. */
export function pageSizeOf(take: string | null | undefined): number {
  return PAGE_SIZES.find((size) => String(size) === take) ?? 50;
}

export function KeysetPager({
  page,
  rows,
  take,
  hasMore,
  onFirst,
  onPrevious,
  onNext,
  noun,
  labels,
}: {
  page: number;
  rows: number;
  take: number;
  hasMore: boolean;
  onFirst: () => void;
  onPrevious: () => void;
  onNext: () => void;
  /** "Events", "Entries", "Endpoints": what the range counts. */
  noun: string;
  /** Newest-first logs say Newer/Older; lists in another order say Previous/Next. */
  labels: { first: string; previous: string; next: string; more?: string };
}) {
  const first = (page - 1) * take + 1;
  return (
    <nav aria-label="Pages" className="flex items-center gap-1">
      <span className="mr-1 tabular-nums">
        {rows > 0 ? `${noun} ${first}–${first + rows - 1}` : `Page ${page}`}
        {hasMore && labels.more ? ` · ${labels.more}` : ""}
      </span>
      <Button variant="ghost" disabled={page === 1} onClick={onFirst} aria-label={labels.first}>
        <ChevronsLeft size={14} aria-hidden />
      </Button>
      <Button variant="ghost" disabled={page === 1} onClick={onPrevious}>
        <ChevronLeft size={14} aria-hidden /> {labels.previous}
      </Button>
      <Button variant="ghost" disabled={!hasMore} onClick={onNext}>
        {labels.next} <ChevronRight size={14} aria-hidden />
      </Button>
    </nav>
  );
}

/** The "Rows" select: page size, kept in the URL (`null` for the default 50). */
export function RowsField({ take, onChange }: { take: number; onChange: (take: string | null) => void }) {
  return (
    <div className="w-24">
      <Field label="Rows">
        {(props) => (
          <Select
            {...props}
            value={String(take)}
            onChange={(event) => onChange(event.target.value === "50" ? null : event.target.value)}
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </Select>
        )}
      </Field>
    </div>
  );
}

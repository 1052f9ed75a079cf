"use client";
// "Live updates" of the newest-first lists: the toggle in the page header and the line that says what the
// list shows (refreshing, paused on older pages, or off) above the pager.
import { Pause, Play } from "lucide-react";
import { Button } from "../ui/button";
import { KeysetPager } from "../ui/pager";
import { RefreshButton } from "../ui/table-tools";
import type { useKeysetCursors } from "./paged-list";

function LiveToggle({ isLive, onToggle }: { isLive: boolean; onToggle: () => void }) {
  return (
    <Button
      aria-pressed={isLive}
      variant={isLive ? "primary" : "secondary"}
      onClick={onToggle}
      title={isLive ? "Stop refreshing every few seconds" : "Refresh every few seconds"}
    >
      {isLive ? <Pause size={14} aria-hidden /> : <Play size={14} aria-hidden />} Live updates {isLive ? "on" : "off"}
    </Button>
  );
}

/** `noun`: what older pages hold ("events", "entries"). */
function LiveStatus({
  isLive,
  onFirstPage,
  updatedAt,
  noun,
}: {
  isLive: boolean;
  onFirstPage: boolean;
  /** When the list was last loaded (TanStack Query's dataUpdatedAt; 0 before). */
  updatedAt: number;
  noun: string;
}) {
  const loadedAt = updatedAt ? new Date(updatedAt).toLocaleTimeString(undefined, { hour12: false }) : "—";
  return (
    <p aria-live="polite">
      {isLive && onFirstPage ? (
        <span className="inline-flex items-center gap-1.5">
          <span className="inline-block size-2 animate-pulse rounded-full bg-ok" aria-hidden /> Live · refreshed {loadedAt}
        </span>
      ) : isLive ? (
        `Live updates are paused while you look at older ${noun}.`
      ) : (
        `Live updates off · loaded ${loadedAt}`
      )}
    </p>
  );
}

/** The page header's actions of a live list: the Live updates toggle and Refresh. */
export function LiveActions({ isLive, onToggle, onRefresh }: { isLive: boolean; onToggle: () => void; onRefresh: () => void }) {
  return (
    <>
      <LiveToggle isLive={isLive} onToggle={onToggle} />
      <RefreshButton onClick={onRefresh} />
    </>
  );
}

/** Above a newest-first log: what the list shows (live or not) and its keyset pager (Newer / Older). */
export function LiveListBar({
  isLive,
  pages,
  nextCursor,
  rows,
  take,
  updatedAt,
  noun,
}: {
  isLive: boolean;
  pages: ReturnType<typeof useKeysetCursors>;
  nextCursor: string | null | undefined;
  rows: number;
  take: number;
  updatedAt: number;
  /** Plural, lower case: "events", "entries". */
  noun: string;
}) {
  return (
    <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-muted">
      <LiveStatus isLive={isLive} onFirstPage={pages.cursor === null} updatedAt={updatedAt} noun={noun} />
      <KeysetPager
        page={pages.page}
        hasMore={Boolean(nextCursor)}
        onFirst={pages.first}
        onPrevious={pages.previous}
        onNext={() => pages.next(nextCursor)}
        rows={rows}
        take={take}
        noun={noun.charAt(0).toUpperCase() + noun.slice(1)}
        labels={{ first: `Newest ${noun}`, previous: "Newer", next: "Older", more: "more older" }}
      />
    </div>
  );
}

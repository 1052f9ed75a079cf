"use client";
// The state every server-paged, URL-filtered list of the console keeps the same way (Live Logs, Live Sessions,
// the CoA log, Endpoints): keyset cursors, the text box of a filter applied on submit, and the load state.
import { useState } from "react";

/**
 * Keyset paging: the cursors of the pages before this one (page 1 has none). A change of `filterKey` (the
 * filters, sort and page size) starts over from the first page.
 */
export function useKeysetCursors(filterKey: string) {
  const [cursors, setCursors] = useState<string[]>([]);
  const [cursorFilterKey, setCursorFilterKey] = useState(filterKey);
  if (cursorFilterKey !== filterKey) {
    setCursorFilterKey(filterKey);
    setCursors([]);
  }
  const cursor = cursors[cursors.length - 1] ?? null;
  return {
    cursor,
    page: cursors.length + 1,
    first: () => setCursors([]),
    previous: () => setCursors((previous) => previous.slice(0, -1)),
    next: (nextCursor: string | null | undefined) => {
      if (nextCursor) setCursors((previous) => [...previous, nextCursor]);
    },
  };
}

/**
 * A text filter typed in a box and applied on submit: the box starts from the applied value (the URL's) and
 * follows it when the URL changes (Back, Clear filters, a link).
 */
export function useTextFilter(applied: string | null | undefined) {
  const [text, setText] = useState(applied ?? "");
  const [seen, setSeen] = useState(applied ?? "");
  if (seen !== (applied ?? "")) {
    setSeen(applied ?? "");
    setText(applied ?? "");
  }
  return [text, setText] as const;
}

/**
 * While a list loads, or why it failed; a refused filter (field errors) is shown next to its field instead.
 */
export function PagedListState({
  query,
  fieldErrors,
  loading,
  failed,
}: {
  query: { isPending: boolean; error: Error | null };
  fieldErrors: Record<string, string>;
  /** "Loading …" */
  loading: string;
  /** "Could not load …: <reason>" */
  failed: string;
}) {
  return (
    <>
      {query.isPending && <p className="text-muted">{loading}</p>}
      {query.error && !Object.keys(fieldErrors).length && (
        <p role="alert" className="text-danger">
          {failed}: {query.error.message}
        </p>
      )}
    </>
  );
}

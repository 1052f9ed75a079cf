"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";

/**
 * Filters live in the URL query string (shareable, survive a reload, Back undoes them): read them with
 * `get`, change some with `set` (blank values are removed).
 */
export function useUrlState() {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  // The query string last asked for: two quick changes (before the first navigation lands) build on each
  // other instead of the second undoing the first.
  const pending = useRef<string | null>(null);
  useEffect(() => {
    if (pending.current === searchParams.toString()) pending.current = null;
  }, [searchParams]);
  const get = useCallback((key: string) => searchParams.get(key) ?? "", [searchParams]);
  const set = useCallback(
    (changes: Record<string, string | null | undefined>, { push = false }: { push?: boolean } = {}) => {
      const next = new URLSearchParams(pending.current ?? searchParams.toString());
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === undefined || value === "") next.delete(key);
        else next.set(key, value);
      }
      const search = next.toString();
      if (search === (pending.current ?? searchParams.toString())) return;
      pending.current = search;
      const url = search ? `${pathname}?${search}` : pathname;
      if (push) router.push(url, { scroll: false });
      else router.replace(url, { scroll: false });
    },
    [searchParams, router, pathname],
  );
  return { get, set };
}

// Query-string pieces shared by the console's server-paged logs (the CoA log and the Home dashboard use them;
// the live log's own schema spells the same rules): blank means "no filter", MACs in any usual spelling,
// instants, the opaque (time, id) keyset cursor and the page size — each with the message shown next to
// its field when the server refuses it.
import { z } from "zod";
import { normalizeMac } from "./mac";

/** An absent or blank query parameter is "no filter". */
export const optionalParam = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

/** An endpoint MAC in any usual spelling → 12 upper-case hex digits (the stored form). */
export const macParam = z.string().transform((value, context) => {
  const normalized = normalizeMac(value);
  if (!normalized) {
    context.addIssue({ code: "custom", message: "Enter a full MAC address, e.g. 00:26:B4:24:FE:B4" });
    return z.NEVER;
  }
  return normalized;
});

export const instantParam = z.string().transform((value, context) => {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    context.addIssue({ code: "custom", message: "Enter a date and time" });
    return z.NEVER;
  }
  return date;
});

/** `<ISO time>_<id>`: the (time, id) of the last row of the previous page. */
export const cursorParam = z.string().transform((value, context) => {
  const split = value.lastIndexOf("_");
  const at = new Date(value.slice(0, split));
  const id = value.slice(split + 1);
  if (split < 1 || Number.isNaN(at.getTime()) || !/^[A-Za-z0-9-]{1,64}$/.test(id)) {
    context.addIssue({ code: "custom", message: "This page link is not valid; start again from the newest" });
    return z.NEVER;
  }
  return { at, id };
});

export function encodeCursor(cursor: { at: Date; id: string } | undefined): string | null {
  return cursor ? `${cursor.at.toISOString()}_${cursor.id}` : null;
}

export const pageSizeParam = z.coerce
  .number()
  .int("Enter a whole number")
  .min(1, "Show 1–200 rows per page")
  .max(200, "Show 1–200 rows per page")
  .default(50);

/** The query string as a plain object (a repeated parameter keeps its first value). */
export function searchParamsOf(request: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) out[key] ??= value;
  return out;
}

/** The refinement of a query with a `from`/`to` range: its end is not before its start (the error names `to`). */
export const rangeInOrder: [(query: { from?: Date; to?: Date }) => boolean, { path: PropertyKey[]; message: string }] = [
  (query) => !query.from || !query.to || query.from <= query.to,
  { path: ["to"], message: "The end of the time range is before its start" },
];

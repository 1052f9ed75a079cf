// Query strings of the Live Logs and Live Sessions lists: parsed once with zod (bad values → 422 with the
// field named), and the opaque keyset cursor both lists page with.
import { z } from "zod";
import { normalizeMac } from "@/lib/engine/mdm/mac";

/** An absent or blank query parameter is "no filter". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

const mac = z.string().transform((value, context) => {
  const normalized = normalizeMac(value);
  if (!normalized) {
    context.addIssue({ code: "custom", message: "Enter a full MAC address, e.g. 00:26:B4:24:FE:B4" });
    return z.NEVER;
  }
  return normalized;
});

const instant = z.string().transform((value, context) => {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    context.addIssue({ code: "custom", message: "Enter a date and time" });
    return z.NEVER;
  }
  return date;
});

/** `<ISO time>_<id>`: the (time, id) of the last row of the previous page. */
const cursor = z.string().transform((value, context) => {
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

const take = z.coerce
  .number()
  .int("Enter a whole number")
  .min(1, "Show 1–200 rows per page")
  .max(200, "Show 1–200 rows per page")
  .default(50);

export const liveLogQuerySchema = z
  .object({
    mac: optional(mac),
    nad: optional(z.string().trim().max(64)),
    decision: optional(z.enum(["accept", "reject"], { error: "Choose Accept or Reject" })),
    from: optional(instant),
    to: optional(instant),
    cursor: optional(cursor),
    take,
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    path: ["to"],
    message: "The end of the time range is before its start",
  });

export const sessionQuerySchema = z.object({
  status: optional(z.enum(["active", "ended", "all"], { error: "Choose active, ended or all" })).transform(
    (value) => value ?? "active",
  ),
  mac: optional(mac),
  nad: optional(z.string().trim().max(64)),
  cursor: optional(cursor),
  take,
});

/** The query string as a plain object (a repeated parameter keeps its first value). */
export function searchParamsOf(request: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) out[key] ??= value;
  return out;
}

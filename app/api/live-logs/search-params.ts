// Query strings of the Live Logs and Live Sessions lists: parsed once with zod (bad values → 422 with the
// field named), with the shared list-query pieces (MAC, instants, the opaque keyset cursor, page size).
import { z } from "zod";
import {
  cursorParam,
  encodeCursor,
  instantParam,
  macParam,
  optionalParam,
  pageSizeParam,
  rangeInOrder,
  searchParamsOf,
} from "@/lib/validation/list-query";

export { encodeCursor, searchParamsOf };

export const liveLogQuerySchema = z
  .object({
    mac: optionalParam(macParam),
    nad: optionalParam(z.string().trim().max(64)),
    decision: optionalParam(z.enum(["accept", "reject"], { error: "Choose Accept or Reject" })),
    from: optionalParam(instantParam),
    to: optionalParam(instantParam),
    cursor: optionalParam(cursorParam),
    take: pageSizeParam,
  })
  .refine(...rangeInOrder);

export const sessionQuerySchema = z.object({
  status: optionalParam(z.enum(["active", "ended", "all"], { error: "Choose active, ended or all" })).transform(
    (value) => value ?? "active",
  ),
  mac: optionalParam(macParam),
  nad: optionalParam(z.string().trim().max(64)),
  cursor: optionalParam(cursorParam),
  take: pageSizeParam,
});

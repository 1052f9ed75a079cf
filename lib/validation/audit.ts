// The audit log's query string: filters by administrator, action, object type, words in the summary and time,
// keyset-paged like the other logs.
import { z } from "zod";
import { cursorParam, instantParam, optionalParam, pageSizeParam } from "./list-query";

export const auditQuerySchema = z
  .object({
    actor: optionalParam(z.string().trim().max(64)),
    action: optionalParam(z.string().trim().max(32)),
    entityType: optionalParam(z.string().trim().max(64)),
    text: optionalParam(z.string().trim().max(200, "Search for at most 200 characters")),
    from: optionalParam(instantParam),
    to: optionalParam(instantParam),
    cursor: optionalParam(cursorParam),
    take: pageSizeParam,
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    path: ["to"],
    message: "The end of the time range is before its start",
  });
export type AuditQuery = z.output<typeof auditQuerySchema>;

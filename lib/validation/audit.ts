// The audit log's query string: filters by administrator, action, object type, words in the summary and time,
// keyset-paged like the other logs.
import { z } from "zod";
import { cursorParam, instantParam, optionalParam, pageSizeParam, rangeInOrder } from "./list-query";

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
  .refine(...rangeInOrder);
export type AuditQuery = z.output<typeof auditQuerySchema>;

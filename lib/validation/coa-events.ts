// The CoA log's query string (Operations › RADIUS › CoA Log and GET /api/coa-events), parsed once with zod:
// a bad value is a 422 naming its field, which the page shows next to that filter.
import { z } from "zod";
import { cursorParam, instantParam, macParam, optionalParam, pageSizeParam, rangeInOrder } from "./list-query";

/** What the NAD answered (RFC 5176 §3): ACK, NAK (with an Error-Cause), nothing in time, or no request sent. */
export const coaResults = ["ack", "nak", "timeout", "error"] as const;
export type CoaResult = (typeof coaResults)[number];

/** Why the CoA was sent: a compliance poll found a change, or an admin pressed "Send CoA now". */
export const coaTriggers = ["poll", "manual"] as const;
export type CoaTrigger = (typeof coaTriggers)[number];

export const coaEventQuerySchema = z
  .object({
    mac: optionalParam(macParam),
    /** The NAD's address as logged (the session's source address). */
    nad: optionalParam(z.string().trim().max(64, "Enter an IP address")),
    result: optionalParam(z.enum(coaResults, { error: "Choose ACK, NAK, timeout or error" })),
    trigger: optionalParam(z.enum(coaTriggers, { error: "Choose poll or manual" })),
    from: optionalParam(instantParam),
    to: optionalParam(instantParam),
    cursor: optionalParam(cursorParam),
    take: pageSizeParam,
  })
  .refine(...rangeInOrder);

export type CoaEventQuery = z.output<typeof coaEventQuerySchema>;

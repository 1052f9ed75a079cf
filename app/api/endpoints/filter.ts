import type { EndpointListFilter } from "@/lib/db/endpoints";
import type { EndpointListQuery } from "@/lib/validation/endpoints";

/** The list's URL filters as the data function takes them. */
export function endpointFilterOf(query: EndpointListQuery): EndpointListFilter {
  return {
    search: query.q,
    compliance: query.compliance,
    registered: query.registered,
    session: query.session,
    mdmServerId: query.mdmServer,
    decision: query.decision,
  };
}

import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import {
  countAuthenticationsByBucket,
  countCoaResults,
  listExpiringCertificates,
  listMdmServerHealth,
  summarizeEndpoints,
} from "@/lib/db/dashboard";
import { dashboardQuerySchema, dashboardWindows, windowBuckets, type DashboardJson } from "@/lib/validation/dashboard";
import { searchParamsOf } from "@/lib/validation/list-query";

export const dynamic = "force-dynamic";

/** Certificates ending within this many days are listed. */
const CERTIFICATE_WARNING_DAYS = 30;

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** Everything the Home dashboard shows, for one time window (`?window=1h|24h|7d`, default 24h). Read-only. */
export const GET = withRoute({}, async ({ request }): Promise<DashboardJson> => {
  const { window } = dashboardQuerySchema.parse(searchParamsOf(request));
  const db = getDb();
  const now = new Date();
  const { start, bucketMs, count } = windowBuckets(window, now.getTime());
  const coaFrom = new Date(now.getTime() - dashboardWindows[window].ms);
  const [buckets, endpoints, coa, certificates] = await Promise.all([
    countAuthenticationsByBucket(db, { start: new Date(start), bucketMs, count }),
    summarizeEndpoints(db),
    countCoaResults(db, { from: coaFrom }),
    listExpiringCertificates(db, { now, withinDays: CERTIFICATE_WARNING_DAYS }),
  ]);
  const mdmServers = await listMdmServerHealth(db, { answers: endpoints.answers });
  return {
    window,
    generatedAt: now.toISOString(),
    authentications: {
      bucketMs,
      buckets: buckets.map((bucket) => ({ start: bucket.start.toISOString(), accept: bucket.accept, reject: bucket.reject })),
      totals: {
        accept: buckets.reduce((sum, bucket) => sum + bucket.accept, 0),
        reject: buckets.reduce((sum, bucket) => sum + bucket.reject, 0),
      },
    },
    endpoints: endpoints.compliance,
    mdmServers: mdmServers.map((server) => ({
      ...server,
      lastTestAt: iso(server.lastTestAt),
      lastContactAt: iso(server.lastContactAt),
      lastAnswerAt: iso(server.lastAnswerAt),
    })),
    coa: { from: coaFrom.toISOString(), results: coa },
    certificates: {
      withinDays: CERTIFICATE_WARNING_DAYS,
      items: certificates.map((certificate) => ({ ...certificate, notAfter: certificate.notAfter.toISOString() })),
    },
  };
});

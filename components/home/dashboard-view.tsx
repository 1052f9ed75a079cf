"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { dashboardQuery } from "@/lib/queries/dashboard";
import { dashboardWindowKeys, dashboardWindows, type DashboardWindow } from "@/lib/validation/dashboard";
import { useUrlState } from "../live-logs/url-state";
import { Button } from "../ui/button";
import { Panel } from "../ui/panel";
import { AuthenticationsChart, decisionLabels } from "./authentications-chart";
import { CertificatesPanel, CoaOutcomesPanel, EndpointCompliancePanel, MdmServersPanel } from "./dashboard-panels";
import { EngineStatusPanel } from "./engine-status-panel";

const DEFAULT_WINDOW: DashboardWindow = "24h";

/** The Home dashboard: one query for every figure (refreshed every few seconds), the window in the URL. */
export function DashboardView() {
  const url = useUrlState();
  const asked = url.get("window");
  const window = dashboardWindowKeys.includes(asked as DashboardWindow) ? (asked as DashboardWindow) : DEFAULT_WINDOW;
  const dashboard = useQuery(dashboardQuery(window));
  const data = dashboard.data;
  const now = data ? Date.parse(data.generatedAt) : Date.now();
  const { label } = dashboardWindows[window];

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div role="group" aria-label="Time window" className="flex gap-1">
          {dashboardWindowKeys.map((key) => (
            <Button
              key={key}
              aria-pressed={key === window}
              variant={key === window ? "primary" : "secondary"}
              onClick={() => url.set({ window: key === DEFAULT_WINDOW ? null : key })}
            >
              {dashboardWindows[key].label}
            </Button>
          ))}
        </div>
        <p className="text-muted" aria-live="polite">
          {dashboard.error
            ? `Could not refresh: ${dashboard.error.message}`
            : data
              ? `Updated ${new Date(data.generatedAt).toLocaleTimeString(undefined, { hour12: false })} · refreshes every few seconds`
              : "Loading…"}
        </p>
      </div>

      <Panel title={`Authentications · ${label.toLowerCase()}`}>
        {data ? (
          <>
            <div className="mb-2 flex flex-wrap items-center gap-4">
              {(["accept", "reject"] as const).map((decision) => (
                <Link
                  key={decision}
                  href={`/operations/live-logs?decision=${decision}&range=${window}`}
                  className="inline-flex items-center gap-1.5 hover:underline"
                  data-testid={`authentications-${decision}`}
                >
                  <span
                    aria-hidden
                    className={`inline-block size-2.5 rounded-sm ${decision === "accept" ? "bg-ok" : "bg-danger"}`}
                  />
                  <span className="capitalize">{decisionLabels[decision]}</span>
                  <span className="font-semibold tabular-nums" data-testid={`authentications-${decision}-value`}>
                    {data.authentications.totals[decision].toLocaleString()}
                  </span>
                </Link>
              ))}
              <span className="text-muted">
                per {formatBucket(data.authentications.bucketMs)}; repeated successes counted; select a bar for its events
              </span>
            </div>
            <AuthenticationsChart
              buckets={data.authentications.buckets}
              bucketMs={data.authentications.bucketMs}
              window={window}
            />
          </>
        ) : (
          <p className="text-muted">{dashboard.error ? `Could not load the figures: ${dashboard.error.message}` : "Loading…"}</p>
        )}
      </Panel>

      <div className="grid items-start gap-3 xl:grid-cols-2">
        {data && (
          <>
            <EndpointCompliancePanel endpoints={data.endpoints} />
            <CoaOutcomesPanel coa={data.coa} window={window} label={label} />
            <div className="xl:col-span-2">
              <MdmServersPanel servers={data.mdmServers} now={now} />
            </div>
            <CertificatesPanel certificates={data.certificates} now={now} />
          </>
        )}
        <EngineStatusPanel />
      </div>
    </div>
  );
}

function formatBucket(ms: number): string {
  return ms >= 3_600_000 ? `${ms / 3_600_000} h` : `${ms / 60_000} min`;
}

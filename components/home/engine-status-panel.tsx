"use client";
import { useQuery } from "@tanstack/react-query";
import { engineStatusQuery } from "@/lib/queries/engine";
import { Badge } from "../ui/badge";
import { Panel } from "../ui/panel";

function formatUptime(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return d ? `${d}d ${h}h ${m}m` : h ? `${h}h ${m}m` : m ? `${m}m ${s}s` : `${s}s`;
}

export function EngineStatusPanel() {
  const { data, error, isPending } = useQuery(engineStatusQuery());
  return (
    <Panel title="Engine (RADIUS and compliance service)">
      <div aria-live="polite" data-testid="engine-status">
        {isPending && <p className="text-muted">Checking the engine…</p>}
        {error && <p className="text-danger">Could not ask the server for the engine status: {error.message}</p>}
        {data?.running === true && (
          <div className="grid gap-2">
            <p className="flex items-center gap-2">
              <Badge tone="ok">Running</Badge>
              <span>The engine is up and answering.</span>
            </p>
            <dl className="grid grid-cols-[160px_1fr] gap-y-1">
              <dt className="text-muted">Version</dt>
              <dd>{data.health.version}</dd>
              <dt className="text-muted">Uptime</dt>
              <dd>{formatUptime(data.health.uptimeSeconds)}</dd>
              <dt className="text-muted">Node</dt>
              <dd>{data.health.nodeId}</dd>
              <dt className="text-muted">Database</dt>
              <dd>
                {data.health.database.kind === "sqlite" ? "SQLite (embedded)" : "PostgreSQL"}{" "}
                {data.health.database.ok ? (
                  <Badge tone="ok">reachable</Badge>
                ) : (
                  <>
                    <Badge tone="danger">
                      {data.health.database.error?.startsWith("writes failing") ? "writes failing" : "unreachable"}
                    </Badge>
                    {data.health.database.error && (
                      <span className="mt-1 block text-xs text-muted">
                        {data.health.database.error}. RADIUS goes on answering from memory; the live log catches up when the
                        database is back.
                      </span>
                    )}
                  </>
                )}
              </dd>
              <dt className="text-muted">Configuration version</dt>
              <dd>{data.health.configVersion}</dd>
              {data.supervisor && data.supervisor.restarts > 0 && (
                <>
                  <dt className="text-muted">Restarts</dt>
                  <dd>
                    {data.supervisor.restarts} (last exit code {data.supervisor.lastExitCode ?? "?"}
                    {data.supervisor.lastExitAt ? ` at ${new Date(data.supervisor.lastExitAt).toLocaleString()}` : ""})
                  </dd>
                </>
              )}
            </dl>
          </div>
        )}
        {data?.running === false && (
          <div className="grid gap-2">
            <p className="flex items-center gap-2">
              <Badge tone="danger">Not running</Badge>
              <span className="font-semibold">The engine is not running.</span>
            </p>
            <p>
              While it is down, network devices get no RADIUS answers, and Test Connection and policy simulation are unavailable.
              {data.supervisor?.state === "restarting"
                ? ` It is being restarted automatically (restart ${data.supervisor.restarts}${
                    data.supervisor.nextRestartAt
                      ? `, next attempt at ${new Date(data.supervisor.nextRestartAt).toLocaleTimeString()}`
                      : ""
                  }).`
                : " Start it with npm start (or npm run engine)."}
            </p>
            <p className="text-muted">{data.message}</p>
          </div>
        )}
      </div>
    </Panel>
  );
}

"use client";
import { useQuery } from "@tanstack/react-query";
import { ArrowDown, ArrowUp } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { mdmSettingsQuery, useUpdateMdmSettings, type MdmSettingsJson } from "@/lib/queries/mdm-settings";
import { Alert, ReadOnlyNotice } from "../ui/table-tools";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { PageHeader, Panel } from "../ui/panel";
import { Table, Td, Th } from "../ui/table";
import { useToast } from "../ui/toast";

export function GeneralMdmSettingsView({ canWrite }: { canWrite: boolean }) {
  const query = useQuery(mdmSettingsQuery());
  return (
    <>
      <PageHeader
        title="General MDM Settings"
        description="Which MDM server an endpoint is looked up on, and when Gatehouse asks the next one."
        actions={
          <Link className="text-accent hover:underline" href="/administration/network-resources/external-mdm">
            MDM / UEM Integrations
          </Link>
        }
      />
      {!canWrite && <ReadOnlyNotice>Your role (Read Only) can view these settings; saving is refused.</ReadOnlyNotice>}
      {query.isPending && <p className="text-muted">Loading settings…</p>}
      {query.error && <p className="text-danger">Could not load the settings: {query.error.message}</p>}
      {query.data && <SettingsForm key={JSON.stringify(query.data)} saved={query.data} />}
    </>
  );
}

function SettingsForm({ saved }: { saved: MdmSettingsJson }) {
  const update = useUpdateMdmSettings();
  const toast = useToast();
  const [fallbackOnNotRegistered, setNotRegistered] = useState(saved.fallbackOnNotRegistered);
  const [fallbackOnError, setOnError] = useState(saved.fallbackOnError);
  const [servers, setServers] = useState(saved.servers);
  const [error, setError] = useState<string | null>(null);
  const dirty =
    fallbackOnNotRegistered !== saved.fallbackOnNotRegistered ||
    fallbackOnError !== saved.fallbackOnError ||
    servers.map((s) => s.id).join() !== saved.servers.map((s) => s.id).join();
  const move = (index: number, delta: number) =>
    setServers((list) => {
      const next = [...list];
      const [item] = next.splice(index, 1);
      next.splice(index + delta, 0, item!);
      return next;
    });
  const reset = () => {
    setNotRegistered(saved.fallbackOnNotRegistered);
    setOnError(saved.fallbackOnError);
    setServers(saved.servers);
    setError(null);
  };
  const onSave = () => {
    setError(null);
    update.mutate(
      { fallbackOnNotRegistered, fallbackOnError, lookupOrder: servers.map((s) => s.id) },
      {
        onSuccess: () => toast({ tone: "ok", title: "Saved General MDM Settings" }),
        onError: (e) => setError(e.message),
      },
    );
  };
  return (
    <div className="grid max-w-4xl gap-3">
      <Panel title="Fallback">
        <div className="grid gap-2">
          <label className="flex items-start gap-2">
            <input
              type="checkbox"
              className="mt-0.5"
              checked={fallbackOnNotRegistered}
              onChange={(e) => setNotRegistered(e.target.checked)}
            />
            <span>
              <span className="font-semibold">Query the next MDM server when the endpoint is not registered</span>
              <span className="block text-[12px] text-muted">
                Off: an endpoint unknown to its first server is treated as unregistered.
              </span>
            </span>
          </label>
          <label className="flex items-start gap-2">
            <input type="checkbox" className="mt-0.5" checked={fallbackOnError} onChange={(e) => setOnError(e.target.checked)} />
            <span>
              <span className="font-semibold">Query the next MDM server when the first returns an error</span>
              <span className="block text-[12px] text-muted">
                Off: an error (unreachable, HTTP error, timeout) makes MDMServerReachable = UnReachable.
              </span>
            </span>
          </label>
        </div>
      </Panel>
      <Panel title="Lookup order">
        <p className="mb-2 text-muted">
          An endpoint is looked up on the server it is already associated with; otherwise on the enabled servers in this order.
        </p>
        {servers.length === 0 ? (
          <p className="text-muted">No MDM servers yet.</p>
        ) : (
          <Table label="Lookup order">
            <thead>
              <tr>
                <Th className="w-10">#</Th>
                <Th>Name</Th>
                <Th>Host:Port</Th>
                <Th>Status</Th>
                <Th className="w-24">Move</Th>
              </tr>
            </thead>
            <tbody>
              {servers.map((server, index) => (
                <tr key={server.id}>
                  <Td>{index + 1}</Td>
                  <Td className="font-semibold">{server.name}</Td>
                  <Td className="font-mono text-[12px]">
                    {server.host}:{server.port}
                  </Td>
                  <Td>{server.isEnabled ? <Badge tone="ok">Enabled</Badge> : <Badge>Disabled (skipped)</Badge>}</Td>
                  <Td>
                    <span className="flex gap-1">
                      <Button
                        className="px-1.5"
                        aria-label={`Move ${server.name} up`}
                        disabled={index === 0}
                        onClick={() => move(index, -1)}
                      >
                        <ArrowUp size={12} aria-hidden />
                      </Button>
                      <Button
                        className="px-1.5"
                        aria-label={`Move ${server.name} down`}
                        disabled={index === servers.length - 1}
                        onClick={() => move(index, 1)}
                      >
                        <ArrowDown size={12} aria-hidden />
                      </Button>
                    </span>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Panel>
      {error && <Alert tone="error">{error}</Alert>}
      <div className="flex gap-2">
        <Button variant="primary" onClick={onSave} disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save"}
        </Button>
        <Button onClick={reset} disabled={!dirty || update.isPending}>
          Reset
        </Button>
      </div>
    </div>
  );
}

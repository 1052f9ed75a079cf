"use client";
// The policy's version history: every saved version with author, time and comment; a structural diff of
// any two; restore one (as a new version, so nothing is ever lost).
import { ArrowRight, GitCompare, RotateCcw } from "lucide-react";
import { useState } from "react";
import { usePolicyVersion, usePolicyVersions, useRestorePolicyVersion } from "@/lib/queries/policy";
import { diffPolicyDocuments, type FieldChange, type ItemStatus, type PolicyDiff } from "@/lib/validation/policy-diff";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Dialog } from "../ui/dialog";
import { FormError, Select } from "../ui/field";
import { Panel } from "../ui/panel";
import { Table, Td, Th } from "../ui/table";
import { formatDate } from "../ui/table-tools";
import { useToast } from "../ui/toast";
import { conditionText } from "./condition-text";

function VersionSelect({
  label,
  versions,
  value,
  onChange,
}: {
  label: string;
  versions: { version: number }[];
  value: number | undefined;
  onChange: (version: number) => void;
}) {
  return (
    <Select aria-label={label} value={value ?? ""} onChange={(event) => onChange(Number(event.target.value))} className="w-28">
      {versions.map((entry) => (
        <option key={entry.version} value={entry.version}>
          v{entry.version}
        </option>
      ))}
    </Select>
  );
}

export function PolicyHistory({
  canWrite,
  activeVersion,
  dirty,
  onRestored,
}: {
  canWrite: boolean;
  activeVersion: number | undefined;
  dirty: boolean;
  onRestored: () => void;
}) {
  const versions = usePolicyVersions();
  const [from, setFrom] = useState<number | undefined>(undefined);
  const [to, setTo] = useState<number | undefined>(undefined);
  const [restoring, setRestoring] = useState<number | null>(null);
  const list = versions.data ?? [];
  // Until chosen: the active version against the one before it.
  const toVersion = to ?? list[0]?.version;
  const fromVersion = from ?? list.find((entry) => toVersion !== undefined && entry.version < toVersion)?.version;

  return (
    <div className="grid gap-3">
      <Panel title="Versions">
        {versions.isPending && <p className="text-muted">Loading versions…</p>}
        {versions.error && <p className="text-danger">Could not load the versions: {versions.error.message}</p>}
        {list.length > 0 && (
          <Table label="Policy versions">
            <thead>
              <tr>
                <Th className="w-24">Version</Th>
                <Th className="w-48">Saved</Th>
                <Th className="w-40">Author</Th>
                <Th>Comment</Th>
                <Th className="w-72">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {list.map((entry) => (
                <tr key={entry.version} data-version={entry.version}>
                  <Td className="font-semibold tabular-nums">
                    <span className="inline-flex items-center gap-1.5">
                      v{entry.version}
                      {entry.version === activeVersion && <Badge tone="ok">Active</Badge>}
                    </span>
                  </Td>
                  <Td className="whitespace-nowrap text-muted">{formatDate(entry.createdAt)}</Td>
                  <Td>{entry.author}</Td>
                  <Td className="text-muted">{entry.comment || "—"}</Td>
                  <Td className="whitespace-nowrap text-right">
                    <div className="flex justify-end gap-1">
                      {entry.version !== activeVersion && activeVersion !== undefined && (
                        <Button
                          variant="ghost"
                          aria-label={`Compare version ${entry.version} with the active version`}
                          onClick={() => {
                            setFrom(entry.version);
                            setTo(activeVersion);
                          }}
                        >
                          <GitCompare size={13} aria-hidden /> Compare with active
                        </Button>
                      )}
                      {entry.version !== activeVersion && (
                        <Button
                          variant="ghost"
                          aria-label={`Restore version ${entry.version}`}
                          disabled={!canWrite}
                          title={canWrite ? undefined : "Not allowed: your role (Read Only) cannot restore versions"}
                          onClick={() => setRestoring(entry.version)}
                        >
                          <RotateCcw size={13} aria-hidden /> Restore
                        </Button>
                      )}
                    </div>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Panel>

      {list.length > 1 && (
        <Panel
          title="Differences"
          actions={
            <div className="flex items-center gap-2">
              <VersionSelect label="Older version" versions={list} value={fromVersion} onChange={setFrom} />
              <ArrowRight size={14} aria-hidden className="text-muted" />
              <VersionSelect label="Newer version" versions={list} value={toVersion} onChange={setTo} />
            </div>
          }
        >
          {fromVersion !== undefined && toVersion !== undefined && <VersionDiff from={fromVersion} to={toVersion} />}
        </Panel>
      )}

      <Dialog
        open={restoring !== null}
        onOpenChange={(open) => !open && setRestoring(null)}
        title={restoring !== null ? `Restore version ${restoring}?` : "Restore version"}
      >
        {restoring !== null && (
          <RestoreConfirm
            version={restoring}
            dirty={dirty}
            onDone={(restored) => {
              setRestoring(null);
              if (restored) onRestored();
            }}
          />
        )}
      </Dialog>
    </div>
  );
}

function RestoreConfirm({ version, dirty, onDone }: { version: number; dirty: boolean; onDone: (restored: boolean) => void }) {
  const restore = useRestorePolicyVersion();
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="grid gap-3">
      <p>
        Version {version}&apos;s policy is saved as a new version and becomes active; the RADIUS engine applies it within a
        second. Every version stays in the history.
      </p>
      {dirty && (
        <p className="rounded border border-warn/40 bg-warn/10 px-2 py-1.5">
          Your unsaved changes in the policy builder are discarded.
        </p>
      )}
      <FormError>{error}</FormError>
      <div className="flex justify-end gap-2">
        <Button onClick={() => onDone(false)}>Cancel</Button>
        <Button
          variant="primary"
          disabled={restore.isPending}
          onClick={() =>
            restore.mutate(version, {
              onSuccess: (result) => {
                toast({ tone: "ok", title: `Restored version ${version} as version ${result.version}` });
                onDone(true);
              },
              onError: (caught) => setError(caught.message),
            })
          }
        >
          {restore.isPending ? "Restoring…" : `Restore version ${version}`}
        </Button>
      </div>
    </div>
  );
}

function VersionDiff({ from, to }: { from: number; to: number }) {
  const before = usePolicyVersion(from);
  const after = usePolicyVersion(to);
  if (before.error || after.error) {
    return <p className="text-danger">Could not load a version: {(before.error ?? after.error)?.message}</p>;
  }
  if (!before.data || !after.data)
    return (
      <p className="text-muted">
        Loading versions {from} and {to}…
      </p>
    );
  if (from === to) return <p className="text-muted">Choose two different versions to compare.</p>;
  return <DiffView diff={diffPolicyDocuments(before.data.document, after.data.document)} from={from} to={to} />;
}

const statusTone: Record<ItemStatus, "ok" | "danger" | "info" | "neutral"> = {
  added: "ok",
  removed: "danger",
  changed: "info",
  unchanged: "neutral",
};
const statusLabel: Record<ItemStatus, string> = {
  added: "Added",
  removed: "Removed",
  changed: "Changed",
  unchanged: "Unchanged",
};

function DiffView({ diff, from, to }: { diff: PolicyDiff; from: number; to: number }) {
  if (diff.identical)
    return (
      <p className="text-muted">
        Versions {from} and {to} hold the same policy.
      </p>
    );
  return (
    <div className="grid gap-3" aria-label={`Differences from version ${from} to version ${to}`}>
      {diff.policySets.map((set) => {
        const changedRules = set.rules.filter((rule) => rule.status !== "unchanged" || rule.moved);
        if (set.status === "unchanged" && !set.moved) return null;
        return (
          <section key={set.name} className="rounded border border-border">
            <header className="flex items-center gap-2 border-b border-border bg-sunken px-2 py-1.5">
              <span className="text-muted">Policy set</span>
              <span className="font-semibold">{set.name}</span>
              <StatusBadges status={set.status} moved={set.moved} before={set.positionBefore} after={set.positionAfter} />
            </header>
            <div className="grid gap-2 p-2">
              <Changes changes={set.changes} />
              {changedRules.length > 0 && (
                <ul className="grid gap-2">
                  {changedRules.map((rule) => (
                    <li
                      key={rule.name}
                      data-diff-rule={rule.name}
                      className={cn(
                        "rounded border px-2 py-1.5",
                        rule.status === "added" && "border-ok/40",
                        rule.status === "removed" && "border-danger/40",
                        (rule.status === "changed" || rule.moved) && "border-border",
                      )}
                    >
                      <div className="flex flex-wrap items-center gap-2">
                        <span className={cn("font-semibold", rule.status === "removed" && "line-through")}>{rule.name}</span>
                        <StatusBadges
                          status={rule.status}
                          moved={rule.moved}
                          before={rule.positionBefore}
                          after={rule.positionAfter}
                        />
                      </div>
                      <Changes changes={rule.changes} />
                    </li>
                  ))}
                </ul>
              )}
              {set.rules.length - changedRules.length > 0 && (
                <p className="text-[12px] text-muted">
                  {set.rules.length - changedRules.length} rule{set.rules.length - changedRules.length === 1 ? "" : "s"} unchanged
                </p>
              )}
            </div>
          </section>
        );
      })}
      {diff.libraryConditions.length > 0 && (
        <section className="rounded border border-border">
          <header className="border-b border-border bg-sunken px-2 py-1.5 font-semibold">Library conditions</header>
          <ul className="grid gap-2 p-2">
            {diff.libraryConditions.map((entry) => (
              <li key={entry.name}>
                <span className="font-semibold">{entry.name}</span>{" "}
                <Badge tone={statusTone[entry.status]}>{statusLabel[entry.status]}</Badge>
                <BeforeAfter
                  label="Condition"
                  before={entry.before ? conditionText(entry.before) : undefined}
                  after={entry.after ? conditionText(entry.after) : undefined}
                  mono
                />
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function StatusBadges({ status, moved, before, after }: { status: ItemStatus; moved: boolean; before?: number; after?: number }) {
  return (
    <>
      {status !== "unchanged" && <Badge tone={statusTone[status]}>{statusLabel[status]}</Badge>}
      {moved && (
        <Badge tone="warn">
          Moved #{before} → #{after}
        </Badge>
      )}
    </>
  );
}

const fieldLabels: Record<FieldChange["field"], string> = {
  state: "Status",
  condition: "Conditions",
  profiles: "Profiles",
  securityGroup: "Security group",
};

function Changes({ changes }: { changes: FieldChange[] }) {
  if (changes.length === 0) return null;
  return (
    <dl className="mt-1 grid gap-1">
      {changes.map((change) => (
        <BeforeAfter
          key={change.field}
          label={fieldLabels[change.field]}
          {...formatChange(change)}
          mono={change.field === "condition"}
        />
      ))}
    </dl>
  );
}

function formatChange(change: FieldChange): { before: string; after: string } {
  switch (change.field) {
    case "state":
      return { before: change.before, after: change.after };
    case "condition":
      return { before: conditionText(change.before), after: conditionText(change.after) };
    case "profiles":
      return { before: change.before.join(", "), after: change.after.join(", ") };
    case "securityGroup":
      return { before: change.before ?? "(none)", after: change.after ?? "(none)" };
  }
}

function BeforeAfter({ label, before, after, mono }: { label: string; before?: string; after?: string; mono?: boolean }) {
  return (
    <div className="grid grid-cols-[8rem_1fr] gap-x-2 text-[12px]">
      <dt className="text-muted">{label}</dt>
      <dd className={cn("grid gap-0.5", mono && "font-mono")}>
        {before !== undefined && (
          <span className="rounded bg-danger/10 px-1 text-danger" aria-label={`${label} before`}>
            − {before}
          </span>
        )}
        {after !== undefined && (
          <span className="rounded bg-ok/10 px-1 text-ok" aria-label={`${label} after`}>
            + {after}
          </span>
        )}
      </dd>
    </div>
  );
}

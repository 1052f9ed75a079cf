"use client";
// The simulation panel: describe an endpoint (MAC, GUID, RADIUS and network values, MDM answers given or
// live), run the working copy of the policy — saved or not — in the engine, and see the decision: which
// set and rule matched, a true/false/not-evaluated tree per condition, the profiles and the exact reply.
import { CheckCircle2, CircleDashed, FlaskConical, Plus, Trash2, X, XCircle } from "lucide-react";
import { Dialog as RadixDialog } from "radix-ui";
import { useState } from "react";
import { ApiError } from "@/lib/api/client";
import { useSimulatePolicy } from "@/lib/queries/policy";
import type { SystemDictionary } from "@/lib/validation/dictionaries";
import type { PolicyDocument } from "@/lib/validation/policy";
import type { ConditionTrace, PolicySimulationResult } from "@/lib/validation/policy-simulation";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Field, Input, Select, ValueOptions } from "../ui/field";
import { Alert } from "../ui/table-tools";

const REQUEST_DICTIONARIES = ["Radius", "Network Access", "DEVICE", "CERTIFICATE"];
const NAS_IP = "Radius:NAS-IP-Address";

type AttributeRow = { id: number; attribute: string; value: string };

export function PolicySimulationDrawer({
  open,
  onOpenChange,
  document,
  dirty,
  version,
  dictionaries,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  document: PolicyDocument;
  dirty: boolean;
  version: number;
  dictionaries: SystemDictionary[];
}) {
  const simulate = useSimulatePolicy();
  const [mac, setMac] = useState("");
  const [guid, setGuid] = useState("");
  const [nasIp, setNasIp] = useState("");
  const [rows, setRows] = useState<AttributeRow[]>([]);
  const [mdmMode, setMdmMode] = useState<"live" | "given">("live");
  const [mdmValues, setMdmValues] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  /** The document as it was when the simulation ran: the trace lists its rules, even if edited since. */
  const [simulated, setSimulated] = useState<PolicyDocument | null>(null);
  const mdm = dictionaries.find((dictionary) => dictionary.name === "MDM");
  const requestAttributes = dictionaries
    .filter((dictionary) => REQUEST_DICTIONARIES.includes(dictionary.name))
    .flatMap((dictionary) =>
      dictionary.attributes
        .filter((attribute) => attribute.direction !== "out")
        .map((attribute) => ({ reference: `${dictionary.name}:${attribute.name}`, dictionary: dictionary.name, attribute })),
    )
    .filter((entry) => entry.reference !== NAS_IP && entry.reference !== "Radius:Calling-Station-Id");

  const run = () => {
    setFormError(null);
    if (!mac.trim() && !guid.trim() && mdmMode === "live") {
      setFormError("Enter the endpoint's MAC address or GUID: the live MDM query looks the endpoint up by one of them.");
      return;
    }
    const radius: Record<string, string> = {};
    if (nasIp.trim()) radius[NAS_IP] = nasIp.trim();
    for (const row of rows) if (row.attribute && row.value.trim()) radius[row.attribute] = row.value.trim();
    const values = Object.fromEntries(Object.entries(mdmValues).filter(([, value]) => value.trim() !== ""));
    setSimulated(document);
    simulate.mutate({
      document,
      endpoint: {
        ...(mac.trim() ? { mac: mac.trim() } : {}),
        ...(guid.trim() ? { guid: guid.trim() } : {}),
        ...(Object.keys(radius).length > 0 ? { radius } : {}),
        mdm: mdmMode === "live" ? { mode: "live" } : { mode: "given", values },
      },
    });
  };

  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/30" />
        <RadixDialog.Content className="fixed top-0 right-0 z-50 flex h-full w-[min(760px,96vw)] flex-col border-l border-border bg-panel shadow-xl">
          <header className="flex items-start justify-between gap-2 border-b border-border px-4 py-3">
            <div>
              <RadixDialog.Title className="text-[15px] font-semibold">Policy simulation</RadixDialog.Title>
              <RadixDialog.Description className="mt-0.5 text-muted">
                {dirty
                  ? `Runs your unsaved working copy (based on version ${version}) in the engine. Nothing is saved and no RADIUS is sent.`
                  : `Runs version ${version} in the engine. Nothing is saved and no RADIUS is sent.`}
              </RadixDialog.Description>
            </div>
            <RadixDialog.Close asChild>
              <Button variant="ghost" aria-label="Close the simulation panel">
                <X size={14} aria-hidden />
              </Button>
            </RadixDialog.Close>
          </header>
          <div className="flex-1 overflow-y-auto px-4 py-3">
            <form
              className="grid gap-3"
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                run();
              }}
            >
              <div className="grid grid-cols-3 gap-3">
                <Field label="MAC address" hint="Calling-Station-Id, any notation">
                  {(props) => (
                    <Input
                      {...props}
                      value={mac}
                      onChange={(e) => setMac(e.target.value)}
                      className="font-mono"
                      placeholder="00:11:22:33:44:55"
                    />
                  )}
                </Field>
                <Field label="GUID" hint="The MDM's device GUID">
                  {(props) => <Input {...props} value={guid} onChange={(e) => setGuid(e.target.value)} className="font-mono" />}
                </Field>
                <Field label="Network device IP" hint="Radius:NAS-IP-Address">
                  {(props) => (
                    <Input
                      {...props}
                      value={nasIp}
                      onChange={(e) => setNasIp(e.target.value)}
                      className="font-mono"
                      placeholder="10.0.0.1"
                    />
                  )}
                </Field>
              </div>
              <fieldset className="grid gap-2">
                <legend className="mb-1 text-[12px] font-semibold">Other request attributes</legend>
                {rows.map((row, index) => {
                  const selected = requestAttributes.find((entry) => entry.reference === row.attribute);
                  const update = (patch: Partial<AttributeRow>) =>
                    setRows((list) => list.map((item) => (item.id === row.id ? { ...item, ...patch } : item)));
                  return (
                    <div key={row.id} className="flex items-center gap-2">
                      <Select
                        aria-label={`Attribute ${index + 1}`}
                        value={row.attribute}
                        onChange={(e) => update({ attribute: e.target.value, value: "" })}
                        className="w-72"
                      >
                        <option value="">Choose an attribute…</option>
                        {REQUEST_DICTIONARIES.map((name) => (
                          <optgroup key={name} label={name}>
                            {requestAttributes
                              .filter((entry) => entry.dictionary === name)
                              .map((entry) => (
                                <option key={entry.reference} value={entry.reference}>
                                  {entry.attribute.name}
                                </option>
                              ))}
                          </optgroup>
                        ))}
                      </Select>
                      {selected?.attribute.allowedValues ? (
                        <Select
                          aria-label={`Value of attribute ${index + 1}`}
                          value={row.value}
                          onChange={(e) => update({ value: e.target.value })}
                        >
                          <option value="">Choose a value…</option>
                          <ValueOptions values={selected.attribute.allowedValues} />
                        </Select>
                      ) : (
                        <Input
                          aria-label={`Value of attribute ${index + 1}`}
                          value={row.value}
                          onChange={(e) => update({ value: e.target.value })}
                          placeholder={selected ? selected.attribute.dataType : "value"}
                        />
                      )}
                      <Button
                        variant="ghost"
                        aria-label={`Remove attribute ${index + 1}`}
                        onClick={() => setRows((list) => list.filter((item) => item.id !== row.id))}
                      >
                        <Trash2 size={13} aria-hidden />
                      </Button>
                    </div>
                  );
                })}
                <div>
                  <Button
                    onClick={() => setRows((list) => [...list, { id: Date.now() + list.length, attribute: "", value: "" }])}
                  >
                    <Plus size={13} aria-hidden /> Add attribute
                  </Button>
                </div>
              </fieldset>
              <fieldset className="grid gap-2">
                <legend className="mb-1 text-[12px] font-semibold">MDM attributes</legend>
                <label className="flex items-center gap-2">
                  <input type="radio" name="mdm-mode" checked={mdmMode === "live"} onChange={() => setMdmMode("live")} />
                  As its MDM answers now (a live query of the endpoint&apos;s MDM server)
                </label>
                <label className="flex items-center gap-2">
                  <input type="radio" name="mdm-mode" checked={mdmMode === "given"} onChange={() => setMdmMode("given")} />
                  Given values (no MDM query)
                </label>
                {mdmMode === "given" && mdm && (
                  <div className="grid grid-cols-2 gap-x-3 gap-y-2 rounded border border-border p-2">
                    {mdm.attributes.map((attribute) => (
                      <label key={attribute.name} className="grid gap-0.5">
                        <span className="text-[12px] text-muted">{attribute.name}</span>
                        {attribute.allowedValues ? (
                          <Select
                            aria-label={`MDM ${attribute.name}`}
                            value={mdmValues[attribute.name] ?? ""}
                            onChange={(e) => setMdmValues((values) => ({ ...values, [attribute.name]: e.target.value }))}
                          >
                            <option value="">(not reported)</option>
                            <ValueOptions values={attribute.allowedValues} />
                          </Select>
                        ) : (
                          <Input
                            aria-label={`MDM ${attribute.name}`}
                            value={mdmValues[attribute.name] ?? ""}
                            placeholder="(not reported)"
                            onChange={(e) => setMdmValues((values) => ({ ...values, [attribute.name]: e.target.value }))}
                          />
                        )}
                      </label>
                    ))}
                  </div>
                )}
              </fieldset>
              {formError && <Alert tone="error">{formError}</Alert>}
              <div>
                <Button type="submit" variant="primary" disabled={simulate.isPending}>
                  <FlaskConical size={14} aria-hidden /> {simulate.isPending ? "Running…" : "Run simulation"}
                </Button>
              </div>
            </form>
            <div className="mt-4">
              {simulate.error && (
                <Alert
                  tone="error"
                  title={
                    simulate.error instanceof ApiError && simulate.error.status === 503
                      ? "The RADIUS engine is not running"
                      : "The simulation failed"
                  }
                >
                  {simulate.error.message}
                  {simulate.error instanceof ApiError &&
                    Object.entries(simulate.error.fields).map(([key, message]) => (
                      <p key={key}>
                        {key}: {message}
                      </p>
                    ))}
                </Alert>
              )}
              {simulate.data && !simulate.isPending && (
                <SimulationResult result={simulate.data} document={simulated ?? document} />
              )}
            </div>
          </div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

function SimulationResult({ result, document }: { result: PolicySimulationResult; document: PolicyDocument }) {
  const accepted = result.reply.code === "Access-Accept";
  return (
    <section aria-label="Simulation result" className="grid gap-3">
      <div className={cn("rounded border px-3 py-2", accepted ? "border-ok/40 bg-ok/10" : "border-danger/40 bg-danger/10")}>
        <p className="text-[14px] font-semibold" data-testid="simulation-decision">
          {result.reply.code}
          {result.rule ? (
            <span className="font-normal">
              {" "}
              — matched rule <strong>{result.rule}</strong> in policy set <strong>{result.policySet}</strong>
            </span>
          ) : (
            <span className="font-normal"> — no rule matched</span>
          )}
        </p>
        <p className="mt-0.5">
          Profiles: {result.profiles.length > 0 ? result.profiles.join(", ") : "—"}
          {result.monitored.length > 0 && (
            <span className="text-muted"> · monitor rules that matched: {result.monitored.join(", ")}</span>
          )}
        </p>
      </div>
      {result.mdm && (
        <div className="rounded border border-border p-2">
          <p className="mb-1 font-semibold">
            MDM answer (
            {result.mdm.source === "live" ? `live${result.mdm.serverName ? ` from ${result.mdm.serverName}` : ""}` : "given"}
            {result.mdm.latencyMs !== undefined ? `, ${Math.round(result.mdm.latencyMs)} ms` : ""})
          </p>
          {result.mdm.error && <p className="text-danger">{result.mdm.error}</p>}
          {Object.keys(result.mdm.values).length > 0 ? (
            <dl className="grid grid-cols-[14rem_1fr] gap-x-2 font-mono text-[12px]">
              {Object.entries(result.mdm.values).map(([name, value]) => (
                <div key={name} className="contents">
                  <dt className="text-muted">MDM:{name}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="text-muted">No MDM attribute was needed or reported.</p>
          )}
        </div>
      )}
      <div>
        <h3 className="mb-1 font-semibold">RADIUS reply</h3>
        {result.reply.attributes.length === 0 ? (
          <p className="text-muted">{result.reply.code} without attributes.</p>
        ) : (
          <table aria-label="RADIUS reply attributes" className="w-full border-collapse text-left font-mono text-[12px]">
            <tbody>
              {result.reply.attributes.map((attribute, index) => (
                <tr key={index} className="border-b border-border">
                  <td className="w-72 py-1 pr-2 text-muted">
                    {attribute.name}
                    {attribute.tag !== undefined ? `:${attribute.tag}` : ""}
                  </td>
                  <td className="py-1">{attribute.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div>
        <h3 className="mb-1 font-semibold">Evaluation trace</h3>
        <ol className="grid gap-1.5" aria-label="Evaluation trace">
          {result.sets.map((set) => (
            <li key={`set-${set.policySet}`} className="rounded border border-border p-2">
              <p className="flex items-center gap-2">
                <Verdict value={set.matched} />
                <span>
                  Policy set <strong>{set.policySet}</strong>
                </span>
              </p>
              {set.condition && <TraceTree node={set.condition} />}
              {set.matched && (
                <ol className="mt-2 grid gap-1.5 border-l border-border pl-3">
                  {rulesOf(document, set.policySet).map((rule) => {
                    const entry = result.trace.find((item) => item.policySet === set.policySet && item.rule === rule.name);
                    if (!entry) {
                      // The engine traces what it evaluated; the rest of the set is listed so the trace reads like the table.
                      return (
                        <li key={rule.name} data-trace-rule={rule.name} className="text-muted">
                          <p className="flex items-center gap-2">
                            <Verdict value={null} />
                            <span>{rule.name}</span>
                            {rule.state === "disabled" ? (
                              <Badge tone="neutral">disabled — skipped</Badge>
                            ) : (
                              <span>(not evaluated: a rule above matched)</span>
                            )}
                          </p>
                        </li>
                      );
                    }
                    return (
                      <li key={rule.name} data-trace-rule={rule.name}>
                        <p className="flex items-center gap-2">
                          <Verdict value={entry.matched} />
                          <span className={cn(entry.matched && "font-semibold")}>{entry.rule}</span>
                          {entry.state !== "enabled" && <Badge tone="warn">{entry.state}</Badge>}
                          {!entry.condition && <span className="text-muted">(no condition)</span>}
                        </p>
                        {entry.condition && <TraceTree node={entry.condition} />}
                      </li>
                    );
                  })}
                </ol>
              )}
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}

/** The simulated set's rules in evaluation order. */
function rulesOf(document: PolicyDocument, setName: string): { name: string; state: string }[] {
  const set = document.policySets.find((entry) => entry.name === setName);
  return set ? [...set.rules].sort((a, b) => a.rank - b.rank) : [];
}

function Verdict({ value }: { value: boolean | null }) {
  if (value === null)
    return (
      <span className="inline-flex items-center gap-1 text-muted" title="Not evaluated (an earlier part already decided)">
        <CircleDashed size={13} aria-hidden />
        <span className="sr-only">not evaluated</span>
      </span>
    );
  return value ? (
    <span className="inline-flex items-center text-ok">
      <CheckCircle2 size={13} aria-hidden />
      <span className="sr-only">true</span>
    </span>
  ) : (
    <span className="inline-flex items-center text-danger">
      <XCircle size={13} aria-hidden />
      <span className="sr-only">false</span>
    </span>
  );
}

function TraceTree({ node }: { node: ConditionTrace }) {
  return (
    <ul className="mt-1 ml-5 grid gap-0.5 font-mono text-[12px]">
      <TraceNode node={node} />
    </ul>
  );
}

function TraceNode({ node }: { node: ConditionTrace }) {
  return (
    <li>
      <span className={cn("inline-flex items-start gap-1.5", node.result === null && "text-muted")}>
        <Verdict value={node.result} />
        <span>
          {node.label}
          {node.actual !== undefined && (
            <span className="text-muted"> (value: {node.actual === null ? "absent" : node.actual})</span>
          )}
        </span>
      </span>
      {node.children && node.children.length > 0 && (
        <ul className="ml-5 grid gap-0.5 border-l border-border pl-2">
          {node.children.map((child, index) => (
            <TraceNode key={index} node={child} />
          ))}
        </ul>
      )}
    </li>
  );
}

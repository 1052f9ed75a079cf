"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, PlugZap } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type ReactNode } from "react";
import { Controller, useForm, type Resolver } from "react-hook-form";
import { ApiError } from "@/lib/api/client";
import { mdmServerQuery, useSaveMdmServer, useTestMdmConnection, type SaveMdmServerResponse } from "@/lib/queries/mdm-servers";
import type { TestConnectionResult } from "@/lib/validation/mdm-connection";
import {
  authTypeLabels,
  createMdmServerSchema,
  deviceIdentifierLabels,
  deviceIdentifierSources,
  mdmServerFormSchema,
  mdmTestConnectionSchema,
  serverTypeLabels,
  type MdmServerForm,
  type MdmServerFormInput,
  type MdmServerJson,
} from "@/lib/validation/mdm-server";
import { Alert, formatDate, ReadOnlyNotice } from "../ui/table-tools";
import { Button } from "../ui/button";
import { Field, Input, Select } from "../ui/field";
import { PageHeader, Panel } from "../ui/panel";
import { useToast } from "../ui/toast";
import { cn } from "../ui/cn";
import { MdmServerStatus } from "./mdm-status";
import { TestConnectionResultView, TestConnectionRunning } from "./test-connection-result";

const listPath = "/administration/network-resources/external-mdm";

type Values = MdmServerFormInput;
type FieldName = keyof Values;

const emptyValues: Values = {
  name: "",
  serverType: "mdm",
  authType: "basic",
  host: "",
  port: 443,
  instance: "",
  username: "",
  password: "",
  description: "",
  pollingIntervalMinutes: 0,
  cacheExpirationMinutes: 60,
  deviceIdentifiers: [...deviceIdentifierSources],
  isEnabled: true,
};

function toValues(server: MdmServerJson): Values {
  return {
    name: server.name,
    serverType: server.serverType,
    authType: server.authType,
    host: server.host,
    port: server.port,
    instance: server.instance ?? "",
    username: server.username,
    password: "",
    description: server.description ?? "",
    pollingIntervalMinutes: server.pollingIntervalMinutes,
    cacheExpirationMinutes: server.cacheExpirationMinutes,
    deviceIdentifiers: server.deviceIdentifiers,
    isEnabled: server.isEnabled,
  };
}

type Outcome =
  | { kind: "test"; result: TestConnectionResult }
  | { kind: "save"; response: SaveMdmServerResponse }
  | { kind: "error"; title: string; message: string };

export function MdmServerFormView({ server: initial, canWrite }: { server?: MdmServerJson; canWrite: boolean }) {
  const router = useRouter();
  const toast = useToast();
  const [serverId, setServerId] = useState<string | undefined>(initial?.id);
  const serverIdRef = useRef(serverId);
  serverIdRef.current = serverId;
  const serverQuery = useQuery({ ...mdmServerQuery(serverId ?? "none"), enabled: Boolean(serverId), initialData: initial });
  const server = serverId ? serverQuery.data : undefined;
  const test = useTestMdmConnection();
  const save = useSaveMdmServer(serverId);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  // One resolver that follows create vs edit: the password is required only on create.
  const resolver: Resolver<Values, unknown, MdmServerForm> = (values, context, options) =>
    zodResolver(
      // Same fields and output; the create schema only makes the password required.
      serverIdRef.current ? mdmServerFormSchema : (createMdmServerSchema as unknown as typeof mdmServerFormSchema),
    )(values, context, options);
  const form = useForm<Values, unknown, MdmServerForm>({
    resolver,
    defaultValues: initial ? toValues(initial) : emptyValues,
    mode: "onTouched",
  });
  const errors = form.formState.errors;
  const busy = test.isPending || save.isPending;

  const showApiError = (error: Error, title: string) => {
    if (error instanceof ApiError) {
      for (const [field, message] of Object.entries(error.fields))
        if (field in emptyValues) form.setError(field as FieldName, { message }, { shouldFocus: true });
    }
    setOutcome({ kind: "error", title, message: error.message });
  };

  const onTestConnection = async () => {
    setFormError(null);
    const values = form.getValues();
    const input = {
      host: values.host,
      port: values.port,
      instance: values.instance,
      username: values.username,
      password: values.password || undefined,
      mdmServerId: serverId,
    };
    const parsed = mdmTestConnectionSchema.safeParse(input);
    if (!parsed.success) {
      await form.trigger(["host", "port", "instance", "username"]);
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as FieldName | undefined;
        if (field && field in emptyValues) form.setError(field, { message: issue.message });
      }
      setOutcome(null);
      return;
    }
    setOutcome(null);
    test.mutate(input, {
      onSuccess: ({ result }) => setOutcome({ kind: "test", result }),
      onError: (error) => showApiError(error, "Test Connection could not run"),
    });
  };

  const onSave = form.handleSubmit(
    (values) => {
      setFormError(null);
      setOutcome(null);
      save.mutate(values, {
        onSuccess: (response) => {
          const isNew = !serverId;
          setServerId(response.server.id);
          form.reset(toValues(response.server));
          setOutcome({ kind: "save", response });
          if (isNew) window.history.replaceState(null, "", `${listPath}/${response.server.id}`);
          toast(
            response.savedDisabledBecause
              ? {
                  tone: "error",
                  title: `Saved ${response.server.name} with Enable off`,
                  description: response.savedDisabledBecause,
                }
              : { tone: "ok", title: `Saved ${response.server.name}` },
          );
        },
        onError: (error) => showApiError(error, "Not saved"),
      });
    },
    () => setFormError("Some fields are not valid; see the messages next to them. Nothing was saved."),
  );

  const target = `${form.watch("host") || "the server"}:${form.watch("port")}`;

  return (
    <>
      <PageHeader
        title={server ? server.name : "New MDM server"}
        description={
          server ? (
            <span className="inline-flex items-center gap-2">
              <MdmServerStatus server={server} />
            </span>
          ) : (
            "An MDM / UEM server Gatehouse queries over HTTPS with the ISE MDM API."
          )
        }
        actions={
          <Link className="text-accent hover:underline" href={listPath}>
            Back to MDM / UEM Integrations
          </Link>
        }
      />
      {!canWrite && (
        <ReadOnlyNotice>Your role (Read Only) can view this server; Test Connection and Save are refused.</ReadOnlyNotice>
      )}
      <form onSubmit={onSave} noValidate className="grid gap-3 xl:grid-cols-[minmax(0,1fr)_420px]">
        <div className="grid content-start gap-3">
          <Panel title="General">
            <div className="grid gap-3 md:grid-cols-2">
              <Field label="Name" required error={errors.name?.message}>
                {(props) => <Input {...props} autoComplete="off" {...form.register("name")} />}
              </Field>
              <Field label="Description" error={errors.description?.message}>
                {(props) => <Input {...props} {...form.register("description")} />}
              </Field>
              <Field label="Server Type" required error={errors.serverType?.message}>
                {(props) => (
                  <Select {...props} {...form.register("serverType")}>
                    {(Object.keys(serverTypeLabels) as (keyof typeof serverTypeLabels)[]).map((type) => (
                      <option key={type} value={type}>
                        {serverTypeLabels[type]}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              <Field label="Authentication Type" required error={errors.authType?.message}>
                {(props) => (
                  <Select {...props} {...form.register("authType")}>
                    {(Object.keys(authTypeLabels) as (keyof typeof authTypeLabels)[]).map((type) => (
                      <option key={type} value={type}>
                        {authTypeLabels[type]}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
            </div>
          </Panel>
          <Panel title="Connection">
            <div className="grid gap-3 md:grid-cols-[minmax(0,1fr)_120px]">
              <Field
                label="Host / IP Address"
                required
                error={errors.host?.message}
                hint="Host name or IP address only; the API path is added automatically."
              >
                {(props) => <Input {...props} autoComplete="off" spellCheck={false} {...form.register("host")} />}
              </Field>
              <Field label="Port" required error={errors.port?.message}>
                {(props) => (
                  <Input {...props} type="number" min={1} max={65535} {...form.register("port", { valueAsNumber: true })} />
                )}
              </Field>
              <Field
                label="Instance Name"
                error={errors.instance?.message}
                hint="Leave blank unless your cloud MDM provider gave you one (multi-tenant deployments)."
              >
                {(props) => <Input {...props} autoComplete="off" spellCheck={false} {...form.register("instance")} />}
              </Field>
              <div />
              <Field
                label="User Name"
                required
                error={errors.username?.message}
                hint="An MDM account with the MDM REST API role."
              >
                {(props) => <Input {...props} autoComplete="off" spellCheck={false} {...form.register("username")} />}
              </Field>
              <div />
              <Field
                label="Password"
                required={!serverId}
                error={errors.password?.message}
                hint={serverId ? "Stored encrypted and never shown. Leave blank to keep the stored password." : undefined}
              >
                {(props) => <Input {...props} type="password" autoComplete="new-password" {...form.register("password")} />}
              </Field>
            </div>
          </Panel>
          <Panel title="Compliance">
            <div className="grid gap-3 md:grid-cols-2">
              <Field
                label="Polling Interval (minutes)"
                required
                error={errors.pollingIntervalMinutes?.message}
                hint={
                  <>
                    0 turns polling off (default); otherwise 15 to 1440 minutes. Each interval Gatehouse asks the MDM for its
                    non-compliant devices and sends a RADIUS CoA for every connected endpoint whose compliance changed. A CoA
                    makes the device re-authenticate: a Wi-Fi client re-associates and a VoIP call may lose audio for a moment.
                  </>
                }
              >
                {(props) => (
                  <Input
                    {...props}
                    type="number"
                    min={0}
                    max={1440}
                    {...form.register("pollingIntervalMinutes", { valueAsNumber: true })}
                  />
                )}
              </Field>
              <Field
                label="Compliance Cache Expiration (minutes)"
                required
                error={errors.cacheExpirationMinutes?.message}
                hint="1 minute to 7 days (10080 minutes); default 60."
              >
                {(props) => (
                  <Input
                    {...props}
                    type="number"
                    min={1}
                    max={10080}
                    {...form.register("cacheExpirationMinutes", { valueAsNumber: true })}
                  />
                )}
              </Field>
            </div>
          </Panel>
          <Panel title="Device Identifier">
            <Controller
              control={form.control}
              name="deviceIdentifiers"
              render={({ field, fieldState }) => (
                <DeviceIdentifierList value={field.value ?? []} onChange={field.onChange} error={fieldState.error?.message} />
              )}
            />
          </Panel>
          <Panel>
            <label className="flex items-center gap-2 font-semibold">
              <input type="checkbox" {...form.register("isEnabled")} /> Enable
            </label>
            <p className="mt-1 text-[12px] text-muted">
              Save checks the connection first; if it fails, the server is saved with Enable turned off.
            </p>
          </Panel>
          <div className="sticky bottom-0 flex flex-wrap items-center gap-2 border-t border-border bg-bg py-2">
            <Button onClick={() => void onTestConnection()} disabled={busy}>
              <PlugZap size={14} aria-hidden /> {test.isPending ? "Testing…" : "Test Connection"}
            </Button>
            <Button type="submit" variant="primary" disabled={busy}>
              {save.isPending ? "Saving…" : "Save"}
            </Button>
            <Button
              disabled={busy}
              onClick={() => {
                form.reset(server ? toValues(server) : emptyValues);
                setOutcome(null);
                setFormError(null);
              }}
            >
              Reset
            </Button>
            <Button disabled={busy} onClick={() => router.push(listPath)}>
              Cancel
            </Button>
            {formError && (
              <p role="alert" className="text-danger">
                {formError}
              </p>
            )}
          </div>
        </div>
        <div className="grid content-start gap-3">
          <Panel title="Result">
            <div aria-live="polite" className="grid gap-2">
              {test.isPending && <TestConnectionRunning label="Testing the connection to" target={target} />}
              {save.isPending && <TestConnectionRunning label="Checking the connection and saving" target={target} />}
              {!busy && !outcome && (
                <p className="text-muted">
                  Test Connection checks DNS, TCP, TLS against the trusted certificates, authentication and mdminfo with the
                  values in the form, saved or not.
                </p>
              )}
              {!busy && outcome && <OutcomeView outcome={outcome} />}
            </div>
          </Panel>
          {server && <DiscoveryPanel server={server} />}
        </div>
      </form>
    </>
  );
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === "error")
    return (
      <Alert tone="error" title={outcome.title}>
        {outcome.message}
      </Alert>
    );
  if (outcome.kind === "test") return <TestConnectionResultView result={outcome.result} />;
  const { response } = outcome;
  return (
    <div className="grid gap-2">
      {response.savedDisabledBecause ? (
        <Alert tone="warn" title="Saved with Enable turned off">
          The connection check failed, so {response.server.name} was saved disabled: {response.savedDisabledBecause} Fix the
          settings, then check Enable and save again.
        </Alert>
      ) : (
        <Alert tone="ok" title={`Saved ${response.server.name}`}>
          {response.server.isEnabled ? "Enabled: Gatehouse queries it for endpoints." : "Saved disabled, as requested."}
        </Alert>
      )}
      {response.test && <TestConnectionResultView result={response.test} />}
    </div>
  );
}

function DiscoveryPanel({ server }: { server: MdmServerJson }) {
  const rows: [string, ReactNode][] = [
    ["API version", server.apiVersion ?? "—"],
    ["API path", server.apiPath ?? "—"],
    ["Vendor", server.vendor ?? "—"],
    ["Product", [server.productName, server.productVersion].filter(Boolean).join(" ") || "—"],
    ["Redirect URL", server.redirectUrl ?? "—"],
    ["Query max size", server.queryMaxSize ?? "—"],
    ["Messaging support", server.messagingSupport === null ? "—" : server.messagingSupport ? "yes" : "no"],
    ["Last test", server.lastTestMessage ? `${server.lastTestMessage} (${formatDate(server.lastTestAt)})` : "never"],
    ["Last successful contact", formatDate(server.lastContactAt)],
  ];
  return (
    <Panel title="Discovered (mdminfo)">
      <dl className="grid grid-cols-[150px_minmax(0,1fr)] gap-x-2 gap-y-1 text-[12px]">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-muted">{label}</dt>
            <dd className="break-all">{value}</dd>
          </div>
        ))}
      </dl>
    </Panel>
  );
}

type Source = (typeof deviceIdentifierSources)[number];

const moveButtonClass =
  "inline-flex h-7 w-7 items-center justify-center rounded border border-border bg-panel hover:bg-sunken disabled:cursor-not-allowed disabled:opacity-30";

/** The ordered device identifier sources (reference §2): tick the ones to use, arrange their order. */
function DeviceIdentifierList({
  value,
  onChange,
  error,
}: {
  value: Source[];
  onChange: (value: Source[]) => void;
  error?: string;
}) {
  const [order, setOrder] = useState<Source[]>(() => [...value, ...deviceIdentifierSources.filter((s) => !value.includes(s))]);
  // Keep the displayed order in step with a reset of the form.
  const shown = value.every((v, i) => order.filter((s) => value.includes(s))[i] === v)
    ? order
    : [...value, ...deviceIdentifierSources.filter((s) => !value.includes(s))];
  const emit = (next: Source[], checked: Set<Source>) => {
    setOrder(next);
    onChange(next.filter((s) => checked.has(s)));
  };
  const checked = new Set(value);
  const move = (index: number, delta: number) => {
    const next = [...shown];
    const [item] = next.splice(index, 1);
    next.splice(index + delta, 0, item!);
    emit(next, checked);
  };
  return (
    <fieldset className="grid gap-1">
      <legend className="mb-1 text-[12px] text-muted">
        Tried top-down; the first source present in the request identifies the device.
      </legend>
      <ol className={cn("grid gap-1", error && "rounded border border-danger p-1")}>
        {shown.map((source, index) => (
          <li key={source} className="flex items-center gap-2">
            <label className="flex w-64 items-center gap-2">
              <input
                type="checkbox"
                checked={checked.has(source)}
                onChange={(event) => {
                  const next = new Set(checked);
                  if (event.target.checked) next.add(source);
                  else next.delete(source);
                  emit(shown, next);
                }}
              />
              {deviceIdentifierLabels[source]}
            </label>
            <button
              type="button"
              className={moveButtonClass}
              aria-label={`Move ${deviceIdentifierLabels[source]} up`}
              disabled={index === 0}
              onClick={() => move(index, -1)}
            >
              <ArrowUp size={12} aria-hidden />
            </button>
            <button
              type="button"
              className={moveButtonClass}
              aria-label={`Move ${deviceIdentifierLabels[source]} down`}
              disabled={index === shown.length - 1}
              onClick={() => move(index, 1)}
            >
              <ArrowDown size={12} aria-hidden />
            </button>
          </li>
        ))}
      </ol>
      {error && (
        <p role="alert" className="text-[12px] text-danger">
          {error}
        </p>
      )}
    </fieldset>
  );
}

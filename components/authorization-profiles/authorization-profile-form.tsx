"use client";
import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, Lock, Plus, Trash2, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { ApiError } from "@/lib/api/client";
import {
  useAuthorizationProfiles,
  useCreateAuthorizationProfile,
  useUpdateAuthorizationProfile,
  type AuthorizationProfileView,
} from "@/lib/queries/authorization-profiles";
import { mdmServerListQuery } from "@/lib/queries/mdm-servers";
import {
  accessTypes,
  authorizationProfileSchema,
  profileReplyPreview,
  type AuthorizationProfileInput,
} from "@/lib/validation/authorization-profile";
import { radiusDictionaryAttributes } from "@/lib/validation/dictionaries";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Field, FormError, Input, Select, ValueOptions } from "../ui/field";
import { PageHeader } from "../ui/panel";
import { Alert, ReadOnlyNotice } from "../ui/table-tools";
import { useToast } from "../ui/toast";
import { profilesPath } from "./authorization-profiles-view";
import { DeleteProfileDialog } from "./delete-profile-dialog";

/** Attributes an advanced pair may set: those an Access-Accept carries (the schema enforces the same). */
const replyAttributes = radiusDictionaryAttributes.filter((attribute) => attribute.direction !== "in");
const replyAttributeByName = new Map(replyAttributes.map((attribute) => [attribute.name, attribute]));

/** The form's own state: every box as typed, plus ISE's Common Tasks check boxes. */
type FormState = {
  name: string;
  description: string;
  accessType: (typeof accessTypes)[number];
  hasVlan: boolean;
  vlan: string;
  hasDacl: boolean;
  dacl: string;
  hasFilterId: boolean;
  filterId: string;
  hasRedirect: boolean;
  redirectAcl: string;
  redirectMdmServerId: string;
  hasReauth: boolean;
  sessionTimeout: string;
  advancedAttributes: { name: string; value: string }[];
};

function initialState(profile: AuthorizationProfileView | undefined, copy: boolean): FormState {
  return {
    name: profile ? (copy ? `Copy of ${profile.name}`.slice(0, 64) : profile.name) : "",
    description: profile?.description ?? "",
    accessType: profile?.accessType ?? "ACCESS_ACCEPT",
    hasVlan: Boolean(profile?.vlan),
    vlan: profile?.vlan ?? "",
    hasDacl: Boolean(profile?.dacl),
    dacl: profile?.dacl ?? "",
    hasFilterId: Boolean(profile?.filterId),
    filterId: profile?.filterId ?? "",
    hasRedirect: profile?.redirectType === "mdm-redirect",
    redirectAcl: profile?.redirectAcl ?? "",
    redirectMdmServerId: profile?.redirectMdmServerId ?? "",
    hasReauth: profile?.sessionTimeout !== undefined,
    sessionTimeout: profile?.sessionTimeout !== undefined ? String(profile.sessionTimeout) : "",
    advancedAttributes: profile?.advancedAttributes.map((pair) => ({ ...pair })) ?? [],
  };
}

/** What the API receives: a task that is not ticked is not set. */
function candidate(state: FormState) {
  const accept = state.accessType === "ACCESS_ACCEPT";
  return {
    name: state.name,
    description: state.description,
    accessType: state.accessType,
    vlan: accept && state.hasVlan ? state.vlan : "",
    dacl: accept && state.hasDacl ? state.dacl : "",
    filterId: accept && state.hasFilterId ? state.filterId : "",
    redirectType: accept && state.hasRedirect ? "mdm-redirect" : "",
    redirectAcl: accept && state.hasRedirect ? state.redirectAcl : "",
    redirectMdmServerId: accept && state.hasRedirect ? state.redirectMdmServerId : "",
    sessionTimeout:
      accept && state.hasReauth ? (state.sessionTimeout.trim() === "" ? Number.NaN : Number(state.sessionTimeout)) : undefined,
    advancedAttributes: accept ? state.advancedAttributes : [],
  };
}

export function AuthorizationProfileForm({
  profileId,
  copyFromId,
  canWrite,
}: {
  profileId?: string;
  copyFromId?: string;
  canWrite: boolean;
}) {
  const list = useAuthorizationProfiles();
  const sourceId = profileId ?? copyFromId;
  if (list.isPending) return <p className="text-muted">Loading the authorization profile…</p>;
  if (list.error) return <p className="text-danger">Could not load authorization profiles: {list.error.message}</p>;
  const profile = sourceId ? list.data.find((row) => row.id === sourceId) : undefined;
  if (sourceId && !profile) {
    return (
      <>
        <BackLink />
        <Alert tone="error" title="This authorization profile does not exist">
          It may have been deleted. Go back to the list of authorization profiles.
        </Alert>
      </>
    );
  }
  return (
    <ProfileEditor
      key={`${profileId ?? "new"}:${copyFromId ?? ""}`}
      profile={profileId ? profile : undefined}
      initial={initialState(profile, Boolean(copyFromId))}
      canWrite={canWrite}
    />
  );
}

function BackLink() {
  return (
    <Link href={profilesPath} className="mb-2 inline-flex items-center gap-1 text-accent hover:underline">
      <ArrowLeft size={13} aria-hidden /> Authorization Profiles
    </Link>
  );
}

function ProfileEditor({
  profile,
  initial,
  canWrite,
}: {
  profile: AuthorizationProfileView | undefined;
  initial: FormState;
  canWrite: boolean;
}) {
  const router = useRouter();
  const toast = useToast();
  const create = useCreateAuthorizationProfile();
  const update = useUpdateAuthorizationProfile();
  const servers = useQuery(mdmServerListQuery());
  const [state, setState] = useState<FormState>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const readOnly = !canWrite || Boolean(profile?.isBuiltIn);
  const isDirty = JSON.stringify(state) !== JSON.stringify(initial);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setState((current) => ({ ...current, [key]: value }));
  const pending = create.isPending || update.isPending;

  const parsed = authorizationProfileSchema.safeParse(candidate(state));
  // The preview follows the form as typed; invalid boxes are shown by their errors on save.
  const preview = profileReplyPreview(parsed.success ? parsed.data : previewFallback(state));

  const save = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) next[issue.path.join(".")] ??= issue.message;
      setErrors(next);
      setFormError("Correct the highlighted fields.");
      return;
    }
    setErrors({});
    const onError = (error: Error) => {
      if (error instanceof ApiError) setErrors(error.fields);
      setFormError(error.message);
    };
    const onSuccess = (saved: AuthorizationProfileView) => {
      toast({ tone: "ok", title: `Saved ${saved.name}`, description: "The RADIUS engine sends it within a second." });
      router.push(profilesPath);
    };
    if (profile) update.mutate({ id: profile.id, input: parsed.data }, { onSuccess, onError });
    else create.mutate(parsed.data, { onSuccess, onError });
  };

  const accept = state.accessType === "ACCESS_ACCEPT";
  // Attributes the common tasks already send: a second copy from an advanced pair reaches the switch too.
  const commonTaskAttributes = new Set(
    profileReplyPreview({ ...previewFallback(state), advancedAttributes: [] }).attributes.map((attribute) => attribute.name),
  );
  return (
    <>
      <BackLink />
      <PageHeader
        title={profile ? `Authorization Profile: ${profile.name}` : "New Authorization Profile"}
        description={
          profile?.isBuiltIn ? (
            <span className="inline-flex items-center gap-2">
              <Badge tone="info">
                <Lock size={10} aria-hidden className="mr-1" /> Built-in
              </Badge>
              ISE&apos;s built-in result; it cannot be changed or deleted.
            </span>
          ) : (
            "A result of authorization rules. Saved profiles are applied by the engine within a second."
          )
        }
        actions={
          profile && !readOnly ? (
            <Button variant="ghost" onClick={() => setDeleting(true)}>
              <Trash2 size={13} aria-hidden /> Delete
            </Button>
          ) : undefined
        }
      />
      {!canWrite && (
        <ReadOnlyNotice>Your role (Read Only) can view authorization profiles; changing them is refused.</ReadOnlyNotice>
      )}
      <form onSubmit={save} noValidate className="grid grid-cols-1 items-start gap-4 xl:grid-cols-[minmax(0,1fr)_380px]">
        <fieldset disabled={readOnly} className="grid min-w-0 gap-4">
          <Section title="Authorization Profile">
            <div className="grid grid-cols-2 gap-3">
              <Field label="Name" required error={errors.name}>
                {(props) => (
                  <Input {...props} autoComplete="off" value={state.name} onChange={(event) => set("name", event.target.value)} />
                )}
              </Field>
              <Field label="Access Type" error={errors.accessType}>
                {(props) => (
                  <Select
                    {...props}
                    value={state.accessType}
                    onChange={(event) => set("accessType", event.target.value as FormState["accessType"])}
                  >
                    {accessTypes.map((type) => (
                      <option key={type} value={type}>
                        {type}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
            </div>
            <Field label="Description" error={errors.description}>
              {(props) => (
                <Input
                  {...props}
                  autoComplete="off"
                  value={state.description}
                  onChange={(event) => set("description", event.target.value)}
                />
              )}
            </Field>
          </Section>

          <Section
            title="Common Tasks"
            note={accept ? undefined : "An Access-Reject carries no attributes: the common tasks apply to ACCESS_ACCEPT only."}
          >
            <Task label="DACL Name" checked={state.hasDacl} onChange={(value) => set("hasDacl", value)} disabled={!accept}>
              <Field
                label="dACL name"
                error={errors.dacl}
                hint="Sent as Cisco-AVPair ACS:CiscoSecure-Defined-ACL=<name>; the switch downloads the ACL of that name."
              >
                {(props) => (
                  <Input
                    {...props}
                    className="font-mono"
                    autoComplete="off"
                    value={state.dacl}
                    onChange={(event) => set("dacl", event.target.value)}
                  />
                )}
              </Field>
            </Task>
            <Task label="VLAN" checked={state.hasVlan} onChange={(value) => set("hasVlan", value)} disabled={!accept}>
              <div className="grid grid-cols-[1fr_auto] items-start gap-3">
                <Field
                  label="VLAN ID / Name"
                  error={errors.vlan}
                  hint="Sent as Tunnel-Private-Group-Id with Tunnel-Type VLAN and Tunnel-Medium-Type IEEE-802 (RFC 3580)."
                >
                  {(props) => (
                    <Input
                      {...props}
                      className="font-mono"
                      autoComplete="off"
                      placeholder="e.g. 10 or CORP-USERS"
                      value={state.vlan}
                      onChange={(event) => set("vlan", event.target.value)}
                    />
                  )}
                </Field>
                <div className="grid gap-1">
                  <span className="text-[12px] font-semibold">Tag ID</span>
                  <span className="flex h-7 items-center font-mono" title="RFC 2868 tag grouping the three tunnel attributes">
                    1
                  </span>
                </div>
              </div>
            </Task>
            <Task
              label="Filter-ID"
              checked={state.hasFilterId}
              onChange={(value) => set("hasFilterId", value)}
              disabled={!accept}
            >
              <Field
                label="Filter-ID"
                error={errors.filterId}
                hint="Sent as Filter-Id: the name of an ACL configured on the device (.in / .out on Cisco)."
              >
                {(props) => (
                  <Input
                    {...props}
                    className="font-mono"
                    autoComplete="off"
                    value={state.filterId}
                    onChange={(event) => set("filterId", event.target.value)}
                  />
                )}
              </Field>
            </Task>
            <Task
              label="Web Redirection"
              checked={state.hasRedirect}
              onChange={(value) => set("hasRedirect", value)}
              disabled={!accept}
            >
              <div className="grid grid-cols-3 items-start gap-3">
                <Field label="Type">
                  {(props) => (
                    <Select {...props} value="mdm-redirect" disabled>
                      <option value="mdm-redirect">MDM Redirect</option>
                    </Select>
                  )}
                </Field>
                <Field label="ACL" required error={errors.redirectAcl} hint="Traffic this ACL permits is redirected.">
                  {(props) => (
                    <Input
                      {...props}
                      className="font-mono"
                      autoComplete="off"
                      value={state.redirectAcl}
                      onChange={(event) => set("redirectAcl", event.target.value)}
                    />
                  )}
                </Field>
                <Field label="MDM server portal" error={errors.redirectMdmServerId}>
                  {(props) => (
                    <Select
                      {...props}
                      value={state.redirectMdmServerId}
                      onChange={(event) => set("redirectMdmServerId", event.target.value)}
                    >
                      <option value="">The server that answered for the endpoint</option>
                      {servers.data?.map((server) => (
                        <option key={server.id} value={server.id}>
                          {server.name}
                        </option>
                      ))}
                      {state.redirectMdmServerId &&
                        servers.data &&
                        !servers.data.some((s) => s.id === state.redirectMdmServerId) && (
                          <option value={state.redirectMdmServerId}>(deleted MDM server)</option>
                        )}
                    </Select>
                  )}
                </Field>
              </div>
              <p className="text-[12px] text-muted">
                The engine sends Cisco-AVPair url-redirect=&lt;the MDM&apos;s redirect URL&gt;?mac=&lt;endpoint MAC&gt; and
                url-redirect-acl=&lt;ACL&gt;. Without a chosen server it uses the MDM server that answered for the endpoint, else
                the first one; with no MDM server at all, the url-redirect pair is left out.
              </p>
            </Task>
            <Task
              label="Reauthentication"
              checked={state.hasReauth}
              onChange={(value) => set("hasReauth", value)}
              disabled={!accept}
            >
              <div className="grid grid-cols-2 items-start gap-3">
                <Field label="Timer (seconds)" error={errors.sessionTimeout} hint="60 – 604800. Sent as Session-Timeout.">
                  {(props) => (
                    <Input
                      {...props}
                      type="number"
                      min={60}
                      max={604800}
                      value={state.sessionTimeout}
                      onChange={(event) => set("sessionTimeout", event.target.value)}
                    />
                  )}
                </Field>
                <Field
                  label="Maintain connectivity during reauthentication"
                  hint="Sent as Termination-Action = RADIUS-Request: the switch re-authenticates without dropping the session."
                >
                  {(props) => (
                    <Select {...props} value="RADIUS-Request" disabled>
                      <option value="RADIUS-Request">Using RADIUS-Request (default)</option>
                    </Select>
                  )}
                </Field>
              </div>
            </Task>
          </Section>

          <Section
            title="Advanced Attributes Settings"
            note="RADIUS attributes from the Radius dictionary that an Access-Accept can carry, sent after the common tasks."
          >
            {state.advancedAttributes.length === 0 && <p className="text-muted">No advanced attributes.</p>}
            {state.advancedAttributes.map((pair, index) => (
              <AdvancedRow
                key={index}
                index={index}
                pair={pair}
                errors={errors}
                alsoSetByCommonTasks={commonTaskAttributes.has(pair.name)}
                onChange={(next) =>
                  set(
                    "advancedAttributes",
                    state.advancedAttributes.map((current, i) => (i === index ? next : current)),
                  )
                }
                onRemove={() =>
                  set(
                    "advancedAttributes",
                    state.advancedAttributes.filter((_, i) => i !== index),
                  )
                }
              />
            ))}
            <div>
              <Button
                disabled={!accept || state.advancedAttributes.length >= 32}
                onClick={() => set("advancedAttributes", [...state.advancedAttributes, { name: "", value: "" }])}
              >
                <Plus size={13} aria-hidden /> Add attribute
              </Button>
            </div>
            {errors.advancedAttributes && <p className="text-[12px] text-danger">{errors.advancedAttributes}</p>}
          </Section>
        </fieldset>

        <aside className="grid gap-3 xl:sticky xl:top-2">
          <Section title="Attributes Details">
            <p className="text-[12px] text-muted">Exactly what the engine sends when a rule hands out this profile alone.</p>
            <div
              aria-label="Reply attributes preview"
              role="region"
              className="rounded border border-border bg-sunken p-2 font-mono text-[12px]"
            >
              <p className="font-semibold">
                Access Type = {preview.code === "Access-Accept" ? "ACCESS_ACCEPT" : "ACCESS_REJECT"}
              </p>
              {preview.attributes.map((attribute, index) => (
                <p key={index} className="break-all">
                  {attribute.name} = {attribute.tag ? `${attribute.tag}:` : ""}
                  {attribute.value}
                </p>
              ))}
            </div>
          </Section>
          <FormError>{formError}</FormError>
          {!readOnly && (
            <div className="flex justify-end gap-2">
              <Button
                onClick={() => {
                  if (isDirty && !window.confirm("Discard your unsaved changes to this profile?")) return;
                  router.push(profilesPath);
                }}
              >
                <X size={13} aria-hidden /> Cancel
              </Button>
              <Button type="submit" variant="primary" disabled={pending}>
                {pending ? "Saving…" : profile ? "Save" : "Submit"}
              </Button>
            </div>
          )}
        </aside>
      </form>
      <DeleteProfileDialog
        profile={deleting ? (profile ?? null) : null}
        onClose={() => setDeleting(false)}
        onDeleted={() => router.push(profilesPath)}
      />
    </>
  );
}

/** Preview input while the form does not parse yet: each part as typed, invalid parts left out. */
function previewFallback(state: FormState): AuthorizationProfileInput {
  const raw = candidate(state);
  const field = <K extends "vlan" | "dacl" | "filterId" | "redirectAcl">(key: K) => {
    const value = raw[key].trim();
    return value && authorizationProfileSchema.safeParse({ name: "x", accessType: "ACCESS_ACCEPT", [key]: value }).success
      ? value
      : undefined;
  };
  const timeout = raw.sessionTimeout;
  return {
    name: "preview",
    accessType: raw.accessType,
    vlan: field("vlan"),
    dacl: field("dacl"),
    filterId: field("filterId"),
    redirectType: raw.redirectType === "mdm-redirect" ? "mdm-redirect" : undefined,
    redirectAcl: field("redirectAcl"),
    sessionTimeout:
      timeout !== undefined && Number.isInteger(timeout) && timeout >= 60 && timeout <= 604800 ? timeout : undefined,
    advancedAttributes: raw.advancedAttributes.filter(
      (pair) =>
        authorizationProfileSchema.safeParse({ name: "x", accessType: "ACCESS_ACCEPT", advancedAttributes: [pair] }).success,
    ),
  };
}

function Section({ title, note, children }: { title: string; note?: ReactNode; children: ReactNode }) {
  return (
    <section className="rounded border border-border bg-panel" aria-label={title}>
      <header className="border-b border-border px-3 py-2">
        <h2 className="text-[13px] font-semibold">{title}</h2>
        {note && <p className="text-[12px] text-muted">{note}</p>}
      </header>
      <div className="grid gap-3 p-3">{children}</div>
    </section>
  );
}

/** An ISE "Common Tasks" entry: a check box that reveals its settings. */
function Task({
  label,
  checked,
  onChange,
  disabled,
  children,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="grid gap-2">
      <label className="flex items-center gap-2 font-semibold">
        <input
          type="checkbox"
          checked={checked && !disabled}
          disabled={disabled}
          onChange={(event) => onChange(event.target.checked)}
        />
        {label}
      </label>
      {checked && !disabled && <div className="ml-6 grid gap-2">{children}</div>}
    </div>
  );
}

function AdvancedRow({
  index,
  pair,
  errors,
  alsoSetByCommonTasks,
  onChange,
  onRemove,
}: {
  index: number;
  pair: { name: string; value: string };
  errors: Record<string, string>;
  alsoSetByCommonTasks: boolean;
  onChange: (next: { name: string; value: string }) => void;
  onRemove: () => void;
}) {
  const attribute = replyAttributeByName.get(pair.name);
  const row = index + 1;
  return (
    <div className="grid grid-cols-[minmax(0,1fr)_auto_minmax(0,1fr)_auto] items-start gap-2">
      <Field
        label={`Attribute ${row}`}
        error={errors[`advancedAttributes.${index}.name`]}
        hint={
          alsoSetByCommonTasks
            ? `A common task above also sends ${pair.name}: the network device receives both values.`
            : undefined
        }
      >
        {(props) => (
          <Select
            {...props}
            value={pair.name}
            onChange={(event) => {
              const next = replyAttributeByName.get(event.target.value);
              onChange({ name: event.target.value, value: next?.allowedValues?.[0] ?? "" });
            }}
          >
            <option value="">Choose a Radius attribute…</option>
            {!attribute && pair.name && <option value={pair.name}>{pair.name} (not allowed)</option>}
            {replyAttributes.map((option) => (
              <option key={option.name} value={option.name}>
                Radius:{option.name}
                {option.vendor ? ` (${option.vendor})` : ""}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <span className="mt-7 font-mono">=</span>
      <Field
        label={`Value ${row}`}
        error={errors[`advancedAttributes.${index}.value`]}
        hint={attribute ? `${attribute.dataType}${attribute.dataType === "int" ? " (0–4294967295)" : ""}` : undefined}
      >
        {(props) =>
          attribute?.allowedValues ? (
            <Select {...props} value={pair.value} onChange={(event) => onChange({ ...pair, value: event.target.value })}>
              {!attribute.allowedValues.includes(pair.value) && <option value={pair.value}>{pair.value}</option>}
              <ValueOptions values={attribute.allowedValues} />
            </Select>
          ) : (
            <Input
              {...props}
              className="font-mono"
              autoComplete="off"
              inputMode={attribute?.dataType === "int" ? "numeric" : undefined}
              value={pair.value}
              onChange={(event) => onChange({ ...pair, value: event.target.value })}
            />
          )
        }
      </Field>
      <Button variant="ghost" className="mt-5" aria-label={`Remove attribute ${row}`} onClick={onRemove}>
        <Trash2 size={13} aria-hidden />
      </Button>
    </div>
  );
}

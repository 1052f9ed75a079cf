"use client";
// Policy › Policy Sets: the whole policy document is edited here as a working copy (sets, their rules,
// library conditions) and saved as one new version. Problems are checked live with the same check the
// server runs; leaving with unsaved changes asks first.
import { AlertTriangle, ChevronLeft, FlaskConical, History, RotateCcw, Save, XCircle } from "lucide-react";
import { useMemo, useState } from "react";
import { ApiError } from "@/lib/api/client";
import { useAuthorizationProfiles } from "@/lib/queries/authorization-profiles";
import { useDictionaries } from "@/lib/queries/dictionaries";
import { usePolicy, useSavePolicy, type PolicyVersionFull } from "@/lib/queries/policy";
import { systemDictionaries, type SystemDictionary } from "@/lib/validation/dictionaries";
import { policyDocumentSchema, type Condition } from "@/lib/validation/policy";
import { checkPolicyDocument } from "@/lib/validation/policy-check";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Input } from "../ui/field";
import { PageHeader } from "../ui/panel";
import { Alert, formatDate, ReadOnlyNotice } from "../ui/table-tools";
import { useToast } from "../ui/toast";
import { ConditionStudioDialog } from "./condition-editor";
import { conditionText } from "./condition-text";
import {
  documentFromDraft,
  draftFromDocument,
  patchSet,
  problemsUnder,
  draftChanges,
  snapshotDraft,
  type Draft,
  type DraftSnapshot,
  type ProblemMap,
} from "./policy-draft";
import { PolicyHistory } from "./policy-history";
import { RowMarker, StateSelect } from "./policy-row-parts";
import { PolicyRulesTable, Problems, type EditConditionRequest } from "./policy-rules-table";
import { PolicySetsTable } from "./policy-sets-table";
import { PolicySimulationDrawer } from "./policy-simulation";
import { UnsavedChangesGuard } from "./policy-unsaved-guard";

type Editing = {
  base: PolicyVersionFull;
  draft: Draft;
  /** The loaded document as saved JSON, to tell whether anything changed. */
  originalJson: string;
  snapshot: DraftSnapshot;
};

function startEditing(base: PolicyVersionFull): Editing {
  const draft = draftFromDocument(base.document);
  return { base, draft, originalJson: JSON.stringify(documentFromDraft(draft)), snapshot: snapshotDraft(draft) };
}

const toProblemMap = (problems: { path: (string | number)[]; message: string }[]): ProblemMap => {
  const map: ProblemMap = {};
  for (const problem of problems) map[problem.path.join(".") || "_"] ??= problem.message;
  return map;
};

export function PolicySetsView({ canWrite, username }: { canWrite: boolean; username: string }) {
  const policy = usePolicy();
  const profiles = useAuthorizationProfiles();
  const dictionaryList = useDictionaries();
  const save = useSavePolicy();
  const toast = useToast();
  const [editing, setEditing] = useState<Editing | null>(null);
  /** Set by a restore or a conflict reload: the next version to arrive replaces the working copy. */
  const [replaceOnNext, setReplaceOnNext] = useState(false);
  const [tab, setTab] = useState<"sets" | "history">("sets");
  const [openSet, setOpenSet] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const [serverErrors, setServerErrors] = useState<ProblemMap>({});
  const [saveError, setSaveError] = useState<{ message: string; conflict: boolean } | null>(null);
  const [studio, setStudio] = useState<EditConditionRequest | null>(null);
  const [simulating, setSimulating] = useState(false);

  const document = useMemo(() => (editing ? documentFromDraft(editing.draft) : null), [editing]);
  const documentJson = useMemo(() => (document ? JSON.stringify(document) : ""), [document]);
  const dirty = editing !== null && documentJson !== editing.originalJson;

  // Adopt a newer active version (first load, after a restore or a reload) unless it would drop unsaved work.
  const latest = policy.data;
  // Only a higher version: right after our own save the cached one is still the older version.
  if (latest && (!editing || (latest.version > editing.base.version && (!dirty || replaceOnNext)))) {
    setEditing(startEditing(latest));
    setReplaceOnNext(false);
    setServerErrors({});
    setSaveError(null);
    setOpenSet((index) => (index !== null && index < latest.document.policySets.length ? index : null));
  }
  const newerElsewhere = latest && editing && latest.version > editing.base.version && dirty ? latest : null;

  const dictionaries: SystemDictionary[] = dictionaryList.data ?? systemDictionaries;
  const profileNames = useMemo(() => (profiles.data ?? []).map((profile) => profile.name), [profiles.data]);
  const check = useMemo(() => {
    if (!document) return { errors: {}, warnings: {} };
    // Schema problems (empty names, no profiles) first; the whole-policy check needs a well-formed document.
    const parsed = policyDocumentSchema.safeParse(document);
    const schemaErrors = parsed.success
      ? {}
      : toProblemMap(parsed.error.issues.map((issue) => ({ path: issue.path as (string | number)[], message: issue.message })));
    // Until the profile list arrives every profile would look unknown; check them once it has.
    const result = checkPolicyDocument(document, {
      dictionaries: systemDictionaries,
      profileNames: profiles.data
        ? profileNames
        : [...new Set(document.policySets.flatMap((set) => set.rules.flatMap((r) => r.profiles)))],
    });
    return { errors: { ...toProblemMap(result.errors), ...schemaErrors }, warnings: toProblemMap(result.warnings) };
  }, [document, profileNames, profiles.data]);
  const errors: ProblemMap = { ...check.errors, ...serverErrors };
  const errorCount = Object.keys(errors).length;
  const warningCount = Object.keys(check.warnings).length;
  const changes = useMemo(() => (editing ? draftChanges(editing.draft, editing.snapshot) : null), [editing]);
  const libraryChanged =
    editing !== null &&
    JSON.stringify(editing.draft.libraryConditions) !== JSON.stringify(editing.base.document.libraryConditions);
  const changeCount = changes ? changes.rows.size + changes.removed + (libraryChanged ? 1 : 0) : 0;

  const change = (edit: (draft: Draft) => Draft) => {
    if (!canWrite) return;
    setEditing((current) => (current ? { ...current, draft: edit(current.draft) } : current));
    setServerErrors({});
    setSaveError(null);
  };

  const reset = () => {
    if (!latest) return;
    setEditing(startEditing(editing?.base ?? latest));
    setServerErrors({});
    setSaveError(null);
  };

  const reloadLatest = () => {
    setReplaceOnNext(true);
    void policy.refetch();
  };

  const onSave = () => {
    if (!editing || !document) return;
    setSaveError(null);
    if (errorCount > 0) {
      setSaveError({
        message: `Fix the ${errorCount === 1 ? "problem" : `${errorCount} problems`} marked in red before saving.`,
        conflict: false,
      });
      return;
    }
    const draftAtSave = editing.draft;
    save.mutate(
      { document, comment: comment.trim() || undefined, baseVersion: editing.base.version },
      {
        onSuccess: (result) => {
          // The saved draft becomes the loaded version; rows keep their keys so the view stays where it was.
          setEditing((current) => {
            const draft = current?.draft ?? draftAtSave;
            return {
              base: {
                version: result.version,
                author: username,
                comment: comment.trim() || null,
                createdAt: new Date().toISOString(),
                document,
              },
              // Moves before the save are history now: the markers start over from the saved order.
              draft: { ...draft, moved: [] },
              originalJson: JSON.stringify(document),
              snapshot: snapshotDraft(draftAtSave),
            };
          });
          setComment("");
          toast({
            tone: "ok",
            title: `Saved policy version ${result.version}`,
            description:
              result.warnings.length > 0
                ? `${result.warnings.length} warning${result.warnings.length === 1 ? "" : "s"}: ${result.warnings[0]!.message}`
                : "The RADIUS engine applies it within a second.",
          });
        },
        onError: (error) => {
          if (error instanceof ApiError && error.status === 409) {
            setSaveError({ message: error.message, conflict: true });
          } else if (error instanceof ApiError && error.status === 422) {
            setServerErrors(error.fields);
            setSaveError({ message: error.message, conflict: false });
          } else {
            setSaveError({ message: error.message, conflict: false });
          }
        },
      },
    );
  };

  const selected = editing && openSet !== null ? editing.draft.sets[openSet] : undefined;

  return (
    <>
      <PageHeader
        title="Policy Sets"
        description="Policy sets are evaluated top-down; the first set whose condition matches decides with its authorization rules (first match wins, the default rule last)."
        actions={
          <>
            <Button
              onClick={() => setSimulating(true)}
              disabled={!editing}
              title="Run the working copy, saved or not, for an endpoint you describe"
            >
              <FlaskConical size={14} aria-hidden /> Simulate
            </Button>
            <Button onClick={() => setTab(tab === "history" ? "sets" : "history")} aria-pressed={tab === "history"}>
              <History size={14} aria-hidden /> {tab === "history" ? "Back to policy sets" : "History"}
            </Button>
          </>
        }
      />
      {!canWrite && (
        <ReadOnlyNotice>
          Not allowed: your role (Read Only) can view the policy and its history; changing, saving and restoring are refused;
          simulations are allowed.
        </ReadOnlyNotice>
      )}
      {policy.isPending && <p className="text-muted">Loading the policy…</p>}
      {policy.error && <p className="text-danger">Could not load the policy: {policy.error.message}</p>}
      {profiles.error && <p className="mb-2 text-danger">Could not load the authorization profiles: {profiles.error.message}</p>}

      {editing && (
        <div
          className={cn(
            "sticky top-0 z-20 mb-3 flex flex-wrap items-center gap-3 rounded border px-3 py-2",
            dirty ? "border-accent/50 bg-accent/10" : "border-border bg-panel",
          )}
          role="region"
          aria-label="Policy version"
        >
          <div className="flex min-w-0 flex-1 flex-wrap items-center gap-2">
            {dirty ? (
              <span className="font-semibold text-accent" role="status">
                Unsaved changes ({changeCount})
              </span>
            ) : (
              <span className="text-muted">No unsaved changes</span>
            )}
            <span className="inline-flex items-center gap-1.5 text-muted">
              Editing version {editing.base.version}
              {latest?.version === editing.base.version && <Badge tone="ok">Active</Badge>}
              <span>
                · {editing.base.author} · {formatDate(editing.base.createdAt)}
              </span>
            </span>
            {errorCount > 0 && (
              <span className="inline-flex items-center gap-1 text-danger">
                <XCircle size={13} aria-hidden /> {errorCount} error{errorCount === 1 ? "" : "s"}
              </span>
            )}
            {warningCount > 0 && (
              <span className="inline-flex items-center gap-1 text-warn">
                <AlertTriangle size={13} aria-hidden /> {warningCount} warning{warningCount === 1 ? "" : "s"}
              </span>
            )}
          </div>
          {canWrite && (
            <div className="flex items-center gap-2">
              <Input
                aria-label="Comment for this version"
                placeholder="Comment (optional)"
                value={comment}
                maxLength={500}
                onChange={(event) => setComment(event.target.value)}
                className="w-64"
                disabled={!dirty}
              />
              <Button onClick={reset} disabled={!dirty || save.isPending}>
                <RotateCcw size={14} aria-hidden /> Reset
              </Button>
              <Button variant="primary" onClick={onSave} disabled={!dirty || save.isPending}>
                <Save size={14} aria-hidden /> {save.isPending ? "Saving…" : "Save"}
              </Button>
            </div>
          )}
        </div>
      )}
      {newerElsewhere && (
        <div className="mb-3">
          <Alert tone="warn" title={`${newerElsewhere.author} saved version ${newerElsewhere.version} while you were editing`}>
            Saving now will be refused. Reload to see their version (your changes are discarded), or keep your copy for reference.{" "}
            <Button onClick={reloadLatest}>Reload version {newerElsewhere.version}</Button>
          </Alert>
        </div>
      )}
      {saveError && (
        <div className="mb-3">
          <Alert tone="error" title={saveError.conflict ? "Not saved: the policy changed meanwhile" : "Not saved"}>
            {saveError.message}{" "}
            {saveError.conflict && (
              <Button onClick={reloadLatest}>
                <RotateCcw size={14} aria-hidden /> Reload the latest version (discards your changes)
              </Button>
            )}
            {!saveError.conflict && errors._ && <span>{errors._}</span>}
            {!saveError.conflict && errors.policySets && <span>{errors.policySets}</span>}
          </Alert>
        </div>
      )}

      {editing && tab === "history" && (
        <PolicyHistory
          canWrite={canWrite}
          activeVersion={latest?.version}
          dirty={dirty}
          onRestored={() => {
            setReplaceOnNext(true);
            setTab("sets");
          }}
        />
      )}

      {editing && tab === "sets" && !selected && (
        <PolicySetsTable
          draft={editing.draft}
          canWrite={canWrite}
          errors={errors}
          warnings={check.warnings}
          changes={changes?.rows ?? new Map()}
          originalRuleKeys={editing.snapshot.ruleOrder}
          onChange={change}
          onOpen={setOpenSet}
          onEditCondition={setStudio}
        />
      )}

      {editing && tab === "sets" && selected && openSet !== null && (
        <section aria-label={`Policy set ${selected.set.name}`}>
          <div className="mb-2 flex items-center gap-2">
            <Button variant="ghost" onClick={() => setOpenSet(null)}>
              <ChevronLeft size={14} aria-hidden /> All policy sets
            </Button>
            <span className="text-muted">/</span>
            <h2 className="text-[15px] font-semibold">{selected.set.name}</h2>
          </div>
          <div className="mb-3 grid grid-cols-[auto_minmax(12rem,20rem)_1fr] items-start gap-3 rounded border border-border bg-panel p-3">
            <div>
              <p className="mb-1 text-[12px] font-semibold text-muted">Status</p>
              <StateSelect
                value={selected.set.state}
                label={`Status of policy set ${selected.set.name}`}
                disabled={!canWrite}
                onChange={(state) => change((draft) => patchSet(draft, selected.key, { state }))}
              />
            </div>
            <div>
              <p className="mb-1 text-[12px] font-semibold text-muted">Policy set name</p>
              <div className="flex items-center gap-1">
                <Input
                  aria-label="Policy set name"
                  value={selected.set.name}
                  disabled={!canWrite}
                  aria-invalid={problemsUnder(errors, `policySets.${openSet}.name`).length > 0}
                  onChange={(event) => change((draft) => patchSet(draft, selected.key, { name: event.target.value }))}
                />
                <RowMarker change={changes?.rows.get(selected.key)} />
              </div>
              <Problems
                errors={problemsUnder(errors, `policySets.${openSet}.name`)}
                warnings={setLevelWarnings(check.warnings, openSet)}
              />
            </div>
            <div>
              <p className="mb-1 text-[12px] font-semibold text-muted">Conditions</p>
              <button
                type="button"
                aria-label={`Edit conditions of policy set ${selected.set.name}`}
                disabled={!canWrite && selected.set.condition === null}
                onClick={() =>
                  setStudio({
                    title: `Conditions of policy set ${selected.set.name}`,
                    value: selected.set.condition,
                    apply: (condition) => change((draft) => patchSet(draft, selected.key, { condition })),
                  })
                }
                className="min-h-7 w-full rounded border border-border px-2 py-1 text-left font-mono text-[12px] hover:bg-sunken"
              >
                {selected.set.condition ? (
                  conditionText(selected.set.condition)
                ) : (
                  <span className="font-sans text-muted">Any (every request) — click to add conditions</span>
                )}
              </button>
              <Problems errors={problemsUnder(errors, `policySets.${openSet}.condition`)} />
            </div>
          </div>
          <h3 className="mb-2 text-[13px] font-semibold">Authorization Policy ({selected.rules.length})</h3>
          <PolicyRulesTable
            set={selected}
            setIndex={openSet}
            canWrite={canWrite}
            profileNames={profileNames}
            errors={errors}
            warnings={check.warnings}
            changes={changes?.rows ?? new Map()}
            onChange={change}
            onEditCondition={setStudio}
          />
        </section>
      )}

      {editing && (
        <ConditionStudioDialog
          open={studio !== null}
          onOpenChange={(open) => !open && setStudio(null)}
          title={studio?.title ?? "Conditions Studio"}
          value={studio?.value ?? null}
          onApply={(next: Condition | null) => {
            studio?.apply(next);
            setStudio(null);
          }}
          dictionaries={dictionaries}
          library={editing.draft.libraryConditions}
          onSaveToLibrary={
            canWrite
              ? (entry) =>
                  change((draft) => ({
                    ...draft,
                    libraryConditions: [...draft.libraryConditions.filter((item) => item.name !== entry.name), entry],
                  }))
              : undefined
          }
          readOnly={!canWrite}
        />
      )}
      {editing && document && (
        <PolicySimulationDrawer
          open={simulating}
          onOpenChange={setSimulating}
          document={document}
          dirty={dirty}
          version={editing.base.version}
          dictionaries={dictionaries}
        />
      )}
      <UnsavedChangesGuard dirty={dirty} changeCount={changeCount} />
    </>
  );
}

/** Warnings about the set itself (unreachable set), not about its rules. */
function setLevelWarnings(warnings: ProblemMap, setIndex: number): string[] {
  return Object.entries(warnings)
    .filter(
      ([key]) => key === `policySets.${setIndex}` || (key.startsWith(`policySets.${setIndex}.`) && !key.includes(".rules.")),
    )
    .map(([, message]) => message);
}

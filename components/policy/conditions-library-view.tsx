"use client";
// Policy › Policy Elements › Conditions: the library conditions of the active policy. They live inside the
// policy document, so every change here saves a new policy version (against the version it was based on).
import { useQueryClient } from "@tanstack/react-query";
import { Copy, Eye, Pencil, Plus, RefreshCw, Trash2 } from "lucide-react";
import { Dialog as RadixDialog } from "radix-ui";
import { useId, useMemo, useState } from "react";
import { ApiError } from "@/lib/api/client";
import { useDictionaries } from "@/lib/queries/dictionaries";
import { policyKeys, usePolicy, useSavePolicy } from "@/lib/queries/policy";
import { systemDictionaries, type SystemDictionary } from "@/lib/validation/dictionaries";
import type { Condition, PolicyDocument } from "@/lib/validation/policy";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { FormError, Input } from "../ui/field";
import { EmptyState, PageHeader } from "../ui/panel";
import { Td } from "../ui/table";
import {
  Alert,
  QueryState,
  type Column,
  ReadOnlyNotice,
  RefreshButton,
  SearchableTable,
  useSearchableList,
} from "../ui/table-tools";
import { useToast } from "../ui/toast";
import { ConditionEditor } from "./condition-editor";
import { conditionProblems } from "./condition-problems";
import { conditionText } from "./condition-text";
import { referencedNames, renameReferences } from "./condition-tree";

type LibraryEntry = PolicyDocument["libraryConditions"][number];
type Row = LibraryEntry & { index: number; text: string; usedBy: string[] };
type SortKey = "name" | "usedBy";

/** Where a library condition is referenced directly: rules (`Set › Rule`), set conditions and other library conditions. */
export function libraryUsage(document: PolicyDocument, name: string): string[] {
  const uses: string[] = [];
  for (const set of document.policySets) {
    if (referencedNames(set.condition).includes(name)) uses.push(`Policy set "${set.name}"`);
    for (const rule of set.rules) {
      if (referencedNames(rule.condition).includes(name)) uses.push(`Rule "${set.name} › ${rule.name}"`);
    }
  }
  for (const entry of document.libraryConditions) {
    if (entry.name !== name && referencedNames(entry.condition).includes(name)) uses.push(`Library condition "${entry.name}"`);
  }
  return uses;
}

/** The document with one library condition added (index undefined) or replaced, references following a rename. */
function withLibraryEntry(document: PolicyDocument, index: number | undefined, entry: LibraryEntry): PolicyDocument {
  const previous = index === undefined ? undefined : document.libraryConditions[index];
  const rename = (condition: Condition | null) =>
    previous && previous.name !== entry.name ? renameReferences(condition, previous.name, entry.name) : condition;
  const libraryConditions = document.libraryConditions.map((item) => ({
    ...item,
    condition: rename(item.condition) ?? item.condition,
  }));
  if (index === undefined) libraryConditions.push(entry);
  else libraryConditions[index] = { ...entry, condition: rename(entry.condition) ?? entry.condition };
  return {
    policySets: document.policySets.map((set) => ({
      ...set,
      condition: rename(set.condition),
      rules: set.rules.map((rule) => ({ ...rule, condition: rename(rule.condition) })),
    })),
    libraryConditions,
  };
}

const columns: Column<SortKey>[] = [
  { label: "Name", sortKey: "name" },
  { label: "Description" },
  { label: "Condition" },
  { label: "Used by", sortKey: "usedBy" },
];

type Editing = { mode: "create"; initial?: LibraryEntry } | { mode: "edit"; name: string };

export function ConditionsLibraryView({ canWrite }: { canWrite: boolean }) {
  const policy = usePolicy();
  const dictionaryList = useDictionaries();
  const dictionaries: SystemDictionary[] = dictionaryList.data ?? systemDictionaries;
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const document = policy.data?.document;

  const rows = useMemo<Row[]>(
    () =>
      (document?.libraryConditions ?? []).map((entry, index) => ({
        ...entry,
        index,
        text: conditionText(entry.condition),
        usedBy: libraryUsage(document!, entry.name),
      })),
    [document],
  );
  const { sorted, state } = useSearchableList<Row, SortKey>(
    rows,
    (row) => [row.name, row.description, row.text],
    { key: "name", dir: "asc" },
    (row, key) => (key === "name" ? row.name.toLowerCase() : row.usedBy.length),
  );
  const uniqueCopyName = (name: string) => {
    const names = new Set(rows.map((row) => row.name));
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? `${name} (copy)` : `${name} (copy ${n})`;
      if (!names.has(candidate)) return candidate;
    }
  };

  return (
    <>
      <PageHeader
        title="Library Conditions"
        description="Named conditions saved for reuse. Rules refer to them by name, so a change here applies to every rule using one."
        actions={
          <>
            <RefreshButton onClick={() => void policy.refetch()} />
            {canWrite && (
              <Button variant="primary" disabled={!document} onClick={() => setEditing({ mode: "create" })}>
                <Plus size={14} aria-hidden /> Add
              </Button>
            )}
          </>
        }
      />
      {!canWrite && (
        <ReadOnlyNotice>
          Your role (Read Only) can view library conditions; adding, changing and deleting them are refused.
        </ReadOnlyNotice>
      )}
      <QueryState query={policy} what="the policy" />
      {policy.data && rows.length === 0 && (
        <EmptyState
          title="No library conditions yet"
          action={
            canWrite ? (
              <Button variant="primary" onClick={() => setEditing({ mode: "create" })}>
                <Plus size={14} aria-hidden /> Add a library condition
              </Button>
            ) : undefined
          }
        >
          A library condition is a condition with a name — for example &ldquo;Corporate compliant device&rdquo; — that rules use
          by reference. Create one here, or save any node with &ldquo;Save to library&rdquo; in the Conditions Studio of a rule.
        </EmptyState>
      )}
      {policy.data && rows.length > 0 && (
        <SearchableTable
          label="Library conditions"
          columns={columns}
          list={state}
          searchLabel="Search library conditions"
          noun="library condition"
          suffix={` · policy version ${policy.data.version}`}
        >
          {sorted.map((row) => (
            <tr key={row.name}>
              <Td className="font-semibold">{row.name}</Td>
              <Td className="max-w-64 text-muted">{row.description || "—"}</Td>
              <Td className="max-w-[560px] font-mono text-[12px] break-words">{row.text}</Td>
              <Td className="text-[12px]">
                {row.usedBy.length === 0 ? (
                  <span className="text-muted">Not used</span>
                ) : (
                  <ul>
                    {row.usedBy.map((use) => (
                      <li key={use}>{use}</li>
                    ))}
                  </ul>
                )}
              </Td>
              <Td className="whitespace-nowrap">
                <div className="flex justify-end gap-1">
                  <Button
                    variant="ghost"
                    aria-label={`${canWrite ? "Edit" : "View"} ${row.name}`}
                    onClick={() => setEditing({ mode: "edit", name: row.name })}
                  >
                    {canWrite ? <Pencil size={13} aria-hidden /> : <Eye size={13} aria-hidden />}
                    {canWrite ? "Edit" : "View"}
                  </Button>
                  {canWrite && (
                    <>
                      <Button
                        variant="ghost"
                        aria-label={`Duplicate ${row.name}`}
                        onClick={() =>
                          setEditing({
                            mode: "create",
                            initial: {
                              name: uniqueCopyName(row.name),
                              description: row.description,
                              condition: row.condition,
                            },
                          })
                        }
                      >
                        <Copy size={13} aria-hidden /> Duplicate
                      </Button>
                      <Button variant="ghost" aria-label={`Delete ${row.name}`} onClick={() => setDeleting(row.name)}>
                        <Trash2 size={13} aria-hidden /> Delete
                      </Button>
                    </>
                  )}
                </div>
              </Td>
            </tr>
          ))}
        </SearchableTable>
      )}
      <RadixDialog.Root open={editing !== null} onOpenChange={(open) => !open && setEditing(null)}>
        <RadixDialog.Portal>
          <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
          <RadixDialog.Content className="fixed top-1/2 left-1/2 z-50 flex max-h-[92vh] w-[min(1180px,96vw)] -translate-x-1/2 -translate-y-1/2 flex-col rounded border border-border bg-panel shadow-xl">
            {editing && policy.data && (
              <LibraryConditionForm
                key={editing.mode === "edit" ? editing.name : "new"}
                editing={editing}
                policy={policy.data}
                dictionaries={dictionaries}
                readOnly={!canWrite}
                onDone={() => setEditing(null)}
              />
            )}
          </RadixDialog.Content>
        </RadixDialog.Portal>
      </RadixDialog.Root>
      <Dialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={deleting ? `Delete library condition ${deleting}?` : "Delete library condition"}
      >
        {deleting && policy.data && <DeleteConfirm name={deleting} policy={policy.data} onDone={() => setDeleting(null)} />}
      </Dialog>
    </>
  );
}

type ActivePolicy = { version: number; document: PolicyDocument };

/** What a failed save means for the admin: 409 and 422 get their own words, the rest the server's message. */
function saveFailure(error: Error): string {
  if (error instanceof ApiError && error.status === 409)
    return "Someone saved the policy meanwhile — reload to see their change, then save again.";
  if (error instanceof ApiError && error.status === 422) return "The policy was not saved: fix the problems shown.";
  return error.message;
}

function LibraryConditionForm({
  editing,
  policy,
  dictionaries,
  readOnly,
  onDone,
}: {
  editing: Editing;
  policy: ActivePolicy;
  dictionaries: SystemDictionary[];
  readOnly: boolean;
  onDone(): void;
}) {
  const id = useId();
  const save = useSavePolicy();
  const toast = useToast();
  const queryClient = useQueryClient();
  const original =
    editing.mode === "edit" ? policy.document.libraryConditions.find((entry) => entry.name === editing.name) : undefined;
  const start = original ?? (editing.mode === "create" ? editing.initial : undefined);
  const [name, setName] = useState(start?.name ?? "");
  const [description, setDescription] = useState(start?.description ?? "");
  const [condition, setCondition] = useState<Condition | null>(start?.condition ?? null);
  // Parts saved to the library from inside this editor: stored with it, in the same policy version.
  const [newEntries, setNewEntries] = useState<LibraryEntry[]>([]);
  const [serverErrors, setServerErrors] = useState<{
    name?: string;
    description?: string;
    condition: Record<string, string>;
    other: string[];
  }>({
    condition: {},
    other: [],
  });
  const [failure, setFailure] = useState<{ message: string; conflict: boolean } | null>(null);
  const [tried, setTried] = useState(false);

  // The editor may reference every other library condition, never this one (that would be a cycle).
  const library = [
    ...policy.document.libraryConditions.filter((entry) => entry.name !== original?.name),
    ...newEntries.filter((entry) => !policy.document.libraryConditions.some((saved) => saved.name === entry.name)),
  ];
  const problems = conditionProblems(condition, { dictionaries, library });
  const trimmed = name.trim();
  const nameError =
    serverErrors.name ??
    (!trimmed
      ? "Enter a name"
      : trimmed.length > 128
        ? "Use at most 128 characters"
        : library.some((entry) => entry.name === trimmed)
          ? `A library condition named "${trimmed}" exists already`
          : undefined);
  const conditionError = condition ? undefined : "Add a condition: a library condition cannot be empty";
  const problemCount = Object.keys(problems).length;
  const usage = original ? libraryUsage(policy.document, original.name) : [];

  const submit = () => {
    setTried(true);
    if (nameError || conditionError || problemCount > 0 || !condition) return;
    setFailure(null);
    const index = original ? policy.document.libraryConditions.indexOf(original) : undefined;
    const entry: LibraryEntry = { name: trimmed, description: description.trim() || undefined, condition };
    const edited = withLibraryEntry(policy.document, index, entry);
    const document = {
      ...edited,
      libraryConditions: [
        ...edited.libraryConditions,
        ...newEntries.filter((item) => !edited.libraryConditions.some((saved) => saved.name === item.name)),
      ],
    };
    const at = index ?? edited.libraryConditions.length - 1;
    save.mutate(
      {
        document,
        baseVersion: policy.version,
        comment: `${original ? "Changed" : "Added"} library condition "${trimmed}"${original && original.name !== trimmed ? ` (was "${original.name}")` : ""}`,
      },
      {
        onSuccess: ({ version }) => {
          toast({ tone: "ok", title: `Saved library condition ${trimmed}`, description: `Policy version ${version} is active.` });
          onDone();
        },
        onError: (error) => {
          setFailure({ message: saveFailure(error), conflict: error instanceof ApiError && error.status === 409 });
          if (!(error instanceof ApiError)) return;
          // Field keys are document paths: those of this entry go next to its fields and condition nodes.
          const own = `libraryConditions.${at}.`;
          const next: typeof serverErrors = { condition: {}, other: [] };
          for (const [key, message] of Object.entries(error.fields)) {
            if (key === `${own}name`) next.name = message;
            else if (key === `${own}description`) next.description = message;
            else if (key === `${own}condition`) next.condition[""] = message;
            else if (key.startsWith(`${own}condition.`)) next.condition[key.slice(`${own}condition.`.length)] = message;
            else next.other.push(message);
          }
          setServerErrors(next);
        },
      },
    );
  };

  const title = readOnly
    ? `Library condition ${original?.name ?? ""}`
    : original
      ? `Edit library condition ${original.name}`
      : "New library condition";

  return (
    <form
      className="flex min-h-0 flex-1 flex-col"
      onSubmit={(event) => {
        event.preventDefault();
        if (!readOnly) submit();
      }}
    >
      <div className="border-b border-border px-4 py-3">
        <RadixDialog.Title className="text-[15px] font-semibold">{title}</RadixDialog.Title>
        <RadixDialog.Description className="mt-0.5 text-muted">
          {usage.length > 0 ? `Used by ${usage.join(", ")}: a change applies to all of them.` : "Not used by any rule yet."}
        </RadixDialog.Description>
        <div className="mt-2 grid grid-cols-[minmax(0,1fr)_minmax(0,2fr)] gap-3">
          <div className="grid gap-1">
            <label htmlFor={`${id}-name`} className="text-[12px] font-semibold">
              Name {!readOnly && <span className="text-danger">*</span>}
            </label>
            <Input
              id={`${id}-name`}
              value={name}
              readOnly={readOnly}
              maxLength={200}
              aria-invalid={Boolean(nameError && (tried || trimmed))}
              aria-describedby={nameError && (tried || trimmed) ? `${id}-name-error` : undefined}
              onChange={(event) => {
                setName(event.target.value);
                setServerErrors((errors) => ({ ...errors, name: undefined }));
              }}
            />
            {nameError && (tried || trimmed) && !readOnly && (
              <p id={`${id}-name-error`} className="text-[12px] text-danger">
                {nameError}
              </p>
            )}
          </div>
          <div className="grid gap-1">
            <label htmlFor={`${id}-description`} className="text-[12px] font-semibold">
              Description
            </label>
            <Input
              id={`${id}-description`}
              value={description}
              readOnly={readOnly}
              maxLength={1024}
              aria-invalid={Boolean(serverErrors.description)}
              onChange={(event) => setDescription(event.target.value)}
            />
            {serverErrors.description && <p className="text-[12px] text-danger">{serverErrors.description}</p>}
          </div>
        </div>
        <p data-testid="condition-text" className="mt-2 rounded bg-sunken px-2 py-1 font-mono text-[12px] break-words">
          {conditionText(condition)}
        </p>
      </div>
      <div className="min-h-48 flex-1 overflow-auto px-4 py-3">
        <ConditionEditor
          value={condition}
          onChange={(next) => {
            setCondition(next);
            setServerErrors((errors) => ({ ...errors, condition: {} }));
          }}
          dictionaries={dictionaries}
          library={library}
          onSaveToLibrary={(saved) => setNewEntries((entries) => [...entries, saved])}
          readOnly={readOnly}
          errors={serverErrors.condition}
        />
        {tried && conditionError && <p className="mt-2 text-[12px] text-danger">{conditionError}</p>}
      </div>
      <div className="grid gap-2 border-t border-border px-4 py-2.5">
        {failure &&
          (failure.conflict ? (
            <Alert tone="error" title={failure.message}>
              <Button
                className="mt-1"
                onClick={() => {
                  setFailure(null);
                  void queryClient.invalidateQueries({ queryKey: policyKeys.active() });
                }}
              >
                <RefreshCw size={13} aria-hidden /> Reload the policy
              </Button>
            </Alert>
          ) : (
            <FormError>
              {failure.message}
              {serverErrors.other.length > 0 && (
                <span className="mt-1 block">
                  {serverErrors.other.map((message) => (
                    <span key={message} className="block">
                      {message}
                    </span>
                  ))}
                </span>
              )}
            </FormError>
          ))}
        <div className="flex items-center gap-2">
          <p role="status" className="flex-1 text-[12px] text-danger">
            {!readOnly && problemCount > 0 ? `${problemCount} problem${problemCount === 1 ? "" : "s"} to fix before saving` : ""}
          </p>
          <Button onClick={onDone}>{readOnly ? "Close" : "Cancel"}</Button>
          {!readOnly && (
            <Button type="submit" variant="primary" disabled={save.isPending || problemCount > 0}>
              {save.isPending ? "Saving…" : "Save"}
            </Button>
          )}
        </div>
      </div>
    </form>
  );
}

function DeleteConfirm({ name, policy, onDone }: { name: string; policy: ActivePolicy; onDone(): void }) {
  const save = useSavePolicy();
  const toast = useToast();
  const queryClient = useQueryClient();
  const usage = libraryUsage(policy.document, name);
  const [failure, setFailure] = useState<{ message: string; conflict: boolean } | null>(null);
  const remove = () => {
    setFailure(null);
    save.mutate(
      {
        document: {
          ...policy.document,
          libraryConditions: policy.document.libraryConditions.filter((entry) => entry.name !== name),
        },
        baseVersion: policy.version,
        comment: `Deleted library condition "${name}"`,
      },
      {
        onSuccess: ({ version }) => {
          toast({ tone: "ok", title: `Deleted library condition ${name}`, description: `Policy version ${version} is active.` });
          onDone();
        },
        onError: (error) =>
          setFailure({ message: saveFailure(error), conflict: error instanceof ApiError && error.status === 409 }),
      },
    );
  };
  return (
    <div className="grid gap-3">
      {usage.length > 0 ? (
        <div role="alert" className="rounded border border-danger/40 bg-danger/10 px-3 py-2">
          <p className="font-semibold text-danger">{name} cannot be deleted while it is used by:</p>
          <ul className="mt-1 list-disc pl-5">
            {usage.map((use) => (
              <li key={use}>{use}</li>
            ))}
          </ul>
          <p className="mt-1 text-muted">
            Remove it from these first, or detach it there (a detached copy no longer follows the library).
          </p>
        </div>
      ) : (
        <p>No rule uses it. Deleting it saves a new policy version; an older version that used it can still be restored.</p>
      )}
      {failure && (
        <FormError>
          {failure.message}
          {failure.conflict && (
            <Button className="ml-2" onClick={() => void queryClient.invalidateQueries({ queryKey: policyKeys.active() })}>
              Reload
            </Button>
          )}
        </FormError>
      )}
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button variant="danger" disabled={usage.length > 0 || save.isPending} onClick={remove}>
          {save.isPending ? "Deleting…" : "Delete"}
        </Button>
      </div>
    </div>
  );
}

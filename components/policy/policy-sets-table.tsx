"use client";
// The Policy Sets list, ISE-style: order, status, name, condition, rule count, problems and actions.
import { AlertTriangle, ArrowDown, ArrowUp, ChevronRight, Copy, Pencil, Plus, Settings, Trash2, XCircle } from "lucide-react";
import { DropdownMenu } from "radix-ui";
import { useState } from "react";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { ConfirmDialog } from "../ui/dialog";
import { Td } from "../ui/table";
import { conditionText } from "./condition-text";
import {
  duplicateSet,
  moveSet,
  newSet,
  patchSet,
  problemsUnder,
  type Draft,
  type DraftSet,
  type ProblemMap,
  type RowChange,
} from "./policy-draft";
import { OrderedTable, RowMarker, StateSelect } from "./policy-row-parts";
import type { EditConditionRequest } from "./policy-rules-table";
import { MenuItem, menuClass, Problems, StateMenuItems } from "./policy-rules-table";
import { DragHandle, SortableRow, SortableRows } from "./policy-sortable";

export function PolicySetsTable({
  draft,
  canWrite,
  errors,
  warnings,
  changes,
  originalRuleKeys,
  onChange,
  onOpen,
  onEditCondition,
}: {
  draft: Draft;
  canWrite: boolean;
  errors: ProblemMap;
  warnings: ProblemMap;
  changes: Map<string, RowChange>;
  /** Rule keys per set in the loaded version, to mark a set whose rule was deleted. */
  originalRuleKeys: Map<string, string[]>;
  onChange: (edit: (draft: Draft) => Draft) => void;
  onOpen: (index: number) => void;
  onEditCondition: (request: EditConditionRequest) => void;
}) {
  const [deleting, setDeleting] = useState<DraftSet | null>(null);
  const removedRules = (entry: DraftSet) =>
    (originalRuleKeys.get(entry.key) ?? []).some((key) => !entry.rules.some((rule) => rule.key === key));
  const names = Object.fromEntries(draft.sets.map((entry) => [entry.key, `policy set ${entry.set.name}`]));
  const insertAt = (index: number) =>
    onChange((current) => {
      const sets = [...current.sets];
      sets.splice(index, 0, newSet(current));
      return { ...current, sets };
    });
  return (
    <>
      <OrderedTable
        label="Policy sets"
        columns={[
          { label: "Policy Set Name", className: "w-64" },
          { label: "Conditions" },
          { label: "Rules", className: "w-24" },
          { label: "Problems", className: "w-40" },
        ]}
        actionsClassName="w-24"
        addLabel="Add policy set"
        onAdd={canWrite ? () => insertAt(draft.sets.length) : undefined}
      >
        <SortableRows
          ids={draft.sets.map((entry) => entry.key)}
          names={names}
          disabled={!canWrite}
          onMove={(from, to) => onChange((current) => moveSet(current, from, to))}
        >
          {draft.sets.map((entry, index) => {
            const path = `policySets.${index}`;
            const setErrors = problemsUnder(errors, path);
            // Problems of the set itself (its name, its place); rule and condition problems show where they are.
            const ownErrors = Object.entries(errors)
              .filter(
                ([key]) =>
                  (key === path || key.startsWith(`${path}.`)) && !/\.(rules|condition)(\.|$)/.test(key.slice(path.length)),
              )
              .map(([, message]) => message);
            const setWarnings = problemsUnder(warnings, path);
            const conditionErrors = problemsUnder(errors, `${path}.condition`);
            const change =
              changes.get(entry.key) ??
              (entry.rules.some((rule) => changes.has(rule.key)) || removedRules(entry) ? "inner" : undefined);
            return (
              <SortableRow
                key={entry.key}
                id={entry.key}
                disabled={!canWrite}
                data-policy-set={entry.set.name}
                className={cn(
                  "align-top",
                  entry.set.state === "disabled" && "text-muted",
                  change && "shadow-[inset_3px_0_0_var(--color-accent)]",
                )}
              >
                <Td className="pt-2">
                  <DragHandle label={`Move policy set ${entry.set.name}`} disabled={!canWrite} />
                </Td>
                <Td className="pt-2 tabular-nums text-muted">{index + 1}</Td>
                <Td>
                  <StateSelect
                    value={entry.set.state}
                    label={`Status of policy set ${entry.set.name}`}
                    disabled={!canWrite}
                    onChange={(state) => onChange((current) => patchSet(current, entry.key, { state }))}
                  />
                </Td>
                <Td>
                  <div className="flex items-center gap-1">
                    <button
                      type="button"
                      className="text-left font-semibold text-accent hover:underline"
                      onClick={() => onOpen(index)}
                    >
                      {entry.set.name}
                    </button>
                    <RowMarker change={change} />
                  </div>
                </Td>
                <Td>
                  <button
                    type="button"
                    disabled={!canWrite && entry.set.condition === null}
                    aria-label={`Edit conditions of policy set ${entry.set.name}`}
                    onClick={() =>
                      onEditCondition({
                        title: `Conditions of policy set ${entry.set.name}`,
                        value: entry.set.condition,
                        apply: (condition) => onChange((current) => patchSet(current, entry.key, { condition })),
                      })
                    }
                    className={cn(
                      "flex min-h-7 w-full items-start gap-1 rounded border border-transparent px-1.5 py-1 text-left font-mono text-[12px] hover:border-border hover:bg-sunken",
                      conditionErrors.length > 0 && "border-danger/60",
                    )}
                  >
                    <span className="flex-1">
                      {entry.set.condition ? (
                        conditionText(entry.set.condition)
                      ) : (
                        <span className="font-sans text-muted">Any (every request)</span>
                      )}
                    </span>
                    <Pencil size={12} aria-hidden className="mt-0.5 shrink-0 text-muted" />
                  </button>
                  <Problems errors={conditionErrors} />
                </Td>
                <Td className="pt-2 tabular-nums">{entry.rules.length}</Td>
                <Td className="pt-2">
                  <span className="flex flex-wrap gap-2 text-[12px]">
                    {setErrors.length > 0 && (
                      <span className="inline-flex items-center gap-1 text-danger">
                        <XCircle size={12} aria-hidden /> {setErrors.length} error{setErrors.length === 1 ? "" : "s"}
                      </span>
                    )}
                    {setWarnings.length > 0 && (
                      <span className="inline-flex items-center gap-1 text-warn">
                        <AlertTriangle size={12} aria-hidden /> {setWarnings.length} warning
                        {setWarnings.length === 1 ? "" : "s"}
                      </span>
                    )}
                    {setErrors.length + setWarnings.length === 0 && <span className="text-muted">—</span>}
                  </span>
                  <Problems errors={ownErrors} />
                </Td>
                <Td className="whitespace-nowrap text-right">
                  <Button variant="ghost" aria-label={`Open policy set ${entry.set.name}`} onClick={() => onOpen(index)}>
                    <ChevronRight size={14} aria-hidden />
                  </Button>
                  {canWrite && (
                    <DropdownMenu.Root>
                      <DropdownMenu.Trigger
                        aria-label={`Actions for policy set ${entry.set.name}`}
                        className="inline-flex h-7 w-7 items-center justify-center rounded hover:bg-sunken"
                      >
                        <Settings size={14} aria-hidden />
                      </DropdownMenu.Trigger>
                      <DropdownMenu.Portal>
                        <DropdownMenu.Content align="end" sideOffset={4} className={menuClass}>
                          <MenuItem onSelect={() => insertAt(index)}>
                            <Plus size={13} aria-hidden /> Insert new policy set above
                          </MenuItem>
                          <MenuItem onSelect={() => insertAt(index + 1)}>
                            <Plus size={13} aria-hidden /> Insert new policy set below
                          </MenuItem>
                          <MenuItem onSelect={() => onChange((current) => duplicateSet(current, index))}>
                            <Copy size={13} aria-hidden /> Duplicate
                          </MenuItem>
                          <DropdownMenu.Separator className="my-1 h-px bg-border" />
                          <MenuItem
                            disabled={index === 0}
                            onSelect={() => onChange((current) => moveSet(current, index, index - 1))}
                          >
                            <ArrowUp size={13} aria-hidden /> Move up
                          </MenuItem>
                          <MenuItem
                            disabled={index === draft.sets.length - 1}
                            onSelect={() => onChange((current) => moveSet(current, index, index + 1))}
                          >
                            <ArrowDown size={13} aria-hidden /> Move down
                          </MenuItem>
                          <DropdownMenu.Separator className="my-1 h-px bg-border" />
                          <StateMenuItems
                            value={entry.set.state}
                            onChange={(state) => onChange((current) => patchSet(current, entry.key, { state }))}
                          />
                          <DropdownMenu.Separator className="my-1 h-px bg-border" />
                          <MenuItem danger disabled={draft.sets.length === 1} onSelect={() => setDeleting(entry)}>
                            <Trash2 size={13} aria-hidden /> Delete…
                          </MenuItem>
                        </DropdownMenu.Content>
                      </DropdownMenu.Portal>
                    </DropdownMenu.Root>
                  )}
                </Td>
              </SortableRow>
            );
          })}
        </SortableRows>
      </OrderedTable>
      <ConfirmDialog
        open={deleting !== null}
        title={deleting ? `Delete policy set ${deleting.set.name}?` : "Delete policy set"}
        description={
          deleting
            ? `Its ${deleting.rules.length} rule${deleting.rules.length === 1 ? "" : "s"} go with it. The active policy changes only when you save.`
            : undefined
        }
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          if (deleting) onChange((current) => ({ ...current, sets: current.sets.filter((entry) => entry.key !== deleting.key) }));
          setDeleting(null);
        }}
      />
    </>
  );
}

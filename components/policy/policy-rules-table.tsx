"use client";
// A policy set's Authorization Policy table, ISE-style: drag handle, status, rule name, conditions,
// profiles, security group and a gear menu. Every change edits the working copy; nothing is saved here.
import { AlertTriangle, ArrowDown, ArrowUp, Copy, Pencil, Plus, Settings, Trash2, XCircle } from "lucide-react";
import { DropdownMenu } from "radix-ui";
import { useState, type ReactNode } from "react";
import type { Condition, RuleState } from "@/lib/validation/policy";
import { cn } from "../ui/cn";
import { ConfirmDialog } from "../ui/dialog";
import { Input } from "../ui/field";
import { Td } from "../ui/table";
import { conditionText } from "./condition-text";
import {
  deleteRule,
  duplicateRule,
  insertRule,
  isDefaultRule,
  moveRule,
  patchRule,
  problemsUnder,
  type Draft,
  type DraftRule,
  type DraftSet,
  type ProblemMap,
  type RowChange,
} from "./policy-draft";
import { ProfilesSelect } from "./policy-profiles-select";
import { DragHandle, SortableRow, SortableRows } from "./policy-sortable";
import { OrderedTable, RowMarker, StateSelect } from "./policy-row-parts";

export type EditConditionRequest = {
  title: string;
  value: Condition | null;
  apply: (next: Condition | null) => void;
};

export function PolicyRulesTable({
  set,
  setIndex,
  canWrite,
  profileNames,
  errors,
  warnings,
  changes,
  onChange,
  onEditCondition,
}: {
  set: DraftSet;
  setIndex: number;
  canWrite: boolean;
  profileNames: string[];
  errors: ProblemMap;
  warnings: ProblemMap;
  changes: Map<string, RowChange>;
  onChange: (edit: (draft: Draft) => Draft) => void;
  onEditCondition: (request: EditConditionRequest) => void;
}) {
  const [deleting, setDeleting] = useState<DraftRule | null>(null);
  const movable = set.rules.slice(0, -1);
  const names = Object.fromEntries(set.rules.map((entry) => [entry.key, `rule ${entry.rule.name}`]));
  const rulePath = (index: number) => `policySets.${setIndex}.rules.${index}`;

  return (
    <>
      <OrderedTable
        label={`Authorization rules of ${set.set.name}`}
        columns={[
          { label: "Rule Name", className: "w-64" },
          { label: "Conditions" },
          { label: "Profiles", className: "w-64" },
          { label: "Security Group", className: "w-40" },
        ]}
        actionsClassName="w-12"
        addLabel="Add rule"
        onAdd={canWrite ? () => onChange((draft) => insertRule(draft, set.key, set.rules.length - 1).draft) : undefined}
      >
        <SortableRows
          ids={movable.map((entry) => entry.key)}
          names={names}
          disabled={!canWrite}
          onMove={(from, to) => onChange((draft) => moveRule(draft, set.key, from, to))}
        >
          {set.rules.map((entry, index) => (
            <RuleRow
              key={entry.key}
              entry={entry}
              index={index}
              set={set}
              canWrite={canWrite}
              profileNames={profileNames}
              path={rulePath(index)}
              errors={errors}
              warnings={warnings}
              change={changes.get(entry.key)}
              onChange={onChange}
              onEditCondition={onEditCondition}
              onDelete={() => setDeleting(entry)}
            />
          ))}
        </SortableRows>
      </OrderedTable>
      <ConfirmDialog
        open={deleting !== null}
        title={deleting ? `Delete rule ${deleting.rule.name}?` : "Delete rule"}
        description="The rule is removed from the working copy; the active policy changes only when you save."
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          if (deleting) onChange((draft) => deleteRule(draft, set.key, deleting.key));
          setDeleting(null);
        }}
      />
    </>
  );
}

function RuleRow({
  entry,
  index,
  set,
  canWrite,
  profileNames,
  path,
  errors,
  warnings,
  change,
  onChange,
  onEditCondition,
  onDelete,
}: {
  entry: DraftRule;
  index: number;
  set: DraftSet;
  canWrite: boolean;
  profileNames: string[];
  path: string;
  errors: ProblemMap;
  warnings: ProblemMap;
  change: RowChange | undefined;
  onChange: (edit: (draft: Draft) => Draft) => void;
  onEditCondition: (request: EditConditionRequest) => void;
  onDelete: () => void;
}) {
  const { rule } = entry;
  const isDefault = isDefaultRule(set, index);
  const lastMovable = set.rules.length - 2;
  const patch = (value: Parameters<typeof patchRule>[3]) => onChange((draft) => patchRule(draft, set.key, entry.key, value));
  const nameErrors = [...problemsUnder(errors, `${path}.name`), ...rowLevel(errors, path)];
  const conditionErrors = problemsUnder(errors, `${path}.condition`);
  const profileErrors = problemsUnder(errors, `${path}.profiles`);
  const groupErrors = problemsUnder(errors, `${path}.securityGroup`);
  const rowWarnings = problemsUnder(warnings, path);
  const hasErrors = nameErrors.length + conditionErrors.length + profileErrors.length + groupErrors.length > 0;
  const editCondition = () =>
    onEditCondition({
      title: `Conditions of rule ${rule.name}`,
      value: rule.condition,
      apply: (next) => patch({ condition: next }),
    });

  return (
    <SortableRow
      id={entry.key}
      disabled={isDefault || !canWrite}
      data-rule={rule.name}
      className={cn(
        "align-top",
        rule.state === "disabled" && "text-muted",
        hasErrors && "bg-danger/5",
        change && "shadow-[inset_3px_0_0_var(--color-accent)]",
      )}
    >
      <Td className="pt-2">
        <DragHandle label={`Move rule ${rule.name}`} disabled={isDefault || !canWrite} />
      </Td>
      <Td className="pt-2 tabular-nums text-muted">{index + 1}</Td>
      <Td>
        <StateSelect
          value={rule.state}
          label={`Status of rule ${rule.name}`}
          disabled={!canWrite}
          onChange={(state) => patch({ state })}
        />
      </Td>
      <Td>
        <div className="flex items-center gap-1">
          {isDefault ? (
            <span className="px-1 font-semibold" title="The default rule matches when no rule above it does; it is always last.">
              {rule.name}
            </span>
          ) : (
            <Input
              aria-label={`Name of rule ${rule.name}`}
              value={rule.name}
              disabled={!canWrite}
              aria-invalid={nameErrors.length > 0}
              onChange={(event) => patch({ name: event.target.value })}
              className="min-w-44 flex-1 font-semibold"
            />
          )}
          <RowMarker change={change} />
        </div>
        <Problems errors={nameErrors} warnings={rowWarnings} />
      </Td>
      <Td>
        {isDefault ? (
          <span className="text-muted">Any (no condition: the default rule)</span>
        ) : (
          <div className="flex items-start gap-1">
            <button
              type="button"
              onClick={editCondition}
              disabled={!canWrite && rule.condition === null}
              aria-label={`Edit conditions of rule ${rule.name}`}
              className={cn(
                "min-h-7 flex-1 rounded border border-transparent px-1.5 py-1 text-left font-mono text-[12px] hover:border-border hover:bg-sunken",
                conditionErrors.length > 0 && "border-danger/60",
              )}
            >
              {rule.condition ? (
                conditionText(rule.condition)
              ) : (
                <span className="font-sans text-muted">Any — click to add conditions</span>
              )}
            </button>
            <Pencil size={12} aria-hidden className="mt-2 shrink-0 text-muted" />
          </div>
        )}
        <Problems errors={conditionErrors} />
      </Td>
      <Td>
        <ProfilesSelect
          value={rule.profiles}
          options={profileNames}
          onChange={(profiles) => patch({ profiles })}
          label={`Profiles of rule ${rule.name}`}
          disabled={!canWrite}
          invalid={profileErrors.length > 0}
        />
        <Problems errors={profileErrors} />
      </Td>
      <Td>
        <Input
          aria-label={`Security group of rule ${rule.name}`}
          value={rule.securityGroup ?? ""}
          placeholder="—"
          disabled={!canWrite}
          onChange={(event) => patch({ securityGroup: event.target.value })}
        />
        <Problems errors={groupErrors} />
      </Td>
      <Td className="text-right">
        {canWrite && (
          <DropdownMenu.Root>
            <DropdownMenu.Trigger
              aria-label={`Actions for rule ${rule.name}`}
              className="inline-flex h-7 w-7 items-center justify-center rounded hover:bg-sunken"
            >
              <Settings size={14} aria-hidden />
            </DropdownMenu.Trigger>
            <DropdownMenu.Portal>
              <DropdownMenu.Content align="end" sideOffset={4} className={menuClass}>
                <MenuItem onSelect={() => onChange((draft) => insertRule(draft, set.key, index).draft)}>
                  <Plus size={13} aria-hidden /> Insert new rule above
                </MenuItem>
                {!isDefault && (
                  <>
                    <MenuItem onSelect={() => onChange((draft) => insertRule(draft, set.key, index + 1).draft)}>
                      <Plus size={13} aria-hidden /> Insert new rule below
                    </MenuItem>
                    <MenuItem onSelect={() => onChange((draft) => duplicateRule(draft, set.key, index))}>
                      <Copy size={13} aria-hidden /> Duplicate
                    </MenuItem>
                    <DropdownMenu.Separator className="my-1 h-px bg-border" />
                    <MenuItem
                      disabled={index === 0}
                      onSelect={() => onChange((draft) => moveRule(draft, set.key, index, index - 1))}
                    >
                      <ArrowUp size={13} aria-hidden /> Move up
                    </MenuItem>
                    <MenuItem
                      disabled={index >= lastMovable}
                      onSelect={() => onChange((draft) => moveRule(draft, set.key, index, index + 1))}
                    >
                      <ArrowDown size={13} aria-hidden /> Move down
                    </MenuItem>
                  </>
                )}
                <DropdownMenu.Separator className="my-1 h-px bg-border" />
                <StateMenuItems value={rule.state} onChange={(state) => patch({ state })} />
                {!isDefault && (
                  <>
                    <DropdownMenu.Separator className="my-1 h-px bg-border" />
                    <MenuItem onSelect={onDelete} danger>
                      <Trash2 size={13} aria-hidden /> Delete…
                    </MenuItem>
                  </>
                )}
              </DropdownMenu.Content>
            </DropdownMenu.Portal>
          </DropdownMenu.Root>
        )}
      </Td>
    </SortableRow>
  );
}

/** Problems at the row itself (e.g. "the last rule must be a default rule"), not at one of its fields. */
function rowLevel(errors: ProblemMap, path: string): string[] {
  const fields = ["name", "condition", "profiles", "securityGroup", "state"];
  return Object.entries(errors)
    .filter(
      ([key]) => key === path || (key.startsWith(`${path}.`) && !fields.includes(key.slice(path.length + 1).split(".")[0]!)),
    )
    .map(([, message]) => message);
}

export const menuClass = "z-50 min-w-48 rounded border border-border bg-panel p-1 text-fg shadow-lg";

export function MenuItem({
  onSelect,
  disabled,
  danger,
  children,
}: {
  onSelect: () => void;
  disabled?: boolean;
  danger?: boolean;
  children: ReactNode;
}) {
  return (
    <DropdownMenu.Item
      disabled={disabled}
      onSelect={onSelect}
      className={cn(
        "flex cursor-pointer items-center gap-2 rounded px-2 py-1 outline-none data-[disabled]:cursor-default data-[disabled]:opacity-40 data-[highlighted]:bg-sunken",
        danger && "text-danger",
      )}
    >
      {children}
    </DropdownMenu.Item>
  );
}

export function StateMenuItems({ value, onChange }: { value: RuleState; onChange: (state: RuleState) => void }) {
  return (
    <DropdownMenu.RadioGroup value={value} onValueChange={(next) => onChange(next as RuleState)}>
      {(
        [
          ["enabled", "Enable"],
          ["disabled", "Disable"],
          ["monitor", "Monitor only"],
        ] as const
      ).map(([state, label]) => (
        <DropdownMenu.RadioItem
          key={state}
          value={state}
          className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 outline-none data-[highlighted]:bg-sunken"
        >
          <span className="inline-flex w-3.5 justify-center">
            <DropdownMenu.ItemIndicator>•</DropdownMenu.ItemIndicator>
          </span>
          {label}
        </DropdownMenu.RadioItem>
      ))}
    </DropdownMenu.RadioGroup>
  );
}

export function Problems({ errors = [], warnings = [] }: { errors?: string[]; warnings?: string[] }) {
  if (errors.length === 0 && warnings.length === 0) return null;
  return (
    <ul className="mt-1 grid gap-0.5 text-[12px]">
      {errors.map((message, index) => (
        <li key={`e${index}`} className="flex items-start gap-1 text-danger">
          <XCircle size={12} aria-hidden className="mt-0.5 shrink-0" />
          <span>{message}</span>
        </li>
      ))}
      {warnings.map((message, index) => (
        <li key={`w${index}`} className="flex items-start gap-1 text-warn">
          <AlertTriangle size={12} aria-hidden className="mt-0.5 shrink-0" />
          <span>{message}</span>
        </li>
      ))}
    </ul>
  );
}

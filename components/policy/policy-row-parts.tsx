"use client";
// What the policy set and rule tables share: their frame, the status select and the unsaved-change marker.
import { Plus } from "lucide-react";
import type { ReactNode } from "react";
import type { RuleState } from "@/lib/validation/policy";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Select } from "../ui/field";
import { Table, Th } from "../ui/table";

const stateLabels: Record<RuleState, string> = { enabled: "Enabled", disabled: "Disabled", monitor: "Monitor" };
const stateDots: Record<RuleState, string> = { enabled: "bg-ok", disabled: "bg-muted", monitor: "bg-warn" };

export function StateSelect({
  value,
  label,
  disabled,
  onChange,
}: {
  value: RuleState;
  label: string;
  disabled?: boolean;
  onChange: (state: RuleState) => void;
}) {
  return (
    <div className="flex items-center gap-1.5">
      <span className={cn("h-2 w-2 shrink-0 rounded-full", stateDots[value])} aria-hidden />
      <Select
        aria-label={label}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value as RuleState)}
        className="w-[6.75rem]"
        title={
          value === "monitor"
            ? "Monitor: evaluated and logged when it matches, but evaluation continues and its profiles are not applied"
            : undefined
        }
      >
        {(Object.keys(stateLabels) as RuleState[]).map((state) => (
          <option key={state} value={state}>
            {stateLabels[state]}
          </option>
        ))}
      </Select>
    </div>
  );
}

const markers = {
  new: { label: "New", title: "Added since the last save" },
  changed: { label: "Modified", title: "Changed since the last save" },
  moved: { label: "Moved", title: "Moved since the last save" },
  inner: { label: "Modified", title: "Some of its rules changed since the last save" },
} as const;

export function RowMarker({ change }: { change: keyof typeof markers | undefined }) {
  if (!change) return null;
  return (
    <span title={markers[change].title} className="shrink-0">
      <Badge tone="info">{markers[change].label}</Badge>
    </span>
  );
}

/**
 * An ordered policy table (sets or rules): the drag handle, number and status columns, then `columns`, then the actions;
 * under it the add button when `onAdd` is given.
 */
export function OrderedTable({
  label,
  columns,
  actionsClassName,
  addLabel,
  onAdd,
  children,
}: {
  label: string;
  columns: { label: string; className?: string }[];
  actionsClassName: string;
  addLabel: string;
  onAdd?: () => void;
  children: ReactNode;
}) {
  return (
    <>
      <Table label={label}>
        <thead>
          <tr>
            <Th className="w-6">
              <span className="sr-only">Order</span>
            </Th>
            <Th className="w-8">#</Th>
            <Th className="w-36">Status</Th>
            {columns.map((column) => (
              <Th key={column.label} className={column.className}>
                {column.label}
              </Th>
            ))}
            <Th className={actionsClassName}>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </Table>
      {onAdd && (
        <div className="mt-2">
          <Button onClick={onAdd}>
            <Plus size={14} aria-hidden /> {addLabel}
          </Button>
        </div>
      )}
    </>
  );
}

"use client";
// One `Dictionary:Attribute OPERATOR value` row of the Conditions Studio: the dictionary, then its attributes,
// then only the operators valid for the attribute's data type, then a value control that fits that type.
import { X } from "lucide-react";
import { useId, useState, type ReactNode } from "react";
import type { DictionaryAttributeDefinition, DictionaryDataType } from "@/lib/validation/dictionaries";
import {
  operatorLabels,
  operatorsByDataType,
  operatorTakesList,
  type ConditionLeaf,
  type ConditionOperator,
} from "@/lib/validation/policy";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Input, Select } from "../ui/field";
import { focusAttribute, useConditionEditor } from "./condition-editor-context";
import { enumValuesOf, reshapeValue, retargetLeaf, splitAttribute } from "./condition-leaf";
import { setNode, type NodePath } from "./condition-tree";

const dataTypeLabels: Record<DictionaryDataType, string> = {
  string: "String",
  int: "Integer",
  enum: "Enumeration",
  boolean: "Boolean",
  ip: "IP address",
  mac: "MAC address",
  date: "Date",
};

function placeholderFor(definition: DictionaryAttributeDefinition | undefined, operator: ConditionOperator): string {
  if (operator === "matches") return "Regular expression, e.g. ^iPhone";
  switch (definition?.dataType) {
    case "int":
      return "Whole number";
    case "ip":
      return operator === "ipInRange" || operator === "ipNotInRange" ? "CIDR, e.g. 10.1.0.0/16" : "IP address, e.g. 10.1.2.3";
    case "mac":
      return operator === "macStartsWith" || operator === "macNotStartsWith" ? "Prefix, e.g. 00:26:B4" : "e.g. 00:26:B4:24:FE:B4";
    case "date":
      return "YYYY-MM-DD";
    default:
      return "Value";
  }
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-0.5 max-w-80 text-[12px] text-danger">
      {message}
    </p>
  );
}

export function ConditionLeafRow({
  leaf,
  path,
  label,
  handle,
  negate,
  actions,
  below,
}: {
  leaf: ConditionLeaf;
  path: NodePath;
  label: string;
  handle: ReactNode;
  negate: ReactNode;
  actions: ReactNode;
  below?: ReactNode;
}) {
  const editor = useConditionEditor();
  const id = useId();
  const problems = editor.problemsAt(path);
  const { dictionary, attribute } = splitAttribute(leaf.attribute);
  const definition = editor.findAttribute(leaf.attribute);
  const dictionaryEntry = editor.dictionaries.find((entry) => entry.name === dictionary);
  // Reply-only attributes never reach a condition; the current one stays listed so an old policy still shows.
  const attributes = (dictionaryEntry?.attributes ?? []).filter((entry) => entry.direction !== "out" || entry.name === attribute);
  const operators = definition ? operatorsByDataType[definition.dataType] : [];
  const valueProblem = Object.entries(problems)
    .filter(([field]) => field === "value" || field.startsWith("value."))
    .map(([, message]) => message)
    .join(" · ");
  const update = (next: ConditionLeaf) => editor.commit(setNode(editor.root, path, next));

  return (
    <div
      role="group"
      aria-label={label}
      className={cn(
        "rounded border bg-panel px-2 py-1.5",
        Object.keys(problems).length > 0 ? "border-danger/50" : "border-border",
      )}
    >
      <div className="flex flex-wrap items-start gap-1.5">
        {handle}
        {negate}
        <div className="w-32">
          <Select
            aria-label="Dictionary"
            data-focus={focusAttribute(path, "dictionary")}
            disabled={editor.readOnly}
            value={dictionary}
            onChange={(event) =>
              // Focus stays here: a keyboard user may still be arrowing through the options.
              update({ ...leaf, attribute: `${event.target.value}:`, value: reshapeValue("", leaf.operator) })
            }
          >
            {!dictionaryEntry && <option value={dictionary}>{dictionary || "Choose…"}</option>}
            {editor.dictionaries.map((entry) => (
              <option key={entry.name} value={entry.name}>
                {entry.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="w-72">
          <div className="flex items-center gap-1">
            <Select
              aria-label="Attribute"
              data-focus={focusAttribute(path, "attribute")}
              disabled={editor.readOnly}
              value={attribute}
              title={definition?.description}
              aria-invalid={Boolean(problems.attribute)}
              aria-describedby={problems.attribute ? `${id}-attribute` : undefined}
              onChange={(event) => {
                const reference = `${dictionary}:${event.target.value}`;
                update(retargetLeaf(leaf, reference, definition, editor.findAttribute(reference)));
              }}
            >
              <option value="">Choose an attribute…</option>
              {attribute && !attributes.some((entry) => entry.name === attribute) && (
                <option value={attribute}>{attribute} (unknown)</option>
              )}
              {attributes.map((entry) => (
                <option key={entry.name} value={entry.name} title={entry.description}>
                  {entry.name}
                  {entry.vendor ? ` (${entry.vendor})` : ""}
                </option>
              ))}
            </Select>
            {definition && (
              <span title={`Data type: ${dataTypeLabels[definition.dataType]}`} className="shrink-0">
                <Badge tone="info">{definition.dataType}</Badge>
              </span>
            )}
          </div>
          <FieldError id={`${id}-attribute`} message={problems.attribute} />
        </div>
        <div className="w-40">
          <Select
            aria-label="Operator"
            data-focus={focusAttribute(path, "operator")}
            disabled={editor.readOnly || !definition}
            value={leaf.operator}
            aria-invalid={Boolean(problems.operator)}
            aria-describedby={problems.operator ? `${id}-operator` : undefined}
            onChange={(event) => {
              const operator = event.target.value as ConditionOperator;
              update({ ...leaf, operator, value: reshapeValue(leaf.value, operator) });
            }}
          >
            {!operators.includes(leaf.operator) && (
              <option value={leaf.operator}>
                {operatorLabels[leaf.operator]}
                {definition ? " (not valid)" : ""}
              </option>
            )}
            {operators.map((operator) => (
              <option key={operator} value={operator}>
                {operatorLabels[operator]}
              </option>
            ))}
          </Select>
          <FieldError id={`${id}-operator`} message={problems.operator} />
        </div>
        <div className="min-w-52 flex-1">
          <ValueControl
            leaf={leaf}
            path={path}
            definition={definition}
            invalid={Boolean(valueProblem)}
            describedBy={valueProblem ? `${id}-value` : undefined}
            problems={problems}
            onChange={(value) => update({ ...leaf, value })}
          />
          <FieldError id={`${id}-value`} message={valueProblem || undefined} />
        </div>
        {actions}
      </div>
      {problems[""] && <p className="mt-1 text-[12px] text-danger">{problems[""]}</p>}
      {below}
    </div>
  );
}

function ValueControl({
  leaf,
  path,
  definition,
  invalid,
  describedBy,
  problems,
  onChange,
}: {
  leaf: ConditionLeaf;
  path: NodePath;
  definition: DictionaryAttributeDefinition | undefined;
  invalid: boolean;
  describedBy: string | undefined;
  problems: Record<string, string>;
  onChange(value: ConditionLeaf["value"]): void;
}) {
  const editor = useConditionEditor();
  const [draft, setDraft] = useState("");
  const enumValues = enumValuesOf(definition);
  const focus = focusAttribute(path, "value");
  const common = {
    "aria-invalid": invalid,
    "aria-describedby": describedBy,
    disabled: editor.readOnly || !definition,
  };

  if (!operatorTakesList(leaf.operator)) {
    const single = Array.isArray(leaf.value) ? (leaf.value[0] ?? "") : leaf.value;
    if (enumValues) {
      return (
        <Select
          aria-label="Value"
          data-focus={focus}
          value={single}
          onChange={(event) => onChange(event.target.value)}
          {...common}
        >
          <option value="">Choose a value…</option>
          {single !== "" && !enumValues.includes(single) && <option value={single}>{single} (not allowed)</option>}
          {enumValues.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </Select>
      );
    }
    return (
      <Input
        aria-label="Value"
        data-focus={focus}
        value={single}
        placeholder={definition ? placeholderFor(definition, leaf.operator) : "Choose an attribute first"}
        inputMode={definition?.dataType === "int" ? "numeric" : undefined}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => onChange(event.target.value)}
        {...common}
      />
    );
  }

  const values = Array.isArray(leaf.value) ? leaf.value : leaf.value === "" ? [] : [leaf.value];
  if (enumValues) {
    return (
      <div
        role="group"
        aria-label="Value"
        aria-invalid={invalid}
        aria-describedby={describedBy}
        className="flex min-h-7 flex-wrap items-center gap-1"
      >
        {enumValues.map((value, index) => {
          const checked = values.includes(value);
          return (
            <label
              key={value}
              className={cn(
                "inline-flex cursor-pointer items-center gap-1 rounded-full border px-2 py-px text-[12px] has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent",
                checked ? "border-accent bg-accent/10 text-accent" : "border-border text-muted",
              )}
            >
              <input
                type="checkbox"
                className="sr-only"
                data-focus={index === 0 ? focus : undefined}
                checked={checked}
                disabled={common.disabled}
                onChange={() =>
                  onChange(
                    checked
                      ? values.filter((entry) => entry !== value)
                      : enumValues.filter((entry) => entry === value || values.includes(entry)),
                  )
                }
              />
              {value}
            </label>
          );
        })}
      </div>
    );
  }

  const add = () => {
    const entry = draft.trim();
    if (!entry) return;
    if (!values.includes(entry)) onChange([...values, entry]);
    setDraft("");
  };
  return (
    <div className="flex flex-wrap items-center gap-1">
      {values.map((value, index) => (
        <span
          key={`${value}-${index}`}
          className={cn(
            "inline-flex items-center gap-1 rounded-full border px-2 py-px text-[12px]",
            problems[`value.${index}`] ? "border-danger text-danger" : "border-accent bg-accent/10 text-accent",
          )}
        >
          {value}
          {!editor.readOnly && (
            <button
              type="button"
              aria-label={`Remove ${value} from the list`}
              className="rounded hover:bg-sunken"
              onClick={() => onChange(values.filter((_, i) => i !== index))}
            >
              <X size={11} aria-hidden />
            </button>
          )}
        </span>
      ))}
      {!editor.readOnly && (
        <>
          <div className="w-48">
            <Input
              aria-label="Value"
              data-focus={focus}
              value={draft}
              placeholder={definition ? `${placeholderFor(definition, "equals")}, Enter adds` : "Choose an attribute first"}
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter") {
                  event.preventDefault();
                  add();
                }
              }}
              {...common}
            />
          </div>
          <Button aria-label="Add to the list" disabled={common.disabled || !draft.trim()} onClick={add}>
            Add
          </Button>
        </>
      )}
    </div>
  );
}

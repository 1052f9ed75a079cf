"use client";
// Multi-select of authorization profiles for a rule: chips in the cell, a checkbox menu to change them.
// Order matters (the engine merges profiles' attributes in order), so a newly ticked profile goes last.
import { ChevronDown } from "lucide-react";
import { DropdownMenu } from "radix-ui";
import { cn } from "../ui/cn";

export function ProfilesSelect({
  value,
  options,
  onChange,
  label,
  disabled,
  invalid,
}: {
  value: string[];
  options: string[];
  onChange: (next: string[]) => void;
  label: string;
  disabled?: boolean;
  invalid?: boolean;
}) {
  // Profiles the rule names but that no longer exist still show, so they can be unticked.
  const all = [...options, ...value.filter((name) => !options.includes(name))];
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger
        disabled={disabled}
        aria-label={label}
        aria-invalid={invalid || undefined}
        className={cn(
          "flex min-h-7 w-full min-w-40 items-center gap-1 rounded border border-border bg-panel px-1.5 py-0.5 text-left disabled:cursor-not-allowed disabled:opacity-70",
          invalid && "border-danger",
        )}
      >
        <span className="flex flex-1 flex-wrap gap-1">
          {value.length === 0 && <span className="text-muted">Select profiles</span>}
          {value.map((name) => (
            <span
              key={name}
              className={cn(
                "rounded border px-1 text-[12px]",
                options.includes(name) ? "border-accent/40 bg-accent/10" : "border-danger/50 bg-danger/10 text-danger",
              )}
            >
              {name}
            </span>
          ))}
        </span>
        {!disabled && <ChevronDown size={13} aria-hidden className="shrink-0 text-muted" />}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="start"
          sideOffset={4}
          className="z-50 max-h-80 min-w-56 overflow-y-auto rounded border border-border bg-panel p-1 text-fg shadow-lg"
        >
          <DropdownMenu.Label className="px-2 py-1 text-[12px] text-muted">
            Authorization profiles (applied in order)
          </DropdownMenu.Label>
          {all.map((name) => (
            <DropdownMenu.CheckboxItem
              key={name}
              checked={value.includes(name)}
              onSelect={(event) => event.preventDefault()}
              onCheckedChange={(checked) =>
                onChange(checked ? [...value.filter((entry) => entry !== name), name] : value.filter((entry) => entry !== name))
              }
              className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 outline-none data-[highlighted]:bg-sunken"
            >
              <span className="inline-flex h-3.5 w-3.5 items-center justify-center rounded-sm border border-border text-[10px]">
                <DropdownMenu.ItemIndicator>✓</DropdownMenu.ItemIndicator>
              </span>
              <span className={cn(!options.includes(name) && "text-danger")}>
                {name}
                {!options.includes(name) && " (does not exist)"}
              </span>
            </DropdownMenu.CheckboxItem>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

"use client";
// Filter fields shared by the console's logs and lists: the form around them (Apply / Clear), the endpoint MAC,
// the network device, the time range.
import { X } from "lucide-react";
import type { FormEvent, ReactNode } from "react";
import { timeRanges, type TimeFilter } from "@/lib/queries/live-logs";
import { Button } from "../ui/button";
import { Field, Input, Select } from "../ui/field";

/** The filter bar: a search landmark whose submit applies the typed filters; Clear removes every filter. */
export function FilterForm({
  label,
  onSubmit,
  submitLabel = "Apply",
  canClear,
  onClear,
  children,
}: {
  /** The landmark's name, e.g. "Live log filters". */
  label: string;
  onSubmit: () => void;
  submitLabel?: string;
  canClear: boolean;
  onClear: () => void;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        onSubmit();
      }}
      role="search"
      aria-label={label}
      className="mb-3 flex flex-wrap items-start gap-3 rounded border border-border bg-panel p-3"
    >
      {children}
      <div className="flex gap-2 pt-[22px]">
        <Button type="submit" variant="primary">
          {submitLabel}
        </Button>
        <Button disabled={!canClear} onClick={onClear}>
          Clear
        </Button>
      </div>
    </form>
  );
}

export function EndpointMacFilter({
  value,
  onChange,
  applied,
  onClear,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  /** The MAC currently applied (from the URL), if any: shows the clear button. */
  applied: string | null | undefined;
  onClear: () => void;
  error?: string;
}) {
  return (
    <div className="w-56">
      <Field label="Endpoint MAC" error={error}>
        {(props) => (
          <div className="flex gap-1">
            <Input
              {...props}
              className="font-mono"
              placeholder="00:26:B4:24:FE:B4"
              value={value}
              onChange={(event) => onChange(event.target.value)}
            />
            {applied && (
              <Button variant="ghost" aria-label="Clear endpoint filter" onClick={onClear}>
                <X size={13} aria-hidden />
              </Button>
            )}
          </div>
        )}
      </Field>
    </div>
  );
}

export function NetworkDeviceFilter({
  value,
  devices,
  onSelect,
  error,
}: {
  value: string | null | undefined;
  devices: readonly { id: string; name: string; address: string }[];
  onSelect: (address: string | null) => void;
  error?: string;
}) {
  return (
    <div className="w-56">
      <Field label="Network device" error={error}>
        {(props) => (
          <Select {...props} value={value ?? ""} onChange={(event) => onSelect(event.target.value || null)}>
            <option value="">All network devices</option>
            {devices.map((device) => (
              <option key={device.id} value={device.address}>
                {device.name} ({device.address})
              </option>
            ))}
            {/* A filter from a link or an older URL may name a device that no longer exists. */}
            {value && !devices.some((device) => device.address === value) && <option value={value}>{value}</option>}
          </Select>
        )}
      </Field>
    </div>
  );
}

/** Relative time range, or "Custom range…" with From and To (local date-times); changes apply at once. */
export function TimeRangeFields({
  filter,
  errors,
  apply,
}: {
  filter: TimeFilter;
  errors: Record<string, string>;
  apply: (changes: Record<string, string | null>) => void;
}) {
  const range = filter.range ?? "";
  return (
    <>
      <div className="w-44">
        <Field label="Time range">
          {(props) => (
            <Select
              {...props}
              value={range}
              onChange={(event) => {
                const value = event.target.value;
                apply({ range: value || null, ...(value === "custom" ? {} : { from: null, to: null }) });
              }}
            >
              <option value="">Any time</option>
              {Object.entries(timeRanges).map(([key, { label }]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
              <option value="custom">Custom range…</option>
            </Select>
          )}
        </Field>
      </div>
      {range === "custom" &&
        (["from", "to"] as const).map((end) => (
          <div key={end} className="w-52">
            <Field label={end === "from" ? "From" : "To"} error={errors[end]}>
              {(props) => (
                <Input
                  {...props}
                  type="datetime-local"
                  step={1}
                  value={filter[end] ?? ""}
                  onChange={(event) => apply({ [end]: event.target.value || null })}
                />
              )}
            </Field>
          </div>
        ))}
    </>
  );
}

"use client";
// Filter fields shared by Live Logs and Live Sessions: the endpoint MAC and the network device.
import { X } from "lucide-react";
import { Button } from "../ui/button";
import { Field, Input, Select } from "../ui/field";

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

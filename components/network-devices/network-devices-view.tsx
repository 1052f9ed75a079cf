"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { Eye, EyeOff, Pencil, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { ApiError } from "@/lib/api/client";
import {
  networkDeviceListQuery,
  useCreateNetworkDevice,
  useDeleteNetworkDevice,
  useUpdateNetworkDevice,
  type NetworkDeviceRow,
} from "@/lib/queries/network-devices";
import {
  createNetworkDeviceSchema,
  updateNetworkDeviceSchema,
  vendorProfileLabels,
  vendorProfiles,
} from "@/lib/validation/network-device";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, FormError, Input, Select } from "../ui/field";
import { EmptyState, PageHeader } from "../ui/panel";
import { Td } from "../ui/table";
import { useToast } from "../ui/toast";
import { QueryState, type Column, ReadOnlyNotice, RefreshButton, SearchableTable, useSearchableList } from "../ui/table-tools";

type SortKey = "name" | "address" | "vendor" | "coaPort" | "ma" | "updated";

const sortValue = (row: NetworkDeviceRow, key: SortKey): string | number | null => {
  switch (key) {
    case "name":
      return row.name.toLowerCase();
    case "address":
      return row.address;
    case "vendor":
      return vendorProfileLabels[row.vendorProfile];
    case "coaPort":
      return row.coaPort;
    case "ma":
      return row.requireMessageAuthenticator ? 0 : 1;
    case "updated":
      return -new Date(row.updatedAt).getTime();
  }
};

const columns: Column<SortKey>[] = [
  { label: "Name", sortKey: "name" },
  { label: "IP address / range", sortKey: "address" },
  { label: "Vendor profile", sortKey: "vendor" },
  { label: "CoA port", sortKey: "coaPort" },
  { label: "Message-Authenticator", sortKey: "ma" },
  { label: "Description" },
  { label: "Last changed", sortKey: "updated" },
];

type Editing = { mode: "create" } | { mode: "edit"; device: NetworkDeviceRow };

export function NetworkDevicesView({ canWrite }: { canWrite: boolean }) {
  const list = useQuery(networkDeviceListQuery());
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<NetworkDeviceRow | null>(null);
  const { sorted, state } = useSearchableList<NetworkDeviceRow, SortKey>(
    list.data,
    (row) => [row.name, row.address, vendorProfileLabels[row.vendorProfile], String(row.coaPort), row.description],
    { key: "name", dir: "asc" },
    sortValue,
  );

  return (
    <>
      <PageHeader
        title="Network Devices"
        description="Switches and wireless controllers allowed to send RADIUS. A request from any other source address is dropped."
        actions={
          <>
            <RefreshButton onClick={() => void list.refetch()} />
            <Button variant="primary" onClick={() => setEditing({ mode: "create" })}>
              <Plus size={14} aria-hidden /> Add
            </Button>
          </>
        }
      />
      {!canWrite && (
        <ReadOnlyNotice>
          Your role (Read Only) can view network devices; adding, changing and deleting them are refused.
        </ReadOnlyNotice>
      )}
      <QueryState query={list} what="network devices" />
      {list.data && list.data.length === 0 && (
        <EmptyState
          title="No network devices yet"
          action={
            <Button variant="primary" onClick={() => setEditing({ mode: "create" })}>
              <Plus size={14} aria-hidden /> Add a network device
            </Button>
          }
        >
          Until a switch or wireless controller is added here with its IP address (or a CIDR range for a group of them) and its
          RADIUS shared secret, Gatehouse drops every RADIUS request it receives.
        </EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <SearchableTable
          label="Network devices"
          columns={columns}
          list={state}
          searchLabel="Search network devices"
          placeholder="Name, address, vendor…"
          noun="network device"
        >
          {sorted.map((row) => (
            <tr key={row.id}>
              <Td className="font-semibold">{row.name}</Td>
              <Td className="font-mono text-[12px]">{row.address}</Td>
              <Td>{vendorProfileLabels[row.vendorProfile]}</Td>
              <Td className="tabular-nums">{row.coaPort}</Td>
              <Td>
                {row.requireMessageAuthenticator ? <Badge tone="ok">Required</Badge> : <Badge tone="warn">Not required</Badge>}
              </Td>
              <Td className="max-w-72 truncate text-muted" title={row.description ?? undefined}>
                {row.description || "—"}
              </Td>
              <Td className="whitespace-nowrap text-muted">{new Date(row.updatedAt).toLocaleString()}</Td>
              <Td className="whitespace-nowrap">
                <div className="flex justify-end gap-1">
                  <Button
                    variant="ghost"
                    aria-label={`Edit ${row.name}`}
                    onClick={() => setEditing({ mode: "edit", device: row })}
                  >
                    <Pencil size={13} aria-hidden /> Edit
                  </Button>
                  <Button variant="ghost" aria-label={`Delete ${row.name}`} onClick={() => setDeleting(row)}>
                    <Trash2 size={13} aria-hidden /> Delete
                  </Button>
                </div>
              </Td>
            </tr>
          ))}
        </SearchableTable>
      )}
      <Dialog
        open={editing !== null}
        onOpenChange={(open) => !open && setEditing(null)}
        title={editing?.mode === "edit" ? `Edit network device ${editing.device.name}` : "Add network device"}
      >
        {editing && (
          <NetworkDeviceForm
            key={editing.mode === "edit" ? editing.device.id : "new"}
            device={editing.mode === "edit" ? editing.device : undefined}
            onDone={() => setEditing(null)}
          />
        )}
      </Dialog>
      <Dialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={deleting ? `Delete network device ${deleting.name}?` : "Delete network device"}
      >
        {deleting && <DeleteConfirm device={deleting} onDone={() => setDeleting(null)} />}
      </Dialog>
    </>
  );
}

type FormInput = z.input<typeof updateNetworkDeviceSchema>;
type FormOutput = z.output<typeof updateNetworkDeviceSchema>;

function NetworkDeviceForm({ device, onDone }: { device?: NetworkDeviceRow; onDone: () => void }) {
  const isEdit = device !== undefined;
  const create = useCreateNetworkDevice();
  const update = useUpdateNetworkDevice();
  const toast = useToast();
  const [formError, setFormError] = useState<string | null>(null);
  const [showSecret, setShowSecret] = useState(false);
  // Create needs a secret; edit keeps the stored one when the field is left blank (it is never sent back).
  const schema = (isEdit ? updateNetworkDeviceSchema : createNetworkDeviceSchema) as typeof updateNetworkDeviceSchema;
  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: device?.name ?? "",
      address: device?.address ?? "",
      secret: "",
      vendorProfile: device?.vendorProfile ?? "generic",
      coaPort: device?.coaPort ?? 3799,
      requireMessageAuthenticator: device?.requireMessageAuthenticator ?? true,
      description: device?.description ?? "",
    },
  });
  const pending = create.isPending || update.isPending;
  const onError = (error: Error) => {
    if (error instanceof ApiError) {
      for (const [field, message] of Object.entries(error.fields))
        if (field in form.getValues()) form.setError(field as keyof FormInput, { message });
    }
    setFormError(error.message);
  };
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    if (device) {
      update.mutate(
        { id: device.id, input: values },
        {
          onSuccess: ({ networkDevice }) => {
            toast({
              tone: "ok",
              title: `Saved ${networkDevice.name}`,
              description: "The RADIUS engine applies it within a second.",
            });
            onDone();
          },
          onError,
        },
      );
    } else {
      create.mutate(
        { ...values, secret: values.secret ?? "" },
        {
          onSuccess: ({ networkDevice }) => {
            toast({
              tone: "ok",
              title: `Added ${networkDevice.name}`,
              description: `RADIUS from ${networkDevice.address} is accepted within a second.`,
            });
            onDone();
          },
          onError,
        },
      );
    }
  });
  const errors = form.formState.errors;
  return (
    <form onSubmit={onSubmit} className="grid gap-3" noValidate>
      <Field label="Name" required error={errors.name?.message}>
        {(props) => <Input {...props} autoComplete="off" placeholder="e.g. core-sw-01" {...form.register("name")} />}
      </Field>
      <Field
        label="IP address or CIDR range"
        required
        error={errors.address?.message}
        hint="One device (192.0.2.7) or a group (10.1.0.0/16, 2001:db8::/32). Ranges must not overlap another device's."
      >
        {(props) => <Input {...props} autoComplete="off" className="font-mono" {...form.register("address")} />}
      </Field>
      <Field
        label="Shared secret"
        required={!isEdit}
        error={errors.secret?.message}
        hint={
          isEdit
            ? "Stored encrypted and never shown. Leave blank to keep the current secret; type a new one to replace it."
            : "Stored encrypted and never shown again. Use the same secret on the device; 16+ random characters recommended."
        }
      >
        {(props) => (
          <div className="flex gap-1">
            <Input
              {...props}
              type={showSecret ? "text" : "password"}
              autoComplete="new-password"
              placeholder={isEdit ? "•••••••• (unchanged)" : undefined}
              {...form.register("secret")}
            />
            <Button
              variant="ghost"
              aria-label={showSecret ? "Hide secret" : "Show secret"}
              title={showSecret ? "Hide what you typed" : "Show what you typed"}
              onClick={() => setShowSecret((value) => !value)}
            >
              {showSecret ? <EyeOff size={14} aria-hidden /> : <Eye size={14} aria-hidden />}
            </Button>
          </div>
        )}
      </Field>
      <div className="grid grid-cols-2 items-start gap-3">
        <Field label="Vendor profile" error={errors.vendorProfile?.message}>
          {(props) => (
            <Select {...props} {...form.register("vendorProfile")}>
              {vendorProfiles.map((vendor) => (
                <option key={vendor} value={vendor}>
                  {vendorProfileLabels[vendor]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="CoA port" error={errors.coaPort?.message} hint="UDP port for Change of Authorization (RFC 5176: 3799).">
          {(props) => (
            <Input {...props} type="number" min={1} max={65535} {...form.register("coaPort", { valueAsNumber: true })} />
          )}
        </Field>
      </div>
      <div className="grid gap-1">
        <label className="flex items-center gap-2 font-semibold">
          <input type="checkbox" {...form.register("requireMessageAuthenticator")} />
          Require Message-Authenticator
        </label>
        <p className="text-[12px] text-muted">
          Drop Access-Requests without a valid Message-Authenticator (BlastRADIUS, CVE-2024-3596). Turn off only for devices that
          cannot send one.
        </p>
      </div>
      <Field label="Description" error={errors.description?.message}>
        {(props) => <Input {...props} autoComplete="off" {...form.register("description")} />}
      </Field>
      <FormError>{formError}</FormError>
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}

function DeleteConfirm({ device, onDone }: { device: NetworkDeviceRow; onDone: () => void }) {
  const remove = useDeleteNetworkDevice();
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="grid gap-3">
      <p>
        RADIUS requests from <span className="font-mono">{device.address}</span> will be dropped from then on, and Gatehouse can
        no longer send it CoA. Its past live log entries stay.
      </p>
      <FormError>{error}</FormError>
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button
          variant="danger"
          disabled={remove.isPending}
          onClick={() =>
            remove.mutate(device.id, {
              onSuccess: () => {
                toast({ tone: "ok", title: `Deleted ${device.name}` });
                onDone();
              },
              onError: (caught) => setError(caught.message),
            })
          }
        >
          {remove.isPending ? "Deleting…" : "Delete"}
        </Button>
      </div>
    </div>
  );
}

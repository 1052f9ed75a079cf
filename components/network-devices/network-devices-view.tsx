"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { Eye, EyeOff, Pencil, Plus, RefreshCw, Search, Trash2 } from "lucide-react";
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
import { Table, Td, Th } from "../ui/table";
import { useToast } from "../ui/toast";
import { SortTh, useSorted } from "../ui/table-tools";

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

type Editing = { mode: "create" } | { mode: "edit"; device: NetworkDeviceRow };

export function NetworkDevicesView({ canWrite }: { canWrite: boolean }) {
  const list = useQuery(networkDeviceListQuery());
  const [search, setSearch] = useState("");
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<NetworkDeviceRow | null>(null);
  const term = search.trim().toLowerCase();
  const filtered = (list.data ?? []).filter(
    (row) =>
      !term ||
      [row.name, row.address, vendorProfileLabels[row.vendorProfile], String(row.coaPort), row.description ?? ""]
        .join(" ")
        .toLowerCase()
        .includes(term),
  );
  const { sorted, sort, toggle } = useSorted<NetworkDeviceRow, SortKey>(filtered, { key: "name", dir: "asc" }, sortValue);

  return (
    <>
      <PageHeader
        title="Network Devices"
        description="Switches and wireless controllers allowed to send RADIUS. A request from any other source address is dropped."
        actions={
          <>
            <Button onClick={() => void list.refetch()}>
              <RefreshCw size={14} aria-hidden /> Refresh
            </Button>
            <Button variant="primary" onClick={() => setEditing({ mode: "create" })}>
              <Plus size={14} aria-hidden /> Add
            </Button>
          </>
        }
      />
      {!canWrite && (
        <p className="mb-3 rounded border border-border bg-sunken px-3 py-2 text-muted">
          Your role (Read Only) can view network devices; adding, changing and deleting them are refused.
        </p>
      )}
      {list.isPending && <p className="text-muted">Loading network devices…</p>}
      {list.error && <p className="text-danger">Could not load network devices: {list.error.message}</p>}
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
        <>
          <div className="mb-2 flex items-center justify-between gap-2">
            <div className="relative w-72">
              <Search size={13} aria-hidden className="absolute top-1/2 left-2 -translate-y-1/2 text-muted" />
              <Input
                type="search"
                aria-label="Search network devices"
                placeholder="Name, address, vendor…"
                className="pl-7"
                value={search}
                onChange={(event) => setSearch(event.target.value)}
              />
            </div>
            <p className="text-muted">
              {filtered.length === list.data.length
                ? `${list.data.length} network device${list.data.length === 1 ? "" : "s"}`
                : `${filtered.length} of ${list.data.length}`}
            </p>
          </div>
          <Table label="Network devices">
            <thead>
              <tr>
                <SortTh label="Name" sortKey="name" sort={sort} onSort={toggle} />
                <SortTh label="IP address / range" sortKey="address" sort={sort} onSort={toggle} />
                <SortTh label="Vendor profile" sortKey="vendor" sort={sort} onSort={toggle} />
                <SortTh label="CoA port" sortKey="coaPort" sort={sort} onSort={toggle} />
                <SortTh label="Message-Authenticator" sortKey="ma" sort={sort} onSort={toggle} />
                <Th>Description</Th>
                <SortTh label="Last changed" sortKey="updated" sort={sort} onSort={toggle} />
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {sorted.length === 0 && (
                <tr>
                  <Td colSpan={8} className="py-4 text-center text-muted">
                    No network device matches “{search.trim()}”.
                  </Td>
                </tr>
              )}
              {sorted.map((row) => (
                <tr key={row.id}>
                  <Td className="font-semibold">{row.name}</Td>
                  <Td className="font-mono text-[12px]">{row.address}</Td>
                  <Td>{vendorProfileLabels[row.vendorProfile]}</Td>
                  <Td className="tabular-nums">{row.coaPort}</Td>
                  <Td>
                    {row.requireMessageAuthenticator ? (
                      <Badge tone="ok">Required</Badge>
                    ) : (
                      <Badge tone="warn">Not required</Badge>
                    )}
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
            </tbody>
          </Table>
        </>
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

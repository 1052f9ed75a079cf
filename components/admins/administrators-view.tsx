"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { RefreshCw, UserPlus } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { ApiError } from "@/lib/api/client";
import { adminListQuery, useCreateAdmin, useUpdateAdmin, type AdminRow } from "@/lib/queries/admins";
import { createAdminSchema, roleLabels, roles, type Role } from "@/lib/validation/admin";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, FormError, Input, Select } from "../ui/field";
import { EmptyState, PageHeader } from "../ui/panel";
import { Table, Td, Th } from "../ui/table";
import { useToast } from "../ui/toast";

export function AdministratorsView({ currentAdmin }: { currentAdmin: { id: string; role: Role } }) {
  const list = useQuery(adminListQuery());
  const [adding, setAdding] = useState(false);
  const isSuperAdmin = currentAdmin.role === "super-admin";
  return (
    <>
      <PageHeader
        title="Administrators"
        description="Accounts that can sign in to this console, and what each may do."
        actions={
          <>
            <Button onClick={() => void list.refetch()} aria-label="Refresh">
              <RefreshCw size={14} /> Refresh
            </Button>
            <Button variant="primary" onClick={() => setAdding(true)}>
              <UserPlus size={14} /> Add
            </Button>
          </>
        }
      />
      {!isSuperAdmin && (
        <p className="mb-3 rounded border border-border bg-sunken px-3 py-2 text-muted">
          Your role ({roleLabels[currentAdmin.role]}) can view administrators; only a Super Admin can add them or change roles.
        </p>
      )}
      {list.isPending && <p className="text-muted">Loading administrators…</p>}
      {list.error && <p className="text-danger">Could not load administrators: {list.error.message}</p>}
      {list.data && list.data.length === 0 && <EmptyState title="No administrators" />}
      {list.data && list.data.length > 0 && (
        <Table label="Administrators">
          <thead>
            <tr>
              <Th>User name</Th>
              <Th>Role</Th>
              <Th>Status</Th>
              <Th>Last login</Th>
              <Th>Created</Th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((row) => (
              <AdminTableRow key={row.id} row={row} isSelf={row.id === currentAdmin.id} />
            ))}
          </tbody>
        </Table>
      )}
      <Dialog open={adding} onOpenChange={setAdding} title="Add administrator">
        <AddAdminForm onDone={() => setAdding(false)} />
      </Dialog>
    </>
  );
}

function AdminTableRow({ row, isSelf }: { row: AdminRow; isSelf: boolean }) {
  const update = useUpdateAdmin();
  const toast = useToast();
  const change = (input: { role?: Role; isDisabled?: boolean }) =>
    update.mutate(
      { id: row.id, input },
      {
        onSuccess: () => toast({ tone: "ok", title: `Saved ${row.username}` }),
        onError: (error) => toast({ tone: "error", title: `Could not change ${row.username}`, description: error.message }),
      },
    );
  return (
    <tr>
      <Td className="font-semibold">
        {row.username} {isSelf && <Badge tone="info">you</Badge>}
      </Td>
      <Td>
        <Select
          aria-label={`Role of ${row.username}`}
          className="w-40"
          value={row.role}
          disabled={update.isPending}
          onChange={(event) => change({ role: event.target.value as Role })}
        >
          {roles.map((role) => (
            <option key={role} value={role}>
              {roleLabels[role]}
            </option>
          ))}
        </Select>
      </Td>
      <Td>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={!row.isDisabled}
            disabled={update.isPending}
            onChange={(event) => change({ isDisabled: !event.target.checked })}
            aria-label={`${row.username} enabled`}
          />
          {row.isDisabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="ok">Enabled</Badge>}
        </label>
      </Td>
      <Td>{row.lastLoginAt ? new Date(row.lastLoginAt).toLocaleString() : "never"}</Td>
      <Td>{new Date(row.createdAt).toLocaleString()}</Td>
    </tr>
  );
}

type CreateValues = z.infer<typeof createAdminSchema>;

function AddAdminForm({ onDone }: { onDone: () => void }) {
  const create = useCreateAdmin();
  const toast = useToast();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<CreateValues>({
    resolver: zodResolver(createAdminSchema),
    defaultValues: { username: "", password: "", role: "read-only" },
  });
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    create.mutate(values, {
      onSuccess: ({ admin }) => {
        toast({ tone: "ok", title: `Added ${admin.username}` });
        onDone();
      },
      onError: (error) => {
        if (error instanceof ApiError) {
          for (const [field, message] of Object.entries(error.fields))
            if (field in values) form.setError(field as keyof CreateValues, { message });
        }
        setFormError(error.message);
      },
    });
  });
  const errors = form.formState.errors;
  return (
    <form onSubmit={onSubmit} className="grid gap-3" noValidate>
      <Field label="User name" required error={errors.username?.message}>
        {(props) => <Input {...props} autoComplete="off" {...form.register("username")} />}
      </Field>
      <Field label="Password" required error={errors.password?.message} hint="At least 10 characters.">
        {(props) => <Input {...props} type="password" autoComplete="new-password" {...form.register("password")} />}
      </Field>
      <Field label="Role" required error={errors.role?.message}>
        {(props) => (
          <Select {...props} {...form.register("role")}>
            {roles.map((role) => (
              <option key={role} value={role}>
                {roleLabels[role]}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <FormError>{formError}</FormError>
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}

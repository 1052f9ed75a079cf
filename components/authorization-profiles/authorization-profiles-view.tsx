"use client";
import { Copy, Lock, Pencil, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useAuthorizationProfiles, type AuthorizationProfileView } from "@/lib/queries/authorization-profiles";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { EmptyState, PageHeader } from "../ui/panel";
import { Td } from "../ui/table";
import { QueryState, type Column, ReadOnlyNotice, RefreshButton, SearchableTable, useSearchableList } from "../ui/table-tools";
import { DeleteProfileDialog } from "./delete-profile-dialog";

type SortKey = "name" | "access" | "vlan" | "dacl" | "redirect" | "description";

const redirectText = (profile: AuthorizationProfileView) =>
  profile.redirectType === "mdm-redirect" ? `MDM Redirect (${profile.redirectAcl ?? "no ACL"})` : "";

const sortValue = (row: AuthorizationProfileView, key: SortKey): string | number | null => {
  switch (key) {
    case "name":
      return row.name.toLowerCase();
    case "access":
      return row.accessType;
    case "vlan":
      return row.vlan ?? null;
    case "dacl":
      return row.dacl ?? null;
    case "redirect":
      return redirectText(row) || null;
    case "description":
      return row.description?.toLowerCase() ?? null;
  }
};

const columns: Column<SortKey>[] = [
  { label: "Name", sortKey: "name" },
  { label: "Access type", sortKey: "access" },
  { label: "VLAN", sortKey: "vlan" },
  { label: "dACL", sortKey: "dacl" },
  { label: "Web redirection", sortKey: "redirect" },
  { label: "Description", sortKey: "description" },
];

export const profilesPath = "/policy/results/authorization-profiles";

export function AuthorizationProfilesView({ canWrite }: { canWrite: boolean }) {
  const list = useAuthorizationProfiles();
  const [deleting, setDeleting] = useState<AuthorizationProfileView | null>(null);
  const { sorted, state } = useSearchableList<AuthorizationProfileView, SortKey>(
    list.data,
    (row) => [row.name, row.accessType, row.vlan, row.dacl, row.filterId, redirectText(row), row.description],
    { key: "name", dir: "asc" },
    sortValue,
  );

  return (
    <>
      <PageHeader
        title="Authorization Profiles"
        description="The results authorization rules hand out: access type, VLAN, dACL, Filter-Id, MDM redirection, re-authentication and RADIUS attributes."
        actions={
          <>
            <RefreshButton onClick={() => void list.refetch()} />
            {canWrite ? (
              <Link
                href={`${profilesPath}/new`}
                className="inline-flex h-7 items-center gap-1.5 rounded border border-accent bg-accent px-3 text-[13px] font-medium text-accent-fg hover:brightness-110"
              >
                <Plus size={14} aria-hidden /> Add
              </Link>
            ) : (
              <Button variant="primary" disabled title="Not allowed: your role (Read Only) cannot make changes">
                <Plus size={14} aria-hidden /> Add
              </Button>
            )}
          </>
        }
      />
      {!canWrite && (
        <ReadOnlyNotice>
          Your role (Read Only) can view authorization profiles; adding, changing and deleting them are refused.
        </ReadOnlyNotice>
      )}
      <QueryState query={list} what="authorization profiles" />
      {list.data && list.data.length === 0 && (
        <EmptyState title="No authorization profiles">
          PermitAccess and DenyAccess are created when Gatehouse first starts; restart it to restore them.
        </EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <SearchableTable
          label="Authorization profiles"
          columns={columns}
          list={state}
          searchLabel="Search authorization profiles"
          noun="authorization profile"
        >
          {sorted.map((row) => (
            <tr key={row.id}>
              <Td className="font-semibold">
                <span className="inline-flex items-center gap-2">
                  <Link href={`${profilesPath}/${row.id}`} className="text-accent hover:underline">
                    {row.name}
                  </Link>
                  {row.isBuiltIn && (
                    <Badge tone="info">
                      <Lock size={10} aria-hidden className="mr-1" />
                      Built-in
                    </Badge>
                  )}
                </span>
              </Td>
              <Td>
                <Badge tone={row.accessType === "ACCESS_ACCEPT" ? "ok" : "danger"}>{row.accessType}</Badge>
              </Td>
              <Td className="font-mono text-[12px]">{row.vlan ?? "—"}</Td>
              <Td className="font-mono text-[12px]">{row.dacl ?? "—"}</Td>
              <Td>{redirectText(row) || "—"}</Td>
              <Td className="max-w-80 truncate text-muted" title={row.description}>
                {row.description || "—"}
              </Td>
              <Td className="whitespace-nowrap">
                <div className="flex justify-end gap-1">
                  <Link
                    href={`${profilesPath}/${row.id}`}
                    aria-label={`${row.isBuiltIn || !canWrite ? "View" : "Edit"} ${row.name}`}
                    className="inline-flex h-7 items-center gap-1.5 rounded px-3 text-[13px] font-medium hover:bg-sunken"
                  >
                    <Pencil size={13} aria-hidden /> {row.isBuiltIn || !canWrite ? "View" : "Edit"}
                  </Link>
                  {canWrite && (
                    <Link
                      href={`${profilesPath}/new?from=${encodeURIComponent(row.id)}`}
                      aria-label={`Duplicate ${row.name}`}
                      className="inline-flex h-7 items-center gap-1.5 rounded px-3 text-[13px] font-medium hover:bg-sunken"
                    >
                      <Copy size={13} aria-hidden /> Duplicate
                    </Link>
                  )}
                  <Button
                    variant="ghost"
                    aria-label={`Delete ${row.name}`}
                    disabled={!canWrite || row.isBuiltIn}
                    title={
                      row.isBuiltIn
                        ? "Built-in profiles cannot be deleted"
                        : !canWrite
                          ? "Not allowed: your role (Read Only) cannot make changes"
                          : undefined
                    }
                    onClick={() => setDeleting(row)}
                  >
                    <Trash2 size={13} aria-hidden /> Delete
                  </Button>
                </div>
              </Td>
            </tr>
          ))}
        </SearchableTable>
      )}
      <DeleteProfileDialog profile={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}

"use client";
import { FormError } from "../ui/field";
import { useQuery } from "@tanstack/react-query";
import { Copy, Pencil, Plus, Settings2, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { mdmServerListQuery, useDeleteMdmServer, useDuplicateMdmServer } from "@/lib/queries/mdm-servers";
import type { MdmServerJson } from "@/lib/validation/mdm-server";
import {
  Alert,
  formatDate,
  QueryState,
  ReadOnlyNotice,
  RefreshButton,
  SearchBox,
  SortHead,
  useSorted,
  type Column,
} from "../ui/table-tools";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { EmptyState, PageHeader } from "../ui/panel";
import { Table, Td, Th } from "../ui/table";
import { useToast } from "../ui/toast";
import { MdmServerStatus } from "./mdm-status";

type SortKey = "order" | "name" | "status" | "host" | "instance" | "api" | "polling" | "contact";

const sortValue = (row: MdmServerJson, key: SortKey): string | number | null => {
  switch (key) {
    case "order":
      return row.lookupOrder;
    case "name":
      return row.name.toLowerCase();
    case "status":
      return `${row.isEnabled ? 0 : 1}${row.lastTestOutcome ?? "~"}`;
    case "host":
      return `${row.host}:${row.port}`;
    case "instance":
      return row.instance;
    case "api":
      return row.apiVersion === null ? null : `${row.apiVersion} ${row.vendor ?? ""}`;
    case "polling":
      return row.pollingIntervalMinutes;
    case "contact":
      return row.lastContactAt ? -new Date(row.lastContactAt).getTime() : null;
  }
};

const columns: Column<SortKey>[] = [
  { label: "#", sortKey: "order" },
  { label: "Name", sortKey: "name" },
  { label: "Status", sortKey: "status" },
  { label: "Host:Port", sortKey: "host" },
  { label: "Instance", sortKey: "instance" },
  { label: "API / Vendor", sortKey: "api" },
  { label: "Polling", sortKey: "polling" },
  { label: "Last Successful Contact", sortKey: "contact" },
];

const base = "/administration/network-resources/external-mdm";

export function MdmServersView({ canWrite }: { canWrite: boolean }) {
  const list = useQuery(mdmServerListQuery());
  const router = useRouter();
  const toast = useToast();
  const duplicate = useDuplicateMdmServer();
  const [search, setSearch] = useState("");
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<MdmServerJson | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const term = search.trim().toLowerCase();
  const filtered = list.data?.filter(
    (row) =>
      !term ||
      [row.name, row.host, String(row.port), row.instance ?? "", row.vendor ?? "", row.productName ?? "", row.description ?? ""]
        .join(" ")
        .toLowerCase()
        .includes(term),
  );
  const { sorted, sort, toggle } = useSorted<MdmServerJson, SortKey>(filtered, { key: "order", dir: "asc" }, sortValue);
  const selected = list.data?.find((row) => row.id === selectedId) ?? null;
  // Position in the lookup order (stored values may have gaps after deletes).
  const position = new Map(
    [...(list.data ?? [])]
      .sort((a, b) => a.lookupOrder - b.lookupOrder || a.name.localeCompare(b.name))
      .map((row, i) => [row.id, i + 1]),
  );

  const onDuplicate = () => {
    if (!selected) return;
    setActionError(null);
    duplicate.mutate(selected.id, {
      onSuccess: ({ server }) => {
        toast({
          tone: "ok",
          title: `Duplicated as ${server.name}`,
          description: "The copy is disabled until you enable and save it.",
        });
        setSelectedId(server.id);
      },
      onError: (error) => setActionError(error.message),
    });
  };

  return (
    <>
      <PageHeader
        title="MDM / UEM Integrations"
        description="External MDM and UEM servers Gatehouse asks whether an endpoint is registered and compliant."
        actions={
          <Link
            className="inline-flex items-center gap-1 text-accent hover:underline"
            href="/administration/network-resources/general-mdm-settings"
          >
            <Settings2 size={14} aria-hidden /> General MDM Settings
          </Link>
        }
      />
      {!canWrite && (
        <ReadOnlyNotice>
          Your role (Read Only) can view MDM servers and their status; adding, changing, testing and deleting are refused.
        </ReadOnlyNotice>
      )}
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap gap-2" role="toolbar" aria-label="MDM server actions">
          <RefreshButton onClick={() => void list.refetch()} />
          <Button variant="primary" onClick={() => router.push(`${base}/new`)}>
            <Plus size={14} aria-hidden /> Add
          </Button>
          <Button disabled={!selected || duplicate.isPending} onClick={onDuplicate}>
            <Copy size={14} aria-hidden /> Duplicate
          </Button>
          <Button disabled={!selected} onClick={() => selected && router.push(`${base}/${selected.id}`)}>
            <Pencil size={14} aria-hidden /> Edit
          </Button>
          <Button disabled={!selected} onClick={() => setDeleting(selected)}>
            <Trash2 size={14} aria-hidden /> Delete
          </Button>
        </div>
        <SearchBox value={search} onChange={setSearch} label="Search MDM servers" />
      </div>
      {actionError && (
        <div className="mb-2">
          <Alert tone="error">{actionError}</Alert>
        </div>
      )}
      <QueryState query={list} what="MDM servers" />
      {list.data && list.data.length === 0 && (
        <EmptyState
          title="No MDM servers yet"
          action={
            <Button variant="primary" onClick={() => router.push(`${base}/new`)}>
              <Plus size={14} aria-hidden /> Add an MDM server
            </Button>
          }
        >
          Add your MDM or UEM server (Ivanti MobileIron, Intune, Jamf, …) with an API account that has the MDM REST API role.
          Import the CA that issued its HTTPS certificate under{" "}
          <Link className="text-accent underline" href="/administration/certificates/trusted">
            Trusted Certificates
          </Link>{" "}
          first, then press Test Connection.
        </EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <>
          <Table label="MDM servers">
            <SortHead
              columns={columns}
              sort={sort}
              onSort={toggle}
              before={
                <Th className="w-8">
                  <span className="sr-only">Select</span>
                </Th>
              }
            />
            <tbody>
              {sorted.map((row) => (
                <tr key={row.id} className={row.id === selectedId ? "bg-accent/5" : undefined}>
                  <Td>
                    <input
                      type="radio"
                      name="selected-mdm-server"
                      aria-label={`Select ${row.name}`}
                      checked={row.id === selectedId}
                      onChange={() => setSelectedId(row.id)}
                    />
                  </Td>
                  <Td className="text-muted">{position.get(row.id)}</Td>
                  <Td className="font-semibold">
                    <Link className="text-accent hover:underline" href={`${base}/${row.id}`}>
                      {row.name}
                    </Link>
                  </Td>
                  <Td>
                    <MdmServerStatus server={row} />
                  </Td>
                  <Td className="font-mono text-[12px]">
                    {row.host.includes(":") ? `[${row.host}]` : row.host}:{row.port}
                  </Td>
                  <Td>{row.instance ?? <span className="text-muted">—</span>}</Td>
                  <Td>
                    {row.apiVersion ? (
                      <>
                        v{row.apiVersion} ·{" "}
                        {[row.vendor, row.productName, row.productVersion].filter(Boolean).join(" ") || "unknown vendor"}
                      </>
                    ) : (
                      <span className="text-muted">not discovered</span>
                    )}
                  </Td>
                  <Td>
                    {row.pollingIntervalMinutes === 0 ? (
                      <span className="text-muted">off</span>
                    ) : (
                      `${row.pollingIntervalMinutes} min`
                    )}
                  </Td>
                  <Td className="whitespace-nowrap">{formatDate(row.lastContactAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <p className="mt-1 text-[12px] text-muted">
            {sorted.length} of {list.data.length} servers{term ? ` matching "${search.trim()}"` : ""}. # is the lookup order
            (General MDM Settings).
          </p>
        </>
      )}
      <DeleteServerDialog server={deleting} onClose={() => setDeleting(null)} onDeleted={() => setSelectedId(null)} />
    </>
  );
}

function DeleteServerDialog({
  server,
  onClose,
  onDeleted,
}: {
  server: MdmServerJson | null;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const remove = useDeleteMdmServer();
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    onClose();
  };
  return (
    <Dialog open={server !== null} onOpenChange={(open) => !open && close()} title={`Delete ${server?.name ?? "MDM server"}?`}>
      {server && (
        <div className="grid gap-3">
          <p>
            Gatehouse stops asking {server.host}:{server.port} about endpoints. Endpoints associated with it are looked up on the
            next enabled server. This cannot be undone.
          </p>
          <FormError>{error}</FormError>
          <div className="flex justify-end gap-2">
            <Button onClick={close}>Cancel</Button>
            <Button
              variant="danger"
              disabled={remove.isPending}
              onClick={() =>
                remove.mutate(server.id, {
                  onSuccess: () => {
                    toast({ tone: "ok", title: `Deleted ${server.name}` });
                    onDeleted();
                    close();
                  },
                  onError: (e) => setError(e.message),
                })
              }
            >
              {remove.isPending ? "Deleting…" : "Delete"}
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

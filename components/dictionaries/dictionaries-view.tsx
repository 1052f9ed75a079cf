"use client";
import { ArrowLeft, BookOpen, Lock } from "lucide-react";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { useDictionaries, type DictionaryView } from "@/lib/queries/dictionaries";
import type { DictionaryAttributeDefinition } from "@/lib/validation/dictionaries";
import { operatorLabels, operatorsByDataType } from "@/lib/validation/policy";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { PageHeader } from "../ui/panel";
import { Table, Td, Th } from "../ui/table";
import { Alert, QueryState, RefreshButton, SearchBox, SortTh, useSorted } from "../ui/table-tools";

export const dictionariesPath = "/policy/dictionaries";
const EXTERNAL_MDM_PATH = "/administration/network-resources/external-mdm";

export const dictionaryHref = (dictionary: string) => `${dictionariesPath}/${encodeURIComponent(dictionary)}`;
export const attributeHref = (dictionary: string, attribute: string) =>
  `${dictionaryHref(dictionary)}/${encodeURIComponent(attribute)}`;

const directionLabels: Record<DictionaryAttributeDefinition["direction"], string> = { in: "IN", out: "OUT", both: "BOTH" };
const directionHelp: Record<DictionaryAttributeDefinition["direction"], string> = {
  in: "Requests carry it: conditions read it",
  out: "Replies carry it: authorization profiles set it",
  both: "Requests and replies may carry it",
};

type Row = DictionaryAttributeDefinition & { dictionary: string };
type SortKey = "dictionary" | "name" | "internalName" | "dataType" | "vendor" | "direction";

const sortValue = (row: Row, key: SortKey): string | number | null => {
  switch (key) {
    case "dictionary":
      return row.dictionary;
    case "name":
      return row.name.toLowerCase();
    case "internalName":
      return row.internalName.toLowerCase();
    case "dataType":
      return row.dataType;
    case "vendor":
      return row.vendor ?? null;
    case "direction":
      return row.direction;
  }
};

/**
 * Policy › Policy Elements › Dictionaries: the System dictionaries (read-only) as a tree, the chosen one's
 * attributes as a table, a search across all of them, and one attribute's detail.
 */
export function DictionariesView({ dictionary, attribute }: { dictionary?: string; attribute?: string }) {
  const query = useDictionaries();
  const [search, setSearch] = useState("");
  const dictionaries = query.data ?? [];
  const selected = dictionaries.find((entry) => entry.name === (dictionary ?? dictionaries[0]?.name));

  return (
    <>
      <PageHeader
        title="Dictionaries"
        description="The attributes conditions and authorization profiles may use, by dictionary. System dictionaries are built in and read-only."
        actions={<RefreshButton onClick={() => void query.refetch()} />}
      />
      <QueryState query={query} what="dictionaries" failed="the dictionaries" />
      {query.data && (
        <div className="grid grid-cols-[220px_minmax(0,1fr)] items-start gap-4">
          <DictionaryTree dictionaries={dictionaries} selected={search.trim() ? undefined : selected?.name} />
          <div className="grid min-w-0 gap-3">
            <div className="flex items-center justify-between gap-2">
              <div className="flex items-center gap-2">
                <SearchBox value={search} onChange={setSearch} label="Search all dictionaries" />
                <span className="text-[12px] text-muted">
                  Names, internal names, values and descriptions, in every dictionary
                </span>
              </div>
              {search.trim() && (
                <Button variant="ghost" onClick={() => setSearch("")}>
                  Clear search
                </Button>
              )}
            </div>
            {search.trim() ? (
              <SearchResults dictionaries={dictionaries} term={search.trim()} />
            ) : !selected ? (
              <Alert tone="error" title={`There is no dictionary named “${dictionary ?? ""}”`}>
                Choose one of the System dictionaries on the left.
              </Alert>
            ) : attribute !== undefined ? (
              <AttributeDetail dictionary={selected} name={attribute} />
            ) : (
              <DictionaryAttributes dictionary={selected} />
            )}
          </div>
        </div>
      )}
    </>
  );
}

function DictionaryTree({ dictionaries, selected }: { dictionaries: DictionaryView[]; selected: string | undefined }) {
  return (
    <nav aria-label="Dictionaries" className="rounded border border-border bg-panel p-2">
      <p className="mb-1 flex items-center gap-1 px-1 text-[12px] font-semibold text-muted">
        <BookOpen size={12} aria-hidden /> System
      </p>
      <ul className="grid gap-px">
        {dictionaries.map((entry) => (
          <li key={entry.name}>
            <Link
              href={dictionaryHref(entry.name)}
              aria-current={entry.name === selected ? "page" : undefined}
              className={cn(
                "flex items-center justify-between gap-2 rounded px-2 py-1 hover:bg-sunken",
                entry.name === selected && "bg-accent/10 font-semibold text-accent",
              )}
            >
              <span className="truncate">{entry.name}</span>
              <span
                className="text-[11px] text-muted tabular-nums"
                title={entry.available ? `${entry.attributes.length} attributes` : "Not available yet"}
              >
                {entry.available ? entry.attributes.length : "—"}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function DictionaryHeader({ dictionary }: { dictionary: DictionaryView }) {
  return (
    <div>
      <h2 className="flex items-center gap-2 text-[15px] font-semibold">
        {dictionary.name}
        <Badge tone="neutral">
          <Lock size={10} aria-hidden className="mr-1" />
          System
        </Badge>
      </h2>
      <p className="text-muted">{dictionary.description}</p>
    </div>
  );
}

function MdmUnavailable({ dictionary }: { dictionary: DictionaryView }) {
  return (
    <Alert tone="info" title="The MDM dictionary is not available yet">
      <p>{dictionary.note}</p>
      <p className="mt-1">
        <Link href={EXTERNAL_MDM_PATH} className="font-semibold text-accent underline">
          Go to External MDM
        </Link>
      </p>
    </Alert>
  );
}

function DictionaryAttributes({ dictionary }: { dictionary: DictionaryView }) {
  const hasVendor = dictionary.attributes.some((attribute) => attribute.vendor);
  const rows = dictionary.attributes.map((attribute) => ({ ...attribute, dictionary: dictionary.name }));
  return (
    <>
      <DictionaryHeader dictionary={dictionary} />
      {!dictionary.available && <MdmUnavailable dictionary={dictionary} />}
      {dictionary.available ? (
        <AttributeTable rows={rows} label={`${dictionary.name} attributes`} showVendor={hasVendor} />
      ) : (
        <details className="rounded border border-border bg-panel p-2">
          <summary className="cursor-pointer text-muted">The {rows.length} attributes it will provide</summary>
          <div className="mt-2">
            <AttributeTable rows={rows} label={`${dictionary.name} attributes`} showVendor={false} />
          </div>
        </details>
      )}
    </>
  );
}

function SearchResults({ dictionaries, term }: { dictionaries: DictionaryView[]; term: string }) {
  const needle = term.toLowerCase();
  const rows: Row[] = dictionaries.flatMap((dictionary) =>
    dictionary.attributes
      .filter((attribute) =>
        [
          attribute.name,
          attribute.internalName,
          attribute.description,
          attribute.vendor ?? "",
          ...(attribute.allowedValues ?? []),
        ]
          .join(" ")
          .toLowerCase()
          .includes(needle),
      )
      .map((attribute) => ({ ...attribute, dictionary: dictionary.name })),
  );
  return (
    <>
      <p className="text-muted" role="status">
        {rows.length === 0
          ? `No attribute in any dictionary matches “${term}”.`
          : `${rows.length} attribute${rows.length === 1 ? "" : "s"} in ${new Set(rows.map((row) => row.dictionary)).size} dictionar${
              new Set(rows.map((row) => row.dictionary)).size === 1 ? "y" : "ies"
            } match “${term}”.`}
      </p>
      {rows.length > 0 && <AttributeTable rows={rows} label="Search results" showDictionary showVendor />}
    </>
  );
}

function AttributeTable({
  rows,
  label,
  showDictionary = false,
  showVendor,
}: {
  rows: Row[];
  label: string;
  showDictionary?: boolean;
  showVendor: boolean;
}) {
  const { sorted, sort, toggle } = useSorted<Row, SortKey>(
    rows,
    { key: showDictionary ? "dictionary" : "name", dir: "asc" },
    sortValue,
  );
  return (
    <Table label={label}>
      <thead>
        <tr>
          {showDictionary && <SortTh label="Dictionary" sortKey="dictionary" sort={sort} onSort={toggle} />}
          <SortTh label="Name" sortKey="name" sort={sort} onSort={toggle} />
          <SortTh label="Internal name" sortKey="internalName" sort={sort} onSort={toggle} />
          <SortTh label="Data type" sortKey="dataType" sort={sort} onSort={toggle} />
          {showVendor && <SortTh label="Vendor" sortKey="vendor" sort={sort} onSort={toggle} />}
          <Th>Allowed values</Th>
          <SortTh label="Direction" sortKey="direction" sort={sort} onSort={toggle} />
          <Th>Description</Th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => (
          <tr key={`${row.dictionary}:${row.name}`}>
            {showDictionary && <Td className="whitespace-nowrap">{row.dictionary}</Td>}
            <Td className="font-semibold whitespace-nowrap">
              <Link href={attributeHref(row.dictionary, row.name)} className="text-accent hover:underline">
                {row.name}
              </Link>
            </Td>
            <Td className="font-mono text-[12px] whitespace-nowrap">{row.internalName}</Td>
            <Td className="font-mono text-[12px]">{row.dataType.toUpperCase()}</Td>
            {showVendor && <Td className="whitespace-nowrap">{row.vendor ?? "—"}</Td>}
            <Td className="max-w-64 text-[12px]">
              <AllowedValues values={row.allowedValues} />
            </Td>
            <Td className="font-mono text-[12px]" title={directionHelp[row.direction]}>
              {directionLabels[row.direction]}
            </Td>
            <Td className="min-w-72 text-muted">{row.description}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** Long enumerations (NAS-Port-Type has 36) are folded so the table stays scannable. */
function AllowedValues({ values }: { values: string[] | undefined }) {
  if (!values?.length) return <span className="text-muted">—</span>;
  if (values.length <= 6) return <>{values.join(", ")}</>;
  return (
    <details>
      <summary className="cursor-pointer">
        {values.slice(0, 4).join(", ")}, … ({values.length})
      </summary>
      {values.join(", ")}
    </details>
  );
}

function AttributeDetail({ dictionary, name }: { dictionary: DictionaryView; name: string }) {
  const attribute = dictionary.attributes.find((entry) => entry.name === name);
  const back = (
    <Link href={dictionaryHref(dictionary.name)} className="inline-flex items-center gap-1 text-accent hover:underline">
      <ArrowLeft size={13} aria-hidden /> {dictionary.name}
    </Link>
  );
  if (!attribute) {
    return (
      <>
        {back}
        <Alert tone="error" title={`The ${dictionary.name} dictionary has no attribute “${name}”`}>
          Attribute names are case-sensitive, as conditions compare them.
        </Alert>
      </>
    );
  }
  const operators = operatorsByDataType[attribute.dataType];
  const fields: [string, ReactNode][] = [
    ["Dictionary", dictionary.name],
    ["Name", attribute.name],
    ["Internal name", <span className="font-mono">{attribute.internalName}</span>],
    ["In conditions", <span className="font-mono">{`${dictionary.name}:${attribute.name}`}</span>],
    ["Data type", <span className="font-mono">{attribute.dataType.toUpperCase()}</span>],
    ...(attribute.vendor ? ([["Vendor", attribute.vendor]] as [string, ReactNode][]) : []),
    ["Direction", `${directionLabels[attribute.direction]} — ${directionHelp[attribute.direction]}`],
    [
      "Allowed values",
      attribute.allowedValues?.length ? (
        <ul className="flex flex-wrap gap-1">
          {attribute.allowedValues.map((value) => (
            <li key={value}>
              <Badge>{value}</Badge>
            </li>
          ))}
        </ul>
      ) : (
        "Any value of its data type"
      ),
    ],
    ["Description", attribute.description],
    [
      "Condition operators",
      <ul className="flex flex-wrap gap-1" aria-label="Condition operators">
        {operators.map((operator) => (
          <li key={operator}>
            <Badge tone="info">{operatorLabels[operator]}</Badge>
          </li>
        ))}
      </ul>,
    ],
  ];
  return (
    <>
      {back}
      {!dictionary.available && <MdmUnavailable dictionary={dictionary} />}
      <section aria-label={`Attribute ${attribute.name}`} className="rounded border border-border bg-panel">
        <header className="flex items-center gap-2 border-b border-border px-3 py-2">
          <h2 className="text-[15px] font-semibold">{attribute.name}</h2>
          <Badge tone="neutral">
            <Lock size={10} aria-hidden className="mr-1" />
            System
          </Badge>
        </header>
        <dl className="grid grid-cols-[160px_minmax(0,1fr)] gap-x-4 gap-y-2 p-3">
          {fields.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="font-semibold text-muted">{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}

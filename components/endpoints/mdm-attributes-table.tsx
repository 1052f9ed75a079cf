import { mdmDictionaryAttributes } from "@/lib/validation/dictionaries";
import { Table, Td, Th } from "../ui/table";

/**
 * Every MDM dictionary value of the endpoint's last answer, in dictionary order, named as policy conditions name them
 * (MDM:<name>), with the attribute's internal name and meaning. Values the answer did not carry are listed apart:
 * the MDM did not report them, which is not the same as "Off" or "No".
 */
export function MdmAttributesTable({ attributes }: { attributes: Record<string, unknown> }) {
  const known = new Set(mdmDictionaryAttributes.map((attribute) => attribute.name));
  const rows = [
    ...mdmDictionaryAttributes
      .filter((attribute) => attribute.name in attributes)
      .map((attribute) => ({ ...attribute, value: attributes[attribute.name] })),
    ...Object.keys(attributes)
      .filter((name) => !known.has(name))
      .map((name) => ({ name, internalName: "", description: "Not in the MDM dictionary.", value: attributes[name] })),
  ];
  const missing = mdmDictionaryAttributes
    .filter((attribute) => !(attribute.name in attributes))
    .map((attribute) => attribute.name);
  return (
    <>
      <Table label="MDM attributes">
        <thead>
          <tr>
            <Th className="w-56">Attribute</Th>
            <Th>Value</Th>
            <Th>Internal name</Th>
            <Th>Meaning</Th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name}>
              <Td className="font-semibold whitespace-nowrap">
                <span className="font-normal text-muted">MDM:</span>
                {row.name}
              </Td>
              <Td className="font-mono text-[12px] break-all">
                {typeof row.value === "string" ? row.value : JSON.stringify(row.value)}
              </Td>
              <Td className="font-mono text-[12px] text-muted">{row.internalName}</Td>
              <Td className="text-muted">{row.description}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {missing.length > 0 && (
        <p className="mt-1.5 text-[12px] text-muted">Not in this answer (the MDM did not report them): {missing.join(", ")}.</p>
      )}
    </>
  );
}

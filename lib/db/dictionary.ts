import { MDM_DICTIONARY, mdmDictionaryAttributes, type DictionaryAttributeDefinition } from "../validation/dictionaries";
import type { Db } from "./client";

type Tx = Pick<Db, "dictionaryAttribute">;

async function ensureDictionary(db: Tx, dictionary: string, attributes: DictionaryAttributeDefinition[]): Promise<number> {
  const existing = new Set(
    (await db.dictionaryAttribute.findMany({ where: { dictionary }, select: { name: true } })).map((row) => row.name),
  );
  let created = 0;
  for (const attribute of attributes) {
    if (existing.has(attribute.name)) continue;
    try {
      await db.dictionaryAttribute.create({
        data: {
          dictionary,
          name: attribute.name,
          internalName: attribute.internalName,
          dataType: attribute.dataType,
          allowedValues: attribute.allowedValues ? JSON.stringify(attribute.allowedValues) : null,
          description: attribute.description,
          direction: attribute.direction,
        },
      });
      created++;
    } catch (error) {
      // Another process wrote the same row at the same moment (@@unique([dictionary, name])).
      if ((error as { code?: string }).code !== "P2002") throw error;
    }
  }
  return created;
}

/**
 * Writes the MDM dictionary's rows if they are missing (seed 001: the dictionary is populated once an
 * MDM server is reachable). Idempotent; returns how many rows were added.
 */
export async function ensureMdmDictionary(db: Tx): Promise<number> {
  return ensureDictionary(db, MDM_DICTIONARY, mdmDictionaryAttributes);
}

export async function listDictionaryAttributes(db: Db, { dictionary }: { dictionary: string }) {
  const rows = await db.dictionaryAttribute.findMany({ where: { dictionary }, orderBy: { name: "asc" } });
  return rows.map((row) => ({ ...row, allowedValues: row.allowedValues ? (JSON.parse(row.allowedValues) as string[]) : null }));
}

/**
 * Whether the MDM dictionary is available: its rows exist once an MDM server's Test Connection has
 * succeeded (seed 001). The policy may reference MDM attributes before that; the pages say why they wait.
 */
export async function isMdmDictionaryAvailable(db: Pick<Db, "dictionaryAttribute">): Promise<boolean> {
  return (await db.dictionaryAttribute.count({ where: { dictionary: MDM_DICTIONARY } })) > 0;
}

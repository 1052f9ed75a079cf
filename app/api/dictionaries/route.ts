import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { isMdmDictionaryAvailable } from "@/lib/db/dictionary";
import { MDM_DICTIONARY, systemDictionaries } from "@/lib/validation/dictionaries";

export const dynamic = "force-dynamic";

/** Seed 001: the MDM dictionary is populated by the first successful MDM connection. */
const MDM_UNAVAILABLE_NOTE =
  "The MDM dictionary becomes available after the first successful connection to an MDM server: add one under Administration › Network Resources › External MDM and run Test Connection. Policies may already use its attributes; they evaluate once an MDM server answers.";

export const GET = withRoute({}, async () => {
  const mdmAvailable = await isMdmDictionaryAvailable(getDb());
  return {
    dictionaries: systemDictionaries.map((dictionary) =>
      dictionary.name === MDM_DICTIONARY && !mdmAvailable
        ? { ...dictionary, available: false, note: MDM_UNAVAILABLE_NOTE }
        : { ...dictionary, available: true },
    ),
  };
});

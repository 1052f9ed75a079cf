// What is wrong with one condition, keyed by path relative to it (`children.1.value`), for the Conditions
// Studio's messages next to each field and for its Apply button. It runs the whole-policy check on a
// one-condition document, so the editor and a save can never disagree about what is valid.
import type { SystemDictionary } from "@/lib/validation/dictionaries";
import { checkPolicyDocument } from "@/lib/validation/policy-check";
import type { Condition, PolicyDocument } from "@/lib/validation/policy";
import { getNode, splitErrorKey } from "./condition-tree";

const HOST_PREFIX = ["policySets", 0, "condition"] as const;
const HOST_PROFILE = "host profile";

export function conditionProblems(
  condition: Condition | null,
  { dictionaries, library }: { dictionaries: readonly SystemDictionary[]; library: PolicyDocument["libraryConditions"] },
): Record<string, string> {
  if (!condition) return {};
  const document: PolicyDocument = {
    policySets: [
      {
        name: "Condition",
        rank: 0,
        state: "enabled",
        condition,
        rules: [{ name: "Default", rank: 0, state: "enabled", condition: null, profiles: [HOST_PROFILE] }],
      },
    ],
    libraryConditions: library,
  };
  const problems: Record<string, string> = {};
  for (const error of checkPolicyDocument(document, { dictionaries, profileNames: [HOST_PROFILE] }).errors) {
    if (!HOST_PREFIX.every((part, i) => error.path[i] === part)) continue;
    const key = error.path.slice(HOST_PREFIX.length).join(".");
    problems[key] ??= messageFor(condition, key, error.message);
  }
  return problems;
}

/** A leaf whose attribute is not chosen yet is unfinished rather than wrong: say what to do. */
function messageFor(condition: Condition, key: string, message: string): string {
  const { path, field } = splitErrorKey(key);
  const node = getNode(condition, path);
  if (field === "attribute" && node?.type === "leaf" && node.attribute.endsWith(":")) return "Choose an attribute";
  return message;
}

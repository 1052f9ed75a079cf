// A structural diff of two policy documents for the version history: policy sets and their rules matched
// by name, each added, removed, moved (relative order among the items both versions have) or changed
// field by field. Pure; the view renders conditions as text.
import type { AuthorizationRule, Condition, PolicyDocument, PolicySet, RuleState } from "./policy";

export type ItemStatus = "added" | "removed" | "changed" | "unchanged";

export type FieldChange =
  | { field: "state"; before: RuleState; after: RuleState }
  | { field: "condition"; before: Condition | null; after: Condition | null }
  | { field: "profiles"; before: string[]; after: string[] }
  | { field: "securityGroup"; before: string | null; after: string | null };

export type LibraryConditionChange = {
  name: string;
  status: Exclude<ItemStatus, "unchanged">;
  before?: Condition;
  after?: Condition;
  descriptionBefore?: string;
  descriptionAfter?: string;
};

export type RuleDiff = {
  name: string;
  status: ItemStatus;
  /** Its relative order among the rules both versions have changed. */
  moved: boolean;
  /** 1-based positions, as the rule table numbers them. */
  positionBefore?: number;
  positionAfter?: number;
  changes: FieldChange[];
};

export type PolicySetDiff = {
  name: string;
  status: ItemStatus;
  moved: boolean;
  positionBefore?: number;
  positionAfter?: number;
  changes: FieldChange[];
  /** In the newer version's order, removed rules after the rule that preceded them. */
  rules: RuleDiff[];
};

export type PolicyDiff = {
  policySets: PolicySetDiff[];
  libraryConditions: LibraryConditionChange[];
  /** Nothing differs at all. */
  identical: boolean;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Items whose relative order differs: those outside one longest common subsequence of the two orders
 * (moving one row up marks that row, not every row it passed). Where two orders explain the change
 * equally well, items in `prefer` are the ones reported.
 */
export function movedNames(before: string[], after: string[], prefer: ReadonlySet<string> = new Set()): Set<string> {
  const common = new Set(before.filter((name) => after.includes(name)));
  const a = before.filter((name) => common.has(name));
  const b = after.filter((name) => common.has(name));
  const table: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const stay = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      stay.add(a[i]!);
      i++;
      j++;
    } else {
      const skipBefore = table[i + 1]![j]!;
      const skipAfter = table[i]![j + 1]!;
      // A tie (two neighbours swapped) is ambiguous; `prefer` names the items the admin actually moved.
      if (skipBefore > skipAfter || (skipBefore === skipAfter && !prefer.has(b[j]!))) i++;
      else j++;
    }
  }
  return new Set([...common].filter((name) => !stay.has(name)));
}

/** The items of `after` in order, with each removed item of `before` placed after its predecessor there. */
function mergeOrder(before: string[], after: string[]): string[] {
  const result = [...after];
  before.forEach((name, index) => {
    if (after.includes(name)) return;
    const previous = before
      .slice(0, index)
      .reverse()
      .find((candidate) => result.includes(candidate));
    result.splice(previous === undefined ? 0 : result.indexOf(previous) + 1, 0, name);
  });
  return result;
}

function fieldChanges(before: PolicySet | AuthorizationRule, after: PolicySet | AuthorizationRule): FieldChange[] {
  const changes: FieldChange[] = [];
  if (before.state !== after.state) changes.push({ field: "state", before: before.state, after: after.state });
  if (!same(before.condition, after.condition)) {
    changes.push({ field: "condition", before: before.condition, after: after.condition });
  }
  if ("profiles" in before && "profiles" in after) {
    if (!same(before.profiles, after.profiles))
      changes.push({ field: "profiles", before: before.profiles, after: after.profiles });
    const groupBefore = before.securityGroup?.trim() || null;
    const groupAfter = after.securityGroup?.trim() || null;
    if (groupBefore !== groupAfter) changes.push({ field: "securityGroup", before: groupBefore, after: groupAfter });
  }
  return changes;
}

function diffList<T extends { name: string }, D>(
  before: T[],
  after: T[],
  item: (name: string, a: T | undefined, b: T | undefined, moved: boolean, positions: { before?: number; after?: number }) => D,
): D[] {
  const namesBefore = before.map((entry) => entry.name);
  const namesAfter = after.map((entry) => entry.name);
  const moved = movedNames(namesBefore, namesAfter);
  return mergeOrder(namesBefore, namesAfter).map((name) => {
    const indexBefore = namesBefore.indexOf(name);
    const indexAfter = namesAfter.indexOf(name);
    return item(name, before[indexBefore], after[indexAfter], moved.has(name), {
      before: indexBefore >= 0 ? indexBefore + 1 : undefined,
      after: indexAfter >= 0 ? indexAfter + 1 : undefined,
    });
  });
}

const statusOf = (a: unknown, b: unknown, changes: number): ItemStatus =>
  a === undefined ? "added" : b === undefined ? "removed" : changes > 0 ? "changed" : "unchanged";

export function diffPolicyDocuments(before: PolicyDocument, after: PolicyDocument): PolicyDiff {
  const policySets = diffList<PolicySet, PolicySetDiff>(before.policySets, after.policySets, (name, a, b, moved, positions) => {
    const rules = diffList<AuthorizationRule, RuleDiff>(
      a?.rules ?? [],
      b?.rules ?? [],
      (ruleName, ra, rb, ruleMoved, rulePositions) => {
        const changes = ra && rb ? fieldChanges(ra, rb) : [];
        return {
          name: ruleName,
          status: statusOf(ra, rb, changes.length),
          // Within an added or removed set every rule is new or gone; "moved" says nothing more.
          moved: Boolean(a && b && ruleMoved),
          positionBefore: rulePositions.before,
          positionAfter: rulePositions.after,
          changes,
        };
      },
    );
    const changes = a && b ? fieldChanges(a, b) : [];
    const rulesDiffer = rules.some((rule) => rule.status !== "unchanged" || rule.moved);
    return {
      name,
      status: statusOf(a, b, changes.length + (rulesDiffer ? 1 : 0)),
      moved,
      positionBefore: positions.before,
      positionAfter: positions.after,
      changes,
      rules,
    };
  });
  const libraryConditions: LibraryConditionChange[] = [];
  const libraryAfter = new Map(after.libraryConditions.map((entry) => [entry.name, entry]));
  const libraryBefore = new Map(before.libraryConditions.map((entry) => [entry.name, entry]));
  for (const name of mergeOrder([...libraryBefore.keys()], [...libraryAfter.keys()])) {
    const a = libraryBefore.get(name);
    const b = libraryAfter.get(name);
    if (a && b && same(a.condition, b.condition) && (a.description ?? "") === (b.description ?? "")) continue;
    libraryConditions.push({
      name,
      status: !a ? "added" : !b ? "removed" : "changed",
      before: a?.condition,
      after: b?.condition,
      descriptionBefore: a?.description,
      descriptionAfter: b?.description,
    });
  }
  const identical = libraryConditions.length === 0 && policySets.every((set) => set.status === "unchanged" && !set.moved);
  return { policySets, libraryConditions, identical };
}

// The policy builder's working copy: the document with a stable key per set and rule (drag and drop, row
// markers and React keys need identities the document itself does not have), plus the pure edits the
// tables perform. The last rule of every set is its default rule: always last, no condition.
import type { AuthorizationRule, Condition, PolicyDocument, PolicySet, RuleState } from "@/lib/validation/policy";
import { movedNames } from "@/lib/validation/policy-diff";

export type DraftRule = { key: string; rule: Omit<AuthorizationRule, "rank"> };
export type DraftSet = { key: string; set: Omit<PolicySet, "rank" | "rules">; rules: DraftRule[] };
export type Draft = {
  sets: DraftSet[];
  libraryConditions: PolicyDocument["libraryConditions"];
  /** Keys of the rows the admin moved, so the "Moved" marker lands on them and not on a swapped neighbour. */
  moved?: readonly string[];
};

let counter = 0;
const nextKey = (prefix: string) => `${prefix}-${++counter}`;

export function draftFromDocument(document: PolicyDocument): Draft {
  const sets = [...document.policySets]
    .sort((a, b) => a.rank - b.rank)
    .map(({ rank: _rank, rules, ...set }) => ({
      key: nextKey("set"),
      set,
      rules: [...rules].sort((a, b) => a.rank - b.rank).map(({ rank: _r, ...rule }) => ({ key: nextKey("rule"), rule })),
    }));
  return { sets, libraryConditions: structuredClone(document.libraryConditions) };
}

/** The document to check, simulate and save: order becomes rank; empty security groups are dropped. */
export function documentFromDraft(draft: Draft): PolicyDocument {
  return {
    policySets: draft.sets.map((entry, setIndex) => ({
      ...entry.set,
      rank: setIndex,
      rules: entry.rules.map(({ rule }, ruleIndex) => {
        const { securityGroup, ...rest } = rule;
        const group = securityGroup?.trim();
        return { ...rest, rank: ruleIndex, ...(group ? { securityGroup: group } : {}) };
      }),
    })),
    libraryConditions: draft.libraryConditions,
  };
}

export const isDefaultRule = (set: DraftSet, index: number) => index === set.rules.length - 1;

function uniqueName(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base} ${n}`)) return `${base} ${n}`;
}

/** ISE's naming of new rows: "Authorization Rule 1", "Authorization Rule 2", … */
function numberedName(base: string, taken: readonly string[]): string {
  for (let n = 1; ; n++) if (!taken.includes(`${base} ${n}`)) return `${base} ${n}`;
}

export function newRule(set: DraftSet): DraftRule {
  return {
    key: nextKey("rule"),
    rule: {
      name: numberedName(
        "Authorization Rule",
        set.rules.map((r) => r.rule.name),
      ),
      state: "enabled",
      condition: null,
      profiles: ["PermitAccess"],
    },
  };
}

export function newSet(draft: Draft): DraftSet {
  return {
    key: nextKey("set"),
    set: {
      name: numberedName(
        "New Policy Set",
        draft.sets.map((s) => s.set.name),
      ),
      state: "enabled",
      condition: null,
    },
    rules: [{ key: nextKey("rule"), rule: { name: "Default", state: "enabled", condition: null, profiles: ["DenyAccess"] } }],
  };
}

function move<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item!);
  return copy;
}

const updateSet = (draft: Draft, setKey: string, change: (set: DraftSet) => DraftSet): Draft => ({
  ...draft,
  sets: draft.sets.map((entry) => (entry.key === setKey ? change(entry) : entry)),
});

/** Moves a rule within its set; the default rule stays last whatever is asked. */
export function moveRule(draft: Draft, setKey: string, from: number, to: number): Draft {
  const next = updateSet(draft, setKey, (set) => {
    const lastMovable = set.rules.length - 2;
    if (from < 0 || from > lastMovable) return set;
    const target = Math.max(0, Math.min(to, lastMovable));
    return target === from ? set : { ...set, rules: move(set.rules, from, target) };
  });
  const key = draft.sets.find((entry) => entry.key === setKey)?.rules[from]?.key;
  return key ? { ...next, moved: [...(next.moved ?? []), key] } : next;
}

export function moveSet(draft: Draft, from: number, to: number): Draft {
  const target = Math.max(0, Math.min(to, draft.sets.length - 1));
  if (from < 0 || from >= draft.sets.length || target === from) return draft;
  return { ...draft, sets: move(draft.sets, from, target), moved: [...(draft.moved ?? []), draft.sets[from]!.key] };
}

/** Inserts a new rule at `index` (never after the default rule) and returns its key too. */
export function insertRule(draft: Draft, setKey: string, index: number): { draft: Draft; key: string } {
  let key = "";
  const next = updateSet(draft, setKey, (set) => {
    const rule = newRule(set);
    key = rule.key;
    const rules = [...set.rules];
    rules.splice(Math.max(0, Math.min(index, rules.length - 1)), 0, rule);
    return { ...set, rules };
  });
  return { draft: next, key };
}

export function duplicateRule(draft: Draft, setKey: string, index: number): Draft {
  return updateSet(draft, setKey, (set) => {
    const source = set.rules[index];
    if (!source || isDefaultRule(set, index)) return set;
    const copy: DraftRule = {
      key: nextKey("rule"),
      rule: {
        ...structuredClone(source.rule),
        name: uniqueName(
          `${source.rule.name} copy`,
          set.rules.map((r) => r.rule.name),
        ),
      },
    };
    const rules = [...set.rules];
    rules.splice(index + 1, 0, copy);
    return { ...set, rules };
  });
}

export function deleteRule(draft: Draft, setKey: string, ruleKey: string): Draft {
  return updateSet(draft, setKey, (set) => {
    const index = set.rules.findIndex((entry) => entry.key === ruleKey);
    if (index < 0 || isDefaultRule(set, index)) return set;
    return { ...set, rules: set.rules.filter((entry) => entry.key !== ruleKey) };
  });
}

export type RulePatch = Partial<{
  name: string;
  state: RuleState;
  condition: Condition | null;
  profiles: string[];
  securityGroup: string;
}>;

export function patchRule(draft: Draft, setKey: string, ruleKey: string, patch: RulePatch): Draft {
  return updateSet(draft, setKey, (set) => ({
    ...set,
    rules: set.rules.map((entry, index) => {
      if (entry.key !== ruleKey) return entry;
      // The default rule keeps its name and has no condition.
      const allowed = isDefaultRule(set, index) ? { ...patch, name: undefined, condition: undefined } : patch;
      const rule = { ...entry.rule };
      for (const [field, value] of Object.entries(allowed)) {
        if (value !== undefined) (rule as Record<string, unknown>)[field] = value;
      }
      return { ...entry, rule };
    }),
  }));
}

export function patchSet(
  draft: Draft,
  setKey: string,
  patch: Partial<{ name: string; state: RuleState; condition: Condition | null }>,
): Draft {
  return updateSet(draft, setKey, (set) => ({ ...set, set: { ...set.set, ...patch } }));
}

export function duplicateSet(draft: Draft, index: number): Draft {
  const source = draft.sets[index];
  if (!source) return draft;
  const copy: DraftSet = {
    key: nextKey("set"),
    set: {
      ...structuredClone(source.set),
      name: uniqueName(
        `${source.set.name} copy`,
        draft.sets.map((s) => s.set.name),
      ),
    },
    rules: source.rules.map((entry) => ({ key: nextKey("rule"), rule: structuredClone(entry.rule) })),
  };
  const sets = [...draft.sets];
  sets.splice(index + 1, 0, copy);
  return { ...draft, sets };
}

export type RowChange = "new" | "changed" | "moved";

/** What the loaded version looked like, by row key: values without order, and the orders apart. */
export type DraftSnapshot = { values: Map<string, string>; setOrder: string[]; ruleOrder: Map<string, string[]> };

export function snapshotDraft(draft: Draft): DraftSnapshot {
  const values = new Map<string, string>();
  const ruleOrder = new Map<string, string[]>();
  for (const entry of draft.sets) {
    values.set(entry.key, JSON.stringify(entry.set));
    ruleOrder.set(
      entry.key,
      entry.rules.map((rule) => rule.key),
    );
    for (const rule of entry.rules) values.set(rule.key, JSON.stringify(rule.rule));
  }
  return { values, setOrder: draft.sets.map((entry) => entry.key), ruleOrder };
}

/**
 * Every row that differs from the loaded version (new, changed, or moved relative to the others) and how
 * many sets or rules were removed: the per-row markers and the count in the "Unsaved changes" bar.
 */
export function draftChanges(draft: Draft, snapshot: DraftSnapshot): { rows: Map<string, RowChange>; removed: number } {
  const rows = new Map<string, RowChange>();
  const prefer = new Set(draft.moved);
  const movedSets = movedNames(
    snapshot.setOrder,
    draft.sets.map((entry) => entry.key),
    prefer,
  );
  const present = new Set<string>();
  for (const entry of draft.sets) {
    present.add(entry.key);
    const before = snapshot.values.get(entry.key);
    const movedRules = movedNames(
      snapshot.ruleOrder.get(entry.key) ?? [],
      entry.rules.map((rule) => rule.key),
      prefer,
    );
    for (const rule of entry.rules) {
      present.add(rule.key);
      const ruleBefore = snapshot.values.get(rule.key);
      if (ruleBefore === undefined) rows.set(rule.key, "new");
      else if (ruleBefore !== JSON.stringify(rule.rule)) rows.set(rule.key, "changed");
      else if (movedRules.has(rule.key)) rows.set(rule.key, "moved");
    }
    if (before === undefined) rows.set(entry.key, "new");
    else if (before !== JSON.stringify(entry.set)) rows.set(entry.key, "changed");
    else if (movedSets.has(entry.key)) rows.set(entry.key, "moved");
  }
  let removed = 0;
  for (const key of snapshot.values.keys()) if (!present.has(key)) removed++;
  return { rows, removed };
}

/** Problems keyed by document path ("policySets.0.rules.2.condition.children.1.value"). */
export type ProblemMap = Record<string, string>;

/** Messages at `prefix` or anywhere below it. */
export function problemsUnder(problems: ProblemMap, prefix: string): string[] {
  return Object.entries(problems)
    .filter(([key]) => key === prefix || key.startsWith(`${prefix}.`))
    .map(([, message]) => message);
}

/** Problems below `prefix`, keyed relative to it (for an editor that knows only its own subtree). */
export function problemsRelative(problems: ProblemMap, prefix: string): ProblemMap {
  const result: ProblemMap = {};
  for (const [key, message] of Object.entries(problems)) {
    if (key === prefix) result[""] = message;
    else if (key.startsWith(`${prefix}.`)) result[key.slice(prefix.length + 1)] = message;
  }
  return result;
}

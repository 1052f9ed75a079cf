import { describe, expect, it } from "vitest";
import type { Condition } from "@/lib/validation/policy";
import { conditionText } from "./condition-text";
import {
  getNode,
  insertNode,
  moveIntoPreviousBlock,
  moveNode,
  moveOutOfBlock,
  moveSibling,
  parsePathKey,
  pathKey,
  removeNode,
  renameReferences,
  toggleNegate,
  unwrapBlock,
  wrapNode,
} from "./condition-tree";

const leaf = (name: string): Condition => ({ type: "leaf", attribute: `MDM:${name}`, operator: "equals", value: "x" });
// A AND (B OR C) AND D
const tree = (): Condition => ({
  type: "and",
  children: [leaf("A"), { type: "or", children: [leaf("B"), leaf("C")] }, leaf("D")],
});
const text = (condition: Condition | null | undefined) =>
  condition === undefined ? "impossible" : conditionText(condition).replace(/MDM:(\w) EQUALS x/g, "$1");

describe("condition tree paths", () => {
  it("reads, inserts and removes by path without touching the input", () => {
    const input = tree();
    const before = JSON.stringify(input);
    expect(text(getNode(input, [1, 0]))).toBe("B");
    expect(getNode(input, [0, 0])).toBeUndefined();
    expect(text(insertNode(input, [1], 1, leaf("X")))).toBe("A AND (B OR X OR C) AND D");
    expect(text(removeNode(input, [1, 1]))).toBe("A AND B AND D");
    expect(removeNode(input, [])).toBeNull();
    expect(JSON.stringify(input)).toBe(before);
  });

  it("keeps an emptied block (the editor shows it as an error)", () => {
    const once = removeNode(tree(), [1, 0]);
    expect(text(removeNode(once, [1, 0]))).toBe("A AND (empty block) AND D");
  });

  it("moves up and down among siblings, and refuses to go past either end", () => {
    const down = moveSibling(tree(), [0], 1);
    expect(text(down?.root)).toBe("(B OR C) AND A AND D");
    expect(down?.path).toEqual([1]);
    expect(moveSibling(tree(), [0], -1)).toBeUndefined();
    expect(moveSibling(tree(), [1, 1], 1)).toBeUndefined();
    expect(text(moveSibling(tree(), [1, 1], -1)?.root)).toBe("A AND (C OR B) AND D");
  });

  it("moves out of a block to just after it, and into the previous block at its end", () => {
    const out = moveOutOfBlock(tree(), [1, 0]);
    expect(text(out?.root)).toBe("A AND C AND B AND D");
    expect(out?.path).toEqual([2]);
    expect(moveOutOfBlock(tree(), [0])).toBeUndefined();
    const into = moveIntoPreviousBlock(tree(), [2]);
    expect(text(into?.root)).toBe("A AND (B OR C OR D)");
    expect(into?.path).toEqual([1, 2]);
    expect(moveIntoPreviousBlock(tree(), [1])).toBeUndefined();
  });

  it("moves between blocks like a drop on a sortable list, fixing paths shifted by the removal", () => {
    const moved = moveNode(tree(), [0], [1], 1);
    expect(text(moved?.root)).toBe("(B OR A OR C) AND D");
    expect(moved?.path).toEqual([0, 1]);
    expect(text(moveNode(tree(), [2], [0 + 1], 0)?.root)).toBe("A AND (D OR B OR C)");
    expect(moveNode(tree(), [1], [1], 0)).toBeUndefined();
    expect(moveNode(tree(), [], [1], 0)).toBeUndefined();
    expect(moveNode(tree(), [0], [2], 0)).toBeUndefined();
  });

  it("wraps a node into a block, unwraps it again, and refuses to drop a NOT by unwrapping", () => {
    const wrapped = wrapNode(tree(), [0], "or", [leaf("E")]);
    expect(text(wrapped)).toBe("(A OR E) AND (B OR C) AND D");
    expect(text(unwrapBlock(wrapped, [0]))).toBe("A AND E AND (B OR C) AND D");
    expect(text(unwrapBlock(wrapNode(leaf("A"), [], "and"), []))).toBe("A");
    expect(unwrapBlock(tree(), [])).toBeUndefined();
    expect(unwrapBlock(toggleNegate(tree(), [1]), [1])).toBeUndefined();
  });

  it("negates any node and takes NOT away again", () => {
    const negated = toggleNegate(toggleNegate(tree(), [1]), [1, 0]);
    expect(text(negated)).toBe("A AND NOT (NOT B OR C) AND D");
    expect(text(toggleNegate(negated, [1]))).toBe("A AND (NOT B OR C) AND D");
    expect(getNode(toggleNegate(negated, [1]), [1])).not.toHaveProperty("negate");
  });

  it("turns paths into error keys and back", () => {
    expect(pathKey([1, 0])).toBe("children.1.children.0");
    expect(pathKey([])).toBe("");
    expect(parsePathKey("children.1.children.0")).toEqual([1, 0]);
    expect(parsePathKey("children.1.value")).toBeUndefined();
  });

  it("renames library references everywhere in a tree", () => {
    const withRefs: Condition = {
      type: "or",
      children: [
        { type: "ref", name: "Old" },
        {
          type: "and",
          children: [
            { type: "ref", name: "Old", negate: true },
            { type: "ref", name: "Other" },
          ],
        },
      ],
    };
    expect(conditionText(renameReferences(withRefs, "Old", "New"))).toBe("New OR (NOT New AND Other)");
  });
});

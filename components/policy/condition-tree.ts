// Pure path operations on a condition tree, used by the Conditions Studio. A path is the list of child
// indexes from the root (`[]` = the root, `[1, 0]` = first child of the root's second child). Every operation
// returns a new tree and leaves its input untouched, so the editor can hand each result to `onChange`.
import type { Condition, ConditionBlock, ConditionLeaf } from "@/lib/validation/policy";

export type NodePath = readonly number[];

const isBlock = (node: Condition | null | undefined): node is ConditionBlock => node?.type === "and" || node?.type === "or";

/** The node at `path`, or undefined when the path leads nowhere. */
export function getNode(root: Condition | null, path: NodePath): Condition | undefined {
  let node: Condition | undefined = root ?? undefined;
  for (const index of path) {
    if (!isBlock(node)) return undefined;
    node = node.children[index];
  }
  return node;
}

/** Replaces the node at `path` (the root for `[]`). Throws on a path that does not exist: a caller bug. */
export function setNode(root: Condition | null, path: NodePath, next: Condition): Condition {
  if (path.length === 0) return next;
  const [head, ...rest] = path as [number, ...number[]];
  if (!isBlock(root) || head < 0 || head >= root.children.length) throw new Error(`No node at path ${path.join(".")}`);
  const children = root.children.slice();
  children[head] = setNode(children[head]!, rest, next);
  return { ...root, children };
}

/** Applies `update` to the node at `path`. */
export function updateNode(root: Condition | null, path: NodePath, update: (node: Condition) => Condition): Condition {
  const node = getNode(root, path);
  if (!node) throw new Error(`No node at path ${path.join(".")}`);
  return setNode(root, path, update(node));
}

/** Inserts `node` as child `index` of the block at `parentPath` (clamped to the end). */
export function insertNode(root: Condition | null, parentPath: NodePath, index: number, node: Condition): Condition {
  const parent = getNode(root, parentPath);
  if (!isBlock(parent)) throw new Error(`No block at path ${parentPath.join(".")}`);
  const children = parent.children.slice();
  children.splice(Math.max(0, Math.min(index, children.length)), 0, node);
  return setNode(root, parentPath, { ...parent, children });
}

/** Removes the node at `path`; removing the root leaves no condition (null). A block may become empty. */
export function removeNode(root: Condition | null, path: NodePath): Condition | null {
  if (path.length === 0) return null;
  const parentPath = path.slice(0, -1);
  const index = path[path.length - 1]!;
  const parent = getNode(root, parentPath);
  if (!isBlock(parent) || index >= parent.children.length) throw new Error(`No node at path ${path.join(".")}`);
  return setNode(root, parentPath, { ...parent, children: parent.children.filter((_, i) => i !== index) });
}

/** True when `path` is `ancestor` or lies inside it. */
export function isWithin(path: NodePath, ancestor: NodePath): boolean {
  return ancestor.length <= path.length && ancestor.every((index, i) => path[i] === index);
}

/** Where a path points once the node at `removed` has been taken out of the tree (undefined: it was inside). */
export function pathAfterRemoval(path: NodePath, removed: NodePath): NodePath | undefined {
  if (isWithin(path, removed)) return undefined;
  const depth = removed.length - 1;
  const shifted = path.slice();
  if (path.length > depth && removed.slice(0, depth).every((index, i) => path[i] === index) && path[depth]! > removed[depth]!) {
    shifted[depth] = path[depth]! - 1;
  }
  return shifted;
}

/**
 * Moves the node at `from` into the block at `toParent` (a path as it is before the move) so that it ends up
 * at `toIndex` among that block's children afterwards — what dropping onto item `toIndex` of a sortable list means.
 * Returns the new tree and the node's new path, or undefined when the move is impossible (a block into
 * itself or one of its descendants, the root, or a target that is not a block).
 */
export function moveNode(
  root: Condition | null,
  from: NodePath,
  toParent: NodePath,
  toIndex: number,
): { root: Condition; path: NodePath } | undefined {
  if (from.length === 0 || isWithin(toParent, from)) return undefined;
  const node = getNode(root, from);
  if (!node || !isBlock(getNode(root, toParent))) return undefined;
  const parentAfter = pathAfterRemoval(toParent, from);
  if (!parentAfter) return undefined;
  const removed = removeNode(root, from);
  const target = getNode(removed, parentAfter) as ConditionBlock;
  const index = Math.max(0, Math.min(toIndex, target.children.length));
  return { root: insertNode(removed, parentAfter, index, node), path: [...parentAfter, index] };
}

/** One step up (-1) or down (+1) among its siblings; undefined at either end or for the root. */
export function moveSibling(root: Condition | null, path: NodePath, step: -1 | 1) {
  if (path.length === 0) return undefined;
  const parentPath = path.slice(0, -1);
  const parent = getNode(root, parentPath);
  const index = path[path.length - 1]! + step;
  if (!isBlock(parent) || index < 0 || index >= parent.children.length) return undefined;
  return moveNode(root, path, parentPath, index);
}

/** Out of its block, right after that block in the enclosing one; undefined when its block is the root. */
export function moveOutOfBlock(root: Condition | null, path: NodePath) {
  if (path.length < 2) return undefined;
  const blockPath = path.slice(0, -1);
  return moveNode(root, path, blockPath.slice(0, -1), blockPath[blockPath.length - 1]! + 1);
}

/** Into the sibling block just before it, as that block's last child; undefined when that sibling is no block. */
export function moveIntoPreviousBlock(root: Condition | null, path: NodePath) {
  if (path.length === 0) return undefined;
  const index = path[path.length - 1]!;
  const previousPath = [...path.slice(0, -1), index - 1];
  const previous = index > 0 ? getNode(root, previousPath) : undefined;
  if (!isBlock(previous)) return undefined;
  return moveNode(root, path, previousPath, previous.children.length);
}

/** Puts the node at `path` inside a new AND / OR block (with `extra` children after it). */
export function wrapNode(
  root: Condition | null,
  path: NodePath,
  type: ConditionBlock["type"],
  extra: Condition[] = [],
): Condition {
  return updateNode(root, path, (node) => ({ type, children: [node, ...extra] }));
}

/**
 * Replaces the block at `path` by its children (spliced into the enclosing block; at the root only a block
 * with one child can be undone). Undefined when that is impossible, or when the block is negated: dropping
 * its NOT would silently change the meaning.
 */
export function unwrapBlock(root: Condition | null, path: NodePath): Condition | undefined {
  const block = getNode(root, path);
  if (!isBlock(block) || block.negate) return undefined;
  if (path.length === 0) return block.children.length === 1 ? block.children[0] : undefined;
  const parentPath = path.slice(0, -1);
  const parent = getNode(root, parentPath) as ConditionBlock;
  const index = path[path.length - 1]!;
  const children = [...parent.children.slice(0, index), ...block.children, ...parent.children.slice(index + 1)];
  return setNode(root, parentPath, { ...parent, children });
}

/** Flips NOT on the node at `path`. */
export function toggleNegate(root: Condition | null, path: NodePath): Condition {
  return updateNode(root, path, (node) => {
    const { negate, ...rest } = node;
    return negate ? (rest as Condition) : { ...node, negate: true };
  });
}

/** The key of a node's path in error maps: `children.1.children.0` (`""` for the root). */
export function pathKey(path: NodePath): string {
  return path.map((index) => `children.${index}`).join(".");
}

/** The inverse of `pathKey`; undefined for anything that is not a node key. */
export function parsePathKey(key: string): NodePath | undefined {
  if (key === "") return [];
  const parts = key.split(".");
  if (parts.length % 2 !== 0) return undefined;
  const path: number[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const index = Number(parts[i + 1]);
    if (parts[i] !== "children" || !Number.isInteger(index) || index < 0) return undefined;
    path.push(index);
  }
  return path;
}

/**
 * Splits an error key relative to the condition (`children.1.value.0`) into the node it belongs to (`[1]`)
 * and the field inside that node (`value.0`; `""` for the node itself, `children` for an empty block).
 */
export function splitErrorKey(key: string): { path: number[]; field: string } {
  const parts = key === "" ? [] : key.split(".");
  const path: number[] = [];
  let i = 0;
  while (parts[i] === "children" && i + 1 < parts.length && /^\d+$/.test(parts[i + 1]!)) {
    path.push(Number(parts[i + 1]));
    i += 2;
  }
  return { path, field: parts.slice(i).join(".") };
}

/** `2.1` for path `[1, 0]`: how the editor numbers nodes for people (1-based). */
export function humanPath(path: NodePath): string {
  return path.map((index) => index + 1).join(".");
}

/** A new, not yet filled in leaf: the dictionary chosen, the attribute still to pick. */
export function emptyLeaf(dictionary: string): ConditionLeaf {
  return { type: "leaf", attribute: `${dictionary}:`, operator: "equals", value: "" };
}

/** Every library condition name a condition refers to, directly. */
export function referencedNames(condition: Condition | null): string[] {
  if (!condition) return [];
  if (condition.type === "ref") return [condition.name];
  if (condition.type === "leaf") return [];
  return condition.children.flatMap(referencedNames);
}

/** The condition with every reference to library condition `from` renamed to `to`. */
export function renameReferences(condition: Condition, from: string, to: string): Condition;
export function renameReferences(condition: Condition | null, from: string, to: string): Condition | null;
export function renameReferences(condition: Condition | null, from: string, to: string): Condition | null {
  if (!condition) return null;
  if (condition.type === "ref") return condition.name === from ? { ...condition, name: to } : condition;
  if (condition.type === "leaf") return condition;
  return { ...condition, children: condition.children.map((child) => renameReferences(child, from, to)) };
}

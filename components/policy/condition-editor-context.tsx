"use client";
// What every node of the Conditions Studio needs from the editor around it: the tree, the catalogue, the
// problems per node, one way to commit a new tree (and say where focus goes next), and the open inline panel.
import { createContext, useContext } from "react";
import type { DictionaryAttributeDefinition, SystemDictionary } from "@/lib/validation/dictionaries";
import type { Condition, PolicyDocument } from "@/lib/validation/policy";
import { humanPath, type NodePath } from "./condition-tree";

/** A control of a node that can receive focus after an action (see `focusAttribute`). */
export type FocusControl =
  | "actions"
  | "handle"
  | "negate"
  | "dictionary"
  | "attribute"
  | "operator"
  | "value"
  | "add-condition"
  | "library-name"
  | "library-pick";

export type FocusTarget = { path: NodePath | "toolbar"; control: FocusControl };

/** An inline form under a node: save that node to the library, or pick a library condition to add. */
export type EditorPanel = { kind: "save"; path: NodePath } | { kind: "pick"; target: NodePath | "toolbar" };

export type ConditionEditorContextValue = {
  root: Condition | null;
  readOnly: boolean;
  dictionaries: readonly SystemDictionary[];
  findAttribute(reference: string): DictionaryAttributeDefinition | undefined;
  library: PolicyDocument["libraryConditions"];
  /** Problems of the node at a path, by field (`""` the node, `attribute`, `operator`, `value.2`, `children`). */
  problemsAt(path: NodePath): Record<string, string>;
  commit(next: Condition | null, focus?: FocusTarget): void;
  requestFocus(focus: FocusTarget): void;
  /** Applies a pending focus request now that nothing (a closing menu) holds focus any more. */
  flushFocus(): void;
  panel: EditorPanel | null;
  setPanel(panel: EditorPanel | null, focus?: FocusTarget): void;
  canSaveToLibrary: boolean;
  saveToLibrary(path: NodePath, entry: { name: string; description?: string }): void;
};

export const ConditionEditorContext = createContext<ConditionEditorContextValue | null>(null);

export function useConditionEditor(): ConditionEditorContextValue {
  const context = useContext(ConditionEditorContext);
  if (!context) throw new Error("Condition editor parts must be rendered inside ConditionEditor");
  return context;
}

/** The `data-focus` value that lets the editor find a control again after the tree changed under it. */
export function focusAttribute(path: NodePath | "toolbar", control: FocusControl): string {
  return `${path === "toolbar" ? "toolbar" : path.join(".")}/${control}`;
}

/** How the editor names a node for people and screen readers: `Condition 2.1`, `OR block 2`, `Library condition 3`. */
export function nodeLabel(node: Condition, path: NodePath): string {
  const where = path.length > 0 ? ` ${humanPath(path)}` : "";
  switch (node.type) {
    case "leaf":
      return `Condition${where}`;
    case "ref":
      return `Library condition${where}`;
    case "and":
    case "or":
      return `${node.type.toUpperCase()} block${where}`;
  }
}

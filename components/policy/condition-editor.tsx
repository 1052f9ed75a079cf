"use client";
// The Conditions Studio (ISE's visual condition editor): a condition as a tree of leaves, AND / OR blocks
// nested to any depth and library references, each negatable. Nodes move by drag and drop (pointer or
// keyboard) and by explicit Move actions, so everything works from the keyboard alone.
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { BookMarked, GripVertical, ListPlus, MoreHorizontal, Plus, Unlink } from "lucide-react";
import { Dialog as RadixDialog, DropdownMenu } from "radix-ui";
import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import type { DictionaryAttributeDefinition, SystemDictionary } from "@/lib/validation/dictionaries";
import type { Condition, ConditionBlock, ConditionReference, PolicyDocument } from "@/lib/validation/policy";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Input, Select } from "../ui/field";
import {
  ConditionEditorContext,
  focusAttribute,
  nodeLabel,
  useConditionEditor,
  type ConditionEditorContextValue,
  type EditorPanel,
  type FocusTarget,
} from "./condition-editor-context";
import { splitAttribute } from "./condition-leaf";
import { ConditionLeafRow } from "./condition-leaf-row";
import { conditionProblems } from "./condition-problems";
import { conditionText } from "./condition-text";
import {
  emptyLeaf,
  getNode,
  insertNode,
  moveIntoPreviousBlock,
  moveNode,
  moveOutOfBlock,
  moveSibling,
  removeNode,
  setNode,
  splitErrorKey,
  toggleNegate,
  unwrapBlock,
  wrapNode,
  type NodePath,
} from "./condition-tree";

type Library = PolicyDocument["libraryConditions"];

export type ConditionEditorProps = {
  value: Condition | null;
  onChange(next: Condition | null): void;
  dictionaries: readonly SystemDictionary[];
  library: Library;
  /** Offered as "Save to library" on every node when given; the node then becomes a reference to the entry. */
  onSaveToLibrary?(entry: { name: string; description?: string; condition: Condition }): void;
  readOnly?: boolean;
  /** Problems from elsewhere (e.g. a 422 from the server), keyed by path relative to the condition: `children.1.value`. */
  errors?: Record<string, string>;
};

const isBlock = (node: Condition | null | undefined): node is ConditionBlock => node?.type === "and" || node?.type === "or";

/** Sortable ids: `node:0.1` for a node, `into:0.1` for the inside of a block (a drop there appends). */
const nodeId = (path: NodePath) => `node:${path.join(".")}`;
const intoId = (path: NodePath) => `into:${path.join(".")}`;
function parseDndId(id: UniqueIdentifier): { kind: "node" | "into"; path: number[] } | undefined {
  const [kind, rest] = String(id).split(":") as [string, string | undefined];
  if ((kind !== "node" && kind !== "into") || rest === undefined) return undefined;
  return { kind, path: rest === "" ? [] : rest.split(".").map(Number) };
}
const isWithinPath = (path: NodePath, ancestor: NodePath) =>
  ancestor.length <= path.length && ancestor.every((index, i) => path[i] === index);

/** The dictionary a new leaf starts in: that of the nearest leaf above it in the same block, else the first. */
function dictionaryForNewLeaf(block: ConditionBlock | undefined, dictionaries: readonly SystemDictionary[]): string {
  const previous = block?.children.findLast((child) => child.type === "leaf");
  const fromPrevious = previous?.type === "leaf" ? splitAttribute(previous.attribute).dictionary : "";
  return fromPrevious || dictionaries[0]?.name || "MDM";
}

export function ConditionEditor({
  value,
  onChange,
  dictionaries,
  library,
  onSaveToLibrary,
  readOnly = false,
  errors,
}: ConditionEditorProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  // Where focus goes once the tree has re-rendered, and when that was asked (a stale request is dropped, so a
  // target that never appears cannot steal focus later).
  const pendingFocus = useRef<{ target: FocusTarget; at: number } | null>(null);
  const setPending = (target: FocusTarget) => {
    pendingFocus.current = { target, at: Date.now() };
  };
  const [panel, setPanelState] = useState<EditorPanel | null>(null);
  const dndId = useId();

  const attributeIndex = useMemo(() => {
    const index = new Map<string, DictionaryAttributeDefinition>();
    for (const dictionary of dictionaries)
      for (const attribute of dictionary.attributes) index.set(`${dictionary.name}:${attribute.name}`, attribute);
    return index;
  }, [dictionaries]);

  const problemsByNode = useMemo(() => {
    const local = conditionProblems(value, { dictionaries, library });
    const byNode = new Map<string, Record<string, string>>();
    const unplaced: string[] = [];
    // Local problems win over passed-in ones for the same field: they describe the value as it is now.
    for (const [key, message] of Object.entries({ ...errors, ...local })) {
      const { path, field } = splitErrorKey(key);
      if (value && getNode(value, path)) {
        const entry = byNode.get(path.join(".")) ?? {};
        entry[field] ??= message;
        byNode.set(path.join("."), entry);
      } else if (!unplaced.includes(message)) unplaced.push(message);
    }
    return { byNode, unplaced };
  }, [value, dictionaries, library, errors]);

  // GET /api/dictionaries marks the MDM dictionary unavailable until an MDM server has answered once: say so
  // once, above the tree, when the condition uses it.
  const unavailableNotes = useMemo(() => {
    const used = new Set<string>();
    const visit = (node: Condition) => {
      if (node.type === "leaf") used.add(splitAttribute(node.attribute).dictionary);
      else if (isBlock(node)) node.children.forEach(visit);
    };
    if (value) visit(value);
    return dictionaries.flatMap((dictionary) => {
      const availability = dictionary as { available?: boolean; note?: string };
      if (availability.available !== false || !used.has(dictionary.name)) return [];
      return [availability.note ?? `The ${dictionary.name} dictionary is not available yet.`];
    });
  }, [value, dictionaries]);

  const applyFocus = useCallback(() => {
    const pending = pendingFocus.current;
    if (!pending) return;
    if (Date.now() - pending.at > 1000) {
      pendingFocus.current = null;
      return;
    }
    const target = pending.target;
    const element = containerRef.current?.querySelector<HTMLElement>(
      `[data-focus="${CSS_escape(focusAttribute(target.path, target.control))}"]`,
    );
    element?.focus();
    // An open menu's focus trap can refuse focus; keep the request until the menu has closed.
    if (element && document.activeElement === element) pendingFocus.current = null;
  }, []);

  useEffect(() => {
    // After the tree re-rendered: the element to focus exists now (a frame later for Radix menus closing).
    applyFocus();
    const frame = requestAnimationFrame(applyFocus);
    return () => cancelAnimationFrame(frame);
  });

  const context = useMemo<ConditionEditorContextValue>(
    () => ({
      root: value,
      readOnly,
      dictionaries,
      findAttribute: (reference) => attributeIndex.get(reference),
      library,
      problemsAt: (path) => problemsByNode.byNode.get(path.join(".")) ?? {},
      commit: (next, focus) => {
        if (readOnly) return;
        if (focus) setPending(focus);
        onChange(next);
      },
      requestFocus: (focus) => {
        setPending(focus);
        requestAnimationFrame(applyFocus);
      },
      flushFocus: () => requestAnimationFrame(applyFocus),
      panel,
      setPanel: (next, focus) => {
        if (focus) setPending(focus);
        setPanelState(next);
      },
      canSaveToLibrary: Boolean(onSaveToLibrary) && !readOnly,
      saveToLibrary: (path, entry) => {
        const node = getNode(value, path);
        if (!node || !onSaveToLibrary) return;
        onSaveToLibrary({ ...entry, condition: node });
        // ISE behaviour: the saved node is now used by reference, so later library edits apply here too.
        setPending({ path, control: "actions" });
        setPanelState(null);
        onChange(setNode(value, path, { type: "ref", name: entry.name }));
      },
    }),
    [value, readOnly, dictionaries, attributeIndex, library, problemsByNode, onChange, panel, onSaveToLibrary, applyFocus],
  );

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const labelOf = (id: UniqueIdentifier | undefined): string => {
    const parsed = id === undefined ? undefined : parseDndId(id);
    if (!parsed) return "nothing";
    const node = getNode(value, parsed.path);
    if (!node) return "nothing";
    return parsed.kind === "into" ? `the end of ${nodeLabel(node, parsed.path)}` : nodeLabel(node, parsed.path);
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${labelOf(active.id)}.`,
    onDragOver: ({ active, over }) =>
      over ? `${labelOf(active.id)} is over ${labelOf(over.id)}.` : `${labelOf(active.id)} is not over a drop place.`,
    onDragEnd: ({ active, over }) =>
      over ? `${labelOf(active.id)} was dropped at ${labelOf(over.id)}.` : `${labelOf(active.id)} was put back.`,
    onDragCancel: ({ active }) => `Moving ${labelOf(active.id)} was cancelled; it is back in its place.`,
  };

  // The dragged node and everything inside it are never drop targets; among the rest the innermost wins.
  const collisionDetection: CollisionDetection = (args) => {
    const from = parseDndId(args.active.id)?.path ?? [];
    const droppableContainers = args.droppableContainers.filter((container) => {
      const target = parseDndId(container.id);
      return target !== undefined && !isWithinPath(target.path, from);
    });
    const narrowed = { ...args, droppableContainers };
    if (args.pointerCoordinates) {
      const within = pointerWithin(narrowed);
      if (within.length > 0) {
        const area = (id: UniqueIdentifier) => {
          const rect = args.droppableRects.get(id);
          return rect ? rect.width * rect.height : Infinity;
        };
        return within.sort((a, b) => area(a.id) - area(b.id));
      }
    }
    return closestCenter(narrowed);
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const from = parseDndId(active.id);
    const target = over ? parseDndId(over.id) : undefined;
    if (!from || !target || readOnly) return;
    let moved: ReturnType<typeof moveNode>;
    if (target.kind === "into") {
      const block = getNode(value, target.path);
      if (!isBlock(block)) return;
      moved = moveNode(value, from.path, target.path, block.children.length);
    } else {
      if (target.path.join(".") === from.path.join(".") || target.path.length === 0) return;
      moved = moveNode(value, from.path, target.path.slice(0, -1), target.path[target.path.length - 1]!);
    }
    if (moved) {
      setPending({ path: moved.path, control: "handle" });
      onChange(moved.root);
    }
  };

  return (
    <ConditionEditorContext.Provider value={context}>
      <div ref={containerRef} className="grid gap-2">
        {problemsByNode.unplaced.length > 0 && (
          <ul role="alert" className="rounded border border-danger/40 bg-danger/10 px-3 py-1.5 text-[12px] text-danger">
            {problemsByNode.unplaced.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
        {unavailableNotes.map((note) => (
          <p key={note} className="rounded border border-border bg-sunken px-3 py-1.5 text-[12px] text-muted">
            {note}
          </p>
        ))}
        {!isBlock(value) && <RootToolbar />}
        {value && (
          <DndContext
            id={dndId}
            sensors={sensors}
            collisionDetection={collisionDetection}
            onDragEnd={onDragEnd}
            accessibility={{
              announcements,
              screenReaderInstructions: {
                draggable:
                  "To move this node with the keyboard, press Space, move it with the arrow keys and press Space again to drop it, or Escape to cancel. Its Actions menu also has Move up, Move down, Move out of block and Move into previous block.",
              },
            }}
          >
            <NodeView node={value} path={[]} />
          </DndContext>
        )}
        {panel?.kind === "pick" && panel.target === "toolbar" && <LibraryPicker target="toolbar" />}
      </div>
    </ConditionEditorContext.Provider>
  );
}

// CSS.escape exists in every browser this console supports; the fallback keeps server rendering safe.
function CSS_escape(text: string): string {
  return typeof globalThis.CSS?.escape === "function" ? globalThis.CSS.escape(text) : text.replace(/["\\]/g, "\\$&");
}

/** Adding next to a lone condition (or to nothing) — what the root offers when it is not a block. */
function RootToolbar() {
  const editor = useConditionEditor();
  if (editor.readOnly) {
    return editor.root ? null : <p className="text-muted">Any — no condition: matches every request.</p>;
  }
  const root = editor.root;
  // Anything added next to a single condition makes an AND of the two; AND ↔ OR is one change away.
  const add = (node: Condition, focus: FocusTarget) => {
    if (!root) editor.commit(node, focus);
    else editor.commit({ type: "and", children: [root, node] }, focus);
  };
  const dictionary = dictionaryForNewLeaf(undefined, editor.dictionaries);
  const leafFocus = (inBlock: boolean): FocusTarget => ({
    path: root ? (inBlock ? [1, 0] : [1]) : inBlock ? [0] : [],
    control: "dictionary",
  });
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      {!root && <span className="mr-1 text-muted">Any — no condition: matches every request.</span>}
      <Button
        data-focus={focusAttribute("toolbar", "add-condition")}
        onClick={() => add(emptyLeaf(dictionary), leafFocus(false))}
      >
        <Plus size={13} aria-hidden /> Add condition
      </Button>
      <Button onClick={() => add({ type: "and", children: [emptyLeaf(dictionary)] }, leafFocus(true))}>
        <ListPlus size={13} aria-hidden /> Add AND block
      </Button>
      <Button onClick={() => add({ type: "or", children: [emptyLeaf(dictionary)] }, leafFocus(true))}>
        <ListPlus size={13} aria-hidden /> Add OR block
      </Button>
      <Button onClick={() => editor.setPanel({ kind: "pick", target: "toolbar" }, { path: "toolbar", control: "library-pick" })}>
        <BookMarked size={13} aria-hidden /> Add from library
      </Button>
    </div>
  );
}

function NodeView({ node, path }: { node: Condition; path: NodePath }) {
  if (path.length === 0) return <NodeBody node={node} path={path} handle={null} />;
  return <SortableNode node={node} path={path} />;
}

function SortableNode({ node, path }: { node: Condition; path: NodePath }) {
  const editor = useConditionEditor();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: nodeId(path),
    disabled: editor.readOnly,
  });
  const handle = editor.readOnly ? null : (
    <button
      type="button"
      ref={setActivatorNodeRef}
      {...attributes}
      {...listeners}
      aria-label={`Drag ${nodeLabel(node, path)}`}
      data-focus={focusAttribute(path, "handle")}
      className="mt-1 shrink-0 cursor-grab rounded text-muted hover:text-fg active:cursor-grabbing"
    >
      <GripVertical size={14} aria-hidden />
    </button>
  );
  return (
    <div
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={cn(isDragging && "relative z-10 opacity-70")}
    >
      <NodeBody node={node} path={path} handle={handle} />
    </div>
  );
}

function NodeBody({ node, path, handle }: { node: Condition; path: NodePath; handle: ReactNode }) {
  const editor = useConditionEditor();
  const label = nodeLabel(node, path);
  const negate = <NegateToggle node={node} path={path} />;
  const actions = editor.readOnly ? null : <NodeActions node={node} path={path} label={label} />;
  const below =
    editor.panel?.kind === "save" && editor.panel.path.join(".") === path.join(".") ? <SaveToLibraryForm path={path} /> : null;
  switch (node.type) {
    case "leaf":
      return (
        <ConditionLeafRow leaf={node} path={path} label={label} handle={handle} negate={negate} actions={actions} below={below} />
      );
    case "ref":
      return (
        <ReferenceRow node={node} path={path} label={label} handle={handle} negate={negate} actions={actions} below={below} />
      );
    case "and":
    case "or":
      return <BlockView node={node} path={path} label={label} handle={handle} negate={negate} actions={actions} below={below} />;
  }
}

function NegateToggle({ node, path }: { node: Condition; path: NodePath }) {
  const editor = useConditionEditor();
  const negated = Boolean(node.negate);
  if (editor.readOnly && !negated) return null;
  return (
    <button
      type="button"
      aria-label="Negate"
      aria-pressed={negated}
      title={negated ? "NOT: this node matches when its condition is false. Press to remove NOT." : "Press to negate (NOT)"}
      data-focus={focusAttribute(path, "negate")}
      disabled={editor.readOnly}
      onClick={() => editor.commit(toggleNegate(editor.root, path), { path, control: "negate" })}
      className={cn(
        "h-7 shrink-0 rounded border px-1.5 text-[11px] font-bold tracking-wide disabled:cursor-default",
        negated ? "border-danger bg-danger/15 text-danger" : "border-dashed border-border text-muted hover:text-fg",
      )}
    >
      NOT
    </button>
  );
}

type RowProps<T extends Condition> = {
  node: T;
  path: NodePath;
  label: string;
  handle: ReactNode;
  negate: ReactNode;
  actions: ReactNode;
  below: ReactNode;
};

function ReferenceRow({ node, path, label, handle, negate, actions, below }: RowProps<ConditionReference>) {
  const editor = useConditionEditor();
  const entry = editor.library.find((item) => item.name === node.name);
  const problems = editor.problemsAt(path);
  const problem = problems.name ?? problems[""];
  return (
    <div
      role="group"
      aria-label={label}
      className={cn("rounded border bg-panel px-2 py-1.5", problem ? "border-danger/50" : "border-accent/40")}
    >
      <div className="flex flex-wrap items-start gap-1.5">
        {handle}
        {negate}
        <BookMarked size={14} aria-hidden className="mt-1.5 shrink-0 text-accent" />
        <div className="min-w-0 flex-1 py-1">
          <p className="font-semibold">
            {node.name} <span className="text-[11px] font-normal text-muted">library condition</span>
          </p>
          <p className="font-mono text-[12px] break-words text-muted">
            {entry ? conditionText(entry.condition) : "Not in the library"}
          </p>
          {problem && <p className="text-[12px] text-danger">{problem}</p>}
        </div>
        {!editor.readOnly && entry && (
          <Button
            variant="ghost"
            aria-label={`Detach ${label} from the library`}
            title="Replace the reference by a copy of its condition, to change it here only"
            onClick={() =>
              editor.commit(
                setNode(editor.root, path, {
                  ...entry.condition,
                  // NOT on the reference and NOT inside the copy combine: a double NOT cancels out.
                  negate: Boolean(node.negate) !== Boolean(entry.condition.negate) || undefined,
                }),
                { path, control: "actions" },
              )
            }
          >
            <Unlink size={13} aria-hidden /> Detach
          </Button>
        )}
        {actions}
      </div>
      {below}
    </div>
  );
}

function BlockView({ node, path, label, handle, negate, actions, below }: RowProps<ConditionBlock>) {
  const editor = useConditionEditor();
  const { setNodeRef, isOver } = useDroppable({ id: intoId(path), disabled: editor.readOnly });
  const problems = editor.problemsAt(path);
  const empty = problems.children ?? (node.children.length === 0 ? "This block is empty" : undefined);
  const word = node.type.toUpperCase();
  const addChild = (child: Condition, focus: FocusTarget) =>
    editor.commit(insertNode(editor.root, path, node.children.length, child), focus);
  const dictionary = dictionaryForNewLeaf(node, editor.dictionaries);
  const next = [...path, node.children.length];
  return (
    <div
      role="group"
      aria-label={label}
      className={cn(
        "rounded border px-2 py-1.5",
        empty
          ? "border-danger/60 bg-danger/5"
          : node.type === "and"
            ? "border-accent/40 bg-sunken/40"
            : "border-warn/50 bg-sunken/40",
      )}
    >
      <div className="flex flex-wrap items-center gap-1.5">
        {handle}
        {negate}
        <div className="w-32 shrink-0">
          <Select
            aria-label="Block type"
            className="font-semibold"
            disabled={editor.readOnly}
            value={node.type}
            onChange={(event) =>
              editor.commit(setNode(editor.root, path, { ...node, type: event.target.value as ConditionBlock["type"] }))
            }
          >
            <option value="and">AND (all)</option>
            <option value="or">OR (any)</option>
          </Select>
        </div>
        {!editor.readOnly && (
          <>
            <Button
              data-focus={focusAttribute(path, "add-condition")}
              onClick={() => addChild(emptyLeaf(dictionary), { path: next, control: "dictionary" })}
            >
              <Plus size={13} aria-hidden /> Add condition
            </Button>
            <Button
              onClick={() =>
                addChild({ type: "and", children: [emptyLeaf(dictionary)] }, { path: [...next, 0], control: "dictionary" })
              }
            >
              <ListPlus size={13} aria-hidden /> Add AND block
            </Button>
            <Button
              onClick={() =>
                addChild({ type: "or", children: [emptyLeaf(dictionary)] }, { path: [...next, 0], control: "dictionary" })
              }
            >
              <ListPlus size={13} aria-hidden /> Add OR block
            </Button>
            <Button onClick={() => editor.setPanel({ kind: "pick", target: path }, { path, control: "library-pick" })}>
              <BookMarked size={13} aria-hidden /> Add from library
            </Button>
          </>
        )}
        <span className="flex-1" />
        {actions}
      </div>
      {empty && (
        <p role="alert" className="mt-1 text-[12px] text-danger">
          {empty}
        </p>
      )}
      {editor.panel?.kind === "pick" && editor.panel.target !== "toolbar" && editor.panel.target.join(".") === path.join(".") && (
        <LibraryPicker target={path} />
      )}
      {below}
      <SortableContext items={node.children.map((_, index) => nodeId([...path, index]))} strategy={verticalListSortingStrategy}>
        <ol
          ref={setNodeRef}
          aria-label={`Conditions of ${label}`}
          className={cn(
            "mt-1.5 ml-2 grid min-h-8 gap-1 border-l-2 pl-3",
            node.type === "and" ? "border-accent/50" : "border-warn/60",
            isOver && "rounded bg-accent/10",
          )}
        >
          {node.children.map((child, index) => (
            <li key={index} className="grid gap-1">
              {index > 0 && (
                <span aria-hidden className="text-[11px] font-bold tracking-wide text-muted">
                  {word}
                </span>
              )}
              <NodeView node={child} path={[...path, index]} />
            </li>
          ))}
        </ol>
      </SortableContext>
    </div>
  );
}

function NodeActions({ node, path, label }: { node: Condition; path: NodePath; label: string }) {
  const editor = useConditionEditor();
  const acted = useRef(false);
  const root = editor.root;
  const index = path[path.length - 1];
  const parent = path.length > 0 ? getNode(root, path.slice(0, -1)) : undefined;

  const commitMove = (moved: { root: Condition; path: NodePath } | undefined) => {
    if (moved) editor.commit(moved.root, { path: moved.path, control: "actions" });
  };
  const remove = () => {
    const next = removeNode(root, path);
    if (path.length === 0 || !isBlock(parent) || index === undefined) {
      editor.commit(next, { path: "toolbar", control: "add-condition" });
      return;
    }
    const siblings = parent.children.length - 1;
    const focusPath = siblings === 0 ? path.slice(0, -1) : [...path.slice(0, -1), Math.min(index, siblings - 1)];
    editor.commit(next, { path: focusPath, control: siblings === 0 ? "add-condition" : "actions" });
  };

  const items: { label: string; disabled?: boolean; run(): void; danger?: boolean; separatorBefore?: boolean }[] = [
    { label: "Move up", disabled: !moveSibling(root, path, -1), run: () => commitMove(moveSibling(root, path, -1)) },
    { label: "Move down", disabled: !moveSibling(root, path, 1), run: () => commitMove(moveSibling(root, path, 1)) },
    { label: "Move out of block", disabled: !moveOutOfBlock(root, path), run: () => commitMove(moveOutOfBlock(root, path)) },
    {
      label: "Move into previous block",
      disabled: !moveIntoPreviousBlock(root, path),
      run: () => commitMove(moveIntoPreviousBlock(root, path)),
    },
    {
      label: "Wrap in AND block",
      separatorBefore: true,
      run: () => editor.commit(wrapNode(root, path, "and"), { path, control: "add-condition" }),
    },
    { label: "Wrap in OR block", run: () => editor.commit(wrapNode(root, path, "or"), { path, control: "add-condition" }) },
  ];
  if (isBlock(node)) {
    const unwrapped = unwrapBlock(root, path);
    items.push({
      label: "Ungroup block",
      disabled: unwrapped === undefined,
      run: () => unwrapped !== undefined && editor.commit(unwrapped, { path, control: "actions" }),
    });
  }
  if (editor.canSaveToLibrary && node.type !== "ref") {
    items.push({
      label: "Save to library…",
      run: () => editor.setPanel({ kind: "save", path }, { path, control: "library-name" }),
    });
  }
  items.push({ label: "Delete", danger: true, separatorBefore: true, run: remove });

  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <Button
          variant="ghost"
          className="shrink-0 px-1.5"
          aria-label={`Actions for ${label}`}
          data-focus={focusAttribute(path, "actions")}
        >
          <MoreHorizontal size={15} aria-hidden />
        </Button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          aria-label={`Actions for ${label}`}
          className="z-[60] min-w-52 rounded border border-border bg-panel p-1 text-fg shadow-lg"
          onCloseAutoFocus={(event) => {
            // After an action the editor moves focus to where the node went (or what replaced it).
            if (acted.current) {
              event.preventDefault();
              acted.current = false;
              editor.flushFocus();
            }
          }}
        >
          {items.map((item) => (
            <div key={item.label}>
              {item.separatorBefore && <DropdownMenu.Separator className="my-1 h-px bg-border" />}
              <DropdownMenu.Item
                disabled={item.disabled}
                onSelect={() => {
                  acted.current = true;
                  item.run();
                }}
                className={cn(
                  "flex cursor-pointer items-center rounded px-2 py-1 outline-none data-[disabled]:cursor-default data-[disabled]:opacity-40 data-[highlighted]:bg-sunken",
                  item.danger && "text-danger",
                )}
              >
                {item.label}
              </DropdownMenu.Item>
            </div>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

/** Inline: choose a library condition (its text shown) and add a reference to it. */
function LibraryPicker({ target }: { target: NodePath | "toolbar" }) {
  const editor = useConditionEditor();
  const [name, setName] = useState(editor.library[0]?.name ?? "");
  const entry = editor.library.find((item) => item.name === name);
  const close = (focus?: FocusTarget) => editor.setPanel(null, focus);
  const add = () => {
    if (!entry) return;
    const reference: Condition = { type: "ref", name: entry.name };
    const root = editor.root;
    editor.setPanel(null);
    if (target === "toolbar") {
      if (!root) editor.commit(reference, { path: [], control: "actions" });
      else editor.commit({ type: "and", children: [root, reference] }, { path: [1], control: "actions" });
      return;
    }
    const block = getNode(root, target);
    const at = isBlock(block) ? block.children.length : 0;
    editor.commit(insertNode(root, target, at, reference), { path: [...target, at], control: "actions" });
  };
  const backTo: FocusTarget =
    target === "toolbar" ? { path: "toolbar", control: "add-condition" } : { path: target, control: "add-condition" };
  return (
    <div role="group" aria-label="Add from library" className="mt-1.5 grid gap-1.5 rounded border border-accent/40 bg-panel p-2">
      {editor.library.length === 0 ? (
        <p className="text-muted">
          The library is empty. Save a condition to it from a node&apos;s Actions menu, or on Policy › Policy Elements ›
          Conditions.
        </p>
      ) : (
        <>
          <label className="grid gap-1">
            <span className="text-[12px] font-semibold">Library condition</span>
            <Select
              data-focus={focusAttribute(target, "library-pick")}
              value={name}
              onChange={(event) => setName(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Escape") {
                  event.stopPropagation();
                  close(backTo);
                }
              }}
            >
              {editor.library.map((item) => (
                <option key={item.name} value={item.name}>
                  {item.name}
                </option>
              ))}
            </Select>
          </label>
          {entry && (
            <div className="text-[12px]">
              {entry.description && <p className="text-muted">{entry.description}</p>}
              <p className="font-mono break-words">{conditionText(entry.condition)}</p>
            </div>
          )}
        </>
      )}
      <div className="flex gap-1.5">
        {editor.library.length > 0 && (
          <Button variant="primary" disabled={!entry} onClick={add}>
            Add reference
          </Button>
        )}
        <Button onClick={() => close(backTo)}>Cancel</Button>
      </div>
    </div>
  );
}

/** Inline: a name (unique in the library) and a description for the node being saved to the library. */
function SaveToLibraryForm({ path }: { path: NodePath }) {
  const editor = useConditionEditor();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [tried, setTried] = useState(false);
  const id = useId();
  const trimmed = name.trim();
  const nameError = !trimmed
    ? "Enter a name for the library condition"
    : trimmed.length > 128
      ? "Use at most 128 characters"
      : editor.library.some((entry) => entry.name === trimmed)
        ? `A library condition named "${trimmed}" exists already`
        : undefined;
  // A library entry with problems would make every later policy save fail: fix them here first.
  const node = getNode(editor.root, path);
  const nodeProblems = Object.keys(
    conditionProblems(node ?? null, { dictionaries: editor.dictionaries, library: editor.library }),
  ).length;
  const save = () => {
    setTried(true);
    if (nodeProblems > 0) return;
    if (nameError) {
      editor.requestFocus({ path, control: "library-name" });
      return;
    }
    editor.saveToLibrary(path, { name: trimmed, description: description.trim() || undefined });
  };
  const showNameError = nameError && (tried || trimmed !== "");
  return (
    <div
      role="group"
      aria-label="Save to library"
      className="mt-1.5 grid gap-1.5 rounded border border-accent/40 bg-panel p-2"
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          editor.setPanel(null, { path, control: "actions" });
        }
      }}
    >
      <div className="grid gap-1">
        <label htmlFor={`${id}-name`} className="text-[12px] font-semibold">
          Library condition name <span className="text-danger">*</span>
        </label>
        <Input
          id={`${id}-name`}
          data-focus={focusAttribute(path, "library-name")}
          value={name}
          maxLength={200}
          aria-invalid={Boolean(showNameError)}
          aria-describedby={showNameError ? `${id}-name-error` : undefined}
          onChange={(event) => setName(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              save();
            }
          }}
        />
        {showNameError && (
          <p id={`${id}-name-error`} className="text-[12px] text-danger">
            {nameError}
          </p>
        )}
      </div>
      <div className="grid gap-1">
        <label htmlFor={`${id}-description`} className="text-[12px] font-semibold">
          Description
        </label>
        <Input
          id={`${id}-description`}
          value={description}
          maxLength={1024}
          onChange={(event) => setDescription(event.target.value)}
        />
      </div>
      {nodeProblems > 0 && (
        <p className="text-[12px] text-danger">
          Fix the {nodeProblems === 1 ? "problem" : `${nodeProblems} problems`} of this condition before saving it to the library.
        </p>
      )}
      <div className="flex gap-1.5">
        <Button variant="primary" disabled={nodeProblems > 0} onClick={save}>
          Save to library
        </Button>
        <Button onClick={() => editor.setPanel(null, { path, control: "actions" })}>Cancel</Button>
      </div>
    </div>
  );
}

/**
 * The Conditions Studio in a large dialog. Edits a copy: Apply hands it back (disabled while it has
 * problems), Cancel discards it, Clear empties it (no condition = "Any").
 */
export function ConditionStudioDialog({
  open,
  onOpenChange,
  title,
  value,
  onApply,
  dictionaries,
  library,
  onSaveToLibrary,
  readOnly = false,
  errors,
}: {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  value: Condition | null;
  onApply(next: Condition | null): void;
  dictionaries: readonly SystemDictionary[];
  library: Library;
  onSaveToLibrary?(entry: { name: string; description?: string; condition: Condition }): void;
  readOnly?: boolean;
  /** Problems from a failed save (422), keyed by path relative to the condition; shown until that part changes. */
  errors?: Record<string, string>;
}) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <RadixDialog.Content className="fixed top-1/2 left-1/2 z-50 flex max-h-[90vh] w-[min(1180px,96vw)] -translate-x-1/2 -translate-y-1/2 flex-col rounded border border-border bg-panel shadow-xl">
          {open && (
            <StudioBody
              title={title}
              value={value}
              onApply={(next) => {
                onApply(next);
                onOpenChange(false);
              }}
              onCancel={() => onOpenChange(false)}
              dictionaries={dictionaries}
              library={library}
              onSaveToLibrary={onSaveToLibrary}
              readOnly={readOnly}
              errors={errors}
            />
          )}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

function StudioBody({
  title,
  value,
  onApply,
  onCancel,
  dictionaries,
  library,
  onSaveToLibrary,
  readOnly,
  errors,
}: {
  title: string;
  value: Condition | null;
  onApply(next: Condition | null): void;
  onCancel(): void;
  dictionaries: readonly SystemDictionary[];
  library: Library;
  onSaveToLibrary?(entry: { name: string; description?: string; condition: Condition }): void;
  readOnly: boolean;
  errors?: Record<string, string>;
}) {
  const [draft, setDraft] = useState<Condition | null>(value);
  // Outside problems describe the condition as it was handed in: they go once it is edited.
  const outsideErrors = draft === value ? errors : undefined;
  const problems = useMemo(() => conditionProblems(draft, { dictionaries, library }), [draft, dictionaries, library]);
  const problemCount = Object.keys(problems).length;
  const changed = JSON.stringify(draft) !== JSON.stringify(value);
  return (
    <>
      <div className="border-b border-border px-4 py-3">
        <RadixDialog.Title className="text-[15px] font-semibold">{title}</RadixDialog.Title>
        <RadixDialog.Description className="mt-0.5 text-muted">
          {readOnly
            ? "Your role can view this condition but not change it."
            : "Build the condition from dictionary attributes, AND / OR blocks and library conditions. Every node can be negated and moved (drag, or its Actions menu)."}
        </RadixDialog.Description>
        <p data-testid="condition-text" className="mt-2 rounded bg-sunken px-2 py-1 font-mono text-[12px] break-words">
          {conditionText(draft)}
        </p>
      </div>
      <div className="min-h-48 flex-1 overflow-auto px-4 py-3">
        <ConditionEditor
          value={draft}
          onChange={setDraft}
          dictionaries={dictionaries}
          library={library}
          onSaveToLibrary={onSaveToLibrary}
          readOnly={readOnly}
          errors={outsideErrors}
        />
      </div>
      <div className="flex items-center gap-2 border-t border-border px-4 py-2.5">
        <p role="status" className={cn("flex-1 text-[12px]", problemCount > 0 ? "text-danger" : "text-muted")}>
          {problemCount > 0
            ? `${problemCount} problem${problemCount === 1 ? "" : "s"} to fix before applying`
            : changed
              ? "Changed — Apply to keep it"
              : ""}
        </p>
        {!readOnly && (
          <Button
            variant="ghost"
            disabled={draft === null}
            onClick={() => setDraft(null)}
            title="No condition: matches every request (Any)"
          >
            Clear
          </Button>
        )}
        <Button onClick={onCancel}>{readOnly ? "Close" : "Cancel"}</Button>
        {!readOnly && (
          <Button variant="primary" disabled={problemCount > 0} onClick={() => onApply(draft)}>
            Apply
          </Button>
        )}
      </div>
    </>
  );
}

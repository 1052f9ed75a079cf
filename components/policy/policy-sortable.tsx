"use client";
// Drag-and-drop ordering of table rows (policy sets, authorization rules) with @dnd-kit: pointer and
// keyboard (focus the handle, Space to lift, arrows to move, Space to drop, Escape to cancel), announced
// to screen readers with the row names.
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
  type Modifier,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { GripVertical } from "lucide-react";
import { createContext, useContext, type CSSProperties, type ReactNode } from "react";
import { cn } from "../ui/cn";

// Rows only move up and down (@dnd-kit/modifiers is not installed; this is its restrictToVerticalAxis).
const verticalOnly: Modifier = ({ transform }) => ({ ...transform, x: 0 });

export function SortableRows({
  ids,
  names,
  onMove,
  disabled,
  children,
}: {
  /** The movable rows in order (a fixed last row, such as the default rule, is left out). */
  ids: string[];
  names: Record<string, string>;
  onMove: (from: number, to: number) => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const name = (id: UniqueIdentifier | undefined) => (id === undefined ? "" : (names[String(id)] ?? String(id)));
  const position = (id: UniqueIdentifier | undefined) => ids.indexOf(String(id)) + 1;
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = ids.indexOf(String(active.id));
    const to = ids.indexOf(String(over.id));
    if (from >= 0 && to >= 0) onMove(from, to);
  };
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      modifiers={[verticalOnly]}
      onDragEnd={onDragEnd}
      accessibility={{
        screenReaderInstructions: {
          draggable: "To reorder, press Space, move with the arrow keys, press Space again to drop or Escape to cancel.",
        },
        announcements: {
          onDragStart: ({ active }) => `Picked up ${name(active.id)}, position ${position(active.id)} of ${ids.length}.`,
          onDragOver: ({ active, over }) =>
            over
              ? `${name(active.id)} is over position ${position(over.id)} of ${ids.length}.`
              : `${name(active.id)} is not over a row.`,
          onDragEnd: ({ active, over }) =>
            over
              ? `${name(active.id)} dropped at position ${position(over.id)} of ${ids.length}.`
              : `${name(active.id)} dropped.`,
          onDragCancel: ({ active }) => `Moving ${name(active.id)} was cancelled.`,
        },
      }}
    >
      <SortableContext items={ids} strategy={verticalListSortingStrategy} disabled={disabled}>
        {children}
      </SortableContext>
    </DndContext>
  );
}

type Sortable = ReturnType<typeof useSortable>;
type HandleProps = {
  attributes: Sortable["attributes"];
  listeners: Sortable["listeners"];
  ref: (node: HTMLElement | null) => void;
};
const HandleContext = createContext<HandleProps | null>(null);

/** A `<tr>` that moves while dragged; its `<DragHandle>` (anywhere inside) starts the drag. */
export function SortableRow({
  id,
  disabled,
  className,
  children,
  ...rest
}: {
  id: string;
  disabled?: boolean;
  className?: string;
  children: ReactNode;
} & Record<`data-${string}`, string | undefined>) {
  const { setNodeRef, setActivatorNodeRef, attributes, listeners, transform, transition, isDragging } = useSortable({
    id,
    disabled,
  });
  const style: CSSProperties = { transform: CSS.Translate.toString(transform), transition };
  return (
    <tr ref={setNodeRef} style={style} className={cn(className, isDragging && "relative z-10 bg-sunken shadow-lg")} {...rest}>
      <HandleContext.Provider value={{ attributes, listeners, ref: setActivatorNodeRef }}>{children}</HandleContext.Provider>
    </tr>
  );
}

export function DragHandle({ label, disabled }: { label: string; disabled?: boolean }) {
  const handle = useContext(HandleContext);
  if (!handle || disabled) {
    return (
      <span className="inline-flex h-6 w-5 items-center justify-center text-muted/40" aria-hidden>
        <GripVertical size={14} />
      </span>
    );
  }
  return (
    <button
      type="button"
      ref={handle.ref}
      {...handle.attributes}
      {...handle.listeners}
      aria-label={label}
      title="Drag to reorder (or focus and press Space, then the arrow keys)"
      className="inline-flex h-6 w-5 cursor-grab items-center justify-center rounded text-muted hover:bg-sunken hover:text-fg active:cursor-grabbing"
    >
      <GripVertical size={14} aria-hidden />
    </button>
  );
}

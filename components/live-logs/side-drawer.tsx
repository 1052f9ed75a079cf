"use client";
// A Radix dialog shown as a panel on the right: focus trap, Escape and the close button come with it.
import { X } from "lucide-react";
import { Dialog as RadixDialog } from "radix-ui";
import type { ReactNode } from "react";

export function SideDrawer({
  open,
  onOpenChange,
  title,
  description,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/30" />
        <RadixDialog.Content className="fixed top-0 right-0 z-50 flex h-full w-[min(720px,96vw)] flex-col border-l border-border bg-panel shadow-xl">
          <header className="flex items-start justify-between gap-3 border-b border-border px-4 py-3">
            <div>
              <RadixDialog.Title className="text-[15px] font-semibold">{title}</RadixDialog.Title>
              <RadixDialog.Description className={description ? "mt-0.5 text-muted" : "sr-only"}>
                {description ?? title}
              </RadixDialog.Description>
            </div>
            <RadixDialog.Close className="rounded p-1 text-muted hover:bg-sunken hover:text-fg" aria-label="Close">
              <X size={16} aria-hidden />
            </RadixDialog.Close>
          </header>
          <div className="flex-1 overflow-y-auto px-4 py-3">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** The drawer of one log entry: its title, and while the entry loads (or why it could not) instead of the entry. */
export function EntryDrawer({
  entryId,
  onClose,
  title,
  description,
  query,
  loading,
  children,
}: {
  /** null: closed. */
  entryId: string | null;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  query: { isPending: boolean; error: Error | null };
  /** "Loading …" */
  loading: string;
  children: ReactNode;
}) {
  return (
    <SideDrawer open={entryId !== null} onOpenChange={(open) => !open && onClose()} title={title} description={description}>
      {query.isPending && <p className="text-muted">{loading}</p>}
      {query.error && (
        <p role="alert" className="text-danger">
          {query.error.message}
        </p>
      )}
      {children}
    </SideDrawer>
  );
}

/** A titled part of a drawer (a landmark named by `label`, the title unless told). */
export function DrawerSection({ title, label = title, children }: { title?: string; label?: string; children: ReactNode }) {
  return (
    <section aria-label={label}>
      {title && <h3 className="mb-1.5 text-[13px] font-semibold">{title}</h3>}
      {children}
    </section>
  );
}

/** One term and its value in a drawer's definition list. */
export function DrawerItem({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted">{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

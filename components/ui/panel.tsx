import type { ReactNode } from "react";

export function Panel({ title, actions, children }: { title?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="rounded border border-border bg-panel">
      {(title || actions) && (
        <header className="flex items-center justify-between border-b border-border px-3 py-2">
          {title && <h2 className="text-[13px] font-semibold">{title}</h2>}
          {actions && <div className="flex gap-2">{actions}</div>}
        </header>
      )}
      <div className="p-3">{children}</div>
    </section>
  );
}

/** What a page shows when there is nothing to list yet: what will appear here, and how it gets there. */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-2 rounded border border-dashed border-border bg-panel px-6 py-10 text-center">
      <p className="text-[14px] font-semibold">{title}</p>
      {children && <div className="max-w-xl text-muted">{children}</div>}
      {action}
    </div>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-3 flex items-end justify-between gap-4">
      <div>
        <h1 className="text-[18px] font-semibold">{title}</h1>
        {description && <p className="mt-0.5 text-muted">{description}</p>}
      </div>
      {actions && <div className="flex gap-2">{actions}</div>}
    </div>
  );
}

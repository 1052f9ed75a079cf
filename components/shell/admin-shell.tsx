"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { roleLabels, type Role } from "@/lib/validation/admin";
import { cn } from "../ui/cn";
import { isGroup, locate, navSections, type NavGroup, type NavLeaf } from "./nav";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

export function AdminShell({ user, children }: { user: { username: string; role: Role }; children: ReactNode }) {
  const pathname = usePathname();
  const located = locate(pathname);
  const section = located?.section ?? navSections[0]!;
  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex h-11 items-center gap-4 bg-nav px-4 text-nav-fg">
        <Link href="/" className="text-[15px] font-bold tracking-wide">
          Gatehouse
        </Link>
        <nav aria-label="Main" className="flex h-full">
          {navSections.map((s) => (
            <Link
              key={s.key}
              href={s.href}
              aria-current={s.key === section.key ? "page" : undefined}
              className={cn(
                "flex items-center border-b-2 px-3 text-[13px]",
                s.key === section.key ? "border-accent font-semibold" : "border-transparent opacity-80 hover:opacity-100",
              )}
            >
              {s.title}
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-2">
          <ThemeToggle />
          <UserMenu username={user.username} roleLabel={roleLabels[user.role]} />
        </div>
      </header>
      <div className="flex flex-1">
        <aside className="w-60 shrink-0 border-r border-border bg-panel p-2">
          <nav aria-label={`${section.title} navigation`}>
            <Tree nodes={section.tree} pathname={pathname} depth={0} />
          </nav>
        </aside>
        <main className="min-w-0 flex-1 p-4">
          <nav aria-label="Breadcrumb" className="mb-2 text-[12px] text-muted">
            <ol className="flex flex-wrap gap-1">
              {[
                section.title,
                ...(located?.trail ?? []),
                ...(located && located.leaf.title !== section.title ? [located.leaf.title] : []),
              ].map((crumb, index, all) => (
                <li key={`${crumb}-${index}`} aria-current={index === all.length - 1 ? "page" : undefined}>
                  {crumb}
                  {index < all.length - 1 && <span aria-hidden> › </span>}
                </li>
              ))}
            </ol>
          </nav>
          {children}
        </main>
      </div>
    </div>
  );
}

function Tree({ nodes, pathname, depth }: { nodes: (NavLeaf | NavGroup)[]; pathname: string; depth: number }) {
  return (
    <ul className={cn("grid gap-px", depth > 0 && "ml-3 border-l border-border pl-1")}>
      {nodes.map((node) =>
        isGroup(node) ? (
          <li key={node.title}>
            <p className="px-2 pt-2 pb-1 text-[11px] font-semibold tracking-wide text-muted uppercase">{node.title}</p>
            <Tree nodes={node.children} pathname={pathname} depth={depth + 1} />
          </li>
        ) : (
          <li key={node.href}>
            <Link
              href={node.href}
              aria-current={locate(pathname)?.leaf.href === node.href ? "page" : undefined}
              className={cn(
                "block rounded px-2 py-1",
                locate(pathname)?.leaf.href === node.href ? "bg-accent/15 font-semibold text-accent" : "hover:bg-sunken",
              )}
            >
              {node.title}
            </Link>
          </li>
        ),
      )}
    </ul>
  );
}

"use client";
import { LogOut, UserRound } from "lucide-react";
import { signOut } from "next-auth/react";
import { DropdownMenu } from "radix-ui";

export function UserMenu({ username, roleLabel }: { username: string; roleLabel: string }) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        className="flex items-center gap-2 rounded px-2 py-1 hover:bg-white/10"
        aria-label={`Signed in as ${username} (${roleLabel})`}
      >
        <UserRound size={16} />
        <span className="text-[13px]">{username}</span>
        <span className="rounded bg-white/15 px-1.5 text-[11px]">{roleLabel}</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          className="z-50 min-w-44 rounded border border-border bg-panel p-1 text-fg shadow-lg"
        >
          <DropdownMenu.Label className="px-2 py-1 text-[12px] text-muted">
            {username} · {roleLabel}
          </DropdownMenu.Label>
          <DropdownMenu.Separator className="my-1 h-px bg-border" />
          <DropdownMenu.Item
            onSelect={() => void signOut({ callbackUrl: "/login" })}
            className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 outline-none data-[highlighted]:bg-sunken"
          >
            <LogOut size={14} /> Log out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

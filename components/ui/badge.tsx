import type { ReactNode } from "react";
import { cn } from "./cn";

type Tone = "neutral" | "ok" | "warn" | "danger" | "info";
const tones: Record<Tone, string> = {
  neutral: "border-border text-muted",
  ok: "border-ok/40 text-ok bg-ok/10",
  warn: "border-warn/40 text-warn bg-warn/10",
  danger: "border-danger/40 text-danger bg-danger/10",
  info: "border-accent/40 text-accent bg-accent/10",
};

export function Badge({ tone = "neutral", children }: { tone?: Tone; children: ReactNode }) {
  return (
    <span className={cn("inline-flex items-center rounded border px-1.5 py-px text-[11px] font-semibold", tones[tone])}>
      {children}
    </span>
  );
}

"use client";
// Authentications over time as stacked SVG bars (accepted below, rejected above), one per bucket. Every
// segment is a link to the live log filtered to its decision and time span.
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import type { DashboardJson, DashboardWindow } from "@/lib/validation/dashboard";

type Bucket = DashboardJson["authentications"]["buckets"][number];

const HEIGHT = 200;
const MARGIN = { top: 8, right: 8, bottom: 22, left: 44 };
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
/** Room for one time label on the x axis. */
const TICK_SPACING = 110;

export const decisionLabels = { accept: "accepted", reject: "rejected" } as const;

/** A value for a datetime-local field (the live log's custom range takes local times, to the second). */
export function localInputValue(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/**
 * The live log filtered to one decision within one bucket. Its range is to the second and includes its end,
 * so the bucket's last instant (not a second short of it) is the end.
 */
export function liveLogHref(decision: "accept" | "reject", fromMs: number, toMs: number): string {
  const search = new URLSearchParams({ decision, range: "custom", from: localInputValue(fromMs), to: localInputValue(toMs) });
  return `/operations/live-logs?${search.toString()}`;
}

/** 0, then a 1-2-5 step that puts the tallest bar near the top. */
function niceMax(value: number): number {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

function formatTick(ms: number, window: DashboardWindow): string {
  const date = new Date(ms);
  const time = date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", hour12: false });
  return window === "7d" ? `${date.toLocaleDateString(undefined, { weekday: "short" })} ${time}` : time;
}

function formatSpan(fromMs: number, toMs: number): string {
  const from = new Date(fromMs);
  const to = new Date(toMs);
  const time = (date: Date) => date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", hour12: false });
  const sameDay = from.toDateString() === new Date(toMs - 1).toDateString();
  return sameDay
    ? `${from.toLocaleDateString()} ${time(from)}–${time(to)}`
    : `${from.toLocaleDateString()} ${time(from)} – ${to.toLocaleDateString()} ${time(to)}`;
}

export function AuthenticationsChart({
  buckets,
  bucketMs,
  window,
}: {
  buckets: Bucket[];
  bucketMs: number;
  window: DashboardWindow;
}) {
  // Drawn at the container's real width (not scaled from a viewBox), so text and bars keep their size.
  const container = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(720);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(240, Math.floor(entry.contentRect.width))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const max = niceMax(Math.max(0, ...buckets.map((bucket) => bucket.accept + bucket.reject)));
  const slot = plotWidth / Math.max(buckets.length, 1);
  const barWidth = Math.max(1, slot * 0.78);
  const y = (value: number) => MARGIN.top + PLOT_HEIGHT - (value / max) * PLOT_HEIGHT;
  // Tiny counts stay visible (and clickable) against a tall scale.
  const height = (value: number) => (value === 0 ? 0 : Math.max(2, (value / max) * PLOT_HEIGHT));
  const tickEvery = Math.ceil(buckets.length / Math.max(2, Math.floor(plotWidth / TICK_SPACING)));
  const isEmpty = buckets.every((bucket) => bucket.accept + bucket.reject === 0);

  return (
    <div ref={container} className="w-full">
      <svg
        width={width}
        height={HEIGHT}
        className="block text-[11px]"
        role="group"
        aria-label="Authentications over time, stacked by decision"
        data-testid="authentications-chart"
      >
        {[0, max / 2, max].map((value) => (
          <g key={value}>
            <line
              x1={MARGIN.left}
              x2={width - MARGIN.right}
              y1={y(value)}
              y2={y(value)}
              className="stroke-border"
              strokeDasharray={value === 0 ? undefined : "3 3"}
            />
            <text x={MARGIN.left - 6} y={y(value)} dy="0.32em" textAnchor="end" className="fill-muted">
              {value.toLocaleString()}
            </text>
          </g>
        ))}
        {buckets.map((bucket, index) => {
          const fromMs = Date.parse(bucket.start);
          const toMs = fromMs + bucketMs;
          const x = MARGIN.left + index * slot + (slot - barWidth) / 2;
          const acceptHeight = height(bucket.accept);
          const rejectHeight = height(bucket.reject);
          const base = MARGIN.top + PLOT_HEIGHT;
          const span = formatSpan(fromMs, toMs);
          return (
            <g key={bucket.start}>
              {index % tickEvery === 0 && (
                <text x={MARGIN.left + index * slot} y={HEIGHT - 6} className="fill-muted">
                  {formatTick(fromMs, window)}
                </text>
              )}
              {bucket.accept > 0 && (
                <Segment
                  href={liveLogHref("accept", fromMs, toMs)}
                  label={`${span}: ${bucket.accept.toLocaleString()} ${decisionLabels.accept}`}
                  decision="accept"
                  fromMs={fromMs}
                  toMs={toMs}
                  x={x}
                  y={base - acceptHeight}
                  width={barWidth}
                  height={acceptHeight}
                />
              )}
              {bucket.reject > 0 && (
                <Segment
                  href={liveLogHref("reject", fromMs, toMs)}
                  label={`${span}: ${bucket.reject.toLocaleString()} ${decisionLabels.reject}`}
                  decision="reject"
                  fromMs={fromMs}
                  toMs={toMs}
                  x={x}
                  y={base - acceptHeight - rejectHeight}
                  width={barWidth}
                  height={rejectHeight}
                />
              )}
            </g>
          );
        })}
        {isEmpty && (
          <text x={MARGIN.left + plotWidth / 2} y={MARGIN.top + PLOT_HEIGHT / 2} textAnchor="middle" className="fill-muted">
            No authentications in this window
          </text>
        )}
      </svg>
    </div>
  );
}

function Segment({
  href,
  label,
  decision,
  fromMs,
  toMs,
  x,
  y,
  width,
  height,
}: {
  href: string;
  label: string;
  decision: "accept" | "reject";
  fromMs: number;
  toMs: number;
  x: number;
  y: number;
  width: number;
  height: number;
}) {
  return (
    <Link
      href={href}
      aria-label={label}
      data-decision={decision}
      data-from={fromMs}
      data-to={toMs}
      className="outline-none focus-visible:[&>rect]:stroke-accent focus-visible:[&>rect]:stroke-2"
    >
      <title>{label}</title>
      <rect
        x={x}
        y={y}
        width={width}
        height={height}
        className={decision === "accept" ? "fill-ok hover:opacity-75" : "fill-danger hover:opacity-75"}
      />
    </Link>
  );
}

import { describe, expect, it } from "vitest";
import { complianceGroupOf, dashboardQuerySchema, mdmServerHealth, windowBuckets, type MdmServerHealthJson } from "./dashboard";

describe("dashboard windows", () => {
  it("defaults to 24 hours and refuses other windows with the field named", () => {
    expect(dashboardQuerySchema.parse({})).toEqual({ window: "24h" });
    expect(dashboardQuerySchema.parse({ window: "" })).toEqual({ window: "24h" });
    expect(dashboardQuerySchema.parse({ window: "7d" })).toEqual({ window: "7d" });
    const result = dashboardQuerySchema.safeParse({ window: "2h" });
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["window", "Choose 1h, 24h or 7d"],
    ]);
  });

  it("cuts a window into aligned buckets ending with the one now falls in, so bars keep their boundaries", () => {
    const now = Date.UTC(2026, 10, 23, 14, 47, 12, 345);
    expect(windowBuckets("1h", now)).toEqual({ start: Date.UTC(2026, 10, 23, 13, 48), bucketMs: 60_000, count: 60 });
    expect(windowBuckets("24h", now)).toEqual({ start: Date.UTC(2026, 10, 22, 15, 0), bucketMs: 1_800_000, count: 48 });
    const week = windowBuckets("7d", now);
    expect(week).toEqual({ start: Date.UTC(2026, 10, 16, 15, 0), bucketMs: 10_800_000, count: 56 });
    // The last bucket holds now; the first starts less than one bucket before the window.
    expect(week.start + week.count * week.bucketMs).toBeGreaterThan(now);
    expect(now - week.start).toBeLessThan(7 * 86_400_000 + week.bucketMs);
    // Two refreshes within a bucket see the same bars.
    expect(windowBuckets("24h", now + 60_000)).toEqual(windowBuckets("24h", now));
  });
});

describe("compliance groups", () => {
  it("puts registration first, then compliance; no answer is unknown", () => {
    expect(complianceGroupOf({ registered: false, compliant: null })).toBe("notRegistered");
    expect(complianceGroupOf({ registered: false, compliant: true })).toBe("notRegistered");
    expect(complianceGroupOf({ registered: true, compliant: true })).toBe("compliant");
    expect(complianceGroupOf({ registered: true, compliant: false })).toBe("nonCompliant");
    expect(complianceGroupOf({ registered: true, compliant: null })).toBe("unknown");
    expect(complianceGroupOf({ registered: null, compliant: null })).toBe("unknown");
  });
});

describe("MDM server health", () => {
  const server = (facts: Partial<MdmServerHealthJson>): MdmServerHealthJson => ({
    id: "s",
    name: "S",
    host: "h",
    port: 443,
    pollingIntervalMinutes: 0,
    lastTestAt: null,
    lastTestOutcome: null,
    lastTestMessage: null,
    lastContactAt: null,
    lastAnswerAt: null,
    lastAnswerOutcome: null,
    endpoints: 0,
    unreachableEndpoints: 0,
    ...facts,
  });

  it("goes by the newest stored fact: an endpoint answer newer than the last test, else that test", () => {
    const earlier = "2026-11-23T10:00:00.000Z";
    const later = "2026-11-23T11:00:00.000Z";
    expect(mdmServerHealth(server({}))).toMatchObject({ tone: "warn", label: "No contact yet" });
    expect(mdmServerHealth(server({ lastTestAt: earlier, lastTestOutcome: "SUCCESS" }))).toMatchObject({ label: "Connected" });
    expect(
      mdmServerHealth(
        server({ lastTestAt: earlier, lastTestOutcome: "SUCCESS", lastAnswerAt: later, lastAnswerOutcome: "unreachable" }),
      ),
    ).toMatchObject({ tone: "danger", label: "Unreachable" });
    expect(
      mdmServerHealth(
        server({ lastTestAt: later, lastTestOutcome: "SUCCESS", lastAnswerAt: earlier, lastAnswerOutcome: "unreachable" }),
      ),
    ).toMatchObject({ tone: "ok", label: "Connected" });
    expect(
      mdmServerHealth(
        server({
          lastTestAt: later,
          lastTestOutcome: "HTTP_401",
          lastTestMessage: "401 Unauthorized",
          lastAnswerAt: earlier,
          lastAnswerOutcome: "ok",
        }),
      ),
    ).toEqual({ tone: "danger", label: "Test failed", detail: "401 Unauthorized" });
    expect(mdmServerHealth(server({ lastAnswerAt: earlier, lastAnswerOutcome: "not-registered" }))).toMatchObject({
      tone: "ok",
      label: "Answering",
    });
  });
});

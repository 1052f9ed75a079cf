import { describe, expect, it } from "vitest";
import { describeRetryAfter, LoginThrottle } from "./login-throttle";

function throttle() {
  let now = 1_000_000;
  const instance = new LoginThrottle({
    maxFailuresPerAccount: 3,
    maxFailuresPerAddress: 5,
    windowMs: 60_000,
    lockoutMs: 300_000,
    now: () => now,
  });
  return { instance, advance: (ms: number) => (now += ms) };
}

describe("sign-in throttling", () => {
  it("locks an account after its limit of failures within the window, whatever the letter case", () => {
    const { instance, advance } = throttle();
    expect(instance.recordFailure("admin", "10.0.0.1")).toBeUndefined();
    expect(instance.recordFailure("Admin", "10.0.0.2")).toBeUndefined();
    expect(instance.check("admin", "10.0.0.3")).toEqual({ allowed: true });
    expect(instance.recordFailure("ADMIN", "10.0.0.3")).toBe("account");
    expect(instance.check("admin", "10.0.0.9")).toEqual({ allowed: false, retryAfterMs: 300_000, scope: "account" });
    // Another account from the same address is not affected.
    expect(instance.check("auditor", "10.0.0.3")).toEqual({ allowed: true });
    advance(300_000);
    expect(instance.check("admin", "10.0.0.9")).toEqual({ allowed: true });
  });

  it("forgets failures older than the window, and a success clears the count", () => {
    const { instance, advance } = throttle();
    instance.recordFailure("admin", "a");
    instance.recordFailure("admin", "a");
    advance(60_001);
    expect(instance.recordFailure("admin", "a")).toBeUndefined();
    instance.recordSuccess("admin");
    instance.recordFailure("admin", "a");
    expect(instance.recordFailure("admin", "a")).toBeUndefined();
    expect(instance.check("admin", "b").allowed).toBe(true);
  });

  it("locks an address that sprays passwords over many accounts", () => {
    const { instance } = throttle();
    const verdicts = ["u1", "u2", "u3", "u4", "u5"].map((user) => instance.recordFailure(user, "192.0.2.7"));
    expect(verdicts).toEqual([undefined, undefined, undefined, undefined, "address"]);
    expect(instance.check("someone-else", "192.0.2.7")).toMatchObject({ allowed: false, scope: "address" });
    expect(instance.check("someone-else", "192.0.2.8")).toEqual({ allowed: true });
  });

  it("says how long a lockout lasts in words", () => {
    expect(describeRetryAfter(900_000)).toBe("15 minutes");
    expect(describeRetryAfter(60_001)).toBe("2 minutes");
    expect(describeRetryAfter(60_000)).toBe("1 minute");
    expect(describeRetryAfter(1_500)).toBe("2 seconds");
    expect(describeRetryAfter(10)).toBe("1 second");
  });
});

import { describe, expect, it } from "vitest";
import { DuplicateCache } from "./duplicate-cache";

const auth = (byte: number) => Buffer.alloc(16, byte);

describe("duplicate cache (RFC 5080 §2.2.2)", () => {
  it("drops copies while in progress, then replays the cached reply", () => {
    const cache = new DuplicateCache();
    const key = DuplicateCache.key("127.0.0.1", 5000, 1);
    expect(cache.begin(key, auth(1))).toEqual({ kind: "new" });
    expect(cache.begin(key, auth(1))).toEqual({ kind: "in-progress" });
    const reply = Buffer.from("reply");
    cache.complete(key, auth(1), reply);
    expect(cache.begin(key, auth(1))).toEqual({ kind: "answered", reply });
  });

  it("treats the same identifier with a new authenticator, or another source port, as a new request", () => {
    const cache = new DuplicateCache();
    const key = DuplicateCache.key("127.0.0.1", 5000, 1);
    cache.begin(key, auth(1));
    cache.complete(key, auth(1), Buffer.from("a"));
    expect(cache.begin(key, auth(2))).toEqual({ kind: "new" });
    expect(cache.begin(DuplicateCache.key("127.0.0.1", 5001, 1), auth(2))).toEqual({ kind: "new" });
  });

  it("keeps its own copy of the authenticator (datagram buffers are not kept)", () => {
    const cache = new DuplicateCache();
    const key = "k";
    const view = auth(3);
    cache.begin(key, view);
    view.fill(9);
    expect(cache.begin(key, auth(3))).toEqual({ kind: "in-progress" });
  });

  it("forgets dropped requests and expires answers", () => {
    let now = 0;
    const cache = new DuplicateCache({ ttlMs: 1000, now: () => now });
    cache.begin("k", auth(1));
    cache.forget("k", auth(1));
    expect(cache.begin("k", auth(1))).toEqual({ kind: "new" });
    cache.complete("k", auth(1), Buffer.from("r"));
    now = 1500;
    expect(cache.sweep()).toBe(1);
    expect(cache.begin("k", auth(1))).toEqual({ kind: "new" });
  });

  it("is bounded: the oldest entry goes first", () => {
    const cache = new DuplicateCache({ maxEntries: 2 });
    cache.begin("a", auth(1));
    cache.begin("b", auth(1));
    cache.begin("c", auth(1));
    expect(cache.size).toBe(2);
    expect(cache.begin("a", auth(1))).toEqual({ kind: "new" });
  });
});

import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { queryStringParser } from "@/lib/validation/testing";
import { encodeCursor, liveLogQuerySchema, sessionQuerySchema } from "./search-params";

const { parse, fieldsOf } = queryStringParser(liveLogQuerySchema, "/api/live-logs");

describe("live log query string", () => {
  it("treats blank parameters as no filter and defaults the page size", () => {
    expect(parse("mac=&nad=&decision=&from=&to=&cursor=")).toEqual({ take: 50 });
  });

  it("normalises the endpoint MAC from any usual spelling", () => {
    expect(parse("mac=00-26-b4-24-fe-b4").mac).toBe("0026B424FEB4");
    expect(parse("mac=0026.b424.feb4").mac).toBe("0026B424FEB4");
  });

  it("names the field of a bad value", () => {
    expect(fieldsOf("mac=0026b4")).toEqual({ mac: "Enter a full MAC address, e.g. 00:26:B4:24:FE:B4" });
    expect(fieldsOf("decision=maybe")).toEqual({ decision: "Choose Accept or Reject" });
    expect(fieldsOf("take=1000")).toEqual({ take: "Show 1–200 rows per page" });
    expect(fieldsOf("from=2026-11-23T10:00:00Z&to=2026-11-23T09:00:00Z")).toEqual({
      to: "The end of the time range is before its start",
    });
    expect(fieldsOf("cursor=garbage")).toEqual({ cursor: "This page link is not valid; start again from the newest" });
  });

  it("round-trips the keyset cursor", () => {
    const at = new Date("2026-11-23T14:00:00.123Z");
    const text = encodeCursor({ at, id: "0mhx1abc0000node1" })!;
    expect(parse(`cursor=${encodeURIComponent(text)}`).cursor).toEqual({ at, id: "0mhx1abc0000node1" });
    expect(encodeCursor(undefined)).toBeNull();
  });
});

describe("session query string", () => {
  it("shows active sessions unless asked otherwise", () => {
    expect(sessionQuerySchema.parse({}).status).toBe("active");
    expect(sessionQuerySchema.parse({ status: "all" }).status).toBe("all");
    expect(() => sessionQuerySchema.parse({ status: "old" })).toThrow(ZodError);
  });
});

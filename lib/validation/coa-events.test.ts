import { describe, expect, it } from "vitest";
import { coaEventQuerySchema } from "./coa-events";
import { queryStringParser } from "./testing";

const { parse, fieldsOf } = queryStringParser(coaEventQuerySchema, "/api/coa-events");

describe("CoA log query string", () => {
  it("treats blank parameters as no filter and defaults the page size", () => {
    expect(parse("mac=&nad=&result=&trigger=&from=&to=&cursor=")).toEqual({ take: 50 });
  });

  it("reads every filter: the MAC in any usual spelling, result, trigger, time range and cursor", () => {
    expect(
      parse(
        "mac=0026.b424.feb4&nad=10.0.0.1&result=nak&trigger=poll&from=2026-11-23T09:00:00Z&to=2026-11-23T10:00:00Z&cursor=2026-11-23T09:30:00.000Z_0abc&take=25",
      ),
    ).toEqual({
      mac: "0026B424FEB4",
      nad: "10.0.0.1",
      result: "nak",
      trigger: "poll",
      from: new Date("2026-11-23T09:00:00Z"),
      to: new Date("2026-11-23T10:00:00Z"),
      cursor: { at: new Date("2026-11-23T09:30:00.000Z"), id: "0abc" },
      take: 25,
    });
  });

  it("names the field of a bad value", () => {
    expect(fieldsOf("mac=0026b4")).toEqual({ mac: "Enter a full MAC address, e.g. 00:26:B4:24:FE:B4" });
    expect(fieldsOf("result=maybe")).toEqual({ result: "Choose ACK, NAK, timeout or error" });
    expect(fieldsOf("trigger=cron")).toEqual({ trigger: "Choose poll or manual" });
    expect(fieldsOf("from=yesterday")).toEqual({ from: "Enter a date and time" });
    expect(fieldsOf("from=2026-11-23T10:00:00Z&to=2026-11-23T09:00:00Z")).toEqual({
      to: "The end of the time range is before its start",
    });
    expect(fieldsOf("cursor=garbage")).toEqual({ cursor: "This page link is not valid; start again from the newest" });
  });
});

import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeCommand, encodeCommand, parseRadattr, runRadattr } from "./fixtures/radattr";

const files: [string, number][] = [
  // [fixture, number of cases adopted]
  ["freeradius-3.2/rfc.txt", 8],
  ["freeradius-3.2/tunnel.txt", 37],
  ["freeradius-3.2/vendor.txt", 6],
  ["freeradius-3.2/errors.txt", 5],
  ["freeradius-master/attributes.txt", 90],
];

describe("FreeRADIUS attribute test vectors", () => {
  it.each(files)("%s: every adopted case gives the expected octets, pairs or typed error", (file, count) => {
    const text = fs.readFileSync(new URL(`./fixtures/${file}`, import.meta.url), "utf8");
    const cases = parseRadattr(text);
    expect(cases).toHaveLength(count);
    const failures = runRadattr(cases)
      .filter((result) => !result.passed)
      .map((result) => ({ line: result.testCase.line, expected: result.testCase.expected, actual: result.output }));
    expect(failures).toEqual([]);
  });

  it("every errors.txt case is a typed error or FreeRADIUS's raw form, never an exception", () => {
    const text = fs.readFileSync(new URL("./fixtures/freeradius-3.2/errors.txt", import.meta.url), "utf8");
    const outcomes = runRadattr(parseRadattr(text)).map((result) => (result.output.ok ? "ok" : result.output.code));
    expect(outcomes).toEqual(["attribute-overflow", "invalid-attribute-length", "out-of-range", "invalid-syntax", "ok"]);
  });

  it("the loader notices a wrong expectation", () => {
    const cases = parseRadattr(
      ['encode User-Name = "bob"', "data 01 05 62 6f 63", "decode 04 04 ab cd", "error attribute-overflow"].join("\n"),
    );
    expect(runRadattr(cases).map((result) => result.passed)).toEqual([false, false]);
  });

  it("prints decoded pairs in FreeRADIUS's text form", () => {
    expect(encodeCommand('User-Name = "bob", Tunnel-Type:1 = VLAN, Cisco-AVPair = "a=b"')).toEqual({
      ok: true,
      text: "01 05 62 6f 62 40 06 01 00 00 0d 1a 0b 00 00 00 09 01 05 61 3d 62",
    });
    expect(decodeCommand("01 05 62 6f 62 40 06 01 00 00 0d 1a 0b 00 00 00 09 01 05 61 3d 62")).toEqual({
      ok: true,
      text: 'User-Name = "bob", Tunnel-Type:1 = VLAN, Cisco-AVPair = "a=b"',
    });
  });
});

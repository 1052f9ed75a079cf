import { describe, expect, it } from "vitest";
import { childText, childTexts, childTree, element, escapeXml, leaf, parseXmlBody, renderXmlDocument, XmlBodyError } from "./xml";

describe("XML writer", () => {
  it("escapes markup characters and drops characters XML cannot carry", () => {
    expect(escapeXml(`a<b>&"c"'d'`)).toBe("a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
    expect(escapeXml("bell\u0007 and nul\u0000 gone, tab\tkept")).toBe("bell and nul gone, tab\tkept");
  });

  it("renders a declaration, attributes, text leaves and empty elements", () => {
    const xml = renderXmlDocument(
      element("ise_api", [leaf("name", "R&D <lab>"), leaf("flag", false), leaf("count", 3), leaf("none", undefined)], {
        xmlns: "urn:x?a=1&b=2",
      }),
    );
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<ise_api xmlns="urn:x?a=1&amp;b=2">',
        "  <name>R&amp;D &lt;lab&gt;</name>",
        "  <flag>false</flag>",
        "  <count>3</count>",
        "  <none/>",
        "</ise_api>",
        "",
      ].join("\n"),
    );
    // What we write, we (and any XML parser) can read back.
    expect(childText(childTree(parseXmlBody(xml), "ise_api"), "name")).toBe("R&D <lab>");
  });

  it("refuses element names that would produce broken XML", () => {
    expect(() => renderXmlDocument(leaf("bad name", "x"))).toThrow(/element name/);
  });
});

describe("XML request bodies", () => {
  it("reads element names case- and namespace-insensitively and keeps values as strings", () => {
    const tree = parseXmlBody(
      `<?xml version="1.0"?><ns:ISE_API xmlns:ns="urn:x"><ns:QueryCriteria>imei</ns:QueryCriteria><Values><value>003512345678901</value><value/></Values></ns:ISE_API>`,
    );
    const root = childTree(tree, "ise_api");
    expect(childText(root, "querycriteria")).toBe("imei");
    expect(childTexts(childTree(root, "values"), "value")).toEqual(["003512345678901", ""]);
    expect(childText(root, "missing")).toBeUndefined();
  });

  it("rejects empty, malformed and DOCTYPE bodies", () => {
    expect(() => parseXmlBody("  ")).toThrow(XmlBodyError);
    expect(() => parseXmlBody("<ise_api><a></ise_api>")).toThrow(/not well-formed/);
    expect(() => parseXmlBody('<!DOCTYPE x [<!ENTITY e "boom">]><ise_api>&e;</ise_api>')).toThrow(/DOCTYPE/);
  });
});

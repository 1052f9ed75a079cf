import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DeviceStore } from "../../mdm-simulator/device-store";
import { DEFAULT_FAULTS } from "../../mdm-simulator/faults";
import { handleIseApiRequest, type ApiVersion, type IseApiContext } from "../../mdm-simulator/ise-api";
import { syntheticInventory } from "../../mdm-simulator/inventory";
import type { SimDevice, SimFaults } from "../../mdm-simulator/types";
import { MdmError } from "./errors";
import { legacyReadXml, mdmErrorOf } from "./testing";
import { readXml, XML_MAX_DEPTH, type XmlObject } from "./xml";

const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const fixtures = fs
  .readdirSync(fixturesDir)
  .filter((name) => name.endsWith(".xml"))
  .map((name) => [name, fs.readFileSync(path.join(fixturesDir, name), "utf8")] as const);

/** Plain-object copy: readXml's objects have no prototype, the expectations here do. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe("readXml: well-formed documents", () => {
  const cases: [label: string, xml: string, expected: unknown][] = [
    ["a leaf", "<ise_api><name>mdminfo</name></ise_api>", { iseapi: { name: "mdminfo" } }],
    [
      "declaration, PIs and comments around the root",
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- before --><?pi data?>\n<a><!-- in --><b>1</b><?pi?></a>\n<!-- after --><?pi?>\n',
      { a: { b: "1" } },
    ],
    [
      "a default namespace",
      '<ise_api xmlns="http://schemas.microsoft.com/intune"><api_version>3</api_version></ise_api>',
      { iseapi: { apiversion: "3" } },
    ],
    [
      "prefixed namespaces, canonical names",
      '<m:ISE_API xmlns:m="urn:mdm"><m:Api_Version>2</m:Api_Version><m:API-PATH>/x</m:API-PATH></m:ISE_API>',
      { iseapi: { apiversion: "2", apipath: "/x" } },
    ],
    [
      "Intune capitalisation",
      "<ise_api><deviceList><device><Attributes><Compliance><Status>False</Status><Failure_Reason>x</Failure_Reason></Compliance></Attributes></device></deviceList></ise_api>",
      { iseapi: { devicelist: { device: [{ attributes: { compliance: { status: "False", failurereason: "x" } } }] } } },
    ],
    ["CDATA as text, untrimmed", "<a><![CDATA[ <b>&amp;</b> ]]></a>", { a: " <b>&amp;</b> " }],
    ["an empty CDATA section", "<a><![CDATA[]]></a>", { a: "" }],
    ["text around CDATA", "<a> p <![CDATA[ x ]]> q </a>", { a: "p x q" }],
    ["the five predefined entities", "<a>&lt;&gt;&amp;&apos;&quot;</a>", { a: "<>&'\"" }],
    ["entities inside text", "<a>https://mdm/enroll?src=ise&amp;v=2</a>", { a: "https://mdm/enroll?src=ise&v=2" }],
    ["character references", "<a>&#65;&#x42;&#x1F600;&#233;</a>", { a: "AB\u{1F600}é" }],
    ["self-closing elements, with attributes", "<a><b x=\"1\" y='2'/><c/><d  /></a>", { a: { b: "", c: "", d: "" } }],
    ["an empty element", "<a><b></b><c>   </c></a>", { a: { b: "", c: "" } }],
    ["whitespace around text is trimmed, inside kept", "<a>\n  <b>  x  y  </b>\n</a>", { a: { b: "x  y" } }],
    ["whitespace inside tags", '<a\n\tx = "1"\n><b >t</b\n></a >', { a: { b: "t" } }],
    ["repeated children become an array", "<a><v>1</v><w/><v>2</v><v>3</v></a>", { a: { v: ["1", "2", "3"], w: "" } }],
    ["one device is still a list", "<a><device><mac>1</mac></device></a>", { a: { device: [{ mac: "1" }] } }],
    ["several devices", "<a><device>1</device><device/></a>", { a: { device: ["1", ""] } }],
    ["mixed content goes to #text", "<a> x <b>1</b> y </a>", { a: { b: "1", "#text": "xy" } }],
    ["a comment does not split text", "<a>fo<!-- c -->o<!--d--> <!--e-->p</a>", { a: "foo p" }],
    ["a PI splits text like a tag", "<a>x <?p?> y</a>", { a: "xy" }],
    ["CR LF and CR become LF", "<a>x\r\ny\rz</a>", { a: "x\ny\nz" }],
    ["a byte order mark", "\uFEFF<a>1</a>", { a: "1" }],
    ["'>' in text and attribute values", '<a b="x>y">1 > 0</a>', { a: "1 > 0" }],
    ["references in attribute values", '<a b="&lt;&#x41;&quot;">1</a>', { a: "1" }],
    ["non-ASCII names and text", "<données><clé>été</clé></données>", { données: { clé: "été" } }],
    ["a name above U+FFFF (XML 1.0 fifth edition)", "<a><b\u{10000}>1</b\u{10000}></a>", { a: { "b\u{10000}": "1" } }],
    ["an element named __proto__ is an ordinary key", "<a><__proto__><p>1</p></__proto__></a>", { a: { proto: { p: "1" } } }],
    ["attributes are ignored, xmlns included", '<a xmlns:i="urn:i" i:nil="true">1</a>', { a: "1" }],
    ["the root may be empty", "<ise_api/>", { iseapi: "" }],
  ];
  for (const [label, xml, expected] of cases) {
    it(label, () => {
      expect(plain(readXml(xml))).toEqual(expected);
    });
  }

  it("leaves Object.prototype alone and gives objects without a prototype", () => {
    const document = readXml("<a><__proto__><polluted>yes</polluted></__proto__><toString>1</toString></a>");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    const root = document["a"] as XmlObject;
    expect(Object.getPrototypeOf(root)).toBeNull();
    expect(Object.keys(root)).toEqual(["proto", "tostring"]);
  });

  it(`accepts nesting up to ${XML_MAX_DEPTH} deep`, () => {
    const xml = `${"<a>".repeat(XML_MAX_DEPTH)}x${"</a>".repeat(XML_MAX_DEPTH)}`;
    expect(() => readXml(xml)).not.toThrow();
  });
});

describe("readXml: malformed and hostile documents are BAD_RESPONSE", () => {
  const cases: [label: string, xml: string, message: RegExp][] = [
    ["an empty document", "", /no root element/],
    ["only a comment", "<!-- x -->", /no root element/],
    ["mismatched tags", "<a><b></a></b>", /expected <\/b>.*found <\/a>/],
    ["tags that differ in case", "<a></A>", /expected <\/a>/],
    ["an end tag that is a longer name", "<a></ab>", /expected <\/a>/],
    ["an unclosed tag", "<ise_api><deviceList><device></ise_api>", /expected <\/device>/],
    ["a document that ends inside an element", "<a><b>1</b>", /ends inside <a>/],
    ["an end tag without start tag", "<a/></a>", /without a matching start tag/],
    ["two roots", "<ise_api/><ise_api/>", /second root element/],
    ["text after the root", "<a/>x", /text after the root/],
    ["text before the root", "x<a/>", /text before the root/],
    ["a bare '&'", "<a>x & y</a>", /'&' must start/],
    ["an unknown entity", "<a>&nbsp;</a>", /unknown entity &nbsp;/],
    ["an unterminated reference", "<a>&amp</a>", /'&' must start/],
    ["a reference to U+0000", "<a>&#0;</a>", /not a legal character/],
    ["a reference to a surrogate", "<a>&#xD800;</a>", /not a legal character/],
    ["a reference beyond Unicode", "<a>&#x110000;</a>", /not a legal character/],
    ["an empty character reference", "<a>&#;</a>", /not a legal character/],
    ["'<' in text", "<a>x < y</a>", /'<' must start a tag/],
    ["'<' at the very end", "<a>x</a><", /'<' must start a tag/],
    ["'<' in an attribute value", '<a b="<">1</a>', /'<' in the value/],
    ["a bad reference in an attribute value", '<a b="&x;">1</a>', /unknown entity/],
    ["a repeated attribute", '<a b="1" b="2"/>', /appears twice/],
    ["an unquoted attribute value", "<a b=1/>", /must be quoted/],
    ["an attribute without value", "<a b/>", /has no '=' value/],
    ["attributes without whitespace between them", '<a b="1"c="2"/>', /unexpected character/],
    ["an unclosed attribute value", '<a b="1/>', /is not closed/],
    ["a name starting with a digit", "<1a/>", /'<' must start a tag/],
    ["a name starting with '-'", "<-a/>", /'<' must start a tag/],
    ["a name with an empty prefix", "<:a/>", /not a valid qualified name/],
    ["a name with an empty local part", "<a:/>", /not a valid qualified name/],
    ["'/' not followed by '>'", "<a / >", /must be followed by '>'/],
    ["a junk end tag", "<a></a x>", /not closed by '>'/],
    ["'--' inside a comment", "<a><!-- x -- y --></a>", /'--' inside a comment/],
    ["a comment ending in '--->'", "<a><!-- x ---></a>", /'--' inside a comment/],
    ["an unclosed comment", "<a><!-- x </a>", /comment is not closed/],
    ["an unclosed CDATA section", "<a><![CDATA[ x </a>", /CDATA section is not closed/],
    ["CDATA outside the root", "<![CDATA[x]]><a/>", /CDATA section outside/],
    ["other '<!' markup", "<a><!ELEMENTS></a>", /neither a comment nor a CDATA/],
    ["an unclosed PI", "<a><?pi x</a>", /not closed by '\?>'/],
    ["a PI without target", "<a><? x ?></a>", /not followed by a processing instruction target/],
    ["a PI target with a colon", "<a><?x:y?></a>", /target contains ':'/],
    ["a declaration that is not first", '<a/><?xml version="1.0"?>', /only allowed at the very start/],
    ["a declaration in upper case", '<?XML version="1.0"?><a/>', /malformed XML declaration/],
    ["a declaration without version", '<?xml encoding="UTF-8"?><a/>', /malformed XML declaration/],
    ["a declaration with a broken value", '<?xml version="1.0" encoding="UTF-8?><a/>', /malformed XML declaration/],
    ["a declaration with standalone=maybe", '<?xml version="1.0" standalone="maybe"?><a/>', /malformed XML declaration/],
    ["a DTD with entity expansion", '<!DOCTYPE x [<!ENTITY a "aaa">]><a>&a;</a>', /contains a DTD/],
    ["an external entity", '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>', /contains a DTD/],
    ["a lower-case doctype", "<!doctype a><a/>", /contains a DTD/],
    ["an ENTITY declaration on its own", '<a><!ENTITY e "x"></a>', /contains a DTD/],
    ["an element named constructor", "<a><constructor>1</constructor></a>", /<constructor>, which is refused/],
    ["an element named Prototype", "<a><x:Prototype/></a>", /<x:Prototype>, which is refused/],
    ["deep nesting", `${"<a>".repeat(5000)}${"</a>".repeat(5000)}`, /more than 64 deep/],
    ["nesting one level too deep", `${"<a>".repeat(XML_MAX_DEPTH + 1)}${"</a>".repeat(XML_MAX_DEPTH + 1)}`, /more than 64/],
    ["binary noise", "\u0000\u0001\u0002\uFFFD<<<>>>", /text before the root/],
    ["JSON", '{"devices":[]}', /text before the root/],
  ];
  for (const [label, xml, message] of cases) {
    it(label, () => {
      const error = mdmErrorOf(() => readXml(xml));
      expect(error.code).toBe("BAD_RESPONSE");
      expect(error.message).toMatch(message);
    });
  }

  it("reports the line of the error", () => {
    const error = mdmErrorOf(() => readXml("<ise_api>\n  <a>1</a>\n  <b>2</c>\n</ise_api>"));
    expect(error.message).toBe("The MDM answer is not well-formed XML (line 3: expected </b> (opened on line 3), found </c>)");
    expect(mdmErrorOf(() => readXml("<a>\n\n<b>")).message).toMatch(/line 3: the document ends inside <b> \(opened on line 3\)/);
  });

  it("refuses documents longer than maxLength", () => {
    expect(mdmErrorOf(() => readXml("<a>12345</a>", { maxLength: 8 })).message).toMatch(/longer than 8 characters/);
    expect(mdmErrorOf(() => readXml("<a><b/></a>", { maxDepth: 1 })).message).toMatch(/more than 1 deep/);
  });

  it("refuses every truncation of a real answer", () => {
    for (const [name, xml] of fixtures) {
      const document = xml.trim();
      expect(() => readXml(document), name).not.toThrow();
      // Every cut near either end, and a stride through the middle (each cut costs an Error with its stack).
      const stride = Math.max(1, Math.floor(document.length / 150));
      for (let length = 0; length < document.length; length += length < 40 || length > document.length - 40 ? 1 : stride) {
        const error = mdmErrorOf(() => readXml(document.slice(0, length)));
        expect(error.code).toBe("BAD_RESPONSE");
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Equivalence with fast-xml-parser on what the MDM simulator really answers.

const NOW = 1_750_000_000_000;
const ODD_DEVICES: SimDevice[] = [
  {
    macaddress: "0026B424FE01",
    guid: "odd-1",
    platform: "Android",
    registered: true,
    compliant: false,
    failure_reason: `Policy "A&B" <strict> isn't met`,
    remediation: "  Open the app\n  then tap <Sync>  ",
    manufacturer: "AT&T",
    model: "Ünïcödé \u{1F4F1} ' \" < > &",
    os_version: "\t14 ",
    disk_encryption_on: false,
    pin_lock_on: true,
    jail_broken: false,
    lastCheckinTimeStamp: NOW - 1000,
    macaddresses: ["0026B424FE01", "0026B424FE02"],
  },
  {
    macaddress: "0026B424FE03",
    guid: "odd-2",
    platform: "iOS",
    registered: false,
    compliant: false,
    disk_encryption_on: true,
    pin_lock_on: false,
    jail_broken: true,
    lastCheckinTimeStamp: 0,
    username: "]]> <!-- --> <?pi?>",
  },
];

function simulator(devices: SimDevice[], dialect: SimFaults["dialect"], queryMaxSize: number, busy = 0) {
  const context: IseApiContext = {
    store: new DeviceStore(devices),
    accounts: [{ username: "ise", password: "pw", hasApiRole: true }],
    instance: null,
    maxApiVersion: 3,
    queryMaxSize,
    vendor: "Gatehouse & Co",
    productName: "MDM <Simulator>",
    productVersion: "1.0.0",
    defaultOrigin: "https://127.0.0.1:9443",
    faults: () => ({ ...DEFAULT_FAULTS, dialect, serverBusyWaitSeconds: busy }),
    now: () => NOW,
  };
  const authorization = `Basic ${Buffer.from("ise:pw").toString("base64")}`;
  return (method: string, url: string, body = ""): string =>
    handleIseApiRequest({ method, url, authorization, body }, context).body;
}

function simulatorAnswers(): [label: string, xml: string][] {
  const answers: [string, string][] = [];
  const devices = [...syntheticInventory(16, NOW), ...ODD_DEVICES];
  for (const dialect of ["cisco", "intune"] as const) {
    const call = simulator(devices, dialect, 10, dialect === "cisco" ? 3 : 0);
    for (const version of [1, 2, 3] as ApiVersion[]) {
      const api = `/ciscoise/mdmapi/v${version}`;
      answers.push([`${dialect} v${version} mdminfo`, call("GET", `/ciscoise/mdminfo/?ise_api_version=${version}`)]);
      for (const [index, device] of devices.entries()) {
        const filter = index % 3 === 0 ? "&filter=register_status+compliance+model" : "";
        const url = `${api}/devices/?paging=0&querycriteria=macaddress&value=${device.macaddress}${filter}`;
        answers.push([`${dialect} v${version} device ${device.macaddress}`, call("GET", url)]);
      }
      for (const compliance of ["true", "false"]) {
        let paging = "0";
        for (let page = 0; page < 4 && paging !== ""; page++) {
          const xml = call("GET", `${api}/devices/?paging=${paging}&querycriteria=compliance&value=${compliance}`);
          answers.push([`${dialect} v${version} compliance=${compliance} page ${page}`, xml]);
          paging = /<paging_info>([^<]*)<\/paging_info>/.exec(xml)?.[1] ?? "";
          if (paging === "0") paging = "";
        }
      }
      const values = devices.slice(0, 10).map((device) => `<value>${device.macaddress}</value>`);
      const batch = `<ise_api><querycriteria>macaddress</querycriteria><values>${values.join("")}</values><filter>all</filter></ise_api>`;
      answers.push([`${dialect} v${version} batch`, call("POST", `${api}/batchdevices/`, batch)]);
      for (const mac of ["0026B424FE01", "0026B424FE03", "AABBCCDDEEFF"]) {
        const body = `<ise_api><identifier><macaddress>${mac}</macaddress></identifier></ise_api>`;
        answers.push([`${dialect} v${version} action ${mac}`, call("POST", `${api}/action/actionType=pin_lock`, body)]);
      }
      answers.push([`${dialect} v${version} 400`, call("GET", `${api}/devices/?querycriteria=nonsense&value=1`)]);
    }
    answers.push([`${dialect} 404`, call("GET", "/nowhere")]);
  }
  return answers;
}

describe("readXml reads what fast-xml-parser read", () => {
  it("on the parser fixtures", () => {
    for (const [name, xml] of fixtures) expect(plain(readXml(xml.trim())), name).toEqual(legacyReadXml(xml.trim()));
  });

  it("on the MDM simulator's answers: discovery, device queries, pages, batches, actions, errors", () => {
    const answers = simulatorAnswers();
    expect(answers.length).toBeGreaterThan(150);
    for (const [label, xml] of answers) {
      const expected = legacyReadXml(xml);
      expect(expected, label).toBeDefined();
      expect(plain(readXml(xml)), label).toEqual(expected);
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Seeded fuzz: mutated answers either read or fail with BAD_RESPONSE, quickly; whatever readXml accepts,
// fast-xml-parser accepted too and read the same way (readXml is stricter, never more lenient).

/** mulberry32: a tiny seeded PRNG, so a failure reproduces from its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  "<",
  ">",
  "/",
  "&",
  ";",
  "&amp;",
  "&lt;",
  "&#",
  "&#x41;",
  '"',
  "'",
  "=",
  "!",
  "?",
  "-",
  "--",
  "[",
  "]]>",
  "<![CDATA[",
  "<!--",
  "-->",
  "<?",
  "?>",
  "<a>",
  "</a>",
  "<b/>",
  "<device>",
  "</device>",
  ":",
  " ",
  "\n",
  "\r",
  "\t",
  "x",
  "é",
  "\u{1F600}",
  "\u0000",
  "<!DOCTYPE",
  "constructor",
];

/** A tag holding a character above U+FFFF (in a name, or an attribute value: not worth telling apart). */
const ASTRAL_IN_TAG = /<[^<>]*[\u{10000}-\u{10FFFF}]/u;

/** Fastest of `runs` calls, in ms; the call may throw. */
function fastestOf(runs: number, fn: () => unknown): number {
  let fastest = Infinity;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    try {
      fn();
    } catch {
      // Refusing is as good as reading here: only the time counts.
    }
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

function mutate(xml: string, random: () => number): string {
  let out = xml;
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (out.length + 1));
    const span = Math.floor(random() * 12);
    const choice = random();
    if (choice < 0.3) {
      out = out.slice(0, at) + out.slice(at + span);
    } else if (choice < 0.65) {
      const fragment = FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] ?? "<";
      out = out.slice(0, at) + fragment + out.slice(at);
    } else if (choice < 0.85) {
      const from = Math.floor(random() * out.length);
      out = out.slice(0, at) + out.slice(from, from + span * 4) + out.slice(at);
    } else {
      out = out.slice(0, at);
    }
  }
  return out;
}

describe("readXml under a seeded fuzz", () => {
  it("reads hostile shapes in linear time", () => {
    const big = 100_000;
    const shapes: [label: string, xml: string][] = [
      ["thousands of attributes", `<a ${Array.from({ length: big / 10 }, (_, i) => `a${i}="v"`).join(" ")}>1</a>`],
      [
        "a repeated attribute at the end of thousands",
        `<a ${Array.from({ length: big / 10 }, (_, i) => `a${i}="v"`).join(" ")} a7="w"/>`,
      ],
      ["references everywhere", `<a>${"&amp;&#x41;".repeat(big / 10)}</a>`],
      ["comments everywhere", `<a>${"<!-- c -->x".repeat(big / 10)}</a>`],
      ["a long attribute value", `<a b="${"v".repeat(big * 5)}">1</a>`],
      ["many siblings", `<a>${"<device><b>1</b></device>".repeat(big / 20)}</a>`],
      ["many distinct names", `<a>${Array.from({ length: big / 10 }, (_, i) => `<n${i}/>`).join("")}</a>`],
      ["an unterminated reference far from ';'", `<a>&${"x".repeat(big * 5)}</a>;`],
      ["a CR in every line", `<a>${"x\r\n".repeat(big / 2)}</a>`],
    ];
    for (const [label, xml] of shapes) {
      expect(
        fastestOf(2, () => readXml(xml)),
        label,
      ).toBeLessThan(500);
    }
  });

  it("returns a tree or throws BAD_RESPONSE, fast, and reads what it accepts as fast-xml-parser did", () => {
    const random = prng(0x5eed);
    const call = simulator([...syntheticInventory(8, NOW), ...ODD_DEVICES], "cisco", 4);
    const seeds = [
      ...fixtures.map(([, xml]) => xml),
      call("GET", "/ciscoise/mdmapi/v3/devices/?paging=0&querycriteria=compliance&value=true"),
      call("GET", "/ciscoise/mdmapi/v3/devices/?paging=0&querycriteria=macaddress&value=0026B424FE01"),
    ];
    let accepted = 0;
    let compared = 0;
    for (let iteration = 0; iteration < 2000; iteration++) {
      const seed = seeds[iteration % seeds.length] ?? "";
      const xml = mutate(seed, random);
      const started = performance.now();
      let tree: XmlObject | undefined;
      try {
        tree = readXml(xml);
      } catch (error) {
        if (!(error instanceof MdmError) || error.code !== "BAD_RESPONSE") {
          throw new Error(`iteration ${iteration}: ${String(error)} for ${JSON.stringify(xml)}`, { cause: error });
        }
      }
      // A garbage collection or a busy machine can stall one call; a runaway loop stalls every retry.
      if (performance.now() - started > 100)
        expect(
          fastestOf(3, () => readXml(xml)),
          `iteration ${iteration}`,
        ).toBeLessThan(100);
      if (tree === undefined) continue;
      accepted++;
      expect(Object.keys(tree)).toHaveLength(1);
      // fast-xml-parser leaves character references undecoded; everything else must read the same.
      if (xml.includes("&#")) continue;
      // Never more lenient than before: what readXml accepts, fast-xml-parser accepted too, with one exception
      // of its own: its name pattern stops at U+FFFF, XML 1.0 §2.3 [4] allows names up to U+EFFFF.
      const expected = legacyReadXml(xml);
      if (expected === undefined && ASTRAL_IN_TAG.test(xml)) continue;
      expect(expected, `iteration ${iteration}: fast-xml-parser refused ${JSON.stringify(xml)}`).toBeDefined();
      compared++;
      expect(plain(tree), `iteration ${iteration}: ${JSON.stringify(xml)}`).toEqual(expected);
    }
    // The mutations must leave a fair share of documents readable, or the comparison proves nothing.
    expect(accepted).toBeGreaterThan(100);
    expect(compared).toBeGreaterThan(80);
  });
});

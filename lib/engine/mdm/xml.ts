import { MdmError } from "./errors";

/**
 * A small, strict XML reader for MDM answers (ise-mdm-reference §1): one pass with indexOf/charCodeAt,
 * no dependencies, no recursion. It replaces fast-xml-parser's validate + parse on the engine's hot path
 * and returns the same tree shape parser.ts always consumed:
 *
 * - element names are canonical (`canonicalName`): namespace prefix stripped, lower-cased, `_`/`-` dropped;
 * - an element with only text is its trimmed text, an empty one is "";
 * - an element with children is an object; repeated children become an array, `device` always is one;
 * - text next to child elements (mixed content) is kept under `#text`;
 * - attributes, the XML declaration, processing instructions and comments carry nothing we read;
 * - CDATA sections are text; the five predefined entities and character references are decoded.
 *
 * Well-formedness (XML 1.0 §2.1) is checked as the document is read, so a truncated or garbled answer is a
 * BAD_RESPONSE with a line number instead of a half-read tree. Not checked, because they would cost a test
 * per character and change no value we read: the Char range of literal characters (§2.2), `]]>` in text
 * (§2.4) and namespace prefix declarations (Namespaces in XML §5). fast-xml-parser accepted all three.
 *
 * A DTD is refused outright: the API never needs one, and refusing it rules out entity expansion attacks
 * (billion laughs, XXE). Nesting is capped (an explicit stack, so hostile input cannot blow the call stack)
 * and so is the document length.
 */

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

export interface ReadXmlOptions {
  /** Deepest element nesting accepted (the root is depth 1). Real answers nest 5 deep. */
  maxDepth?: number;
  /** Longest document accepted, in UTF-16 code units. */
  maxLength?: number;
}

export const XML_MAX_DEPTH = 64;
/** A backstop only: the MDM client already caps bodies at 16 MiB (client.ts), which decode to fewer characters. */
export const XML_MAX_LENGTH = 64 * 1024 * 1024;

/** Key of the text of an element that also has child elements (fast-xml-parser's name for it). */
export const TEXT_KEY = "#text";

/** Canonical element name: see the module comment. `Failure_Reason`, `failureReason`, `failure_reason` are one name. */
export function canonicalName(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, "");
}

// Names that reach Object.prototype machinery when a plain object is indexed with them. Our objects have no
// prototype, but fast-xml-parser refused answers using these names, and they stay BAD_RESPONSE (the only
// reachable ones once canonical: `_` is dropped, so `__proto__` reads as `proto`, an ordinary key).
const REFUSED_NAMES = new Set(["__proto__", "constructor", "prototype"]);

// Qualified name → canonical key, in a small direct-mapped table indexed by a hash computed while the name
// is scanned: answers repeat a few dozen names thousands of times, and a hit costs neither a substring nor
// a Map lookup. A collision just recomputes and overwrites, so hostile input (every element a new name)
// cannot grow it.
const NAME_SLOTS = 256;
const slotNames: (string | undefined)[] = new Array<string | undefined>(NAME_SLOTS);
const slotKeys: string[] = new Array<string>(NAME_SLOTS).fill("");

/** Canonical key of a qualified name; refuses names that are Object.prototype members once canonical. */
function keyOf(qname: string): string {
  // removeNSPrefix semantics: everything up to the first colon is the prefix.
  const colon = qname.indexOf(":");
  const key = canonicalName(colon === -1 ? qname : qname.slice(colon + 1));
  if (REFUSED_NAMES.has(key)) {
    throw new MdmError("BAD_RESPONSE", `The MDM answer has an element named <${qname}>, which is refused`);
  }
  return key;
}

const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const EQUALS = 61;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const COLON = 58;
const HASH = 35;
const LOWER_X = 120;

// ASCII name characters (XML 1.0 §2.3 [4], [4a]): 1 = may start a name, 2 = may continue one.
const NAME_START = 1;
const NAME_PART = 2;
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === COLON;
  const other = (c >= 48 && c <= 57) || c === 45 || c === 46;
  ASCII_NAME[c] = letter ? NAME_START | NAME_PART : other ? NAME_PART : 0;
}

/** NameStartChar above ASCII (XML 1.0 §2.3 [4]); code points above U+FFFF arrive as surrogate pairs. */
function isNonAsciiNameStart(cp: number): boolean {
  return (
    (cp >= 0xc0 && cp <= 0xd6) ||
    (cp >= 0xd8 && cp <= 0xf6) ||
    (cp >= 0xf8 && cp <= 0x2ff) ||
    (cp >= 0x370 && cp <= 0x37d) ||
    (cp >= 0x37f && cp <= 0x1fff) ||
    (cp >= 0x200c && cp <= 0x200d) ||
    (cp >= 0x2070 && cp <= 0x218f) ||
    (cp >= 0x2c00 && cp <= 0x2fef) ||
    (cp >= 0x3001 && cp <= 0xd7ff) ||
    (cp >= 0xf900 && cp <= 0xfdcf) ||
    (cp >= 0xfdf0 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0xeffff)
  );
}

/** NameChar above ASCII (XML 1.0 §2.3 [4a]). */
function isNonAsciiNamePart(cp: number): boolean {
  return isNonAsciiNameStart(cp) || cp === 0xb7 || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x203f && cp <= 0x2040);
}

/** Legal characters for a character reference (XML 1.0 §2.2 [2], §4.1 WFC: Legal Character). */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** XML's own whitespace (§2.3 [3]); JavaScript's \s is wider. */
function isXmlSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** XMLDecl (§2.8 [23]-[26], §4.3.3 [80]-[81], §2.9 [32]); read once per document, so a regex is fine. */
const XML_DECLARATION =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"1\.[0-9]+"|'1\.[0-9]+')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\r\n]*\?>$/;

const PREDEFINED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ["lt", "<"],
  ["gt", ">"],
  ["amp", "&"],
  ["apos", "'"],
  ["quot", '"'],
]);

/** One open element. */
interface Frame {
  qname: string;
  key: string;
  start: number;
  /** Child elements, created on the first one. */
  children: XmlObject | null;
  /** Trimmed text runs seen so far, joined. */
  text: string;
}

function addChild(parent: XmlObject, key: string, value: XmlValue): void {
  const existing = parent[key];
  if (existing === undefined) parent[key] = key === "device" ? [value] : value;
  else if (Array.isArray(existing)) existing.push(value);
  else parent[key] = [existing, value];
}

function newObject(): XmlObject {
  return Object.create(null) as XmlObject;
}

/**
 * Reads a whole document. Returns `{ <root key>: <root value> }`; throws MdmError BAD_RESPONSE for anything
 * that is not a well-formed document within the limits, and nothing else.
 */
export function readXml(xml: string, options: ReadXmlOptions = {}): XmlObject {
  return new Reader(xml, options).read();
}

class Reader {
  private readonly xml: string;
  private readonly length: number;
  private readonly maxDepth: number;
  private readonly maxLength: number;
  /** Next `&` / CR / `<` at or after the last position asked about; -1 when there is none left. Kept
   *  monotonic so each search costs one pass over the document in total instead of one per text segment or
   *  attribute (a tag with thousands of attributes would otherwise make the `<` check quadratic). */
  private nextAmp: number;
  private nextCr: number;
  private nextLt = 0;
  /** Hash of the last name scanned (see NAME_SLOTS). */
  private nameHash = 0;

  constructor(xml: string, options: ReadXmlOptions) {
    this.xml = xml;
    this.length = xml.length;
    this.maxDepth = options.maxDepth ?? XML_MAX_DEPTH;
    this.maxLength = options.maxLength ?? XML_MAX_LENGTH;
    this.nextAmp = xml.indexOf("&");
    this.nextCr = xml.indexOf("\r");
  }

  read(): XmlObject {
    const { xml, length } = this;
    if (length > this.maxLength) {
      throw new MdmError("BAD_RESPONSE", `The MDM answer is longer than ${this.maxLength} characters`);
    }
    const document = newObject();
    const stack: Frame[] = [];
    let current: Frame | undefined;
    let rootSeen = false;
    // Text since the last tag, CDATA section or processing instruction (comments do not end a run). Each run
    // is trimmed on its own and the runs are joined without a separator; a CDATA section is added as it is,
    // untrimmed. That is fast-xml-parser's `trimValues` behaviour, kept so answers read exactly as before.
    let run = "";
    // A byte order mark that survived decoding is not content (XML 1.0 §4.3.3).
    const documentStart = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
    let pos = documentStart;

    while (pos < length) {
      const lt = xml.indexOf("<", pos);
      const textEnd = lt === -1 ? length : lt;
      if (textEnd > pos) {
        if (current === undefined) this.expectSpace(pos, textEnd, rootSeen);
        else if (run !== "" || !this.isSpaceOnly(pos, textEnd)) run += this.text(pos, textEnd);
      }
      if (lt === -1) break;
      const next = xml.charCodeAt(lt + 1);

      if (next === SLASH) {
        // End tag (§3.1 [42]): must close the innermost open element, by the very same name.
        const nameStart = lt + 2;
        if (current === undefined) {
          throw this.error(lt, `end tag </${this.nameAt(nameStart)}> without a matching start tag`);
        }
        const nameEnd = nameStart + current.qname.length;
        if (!xml.startsWith(current.qname, nameStart) || this.isNamePartAt(nameEnd)) {
          throw this.error(
            lt,
            `expected </${current.qname}> (opened on line ${this.lineOf(current.start)}), found </${this.nameAt(nameStart)}>`,
          );
        }
        const close = this.skipSpace(nameEnd);
        if (xml.charCodeAt(close) !== GT) throw this.error(close, `end tag </${current.qname}> is not closed by '>'`);
        if (run !== "") {
          current.text = joinText(current.text, run);
          run = "";
        }
        let value: XmlValue;
        if (current.children === null) {
          value = current.text;
        } else {
          if (current.text !== "") current.children[TEXT_KEY] = current.text;
          value = current.children;
        }
        const closed = current;
        stack.pop();
        current = stack[stack.length - 1];
        addChild(current === undefined ? document : (current.children ??= newObject()), closed.key, value);
        pos = close + 1;
      } else if (next === BANG) {
        if (xml.startsWith("--", lt + 2)) {
          // Comment (§2.5 [15]): "--" may only appear as part of the closing "-->".
          const dashes = xml.indexOf("--", lt + 4);
          if (dashes === -1) throw this.error(lt, "comment is not closed by '-->'");
          if (xml.charCodeAt(dashes + 2) !== GT) throw this.error(dashes, "'--' inside a comment");
          pos = dashes + 3;
        } else if (xml.startsWith("[CDATA[", lt + 2)) {
          // CDATA section (§2.7): literal text, only inside the root element.
          if (current === undefined) throw this.error(lt, "CDATA section outside the root element");
          const end = xml.indexOf("]]>", lt + 9);
          if (end === -1) throw this.error(lt, "CDATA section is not closed by ']]>'");
          if (run !== "") {
            current.text = joinText(current.text, run);
            run = "";
          }
          current.text += this.normalizeNewlines(xml.slice(lt + 9, end), lt + 9, end);
          pos = end + 3;
        } else if (/^(DOCTYPE|ENTITY)/i.test(xml.slice(lt + 2, lt + 9))) {
          throw new MdmError("BAD_RESPONSE", "The MDM answer contains a DTD, which the API never uses");
        } else {
          throw this.error(lt, "'<!' starts neither a comment nor a CDATA section");
        }
      } else if (next === QUESTION) {
        pos = this.processingInstruction(lt, documentStart);
        if (current !== undefined && run !== "") {
          current.text = joinText(current.text, run);
          run = "";
        }
      } else {
        // Start tag or empty-element tag (§3.1 [40], [44]).
        const nameStart = lt + 1;
        const nameEnd = this.scanName(nameStart);
        if (nameEnd === nameStart) {
          throw this.error(lt, "'<' must start a tag; write it as &lt; in text");
        }
        const slot = this.nameHash & (NAME_SLOTS - 1);
        let qname = slotNames[slot];
        let key: string;
        if (qname !== undefined && qname.length === nameEnd - nameStart && xml.startsWith(qname, nameStart)) {
          key = slotKeys[slot] ?? "";
        } else {
          qname = xml.slice(nameStart, nameEnd);
          if (xml.charCodeAt(nameStart) === COLON || xml.charCodeAt(nameEnd - 1) === COLON) {
            throw this.error(lt, `<${qname}> is not a valid qualified name`);
          }
          key = keyOf(qname);
          slotNames[slot] = qname;
          slotKeys[slot] = key;
        }
        const tagEnd = this.attributes(nameEnd, qname);
        const empty = xml.charCodeAt(tagEnd - 2) === SLASH;
        if (current === undefined) {
          if (rootSeen) throw this.error(lt, `second root element <${qname}>; a document has exactly one`);
          rootSeen = true;
        } else if (run !== "") {
          current.text = joinText(current.text, run);
          run = "";
        }
        if (stack.length >= this.maxDepth) {
          throw new MdmError("BAD_RESPONSE", `The MDM answer nests elements more than ${this.maxDepth} deep`);
        }
        if (empty) {
          addChild(current === undefined ? document : (current.children ??= newObject()), key, "");
        } else {
          current = { qname, key, start: lt, children: null, text: "" };
          stack.push(current);
        }
        pos = tagEnd;
      }
    }

    if (current !== undefined) {
      throw this.error(length, `the document ends inside <${current.qname}> (opened on line ${this.lineOf(current.start)})`);
    }
    if (!rootSeen) throw this.error(length, "no root element");
    return document;
  }

  /**
   * Reads the attributes of a start tag from just after its name, checking them (§3.1 [41], WFC: Unique Att
   * Spec, WFC: No < in Attribute Values) and throwing their values away. Returns the index after the tag's
   * closing `>` or `/>`.
   */
  private attributes(from: number, qname: string): number {
    const { xml } = this;
    let pos = from;
    // Attribute names of this tag: real tags have a handful, hostile ones may have thousands, hence the Set.
    let seen: string[] | Set<string> | undefined;
    for (;;) {
      const at = this.skipSpace(pos);
      const c = xml.charCodeAt(at);
      if (c === GT) return at + 1;
      if (c === SLASH) {
        if (xml.charCodeAt(at + 1) === GT) return at + 2;
        throw this.error(at, `'/' inside <${qname}> must be followed by '>'`);
      }
      if (at >= this.length) throw this.error(at, `the document ends inside the tag <${qname}>`);
      if (at === pos) throw this.error(at, `unexpected character ${JSON.stringify(xml[at])} in the tag <${qname}>`);
      const nameEnd = this.scanName(at);
      if (nameEnd === at) throw this.error(at, `unexpected character ${JSON.stringify(xml[at])} in the tag <${qname}>`);
      const name = xml.slice(at, nameEnd);
      if (seen === undefined) {
        seen = [name];
      } else if (Array.isArray(seen) ? seen.includes(name) : seen.has(name)) {
        throw this.error(at, `attribute ${name} appears twice in <${qname}>`);
      } else if (!Array.isArray(seen)) {
        seen.add(name);
      } else if (seen.length < 16) {
        seen.push(name);
      } else {
        seen = new Set(seen).add(name);
      }
      const equals = this.skipSpace(nameEnd);
      if (xml.charCodeAt(equals) !== EQUALS) throw this.error(equals, `attribute ${name} has no '=' value`);
      const open = this.skipSpace(equals + 1);
      const quote = xml.charCodeAt(open);
      if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) {
        throw this.error(open, `the value of attribute ${name} must be quoted`);
      }
      const close = xml.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", open + 1);
      if (close === -1) throw this.error(open, `the value of attribute ${name} is not closed`);
      let lt = this.nextLt;
      if (lt !== -1 && lt <= open) lt = this.nextLt = xml.indexOf("<", open + 1);
      if (lt !== -1 && lt < close) throw this.error(lt, `'<' in the value of attribute ${name}`);
      this.text(open + 1, close); // checks the references; the value itself is not read
      pos = close + 1;
    }
  }

  /** A processing instruction or the XML declaration (§2.6, §2.8); returns the index after it. */
  private processingInstruction(lt: number, documentStart: number): number {
    const { xml } = this;
    const targetEnd = this.scanName(lt + 2);
    if (targetEnd === lt + 2) throw this.error(lt, "'<?' is not followed by a processing instruction target");
    const end = xml.indexOf("?>", targetEnd);
    if (end === -1) throw this.error(lt, "processing instruction is not closed by '?>'");
    // Namespaces in XML §7: processing instruction targets contain no colon.
    const colon = xml.indexOf(":", lt + 2);
    if (colon !== -1 && colon < targetEnd) throw this.error(lt, "processing instruction target contains ':'");
    if (end !== targetEnd && !isXmlSpace(xml.charCodeAt(targetEnd))) {
      throw this.error(targetEnd, "processing instruction target must be followed by whitespace");
    }
    // "xml" in any case is reserved; the declaration itself may only open the document (§2.8 [23]).
    if (targetEnd - lt - 2 === 3 && xml.slice(lt + 2, targetEnd).toLowerCase() === "xml") {
      if (lt !== documentStart) throw this.error(lt, "the XML declaration is only allowed at the very start");
      if (!XML_DECLARATION.test(xml.slice(lt, end + 2))) throw this.error(lt, "malformed XML declaration");
    }
    return end + 2;
  }

  /** Text outside the root element may only be whitespace (§2.1 [1], [27] Misc). */
  private expectSpace(from: number, to: number, rootSeen: boolean): void {
    for (let i = from; i < to; i++) {
      if (!isXmlSpace(this.xml.charCodeAt(i))) {
        throw this.error(i, rootSeen ? "text after the root element" : "text before the root element");
      }
    }
  }

  private isSpaceOnly(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (!isXmlSpace(this.xml.charCodeAt(i))) return false;
    return true;
  }

  /**
   * Character data from..to with references decoded and line ends normalised (§2.11). A bare '&' or a
   * reference other than the five predefined entities and character references is an error: without a DTD
   * no other entity is declared (§4.1 WFC: Entity Declared).
   */
  private text(from: number, to: number): string {
    const { xml } = this;
    let amp = this.nextAmp;
    if (amp !== -1 && amp < from) amp = this.nextAmp = xml.indexOf("&", from);
    let value: string;
    if (amp === -1 || amp >= to) {
      value = xml.slice(from, to);
    } else {
      value = "";
      let pos = from;
      while (amp !== -1 && amp < to) {
        const semi = xml.indexOf(";", amp + 1);
        if (semi === -1 || semi >= to || semi - amp > 12) {
          throw this.error(amp, "'&' must start an entity or character reference; write it as &amp;");
        }
        value += xml.slice(pos, amp) + this.reference(amp, semi);
        pos = semi + 1;
        amp = xml.indexOf("&", pos);
      }
      this.nextAmp = amp;
      value += xml.slice(pos, to);
    }
    return this.normalizeNewlines(value, from, to);
  }

  /** The character a reference `&...;` (amp..semi) stands for (§4.1 [66], [68]). */
  private reference(amp: number, semi: number): string {
    const { xml } = this;
    if (xml.charCodeAt(amp + 1) === HASH) {
      const hex = xml.charCodeAt(amp + 2) === LOWER_X;
      const digits = xml.slice(amp + (hex ? 3 : 2), semi);
      const valid = hex ? /^[0-9A-Fa-f]{1,6}$/.test(digits) : /^[0-9]{1,7}$/.test(digits);
      const cp = valid ? parseInt(digits, hex ? 16 : 10) : -1;
      if (!isXmlChar(cp)) throw this.error(amp, `${xml.slice(amp, semi + 1)} is not a legal character reference`);
      return String.fromCodePoint(cp);
    }
    const name = xml.slice(amp + 1, semi);
    const value = PREDEFINED_ENTITIES.get(name);
    if (value === undefined) {
      throw this.error(amp, `unknown entity &${name}; (only &lt; &gt; &amp; &apos; &quot; exist without a DTD)`);
    }
    return value;
  }

  /** CR LF and lone CR become LF (§2.11), as fast-xml-parser did. `value` is the decoded text of from..to. */
  private normalizeNewlines(value: string, from: number, to: number): string {
    let cr = this.nextCr;
    if (cr !== -1 && cr < from) cr = this.nextCr = this.xml.indexOf("\r", from);
    if (cr === -1 || cr >= to) return value;
    return value.replace(/\r\n?/g, "\n");
  }

  /** End of the XML Name starting at `from` (§2.3 [5]); `from` itself when none starts there. */
  private scanName(from: number): number {
    const { xml, length } = this;
    let i = from;
    let hash = 0;
    while (i < length) {
      const c = xml.charCodeAt(i);
      if (c < 128) {
        const kind = ASCII_NAME[c] ?? 0;
        if ((kind & (i === from ? NAME_START : NAME_PART)) === 0) break;
        i++;
      } else {
        const cp = xml.codePointAt(i) ?? 0;
        if (!(i === from ? isNonAsciiNameStart(cp) : isNonAsciiNamePart(cp))) break;
        i += cp > 0xffff ? 2 : 1;
      }
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    this.nameHash = hash ^ (hash >>> 8);
    return i;
  }

  private isNamePartAt(i: number): boolean {
    const c = this.xml.charCodeAt(i);
    if (Number.isNaN(c)) return false;
    if (c < 128) return ((ASCII_NAME[c] ?? 0) & NAME_PART) !== 0;
    return isNonAsciiNamePart(this.xml.codePointAt(i) ?? 0);
  }

  private skipSpace(from: number): number {
    let i = from;
    while (i < this.length && isXmlSpace(this.xml.charCodeAt(i))) i++;
    return i;
  }

  /** The name at `from`, for error messages only (shortened, never the whole rest of the document). */
  private nameAt(from: number): string {
    return this.xml.slice(from, Math.min(this.scanName(from), from + 100));
  }

  private lineOf(pos: number): number {
    let line = 1;
    for (let i = this.xml.indexOf("\n"); i !== -1 && i < pos; i = this.xml.indexOf("\n", i + 1)) line++;
    return line;
  }

  private error(pos: number, message: string): MdmError {
    return new MdmError("BAD_RESPONSE", `The MDM answer is not well-formed XML (line ${this.lineOf(pos)}: ${message})`);
  }
}

/** Runs are trimmed one by one and joined without a separator: fast-xml-parser's `trimValues` behaviour. */
function joinText(text: string, run: string): string {
  const trimmed = run.trim();
  return text === "" ? trimmed : text + trimmed;
}

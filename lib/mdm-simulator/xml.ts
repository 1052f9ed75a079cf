/**
 * A small XML writer for `<ise_api>` answers, and a tolerant reader for request bodies.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";

/** An element: name, optional attributes, and either text or child elements. */
export interface XmlElement {
  name: string;
  attributes?: Record<string, string>;
  content?: string | XmlElement[];
}

export type XmlValue = string | number | boolean | undefined | null;

/** A leaf element; booleans become "true"/"false" as the MDM API requires (ISE MDM reference §1.2). */
export function leaf(name: string, value: XmlValue): XmlElement {
  return { name, content: value === undefined || value === null ? "" : String(value) };
}

export function element(name: string, children: XmlElement[], attributes?: Record<string, string>): XmlElement {
  return attributes ? { name, attributes, content: children } : { name, content: children };
}

// XML 1.0 §2.2: characters outside this set cannot appear in a document, even escaped.
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const TEXT_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Escapes text for element content and attribute values (XML 1.0 §2.4, §3.3.3). */
export function escapeXml(text: string): string {
  return text.replace(INVALID_XML_CHARS, "").replace(/[&<>"']/g, (char) => TEXT_ESCAPES[char] ?? char);
}

const XML_NAME = /^[A-Za-z_][A-Za-z0-9._-]*(:[A-Za-z_][A-Za-z0-9._-]*)?$/;

function renderElement(node: XmlElement, depth: number, out: string[]): void {
  if (!XML_NAME.test(node.name)) throw new Error(`Invalid XML element name: ${node.name}`);
  const indent = "  ".repeat(depth);
  let open = `<${node.name}`;
  for (const [attribute, value] of Object.entries(node.attributes ?? {})) {
    if (!XML_NAME.test(attribute)) throw new Error(`Invalid XML attribute name: ${attribute}`);
    open += ` ${attribute}="${escapeXml(value)}"`;
  }
  const content = node.content;
  if (content === undefined || content === "" || (Array.isArray(content) && content.length === 0)) {
    out.push(`${indent}${open}/>`);
  } else if (typeof content === "string") {
    out.push(`${indent}${open}>${escapeXml(content)}</${node.name}>`);
  } else {
    out.push(`${indent}${open}>`);
    for (const child of content) renderElement(child, depth + 1, out);
    out.push(`${indent}</${node.name}>`);
  }
}

/** Renders a document with an XML declaration, indented for people reading it with curl. */
export function renderXmlDocument(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  renderElement(root, 0, out);
  return `${out.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------------
// Reading request bodies.

export class XmlBodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlBodyError";
  }
}

/** A parsed element: text, or named children (each name maps to every occurrence). */
export type XmlTree = { [name: string]: XmlNodeValue[] };
export type XmlNodeValue = string | XmlTree;

const parser = new XMLParser({
  ignoreAttributes: true,
  // Namespaces and case vary between real ISE clients; the element names are what matters.
  removeNSPrefix: true,
  transformTagName: (name) => name.toLowerCase(),
  // Keep every value a string: IMEIs and MACs with leading zeros must not become numbers.
  parseTagValue: false,
  trimValues: true,
  // Never expand entities beyond the five predefined ones (no DOCTYPE entity tricks).
  processEntities: true,
  htmlEntities: false,
  isArray: () => true,
});

/** Parses an XML request body into an XmlTree whose root is keyed by its lower-cased element name. */
export function parseXmlBody(body: string): XmlTree {
  if (body.trim() === "") throw new XmlBodyError("The request body is empty; an <ise_api> document is required");
  if (/<!DOCTYPE/i.test(body)) throw new XmlBodyError("DOCTYPE declarations are not accepted");
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new XmlBodyError(`The request body is not well-formed XML: ${valid.err.msg}`);
  return parser.parse(body) as XmlTree;
}

/** The children of the first `name` element under `tree`, or undefined. */
export function childTree(tree: XmlTree | undefined, name: string): XmlTree | undefined {
  const value = tree?.[name]?.[0];
  return typeof value === "object" ? value : undefined;
}

/** Text of every `name` element directly under `tree` (empty elements give ""). */
export function childTexts(tree: XmlTree | undefined, name: string): string[] {
  return (tree?.[name] ?? []).map((value) => (typeof value === "string" ? value : ""));
}

/** Text of the first `name` element directly under `tree`, or undefined when absent. */
export function childText(tree: XmlTree | undefined, name: string): string | undefined {
  return childTexts(tree, name)[0];
}

/**
 * A small namespace-aware element tree over saxes, shared by the UWS and VOSI
 * parsers of every protocol package (moved here from @vo/protocol-tap). These documents are small (a job, a capabilities list, a tableset),
 * so a tree is simpler than streaming; VOTables never go through here.
 *
 * Lax about what real services get wrong: undeclared prefixes (pyVO's corpus has
 * `xsi:type` without an `xmlns:xsi`), `xsi:type` with any prefix, and child
 * elements in or out of the parent's namespace. Strict about well-formedness:
 * a broken document is a `DALFormatError` naming line, column and element.
 * Internal DTD entities are expanded with @vo/votable's `EntityTable` (its
 * limits; external entities never fetched).
 * @internal
 */
import { SaxesParser } from "saxes";
import { asTimestamp, DALFormatError, EntityTable } from "@vo/votable";

/** Namespaces whose usual prefixes are resolved when a document forgets to declare them. */
const WELL_KNOWN_PREFIXES: { readonly [prefix: string]: string } = {
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
  xlink: "http://www.w3.org/1999/xlink",
  vs: "http://www.ivoa.net/xml/VODataService/v1.1",
  vr: "http://www.ivoa.net/xml/VOResource/v1.0",
  tr: "http://www.ivoa.net/xml/TAPRegExt/v1.0",
  uws: "http://www.ivoa.net/xml/UWS/v1.0",
  vosi: "http://www.ivoa.net/xml/VOSICapabilities/v1.0",
  cap: "http://www.ivoa.net/xml/VOSICapabilities/v1.0",
  vtm: "http://www.ivoa.net/xml/VOSITables/v1.0",
  avl: "http://www.ivoa.net/xml/VOSIAvailability/v1.0",
};

/**
 * Elements of a UWS/VOSI document may nest at most this deep (real ones nest under ten levels). Deeper is a
 * `DALFormatError`: it keeps the element paths small and every recursive walk over the tree safe.
 * @internal
 */
export const MAX_XML_DEPTH = 256;

/** The XML Schema instance namespace (`xsi:type`, `xsi:nil`). @internal */
export const XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";
/** The XLink namespace (`xlink:href`). @internal */
export const XLINK_NS = "http://www.w3.org/1999/xlink";

/** One attribute, by namespace URI and local name. @internal */
export interface XmlAttribute {
  readonly uri: string;
  readonly local: string;
  readonly prefix: string;
  readonly value: string;
}

/** One element of the tree. @internal */
export interface XmlElement {
  /** Namespace URI ("" when unqualified). */
  readonly uri: string;
  readonly local: string;
  readonly prefix: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: XmlElement[];
  /** Concatenated direct text content (not trimmed). */
  text: string;
  /** 1-based line and 1-based column of the start tag. */
  readonly line: number;
  readonly column: number;
  /** Element path from the root, e.g. `capabilities/capability[3]/interface`. */
  readonly path: string;
}

/** A warning from a lax parse: something a strict reader would reject, repaired. */
export interface ParseWarning {
  /** What was repaired or ignored. */
  readonly message: string;
  /** The line in the document, when known. */
  readonly line?: number | undefined;
  /** The element path, when known. */
  readonly element?: string | undefined;
}

/** Options shared by every UWS/VOSI document parser. */
export interface ParseOptions {
  /** Receives the repairs a lax parse made (undeclared prefixes, bad dates, unknown flags…). */
  onWarning?: ((warning: ParseWarning) => void) | undefined;
  /** Where the document came from; used in error messages. */
  url?: string | undefined;
  /**
   * Refuse instead of repair (pyVO's `pedantic=True`): the first thing a lax parse would warn about is a
   * `DALFormatError` naming it and where. Default false.
   */
  strict?: boolean | undefined;
}

/** Anything a parser accepts: text, or UTF-8 bytes. */
export type XmlSource = string | Uint8Array | ArrayBuffer;

/**
 * Parses a whole document into a tree.
 * @throws {DALFormatError} when the document is not well-formed XML, is empty, or is an HTML page.
 * @internal
 */
export function parseXml(source: XmlSource, standard: string, options: ParseOptions = {}): XmlElement {
  const text = typeof source === "string" ? source : new TextDecoder("utf-8").decode(source);
  const head = text.slice(0, 512).trimStart().toLowerCase();
  if (head === "") throw new DALFormatError(`empty response where a ${standard} document was expected`, { url: options.url, standard });
  if (head.startsWith("<!doctype html") || head.startsWith("<html")) {
    throw new DALFormatError(`got an HTML page where a ${standard} document was expected`, {
      url: options.url,
      standard,
      location: { line: 1, element: "html" },
    });
  }
  // In strict mode, a warning of the XML layer ends the parse as a format error once the parser is done.
  let refused: ParseWarning | undefined;
  const warn = (w: ParseWarning): void => {
    if (options.strict) refused ??= w;
    else options.onWarning?.(w);
  };
  const parser = new SaxesParser({
    xmlns: true,
    position: true,
    resolvePrefix: (prefix: string): string | undefined => {
      if (prefix === "") return undefined; // unqualified names in no namespace are fine
      const known = WELL_KNOWN_PREFIXES[prefix];
      warn({
        message: `namespace prefix "${prefix}" is used without a declaration${known ? `; assuming ${known}` : ""}`,
        line: parser.line,
      });
      return known ?? `urn:undeclared:${prefix}`;
    },
  });
  const stack: XmlElement[] = [];
  const counters: Map<string, number>[] = [new Map()];
  let root: XmlElement | undefined;
  let failure: DALFormatError | undefined;
  const fail = (message: string, reason?: string): void => {
    failure ??= new DALFormatError(`${standard}: ${message}`, {
      url: options.url,
      standard,
      reason,
      location: { line: parser.line, column: parser.column + 1, element: stack.at(-1)?.path },
    });
  };
  // Internal DTD entities expanded with @vo/votable's limits; external ones never fetched.
  parser.on("doctype", (doctype: string) => {
    const entities = new EntityTable(doctype, {
      warn: (message) => warn({ message, line: parser.line }),
      external: (name, systemId) => {
        warn({ message: `entity &${name}; is external (${systemId}) and is never fetched`, line: parser.line });
        return `[external entity ${name} not fetched]`;
      },
    });
    entities.install(parser.ENTITIES);
  });
  parser.on("error", (err: Error) => {
    // saxes prefixes its message with "line:column: "; we report position separately.
    fail(err.message.replace(/^[^:]*:?\d+:\d+: /, ""));
  });
  parser.on("opentag", (tag) => {
    if (stack.length >= MAX_XML_DEPTH) {
      fail(`elements nested deeper than ${MAX_XML_DEPTH} levels`);
      throw failure;
    }
    const parent = stack.at(-1);
    const siblings = counters.at(-1) ?? new Map<string, number>();
    const n = (siblings.get(tag.local) ?? 0) + 1;
    siblings.set(tag.local, n);
    const segment = n > 1 ? `${tag.local}[${n}]` : tag.local;
    const attributes: XmlAttribute[] = [];
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === "xmlns" || (a.prefix === "" && a.local === "xmlns")) continue;
      attributes.push({ uri: a.uri, local: a.local, prefix: a.prefix, value: a.value });
    }
    const el: XmlElement = {
      uri: tag.uri,
      local: tag.local,
      prefix: tag.prefix,
      attributes,
      children: [],
      text: "",
      line: parser.line,
      column: parser.column,
      path: parent ? `${parent.path}/${segment}` : segment,
    };
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
    counters.push(new Map());
  });
  parser.on("text", (t: string) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on("cdata", (t: string) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on("closetag", () => {
    stack.pop();
    counters.pop();
  });
  try {
    parser.write(text);
    if (!failure) parser.close();
  } catch (err) {
    if (!failure) fail(err instanceof Error ? err.message : String(err), err instanceof DALFormatError ? err.reason : undefined);
  }
  if (failure) throw failure;
  if (!root) throw new DALFormatError(`${standard}: no root element`, { url: options.url, standard });
  if (refused) {
    throw new DALFormatError(`${standard}: ${refused.message} (strict parse)`, { url: options.url, standard, location: { line: refused.line } });
  }
  return root;
}

/** The first child with this local name (namespace ignored: services disagree on qualification). @internal */
export function child(el: XmlElement, local: string): XmlElement | undefined {
  return el.children.find((c) => c.local === local);
}

/** Every child with this local name. @internal */
export function childrenNamed(el: XmlElement, local: string): XmlElement[] {
  return el.children.filter((c) => c.local === local);
}

/** Trimmed text of the first child with this name; `undefined` when absent, empty or `xsi:nil`. @internal */
export function childText(el: XmlElement, local: string): string | undefined {
  const c = child(el, local);
  if (!c || isNil(c)) return undefined;
  const t = c.text.trim();
  return t === "" ? undefined : t;
}

/** True when the element carries `xsi:nil="true"`. @internal */
export function isNil(el: XmlElement): boolean {
  const v = attr(el, "nil", XSI_NS);
  return v === "true" || v === "1";
}

/**
 * An attribute by local name. With `uri`, only an attribute in that namespace
 * matches (or, laxly, an unprefixed one of the same local name).
 * @internal
 */
export function attr(el: XmlElement, local: string, uri?: string): string | undefined {
  if (uri === undefined) return el.attributes.find((a) => a.local === local && a.uri === "")?.value;
  return (
    el.attributes.find((a) => a.local === local && a.uri === uri)?.value ??
    el.attributes.find((a) => a.local === local && a.prefix !== "")?.value
  );
}

/** The local part of `xsi:type` ("vs:ParamHTTP" → "ParamHTTP"), whatever prefix the service used. @internal */
export function xsiType(el: XmlElement): string | undefined {
  const v = attr(el, "type", XSI_NS);
  if (v === undefined) return undefined;
  const i = v.indexOf(":");
  return i < 0 ? v.trim() : v.slice(i + 1).trim();
}

/** Builds a DALFormatError located at an element. @internal */
export function formatError(message: string, el: XmlElement, standard: string, options: ParseOptions): DALFormatError {
  return new DALFormatError(`${standard}: ${message}`, {
    url: options.url,
    standard,
    location: { line: el.line, column: el.column, element: el.path },
  });
}

/** Sends a warning located at an element; in strict mode throws it as a `DALFormatError` instead. @internal */
export function warnAt(options: ParseOptions, el: XmlElement, message: string): void {
  if (options.strict) {
    throw new DALFormatError(`${message} (strict parse)`, { url: options.url, location: { line: el.line, column: el.column, element: el.path } });
  }
  options.onWarning?.({ message, line: el.line, element: el.path });
}

/**
 * Parses an ISO 8601 / DALI timestamp, rounded to the millisecond. A missing
 * zone means UTC (DALI); an invalid value is reported and dropped.
 * @internal
 */
export function parseTimestamp(text: string | undefined, el: XmlElement, options: ParseOptions): Date | undefined {
  if (text === undefined) return undefined;
  const s = /(Z|[+-]\d\d:?\d\d)$/i.test(text) || !/T\d/.test(text) ? text : `${text}Z`;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  // DALI forms through the one timestamp reader (fractions rounded to the millisecond); other ISO forms as Date reads them.
  const d = asTimestamp(text) ?? new Date(s);
  const month = m ? Number(m[2]) : 1;
  const day = m ? Number(m[3]) : 1;
  if (!m || Number.isNaN(d.getTime()) || month < 1 || month > 12 || day < 1 || day > 31) {
    warnAt(options, el, `"${text}" is not an ISO 8601 timestamp; ignored`);
    return undefined;
  }
  return d;
}

/** Parses an integer; an invalid value is reported and dropped. @internal */
export function parseInteger(text: string | undefined, el: XmlElement, options: ParseOptions): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(text)) {
    const f = Number(text);
    if (Number.isFinite(f)) {
      warnAt(options, el, `"${text}" is not an integer; rounded`);
      return Math.round(f);
    }
    warnAt(options, el, `"${text}" is not an integer; ignored`);
    return undefined;
  }
  return Number(text);
}

/**
 * DALI examples (DALI 1.1 §2.3, TAP 1.1 §2.5): an XHTML document with RDFa
 * attributes. Each example is an element with `typeof="example"` and an `id`;
 * inside it, `property="name"`, `property="query"` (the ADQL) and any number of
 * `property="table"`. Further documents are linked with `rel="continuation"`.
 *
 * Services serve anything from strict XHTML (DaCHS) to tag soup, so this is a
 * small tolerant scanner, not an XML parser: unclosed and void elements, stray
 * end tags, `<script>`, comments and HTML entities (`&nbsp;`) never fail it.
 */
import { DALFormatError } from "@vo/core";
import type { ParseOptions } from "@vo/core";

/** One example query of a TAP service. */
export interface TAPExample {
  /** The element's `id` (the fragment identifier of the example). */
  readonly id: string;
  /** The example's title (`property="name"`). */
  readonly name: string;
  /** The ADQL query (`property="query"`, or a DALI generic parameter QUERY). */
  readonly query: string;
  /** Tables the example uses (`property="table"`), as fully qualified names. */
  readonly tables: readonly string[];
  /** The rest of the example's text, whitespace collapsed. */
  readonly description: string;
}

/** What one examples document holds: its examples and the URLs of its continuation documents. */
export interface ExamplesDocument {
  /** The examples, in document order. */
  readonly examples: TAPExample[];
  /** Absolute URLs of `rel="continuation"` links (relative ones resolved against `options.url`). */
  readonly continuations: string[];
}

/** One element of the tolerant HTML tree. */
interface HtmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: (HtmlElement | string)[];
}

const VOID_ELEMENTS = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);
const RAW_TEXT_ELEMENTS = new Set(["script", "style"]);
const BLOCK_ELEMENTS = new Set(["p", "div", "pre", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "blockquote"]);
const START_TAG = /<([A-Za-z][^\s/>]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/y;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const END_TAG = /<\/([A-Za-z][^\s/>]*)\s*>/y;
const NAMED_ENTITIES: { readonly [name: string]: string } = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  laquo: "«",
  raquo: "»",
  deg: "°",
  times: "×",
  middot: "·",
  copy: "©",
};

/**
 * Parses a DALI examples document. Examples without a query are left out with
 * a warning; so are duplicate ids after the first.
 * @example
 * const { examples, continuations } = parseExamples(html, { url: "https://example.org/tap/examples" });
 */
export function parseExamples(source: string, options: ParseOptions = {}): ExamplesDocument {
  const root = parseHtml(source);
  const examples: TAPExample[] = [];
  const continuations: string[] = [];
  const seen = new Set<string>();
  const visit = (el: HtmlElement): void => {
    if (hasToken(el, "rel", "continuation") || hasToken(el, "property", "continuation")) {
      const href = el.attributes.get("href") ?? el.attributes.get("resource");
      const url = href === undefined ? undefined : resolveUrl(href, options.url);
      if (url !== undefined && !continuations.includes(url)) continuations.push(url);
    }
    if (hasToken(el, "typeof", "example")) {
      const example = readExample(el, options);
      if (example && seen.has(example.id)) {
        warn(options, `example id "${example.id}" is used twice; the second is ignored`, el.name);
      } else if (example) {
        seen.add(example.id);
        examples.push(example);
      }
    }
    for (const c of el.children) if (typeof c !== "string") visit(c);
  };
  visit(root);
  return { examples, continuations };
}

function readExample(el: HtmlElement, options: ParseOptions): TAPExample | undefined {
  const id = el.attributes.get("id") ?? el.attributes.get("resource")?.replace(/^#/, "") ?? "";
  const properties = new Map<string, HtmlElement[]>();
  collectProperties(el, properties);
  const name = collapse(propertyText(properties.get("name")?.[0]) ?? "");
  let queryEl = properties.get("query")?.[0];
  for (const param of properties.get("generic-parameter") ?? []) {
    const inner = new Map<string, HtmlElement[]>();
    collectProperties(param, inner);
    if (queryEl === undefined && collapse(propertyText(inner.get("key")?.[0]) ?? "").toUpperCase() === "QUERY") queryEl = inner.get("value")?.[0];
  }
  const query = propertyText(queryEl)?.trim() ?? "";
  if (query === "") {
    warn(options, `example "${id || name}" has no query; ignored`, el.name);
    return undefined;
  }
  if (id === "") warn(options, `example "${name}" has no id`, el.name);
  const tables = (properties.get("table") ?? []).map((t) => collapse(propertyText(t) ?? "")).filter((t) => t !== "");
  const skip = new Set([...(properties.get("name") ?? []), ...(properties.get("query") ?? []), ...(properties.get("generic-parameter") ?? [])]);
  if (queryEl) skip.add(queryEl);
  return { id, name, query, tables: [...new Set(tables)], description: collapse(textOf(el, skip)) };
}

/** Elements carrying `property` inside an example, by property; nested typed elements (other resources) are not entered. */
function collectProperties(el: HtmlElement, out: Map<string, HtmlElement[]>): void {
  for (const c of el.children) {
    if (typeof c === "string") continue;
    for (const p of tokens(c, "property")) {
      const local = p.slice(Math.max(p.lastIndexOf(":"), p.lastIndexOf("#"), p.lastIndexOf("/")) + 1);
      out.set(local, [...(out.get(local) ?? []), c]);
    }
    if (!c.attributes.has("typeof") && !c.attributes.has("property")) collectProperties(c, out);
  }
}

/** An RDFa property's value: its `content` attribute, else its text. */
function propertyText(el: HtmlElement | undefined): string | undefined {
  if (el === undefined) return undefined;
  return el.attributes.get("content") ?? textOf(el, new Set());
}

/** Text content; block elements and `<br>` become line breaks, `skip`ped subtrees are left out. */
function textOf(el: HtmlElement, skip: ReadonlySet<HtmlElement>): string {
  let out = "";
  for (const c of el.children) {
    if (typeof c === "string") out += c;
    else if (!skip.has(c)) out += BLOCK_ELEMENTS.has(c.name) ? `\n${textOf(c, skip)}\n` : textOf(c, skip);
  }
  return out;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function tokens(el: HtmlElement, attribute: string): string[] {
  return (el.attributes.get(attribute) ?? "").split(/\s+/).filter((t) => t !== "");
}

/** True when a space-separated attribute holds `token` (a CURIE or full IRI ending in it counts: `dali:example`, `…#example`). */
function hasToken(el: HtmlElement, attribute: string, token: string): boolean {
  return tokens(el, attribute).some((t) => t === token || t.endsWith(`:${token}`) || t.endsWith(`#${token}`) || t.endsWith(`/${token}`));
}

function resolveUrl(href: string, base: string | undefined): string | undefined {
  try {
    return new URL(href, base).toString();
  } catch {
    return undefined;
  }
}

/** Decodes character references; unknown named entities are kept as written. */
function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]+|#\d+|[A-Za-z][A-Za-z0-9]*);/g, (whole, ref: string) => {
    if (ref.startsWith("#")) {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref] ?? NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/**
 * Builds an element tree from HTML or XHTML without ever failing: an end tag
 * closes the nearest open element of that name (or is ignored), void elements
 * never open, and what cannot be a tag is text.
 */
function parseHtml(source: string): HtmlElement {
  const root: HtmlElement = { name: "#root", attributes: new Map(), children: [] };
  const stack: HtmlElement[] = [root];
  let i = 0;
  const text = (t: string): void => {
    if (t !== "") stack.at(-1)!.children.push(decodeEntities(t));
  };
  while (i < source.length) {
    const lt = source.indexOf("<", i);
    if (lt < 0) {
      text(source.slice(i));
      break;
    }
    text(source.slice(i, lt));
    i = lt;
    if (source.startsWith("<!--", i)) {
      const end = source.indexOf("-->", i + 4);
      i = end < 0 ? source.length : end + 3;
    } else if (source.startsWith("<![CDATA[", i)) {
      const end = source.indexOf("]]>", i + 9);
      const stop = end < 0 ? source.length : end;
      stack.at(-1)!.children.push(source.slice(i + 9, stop));
      i = end < 0 ? source.length : end + 3;
    } else if (source.startsWith("<!", i) || source.startsWith("<?", i)) {
      const end = source.indexOf(">", i);
      i = end < 0 ? source.length : end + 1;
    } else if (source.startsWith("</", i)) {
      END_TAG.lastIndex = i;
      const m = END_TAG.exec(source);
      if (!m) {
        text("<");
        i++;
        continue;
      }
      i = END_TAG.lastIndex;
      const name = localName(m[1]!);
      const at = stack.findLastIndex((e) => e.name === name);
      if (at > 0) stack.length = at;
    } else {
      START_TAG.lastIndex = i;
      const m = START_TAG.exec(source);
      if (!m) {
        text("<");
        i++;
        continue;
      }
      i = START_TAG.lastIndex;
      const el: HtmlElement = { name: localName(m[1]!), attributes: readAttributes(m[2]!), children: [] };
      stack.at(-1)!.children.push(el);
      if (RAW_TEXT_ELEMENTS.has(el.name)) {
        const end = source.toLowerCase().indexOf(`</${el.name}`, i);
        i = end < 0 ? source.length : source.indexOf(">", end) + 1 || source.length;
      } else if (m[3] !== "/" && !VOID_ELEMENTS.has(el.name)) {
        stack.push(el);
      }
    }
  }
  return root;
}

function localName(name: string): string {
  return name.slice(name.indexOf(":") + 1).toLowerCase();
}

function readAttributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(ATTRIBUTE)) {
    const name = m[1]!.toLowerCase();
    if (!out.has(name)) out.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ""));
  }
  return out;
}

/** Reports what a lax read repaired; with `strict` (pyVO's `pedantic`) it is a `DALFormatError` instead. */
function warn(options: ParseOptions, message: string, element: string): void {
  if (options.strict) throw new DALFormatError(`DALI examples: ${message} (strict parse)`, { url: options.url, standard: "DALI 1.1 examples", location: { element } });
  options.onWarning?.({ message, element });
}

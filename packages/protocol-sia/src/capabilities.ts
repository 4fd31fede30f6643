/**
 * A small, tolerant reader of VOSI capabilities documents (VOSI 1.1 §2.1),
 * enough to find a service's SIA 2.0 query endpoint without an XML library:
 * namespace prefixes are ignored (elements and attributes by local name),
 * entities and character references are decoded, comments, CDATA, processing
 * instructions and a DOCTYPE are skipped, and unclosed or stray tags do not throw.
 */
import { StandardId } from "@vo/core";

/** One `<interface>` of a capability. */
export interface VOSIInterface {
  /** `xsi:type` without its prefix (`ParamHTTP`, `WebBrowser`), when given. */
  type: string | undefined;
  /** `role` (`std` for the standard interface), when given. */
  role: string | undefined;
  /** `version`, when given. */
  version: string | undefined;
  /** The `<accessURL>`s, whitespace-trimmed, entities decoded. */
  accessUrls: { url: string; use: string | undefined }[];
  /** The standardIDs of its `<securityMethod>`s (`undefined` for one without: anonymous access). */
  securityMethods: (string | undefined)[];
}

/** One `<capability>`. */
export interface VOSICapability {
  /** `standardID`; some capabilities (a DaCHS web form) have none. */
  standardId: string | undefined;
  /** `xsi:type` without its prefix, when given. */
  type: string | undefined;
  interfaces: VOSIInterface[];
}

interface XmlElement {
  name: string;
  attrs: Map<string, string>;
  children: XmlElement[];
  text: string;
}

const NAMED: { readonly [entity: string]: string } = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes the five XML entities and character references; anything else is left as it is. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith("#")) {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

const localName = (qname: string): string => qname.slice(qname.indexOf(":") + 1);
const isSpace = (c: string | undefined): boolean => c === " " || c === "\t" || c === "\n" || c === "\r";

/** The end of a tag that starts at `from` (the index of its `>`), skipping quoted attribute values; -1 when unterminated. */
function tagEnd(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === ">") {
      return i;
    }
  }
  return -1;
}

/** Parses the inside of a start tag (`name a="1" b='2'`) into its local name and attributes (local names too). */
function parseTag(inner: string): { name: string; attrs: Map<string, string> } {
  let i = 0;
  while (i < inner.length && !isSpace(inner[i])) i++;
  const name = localName(inner.slice(0, i));
  const attrs = new Map<string, string>();
  while (i < inner.length) {
    while (isSpace(inner[i])) i++;
    const start = i;
    while (i < inner.length && !isSpace(inner[i]) && inner[i] !== "=") i++;
    const attr = inner.slice(start, i);
    if (attr === "") {
      i++;
      continue;
    }
    while (isSpace(inner[i])) i++;
    let value = "";
    if (inner[i] === "=") {
      i++;
      while (isSpace(inner[i])) i++;
      const q = inner[i];
      if (q === '"' || q === "'") {
        const end = inner.indexOf(q, i + 1);
        value = inner.slice(i + 1, end < 0 ? inner.length : end);
        i = end < 0 ? inner.length : end + 1;
      } else {
        const begin = i;
        while (i < inner.length && !isSpace(inner[i])) i++;
        value = inner.slice(begin, i);
      }
    }
    if (!attr.startsWith("xmlns")) attrs.set(localName(attr), decodeEntities(value));
  }
  return { name, attrs };
}

/** A tolerant element tree of an XML document; undefined when there is no element at all. */
function parseXml(text: string): XmlElement | undefined {
  const top: XmlElement = { name: "#document", attrs: new Map(), children: [], text: "" };
  const stack: XmlElement[] = [top];
  const current = (): XmlElement => stack[stack.length - 1] as XmlElement;
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    if (lt < 0) break;
    if (lt > i) current().text += decodeEntities(text.slice(i, lt));
    if (text.startsWith("<!--", lt)) {
      const end = text.indexOf("-->", lt + 4);
      i = end < 0 ? text.length : end + 3;
    } else if (text.startsWith("<![CDATA[", lt)) {
      const end = text.indexOf("]]>", lt + 9);
      current().text += text.slice(lt + 9, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end + 3;
    } else if (text.startsWith("<?", lt)) {
      const end = text.indexOf("?>", lt + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (text.startsWith("<!", lt)) {
      // DOCTYPE, possibly with an internal subset in brackets.
      let depth = 0;
      let j = lt + 2;
      for (; j < text.length; j++) {
        if (text[j] === "[") depth++;
        else if (text[j] === "]") depth--;
        else if (text[j] === ">" && depth <= 0) break;
      }
      i = j + 1;
    } else if (text.startsWith("</", lt)) {
      const end = text.indexOf(">", lt);
      const name = localName(text.slice(lt + 2, end < 0 ? text.length : end).trim());
      // Pop to the matching open element; a stray end tag is ignored.
      const at = stack.map((e) => e.name).lastIndexOf(name);
      if (at > 0) stack.length = at;
      i = end < 0 ? text.length : end + 1;
    } else {
      const end = tagEnd(text, lt + 1);
      if (end < 0) break;
      let inner = text.slice(lt + 1, end).trim();
      const selfClosing = inner.endsWith("/");
      if (selfClosing) inner = inner.slice(0, -1);
      const { name, attrs } = parseTag(inner);
      const element: XmlElement = { name, attrs, children: [], text: "" };
      current().children.push(element);
      if (!selfClosing) stack.push(element);
      i = end + 1;
    }
  }
  return top.children.find(() => true);
}

function* descendants(element: XmlElement, name: string, stopAt?: string): Generator<XmlElement> {
  for (const child of element.children) {
    if (child.name === name) yield child;
    else if (child.name !== stopAt) yield* descendants(child, name, stopAt);
  }
}

/**
 * The capabilities of a VOSI capabilities document (any prefix on `capabilities`;
 * also the `<capability>`s of a VOResource record). Undefined when the text is not XML
 * or has no capabilities root and no capability.
 */
export function parseCapabilities(text: string): VOSICapability[] | undefined {
  const root = parseXml(text.replace(/^\uFEFF/, ""));
  if (!root) return undefined;
  const found = root.name === "capability" ? [root] : [...descendants(root, "capability")];
  if (found.length === 0 && root.name !== "capabilities") return undefined;
  return found.map((cap) => ({
    standardId: cap.attrs.get("standardID")?.trim() || undefined,
    type: typeName(cap.attrs.get("type")),
    interfaces: [...descendants(cap, "interface", "capability")].map((itf) => ({
      type: typeName(itf.attrs.get("type")),
      role: itf.attrs.get("role")?.trim() || undefined,
      version: itf.attrs.get("version")?.trim() || undefined,
      accessUrls: [...descendants(itf, "accessURL")]
        .map((a) => ({ url: a.text.trim(), use: a.attrs.get("use")?.trim() || undefined }))
        .filter((a) => a.url !== ""),
      securityMethods: [...descendants(itf, "securityMethod")].map((s) => s.attrs.get("standardID")?.trim() || undefined),
    })),
  }));
}

function typeName(xsiType: string | undefined): string | undefined {
  const t = xsiType?.trim();
  return t ? localName(t) : undefined;
}

const SIA2_QUERY = StandardId.SIA2.toLowerCase();
const SIA2_AUX = "ivo://ivoa.net/std/sia#query-aux-2.0";
const BASIC_AA = "ivo://ivoa.net/sso#basicaa";

/**
 * The SIA 2.0 query endpoints of a capabilities document, best first (pyVO's
 * choice in `SIA2Service.__init__`): capabilities with standardID
 * `ivo://ivoa.net/std/SIA#query-2.0` (then `#query-aux-2.0`; compared
 * case-insensitively; capabilities without standardID are skipped), their
 * `role="std"` ParamHTTP interfaces first and anonymous ones before secured
 * ones; interfaces whose only security method is BasicAA and browser
 * interfaces are left out. Relative URLs are resolved against `base`; only
 * http(s) URLs are kept, a bare trailing `?` is dropped.
 */
export function sia2Endpoints(capabilities: readonly VOSICapability[], base?: string): string[] {
  const ranked: { url: string; rank: number }[] = [];
  capabilities.forEach((cap) => {
    const id = cap.standardId?.toLowerCase();
    if (id !== SIA2_QUERY && id !== SIA2_AUX) return;
    for (const itf of cap.interfaces) {
      if (itf.type === "WebBrowser") continue;
      const secured = itf.securityMethods.length > 0 && itf.securityMethods.every((s) => s !== undefined);
      if (secured && itf.securityMethods.every((s) => s?.toLowerCase() === BASIC_AA)) continue;
      const rank = (id === SIA2_QUERY ? 0 : 4) + (itf.role === "std" && (itf.type ?? "ParamHTTP") === "ParamHTTP" ? 0 : 2) + (secured ? 1 : 0);
      for (const access of itf.accessUrls) {
        const url = absoluteHttpUrl(access.url, base);
        if (url !== undefined && !ranked.some((r) => r.url === url)) ranked.push({ url, rank });
      }
    }
  });
  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.url);
}

function absoluteHttpUrl(url: string, base: string | undefined): string | undefined {
  let parsed: URL;
  try {
    parsed = base === undefined ? new URL(url) : new URL(url, base);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined;
  const out = parsed.href;
  return out.endsWith("?") ? out.slice(0, -1) : out;
}

/** `<url>/capabilities` (VOSI): the query and fragment dropped, trailing slashes removed. */
export function capabilitiesUrl(url: string): string {
  const parsed = new URL(url);
  parsed.search = "";
  parsed.hash = "";
  parsed.pathname = parsed.pathname.replace(/\/+$/, "") + "/capabilities";
  return parsed.href;
}

/** The VOSI sibling `…/capabilities` of a query endpoint `…/query` (SIA 2.0 §2, DALI §2); undefined for a root URL. */
export function siblingCapabilitiesUrl(url: string): string | undefined {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/+$/, "");
  const slash = path.lastIndexOf("/");
  if (slash < 0 || path === "") return undefined;
  parsed.search = "";
  parsed.hash = "";
  parsed.pathname = `${path.slice(0, slash)}/capabilities`;
  return parsed.href;
}

/** `url` without a bare trailing `?` and with trailing slashes of the path ignored, for comparisons. */
export function sameEndpoint(a: string, b: string): boolean {
  const norm = (u: string): string => {
    try {
      const p = new URL(u);
      p.hash = "";
      const s = p.href.replace(/\?$/, "");
      return p.search === "" ? s.replace(/\/+$/, "") : s;
    } catch {
      return u;
    }
  };
  return norm(a) === norm(b);
}

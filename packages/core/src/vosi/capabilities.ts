/**
 * VOSI capabilities (VOSI 1.1 §3.2): the generic part every protocol package
 * shares — capabilities with their standardID and interfaces (type, role,
 * access URLs, security methods). Protocol extensions (TAPRegExt, SIA, …) are
 * read by their packages from the same tree.
 *
 * Lax about what real services get wrong: any namespace prefix (or none) on
 * elements, `xsi:type` read by its local part (`vs:ParamHTTP`, `vod:ParamHTTP`
 * and `ParamHTTP` are the same), capabilities without a standardID (a DaCHS
 * web form) kept with `standardId: undefined`. Strict about well-formedness: a
 * broken document is a `DALFormatError` naming line, column and element.
 */
import type { ParseOptions, XmlElement, XmlSource } from "./xml.js";
import { attr, childText, childrenNamed, formatError, parseXml, warnAt, xsiType } from "./xml.js";

/** The standard name used in the errors of a capabilities parse. @internal */
export const VOSI_CAPABILITIES_STANDARD = "VOSI 1.1 capabilities";

/** An `accessURL` and how to use it. */
export interface VOSIAccessURL {
  /** The URL, whitespace-trimmed. */
  readonly url: string;
  /** "full" (use as is, the default), "base" (append parameters/paths) or "dir". */
  readonly use: string;
}

/** A `mirrorURL`: another address serving the same interface (VOResource 1.1 §3.2.2). */
export interface VOSIMirrorURL {
  /** The URL, whitespace-trimmed. */
  readonly url: string;
  /** What the mirror is (its `title` attribute), when given. */
  readonly title?: string | undefined;
}

/** A `validationLevel`: how far a validator found the capability compliant (VOResource 1.1 §2.2.2). */
export interface VOSIValidationLevel {
  /** 0 (description stored), 1 (core compliant), 2 (fully compliant), 3 (inspected), 4 (and rated useful). */
  readonly level: number;
  /** The IVOA identifier of the validating registry (`validatedBy`). */
  readonly validatedBy: string;
}

/** A capability's `interface`. */
export interface VOSIInterface {
  /** Local part of `xsi:type`, e.g. "ParamHTTP", "WebBrowser". */
  readonly type?: string | undefined;
  /** "std" for the standard interface. */
  readonly role?: string | undefined;
  /** The standard version the interface implements, e.g. "1.1". */
  readonly version?: string | undefined;
  /** Where to send requests; empty accessURLs are dropped (with a warning). */
  readonly accessUrls: readonly VOSIAccessURL[];
  /** `securityMethod/@standardID`s; an element without standardID (anonymous) is listed as "". */
  readonly securityMethods: readonly string[];
  /** ParamHTTP `resultType` (MIME type of the answers). */
  readonly resultType?: string | undefined;
  /** ParamHTTP `testQueryString`, a query meant for validators. */
  readonly testQueryString?: string | undefined;
  /** ParamHTTP `queryType`s: the HTTP methods the interface takes ("GET", "POST"); absent when none are listed. */
  readonly queryTypes?: readonly string[] | undefined;
  /** The `mirrorURL`s, in document order; absent when there are none. */
  readonly mirrorUrls?: readonly VOSIMirrorURL[] | undefined;
}

/** One `capability`. */
export interface VOSICapability {
  /** The `standardID`, e.g. `ivo://ivoa.net/std/TAP`; undefined for a non-standard capability (a web form). */
  readonly standardId: string | undefined;
  /** Local part of `xsi:type`, e.g. "TableAccess". */
  readonly type?: string | undefined;
  /** Free-text description. */
  readonly description?: string | undefined;
  /** The interfaces, in document order. */
  readonly interfaces: readonly VOSIInterface[];
  /** The `validationLevel`s registries recorded; absent when there are none. */
  readonly validationLevels?: readonly VOSIValidationLevel[] | undefined;
}

/**
 * The `capability` elements of a parsed document: the children of a
 * `capabilities` root (any prefix), or those of a VOResource record.
 * @throws {DALFormatError} when the root is neither.
 * @internal
 */
export function capabilityElements(root: XmlElement, options: ParseOptions = {}): XmlElement[] {
  const found = childrenNamed(root, "capability");
  if (root.local !== "capabilities" && found.length === 0) {
    throw formatError(`expected a <capabilities> root element, found <${root.local}>`, root, VOSI_CAPABILITIES_STANDARD, options);
  }
  return found;
}

/**
 * Parses a VOSI capabilities document (also accepts a VOResource record with
 * `capability` children).
 * @throws {DALFormatError} when the document is not well-formed XML (with line, column and element), is empty or HTML, or is not a capabilities document.
 * @example
 * const caps = parseVOSICapabilities(xml, { url, onWarning: (w) => console.warn(w.message) });
 * const sia2 = caps.filter((c) => c.standardId?.toLowerCase() === "ivo://ivoa.net/std/sia#query-2.0");
 */
export function parseVOSICapabilities(source: XmlSource, options: ParseOptions = {}): VOSICapability[] {
  const root = parseXml(source, VOSI_CAPABILITIES_STANDARD, options);
  return capabilityElements(root, options).map((c) => readVOSICapability(c, options));
}

/** Reads one `capability` element (the generic part). @internal */
export function readVOSICapability(el: XmlElement, options: ParseOptions = {}): VOSICapability {
  const standardId = attr(el, "standardID")?.trim();
  const descriptions = childrenNamed(el, "description");
  if (descriptions.length > 1) warnAt(options, descriptions[1]!, "more than one description; keeping the first");
  const validationLevels: VOSIValidationLevel[] = [];
  for (const v of childrenNamed(el, "validationLevel")) {
    const level = Number(v.text.trim());
    if (v.text.trim() === "" || !Number.isInteger(level) || level < 0 || level > 4) {
      warnAt(options, v, `validationLevel "${v.text.trim()}" is not 0–4; ignored`);
      continue;
    }
    validationLevels.push({ level, validatedBy: attr(v, "validatedBy")?.trim() ?? "" });
  }
  const capability: VOSICapability = {
    standardId: standardId === "" ? undefined : standardId,
    type: xsiType(el),
    description: childText(el, "description"),
    interfaces: childrenNamed(el, "interface").map((i) => readVOSIInterface(i, options)),
  };
  return validationLevels.length > 0 ? { ...capability, validationLevels } : capability;
}

/**
 * The standardID of a `securityMethod` ("" for anonymous). DaCHS 2.7 writes the attribute as `standardId`;
 * it is read with a warning, since a reader that misses it would take a protected interface for an open one.
 */
function securityMethodId(el: XmlElement, options: ParseOptions): string {
  const id = attr(el, "standardID");
  if (id !== undefined) return id.trim();
  const misspelt = el.attributes.find((a) => a.uri === "" && a.local.toLowerCase() === "standardid");
  if (misspelt) {
    warnAt(options, el, `securityMethod has "${misspelt.local}" instead of "standardID"; read anyway`);
    return misspelt.value.trim();
  }
  return "";
}

/** Reads one `interface` element. @internal */
export function readVOSIInterface(el: XmlElement, options: ParseOptions = {}): VOSIInterface {
  const accessUrls: VOSIAccessURL[] = [];
  for (const a of childrenNamed(el, "accessURL")) {
    const url = a.text.trim();
    if (url === "") {
      warnAt(options, a, "empty accessURL; ignored");
      continue;
    }
    accessUrls.push({ url, use: attr(a, "use")?.trim() || "full" });
  }
  const mirrorUrls: VOSIMirrorURL[] = [];
  for (const m of childrenNamed(el, "mirrorURL")) {
    const url = m.text.trim();
    if (url === "") continue;
    const title = attr(m, "title")?.trim();
    mirrorUrls.push(title ? { url, title } : { url });
  }
  const iface: VOSIInterface = {
    type: xsiType(el) || undefined,
    role: attr(el, "role")?.trim() || undefined,
    version: attr(el, "version")?.trim() || undefined,
    accessUrls,
    securityMethods: childrenNamed(el, "securityMethod").map((s) => securityMethodId(s, options)),
    resultType: childText(el, "resultType"),
    testQueryString: childText(el, "testQueryString"),
  };
  const queryTypes = childrenNamed(el, "queryType").map((q) => q.text.trim().toUpperCase()).filter((q) => q !== "");
  return { ...iface, ...(queryTypes.length > 0 ? { queryTypes } : {}), ...(mirrorUrls.length > 0 ? { mirrorUrls } : {}) };
}

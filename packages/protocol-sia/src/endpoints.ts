/**
 * SIA 2.0 endpoints from VOSI capabilities (pyVO's `check_baseurl`): the
 * capabilities are read by @vo/core's `parseVOSICapabilities`; this module
 * only ranks their SIA#query-2.0 interfaces and builds the VOSI URLs.
 */
import { DALFormatError, parseVOSICapabilities, StandardId } from "@vo/core";
import type { ParseOptions, VOSICapability } from "@vo/core";

export type { VOSICapability, VOSIInterface } from "@vo/core";

/**
 * The capabilities of a VOSI capabilities document (any namespace prefix; also
 * the `<capability>`s of a VOResource record), read by @vo/core's
 * `parseVOSICapabilities`. Undefined when the text is not well-formed XML or
 * not a capabilities document.
 */
export function parseCapabilities(text: string, options: ParseOptions = {}): VOSICapability[] | undefined {
  try {
    return parseVOSICapabilities(text, options);
  } catch (error) {
    if (error instanceof DALFormatError) return undefined;
    throw error;
  }
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
      const secured = itf.securityMethods.length > 0 && itf.securityMethods.every((s) => s !== "");
      if (secured && itf.securityMethods.every((s) => s.toLowerCase() === BASIC_AA)) continue;
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

/**
 * IVOA standard identifiers (standardIDs) of the services and interfaces @vo
 * knows, their short aliases, and the normalisation that lets a standardID
 * read from a registry record find the plugin registered for it.
 *
 * The aliases follow pyVO's `SERVICE_TYPE_MAP` (pyvo/registry/rtcons.py);
 * `shortenStandardId` is pyVO's `shorten_stdid` (pyvo/registry/regtap.py).
 */

/** The standardIDs, in their canonical spelling. A plugin registers its service under one of these. */
export const StandardId = {
  /** Table Access Protocol (TAP 1.1, §2). */
  TAP: "ivo://ivoa.net/std/TAP",
  /** Simple Cone Search (SCS 1.03). */
  SCS: "ivo://ivoa.net/std/ConeSearch",
  /** Simple Image Access v1. */
  SIA1: "ivo://ivoa.net/std/SIA",
  /** Simple Image Access v2 (SIA 2.0 shares SIA1's resource key, only the fragment tells them apart). */
  SIA2: "ivo://ivoa.net/std/SIA#query-2.0",
  /** Simple Spectral Access. */
  SSA: "ivo://ivoa.net/std/SSA",
  /** Simple Line Access. */
  SLA: "ivo://ivoa.net/std/SLAP",
  /** A Datalink links endpoint (DataLink 1.0/1.1). */
  DATALINK: "ivo://ivoa.net/std/DataLink#links-1.0",
  /** A synchronous SODA endpoint. */
  SODA: "ivo://ivoa.net/std/SODA#sync-1.0",
  /** An asynchronous (UWS) SODA endpoint. */
  SODA_ASYNC: "ivo://ivoa.net/std/SODA#async-1.0",
  /** A RegTAP service (a TAP service with the RegTAP schema). */
  REGTAP: "ivo://ivoa.net/std/RegTAP#1.0",
  /** Universal Worker Service. */
  UWS: "ivo://ivoa.net/std/UWS",
  /** VOSI capabilities endpoint. */
  VOSI_CAPABILITIES: "ivo://ivoa.net/std/VOSI#capabilities",
  /** VOSI tables endpoint. */
  VOSI_TABLES: "ivo://ivoa.net/std/VOSI#tables",
  /** VOSI availability endpoint. */
  VOSI_AVAILABILITY: "ivo://ivoa.net/std/VOSI#availability",
  /** Simple Application Messaging Protocol (the standard's ivoid; SAMP has no registry capability). */
  SAMP: "ivo://ivoa.net/std/SAMP",
} as const;

/** The name of a known standard (`"TAP"`, `"SIA2"`, …). */
export type StandardIdName = keyof typeof StandardId;

/** One of the canonical standardIDs in {@link StandardId}. */
export type KnownStandardId = (typeof StandardId)[StandardIdName];

/** Short aliases (lowercase) for the known standardIDs, after pyVO's `SERVICE_TYPE_MAP`. */
export const StandardIdAliases = {
  tap: StandardId.TAP,
  table: StandardId.TAP,
  scs: StandardId.SCS,
  conesearch: StandardId.SCS,
  sia: StandardId.SIA1,
  sia1: StandardId.SIA1,
  image: StandardId.SIA1,
  sia2: StandardId.SIA2,
  ssa: StandardId.SSA,
  ssap: StandardId.SSA,
  spectrum: StandardId.SSA,
  sla: StandardId.SLA,
  slap: StandardId.SLA,
  line: StandardId.SLA,
  datalink: StandardId.DATALINK,
  soda: StandardId.SODA,
  "soda-async": StandardId.SODA_ASYNC,
  regtap: StandardId.REGTAP,
  uws: StandardId.UWS,
  "vosi-capabilities": StandardId.VOSI_CAPABILITIES,
  "vosi-tables": StandardId.VOSI_TABLES,
  "vosi-availability": StandardId.VOSI_AVAILABILITY,
  samp: StandardId.SAMP,
} as const;

/** A short alias of a known standardID (`"tap"`, `"sia2"`, …). */
export type StandardIdAlias = keyof typeof StandardIdAliases;

const IVOA_STD = "ivo://ivoa.net/std/";
const URI = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^#]*)(#.*)?$/i;
const BARE_NAME = /^[a-z][\w.-]*(#.*)?$/i;

/**
 * Returns the canonical spelling of a standardID or alias.
 *
 * Scheme and authority compare case-insensitively (IVOA Identifiers 2.0 §2.1;
 * RegTAP lowercases every standard_id). Known standards are matched on the
 * whole identifier: any fragment of TAP (`#sync-1.0`, `#async-1.0`, `#aux`, …)
 * is TAP; `SIA#query-2.0` and `SIA#query-aux-2.0` are SIA2, `SIA` and
 * `SIA#query-1.0` SIA1; `ConeSearch#query-1.0` is SCS; `SSA#query-1.1` SSA;
 * pyVO's regularised `ivo://ivoa.net/std/sia2` is SIA2. An alias (`"tap"`)
 * or a pyVO-shortened ID (`"SIA#query-2.0"`) gives the full ID. Unknown
 * identifiers come back with scheme and authority lowercased.
 *
 * @example normalizeStandardId("ivo://IVOA.net/std/tap#sync-1.0") // "ivo://ivoa.net/std/TAP"
 */
export function normalizeStandardId(id: string): string {
  const trimmed = id.trim();
  const alias = (StandardIdAliases as { readonly [alias: string]: string })[trimmed.toLowerCase()];
  if (alias !== undefined) return alias;
  const match = URI.exec(trimmed);
  if (!match) {
    if (BARE_NAME.test(trimmed)) {
      const expanded = normalizeStandardId(IVOA_STD + trimmed);
      if (isKnownStandardId(expanded)) return expanded;
    }
    return trimmed;
  }
  const [, scheme = "", authority = "", path = "", fragment = ""] = match;
  const generic = `${scheme.toLowerCase()}://${authority.toLowerCase()}${path}${fragment}`;
  if (authority.toLowerCase() !== "ivoa.net" || !path.toLowerCase().startsWith("/std/")) return generic;
  return knownStandard(path.slice(5).toLowerCase(), fragment.toLowerCase()) ?? generic;
}

/** Maps the resource key under ivo://ivoa.net/std/ and the fragment (both lowercase) to a known standardID. */
function knownStandard(name: string, fragment: string): KnownStandardId | undefined {
  switch (name) {
    case "tap":
      return StandardId.TAP;
    case "conesearch":
      return StandardId.SCS;
    case "sia":
      return /^#query-(aux-)?2/.test(fragment) ? StandardId.SIA2 : StandardId.SIA1;
    case "sia2":
      return StandardId.SIA2;
    case "ssa":
      return StandardId.SSA;
    case "slap":
    case "sla":
      return StandardId.SLA;
    case "datalink":
      return StandardId.DATALINK;
    case "soda":
      return fragment.startsWith("#async") ? StandardId.SODA_ASYNC : StandardId.SODA;
    case "regtap":
      return StandardId.REGTAP;
    case "uws":
      return StandardId.UWS;
    case "samp":
      return StandardId.SAMP;
    case "vosi":
      if (fragment.startsWith("#capabilities")) return StandardId.VOSI_CAPABILITIES;
      if (fragment.startsWith("#tables")) return StandardId.VOSI_TABLES;
      if (fragment.startsWith("#availability")) return StandardId.VOSI_AVAILABILITY;
      return undefined;
    default:
      return undefined;
  }
}

const KNOWN: ReadonlySet<string> = new Set(Object.values(StandardId));

/** Whether `id` is one of the canonical standardIDs in {@link StandardId} (no normalisation). */
export function isKnownStandardId(id: string): id is KnownStandardId {
  return KNOWN.has(id);
}

/**
 * Removes a leading `ivo://ivoa.net/std/` (any case), as pyVO's `shorten_stdid`
 * does, to make standardIDs less noisy in messages and tables.
 *
 * @example shortenStandardId(StandardId.SIA2) // "SIA#query-2.0"
 */
export function shortenStandardId(id: string): string {
  return id.toLowerCase().startsWith(IVOA_STD) ? id.slice(IVOA_STD.length) : id;
}

/** The name (`"TAP"`, `"SIA2"`) of a standardID or alias after normalisation, or undefined when it is not a known standard. */
export function standardIdName(id: string): StandardIdName | undefined {
  const normalized = normalizeStandardId(id);
  for (const [name, value] of Object.entries(StandardId)) {
    if (value === normalized) return name as StandardIdName;
  }
  return undefined;
}

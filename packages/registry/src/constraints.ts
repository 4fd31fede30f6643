/**
 * The built-in RegTAP constraints, after pyVO's `pyvo.registry.rtcons`:
 * keywords, author, servicetype, waveband, datamodel, ivoid, ucd, spatial,
 * spectral, temporal and uat. Each is a {@link defineConstraint} definition
 * (registered by the `registry()` plugin) plus a factory for positional use
 * (`servicetype("tap")`, `uat("pulsars", { expandDown: 1 })`).
 */
import { ParameterError, SPECTRAL_UNITS, toJoules, VOError } from "@vo/core";
import type { Constraint, RegistryFeatures, SpectralUnit } from "@vo/core";
import { adql, joinAdql, rawAdql } from "@vo/protocol-tap";
import type { AdqlFragment } from "@vo/protocol-tap";
import { defineConstraint, stringList } from "./constraint.js";
import type { DefinedConstraint } from "./constraint.js";
import { loadedVocabulary } from "./vocabulary.js";
import type { Vocabulary, VocabularyName } from "./vocabulary.js";

const TAPREGEXT = "ivo://ivoa.net/std/TAPRegExt";
const GAVO_KEYWORDS = "ivo://org.gavo.dc/std/exts#extra-adql-keywords";

/** Where the built-in constraints find their vocabularies (the plugin's, or the shipped ones). */
export type VocabularyLookup = (name: VocabularyName) => Vocabulary;

function shippedVocabulary(name: VocabularyName): Vocabulary {
  const v = loadedVocabulary(name);
  if (!v) throw new VOError(`the ${name} vocabulary is not loaded yet: await loadVocabulary("${name}") first (search does it)`);
  return v;
}

function udf(registry: RegistryFeatures, name: string): string | undefined {
  return registry.hasFeature(`${TAPREGEXT}#features-udf`, name) ? undefined : `the ADQL function ${name}`;
}

function table(registry: RegistryFeatures, name: string): string | undefined {
  return registry.hasTable(name) ? undefined : `the table ${name}`;
}

function or(parts: readonly AdqlFragment[]): AdqlFragment {
  return joinAdql(parts, " OR ");
}

// ---------------------------------------------------------------------------
// keywords (pyVO Freetext)

function freetextCondition(words: string[], registry: RegistryFeatures): AdqlFragment {
  const subject = (w: string): AdqlFragment =>
    registry.hasFeature(`${TAPREGEXT}#features-adql-string`, "ILIKE")
      ? adql`s.res_subject ILIKE ${`%${w}%`}`
      : adql`1 = ivo_nocasematch(s.res_subject, ${`%${w}%`})`;
  const union = registry.hasFeature(`${TAPREGEXT}#features-adql-sets`, "UNION");
  const parts = words.map((w) =>
    union
      ? adql`ivoid IN (SELECT DISTINCT d.ivoid FROM rr.resource AS d WHERE 1 = ivo_hasword(d.res_description, ${w}) UNION SELECT DISTINCT t.ivoid FROM rr.resource AS t WHERE 1 = ivo_hasword(t.res_title, ${w}) UNION SELECT DISTINCT s.ivoid FROM rr.res_subject AS s WHERE ${subject(w)})`
      : adql`(ivoid IN (SELECT DISTINCT d.ivoid FROM rr.resource AS d WHERE 1 = ivo_hasword(d.res_description, ${w}) OR 1 = ivo_hasword(d.res_title, ${w})) OR ivoid IN (SELECT DISTINCT s.ivoid FROM rr.res_subject AS s WHERE ${subject(w)}))`,
  );
  return joinAdql(parts, " AND ");
}

/** `keywords`: every word must be in the title or description (`ivo_hasword`) or a subject (pyVO's `Freetext`). */
export const keywordsConstraint = defineConstraint({
  keyword: "keywords",
  description: "words in the title, description or subjects (all must match)",
  parse: (value): string[] => stringList("keywords", value),
  requires: (registry) => udf(registry, "ivo_hasword"),
  condition: freetextCondition,
});

// ---------------------------------------------------------------------------
// author

/** `author`: an SQL LIKE pattern on creator names, case-sensitive (`%Hubble%`). */
export const authorConstraint = defineConstraint({
  keyword: "author",
  description: "creator name, an SQL LIKE pattern (case-sensitive)",
  tables: ["rr.res_role"],
  parse: (value): string => stringList("author", value, "a name pattern such as %Rossi%")[0]!,
  condition: (name) => adql`role_name LIKE ${name} AND base_role = ${"creator"}`,
});

// ---------------------------------------------------------------------------
// servicetype

/** Short service types to standard ids, as pyVO's `SERVICE_TYPE_MAP` (lower-cased as RegTAP stores them). */
export const SERVICE_TYPES: { readonly [name: string]: string } = Object.freeze({
  image: "ivo://ivoa.net/std/sia",
  sia: "ivo://ivoa.net/std/sia",
  sia1: "ivo://ivoa.net/std/sia",
  spectrum: "ivo://ivoa.net/std/ssa",
  ssap: "ivo://ivoa.net/std/ssa",
  ssa: "ivo://ivoa.net/std/ssa",
  scs: "ivo://ivoa.net/std/conesearch",
  conesearch: "ivo://ivoa.net/std/conesearch",
  line: "ivo://ivoa.net/std/slap",
  slap: "ivo://ivoa.net/std/slap",
  sla: "ivo://ivoa.net/std/slap",
  table: "ivo://ivoa.net/std/tap",
  tap: "ivo://ivoa.net/std/tap",
});

/** Service types whose standard ids carry versions in fragments, matched with LIKE (pyVO's `NEW_STYLE_STDIDS`): main and auxiliary pattern. */
export const PATTERN_SERVICE_TYPES: { readonly [name: string]: readonly [string, string | undefined] } = Object.freeze({
  sia2: ["ivo://ivoa.net/std/sia#query-2.%", "ivo://ivoa.net/std/sia#query-aux-2.%"],
  hips: ["ivo://ivoa.net/std/hips#hips-1.%", undefined],
  hats: ["ivo://ivoa.net/std/hats#hats-%", undefined],
  datalink: ["ivo://ivoa.net/std/datalink#links-1.%", undefined],
  soda: ["ivo://ivoa.net/std/soda#sync-1.%", undefined],
});

/** A parsed `servicetype`: exact standard ids and LIKE patterns (lower case). */
export interface ServicetypeValue {
  readonly ids: readonly string[];
  readonly patterns: readonly string[];
}

function parseServicetype(value: unknown): ServicetypeValue {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const v = value as ServicetypeValue;
    if (Array.isArray(v.ids) && Array.isArray(v.patterns)) return v;
  }
  const ids = new Set<string>();
  const patterns = new Set<string>();
  for (const raw of stringList("servicetype", value, "a service type (tap, scs, sia, sia2, ssa, slap, hips, …) or standard id")) {
    const name = raw.toLowerCase();
    if (SERVICE_TYPES[name]) ids.add(SERVICE_TYPES[name]);
    else if (PATTERN_SERVICE_TYPES[name]) patterns.add(PATTERN_SERVICE_TYPES[name][0]);
    else if (name.includes("://")) ids.add(name);
    else {
      throw new ParameterError(
        "servicetype",
        `a full standard id or one of ${[...Object.keys(SERVICE_TYPES), ...Object.keys(PATTERN_SERVICE_TYPES)].join(", ")}`,
        raw,
      );
    }
  }
  return { ids: [...ids].sort(), patterns: [...patterns].sort() };
}

/** The servicetype value also matching auxiliary capabilities (`#aux`, `sia#query-aux-2.x`): `includeaux`. */
export function includeAuxiliary(value: ServicetypeValue): ServicetypeValue {
  const ids = new Set(value.ids);
  for (const id of value.ids) if (!id.includes("#")) ids.add(`${id}#aux`);
  const patterns = new Set(value.patterns);
  for (const [main, aux] of Object.values(PATTERN_SERVICE_TYPES)) if (aux && patterns.has(main)) patterns.add(aux);
  return { ids: [...ids].sort(), patterns: [...patterns].sort() };
}

/** `servicetype`: resources with a capability of one of these standards (short names or standard ids). */
export const servicetypeConstraint = defineConstraint({
  keyword: "servicetype",
  description: "capability standard: tap, scs, sia, sia2, ssa, slap, hips, … or a standard id",
  parse: parseServicetype,
  condition: (value) =>
    or([
      ...(value.ids.length ? [adql`standard_id IN ${value.ids}`] : []),
      ...value.patterns.map((p) => adql`standard_id LIKE ${p}`),
    ]),
});

// ---------------------------------------------------------------------------
// waveband

function wavebandConstraintWith(vocabulary: VocabularyLookup): DefinedConstraint<"waveband", string[]> {
  return defineConstraint({
    keyword: "waveband",
    description: "messenger terms of http://www.ivoa.net/rdf/messenger (any matches)",
    parse: (value): string[] => {
      const messenger = vocabulary("messenger");
      return stringList("waveband", value).map((band) => {
        const term = messenger.get(band);
        if (!term) throw new ParameterError("waveband", `a term of the IVOA messenger vocabulary (${messenger.ids().join(", ")})`, band);
        return term.id.toLowerCase();
      });
    },
    requires: (registry) => udf(registry, "ivo_hashlist_has"),
    condition: (bands) => or(bands.map((b) => adql`1 = ivo_hashlist_has(rr.resource.waveband, ${b})`)),
  });
}

// ---------------------------------------------------------------------------
// datamodel

/** A data model as the datamodel constraint matches it: capability `dataModel/@ivo-id` patterns and/or table utype patterns (SQL LIKE). */
export interface DatamodelValue {
  /** The name used in messages. */
  readonly name: string;
  /** LIKE patterns on `/capability/dataModel/@ivo-id` (compared case-insensitively). */
  readonly ivoids?: readonly string[] | undefined;
  /** LIKE patterns on `rr.res_table.table_utype` (lower-cased). */
  readonly utypes?: readonly string[] | undefined;
  /** Only resources of these types (`vs:catalogresource`). */
  readonly resTypes?: readonly string[] | undefined;
}

/** The data models pyVO knows by name. */
export const DATA_MODELS: { readonly [name: string]: DatamodelValue } = Object.freeze({
  obscore: { name: "obscore", ivoids: ["ivo://ivoa.net/std/obscore%"] },
  obscore_new: { name: "obscore_new", utypes: ["ivo://ivoa.net/std/obscore#table-1.%"], resTypes: ["vs:catalogresource"] },
  epntap: { name: "epntap", utypes: ["ivo://vopdc.obspm/std/epncore#schema-2.%", "ivo://ivoa.net/std/epntap#table-2.%"] },
  regtap: { name: "regtap", ivoids: ["ivo://ivoa.net/std/regtap#1.%"] },
});

function parseDatamodel(value: unknown): DatamodelValue {
  if (typeof value === "string") {
    const known = DATA_MODELS[value.trim().toLowerCase().replace("-", "_")];
    if (known) return known;
    if (value.includes("://")) return { name: value, ivoids: [value], utypes: [value.toLowerCase()] };
    throw new ParameterError("datamodel", `one of ${Object.keys(DATA_MODELS).join(", ")}, a data model ivoid/utype, or a model registered with r.model()`, value);
  }
  const v = value as DatamodelValue;
  if (typeof v === "object" && v !== null && ((v.ivoids?.length ?? 0) > 0 || (v.utypes?.length ?? 0) > 0)) {
    return { name: typeof v.name === "string" ? v.name : "data model", ivoids: v.ivoids, utypes: v.utypes?.map((u) => u.toLowerCase()), resTypes: v.resTypes };
  }
  throw new ParameterError("datamodel", "a data model name or { ivoids, utypes }", value);
}

/** `datamodel`: resources declaring a data model (obscore, obscore_new, epntap, regtap, or a registered model's ivoids/utypes). */
export const datamodelConstraint = defineConstraint({
  keyword: "datamodel",
  description: "data model: obscore, obscore_new, epntap, regtap, or a model registered with r.model()",
  parse: parseDatamodel,
  requires: (registry, dm) => (dm.ivoids?.length ? udf(registry, "ivo_nocasematch") : undefined),
  condition: (dm) => {
    const parts: AdqlFragment[] = [];
    if (dm.ivoids?.length) {
      const match = or(dm.ivoids.map((p) => adql`1 = ivo_nocasematch(d.detail_value, ${p})`));
      parts.push(adql`ivoid IN (SELECT DISTINCT d.ivoid FROM rr.res_detail AS d WHERE d.detail_xpath = ${"/capability/dataModel/@ivo-id"} AND (${match}))`);
    }
    if (dm.utypes?.length) {
      const match = or(dm.utypes.map((p) => adql`t.table_utype LIKE ${p}`));
      const types = dm.resTypes?.length ? adql` AND r.res_type IN ${dm.resTypes}` : rawAdql("");
      parts.push(adql`ivoid IN (SELECT DISTINCT t.ivoid FROM rr.res_table AS t NATURAL JOIN rr.resource AS r WHERE (${match})${types})`);
    }
    return or(parts);
  },
});

// ---------------------------------------------------------------------------
// ivoid, ucd

/** `ivoid`: resources with one of these identifiers (compared lower-cased). */
export const ivoidConstraint = defineConstraint({
  keyword: "ivoid",
  description: "IVOA identifiers (any matches)",
  parse: (value): string[] => stringList("ivoid", value, "an ivo:// identifier or an array of them").map((v) => v.toLowerCase()),
  condition: (ids) => adql`ivoid IN ${ids}`,
});

/** `ucd`: resources with a table column whose UCD matches one of these SQL LIKE patterns (`pos.pm%`). */
export const ucdConstraint = defineConstraint({
  keyword: "ucd",
  description: "column UCD patterns, SQL LIKE (any matches)",
  tables: ["rr.table_column"],
  parse: (value): string[] => stringList("ucd", value, "a UCD pattern such as pos.pm% or an array of them").map((v) => v.toLowerCase()),
  condition: (patterns) => or(patterns.map((p) => adql`ucd LIKE ${p}`)),
});

// ---------------------------------------------------------------------------
// spatial

/** How a `spatial` region relates to a resource's coverage (pyVO's `intersect`). */
export type SpatialMode = "covers" | "enclosed" | "overlaps";

/** A `spatial` value: `[ra, dec]` point, `[ra, dec, radius]` circle, `[ra1, dec1, ra2, dec2, …]` polygon (degrees, ICRS), or an ASCII MOC. */
export type SpatialGeometry = string | readonly number[];

/** The `spatial` keyword's value: a geometry, or a geometry with options. */
export type SpatialValue =
  | SpatialGeometry
  | {
      readonly geometry: SpatialGeometry;
      /** HEALPix order for turning a geometry into a MOC on MOC-coverage registries (default 6). */
      readonly order?: number | undefined;
      /** covers (default): the coverage covers the region; enclosed: it lies within it; overlaps: they intersect. */
      readonly intersect?: SpatialMode | undefined;
      /** Keep resources that declare no spatial coverage. */
      readonly inclusive?: boolean | undefined;
    };

/** A parsed `spatial` value. */
export interface ParsedSpatial {
  readonly kind: "point" | "circle" | "polygon" | "moc";
  readonly numbers: readonly number[];
  readonly moc: string | undefined;
  readonly order: number;
  readonly intersect: SpatialMode;
  readonly inclusive: boolean;
}

function parseSpatial(value: unknown): ParsedSpatial {
  const v = value as SpatialValue;
  const opts = typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Exclude<SpatialValue, SpatialGeometry>) : undefined;
  const geometry = opts ? opts.geometry : (v as SpatialGeometry);
  const order = opts?.order ?? 6;
  const intersect = opts?.intersect ?? "covers";
  if (!Number.isInteger(order) || order < 0 || order > 29) throw new ParameterError("spatial.order", "an integer 0…29", order);
  if (!["covers", "enclosed", "overlaps"].includes(intersect)) throw new ParameterError("spatial.intersect", "covers, enclosed or overlaps", intersect);
  const base = { order, intersect, inclusive: opts?.inclusive ?? false };
  if (typeof geometry === "string") {
    if (!/^\s*(\d+\/[\d\s,-]*)+$/.test(geometry)) throw new ParameterError("spatial", "an ASCII MOC such as '4/13 17-18 8/3002'", geometry);
    return { kind: "moc", numbers: [], moc: geometry.trim(), ...base };
  }
  if (!Array.isArray(geometry) || geometry.some((n) => typeof n !== "number" || !Number.isFinite(n))) {
    throw new ParameterError("spatial", "[ra, dec], [ra, dec, radius], [ra1, dec1, ra2, dec2, …] in degrees, or an ASCII MOC", geometry);
  }
  const nums = geometry as readonly number[];
  if (nums.length === 2) return { kind: "point", numbers: nums, moc: undefined, ...base };
  if (nums.length === 3) {
    if (!(nums[2]! > 0)) throw new ParameterError("spatial", "a positive radius in degrees", nums[2]);
    return { kind: "circle", numbers: nums, moc: undefined, ...base };
  }
  if (nums.length >= 6 && nums.length % 2 === 0) return { kind: "polygon", numbers: nums, moc: undefined, ...base };
  throw new ParameterError("spatial", "[ra, dec], [ra, dec, radius] or at least three [ra, dec] vertices", geometry);
}

function spatialCoverageKind(registry: RegistryFeatures): "moc" | "geometry" | undefined {
  const col = registry.column("rr.stc_spatial", "coverage");
  if (!col) return undefined;
  const type = `${col.xtype ?? ""} ${col.datatype ?? ""}`.toLowerCase();
  if (/\bmoc\b|smoc/.test(type)) return "moc";
  if (/polygon|region|circle|spoly|scircle|shape/.test(type)) return "geometry";
  return undefined;
}

function spatialGeometry(s: ParsedSpatial): AdqlFragment {
  const n = s.numbers.map((x) => adql`${x}`);
  const args = joinAdql(n, ", ");
  if (s.kind === "point") return adql`POINT(${"ICRS"}, ${args})`;
  if (s.kind === "circle") return adql`CIRCLE(${"ICRS"}, ${args})`;
  return adql`POLYGON(${"ICRS"}, ${args})`;
}

function wrapInclusive(condition: AdqlFragment, table: string, inclusive: boolean): AdqlFragment {
  const t = rawAdql(table);
  const inside = adql`ivoid IN (SELECT DISTINCT c.ivoid FROM ${t} AS c WHERE ${condition})`;
  return inclusive ? adql`(${inside} OR ivoid NOT IN (SELECT DISTINCT n.ivoid FROM ${t} AS n))` : inside;
}

/** `spatial`: resources whose coverage (rr.stc_spatial) covers, lies in or overlaps a point, circle, polygon or MOC. */
export const spatialConstraint = defineConstraint({
  keyword: "spatial",
  description: "sky coverage: [ra, dec], [ra, dec, r], polygon or ASCII MOC, with intersect covers/enclosed/overlaps",
  parse: (value): ParsedSpatial => ((value as ParsedSpatial)?.kind && "intersect" in (value as object) ? (value as ParsedSpatial) : parseSpatial(value)),
  requires: (registry, s) => {
    const missing = table(registry, "rr.stc_spatial");
    if (missing) return missing;
    const kind = spatialCoverageKind(registry);
    if (kind === "moc") return registry.hasFeature(GAVO_KEYWORDS, "MOC") ? undefined : "the ADQL MOC function";
    if (kind === "geometry") {
      if (s.kind === "moc") return "MOC coverage (rr.stc_spatial.coverage is a geometry here, so a MOC cannot be compared with it)";
      if (s.kind === "point" && s.intersect === "enclosed") return "a coverage that can lie within a point";
      return registry.hasFeature(`${TAPREGEXT}#features-adqlgeo`, s.intersect === "overlaps" ? "INTERSECTS" : "CONTAINS")
        ? undefined
        : `the ADQL geometry function ${s.intersect === "overlaps" ? "INTERSECTS" : "CONTAINS"}`;
    }
    return "a spatial coverage column of a known type (MOC or geometry) in rr.stc_spatial";
  },
  condition: (s, registry) => {
    let region: AdqlFragment;
    if (spatialCoverageKind(registry) === "moc") {
      region = s.kind === "moc" ? adql`MOC(${s.moc!})` : adql`MOC(${s.order}, ${spatialGeometry(s)})`;
    } else {
      region = spatialGeometry(s);
    }
    const cond =
      s.intersect === "covers"
        ? adql`1 = CONTAINS(${region}, coverage)`
        : s.intersect === "enclosed"
          ? adql`1 = CONTAINS(coverage, ${region})`
          : adql`1 = INTERSECTS(coverage, ${region})`;
    return wrapInclusive(cond, "rr.stc_spatial", s.inclusive);
  },
});

// ---------------------------------------------------------------------------
// spectral, temporal

/** The `spectral` keyword's value: a point or [lo, hi] in Joule, or in a spectral unit of `@vo/core` (`SPECTRAL_UNITS`: lengths, frequencies, energies). */
export type SpectralValue =
  | number
  | readonly [number, number]
  | { readonly value: number | readonly [number, number]; readonly unit?: SpectralUnit | undefined; readonly inclusive?: boolean | undefined };

/** The `temporal` keyword's value: a point or [lo, hi] as MJD numbers or Dates. */
export type TemporalValue =
  | number
  | Date
  | readonly [number | Date, number | Date]
  | { readonly value: number | Date | readonly [number | Date, number | Date]; readonly inclusive?: boolean | undefined };

/** A parsed spectral or temporal value: a point (lo = hi) or an interval. */
export interface ParsedInterval {
  readonly lo: number;
  readonly hi: number;
  readonly point: boolean;
  readonly inclusive: boolean;
}

function isParsedInterval(v: unknown): v is ParsedInterval {
  return typeof v === "object" && v !== null && "point" in v && "lo" in v;
}

function parseInterval(keyword: string, value: unknown, convert: (v: unknown) => number): ParsedInterval {
  if (isParsedInterval(value)) return value;
  const opts = typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date) ? (value as { value: unknown; inclusive?: boolean }) : undefined;
  const raw = opts ? opts.value : value;
  const inclusive = opts?.inclusive ?? false;
  if (Array.isArray(raw)) {
    if (raw.length !== 2) throw new ParameterError(keyword, "a value or a [lo, hi] pair", raw);
    const [a, b] = [convert(raw[0]), convert(raw[1])];
    return { lo: Math.min(a, b), hi: Math.max(a, b), point: false, inclusive };
  }
  const v = convert(raw);
  return { lo: v, hi: v, point: true, inclusive };
}

function intervalCondition(v: ParsedInterval, lo: string, hi: string, table: string): AdqlFragment {
  const [l, h] = [rawAdql(lo), rawAdql(hi)];
  const cond = v.point ? adql`${v.lo} BETWEEN ${l} AND ${h}` : adql`1 = ivo_interval_overlaps(${l}, ${h}, ${v.lo}, ${v.hi})`;
  return wrapInclusive(cond, table, v.inclusive);
}

/** `spectral`: resources whose spectral coverage (rr.stc_spectral, Joule) contains a point or overlaps an interval. */
export const spectralConstraint = defineConstraint({
  keyword: "spectral",
  description: "spectral coverage: energy in J (or { value, unit }: eV, keV, m, nm, Angstrom, Hz, GHz, …)",
  parse: (value): ParsedInterval => {
    if (isParsedInterval(value)) return value;
    const unit = typeof value === "object" && value !== null && !Array.isArray(value) ? ((value as { unit?: SpectralUnit }).unit ?? "J") : "J";
    if (!SPECTRAL_UNITS.includes(unit)) throw new ParameterError("spectral.unit", `one of ${SPECTRAL_UNITS.join(", ")}`, unit);
    return parseInterval("spectral", value, (x) => {
      if (typeof x !== "number" || !(x > 0) || !Number.isFinite(x)) throw new ParameterError("spectral", "a positive finite number", x);
      return toJoules(x, unit, "spectral");
    });
  },
  requires: (registry, v) => table(registry, "rr.stc_spectral") ?? (v.point ? undefined : udf(registry, "ivo_interval_overlaps")),
  condition: (v) => intervalCondition(v, "spectral_start", "spectral_end", "rr.stc_spectral"),
});

/** Modified Julian Date of a JavaScript Date. */
export function toMJD(date: Date): number {
  return date.getTime() / 86_400_000 + 40587;
}

/** `temporal`: resources whose time coverage (rr.stc_temporal, MJD) contains a point or overlaps an interval. */
export const temporalConstraint = defineConstraint({
  keyword: "temporal",
  description: "time coverage: MJD or Date, a point or [lo, hi]",
  parse: (value): ParsedInterval =>
    parseInterval("temporal", value, (x) => {
      if (x instanceof Date && !Number.isNaN(x.getTime())) return toMJD(x);
      if (typeof x === "number" && Number.isFinite(x)) return x;
      throw new ParameterError("temporal", "an MJD number or a valid Date", x);
    }),
  requires: (registry, v) => table(registry, "rr.stc_temporal") ?? (v.point ? undefined : udf(registry, "ivo_interval_overlaps")),
  condition: (v) => intervalCondition(v, "time_start", "time_end", "rr.stc_temporal"),
});

// ---------------------------------------------------------------------------
// uat

/** The `uat` keyword's value: a UAT term id (`pulsars`), optionally widened or narrowed through the UAT hierarchy. */
export type UATValue = string | { readonly term: string; readonly expandUp?: number | undefined; readonly expandDown?: number | undefined };

function uatConstraintWith(vocabulary: VocabularyLookup): DefinedConstraint<"uat", string[]> {
  return defineConstraint({
    keyword: "uat",
    description: "UAT subject term (http://www.ivoa.net/rdf/uat), with expandUp/expandDown levels",
    tables: ["rr.res_subject"],
    parse: (value): string[] => {
      if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
      const v = typeof value === "string" ? { term: value } : (value as { term?: unknown; expandUp?: unknown; expandDown?: unknown });
      if (typeof v !== "object" || v === null || typeof v.term !== "string") throw new ParameterError("uat", "a UAT term id or { term, expandUp, expandDown }", value);
      const levels = (name: string, n: unknown): number => {
        if (n === undefined) return 0;
        if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new ParameterError(`uat.${name}`, "a non-negative integer", n);
        return n;
      };
      const up = levels("expandUp", v.expandUp);
      const down = levels("expandDown", v.expandDown);
      const uat = vocabulary("uat");
      const term = uat.get(v.term);
      if (!term) throw new ParameterError("uat", `a term of the UAT (${uat.uri}), e.g. pulsars`, v.term);
      const terms = new Set([term.id, ...uat.expand(term.id, "wider", up), ...uat.expand(term.id, "narrower", down)]);
      return [...terms].sort();
    },
    condition: (terms) => adql`res_subject IN ${terms}`,
  });
}

// ---------------------------------------------------------------------------
// the built-in set and positional factories

/** The built-in definitions, with vocabularies from `vocabulary` (default: the shipped ones). */
export function builtinConstraints(vocabulary: VocabularyLookup = shippedVocabulary) {
  return [
    keywordsConstraint,
    authorConstraint,
    servicetypeConstraint,
    wavebandConstraintWith(vocabulary),
    datamodelConstraint,
    ivoidConstraint,
    ucdConstraint,
    spatialConstraint,
    spectralConstraint,
    temporalConstraint,
    uatConstraintWith(vocabulary),
  ] as const;
}

/** The value types of the built-in keywords, as `search(client, { … })` takes them. */
export interface SearchKeywords {
  /** Words that must all appear in title, description or subjects (pyVO's `keywords`, `Freetext`). */
  keywords?: string | readonly string[];
  /** Creator name pattern (SQL LIKE, case-sensitive). */
  author?: string;
  /** Service types (tap, scs, sia, sia2, ssa, slap, hips, …) or standard ids; any matches. */
  servicetype?: string | readonly string[];
  /** Messenger terms (Radio, Optical, X-ray, …); any matches. */
  waveband?: string | readonly string[];
  /** A data model: obscore, obscore_new, epntap, regtap, an ivoid, or `{ ivoids, utypes }`. */
  datamodel?: string | DatamodelValue;
  /** IVOA identifiers; any matches. */
  ivoid?: string | readonly string[];
  /** Column UCD patterns (SQL LIKE); any matches. */
  ucd?: string | readonly string[];
  /** Sky region the coverage must cover (or overlap, or lie in). */
  spatial?: SpatialValue;
  /** Spectral point or interval. */
  spectral?: SpectralValue;
  /** Time point or interval. */
  temporal?: TemporalValue;
  /** A UAT subject term. */
  uat?: UATValue;
}

/** A positional `keywords` constraint (pyVO's `Freetext`). */
export const freetext = (...words: string[]): Constraint<"keywords", string[]> => keywordsConstraint.of(words);
/** A positional `author` constraint. */
export const author = (pattern: string): Constraint<"author", string> => authorConstraint.of(pattern);
/** A positional `servicetype` constraint. */
export const servicetype = (...types: string[]): Constraint<"servicetype", ServicetypeValue> => servicetypeConstraint.of(parseServicetype(types));
/** A positional `waveband` constraint (checked against the messenger vocabulary when the search runs). */
export const waveband = (...bands: string[]): Constraint<"waveband", string[]> => Object.freeze({ keyword: "waveband", value: bands });
/** A positional `datamodel` constraint. */
export const datamodel = (model: string | DatamodelValue): Constraint<"datamodel", DatamodelValue> => datamodelConstraint.of(parseDatamodel(model));
/** A positional `ivoid` constraint. */
export const ivoid = (...ids: string[]): Constraint<"ivoid", string[]> => ivoidConstraint.of(ids);
/** A positional `ucd` constraint. */
export const ucd = (...patterns: string[]): Constraint<"ucd", string[]> => ucdConstraint.of(patterns);
/** A positional `spatial` constraint. */
export const spatial = (geometry: SpatialGeometry, options: { order?: number; intersect?: SpatialMode; inclusive?: boolean } = {}): Constraint<"spatial", ParsedSpatial> =>
  spatialConstraint.of(parseSpatial({ geometry, ...options }));
/** A positional `spectral` constraint. */
export const spectral = (value: SpectralValue): Constraint<"spectral", ParsedInterval> => spectralConstraint.of(spectralConstraint.parse(value));
/** A positional `temporal` constraint. */
export const temporal = (value: TemporalValue): Constraint<"temporal", ParsedInterval> => temporalConstraint.of(temporalConstraint.parse(value));
/** A positional `uat` constraint (checked against the UAT when the search runs). */
export const uat = (term: string, options: { expandUp?: number; expandDown?: number } = {}): Constraint<"uat", UATValue> =>
  Object.freeze({ keyword: "uat", value: { term, ...options } });

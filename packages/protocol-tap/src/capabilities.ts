/**
 * VOSI capabilities (VOSI 1.1 §3.2) with the TAPRegExt 1.0/1.1 description of
 * a TAP service: languages and their features, output formats, upload
 * methods and limits.
 *
 * The generic part (capabilities, interfaces, access URLs, security methods)
 * is @vo/core's VOSI reader (`readVOSICapability`); this module adds the
 * TAPRegExt model on the same element tree. Parsing is namespace-aware but
 * prefix-agnostic: `xsi:type` is read by its local part (`vs:ParamHTTP`,
 * `vod:ParamHTTP`, `ParamHTTP` are the same), because services at ESO/MAST use
 * odd prefixes (pyVO #257, #323).
 */
import type { ParseOptions, VOSIAccessURL, VOSICapability, VOSIInterface, XmlElement, XmlSource } from "@vo/core";
import {
  attr,
  capabilityElements,
  child,
  childText,
  childrenNamed,
  formatError,
  parseInteger,
  parseXml,
  readVOSICapability,
  VOSI_CAPABILITIES_STANDARD,
  warnAt,
} from "@vo/core";

const STANDARD = VOSI_CAPABILITIES_STANDARD;

/** Standard identifiers this package looks for. */
export const TAP_STANDARD_ID = "ivo://ivoa.net/std/TAP";
/** Prefix of every TAPRegExt identifier (features, output formats, upload methods). */
export const TAPREGEXT = "ivo://ivoa.net/std/TAPRegExt";

/** An `accessURL` and how to use it (`full`, `base` or `dir`): @vo/core's {@link VOSIAccessURL}. */
export type AccessURL = VOSIAccessURL;

/** A capability's `interface`: @vo/core's {@link VOSIInterface}. */
export type CapabilityInterface = VOSIInterface;

/** One `capability`: @vo/core's {@link VOSICapability}, with a standardID and the TAPRegExt model. */
export interface Capability extends VOSICapability {
  /** The `standardID`, e.g. `ivo://ivoa.net/std/TAP`. */
  readonly standardId: string;
  /** The TAPRegExt description, for TAP capabilities. */
  readonly tableAccess?: TableAccess | undefined;
}

/** A language feature (`languageFeatures/feature`). */
export interface LanguageFeature {
  /** The feature as written in ADQL, e.g. "UNION" or a UDF signature. */
  readonly form: string;
  /** Free-text description. */
  readonly description?: string | undefined;
}

/** The features of one type, e.g. `ivo://ivoa.net/std/TAPRegExt#features-adqlgeo`. */
export interface LanguageFeatureList {
  /** The feature type ivo-id. */
  readonly type: string;
  /** The features of this type. */
  readonly features: readonly LanguageFeature[];
}

/** A query language (`language`). */
export interface QueryLanguage {
  /** The language name, e.g. "ADQL". */
  readonly name: string;
  /** Supported versions, e.g. 2.0 (`ivo://ivoa.net/std/ADQL#v2.0`). */
  readonly versions: readonly { readonly version: string; readonly ivoId?: string | undefined }[];
  /** Free-text description. */
  readonly description?: string | undefined;
  /** Optional features by type (geometry, sets, types, UDFs…). */
  readonly featureLists: readonly LanguageFeatureList[];
}

/** An output format (`outputFormat`). */
export interface OutputFormat {
  /** The MIME type, e.g. `application/x-votable+xml;serialization=BINARY2`. */
  readonly mime: string;
  /** Short RESPONSEFORMAT names, e.g. "csv", "votable/b2". */
  readonly aliases: readonly string[];
  /** The format's ivo-id, when declared. */
  readonly ivoId?: string | undefined;
}

/** A time limit in seconds (`retentionPeriod`, `executionDuration`). */
export interface TimeLimit {
  /** The limit applied when the client asks for none (seconds). */
  readonly default?: number | undefined;
  /** The most a client may ask for (seconds). */
  readonly hard?: number | undefined;
  /** TAPRegExt 1.1 `forMode` ("sync" or "async"); absent means both. */
  readonly forMode?: string | undefined;
}

/** A data limit (`outputLimit` in rows or bytes, `uploadLimit`). */
export interface DataLimit {
  /** The limit applied when the client asks for none; unit "row" or "byte". */
  readonly default?: { readonly value: number; readonly unit: string } | undefined;
  /** The most a client may ask for; unit "row" or "byte". */
  readonly hard?: { readonly value: number; readonly unit: string } | undefined;
  /** TAPRegExt 1.1 `forMode` ("sync" or "async"); absent means both. */
  readonly forMode?: string | undefined;
}

/** The TAPRegExt part of a TAP capability. */
export interface TableAccess {
  /** Data models the service holds tables of (e.g. ObsCore). */
  readonly dataModels: readonly { readonly ivoId: string; readonly name: string }[];
  /** Query languages (ADQL versions and features). */
  readonly languages: readonly QueryLanguage[];
  /** Result formats (RESPONSEFORMAT values). */
  readonly outputFormats: readonly OutputFormat[];
  /** Upload method ivo-ids, e.g. `ivo://ivoa.net/std/TAPRegExt#upload-inline`. */
  readonly uploadMethods: readonly string[];
  /** How long async jobs are kept (`retentionPeriod`). */
  readonly retentionPeriods: readonly TimeLimit[];
  /** How long queries may run (`executionDuration`). */
  readonly executionDurations: readonly TimeLimit[];
  /** Result size limits (`outputLimit`: the MAXREC default and hard limit). */
  readonly outputLimits: readonly DataLimit[];
  /** Upload size limits (`uploadLimit`). */
  readonly uploadLimits: readonly DataLimit[];
}

/** A user-defined function from `features-udf`, with its signature split out. */
export interface UDF {
  /** The function name. */
  readonly name: string;
  /** The declared form, e.g. `gavo_match(pattern TEXT, string TEXT) -> INTEGER`. */
  readonly form: string;
  /** The arguments with their ADQL types. */
  readonly args: readonly { readonly name: string; readonly type: string }[];
  /** The return type, when declared. */
  readonly returns?: string | undefined;
  /** Free-text description. */
  readonly description?: string | undefined;
}

/**
 * Parses a VOSI capabilities document into a plain list.
 * @throws {DALFormatError} when the document is not XML, not a capabilities document, or a capability has no standardID.
 */
export function parseCapabilityList(source: XmlSource, options: ParseOptions = {}): Capability[] {
  const root = parseXml(source, STANDARD, options);
  if (root.local !== "capabilities") {
    throw formatError(`expected a <capabilities> root element, found <${root.local}>`, root, STANDARD, options);
  }
  return capabilityElements(root, options).map((c) => readCapability(c, options));
}

/**
 * Parses a VOSI capabilities document into {@link TAPCapabilities}, with the
 * TAPRegExt helpers.
 * @throws {DALFormatError} as {@link parseCapabilityList}.
 * @example
 * const caps = parseCapabilities(xml);
 * if (caps.supportsFeature("adql-sets", "UNION")) { … }
 */
export function parseCapabilities(source: XmlSource, options: ParseOptions = {}): TAPCapabilities {
  return new TAPCapabilities(parseCapabilityList(source, options));
}

function readCapability(el: XmlElement, options: ParseOptions): Capability {
  if (attr(el, "standardID") === undefined) throw formatError("capability without standardID", el, STANDARD, options);
  const generic = readVOSICapability(el, options);
  const standardId = generic.standardId ?? "";
  const isTap = generic.type === "TableAccess" || standardId.toLowerCase().startsWith(TAP_STANDARD_ID.toLowerCase());
  return { ...generic, standardId, tableAccess: isTap ? readTableAccess(el, options) : undefined };
}

function readTableAccess(el: XmlElement, options: ParseOptions): TableAccess {
  const languages: QueryLanguage[] = [];
  for (const l of childrenNamed(el, "language")) {
    const name = childText(l, "name");
    if (name === undefined) {
      warnAt(options, l, "language without name; ignored");
      continue;
    }
    languages.push({
      name,
      versions: childrenNamed(l, "version").map((v) => ({ version: v.text.trim(), ivoId: attr(v, "ivo-id") })),
      description: childText(l, "description"),
      featureLists: childrenNamed(l, "languageFeatures").map((fl) => ({
        type: attr(fl, "type") ?? "",
        features: childrenNamed(fl, "feature").flatMap((f) => {
          const form = childText(f, "form");
          if (form === undefined) {
            warnAt(options, f, "feature without form; ignored");
            return [];
          }
          return [{ form, description: childText(f, "description") }];
        }),
      })),
    });
  }
  const outputFormats: OutputFormat[] = [];
  for (const o of childrenNamed(el, "outputFormat")) {
    const mime = childText(o, "mime");
    if (mime === undefined) {
      warnAt(options, o, "outputFormat without mime; ignored");
      continue;
    }
    outputFormats.push({
      mime,
      aliases: childrenNamed(o, "alias").map((a) => a.text.trim()).filter((a) => a !== ""),
      ivoId: attr(o, "ivo-id"),
    });
  }
  const time = (name: string): TimeLimit[] =>
    childrenNamed(el, name).map((t) => {
      const d = child(t, "default");
      const h = child(t, "hard");
      return {
        default: d ? parseInteger(d.text.trim(), d, options) : undefined,
        hard: h ? parseInteger(h.text.trim(), h, options) : undefined,
        forMode: attr(t, "forMode"),
      };
    });
  const data = (name: string, defaultUnit: string): DataLimit[] =>
    childrenNamed(el, name).map((t) => {
      const value = (x: XmlElement | undefined): { value: number; unit: string } | undefined => {
        if (!x) return undefined;
        const v = parseInteger(x.text.trim(), x, options);
        return v === undefined ? undefined : { value: v, unit: attr(x, "unit") ?? defaultUnit };
      };
      return { default: value(child(t, "default")), hard: value(child(t, "hard")), forMode: attr(t, "forMode") };
    });
  return {
    dataModels: childrenNamed(el, "dataModel").map((d) => ({ ivoId: attr(d, "ivo-id") ?? "", name: d.text.trim() })),
    languages,
    outputFormats,
    uploadMethods: childrenNamed(el, "uploadMethod").flatMap((u) => {
      const id = attr(u, "ivo-id");
      return id === undefined ? [] : [id];
    }),
    retentionPeriods: time("retentionPeriod"),
    executionDurations: time("executionDuration"),
    outputLimits: data("outputLimit", "row"),
    uploadLimits: data("uploadLimit", "byte"),
  };
}

/**
 * The full TAPRegExt feature-type identifier for a short name:
 * "adql-sets" → `ivo://ivoa.net/std/TAPRegExt#features-adql-sets`, "udf" →
 * `…#features-udf`, "adqlgeo" → `…#features-adqlgeo`. Full identifiers pass through.
 */
export function featureTypeId(type: string): string {
  if (type.includes("://")) return type;
  const short = type.replace(/^#/, "").replace(/^features-/, "");
  return `${TAPREGEXT}#features-${short}`;
}

/** Upload method short names ("inline", "http", "https", "ftp", "ivoa") to their TAPRegExt ivo-id. */
export function uploadMethodId(method: string): string {
  return method.includes("://") ? method : `${TAPREGEXT}#upload-${method}`;
}

function sameId(a: string, b: string): boolean {
  // Identifiers are case-insensitive in their authority and services miscapitalise
  // the rest too ("ivo://ivoa.net/std/TAPRegEXT#output-votable-td" at GAVO).
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * A query language (`language`) with pyVO's lookups: `getFeatureList(type)`,
 * `getFeature(type, form)`, `languageFeatures`. Types are short
 * ("adqlgeo", "adql-sets", "udf") or full TAPRegExt ivo-ids; forms compare
 * case-insensitively, and a UDF matches by its function name.
 * @example (await service.getTapCapability()).getAdql()?.getFeature("adqlgeo", "CONTAINS")
 */
export class TapLanguage implements QueryLanguage {
  /** The language name, e.g. "ADQL". */
  readonly name: string;
  /** Supported versions, e.g. 2.0 (`ivo://ivoa.net/std/ADQL#v2.0`). */
  readonly versions: readonly { readonly version: string; readonly ivoId?: string | undefined }[];
  /** Free-text description. */
  readonly description: string | undefined;
  /** Optional features by type. */
  readonly featureLists: readonly LanguageFeatureList[];

  /** Wraps a parsed language. */
  constructor(language: QueryLanguage) {
    this.name = language.name;
    this.versions = language.versions;
    this.description = language.description;
    this.featureLists = language.featureLists;
  }

  /** pyVO's name for {@link featureLists}. */
  get languageFeatures(): readonly LanguageFeatureList[] {
    return this.featureLists;
  }

  /** The features of one type (pyVO's `get_feature_list`), every list of that type merged; undefined when none is declared. */
  getFeatureList(type: string): LanguageFeatureList | undefined {
    const id = featureTypeId(type);
    const lists = this.featureLists.filter((fl) => sameId(fl.type, id));
    return lists.length === 0 ? undefined : { type: lists[0]!.type, features: lists.flatMap((fl) => fl.features) };
  }

  /** Every feature of one type; [] when none. */
  features(type: string): LanguageFeature[] {
    return [...(this.getFeatureList(type)?.features ?? [])];
  }

  /** The declared feature of this type and form (pyVO's `get_feature`), with its description; undefined when not declared. */
  getFeature(type: string, form: string): LanguageFeature | undefined {
    const wanted = form.trim().toLowerCase();
    return this.features(type).find((f) => {
      const have = f.form.trim().toLowerCase();
      return have === wanted || udfName(have) === wanted;
    });
  }

  /** True when the feature of this type and form is declared. */
  supportsFeature(type: string, form: string): boolean {
    return this.getFeature(type, form) !== undefined;
  }

  /** Every UDF declared, with its parsed signature. */
  udfs(): UDF[] {
    return this.features("udf").map(parseUdf);
  }
}

/**
 * The TAP capability with its TAPRegExt description flattened onto it, as
 * pyVO's `TableAccess`: `languages`, `outputFormats`, `uploadMethods`,
 * `dataModels`, the limits, `getAdql()`, `getLanguage(name)`.
 * @example
 * const cap = await service.getTapCapability();
 * cap.getAdql()?.getFeature("ivo://ivoa.net/std/TAPRegExt#features-adql-sets", "UNION");
 */
export class TapCapability implements Capability, TableAccess {
  /** The `standardID`. */
  readonly standardId: string;
  /** Local part of `xsi:type` ("TableAccess"). */
  readonly type: string | undefined;
  /** Free-text description. */
  readonly description: string | undefined;
  /** The interfaces, in document order. */
  readonly interfaces: readonly CapabilityInterface[];
  /** The TAPRegExt description, as parsed. */
  readonly tableAccess: TableAccess;
  /** Query languages, with pyVO's lookups. */
  readonly languages: readonly TapLanguage[];

  /** Wraps a parsed capability that has a TAPRegExt description. */
  constructor(capability: Capability & { readonly tableAccess: TableAccess }) {
    this.standardId = capability.standardId;
    this.type = capability.type;
    this.description = capability.description;
    this.interfaces = capability.interfaces;
    this.tableAccess = capability.tableAccess;
    this.languages = capability.tableAccess.languages.map((l) => new TapLanguage(l));
  }

  /** Data models the service holds tables of (e.g. ObsCore). */
  get dataModels(): readonly { readonly ivoId: string; readonly name: string }[] {
    return this.tableAccess.dataModels;
  }
  /** Result formats (RESPONSEFORMAT values). */
  get outputFormats(): readonly OutputFormat[] {
    return this.tableAccess.outputFormats;
  }
  /** Upload method ivo-ids. */
  get uploadMethods(): readonly string[] {
    return this.tableAccess.uploadMethods;
  }
  /** Every `retentionPeriod` (one per mode in TAPRegExt 1.1). */
  get retentionPeriods(): readonly TimeLimit[] {
    return this.tableAccess.retentionPeriods;
  }
  /** Every `executionDuration`. */
  get executionDurations(): readonly TimeLimit[] {
    return this.tableAccess.executionDurations;
  }
  /** Every `outputLimit` (MAXREC default and hard limit). */
  get outputLimits(): readonly DataLimit[] {
    return this.tableAccess.outputLimits;
  }
  /** Every `uploadLimit`. */
  get uploadLimits(): readonly DataLimit[] {
    return this.tableAccess.uploadLimits;
  }
  /** pyVO's `retentionPeriod`: the one for both modes (or the first). */
  get retentionPeriod(): TimeLimit | undefined {
    return pickForMode(this.retentionPeriods, undefined);
  }
  /** pyVO's `executionDuration`: the one for both modes (or the first). */
  get executionDuration(): TimeLimit | undefined {
    return pickForMode(this.executionDurations, undefined);
  }
  /** pyVO's `outputLimit`: the one for both modes (or the first). */
  get outputLimit(): DataLimit | undefined {
    return pickForMode(this.outputLimits, undefined);
  }
  /** pyVO's `uploadLimit`: the one for both modes (or the first). */
  get uploadLimit(): DataLimit | undefined {
    return pickForMode(this.uploadLimits, undefined);
  }

  /** A query language by name (default "ADQL"), case-insensitive. */
  getLanguage(name = "ADQL"): TapLanguage | undefined {
    return this.languages.find((l) => l.name.toLowerCase() === name.toLowerCase());
  }

  /** The ADQL language (pyVO's `get_adql()`). */
  getAdql(): TapLanguage | undefined {
    return this.getLanguage("ADQL");
  }
}

/**
 * A service's capabilities with TAPRegExt helpers. Pure data: nothing here
 * touches the network. The TAP capability's properties are here too, so
 * `caps.languages`, `caps.outputFormats`, `caps.uploadMethods`, … read as
 * they do on {@link getTapCapability}'s result.
 */
export class TAPCapabilities {
  /** Every capability, in document order. */
  readonly capabilities: readonly Capability[];
  #tap: TapCapability | undefined | null = null;

  /** Wraps a parsed capability list. */
  constructor(capabilities: readonly Capability[]) {
    this.capabilities = capabilities;
  }

  /** The first TAP capability (`ivo://ivoa.net/std/TAP`, else any with a TAPRegExt description), or undefined. */
  get tapCapability(): TapCapability | undefined {
    if (this.#tap === null) {
      const cap =
        this.capabilities.find((c) => c.tableAccess !== undefined && sameId(c.standardId, TAP_STANDARD_ID)) ??
        this.capabilities.find((c) => c.tableAccess !== undefined);
      this.#tap = cap?.tableAccess ? new TapCapability({ ...cap, tableAccess: cap.tableAccess }) : undefined;
    }
    return this.#tap;
  }

  /** pyVO's `get_tap_capability()`: {@link tapCapability}. */
  getTapCapability(): TapCapability | undefined {
    return this.tapCapability;
  }

  /** The TAPRegExt description of the TAP capability, or undefined. */
  get tableAccess(): TableAccess | undefined {
    return this.tapCapability?.tableAccess;
  }

  /** Every capability with this standardID (case-insensitive). */
  find(standardId: string): Capability[] {
    return this.capabilities.filter((c) => sameId(c.standardId, standardId));
  }

  /** The query languages of the TAP capability; [] when none. */
  get languages(): readonly TapLanguage[] {
    return this.tapCapability?.languages ?? [];
  }

  /** The data models of the TAP capability; [] when none. */
  get dataModels(): readonly { readonly ivoId: string; readonly name: string }[] {
    return this.tapCapability?.dataModels ?? [];
  }

  /** The query language by name (default "ADQL"), case-insensitive. */
  language(name = "ADQL"): TapLanguage | undefined {
    return this.tapCapability?.getLanguage(name);
  }

  /** The ADQL language (pyVO's `get_adql()`). */
  getAdql(): TapLanguage | undefined {
    return this.language("ADQL");
  }

  /** Every feature of one type (short or full id) in a language (default ADQL). */
  features(type: string, options: { language?: string } = {}): LanguageFeature[] {
    return this.language(options.language)?.features(type) ?? [];
  }

  /**
   * True when the language (default ADQL) declares a feature of this type and form.
   * UDF forms match by function name.
   * @example caps.supportsFeature("adql-sets", "UNION"); caps.supportsFeature("adqlgeo", "CONTAINS")
   */
  supportsFeature(type: string, form: string, options: { language?: string } = {}): boolean {
    return this.getFeature(type, form, options) !== undefined;
  }

  /**
   * The declared feature of this type and form (pyVO's `get_adql().get_feature(type, form)`),
   * with its description; undefined when not declared. UDF forms match by function name.
   * @example caps.getFeature("adqlgeo", "CONTAINS")?.description
   */
  getFeature(type: string, form: string, options: { language?: string } = {}): LanguageFeature | undefined {
    return this.language(options.language)?.getFeature(type, form);
  }

  /** Every UDF the language (default ADQL) declares. */
  udfs(options: { language?: string } = {}): UDF[] {
    return this.language(options.language)?.udfs() ?? [];
  }

  /** A UDF by name (case-insensitive), with its parsed signature. */
  getUdf(name: string, options: { language?: string } = {}): UDF | undefined {
    return this.udfs(options).find((u) => u.name.toLowerCase() === name.toLowerCase());
  }

  /** The declared output formats. */
  get outputFormats(): readonly OutputFormat[] {
    return this.tableAccess?.outputFormats ?? [];
  }

  /** The declared upload method ivo-ids. */
  get uploadMethods(): readonly string[] {
    return this.tableAccess?.uploadMethods ?? [];
  }

  /** Every `retentionPeriod` of the TAP capability. */
  get retentionPeriods(): readonly TimeLimit[] {
    return this.tableAccess?.retentionPeriods ?? [];
  }

  /** Every `executionDuration` of the TAP capability. */
  get executionDurations(): readonly TimeLimit[] {
    return this.tableAccess?.executionDurations ?? [];
  }

  /** Every `outputLimit` of the TAP capability. */
  get outputLimits(): readonly DataLimit[] {
    return this.tableAccess?.outputLimits ?? [];
  }

  /** Every `uploadLimit` of the TAP capability. */
  get uploadLimits(): readonly DataLimit[] {
    return this.tableAccess?.uploadLimits ?? [];
  }

  /**
   * True when the service declares uploads; with a method ("inline", "http", …
   * or a full ivo-id), true when it declares that method.
   */
  supportsUploads(method?: string): boolean {
    if (method === undefined) return this.uploadMethods.length > 0;
    const id = uploadMethodId(method);
    return this.uploadMethods.some((m) => sameId(m, id));
  }

  /** True when an output format with this MIME type (parameters ignored unless given), alias or ivo-id is declared. */
  supportsOutputFormat(format: string): boolean {
    const f = format.toLowerCase();
    return this.outputFormats.some(
      (o) =>
        o.mime.toLowerCase() === f ||
        o.mime.toLowerCase().split(";")[0]!.trim() === f ||
        o.aliases.some((a) => a.toLowerCase() === f) ||
        (o.ivoId !== undefined && sameId(o.ivoId, format)),
    );
  }

  /** The row limits (MAXREC default and hard limit) for a mode, from `outputLimit` in rows. */
  maxrecLimits(mode?: "sync" | "async"): { default?: number; hard?: number } {
    const limit = pickForMode(this.outputLimits, mode);
    const out: { default?: number; hard?: number } = {};
    if (limit?.default?.unit === "row") out.default = limit.default.value;
    if (limit?.hard?.unit === "row") out.hard = limit.hard.value;
    return out;
  }

  /** The upload limit for a mode (value and unit, usually bytes). */
  uploadLimit(mode?: "sync" | "async"): DataLimit | undefined {
    return pickForMode(this.uploadLimits, mode);
  }

  /** The execution duration limits (seconds) for a mode. */
  executionDuration(mode?: "sync" | "async"): TimeLimit | undefined {
    return pickForMode(this.executionDurations, mode);
  }

  /** The retention period limits (seconds) for a mode. */
  retentionPeriod(mode?: "sync" | "async"): TimeLimit | undefined {
    return pickForMode(this.retentionPeriods, mode);
  }
}

function pickForMode<T extends { forMode?: string | undefined }>(list: readonly T[], mode: string | undefined): T | undefined {
  if (mode !== undefined) {
    const exact = list.find((l) => l.forMode?.toLowerCase() === mode);
    if (exact) return exact;
  }
  return list.find((l) => l.forMode === undefined) ?? list[0];
}

function udfName(form: string): string {
  const i = form.indexOf("(");
  return (i < 0 ? form : form.slice(0, i)).trim();
}

/** Splits a UDF form `name(arg TYPE, …) -> RETURNS` into its parts (lax: unparsable parts are left out). */
export function parseUdf(feature: LanguageFeature): UDF {
  const form = feature.form.trim();
  const m = /^([^(\s]+)\s*\(([^)]*)\)\s*(?:->\s*(.+))?$/s.exec(form);
  if (!m) return { name: udfName(form), form, args: [], returns: undefined, description: feature.description };
  const args = m[2]!
    .split(",")
    .map((a) => a.trim())
    .filter((a) => a !== "")
    .map((a) => {
      const sp = a.search(/\s/);
      return sp < 0 ? { name: a, type: "" } : { name: a.slice(0, sp), type: a.slice(sp).trim() };
    });
  return { name: m[1]!, form, args, returns: m[3]?.trim(), description: feature.description };
}

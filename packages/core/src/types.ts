import type { CellValue, Field, Info, Param, ResourceMeta, TableMeta, VOTableMeta } from "@vo/votable";
import type { DALOverflowWarning } from "@vo/votable";
import type { Transport, TransportResponse } from "./transport/types.js";

/**
 * What every service factory receives from the client: the client's transport,
 * warning sink and lookups. Packages find each other only through it
 * (`@vo/registry` asks `ctx.service("sia2", url)`, it never imports `@vo/protocol-sia`).
 */
export interface ServiceContext {
  /** The client's transport, with the plugins' interceptors applied. */
  readonly transport: Transport;
  /** Where non-fatal problems go (overflow, lax-parse warnings). */
  readonly onWarning: (warning: VOWarning) => void;
  /**
   * Makes another service through the client's plugins (used by registry/datalink).
   * @throws PluginError `VO_ERR_PLUGIN_MISSING` when no plugin provides it.
   */
  service(key: string, accessUrl: string | URL): Service;
  /**
   * The decoder registered for a media type (parameters are tried, then dropped).
   * @throws PluginError `VO_ERR_PLUGIN_MISSING` when none is registered.
   */
  decoder(mediaType: string): Decoder;
  /**
   * The constraint definition registered under a keyword.
   * @throws PluginError `VO_ERR_PLUGIN_MISSING` when none is registered.
   */
  constraint(keyword: string): ConstraintDefinition;
  /**
   * The data model definition registered under a utype or ivoid.
   * @throws PluginError `VO_ERR_PLUGIN_MISSING` when none is registered.
   */
  model(key: string): ModelDefinition;
  /** Whether a plugin registered something of this kind under this key (same matching as the lookups). */
  has(kind: RegistryKind, key: string): boolean;
}

/** The kinds of things a plugin registers. */
export type RegistryKind = "service" | "constraint" | "model" | "decoder";

/** Decodes a response body of one media type (registered by a plugin through `registry.decoder`). */
export type Decoder<T = unknown> = (response: TransportResponse, options: { signal?: AbortSignal | undefined }) => Promise<T>;

/**
 * What a RegTAP service can evaluate, as a constraint sees it: made by
 * `@vo/registry` from the registry's TAPRegExt capabilities and table metadata.
 */
export interface RegistryFeatures {
  /** The registry's TAP access URL. */
  readonly url: string;
  /**
   * Whether the TAP service declares an ADQL language feature: `type` a TAPRegExt
   * feature type (`ivo://ivoa.net/std/TAPRegExt#features-adql-sets`, or its short
   * form `adql-sets`; `ivo://org.gavo.dc/std/exts#extra-adql-keywords`), `form`
   * as declared (`UNION`, `MOC`, `ivo_hasword(…)` matches on the function name).
   */
  hasFeature(type: string, form: string): boolean;
  /** Whether the registry has this table (`rr.stc_spatial`), case-insensitive. */
  hasTable(name: string): boolean;
  /** A column's declared type, or undefined when the table or column is absent (`column("rr.stc_spatial", "coverage")?.xtype === "moc"`). */
  column(table: string, column: string): { readonly datatype?: string | undefined; readonly xtype?: string | undefined } | undefined;
}

/** An ADQL condition: the `AdqlFragment` of `@vo/protocol-tap`'s `adql` template, or anything with the same escaped `text`. */
export interface ConstraintCondition {
  /** The ADQL text, every literal already escaped. */
  readonly text: string;
}

/**
 * A registry constraint: a keyword of `@vo/registry`'s `search({ keyword: value })`
 * turned into one ADQL condition over the RegTAP (`rr`) tables (pyVO's `Constraint`).
 * Registered by a plugin with `r.constraint(definition.keyword, definition)`;
 * `@vo/registry`'s `defineConstraint` builds one and types `V`.
 *
 * The condition is evaluated on `rr.resource` joined with `rr.capability` and
 * `rr.interface`; with `tables`, it becomes a subquery over those tables
 * (`ivoid IN (SELECT ivoid FROM … WHERE condition)`, pyVO's `SubqueriedConstraint`),
 * so that one-to-many tables do not duplicate results.
 */
export interface ConstraintDefinition<V = unknown> {
  /** The keyword in `search({ keyword: value })` (case-sensitive). */
  readonly keyword: string;
  /** One line for listings and error messages. */
  readonly description?: string | undefined;
  /** The `rr` tables the condition reads (`["rr.table_column"]`), natural-joined in the subquery; none: the main query's tables. */
  readonly tables?: readonly string[] | undefined;
  /** Checks a value given to `search` and returns it normalised. @throws ParameterError naming the keyword. */
  parse(value: unknown): V;
  /** The feature the registry lacks for this value (said in `RegTAPFeatureMissingError`), or undefined when it can evaluate it. */
  requires?(registry: RegistryFeatures, value: V): string | undefined;
  /** The ADQL condition for a parsed value on this registry. */
  condition(value: V, registry: RegistryFeatures): ConstraintCondition;
}

/**
 * A data model (ObsCore, EPN-TAP, …) as its package's plugin registers it,
 * under each ivoid or utype it is known by (`r.model(id, definition)`): what
 * a registry search (`datamodel`) or a table check needs to recognise it. A
 * model package may extend it with its own fields.
 */
export interface ModelDefinition {
  /** Short name, e.g. "EPN-TAP". */
  readonly name: string;
  /** The model's version, e.g. "2.0". */
  readonly version?: string | undefined;
  /** The ivo-ids services declare in their capabilities (`dataModel/@ivo-id`), e.g. "ivo://ivoa.net/std/ObsCore#core-1.1". */
  readonly ivoids?: readonly string[] | undefined;
  /** Table utypes as SQL LIKE patterns, lower case, e.g. "ivo://ivoa.net/std/epntap#table-2.%". */
  readonly utypes?: readonly string[] | undefined;
  /** The columns (lower case) a table of this model always has. */
  readonly mandatoryColumns?: readonly string[] | undefined;
}

/** A non-fatal problem: overflow, or a warning from a lax parse (`reason`: the VOTable reader's own code, e.g. VO_WARN_VOTABLE_RANGE). */
export type VOWarning = DALOverflowWarning | { name: string; code: string; message: string; url?: string | undefined; reason?: string | undefined };

/** A VO service reached at one access URL, made by a protocol plugin. */
export interface Service {
  /** The standardID the service was made for. */
  readonly standardId: string;
  /** The access URL (base URL). */
  readonly baseUrl: string;
}

/** One row of a result, answering by field name, by UCD and by utype. Implemented by the `Record` class (dal/record.ts). */
export interface RecordLike {
  /** The cell of the field with this name (or ID); case-sensitive first, then case-insensitive. */
  get(name: string): CellValue | undefined;
  /** The cell of the first field with this UCD (case-insensitive; `;meta.main` preferred). */
  getByUcd(ucd: string): CellValue | undefined;
  /** The cell of the first field with this utype (case-insensitive, namespace prefix ignored). */
  getByUtype(utype: string): CellValue | undefined;
  /** The cells in field order. */
  readonly cells: readonly CellValue[];
  /** The result set's fields. */
  readonly fields: readonly Field[];
  /** A plain object, field name → cell. */
  toJSON(): { [name: string]: CellValue };
}

/**
 * The result of a DAL query: metadata, query status, overflow flag and rows.
 * Implemented by the `ResultSet` (in memory) and `ResultStream` (streamed) classes of dal/.
 */
export interface ResultSetLike<R extends RecordLike = RecordLike> extends AsyncIterable<R> {
  /** The URL the result came from (after redirects). */
  readonly url: string;
  /** The result table's FIELDs, in column order. */
  readonly fields: readonly Field[];
  /** The PARAMs of the results RESOURCE and TABLE. */
  readonly params: readonly Param[];
  /** INFOs of the results RESOURCE and TABLE, including those after the table once the rows are read. */
  readonly infos: readonly Info[];
  /** QUERY_STATUS value: "OK", "OVERFLOW" (or "ERROR", which is thrown instead). Final once rows are read. */
  readonly queryStatus: string | undefined;
  /** Set when the service truncated the result. Final once rows are read. */
  readonly overflow: DALOverflowWarning | undefined;
  /** The result TABLE's metadata. */
  readonly table: TableMeta;
  /** The RESOURCE holding the result table. */
  readonly resource: ResourceMeta;
  /** The whole VOTable document's metadata. */
  readonly document: VOTableMeta;
}

/** A registry constraint value: plain data tagged with its keyword. */
export interface Constraint<K extends string = string, V = unknown> {
  /** The constraint keyword a plugin registered (`servicetype`, `waveband`, `uat`, …). */
  readonly keyword: K;
  /** The constraint's arguments, as its definition expects them. */
  readonly value: V;
}

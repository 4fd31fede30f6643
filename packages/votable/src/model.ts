/**
 * The VOTable document model shared by the reader, the writer and every
 * package above (ResultSet fields, TAP uploads, SAMP tables).
 */

/** VOTable primitive datatypes. */
export type Datatype =
  | "boolean"
  | "bit"
  | "unsignedByte"
  | "short"
  | "int"
  | "long"
  | "char"
  | "unicodeChar"
  | "float"
  | "double"
  | "floatComplex"
  | "doubleComplex";

/** The VALUES element of a FIELD or PARAM. */
export interface Values {
  /** The `null` attribute, as written. */
  null?: string;
  /** The MIN child: lower bound as written; `inclusive` false for `inclusive="no"`. */
  min?: { value: string; inclusive: boolean };
  /** The MAX child: upper bound as written; `inclusive` false for `inclusive="no"`. */
  max?: { value: string; inclusive: boolean };
  /** The OPTION children: the values allowed (enumeration), in document order. */
  options?: Option[];
  /** ID of another VALUES whose content applies here. */
  ref?: string;
}

/** An OPTION of VALUES (may nest). */
export interface Option {
  /** Label of the value. */
  name?: string;
  /** The allowed value, as written. */
  value: string;
  /** Nested OPTIONs (a hierarchy of values). */
  options?: Option[];
}

/** A LINK element. */
export interface Link {
  /** The URL linked to. */
  href?: string;
  title?: string;
  /** The `content-role` attribute: what the link is for ("doc", "query", "location", …). */
  contentRole?: string;
  /** The `content-type` attribute: MIME type of the resource linked to. */
  contentType?: string;
  /** The `value` attribute, else the element's text content. */
  value?: string;
  /** The `action` attribute, as written. */
  action?: string;
  ID?: string;
}

/** Metadata of a FIELD (a table column). Every attribute of the schema is kept. */
export interface Field {
  /** The `name` attribute (the ID when the name is missing). */
  name: string;
  /** Primitive type of each item (a misspelt datatype read in lax mode is normalised). */
  datatype: Datatype;
  ID?: string;
  /** Array shape as written: `"*"`, `"10"`, `"3x2"`, `"2x*"`; absent for a scalar (or a single char). */
  arraysize?: string;
  /** Display width in characters. */
  width?: number;
  /** Display precision as written: digits after the point (`"3"`, `"F3"`) or significant figures (`"E5"`). */
  precision?: string;
  /** Unit, as written (VOUnits syntax). */
  unit?: string;
  /** Unified Content Descriptor: what the quantity is (`pos.eq.ra;meta.main`). */
  ucd?: string;
  /** Data-model element the column stands for. */
  utype?: string;
  /** Extended type for the DALI interpretation of the value (timestamp, point, circle, polygon, interval, moc, …). */
  xtype?: string;
  /** ID of the element this refers to (often a COOSYS or TIMESYS). */
  ref?: string;
  /** The `type` attribute (VOTable 1.1+: "hidden", "no_query", "trigger", "location"). */
  type?: string;
  /** Text of the DESCRIPTION child, trimmed. */
  description?: string;
  /** The VALUES child: null value, range, allowed options. */
  values?: Values;
  /** The LINK children. */
  links?: Link[];
}

/** A PARAM: a FIELD with a constant value. */
export interface Param extends Field {
  /** The value attribute as written. */
  value: string;
  /** The value decoded by datatype/arraysize/xtype rules. */
  parsed: CellValue;
}

/** An INFO element. */
export interface Info {
  /** The `name` attribute ("QUERY_STATUS", "standardID", …). */
  name: string;
  /** The `value` attribute, as written ("" when missing). */
  value: string;
  ID?: string;
  /** Unit of the value. */
  unit?: string;
  /** Unified Content Descriptor of the value. */
  ucd?: string;
  /** Data-model element the value stands for. */
  utype?: string;
  /** Extended type of the value. */
  xtype?: string;
  /** ID of the element this refers to. */
  ref?: string;
  /** Element text content. */
  content?: string;
}

/** A COOSYS element. */
export interface CooSys {
  /** Referred to by the `ref` of FIELDs and PARAMs. */
  ID?: string;
  /** The reference frame: "ICRS", "FK5", "galactic", … */
  system?: string;
  /** Equinox of FK4/FK5 frames, as written ("J2000"). */
  equinox?: string;
  /** Epoch of the positions, as written ("J2016.0"). */
  epoch?: string;
  /** Where the coordinates are measured from (VOTable 1.4+: "BARYCENTER", "TOPOCENTER", …). */
  refposition?: string;
}

/** A TIMESYS element (VOTable 1.4+). */
export interface TimeSys {
  /** Referred to by the `ref` of FIELDs and PARAMs (required by the schema). */
  ID?: string;
  /** Zero point of relative times: a Julian date or "MJD-origin", "JD-origin". */
  timeorigin?: string;
  /** Time scale: "TCB", "TT", "UTC", … */
  timescale?: string;
  /** Where the times are measured: "BARYCENTER", "TOPOCENTER", … */
  refposition?: string;
}

/** A GROUP, with FIELDref/PARAMref and nested groups. */
export interface Group {
  name?: string;
  ID?: string;
  /** ID of the element this refers to (a COOSYS, or another GROUP). */
  ref?: string;
  /** Unified Content Descriptor of the group as a whole. */
  ucd?: string;
  /** Data-model element the group stands for. */
  utype?: string;
  /** Text of the DESCRIPTION child, trimmed. */
  description?: string;
  /** FIELDref children: the `ref` names the ID of a FIELD of the table. */
  fieldRefs: { ref: string; ucd?: string; utype?: string }[];
  /** PARAMref children: the `ref` names the ID of a PARAM. */
  paramRefs: { ref: string; ucd?: string; utype?: string }[];
  /** PARAMs declared inside the group. */
  params: Param[];
  /** Nested GROUPs. */
  groups: Group[];
}

/** Serialisation a table's DATA came in. */
export type Serialization = "TABLEDATA" | "BINARY" | "BINARY2" | "FITS" | "none";

/** A TABLE's metadata (everything but the rows). */
export interface TableMeta {
  name?: string;
  ID?: string;
  /** ID of an earlier TABLE whose FIELDs this one reuses (when it declares none). */
  ref?: string;
  /** Unified Content Descriptor of the table as a whole. */
  ucd?: string;
  /** Data-model element the table stands for. */
  utype?: string;
  /** The `nrows` attribute: rows announced (a hint; the rows read may differ). */
  nrows?: number;
  /** Text of the DESCRIPTION child, trimmed. */
  description?: string;
  /** The FIELDs declared in this TABLE (empty for a `ref` table: see ColumnarTable.fields). */
  fields: Field[];
  /** PARAMs of the table (constants that apply to every row). */
  params: Param[];
  /** GROUPs of the table (FIELDs and PARAMs that belong together). */
  groups: Group[];
  /** LINK children of the table. */
  links: Link[];
  /** INFOs inside the TABLE, before and after DATA. */
  infos: Info[];
  /** How the DATA was serialised; "none" for a table without DATA. */
  serialization: Serialization;
}

/** A RESOURCE's metadata; `tables` and `resources` are in document order. */
export interface ResourceMeta {
  name?: string;
  ID?: string;
  /** "results" (the default) for data, "meta" for descriptions such as DataLink service descriptors. */
  type?: "results" | "meta" | string;
  /** Data-model element the resource stands for ("adhoc:service" for a service descriptor). */
  utype?: string;
  /** Text of the DESCRIPTION child, trimmed. */
  description?: string;
  /** INFOs of the resource (QUERY_STATUS of a DAL response among them), before and after its tables. */
  infos: Info[];
  /** PARAMs of the resource (a service descriptor's accessURL, …). */
  params: Param[];
  /** GROUPs of the resource (a service descriptor's inputParams, …). */
  groups: Group[];
  /** LINK children of the resource. */
  links: Link[];
  /** Coordinate systems declared in the resource. */
  coosys: CooSys[];
  /** Time systems declared in the resource. */
  timesys: TimeSys[];
  /** Child TABLEs. */
  tables: TableMeta[];
  /** Child RESOURCEs. */
  resources: ResourceMeta[];
}

/** Complex number as `[re, im]`. */
export type Complex = [number, number];

/**
 * A decoded cell. Scalars: boolean, number, bigint (`long`), string (char),
 * Complex. Arrays: typed arrays for numeric types (Float64Array, Int32Array,
 * BigInt64Array, …), `(boolean | null)[]` for boolean/bit, `Complex[]`,
 * `string[]` for char arrays of 2+ dimensions. `null` for a null cell.
 */
export type CellValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Complex
  | Int8Array
  | Uint8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Float32Array
  | Float64Array
  | (boolean | null)[]
  | Complex[]
  | string[];

/** A row: one cell per field, in field order. */
export type Row = CellValue[];

/**
 * Every code a reader warning can have, each listed with its meaning in
 * docs/errors.md. Strict mode throws a DALFormatError whose `reason` is the
 * code of the warning lax mode would have given.
 */
export const VOTABLE_WARNING_CODES = [
  "VO_WARN_VOTABLE_VALUE",
  "VO_WARN_VOTABLE_RANGE",
  "VO_WARN_VOTABLE_FRACTION",
  "VO_WARN_VOTABLE_ELEMENTS",
  "VO_WARN_VOTABLE_STRING_LENGTH",
  "VO_WARN_VOTABLE_UCS2",
  "VO_WARN_VOTABLE_ROW_CELLS",
  "VO_WARN_VOTABLE_NROWS",
  "VO_WARN_VOTABLE_ENTITY",
  "VO_WARN_VOTABLE_UTF8",
  "VO_WARN_VOTABLE_DATATYPE",
  "VO_WARN_VOTABLE_ARRAYSIZE",
  "VO_WARN_VOTABLE_ATTRIBUTE",
  "VO_WARN_VOTABLE_STRUCTURE",
  "VO_WARN_VOTABLE_SUPPRESSED",
  "VO_WARN_VOTABLE_BIT_LAYOUT",
  "VO_WARN_VOTABLE_ARRAY_COUNT",
] as const;

/** The stable code of a reader warning (see {@link VOTABLE_WARNING_CODES}). */
export type VOTableWarningCode = (typeof VOTABLE_WARNING_CODES)[number];

/** A warning collected in lax mode. */
export interface VOTableWarning {
  /** Stable code of the kind of problem (see {@link VOTableWarningCode}). */
  code: VOTableWarningCode;
  /** What was wrong and how it was read. */
  message: string;
  /** For a cell or value: the FIELD or PARAM name. */
  field?: string;
  /** For a table cell: the row, 1-based. */
  row?: number;
  /** For a cell or value: the text (or bytes, as text) that was read, at most 80 characters. */
  text?: string;
  /** Line (1-based) of the document where it was found. */
  line?: number;
  /** Column (1-based), when known. */
  column?: number;
  /** Element path where it was found, such as `VOTABLE/RESOURCE/TABLE/DATA/TABLEDATA/TR[3]/TD[2]`. */
  element?: string;
}

/** The whole document's metadata. */
export interface VOTableMeta {
  /** The VOTABLE version attribute (or the namespace's version). */
  version: string;
  ID?: string;
  /** Text of the top-level DESCRIPTION, trimmed. */
  description?: string;
  /** INFO/PARAM/GROUP/COOSYS/TIMESYS at VOTABLE level. */
  infos: Info[];
  /** PARAMs at VOTABLE level. */
  params: Param[];
  /** GROUPs at VOTABLE level. */
  groups: Group[];
  /** Coordinate systems at VOTABLE level. */
  coosys: CooSys[];
  /** Time systems at VOTABLE level. */
  timesys: TimeSys[];
  /** Top-level RESOURCEs, in document order. */
  resources: ResourceMeta[];
}

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
  min?: { value: string; inclusive: boolean };
  max?: { value: string; inclusive: boolean };
  options?: Option[];
  ref?: string;
}

/** An OPTION of VALUES (may nest). */
export interface Option {
  name?: string;
  value: string;
  options?: Option[];
}

/** A LINK element. */
export interface Link {
  href?: string;
  title?: string;
  contentRole?: string;
  contentType?: string;
  value?: string;
  action?: string;
  ID?: string;
}

/** Metadata of a FIELD (a table column). Every attribute of the schema is kept. */
export interface Field {
  name: string;
  datatype: Datatype;
  ID?: string;
  arraysize?: string;
  width?: number;
  precision?: string;
  unit?: string;
  ucd?: string;
  utype?: string;
  xtype?: string;
  ref?: string;
  /** The `type` attribute (VOTable 1.1+: "hidden", "no_query", "trigger", "location"). */
  type?: string;
  description?: string;
  values?: Values;
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
  name: string;
  value: string;
  ID?: string;
  unit?: string;
  ucd?: string;
  utype?: string;
  xtype?: string;
  ref?: string;
  /** Element text content. */
  content?: string;
}

/** A COOSYS element. */
export interface CooSys {
  ID?: string;
  system?: string;
  equinox?: string;
  epoch?: string;
  refposition?: string;
}

/** A TIMESYS element (VOTable 1.4+). */
export interface TimeSys {
  ID?: string;
  timeorigin?: string;
  timescale?: string;
  refposition?: string;
}

/** A GROUP, with FIELDref/PARAMref and nested groups. */
export interface Group {
  name?: string;
  ID?: string;
  ref?: string;
  ucd?: string;
  utype?: string;
  description?: string;
  fieldRefs: { ref: string; ucd?: string; utype?: string }[];
  paramRefs: { ref: string; ucd?: string; utype?: string }[];
  params: Param[];
  groups: Group[];
}

/** Serialisation a table's DATA came in. */
export type Serialization = "TABLEDATA" | "BINARY" | "BINARY2" | "FITS" | "none";

/** A TABLE's metadata (everything but the rows). */
export interface TableMeta {
  name?: string;
  ID?: string;
  ref?: string;
  ucd?: string;
  utype?: string;
  nrows?: number;
  description?: string;
  fields: Field[];
  params: Param[];
  groups: Group[];
  links: Link[];
  /** INFOs inside the TABLE, before and after DATA. */
  infos: Info[];
  serialization: Serialization;
}

/** A RESOURCE's metadata; `tables` and `resources` are in document order. */
export interface ResourceMeta {
  name?: string;
  ID?: string;
  type?: "results" | "meta" | string;
  utype?: string;
  description?: string;
  infos: Info[];
  params: Param[];
  groups: Group[];
  links: Link[];
  coosys: CooSys[];
  timesys: TimeSys[];
  tables: TableMeta[];
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

/** A warning collected in lax mode. */
export interface VOTableWarning {
  message: string;
  line?: number;
  column?: number;
  element?: string;
}

/** The whole document's metadata. */
export interface VOTableMeta {
  /** The VOTABLE version attribute (or the namespace's version). */
  version: string;
  ID?: string;
  description?: string;
  /** INFO/PARAM/GROUP/COOSYS/TIMESYS at VOTABLE level. */
  infos: Info[];
  params: Param[];
  groups: Group[];
  coosys: CooSys[];
  timesys: TimeSys[];
  resources: ResourceMeta[];
}

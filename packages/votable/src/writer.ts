/**
 * Streaming VOTable writer: TABLEDATA, BINARY and BINARY2, VOTable 1.3–1.5.
 *
 * Rows are encoded as they come and emitted in chunks of about
 * `chunkSize` bytes, so memory stays bounded whatever the table size.
 * Base64 STREAMs are written in 76-character lines as rows are produced.
 *
 * Characters that XML 1.0 cannot carry (C0 controls other than tab, LF and
 * CR; U+FFFE/U+FFFF; unpaired surrogates) throw a ParameterError by
 * default; `invalidChars: "replace"` writes U+FFFD instead. They only
 * matter in metadata and TABLEDATA: binary cells carry any character.
 */
import { ParameterError } from "./errors.js";
import type { CellValue, CooSys, Field, Info, ResourceMeta, Row, TableMeta, TimeSys } from "./model.js";
import { base64Lines, ByteBuffer, compileCodec, LINE_BYTES, type CellCodec } from "./writer-cells.js";
import { XmlBuilder, type InvalidCharPolicy } from "./writer-xml.js";

export type { InvalidCharPolicy } from "./writer-xml.js";

/** A PARAM to write: a FIELD with either its `value` text or a decoded value (`parsed`) to format. */
export type ParamInput = Field & { value?: string; parsed?: CellValue };

/** The RESOURCE around the written table. */
export interface WriteResourceInput {
  name?: string | undefined;
  ID?: string | undefined;
  /** Defaults to `"results"`. */
  type?: string | undefined;
  utype?: string | undefined;
  description?: string | undefined;
  infos?: Info[] | undefined;
  params?: ParamInput[] | undefined;
  coosys?: CooSys[] | undefined;
  timesys?: TimeSys[] | undefined;
}

/** A table given as field metadata and an (async) iterable of rows. */
export interface WriteTableInput {
  fields: Field[];
  rows: Iterable<Row> | AsyncIterable<Row>;
  /** TABLE name. */
  name?: string | undefined;
  /** TABLE ID. */
  ID?: string | undefined;
  ucd?: string | undefined;
  utype?: string | undefined;
  /** TABLE DESCRIPTION. */
  description?: string | undefined;
  /** PARAMs inside the TABLE. */
  params?: ParamInput[] | undefined;
  /** INFOs written in the RESOURCE, before the TABLE (where DAL clients look for QUERY_STATUS). */
  infos?: Info[] | undefined;
  /** INFOs inside the TABLE, before the FIELDs. */
  tableInfos?: Info[] | undefined;
  /** Row count for the `nrows` attribute, when known in advance (arrays are counted). */
  nrows?: number | undefined;
  resource?: WriteResourceInput | undefined;
}

/** Anything shaped like the reader's ColumnarTable. */
export interface ColumnarTableLike {
  fields: Field[];
  length: number;
  /** Row `i` (0-based), values in field order. */
  row(i: number): Row;
  meta?: Partial<TableMeta>;
  resource?: Partial<ResourceMeta>;
}

/** Options of {@link writeVOTable}. */
export interface WriteOptions {
  /** Defaults to `"TABLEDATA"`. */
  serialization?: "TABLEDATA" | "BINARY2" | "BINARY" | undefined;
  /** The VOTABLE version attribute; defaults to `"1.4"`. */
  version?: "1.3" | "1.4" | "1.5" | undefined;
  /** Approximate size of the emitted chunks in bytes; defaults to 64 KiB. */
  chunkSize?: number | undefined;
  /** Characters XML 1.0 forbids: throw a ParameterError (`"error"`, the default) or write U+FFFD (`"replace"`). */
  invalidChars?: InvalidCharPolicy | undefined;
  /** Stops writing with the signal's reason between chunks. */
  signal?: AbortSignal | undefined;
}

const NAMESPACE = "http://www.ivoa.net/xml/VOTable/v1.3";
const DEFAULT_CHUNK = 64 * 1024;
function isColumnar(input: WriteTableInput | ColumnarTableLike): input is ColumnarTableLike {
  return typeof (input as ColumnarTableLike).row === "function" && typeof (input as ColumnarTableLike).length === "number";
}

/** The same table as a {@link WriteTableInput}: metadata from `meta`/`resource`, rows from `row(i)`. */
function fromColumnar(t: ColumnarTableLike): WriteTableInput {
  function* rows(): Generator<Row> {
    for (let i = 0; i < t.length; i++) yield t.row(i);
  }
  const m = t.meta ?? {};
  const r = t.resource;
  return {
    fields: t.fields,
    rows: rows(),
    nrows: t.length,
    ...(m.name !== undefined && { name: m.name }),
    ...(m.ID !== undefined && { ID: m.ID }),
    ...(m.ucd !== undefined && { ucd: m.ucd }),
    ...(m.utype !== undefined && { utype: m.utype }),
    ...(m.description !== undefined && { description: m.description }),
    ...(m.params && { params: m.params }),
    ...(m.infos && { tableInfos: m.infos }),
    ...(r && {
      resource: {
        ...(r.name !== undefined && { name: r.name }),
        ...(r.ID !== undefined && { ID: r.ID }),
        ...(r.type !== undefined && { type: r.type }),
        ...(r.utype !== undefined && { utype: r.utype }),
        ...(r.description !== undefined && { description: r.description }),
        ...(r.infos && { infos: r.infos }),
        ...(r.params && { params: r.params }),
        ...(r.coosys && { coosys: r.coosys }),
        ...(r.timesys && { timesys: r.timesys }),
      },
    }),
  };
}

function paramValue(p: ParamInput, codec: CellCodec): string {
  if (p.value !== undefined) return p.value;
  if (p.parsed === undefined) throw new ParameterError(`params.${p.name}`, "a value or a parsed value", p);
  try {
    return codec.text(p.parsed, 0);
  } catch (e) {
    const expected = e instanceof ParameterError ? e.expected : "a value that fits the PARAM's datatype";
    throw new ParameterError(`params.${p.name}`, expected, p.parsed, { cause: e });
  }
}

/** Writes the document up to `<TABLEDATA>` or `<STREAM encoding="base64">`. */
function head(input: WriteTableInput, options: Required<Pick<WriteOptions, "serialization" | "version">>, policy: InvalidCharPolicy, nrows: number | undefined): string {
  const x = new XmlBuilder(policy);
  const version = options.version;
  x.parts.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  x.line(
    0,
    `<VOTABLE version="${version}" xmlns="${NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${NAMESPACE} http://www.ivoa.net/xml/VOTable/VOTable-${version}.xsd">`,
  );
  const r = input.resource ?? {};
  x.line(1, `<RESOURCE${x.attrs("RESOURCE", [["ID", r.ID], ["name", r.name], ["type", r.type ?? "results"], ["utype", r.utype]])}>`);
  x.description(2, "RESOURCE", r.description);
  for (const info of [...(r.infos ?? []), ...(input.infos ?? [])]) x.info(2, info, `RESOURCE/INFO[${info.name}]`);
  for (const c of r.coosys ?? []) {
    x.line(2, `<COOSYS${x.attrs("COOSYS", [["ID", c.ID], ["system", c.system], ["equinox", c.equinox], ["epoch", c.epoch], ["refposition", c.refposition]])}/>`);
  }
  for (const t of r.timesys ?? []) {
    x.line(2, `<TIMESYS${x.attrs("TIMESYS", [["ID", t.ID], ["timeorigin", t.timeorigin], ["timescale", t.timescale], ["refposition", t.refposition]])}/>`);
  }
  for (const p of r.params ?? []) {
    x.field(2, p, `RESOURCE/PARAM[${p.name}]`, "PARAM", paramValue(p, compileCodec(p, policy)));
  }
  x.line(2, `<TABLE${x.attrs("TABLE", [["ID", input.ID], ["name", input.name], ["ucd", input.ucd], ["utype", input.utype], ["nrows", nrows]])}>`);
  x.description(3, "TABLE", input.description);
  for (const info of input.tableInfos ?? []) x.info(3, info, `TABLE/INFO[${info.name}]`);
  for (const p of input.params ?? []) x.field(3, p, `TABLE/PARAM[${p.name}]`, "PARAM", paramValue(p, compileCodec(p, policy)));
  input.fields.forEach((f, i) => x.field(3, f, `fields[${i}] "${f.name}"`, "FIELD"));
  x.line(3, "<DATA>");
  if (options.serialization === "TABLEDATA") x.line(4, "<TABLEDATA>");
  else {
    x.line(4, `<${options.serialization}>`);
    x.line(5, '<STREAM encoding="base64">');
  }
  return x.take();
}

function tail(serialization: WriteOptions["serialization"]): string {
  const close = serialization === "TABLEDATA" ? "    </TABLEDATA>\n" : `     </STREAM>\n    </${serialization}>\n`;
  return `${close}   </DATA>\n  </TABLE>\n </RESOURCE>\n</VOTABLE>\n`;
}

/** Accumulates encoded rows and hands out chunks. */
interface RowSink {
  add(row: Row, index: number): void;
  readonly size: number;
  take(final: boolean): Uint8Array;
}

class TableDataSink implements RowSink {
  private text = "";
  private readonly encoder = new TextEncoder();
  constructor(private readonly codecs: CellCodec[]) {}

  get size(): number {
    return this.text.length;
  }

  add(row: Row, index: number): void {
    let s = "<TR>";
    for (let j = 0; j < this.codecs.length; j++) {
      const td = this.codecs[j]!.td(row[j]!, index);
      s += td === "" ? "<TD/>" : `<TD>${td}</TD>`;
    }
    this.text += s + "</TR>\n";
  }

  take(): Uint8Array {
    const out = this.encoder.encode(this.text);
    this.text = "";
    return out;
  }
}

class BinarySink implements RowSink {
  private readonly out: ByteBuffer;
  private readonly flagBytes: number;
  constructor(
    private readonly codecs: CellCodec[],
    private readonly binary2: boolean,
    chunkSize: number,
  ) {
    this.out = new ByteBuffer(chunkSize + 4096);
    this.flagBytes = binary2 ? Math.ceil(codecs.length / 8) : 0;
  }

  get size(): number {
    return this.out.pos;
  }

  add(row: Row, index: number): void {
    const out = this.out;
    const start = out.pos;
    try {
      if (this.binary2) {
        out.ensure(this.flagBytes);
        out.buf.fill(0, out.pos, out.pos + this.flagBytes);
        for (let j = 0; j < this.codecs.length; j++) {
          if (row[j] === null) out.buf[out.pos + (j >> 3)]! |= 0x80 >> (j & 7);
        }
        out.pos += this.flagBytes;
      }
      for (let j = 0; j < this.codecs.length; j++) this.codecs[j]!.bin(row[j]!, out, index, this.binary2);
    } catch (e) {
      out.pos = start;
      throw e;
    }
  }

  take(final: boolean): Uint8Array {
    const out = this.out;
    const n = final ? out.pos : out.pos - (out.pos % LINE_BYTES);
    const text = base64Lines(out.buf.subarray(0, n));
    out.buf.copyWithin(0, n, out.pos);
    out.pos -= n;
    return text;
  }
}

function checkRow(row: unknown, width: number, index: number): asserts row is Row {
  if (!Array.isArray(row) || row.length !== width) {
    throw new ParameterError(`rows[${index}]`, `an array of ${width} cells (one per field)`, row);
  }
}

function checkFields(fields: unknown): asserts fields is Field[] {
  if (!Array.isArray(fields) || fields.length === 0) throw new ParameterError("fields", "a non-empty array of Field", fields);
  fields.forEach((f: Partial<Field> | null, i) => {
    if (!f || typeof f.name !== "string" || f.name === "") throw new ParameterError(`fields[${i}].name`, "a non-empty string", f?.name);
  });
}

/**
 * Writes one table as a VOTable document, streamed as UTF-8 chunks.
 * Input errors in the metadata throw at once; a cell that does not fit its
 * FIELD throws a ParameterError naming `rows[i].<field name>` while iterating.
 */
export function writeVOTable(input: WriteTableInput | ColumnarTableLike, options: WriteOptions = {}): AsyncIterable<Uint8Array> {
  const table = isColumnar(input) ? fromColumnar(input) : input;
  const serialization = options.serialization ?? "TABLEDATA";
  const version = options.version ?? "1.4";
  if (!["TABLEDATA", "BINARY", "BINARY2"].includes(serialization)) {
    throw new ParameterError("options.serialization", '"TABLEDATA", "BINARY" or "BINARY2"', serialization);
  }
  if (!["1.3", "1.4", "1.5"].includes(version)) throw new ParameterError("options.version", '"1.3", "1.4" or "1.5"', version);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  if (!Number.isInteger(chunkSize) || chunkSize < 1024) throw new ParameterError("options.chunkSize", "an integer ≥ 1024", chunkSize);
  const policy = options.invalidChars ?? "error";
  checkFields(table.fields);
  const codecs = table.fields.map((f) => compileCodec(f, policy));
  const rows = table.rows as Iterable<Row> | AsyncIterable<Row> | undefined;
  if (!rows || (typeof (rows as Iterable<Row>)[Symbol.iterator] !== "function" && typeof (rows as AsyncIterable<Row>)[Symbol.asyncIterator] !== "function")) {
    throw new ParameterError("rows", "an iterable or async iterable of rows", rows);
  }
  const nrows = table.nrows ?? (Array.isArray(rows) ? rows.length : undefined);
  const start = head(table, { serialization, version }, policy, nrows);
  const signal = options.signal;

  return (async function* () {
    const encoder = new TextEncoder();
    yield encoder.encode(start);
    const sink: RowSink = serialization === "TABLEDATA" ? new TableDataSink(codecs) : new BinarySink(codecs, serialization === "BINARY2", chunkSize);
    const width = codecs.length;
    let i = 0;
    if (Symbol.asyncIterator in rows) {
      for await (const row of rows as AsyncIterable<Row>) {
        checkRow(row, width, i);
        sink.add(row, i++);
        if (sink.size >= chunkSize) {
          signal?.throwIfAborted();
          yield sink.take(false);
        }
      }
    } else {
      for (const row of rows as Iterable<Row>) {
        checkRow(row, width, i);
        sink.add(row, i++);
        if (sink.size >= chunkSize) {
          signal?.throwIfAborted();
          yield sink.take(false);
        }
      }
    }
    if (nrows !== undefined && nrows !== i) throw new ParameterError("nrows", `${nrows} rows as declared`, i);
    const last = sink.take(true);
    if (last.length) yield last;
    yield encoder.encode(tail(serialization));
  })();
}

/** Writes the whole document into one byte array (for small tables and tests). */
export async function writeVOTableToBytes(input: WriteTableInput | ColumnarTableLike, options: WriteOptions = {}): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const c of writeVOTable(input, options)) {
    chunks.push(c);
    total += c.length;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Writes the whole document as a string. */
export async function writeVOTableToString(input: WriteTableInput | ColumnarTableLike, options: WriteOptions = {}): Promise<string> {
  return new TextDecoder().decode(await writeVOTableToBytes(input, options));
}

/** The VOTable datatype of a typed array's items (`Float64Array` → double, …): one table for the writer and for uploads. */
export const TYPED_ARRAY_DATATYPES: readonly (readonly [new (...args: never[]) => unknown, Field["datatype"]])[] = [
  [Float64Array, "double"],
  [Float32Array, "float"],
  [Int32Array, "int"],
  [Int16Array, "short"],
  [Uint8Array, "unsignedByte"],
  [BigInt64Array, "long"],
];

/** The field a JS value suggests, or undefined for null/undefined. */
function fieldFor(name: string, v: unknown): Field | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "number") return { name, datatype: "double" };
  if (typeof v === "bigint") return { name, datatype: "long" };
  if (typeof v === "boolean") return { name, datatype: "boolean" };
  if (typeof v === "string") return { name, datatype: "char", arraysize: "*" };
  if (v instanceof Date) return { name, datatype: "char", arraysize: "*", xtype: "timestamp" };
  for (const [ctor, datatype] of TYPED_ARRAY_DATATYPES) if (v instanceof ctor) return { name, datatype, arraysize: "*" };
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === "number")) return { name, datatype: "double", arraysize: "*" };
    if (v.every((x) => typeof x === "boolean" || x === null)) return { name, datatype: "boolean", arraysize: "*" };
    if (v.every((x) => typeof x === "bigint")) return { name, datatype: "long", arraysize: "*" };
  }
  throw new ParameterError(`records[].${name}`, "a number, bigint, boolean, string, Date, typed array or array of numbers/booleans", v);
}

/**
 * Infers FIELDs from plain objects: number → double, bigint → long,
 * boolean → boolean, string → char[*], Date → char[*] with xtype
 * "timestamp", typed arrays and arrays of numbers/booleans → arrays.
 * Keys are taken in first-seen order and name the columns; a key that is
 * always null becomes char[*].
 * @throws {ParameterError} for a record that is not a plain object: an array
 * of cells has no column names (its keys would be "0", "1", …), so give the
 * fields yourself for rows of cells.
 */
export function inferFields(records: Iterable<Record<string, unknown>>): Field[] {
  const found = new Map<string, Field | undefined>();
  let i = 0;
  for (const rec of records) {
    if (typeof rec !== "object" || rec === null || Array.isArray(rec) || ArrayBuffer.isView(rec)) {
      throw new ParameterError(`records[${i}]`, "a plain object whose keys name the columns (for rows of cells in field order, give the fields)", rec);
    }
    i++;
    for (const [k, v] of Object.entries(rec)) {
      const f = fieldFor(k, v);
      const known = found.get(k);
      if (known === undefined) found.set(k, f);
      else if (f && (f.datatype !== known.datatype || f.arraysize !== known.arraysize || f.xtype !== known.xtype)) {
        throw new ParameterError(`records[].${k}`, `values of one type (${known.datatype}${known.arraysize ? `[${known.arraysize}]` : ""})`, v);
      }
    }
  }
  return [...found].map(([name, f]) => f ?? { name, datatype: "char", arraysize: "*" });
}

/** Turns plain objects into rows of `fields` (missing keys become null, Dates ISO 8601 strings). */
export function* recordsToRows(records: Iterable<Record<string, unknown>>, fields: Field[]): Generator<Row> {
  for (const rec of records) {
    yield fields.map((f) => {
      const v = rec[f.name];
      if (v === undefined) return null;
      if (v instanceof Date) return v.toISOString();
      return v as CellValue;
    });
  }
}

/** A {@link WriteTableInput} from plain objects, with {@link inferFields} unless `fields` is given. */
export function tableFromRecords(records: Record<string, unknown>[], extra: Partial<Omit<WriteTableInput, "rows">> = {}): WriteTableInput {
  const fields = extra.fields ?? inferFields(records);
  return { ...extra, fields, rows: recordsToRows(records, fields), nrows: records.length };
}

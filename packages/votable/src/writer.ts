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
import type { CellValue, CooSys, Field, Group, Info, Link, Param, ResourceMeta, Row, TableMeta, TimeSys, VOTableMeta } from "./model.js";
import { base64Lines, ByteBuffer, compileCodec, LINE_BYTES, parseArraysize, type CellCodec } from "./writer-cells.js";
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
  groups?: Group[] | undefined;
  links?: Link[] | undefined;
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
  /** GROUPs inside the TABLE. */
  groups?: Group[] | undefined;
  /** LINKs of the TABLE. */
  links?: Link[] | undefined;
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
  /**
   * The document the table was read from (the reader's ColumnarTable has it). When `meta` is one of
   * its TABLEs, the whole document is written around the rows (service descriptors, INFOs, COOSYS,
   * other RESOURCEs; other TABLEs with their metadata but no DATA), unless {@link WriteOptions.tableOnly}.
   */
  document?: VOTableMeta | undefined;
}

/** Rows for one TABLE of a document written whole (see {@link WriteDocumentInput}). */
export interface DocumentTableInput {
  /** The TABLE these rows go in: the very TableMeta object found in the document. */
  meta: TableMeta;
  /** The rows' columns; defaults to `meta.fields`. */
  fields?: Field[] | undefined;
  rows: Iterable<Row> | AsyncIterable<Row>;
  /** Row count for the `nrows` attribute, when known in advance (arrays are counted). */
  nrows?: number | undefined;
}

/**
 * A whole document to write: the reader's model and rows for its TABLEs (a parsed
 * `VOTableDocument` is one). Every RESOURCE (of any type, nested), INFO, PARAM, GROUP,
 * COOSYS, TIMESYS, LINK and DESCRIPTION is written; a TABLE without rows in `tables` is
 * written with its metadata and no DATA. The model is read as the writing proceeds, so the
 * metadata of a document still being read (INFOs after a streamed table, RESOURCEs after it)
 * is written once the rows before it are done.
 */
export interface WriteDocumentInput {
  meta: VOTableMeta;
  tables: readonly (DocumentTableInput | (ColumnarTableLike & { meta: TableMeta }))[];
}

/** Options of {@link writeVOTable}. */
export interface WriteOptions {
  /** Defaults to `"TABLEDATA"`. */
  serialization?: "TABLEDATA" | "BINARY2" | "BINARY" | undefined;
  /** The VOTABLE version attribute; defaults to the written document's when it is 1.3–1.5, else `"1.4"`. */
  version?: "1.3" | "1.4" | "1.5" | undefined;
  /** Approximate size of the emitted chunks in bytes; defaults to 64 KiB. */
  chunkSize?: number | undefined;
  /** Characters XML 1.0 forbids: throw a ParameterError (`"error"`, the default) or write U+FFFD (`"replace"`). */
  invalidChars?: InvalidCharPolicy | undefined;
  /**
   * For a ColumnarTable read from a document: write the table and its RESOURCE's metadata only,
   * not the document around it (default false: the whole document, see {@link ColumnarTableLike.document}).
   */
  tableOnly?: boolean | undefined;
  /** Stops writing with the signal's reason between chunks. */
  signal?: AbortSignal | undefined;
}

const NAMESPACE = "http://www.ivoa.net/xml/VOTable/v1.3";
const DEFAULT_CHUNK = 64 * 1024;
const VERSIONS = ["1.3", "1.4", "1.5"];

function isColumnar(input: object): input is ColumnarTableLike {
  return typeof (input as ColumnarTableLike).row === "function" && typeof (input as ColumnarTableLike).length === "number";
}

function isDocument(input: object): input is WriteDocumentInput {
  const d = input as Partial<WriteDocumentInput>;
  return Array.isArray(d.tables) && typeof d.meta === "object" && d.meta !== null && Array.isArray(d.meta.resources);
}

function* columnarRows(t: ColumnarTableLike): Generator<Row> {
  for (let i = 0; i < t.length; i++) yield t.row(i);
}

/** The same table as a {@link WriteTableInput}: metadata from `meta`/`resource`, rows from `row(i)`. */
function fromColumnar(t: ColumnarTableLike): WriteTableInput {
  const m = t.meta ?? {};
  const r = t.resource;
  return {
    fields: t.fields,
    rows: columnarRows(t),
    nrows: t.length,
    ...(m.name !== undefined && { name: m.name }),
    ...(m.ID !== undefined && { ID: m.ID }),
    ...(m.ucd !== undefined && { ucd: m.ucd }),
    ...(m.utype !== undefined && { utype: m.utype }),
    ...(m.description !== undefined && { description: m.description }),
    ...(m.params && { params: m.params }),
    ...(m.groups && { groups: m.groups }),
    ...(m.links && { links: m.links }),
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
        ...(r.groups && { groups: r.groups }),
        ...(r.links && { links: r.links }),
        ...(r.coosys && { coosys: r.coosys }),
        ...(r.timesys && { timesys: r.timesys }),
      },
    }),
  };
}

/**
 * The one-table document a {@link WriteTableInput} stands for. PARAMs may carry a `parsed`
 * value instead of `value` text here: the writer formats them (see {@link paramValue}).
 */
function documentOf(input: WriteTableInput): VOTableMeta {
  const r = input.resource ?? {};
  const table: TableMeta = {
    ...(input.ID !== undefined && { ID: input.ID }),
    ...(input.name !== undefined && { name: input.name }),
    ...(input.ucd !== undefined && { ucd: input.ucd }),
    ...(input.utype !== undefined && { utype: input.utype }),
    ...(input.description !== undefined && { description: input.description }),
    fields: input.fields,
    params: (input.params ?? []) as Param[],
    groups: input.groups ?? [],
    links: input.links ?? [],
    infos: input.tableInfos ?? [],
    serialization: "none",
  };
  const resource: ResourceMeta = {
    ...(r.ID !== undefined && { ID: r.ID }),
    ...(r.name !== undefined && { name: r.name }),
    type: r.type ?? "results",
    ...(r.utype !== undefined && { utype: r.utype }),
    ...(r.description !== undefined && { description: r.description }),
    infos: [...(r.infos ?? []), ...(input.infos ?? [])],
    params: (r.params ?? []) as Param[],
    groups: r.groups ?? [],
    links: r.links ?? [],
    coosys: r.coosys ?? [],
    timesys: r.timesys ?? [],
    tables: [table],
    resources: [],
  };
  return { version: "", infos: [], params: [], groups: [], coosys: [], timesys: [], resources: [resource] };
}

/** A table whose rows are written: its FIELDs, their codecs and the rows. */
interface TableData {
  fields: Field[];
  codecs: CellCodec[];
  rows: Iterable<Row> | AsyncIterable<Row>;
  nrows: number | undefined;
}

/**
 * The codec of a FIELD the reader read in lax mode that the writer cannot encode as declared,
 * read the reader's way: a malformed arraysize as a variable array ("*", written so), a VALUES
 * null outside the datatype as no null value (written as it was: the reader ignores it again).
 */
function laxCodec(f: Field, policy: InvalidCharPolicy, error: unknown): { field: Field; codec: CellCodec } {
  let field = f;
  try {
    parseArraysize(f.arraysize, "");
  } catch {
    field = { ...f, arraysize: "*" };
  }
  try {
    return { field, codec: compileCodec(field, policy) };
  } catch {
    if (field.values?.null === undefined) throw error;
    const { null: _dropped, ...values } = field.values;
    try {
      return { field, codec: compileCodec({ ...field, values }, policy) };
    } catch {
      throw error;
    }
  }
}

/**
 * Checks a table to write and compiles its codecs. `lax` for the model of a document the reader
 * read (lax by default): FIELDs it took despite their mistakes are written as it read them ({@link laxCodec}).
 */
function tableData(fields: unknown, rows: unknown, nrows: number | undefined, policy: InvalidCharPolicy, where: string, lax = false): TableData {
  checkFields(fields, where);
  const written = [...fields];
  const codecs = fields.map((f, i) => {
    try {
      return compileCodec(f, policy);
    } catch (e) {
      if (!lax || !(e instanceof ParameterError)) throw e;
      const fixed = laxCodec(f, policy, e);
      written[i] = fixed.field;
      return fixed.codec;
    }
  });
  const r = rows as Iterable<Row> | AsyncIterable<Row> | undefined;
  if (!r || (typeof (r as Iterable<Row>)[Symbol.iterator] !== "function" && typeof (r as AsyncIterable<Row>)[Symbol.asyncIterator] !== "function")) {
    throw new ParameterError(`${where}rows`, "an iterable or async iterable of rows", rows);
  }
  return { fields: written, codecs, rows: r, nrows: nrows ?? (Array.isArray(r) ? r.length : undefined) };
}

/** Every TableMeta of a document, at any depth. */
function tablesOf(doc: VOTableMeta): Set<TableMeta> {
  const out = new Set<TableMeta>();
  const walk = (r: ResourceMeta): void => {
    for (const t of r.tables) out.add(t);
    r.resources.forEach(walk);
  };
  doc.resources.forEach(walk);
  return out;
}

/** What to write: the document model and the rows of its tables, checked. */
function planOf(input: WriteTableInput | ColumnarTableLike | WriteDocumentInput, tableOnly: boolean, policy: InvalidCharPolicy): { doc: VOTableMeta; data: Map<TableMeta, TableData> } {
  if (typeof input !== "object" || input === null) throw new ParameterError("input", "a table or a document to write", input);
  if (isDocument(input)) {
    const known = tablesOf(input.meta);
    const data = new Map<TableMeta, TableData>();
    input.tables.forEach((t, k) => {
      if (!known.has(t.meta)) throw new ParameterError(`tables[${k}].meta`, "a TABLE of the document (the TableMeta object found in meta.resources)", t.meta?.name);
      // A parsed TABLE without FIELDs has no rows to write: it is written as metadata.
      if (isColumnar(t) && t.fields.length === 0) return;
      const d = isColumnar(t) ? tableData(t.fields, columnarRows(t), t.length, policy, `tables[${k}].`, true) : tableData(t.fields ?? t.meta.fields, t.rows, t.nrows, policy, `tables[${k}].`, true);
      data.set(t.meta, d);
    });
    return { doc: input.meta, data };
  }
  // A table the reader read (it has its document) is written the way it was read, mistakes and all.
  let lax = false;
  if (isColumnar(input)) {
    const meta = input.meta as TableMeta | undefined;
    lax = input.document !== undefined;
    if (!tableOnly && input.document && meta && tablesOf(input.document).has(meta)) {
      const data = new Map<TableMeta, TableData>();
      if (input.fields.length > 0) data.set(meta, tableData(input.fields, columnarRows(input), input.length, policy, "", true));
      return { doc: input.document, data };
    }
    input = fromColumnar(input);
  }
  const doc = documentOf(input);
  const table = doc.resources[0]!.tables[0]!;
  return { doc, data: new Map([[table, tableData(input.fields, input.rows, input.nrows, policy, "", lax)]]) };
}

function paramValue(p: ParamInput, policy: InvalidCharPolicy): string {
  if (p.value !== undefined) return p.value;
  if (p.parsed === undefined) throw new ParameterError(`params.${p.name}`, "a value or a parsed value", p);
  const codec = compileCodec(p, policy);
  try {
    return codec.text(p.parsed, 0);
  } catch (e) {
    const expected = e instanceof ParameterError ? e.expected : "a value that fits the PARAM's datatype";
    throw new ParameterError(`params.${p.name}`, expected, p.parsed, { cause: e });
  }
}

/**
 * Writes the document's XML into `x`, pausing (yielding the table's rows) where each
 * table with data has its `<TABLEDATA>` or `<STREAM>` open. Arrays are read as the
 * walk goes, so what a streamed read adds meanwhile (trailing INFOs, later RESOURCEs)
 * is written too; INFOs added to an element after its start are written at its end.
 */
function* documentXml(
  doc: VOTableMeta,
  data: Map<TableMeta, TableData>,
  x: XmlBuilder,
  version: string,
  serialization: "TABLEDATA" | "BINARY" | "BINARY2",
): Generator<TableData, void, undefined> {
  const param = (indent: number, p: ParamInput, where: string): void => x.field(indent, p, where, "PARAM", paramValue(p, x.policy));
  const common = (indent: number, where: string, e: { params: Param[]; groups: Group[]; coosys?: CooSys[]; timesys?: TimeSys[] }): void => {
    for (const c of e.coosys ?? []) x.coosys(indent, c, `${where}/COOSYS`);
    for (const t of e.timesys ?? []) x.timesys(indent, t, `${where}/TIMESYS`);
    for (const p of e.params) param(indent, p, `${where}/PARAM[${p.name}]`);
    for (const g of e.groups) x.group(indent, g, `${where}/GROUP`, param);
  };
  const infos = (indent: number, where: string, list: Info[], from: number, to: number): void => {
    for (let i = from; i < to; i++) x.info(indent, list[i]!, `${where}/INFO[${list[i]!.name}]`);
  };

  function* table(t: TableMeta, indent: number): Generator<TableData, void, undefined> {
    const d = data.get(t);
    x.line(indent, `<TABLE${x.attrs("TABLE", [["ID", t.ID], ["name", t.name], ["ref", t.ref], ["ucd", t.ucd], ["utype", t.utype], ["nrows", d?.nrows]])}>`);
    x.description(indent + 1, "TABLE", t.description);
    const before = t.infos.length;
    infos(indent + 1, "TABLE", t.infos, 0, before);
    common(indent + 1, "TABLE", t);
    const fields = t.ref !== undefined && t.fields.length === 0 ? [] : d?.fields ?? t.fields;
    fields.forEach((f, i) => x.field(indent + 1, f, `fields[${i}] "${f.name}"`, "FIELD"));
    for (const l of t.links) x.link(indent + 1, l, "TABLE/LINK");
    if (d) {
      x.line(indent + 1, "<DATA>");
      if (serialization === "TABLEDATA") x.line(indent + 2, "<TABLEDATA>");
      else {
        x.line(indent + 2, `<${serialization}>`);
        x.line(indent + 3, '<STREAM encoding="base64">');
      }
      yield d;
      if (serialization === "TABLEDATA") x.line(indent + 2, "</TABLEDATA>");
      else {
        x.line(indent + 3, "</STREAM>");
        x.line(indent + 2, `</${serialization}>`);
      }
      x.line(indent + 1, "</DATA>");
    }
    infos(indent + 1, "TABLE", t.infos, before, t.infos.length);
    x.line(indent, "</TABLE>");
  }

  function* resource(r: ResourceMeta, indent: number): Generator<TableData, void, undefined> {
    x.line(indent, `<RESOURCE${x.attrs("RESOURCE", [["ID", r.ID], ["name", r.name], ["type", r.type], ["utype", r.utype]])}>`);
    x.description(indent + 1, "RESOURCE", r.description);
    const before = r.infos.length;
    infos(indent + 1, "RESOURCE", r.infos, 0, before);
    common(indent + 1, "RESOURCE", r);
    for (const l of r.links) x.link(indent + 1, l, "RESOURCE/LINK");
    for (let i = 0; i < r.tables.length; i++) yield* table(r.tables[i]!, indent + 1);
    for (let i = 0; i < r.resources.length; i++) yield* resource(r.resources[i]!, indent + 1);
    infos(indent + 1, "RESOURCE", r.infos, before, r.infos.length);
    x.line(indent, "</RESOURCE>");
  }

  x.parts.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  x.line(
    0,
    `<VOTABLE version="${version}"${x.attrs("VOTABLE", [["ID", doc.ID]])} xmlns="${NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${NAMESPACE} http://www.ivoa.net/xml/VOTable/VOTable-${version}.xsd">`,
  );
  x.description(1, "VOTABLE", doc.description);
  const before = doc.infos.length;
  infos(1, "VOTABLE", doc.infos, 0, before);
  common(1, "VOTABLE", doc);
  for (let i = 0; i < doc.resources.length; i++) yield* resource(doc.resources[i]!, 1);
  infos(1, "VOTABLE", doc.infos, before, doc.infos.length);
  x.line(0, "</VOTABLE>");
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

function checkFields(fields: unknown, where = ""): asserts fields is Field[] {
  if (!Array.isArray(fields) || fields.length === 0) throw new ParameterError(`${where}fields`, "a non-empty array of Field", fields);
  fields.forEach((f: Partial<Field> | null, i) => {
    if (!f || typeof f.name !== "string" || f.name === "") throw new ParameterError(`${where}fields[${i}].name`, "a non-empty string", f?.name);
  });
}

/** Encodes one table's rows, yielding chunks of about `chunkSize` bytes. */
async function* encodeRows(d: TableData, serialization: "TABLEDATA" | "BINARY" | "BINARY2", chunkSize: number, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  const sink: RowSink = serialization === "TABLEDATA" ? new TableDataSink(d.codecs) : new BinarySink(d.codecs, serialization === "BINARY2", chunkSize);
  const width = d.codecs.length;
  const rows = d.rows;
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
  if (d.nrows !== undefined && d.nrows !== i) throw new ParameterError("nrows", `${d.nrows} rows as declared`, i);
  const last = sink.take(true);
  if (last.length) yield last;
}

/**
 * Writes a VOTable document, streamed as UTF-8 chunks: one table (a {@link WriteTableInput},
 * a {@link ColumnarTableLike}) or a whole document ({@link WriteDocumentInput}). A ColumnarTable
 * read from a document is written with that document around it (see {@link ColumnarTableLike.document}).
 * Input errors in the metadata before the first rows throw at once; a cell that does not fit its
 * FIELD throws a ParameterError naming `rows[i].<field name>` while iterating.
 */
export function writeVOTable(input: WriteTableInput | ColumnarTableLike | WriteDocumentInput, options: WriteOptions = {}): AsyncIterable<Uint8Array> {
  const serialization = options.serialization ?? "TABLEDATA";
  if (!["TABLEDATA", "BINARY", "BINARY2"].includes(serialization)) {
    throw new ParameterError("options.serialization", '"TABLEDATA", "BINARY" or "BINARY2"', serialization);
  }
  if (options.version !== undefined && !VERSIONS.includes(options.version)) throw new ParameterError("options.version", '"1.3", "1.4" or "1.5"', options.version);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  if (!Number.isInteger(chunkSize) || chunkSize < 1024) throw new ParameterError("options.chunkSize", "an integer ≥ 1024", chunkSize);
  const policy = options.invalidChars ?? "error";
  const { doc, data } = planOf(input, options.tableOnly === true, policy);
  const version = options.version ?? (VERSIONS.includes(doc.version) ? doc.version : "1.4");
  const x = new XmlBuilder(policy);
  const walk = documentXml(doc, data, x, version, serialization);
  // The head, up to the first rows, now: its metadata errors throw from this call.
  let step = walk.next();
  const start = x.take();
  const signal = options.signal;

  return (async function* () {
    const encoder = new TextEncoder();
    yield encoder.encode(start);
    while (!step.done) {
      yield* encodeRows(step.value, serialization, chunkSize, signal);
      step = walk.next();
      const text = x.take();
      if (text) yield encoder.encode(text);
    }
  })();
}

/** Writes the whole document into one byte array (for small tables and tests). */
export async function writeVOTableToBytes(input: WriteTableInput | ColumnarTableLike | WriteDocumentInput, options: WriteOptions = {}): Promise<Uint8Array> {
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
export async function writeVOTableToString(input: WriteTableInput | ColumnarTableLike | WriteDocumentInput, options: WriteOptions = {}): Promise<string> {
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

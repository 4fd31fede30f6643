/**
 * TAP table uploads (TAP 1.1 §3.3.3, DALI 1.1 §3.4.5 UPLOAD): each upload
 * becomes `UPLOAD=name,param:name` with an inline multipart part, or
 * `UPLOAD=name,<url>` by reference. Tables are serialised by @vo/votable's
 * streaming writer straight into the request body, never built twice in memory.
 */
import { inferFields, ParameterError, tableFromRecords, TYPED_ARRAY_DATATYPES, writeVOTable } from "@vo/votable";
import type { CellValue, ColumnarTableLike, Field, Row, WriteTableInput } from "@vo/votable";
import type { MultipartPart } from "@vo/core";

/** A table given as fields and rows (an array or a stream of rows). */
export interface UploadRows {
  /** The columns (VOTable FIELDs). */
  readonly fields: readonly Field[];
  /** The rows, one array of cells per row, in field order. */
  readonly rows: Iterable<Row> | AsyncIterable<Row>;
}

/** Anything with a `toTable()`, such as a `ResultSet` of an earlier query: its columns and metadata are uploaded as they are. */
export interface TableProvider {
  /** The table to upload. */
  toTable(): ColumnarTableLike;
}

/** One column of a {@link ColumnsObject}: an array of cells or a typed array. */
export type UploadColumn = readonly unknown[] | Float64Array | Float32Array | Int32Array | Int16Array | Uint8Array | BigInt64Array;

/** A table as an object of columns, `{ ra: [10.1, 10.2], id: ["a", "b"] }`: names from the keys, types inferred from the values. */
export interface ColumnsObject {
  readonly [column: string]: UploadColumn;
}

/**
 * A table to upload, in any of the shapes a TypeScript user has at hand: a
 * `ResultSet` of an earlier query (or anything with `toTable()`), a
 * `ColumnarTable` (`rs.toTable()`), `{ fields, rows }`, an array of plain
 * objects (column names from the keys, types inferred as by `inferFields`), or
 * an object of columns (names from the keys).
 */
export type UploadTable = TableProvider | ColumnarTableLike | UploadRows | readonly { readonly [column: string]: unknown }[] | ColumnsObject;

/**
 * One upload: a table ({@link UploadTable}), the bytes of a VOTable document,
 * or a URL (a `URL`, or a string starting with http:, https:, ftp: or ivo:)
 * the service fetches itself. A string that is not a URL is refused, rather
 * than sent as a URI (pyVO #315).
 */
export type UploadSource = UploadTable | Uint8Array | URL | string;

const isObject = (v: unknown): v is { readonly [k: string]: unknown } => typeof v === "object" && v !== null;
const isPlainRecord = (v: unknown): boolean => isObject(v) && !Array.isArray(v) && !ArrayBuffer.isView(v);
const isColumn = (v: unknown): v is UploadColumn => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

/**
 * Any {@link UploadTable} as what the VOTable writer takes (a columnar table,
 * or fields and rows).
 * @param parameter named in errors, e.g. `uploads.t`.
 * @throws {ParameterError} for a value that is none of the table shapes, an empty array of objects (no columns to name),
 * an array of arrays (no names: give `{ fields, rows }`), or columns of different lengths.
 */
export function toUploadTable(table: UploadTable, parameter = "table"): ColumnarTableLike | UploadRows {
  const t: unknown = table;
  if (!isObject(t)) throw new ParameterError(parameter, UPLOAD_TABLE_SHAPES, t);
  if (typeof t["toTable"] === "function") return (t as unknown as TableProvider).toTable();
  if (typeof t["row"] === "function" && typeof t["length"] === "number" && Array.isArray(t["fields"])) return t as unknown as ColumnarTableLike;
  if (Array.isArray(t["fields"]) && isObject(t["rows"]) && typeof t["rows"] !== "function") return t as unknown as UploadRows;
  if (Array.isArray(t)) {
    if (t.length === 0) throw new ParameterError(parameter, "at least one row (an empty array names no columns; give { fields, rows: [] })", t);
    if (t.some((r) => !isPlainRecord(r))) {
      throw new ParameterError(parameter, "an array of plain objects (column names from their keys); for rows of cells in field order give { fields, rows }", t.find((r) => !isPlainRecord(r)));
    }
    return tableFromRecords(t as { [k: string]: unknown }[]);
  }
  const entries = Object.entries(t);
  if (entries.length > 0 && entries.every(([, v]) => isColumn(v))) return columnsTable(entries as [string, UploadColumn][], parameter);
  throw new ParameterError(parameter, UPLOAD_TABLE_SHAPES, t);
}

const UPLOAD_TABLE_SHAPES =
  "a table: a ResultSet, a ColumnarTable, { fields, rows }, an array of plain objects, or an object of columns";

/** Fields and rows from an object of columns. */
function columnsTable(columns: [string, UploadColumn][], parameter: string): UploadRows {
  const length = columns[0]![1].length;
  const uneven = columns.find(([, c]) => c.length !== length);
  if (uneven) throw new ParameterError(`${parameter}.${uneven[0]}`, `a column of ${length} values, as long as "${columns[0]![0]}"`, `${uneven[1].length} values`);
  const fields = columns.map(([name, column]): Field => {
    for (const [ctor, datatype] of TYPED_ARRAY_DATATYPES) if (column instanceof ctor) return { name, datatype };
    const values = Array.from(column as readonly unknown[], (v) => ({ [name]: v }));
    return inferFields(values)[0] ?? { name, datatype: "char", arraysize: "*" };
  });
  const cell = (v: unknown): CellValue => (v === undefined ? null : v instanceof Date ? v.toISOString() : (v as CellValue));
  return {
    fields,
    rows: (function* () {
      for (let i = 0; i < length; i++) yield columns.map(([, c]) => cell(c[i]));
    })(),
  };
}

/** Uploads by table name; the name is how the query refers to it: `TAP_UPLOAD.<name>`. */
export interface Uploads {
  readonly [name: string]: UploadSource;
}

/** The `UPLOAD` parameter and the multipart parts of a request. */
export interface PreparedUploads {
  /** The UPLOAD parameter value, e.g. `t1,param:t1;t2,http://x/t.xml`. */
  readonly upload: string;
  /** The multipart parts of inline uploads (bodies streamed). */
  readonly parts: MultipartPart[];
  /** True when a table has to be written inline (the service needs `upload-inline`). */
  readonly inline: boolean;
  /** True when a table is uploaded by URL. */
  readonly byReference: boolean;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const URL_LIKE = /^(https?|ftp|ivo|vos):\/\//i;

/**
 * Turns uploads into the UPLOAD parameter and multipart parts.
 * @throws {ParameterError} for an invalid table name (TAP: a regular ADQL identifier), an empty set, or a source that is neither a table, bytes nor a URL.
 */
export function prepareUploads(
  uploads: Uploads,
  options: { serialization?: "TABLEDATA" | "BINARY2"; signal?: AbortSignal | undefined } = {},
): PreparedUploads {
  const entries = Object.entries(uploads);
  if (entries.length === 0) throw new ParameterError("uploads", "at least one table", uploads);
  const specs: string[] = [];
  const parts: MultipartPart[] = [];
  let inline = false;
  let byReference = false;
  for (const [name, source] of entries) {
    if (!NAME.test(name)) throw new ParameterError(`uploads.${name}`, "a table name that is a regular ADQL identifier (letters, digits, _)", name);
    if (source instanceof URL || typeof source === "string") {
      const url = String(source);
      if (!URL_LIKE.test(url)) {
        throw new ParameterError(`uploads.${name}`, "a table, VOTable bytes, or an http(s)/ftp/ivo URL (files must be read first)", source);
      }
      specs.push(`${name},${url}`);
      byReference = true;
      continue;
    }
    if (source instanceof Uint8Array) {
      parts.push({ name, value: source, filename: `${name}.xml`, contentType: "application/x-votable+xml" });
    } else {
      const input = toUploadTable(source, `uploads.${name}`);
      // The table alone: an upload is one table, not the document (descriptors, other RESOURCEs) a result came in.
      const writeOptions: { serialization: "TABLEDATA" | "BINARY2"; tableOnly: true; signal?: AbortSignal } = {
        serialization: options.serialization ?? "TABLEDATA",
        tableOnly: true,
      };
      if (options.signal) writeOptions.signal = options.signal;
      const body = "row" in input ? writeVOTable(input, writeOptions) : writeVOTable({ ...input, fields: [...input.fields], name } as WriteTableInput, writeOptions);
      parts.push({ name, value: body, filename: `${name}.xml`, contentType: "application/x-votable+xml" });
    }
    specs.push(`${name},param:${name}`);
    inline = true;
  }
  return { upload: specs.join(";"), parts, inline, byReference };
}

/**
 * A copy of a table restricted to some columns, to upload only what the query
 * needs (uploads are often the slow part of a TAP query).
 * @throws {ParameterError} when a column is not in the table.
 * @example service.runSync(q, { uploads: { t: uploadColumns(myTable, ["ra", "dec", "id"]) } })
 */
export function uploadColumns(source: UploadTable, names: readonly string[]): UploadRows {
  const table = toUploadTable(source);
  const fields = table.fields;
  const idx = names.map((n) => {
    const i = fields.findIndex((f) => f.name === n);
    const j = i >= 0 ? i : fields.findIndex((f) => f.name.toLowerCase() === n.toLowerCase());
    if (j < 0) throw new ParameterError("names", `columns of the table (${fields.map((f) => f.name).join(", ")})`, n);
    return j;
  });
  const pick = (row: readonly CellValue[]): Row => idx.map((i) => row[i] ?? null);
  const selected = idx.map((i) => fields[i]!);
  if ("row" in table) {
    const t = table;
    return {
      fields: selected,
      rows: (function* () {
        for (let r = 0; r < t.length; r++) yield pick(t.row(r));
      })(),
    };
  }
  const rows = table.rows;
  if (Symbol.asyncIterator in rows) {
    return {
      fields: selected,
      rows: (async function* () {
        for await (const r of rows as AsyncIterable<Row>) yield pick(r);
      })(),
    };
  }
  return {
    fields: selected,
    rows: (function* () {
      for (const r of rows as Iterable<Row>) yield pick(r);
    })(),
  };
}

/** Rows of a table as an array (needed to slice it into batches). */
export async function tableRows(source: UploadTable): Promise<Row[]> {
  const table = toUploadTable(source);
  if ("row" in table) return Array.from({ length: table.length }, (_, i) => table.row(i));
  const out: Row[] = [];
  if (Symbol.asyncIterator in table.rows) for await (const r of table.rows as AsyncIterable<Row>) out.push(r);
  else for (const r of table.rows as Iterable<Row>) out.push(r);
  return out;
}

/** Byte limits for inline uploads, from TAPRegExt `uploadLimit` (unit "byte"). */
export interface UploadByteLimits {
  /** Above this, the upload is refused. */
  readonly hard?: number | undefined;
  /** Above this, a warning is sent (the service may be slow or refuse). */
  readonly default?: number | undefined;
}

/**
 * Applies byte limits to the inline parts of an upload. VOTable bytes are
 * checked at once; streamed tables are counted as they are written, so a table
 * over the hard limit fails mid-request: the body stream stops and `failure()`
 * returns the `ParameterError` to report instead of the transport's error.
 * @throws {ParameterError} when VOTable bytes exceed the hard limit.
 * @internal
 */
export function limitUploadBytes(
  parts: readonly MultipartPart[],
  limits: UploadByteLimits,
  warn: (message: string) => void,
): { parts: MultipartPart[]; failure: () => ParameterError | undefined } {
  if (limits.hard === undefined && limits.default === undefined) return { parts: [...parts], failure: () => undefined };
  let failure: ParameterError | undefined;
  const tooBig = (name: string, size: string): ParameterError =>
    new ParameterError(`uploads.${name}`, `at most ${limits.hard} bytes (the service's TAPRegExt uploadLimit)`, size);
  const overDefault = (name: string): void =>
    warn(`upload "${name}" is larger than the service's default uploadLimit (${limits.default} bytes); it may be refused`);
  const limited = parts.map((part): MultipartPart => {
    const value = part.value;
    if (value instanceof Uint8Array) {
      if (limits.hard !== undefined && value.byteLength > limits.hard) throw tooBig(part.name, `${value.byteLength} bytes`);
      if (limits.default !== undefined && value.byteLength > limits.default) overDefault(part.name);
      return part;
    }
    if (typeof value === "string" || !(Symbol.asyncIterator in value)) return part;
    const counted = async function* (): AsyncGenerator<Uint8Array> {
      let bytes = 0;
      let warned = false;
      for await (const chunk of value) {
        bytes += chunk.byteLength;
        if (limits.hard !== undefined && bytes > limits.hard) {
          failure = tooBig(part.name, `more than ${limits.hard} bytes`);
          throw failure;
        }
        if (!warned && limits.default !== undefined && bytes > limits.default) {
          warned = true;
          overDefault(part.name);
        }
        yield chunk;
      }
    };
    return { ...part, value: counted() };
  });
  return { parts: limited, failure: () => failure };
}

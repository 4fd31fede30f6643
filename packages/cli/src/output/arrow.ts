/**
 * Apache Arrow output: a VOTable result as an Arrow table or an Arrow IPC
 * stream, for hand-off to DuckDB, Polars, Perspective or pandas. Column
 * types follow the VOTable datatypes; VOTable nulls (and float NaN, VOTable's
 * float null) become Arrow nulls; unit, UCD, utype, xtype and description go
 * into each Arrow field's metadata.
 */
import * as Arrow from "apache-arrow";
import type { CellValue, Field } from "@vo/core";
import type { RecordsLike, TableSource } from "./table-source.js";
import { sourceOfResult } from "./table-source.js";
import type { TextSink } from "./sink.js";

/** Rows per Arrow record batch in streamed output. */
const BATCH_ROWS = 16_384;

/** The Arrow type of a VOTable field: scalars as their Arrow primitive, arrays as lists, text as UTF-8. */
export function arrowTypeOf(field: Field): Arrow.DataType {
  const isArray = field.arraysize !== undefined && field.arraysize !== "1";
  const item = (): Arrow.DataType => {
    switch (field.datatype) {
      case "boolean":
      case "bit":
        return new Arrow.Bool();
      case "unsignedByte":
        return new Arrow.Uint8();
      case "short":
        return new Arrow.Int16();
      case "int":
        return new Arrow.Int32();
      case "long":
        return new Arrow.Int64();
      case "float":
        return new Arrow.Float32();
      case "double":
        return new Arrow.Float64();
      case "floatComplex":
      case "doubleComplex":
        return new Arrow.FixedSizeList(2, new Arrow.Field("part", new Arrow.Float64(), false));
      default:
        return new Arrow.Utf8();
    }
  };
  if (field.datatype === "char" || field.datatype === "unicodeChar") {
    // one string per cell; 2-D char arrays are lists of strings
    return field.arraysize?.includes("x") ? new Arrow.List(new Arrow.Field("item", new Arrow.Utf8(), true)) : new Arrow.Utf8();
  }
  return isArray ? new Arrow.List(new Arrow.Field("item", item(), true)) : item();
}

/** The Arrow schema of a table: one nullable field per column with its VOTable metadata. */
export function arrowSchemaOf(fields: readonly Field[]): Arrow.Schema {
  const names = new Map<string, number>();
  return new Arrow.Schema(
    fields.map((f) => {
      const seen = (names.get(f.name) ?? 0) + 1;
      names.set(f.name, seen);
      const metadata = new Map<string, string>();
      for (const key of ["unit", "ucd", "utype", "xtype", "description", "arraysize"] as const) {
        const value = f[key];
        if (typeof value === "string" && value !== "") metadata.set(key, value);
      }
      metadata.set("votable.datatype", f.datatype);
      return new Arrow.Field(seen === 1 ? f.name : `${f.name}_${seen}`, arrowTypeOf(f), true, metadata);
    }),
  );
}

/** A cell as the value an Arrow builder takes. */
function arrowValue(value: CellValue | undefined, type: Arrow.DataType): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isNaN(value) && !Arrow.DataType.isInt(type) ? null : value;
  if (Arrow.DataType.isUtf8(type)) {
    return typeof value === "string" ? value : Array.isArray(value) || ArrayBuffer.isView(value) ? Array.from(value as ArrayLike<unknown>).join(" ") : String(value);
  }
  if (Arrow.DataType.isList(type) && typeof value === "string") return [value];
  if (ArrayBuffer.isView(value)) {
    // typed arrays of floats: NaN items are nulls
    return value instanceof Float32Array || value instanceof Float64Array ? Array.from(value, (x) => (Number.isNaN(x) ? null : x)) : Array.from(value as ArrayLike<unknown>);
  }
  return value;
}

/** Builds one record batch from buffered rows. */
function recordBatch(schema: Arrow.Schema, rows: readonly (readonly CellValue[])[]): Arrow.RecordBatch {
  const builders = schema.fields.map((f) => Arrow.makeBuilder({ type: f.type, nullValues: [null, undefined] }));
  for (const row of rows) {
    for (let i = 0; i < builders.length; i++) builders[i]!.append(arrowValue(row[i], schema.fields[i]!.type));
  }
  const children = builders.map((b) => b.finish().flush());
  const data = Arrow.makeData({ type: new Arrow.Struct(schema.fields), length: rows.length, children, nullCount: 0 });
  return new Arrow.RecordBatch(schema, data);
}

/** Batches of rows from a table source. */
async function* batchesOf(source: TableSource, schema: Arrow.Schema): AsyncGenerator<Arrow.RecordBatch> {
  let rows: (readonly CellValue[])[] = [];
  for await (const row of source.rows) {
    rows.push(row);
    if (rows.length === BATCH_ROWS) {
      yield recordBatch(schema, rows);
      rows = [];
    }
  }
  if (rows.length > 0 || schema.fields.length === 0) yield recordBatch(schema, rows);
}

/**
 * A `@vo` result (a `ResultSet`, a `ResultStream` or any table source) as one
 * Arrow table in memory.
 *
 * @example
 * const table = await toArrow(await tap.runSync("SELECT TOP 10 * FROM ivoa.obscore"));
 * const bytes = tableToIPC(table); // for DuckDB, Polars, …
 */
export async function toArrow(result: RecordsLike | TableSource): Promise<Arrow.Table> {
  const source = "rows" in result ? result : sourceOfResult(result);
  const schema = arrowSchemaOf(source.fields);
  const batches: Arrow.RecordBatch[] = [];
  for await (const batch of batchesOf(source, schema)) batches.push(batch);
  return new Arrow.Table(schema, batches);
}

/** Writes the table as an Arrow IPC stream, one record batch per 16 384 rows; resolves with the row count. */
export async function writeArrow(source: TableSource, sink: TextSink): Promise<number> {
  const schema = arrowSchemaOf(source.fields);
  const writer = new Arrow.RecordBatchStreamWriter();
  let n = 0;
  const pump = (async () => {
    for await (const chunk of writer) await sink.write(chunk);
  })();
  try {
    for await (const batch of batchesOf(source, schema)) {
      writer.write(batch);
      n += batch.numRows;
    }
  } finally {
    writer.finish();
    await pump;
  }
  return n;
}

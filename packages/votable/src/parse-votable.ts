/**
 * Whole-document reading: every TABLE into columns.
 */
import type { Field, ResourceMeta, Row, TableMeta, VOTableMeta, VOTableWarning } from "./model.js";
import type { Column } from "./column-builder.js";
import { chunksOf, nextChunk, type ByteSource } from "./byte-source.js";
import { VOTableEngine, type ReadOptions, type TableState } from "./votable-engine.js";

/** A parsed VOTable document. */
export interface VOTableDocument {
  /** The document's metadata, complete (including INFO after tables). */
  meta: VOTableMeta;
  /** Every TABLE, in document order. */
  tables: ColumnarTable[];
  /** Warnings collected in lax mode. */
  warnings: VOTableWarning[];
  /** The first TABLE of the first RESOURCE whose type is not "meta" (else the first table). */
  resultTable(): ColumnarTable | undefined;
}

/** A table held in columns. */
export interface ColumnarTable {
  /** The TABLE's metadata (PARAMs, GROUPs, INFOs, serialisation). */
  meta: TableMeta;
  /** The RESOURCE holding the table. */
  resource: ResourceMeta;
  /**
   * The whole document the table was read from (`meta` is one of its TABLEs): the writer
   * writes it around the rows, so service descriptors, INFOs and COOSYS survive a re-write.
   */
  document: VOTableMeta;
  /** The table's FIELDs (those of the referenced table for `TABLE ref=`). */
  fields: Field[];
  /** Number of rows. */
  length: number;
  /** One column per field, in field order. */
  columns: Column[];
  /** The column whose FIELD name (or else ID) is `nameOrId`. */
  column(nameOrId: string): Column | undefined;
  /** Row `i` as an array of cells in field order. */
  row(i: number): Row;
  /** Iterates the rows. */
  rows(): IterableIterator<Row>;
}

class Table implements ColumnarTable {
  constructor(
    readonly meta: TableMeta,
    readonly resource: ResourceMeta,
    readonly document: VOTableMeta,
    readonly fields: Field[],
    readonly columns: Column[],
    readonly length: number,
  ) {}
  column(nameOrId: string): Column | undefined {
    return this.columns.find((c) => c.field.name === nameOrId) ?? this.columns.find((c) => c.field.ID === nameOrId);
  }
  row(i: number): Row {
    const out: Row = new Array(this.columns.length);
    for (let j = 0; j < this.columns.length; j++) out[j] = (this.columns[j] as Column).get(i);
    return out;
  }
  *rows(): IterableIterator<Row> {
    for (let i = 0; i < this.length; i++) yield this.row(i);
  }
}

/** Builds the columnar table of an engine table (takes its builders' content). */
export function toColumnar(t: TableState, document: VOTableMeta, length = t.rows): ColumnarTable {
  return new Table(t.meta, t.resource, document, t.fields, t.builders.map((b) => b.take(length)), length);
}

/** Chooses the result table: first table of a resource not of type "meta", else the first. */
export function pickResult<T extends { resource: ResourceMeta }>(tables: T[]): T | undefined {
  return tables.find((t) => t.resource.type !== "meta") ?? tables[0];
}

/**
 * Reads a whole VOTable document; every table is returned in columns.
 * Rejects with DALFormatError for a malformed document (or, in strict mode,
 * for any departure from the standard), with `signal.reason` on abort.
 */
export async function parseVOTable(source: ByteSource, options: ReadOptions = {}): Promise<VOTableDocument> {
  const engine = new VOTableEngine(options);
  const it = chunksOf(source);
  try {
    for (;;) {
      const r = await nextChunk(it, options.signal);
      if (r.done) break;
      engine.feed(r.value);
    }
    engine.end();
  } catch (e) {
    // Release the source (closes a file or network stream) before rejecting.
    void it.return(undefined).catch(() => undefined);
    throw e;
  }
  const tables = engine.tables.map((t) => toColumnar(t, engine.meta));
  return {
    meta: engine.meta,
    tables,
    warnings: engine.warnings,
    resultTable: () => pickResult(tables),
  };
}

/**
 * What every output format writes: a table's fields and its rows as they
 * come, so that a result of any size goes from the network (or a file) to
 * the output in constant memory.
 */
import type { CellValue, Field, Info, Param, TableMeta, VOTableMeta } from "@vo/core";

/** A table to write: its columns' metadata and its rows, streamed. */
export interface TableSource {
  /** The columns, in order. */
  readonly fields: readonly Field[];
  /** The rows, one array of cells per row in field order; iterated once. */
  readonly rows: AsyncIterable<readonly CellValue[]>;
  /** PARAMs of the table or its RESOURCE (kept by the VOTable output). */
  readonly params?: readonly Param[] | undefined;
  /** INFOs of the RESOURCE (kept by the VOTable output). */
  readonly infos?: readonly Info[] | undefined;
  /** The table's name, when it has one. */
  readonly name?: string | undefined;
  /**
   * The document the rows were read from, with {@link table} naming their TABLE in it: the VOTable
   * output writes it whole around the rows (service descriptors, INFOs, COOSYS/TIMESYS, GROUPs), so
   * that the file answers like the server did (`vo datalink`, SODA). It may still fill while the rows
   * are read (trailing INFOs); it is written as it is once they are done.
   */
  readonly document?: VOTableMeta | undefined;
  /** The TABLE of {@link document} the rows belong to. */
  readonly table?: TableMeta | undefined;
}

/** Something that yields records with their cells, as `ResultSet` and `ResultStream` do. */
export interface RecordsLike {
  readonly fields: readonly Field[];
  readonly params?: readonly Param[];
  readonly infos?: readonly Info[];
  /** The whole document the result came in (`ResultSet`/`ResultStream.document`). */
  readonly document?: VOTableMeta;
  /** The result TABLE in {@link document}. */
  readonly table?: TableMeta;
  /** The rows, each with its cells in field order. */
  [Symbol.asyncIterator](): AsyncIterator<{ readonly cells: readonly CellValue[] }>;
}

/** A {@link TableSource} over a `@vo` result (materialised or streamed). */
export function sourceOfResult(result: RecordsLike): TableSource {
  return {
    get fields() {
      return result.fields;
    },
    params: result.params,
    infos: result.infos,
    get document() {
      return result.document;
    },
    get table() {
      return result.table;
    },
    rows: {
      async *[Symbol.asyncIterator]() {
        for await (const record of { [Symbol.asyncIterator]: () => result[Symbol.asyncIterator]() }) yield record.cells;
      },
    },
  };
}

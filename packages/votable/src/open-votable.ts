/**
 * Streaming reading of one table: rows come out as the bytes come in.
 */
import type { ResourceMeta, Row, TableMeta, VOTableMeta, VOTableWarning } from "./model.js";
import { chunksOf, nextChunk, type ByteSource } from "./byte-source.js";
import { VOTableEngine, type ReadOptions, type TableState } from "./votable-engine.js";
import { toColumnar, type ColumnarTable } from "./parse-votable.js";

/** Rows made at a time by the streaming iterator. */
const SLICE = 1024;
import { fillRows, type Column } from "./column-builder.js";

/** A streaming reader of the result table of a document. */
export interface VOTableReader {
  /** The document's metadata; fills as the parse proceeds, complete after `finish()`. */
  meta: VOTableMeta;
  /** The result table (same rule as `resultTable()`), undefined when the document has none. */
  table: TableMeta | undefined;
  /** The RESOURCE holding the result table. */
  resource: ResourceMeta | undefined;
  /** Warnings collected so far. */
  warnings: VOTableWarning[];
  /** The rows of the result table, streamed; may be called once. */
  rows(): AsyncIterableIterator<Row>;
  /** Reads the rest of the document and returns the complete metadata. */
  finish(): Promise<VOTableMeta>;
  /** Stops reading and releases the source. */
  cancel(reason?: unknown): Promise<void>;
}

/**
 * Opens a document for streaming; resolves once the result table's FIELDs
 * are known (or the document ended without a table).
 */
export async function openVOTable(source: ByteSource, options: ReadOptions = {}): Promise<VOTableReader> {
  const engine = new VOTableEngine(options, true);
  const it = chunksOf(source);
  let result: TableState | undefined;
  let fallback: TableState | undefined;
  let ended = false;
  let cancelled = false;
  engine.onTableStart = (t): void => {
    if (result !== undefined) return;
    if (t.resource.type !== "meta") result = t;
    else fallback ??= t;
  };

  const pump = async (): Promise<void> => {
    try {
      const r = await nextChunk(it, options.signal);
      if (r.done) {
        ended = true;
        engine.end();
      } else engine.feed(r.value);
    } catch (e) {
      ended = true;
      void it.return(undefined).catch(() => undefined);
      throw e;
    }
    for (const t of engine.tables) {
      if (t !== result && (result !== undefined || t !== fallback)) for (const b of t.builders) b.clear();
    }
  };

  while (result === undefined && !ended) await pump();
  if (result === undefined) result = fallback;
  const table = result;
  let rowsCalled = false;

  const reader: VOTableReader = {
    meta: engine.meta,
    table: table?.meta,
    resource: table?.resource,
    warnings: engine.warnings,
    rows(): AsyncIterableIterator<Row> {
      if (rowsCalled) throw new Error("rows() may be called once");
      rowsCalled = true;
      // A hand-written iterator: rows of a decoded batch resolve at once,
      // without the cost of an async generator step per row.
      let taken = 0;
      // Columns of the decoded batch, turned into rows a slice at a time
      // (filled column by column; short slices keep the rows short-lived).
      let cols: ColumnarTable | undefined;
      let at = 0;
      const slice: Row[] = [];
      let i = 0;
      let len = 0;
      const done: IteratorResult<Row> = { value: undefined, done: true };
      const materialise = (): void => {
        const c = cols as ColumnarTable;
        const n = Math.min(SLICE, c.length - at);
        const nc = c.columns.length;
        slice.length = n;
        for (let r = 0; r < n; r++) {
          const row: Row = new Array<Row[number]>(nc);
          if (nc > 0) row[0] = null; // generic elements from the start (no transition from doubles)
          slice[r] = row;
        }
        for (let j = 0; j < nc; j++) fillRows(c.columns[j] as Column, at, slice, n, j);
        at += n;
        i = 0;
        len = n;
      };
      const refill = async (): Promise<IteratorResult<Row>> => {
        for (;;) {
          if (cancelled || table === undefined) return done;
          if (cols !== undefined && at < cols.length) {
            materialise();
            return { value: slice[i++] as Row, done: false };
          }
          cols = undefined;
          if (table.rows > taken) {
            cols = toColumnar(table, engine.meta, table.rows - taken);
            taken = table.rows;
            at = 0;
            continue;
          }
          if (table.ended || ended) return done;
          await pump();
        }
      };
      const it: AsyncIterableIterator<Row> = {
        next(): Promise<IteratorResult<Row>> {
          if (!cancelled && i < len) return Promise.resolve({ value: slice[i++] as Row, done: false });
          len = 0;
          return refill();
        },
        async return(): Promise<IteratorResult<Row>> {
          cols = undefined;
          len = 0;
          return done;
        },
        [Symbol.asyncIterator](): AsyncIterableIterator<Row> {
          return it;
        },
      };
      return it;
    },
    async finish(): Promise<VOTableMeta> {
      if (table) for (const b of table.builders) b.clear();
      while (!ended && !cancelled) {
        await pump();
        if (table) for (const b of table.builders) b.clear();
      }
      return engine.meta;
    },
    async cancel(): Promise<void> {
      if (cancelled) return;
      cancelled = true;
      ended = true;
      await it.return(undefined).catch(() => undefined);
    },
  };
  return reader;
}

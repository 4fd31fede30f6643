/**
 * Running one query over a large upload in slices: services cap upload sizes
 * (TAPRegExt uploadLimit) and long sync queries time out, so a 1-million-row
 * crossmatch is better sent as many 10 000-row uploads.
 */
import { ParameterError } from "@vo/core";
import type { Field, Record, ResultSet, Row } from "@vo/core";
import type { AdqlFragment } from "./adql.js";
import type { RunAsyncOptions, TAPQueryOptions, TAPService } from "./tap-service.js";
import { tableRows, toUploadTable } from "./upload.js";
import type { UploadTable } from "./upload.js";

/** Options of {@link batchedUploadQuery}. */
export interface BatchedUploadOptions extends Omit<RunAsyncOptions, "uploads"> {
  /** The query for one slice, given the upload's table name (`TAP_UPLOAD.<name>` in ADQL). */
  adql: (uploadName: string) => string | AdqlFragment;
  /** Rows per upload (default 5000). */
  batchSize?: number | undefined;
  /** The upload's table name (default "batch"). */
  uploadName?: string | undefined;
  /**
   * A column added to every uploaded row holding the row's index in the whole
   * table (0-based, `long`), so the query can select it and results can be
   * matched to input rows. When the table already has this column, it is left as is.
   */
  key?: string | undefined;
  /** Slices run at once (default 1: sequential). */
  concurrency?: number | undefined;
  /** "sync" (default) or "async" (each slice as a job, deleted afterwards). */
  mode?: "sync" | "async" | undefined;
  /** Called after each slice with its index and result. */
  onBatch?: ((index: number, result: ResultSet) => void) | undefined;
}

/** The concatenated result of {@link batchedUploadQuery}. */
export interface BatchedResult {
  /** The fields of the first slice's result. */
  readonly fields: readonly Field[];
  /** Every record, slice after slice, in slice order. */
  readonly records: readonly Record[];
  /** Number of slices run. */
  readonly batches: number;
  /** Indexes of the slices the service truncated (QUERY_STATUS=OVERFLOW). */
  readonly overflowed: readonly number[];
}

/**
 * Slices `table` into uploads of `batchSize` rows, runs `adql(uploadName)` on
 * each (sequentially or with bounded concurrency) and concatenates the results in slice order.
 * The first failing slice rejects the whole call (no more slices are started).
 * @throws {ParameterError} for a bad batch size or concurrency. @throws the errors of `runSync`/`runAsync`.
 * @example
 * const r = await batchedUploadQuery(service, myTable, {
 *   batchSize: 10_000, key: "row_id", concurrency: 2,
 *   adql: (t) => `SELECT u.row_id, o.* FROM TAP_UPLOAD.${t} AS u JOIN ivoa.obscore AS o
 *                 ON 1 = CONTAINS(POINT(o.s_ra, o.s_dec), CIRCLE(u.ra, u.dec, 0.01))`,
 * });
 */
export async function batchedUploadQuery(
  service: TAPService,
  source: UploadTable,
  options: BatchedUploadOptions,
): Promise<BatchedResult> {
  const table = toUploadTable(source);
  const batchSize = options.batchSize ?? 5000;
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ParameterError("batchSize", "a positive integer", batchSize);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new ParameterError("concurrency", "a positive integer", concurrency);
  const uploadName = options.uploadName ?? "batch";
  let fields: Field[] = [...table.fields];
  let rows = await tableRows(table);
  const key = options.key;
  if (key !== undefined && !fields.some((f) => f.name === key)) {
    fields = [...fields, { name: key, datatype: "long" }];
    rows = rows.map((r, i) => [...r, BigInt(i)]);
  }
  const slices: Row[][] = [];
  for (let i = 0; i < rows.length; i += batchSize) slices.push(rows.slice(i, i + batchSize));

  const results: (ResultSet | undefined)[] = new Array<ResultSet | undefined>(slices.length);
  const { adql: makeQuery, batchSize: _b, uploadName: _u, key: _k, concurrency: _c, mode, onBatch, ...queryOptions } = options;
  let next = 0;
  let failed: unknown;
  const worker = async (): Promise<void> => {
    while (failed === undefined && next < slices.length) {
      const index = next++;
      options.signal?.throwIfAborted();
      const opts: TAPQueryOptions = { ...queryOptions, uploads: { [uploadName]: { fields, rows: slices[index]! } } };
      try {
        const rs = mode === "async" ? await service.runAsync(makeQuery(uploadName), opts) : await service.runSync(makeQuery(uploadName), opts);
        results[index] = rs;
        onBatch?.(index, rs);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, slices.length)) }, worker));
  if (failed !== undefined) throw failed;
  const records: Record[] = [];
  const overflowed: number[] = [];
  results.forEach((rs, i) => {
    if (!rs) return;
    if (rs.overflow) overflowed.push(i);
    for (const rec of rs) records.push(rec);
  });
  return { fields: results.find((r) => r)?.fields ?? [], records, batches: slices.length, overflowed };
}

/**
 * Joins results back to the input locally: groups records by the input row
 * index their `key` column holds (the column {@link batchedUploadQuery} adds with
 * its `key` option, selected by the query). Input rows without a match have no entry;
 * records whose key is null or not an integer are left out.
 * @throws {ParameterError} when the records have no `key` column.
 * @example
 * const r = await batchedUploadQuery(service, uploadColumns(myTable, ["ra", "dec"]), { key: "row_id", adql: … });
 * const byRow = matchesByKey(r.records, "row_id");
 * for (let i = 0; i < myTable.length; i++) console.log(myTable.row(i), byRow.get(i) ?? []);
 */
export function matchesByKey(records: readonly Record[], key: string): Map<number, Record[]> {
  const out = new Map<number, Record[]>();
  if (records.length > 0 && !records[0]!.fields.some((f) => f.name === key)) {
    throw new ParameterError("key", `a column of the result (${records[0]!.fields.map((f) => f.name).join(", ")})`, key);
  }
  for (const rec of records) {
    const v = rec.get(key);
    const index = typeof v === "bigint" ? Number(v) : typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
    if (index === undefined || !Number.isSafeInteger(index) || index < 0) continue;
    const list = out.get(index);
    if (list) list.push(rec);
    else out.set(index, [rec]);
  }
  return out;
}

import { DALFormatError, DALServiceError, parseVOTable, redactUrl } from "@vo/votable";
import type {
  CellValue,
  ColumnarTable,
  DALOverflowWarning,
  Field,
  Info,
  Param,
  ResourceMeta,
  TableMeta,
  VOTableDocument,
  VOTableMeta,
  VOTableWarning,
} from "@vo/votable";
import type { Transport } from "../transport/types.js";
import type { ResultSetLike, VOWarning } from "../types.js";
import { checkQueryStatus, resultsResource, withUrl } from "./classify.js";
import { encodeDALParams } from "./params.js";
import type { DALParams } from "./params.js";
import { dalRequest, resolveTarget } from "./query.js";
import type { DALRequestOptions, DALTarget } from "./query.js";
import { defaultRecordFactory, FieldIndex } from "./record.js";
import type { Record, RecordFactory } from "./record.js";
import { brandedInstanceOf, CLASS_ID } from "./brand.js";

/** A column of a {@link ResultSet}: typed values, a null mask and the field. */
export type ResultColumn = ColumnarTable["columns"][number];

/** What a result set knows about the request beyond the table. */
export interface ResultSetInit {
  /** The MAXREC the caller asked for, reported in the overflow warning. */
  maxrec?: number | undefined;
  /** The transport of the query, put on the {@link FieldIndex} for `Record.download()`. */
  transport?: Transport | undefined;
  /** The service context (or transport) the query went through, put on the {@link FieldIndex}; wins over `transport`. */
  target?: DALTarget | undefined;
}

/**
 * A whole query result in memory (pyVO's `DALResults`): fields, params,
 * INFOs, query status and overflow flag, records by position, and columns
 * as typed arrays. Iterate it with `for…of` or `for await…of`.
 *
 * Protocols subclass it with a record factory: `class SIAResults extends
 * ResultSet<SIARecord>`. For results too big for memory use {@link queryResultStream}.
 *
 * @throws {DALQueryError} from the constructor, when the document says QUERY_STATUS=ERROR.
 */
export class ResultSet<R extends Record = Record> implements ResultSetLike<R>, Iterable<R> {

  /** The brand that makes `instanceof ResultSet` hold across installed copies of `@vo/core` (see dal/brand.ts). */
  static readonly [CLASS_ID]: string = "@vo/core.ResultSet";

  /** `instanceof` by prototype chain, or by brand for an instance from another copy of `@vo/core`. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return brandedInstanceOf(this, value);
  }
  /** The query URL. */
  readonly url: string;
  readonly params: readonly Param[];
  /** INFOs of the results RESOURCE, then of the TABLE. */
  readonly infos: readonly Info[];
  /** QUERY_STATUS value ("OK", "OVERFLOW"), or undefined when the service wrote none. */
  readonly queryStatus: string | undefined;
  /** Set when the service truncated the result (QUERY_STATUS=OVERFLOW). */
  readonly overflow: DALOverflowWarning | undefined;
  readonly table: TableMeta;
  readonly resource: ResourceMeta;
  readonly document: VOTableMeta;
  /** Field lookups shared with the records. */
  readonly index: FieldIndex;
  private readonly columnar: ColumnarTable;
  private readonly makeRecord: RecordFactory<R>;

  /**
   * @param recordFactory makes each record; required when `R` is a subclass of {@link Record}.
   */
  constructor(table: ColumnarTable, document: VOTableMeta, url: string, recordFactory?: RecordFactory<R>, init: ResultSetInit = {}) {
    this.columnar = table;
    this.document = document;
    this.url = url;
    this.table = table.meta;
    this.resource = table.resource;
    this.index = new FieldIndex(table.fields, init.target ?? init.transport, this);
    this.makeRecord = recordFactory ?? (defaultRecordFactory as RecordFactory<Record> as RecordFactory<R>);
    this.params = [...table.resource.params, ...table.meta.params];
    this.infos = [...table.resource.infos, ...table.meta.infos];
    const status = checkQueryStatus(document, table.resource, table.meta, url, { maxrec: init.maxrec, returned: table.length });
    this.queryStatus = status.queryStatus;
    this.overflow = status.overflow;
  }

  /** The fields (columns' metadata), in order. */
  get fields(): readonly Field[] {
    return this.index.fields;
  }

  /** The field names, in order (pyVO's `fieldnames`). */
  get fieldnames(): string[] {
    return this.index.fields.map((f) => f.name);
  }

  /** Number of rows. */
  get length(): number {
    return this.columnar.length;
  }

  /** The decoded columns, in field order. */
  get columns(): readonly ResultColumn[] {
    return this.columnar.columns;
  }

  /** The record at position `i` (negative counts from the end), or undefined out of range. */
  at(i: number): R | undefined {
    const row = i < 0 ? this.length + i : i;
    if (!Number.isInteger(row) || row < 0 || row >= this.length) return undefined;
    return this.makeRecord(this.index, this.columnar.row(row), row);
  }

  /**
   * One cell: column `name` (then ID, then case-insensitive name) of row `i` (negative counts from the end);
   * pyVO's `getvalue(name, i)`. Undefined when the row or the column is not there.
   */
  getValue(name: string, i: number): CellValue | undefined {
    return this.at(i)?.get(name);
  }

  /** The column of the field with this name (then ID, then case-insensitive name). */
  getColumn(name: string): ResultColumn | undefined {
    return this.columnar.columns[this.index.indexOf(name)];
  }

  /** The field with this name (then ID, then case-insensitive name); pyVO's `getdesc`. */
  getField(name: string): Field | undefined {
    return this.index.field(name);
  }

  /** The first field whose UCD has every word of `ucd` (case-insensitive; `meta.main` preferred). */
  getFieldByUcd(ucd: string): Field | undefined {
    return this.index.fields[this.index.indexOfUcd(ucd)];
  }

  /** The name of {@link getFieldByUcd}'s field (pyVO's `fieldname_with_ucd`). */
  fieldnameWithUcd(ucd: string): string | undefined {
    return this.getFieldByUcd(ucd)?.name;
  }

  /** The first field with this utype (case-insensitive; namespace prefix ignored if no exact match). */
  getFieldByUtype(utype: string): Field | undefined {
    return this.index.fields[this.index.indexOfUtype(utype)];
  }

  /** The name of {@link getFieldByUtype}'s field (pyVO's `fieldname_with_utype`). */
  fieldnameWithUtype(utype: string): string | undefined {
    return this.getFieldByUtype(utype)?.name;
  }

  /**
   * The columnar table: typed arrays per column, rows on demand. It carries the result's
   * `document`, so `writeVOTable(rs.toTable())` writes the service descriptors, INFOs and COOSYS too.
   */
  toTable(): ColumnarTable {
    return this.columnar;
  }

  /** All records in an array. */
  toArray(): R[] {
    return [...this];
  }

  /** The records in row order (`for (const r of results)`). */
  *[Symbol.iterator](): IterableIterator<R> {
    for (let i = 0; i < this.length; i++) yield this.makeRecord(this.index, this.columnar.row(i), i);
  }

  /** The same records for `for await`, so a result set and a result stream are read alike. */
  async *[Symbol.asyncIterator](): AsyncIterableIterator<R> {
    // Not `yield* this`: in an async generator that would pick this very method again.
    for (const record of this) yield record;
  }
}

/** Options of {@link queryResultSet} and {@link queryResultStream}. */
export interface QueryResultOptions extends Omit<DALRequestOptions, "expect"> {
  /** Reject VOTables that break the schema instead of warning (default false: servers are sloppy). */
  strict?: boolean | undefined;
  /** The MAXREC asked for, for the overflow warning; default: the encoded MAXREC parameter. */
  maxrec?: number | undefined;
  /**
   * When an overflow goes to `onWarning`: `"always"` (default), or `"unexpected"`, which stays
   * silent when the caller set MAXREC and exactly that many rows came back (pyVO 1.8, issue #687).
   * `overflow` is set either way.
   */
  warnOverflow?: "always" | "unexpected" | undefined;
  /**
   * Calls that read the whole result into memory ({@link queryResultSet}, and so `runSync`, `search`,
   * `fetchResult`) fail with `DALServiceError` code `VO_ERR_TOO_LARGE` once the (decompressed) body passes this
   * many bytes. Default {@link DEFAULT_MAX_RESULT_BYTES}; `Infinity` for no limit. Streaming calls ignore it.
   */
  maxResultBytes?: number | undefined;
}

/** The default {@link QueryResultOptions.maxResultBytes}: 512 MiB of VOTable (above the 256 MiB a single cell may take, so one huge cell reports the cell limit). */
export const DEFAULT_MAX_RESULT_BYTES = 512 * 1024 * 1024;

/** Whether an overflow should be reported under a {@link QueryResultOptions.warnOverflow} mode. */
export function shouldWarnOverflow(overflow: DALOverflowWarning | undefined, mode: "always" | "unexpected" | undefined): boolean {
  if (overflow === undefined) return false;
  return mode !== "unexpected" || overflow.maxrec === undefined || overflow.returned !== overflow.maxrec;
}

/**
 * Sends a DAL query and reads its whole VOTable into memory, within `options.maxResultBytes` (default
 * {@link DEFAULT_MAX_RESULT_BYTES}) and the request's time limits, which cover the parsing too. The one way
 * to materialise a result: {@link queryResultSet} and protocols that inspect the document first (SCS) use it.
 *
 * @throws {DALServiceError} `VO_ERR_TOO_LARGE` past the limit (the message suggests streaming), network and HTTP errors.
 * @throws {DALFormatError} a VOTable that does not parse, with the URL.
 */
export async function readResultDocument(
  target: DALTarget,
  url: string | URL,
  params: DALParams | URLSearchParams,
  options: QueryResultOptions = {},
): Promise<{ doc: VOTableDocument; url: string }> {
  const { onWarning } = resolveTarget(target);
  const limit = options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
  const maxResponseBytes = Math.min(limit, options.maxResponseBytes ?? Infinity);
  const response = await dalRequest(target, url, params, {
    ...options,
    expect: "votable",
    ...(Number.isFinite(maxResponseBytes) && maxResponseBytes > 0 ? { maxResponseBytes } : {}),
  }).catch((err: unknown) => {
    throw tooLargeForMemory(err, limit);
  });
  const resultUrl = response.url || String(url);
  try {
    const doc = await parseVOTable(response.body, {
      strict: options.strict ?? false,
      onWarning: votableWarningSink(onWarning, resultUrl),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { doc, url: resultUrl };
  } catch (err) {
    await response.cancel().catch(() => undefined);
    throw withUrl(tooLargeForMemory(err, limit), resultUrl);
  }
}

/** The transport's size error, restated for a result read into memory: what the limit is and how to stream instead. */
function tooLargeForMemory(err: unknown, limit: number): unknown {
  if (!(err instanceof DALServiceError) || err.code !== "VO_ERR_TOO_LARGE" || !Number.isFinite(limit)) return err;
  return new DALServiceError(
    `the result is larger than ${formatBytes(limit)}, the limit of a result read into memory (maxResultBytes); ` +
      `stream it instead (TAPService.streamSync, AsyncJob.streamResult, queryResultStream) or raise maxResultBytes (${err.url ?? ""})`,
    { code: "VO_ERR_TOO_LARGE", url: err.url, status: err.status, contentType: err.contentType, cause: err },
  );
}

function formatBytes(n: number): string {
  return n >= 1 << 20 && n % (1 << 20) === 0 ? `${n / (1 << 20)} MiB` : `${n} bytes`;
}

/** Makes the result set of a protocol (`SIAResults`, `TAPResults`) from a parsed result. */
export type ResultSetFactory<RS extends ResultSet<Record>> = (
  table: ColumnarTable,
  document: VOTableMeta,
  url: string,
  init: ResultSetInit,
) => RS;

/**
 * Runs a DAL query and reads the whole VOTable result into a {@link ResultSet}.
 * An overflow is reported once to the target's `onWarning`.
 *
 * @throws {ParameterError} parameters that cannot be encoded.
 * @throws {DALServiceError} network, timeout and HTTP errors, HTML/text pages.
 * @throws {DALQueryError} the service reported QUERY_STATUS=ERROR (with any HTTP status).
 * @throws {DALFormatError} an empty body, a VOTable that does not parse (the URL is added), or no result table.
 * @example
 * const rs = await queryResultSet(ctx, "https://example.org/scs", { ra: 10.68, dec: 41.27, sr: 0.1 });
 * for (const rec of rs) console.log(rec.getByUcd("pos.eq.ra"), rec.get("name"));
 */
export function queryResultSet<RS extends ResultSet<Record>>(
  target: DALTarget,
  url: string | URL,
  params: DALParams | URLSearchParams | undefined,
  options: QueryResultOptions & { create: ResultSetFactory<RS> },
): Promise<RS>;
export function queryResultSet<R extends Record = Record>(
  target: DALTarget,
  url: string | URL,
  params?: DALParams | URLSearchParams,
  options?: QueryResultOptions & { recordFactory?: RecordFactory<R> | undefined },
): Promise<ResultSet<R>>;
export async function queryResultSet(
  target: DALTarget,
  url: string | URL,
  params: DALParams | URLSearchParams = {},
  options: QueryResultOptions & { create?: ResultSetFactory<ResultSet>; recordFactory?: RecordFactory | undefined } = {},
): Promise<ResultSet> {
  const { transport, onWarning } = resolveTarget(target);
  const fields = params instanceof URLSearchParams ? params : encodeDALParams(params);
  const { doc, url: resultUrl } = await readResultDocument(target, url, fields, options);
  const init: ResultSetInit = { maxrec: options.maxrec ?? maxrecOf(fields), transport, target };
  const table = doc.resultTable();
  if (table === undefined) throw noResultTable(doc.meta, resultUrl, init);
  const rs = options.create
    ? options.create(table, doc.meta, resultUrl, init)
    : new ResultSet(table, doc.meta, resultUrl, options.recordFactory, init);
  if (rs.overflow && shouldWarnOverflow(rs.overflow, options.warnOverflow)) onWarning(rs.overflow);
  return rs;
}

/** The error for a VOTable without a result table: the service's QUERY_STATUS=ERROR, else a format error. */
export function noResultTable(document: VOTableMeta, url: string, init: ResultSetInit): Error {
  checkQueryStatus(document, resultsResource(document), undefined, url, { maxrec: init.maxrec, returned: 0 });
  return new DALFormatError(`the VOTable has no result TABLE (${redactUrl(url)})`, { url, standard: "DALI 1.1" });
}

/** The MAXREC of encoded parameters, when it is a non-negative integer. */
export function maxrecOf(fields: URLSearchParams): number | undefined {
  const value = fields.get("MAXREC");
  return value !== null && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}

/** Forwards the reader's lax-mode warnings to `onWarning`. */
export function votableWarningSink(onWarning: (w: VOWarning) => void, url: string): (w: VOTableWarning) => void {
  const redacted = redactUrl(url);
  return (w) => {
    const where = [w.line === undefined ? "" : `line ${w.line}`, w.element ?? ""].filter((s) => s !== "").join(", ");
    onWarning({ name: "VOTableWarning", code: "VO_WARN_VOTABLE", reason: w.code, message: where ? `${w.message} (${where})` : w.message, url: redacted });
  };
}

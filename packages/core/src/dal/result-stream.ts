import { openVOTable, VOError } from "@vo/votable";
import type { DALOverflowWarning, Field, Info, Param, ResourceMeta, TableMeta, VOTableMeta, VOTableReader } from "@vo/votable";
import type { ResultSetLike, VOWarning } from "../types.js";
import { checkQueryStatus, resultsResource, withUrl } from "./classify.js";
import { encodeDALParams } from "./params.js";
import type { DALParams } from "./params.js";
import { dalRequest, resolveTarget } from "./query.js";
import type { DALTarget } from "./query.js";
import { defaultRecordFactory, FieldIndex } from "./record.js";
import type { Record, RecordFactory } from "./record.js";
import { maxrecOf, noResultTable, shouldWarnOverflow, votableWarningSink } from "./result-set.js";
import type { QueryResultOptions, ResultSetInit } from "./result-set.js";
import { brandedInstanceOf, CLASS_ID } from "./brand.js";

/** Options of the {@link ResultStream} constructor. */
export interface ResultStreamInit<R extends Record> extends ResultSetInit {
  /** Makes each record; required when `R` is a subclass of {@link Record}. */
  recordFactory?: RecordFactory<R> | undefined;
  /** Receives the overflow warning once the rows are read. */
  onWarning?: ((warning: VOWarning) => void) | undefined;
  /** Frees the response when the stream ends or is cancelled. */
  release?: (() => Promise<void>) | undefined;
  /** See {@link QueryResultOptions.warnOverflow}. */
  warnOverflow?: "always" | "unexpected" | undefined;
}

/**
 * A query result read from the network as it is iterated, in constant
 * memory. The fields, params and leading INFOs are known before the first
 * row; `queryStatus`, `overflow` and `infos` are final once iteration ends,
 * since services may write QUERY_STATUS after the TABLE. It can be iterated
 * once; `break` or an error frees the connection. Call `cancel()` when you
 * will not iterate it.
 *
 * @example
 * const stream = await queryResultStream(ctx, url, { query: "SELECT * FROM big" });
 * for await (const rec of stream) handle(rec.get("source_id"));
 * if (stream.overflow) console.warn(stream.overflow.message);
 */
export class ResultStream<R extends Record = Record> implements ResultSetLike<R> {

  /** The brand that makes `instanceof ResultStream` hold across installed copies of `@vo/core` (see dal/brand.ts). */
  static readonly [CLASS_ID]: string = "@vo/core.ResultStream";

  /** `instanceof` by prototype chain, or by brand for an instance from another copy of `@vo/core`. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return brandedInstanceOf(this, value);
  }
  /** The query URL. */
  readonly url: string;
  /** Field lookups shared with the records. */
  readonly index: FieldIndex;
  private readonly reader: VOTableReader;
  private readonly init: ResultStreamInit<R>;
  private readonly makeRecord: RecordFactory<R>;
  private finalMeta: VOTableMeta | undefined;
  private status: string | undefined;
  private overflowWarning: DALOverflowWarning | undefined;
  private started = false;
  private returned = 0;

  /** Wraps an open reader positioned before the first row. @throws {DALQueryError} for QUERY_STATUS=ERROR before the rows. */
  constructor(reader: VOTableReader, url: string, init: ResultStreamInit<R> = {}) {
    this.reader = reader;
    this.url = url;
    this.init = init;
    this.index = new FieldIndex(reader.table?.fields ?? [], init.target ?? init.transport, this);
    this.makeRecord = init.recordFactory ?? (defaultRecordFactory as RecordFactory<Record> as RecordFactory<R>);
    this.status = checkQueryStatus(reader.meta, reader.resource, reader.table, url, { maxrec: init.maxrec, returned: 0 }).queryStatus;
  }

  get fields(): readonly Field[] {
    return this.index.fields;
  }

  /** The field names, in order. */
  get fieldnames(): string[] {
    return this.index.fields.map((f) => f.name);
  }

  get table(): TableMeta {
    return this.reader.table ?? { fields: [], params: [], groups: [], links: [], infos: [], serialization: "none" };
  }

  get resource(): ResourceMeta {
    return this.reader.resource ?? emptyResource();
  }

  /** The document's metadata; complete (trailing INFOs included) once iteration ends. */
  get document(): VOTableMeta {
    return this.finalMeta ?? this.reader.meta;
  }

  get params(): readonly Param[] {
    return [...this.resource.params, ...this.table.params];
  }

  /** INFOs of the results RESOURCE and TABLE read so far. */
  get infos(): readonly Info[] {
    return [...this.resource.infos, ...this.table.infos];
  }

  /** QUERY_STATUS so far; final once iteration ends. */
  get queryStatus(): string | undefined {
    return this.status;
  }

  /** Set once iteration ends when the service truncated the result. */
  get overflow(): DALOverflowWarning | undefined {
    return this.overflowWarning;
  }

  /** Rows read so far. */
  get rowsRead(): number {
    return this.returned;
  }

  /**
   * Yields the records as they arrive. At the end, reads the trailing INFOs
   * and reports an overflow to `onWarning`.
   *
   * @throws {DALQueryError} QUERY_STATUS=ERROR after the rows.
   * @throws {DALFormatError} a truncated or malformed body (with the URL).
   * @throws {DALServiceError} network errors and timeouts while reading.
   */
  async *[Symbol.asyncIterator](): AsyncIterator<R> {
    if (this.started) throw new VOError("a ResultStream can be iterated only once; use queryResultSet to keep the rows");
    this.started = true;
    let finished = false;
    try {
      for await (const row of this.reader.rows()) {
        yield this.makeRecord(this.index, row, this.returned++);
      }
      this.finalMeta = await this.reader.finish();
      finished = true;
      this.settle();
    } catch (err) {
      throw withUrl(err, this.url);
    } finally {
      if (!finished) await this.reader.cancel().catch(() => undefined);
      await this.init.release?.().catch(() => undefined);
    }
  }

  /** Reads all remaining records into an array (this defeats streaming; prefer queryResultSet). */
  async toArray(): Promise<R[]> {
    const out: R[] = [];
    for await (const rec of this) out.push(rec);
    return out;
  }

  /** Stops reading and frees the connection. */
  async cancel(reason?: unknown): Promise<void> {
    this.started = true;
    await this.reader.cancel(reason).catch(() => undefined);
    await this.init.release?.().catch(() => undefined);
  }

  private settle(): void {
    const meta = this.finalMeta ?? this.reader.meta;
    const resource = this.reader.resource ?? resultsResource(meta);
    const status = checkQueryStatus(meta, resource, this.reader.table, this.url, {
      maxrec: this.init.maxrec,
      returned: this.returned,
    });
    this.status = status.queryStatus;
    this.overflowWarning = status.overflow;
    if (shouldWarnOverflow(status.overflow, this.init.warnOverflow) && status.overflow) this.init.onWarning?.(status.overflow);
  }
}

function emptyResource(): ResourceMeta {
  return { infos: [], params: [], groups: [], links: [], coosys: [], timesys: [], tables: [], resources: [] };
}

/**
 * Runs a DAL query and returns its result as a {@link ResultStream}, once
 * the fields are known and before the first row is read.
 *
 * @throws {ParameterError} parameters that cannot be encoded.
 * @throws {DALServiceError} network, timeout and HTTP errors, HTML/text pages.
 * @throws {DALQueryError} QUERY_STATUS=ERROR before the rows (after them, iteration throws it).
 * @throws {DALFormatError} an empty body, a VOTable that does not parse, or no result table.
 */
export async function queryResultStream<R extends Record = Record>(
  target: DALTarget,
  url: string | URL,
  params: DALParams | URLSearchParams = {},
  options: QueryResultOptions & { recordFactory?: RecordFactory<R> | undefined } = {},
): Promise<ResultStream<R>> {
  const { transport, onWarning } = resolveTarget(target);
  const fields = params instanceof URLSearchParams ? params : encodeDALParams(params);
  const response = await dalRequest(target, url, fields, { ...options, expect: "votable" });
  const resultUrl = response.url || String(url);
  const init: ResultSetInit = { maxrec: options.maxrec ?? maxrecOf(fields), transport, target };
  const release = (): Promise<void> => response.cancel();
  let reader: VOTableReader | undefined;
  try {
    reader = await openVOTable(response.body, {
      strict: options.strict ?? false,
      onWarning: votableWarningSink(onWarning, resultUrl),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (reader.table === undefined) {
      const meta = await reader.finish();
      throw noResultTable(meta, resultUrl, init);
    }
    return new ResultStream<R>(reader, resultUrl, {
      ...init,
      recordFactory: options.recordFactory,
      onWarning,
      release,
      warnOverflow: options.warnOverflow,
    });
  } catch (err) {
    await reader?.cancel().catch(() => undefined);
    await release().catch(() => undefined);
    throw withUrl(err, resultUrl);
  }
}

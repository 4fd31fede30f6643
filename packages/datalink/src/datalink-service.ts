/** A DataLink links endpoint (DataLink 1.1 §3): links for one or many dataset IDs. */
import { DALFormatError, queryResultSet } from "@vo/core";
import type { DALParams, DALTarget, ResultSet, Service } from "@vo/core";
import { DATALINK_IVOID } from "./constants.js";
import { DatalinkResults, datalinkRecordFactory } from "./links.js";
import type { DatalinkRecord } from "./links.js";

/** Options of {@link DatalinkService.search}. */
export interface DatalinkSearchOptions {
  /** More parameters the service takes (from its descriptor); sent with every ID. */
  params?: DALParams | undefined;
  /** MAXREC: the most link rows the service should return. */
  maxrec?: number | undefined;
  /** RESPONSEFORMAT (default: the service's, a links VOTable). */
  responseformat?: string | undefined;
  /** Default: GET for one ID, POST (form-encoded) for several. */
  method?: "GET" | "POST" | undefined;
  /** The caller's cancellation. */
  signal?: AbortSignal | undefined;
  /** Report a truncated answer (QUERY_STATUS=OVERFLOW) to `onWarning` (default true; `iterDatalinks` recovers from it and passes false). */
  warnOverflow?: boolean | undefined;
}

/**
 * A links endpoint (pyVO's `DatalinkService`); made by `client.service("datalink", url)`
 * with the `datalink()` plugin, or directly with a transport.
 *
 * @example
 * const links = await client.service("datalink", "https://example.org/dl/dlmeta").search("ivo://example/data?1");
 * for (const link of links.bySemantics("#preview")) console.log(link.accessUrl);
 */
export class DatalinkService implements Service {
  readonly standardId = DATALINK_IVOID;
  readonly baseUrl: string;
  readonly #target: DALTarget;

  constructor(baseUrl: string, target: DALTarget) {
    this.baseUrl = baseUrl;
    this.#target = target;
  }

  /**
   * The links of one or several datasets, in one request: one document,
   * whose rows `byId` splits by dataset. Error rows stay in it (`errors()`).
   *
   * @throws {DALServiceError} HTTP or network failure.
   * @throws {DALQueryError} the service answered QUERY_STATUS=ERROR.
   * @throws {DALFormatError} the answer is not a VOTable with a result table.
   */
  async search(ids: string | readonly string[], options: DatalinkSearchOptions = {}): Promise<DatalinkResults> {
    const list = typeof ids === "string" ? [ids] : [...ids];
    const method = options.method ?? (list.length > 1 ? "POST" : "GET");
    const params: DALParams = {
      ...options.params,
      ID: list,
      ...(options.maxrec === undefined ? {} : { MAXREC: options.maxrec }),
      ...(options.responseformat === undefined ? {} : { RESPONSEFORMAT: options.responseformat }),
    };
    const document = await queryResultSet<DatalinkRecord>(options.warnOverflow === false ? quiet(this.#target) : this.#target, this.baseUrl, params, {
      method,
      signal: options.signal,
      recordFactory: datalinkRecordFactory,
      warnOverflow: "unexpected",
    });
    checkLinksDocument(document);
    return new DatalinkResults(document);
  }
}

/** The same target, its warning sink without overflow warnings. */
function quiet(target: DALTarget): DALTarget {
  if ("request" in target) return target;
  const onWarning = target.onWarning;
  return { transport: target.transport, onWarning: (w) => void (w.code === "VO_WARN_OVERFLOW" ? undefined : onWarning?.(w)) };
}

/** The columns every links document has (DataLink 1.1 §3.2): without them rows cannot be told apart. */
const REQUIRED_COLUMNS = ["ID", "access_url", "service_def", "error_message", "semantics"];

/**
 * Checks that a links document has DataLink's columns.
 * @throws {DALFormatError} naming the missing columns and the URL.
 */
export function checkLinksDocument(document: ResultSet<DatalinkRecord>): void {
  const missing = REQUIRED_COLUMNS.filter((name) => document.index.indexOf(name) < 0);
  if (missing.length > 0) {
    throw new DALFormatError(`not a DataLink links document: no ${missing.join(", ")} column${missing.length > 1 ? "s" : ""} (${document.url})`, {
      url: document.url,
      standard: "DataLink 1.1",
    });
  }
}

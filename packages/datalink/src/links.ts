/**
 * A DataLink links document (DataLink 1.1 §3.2): its rows as
 * {@link DatalinkRecord}s and, per dataset, {@link DatalinkResults} with
 * `bySemantics`, the processing links and the `#this`/`#preview`/`#progenitor` shortcuts.
 */
import { DALQueryError, dalRequest, downloadDataset, ParameterError, Record } from "@vo/core";
import type { DownloadOptions, DownloadResult, FieldIndex, ResultSet, Transport, TransportResponse } from "@vo/core";
import type { CellValue } from "@vo/votable";
import { serviceDescriptors } from "./descriptor.js";
import type { ServiceDescriptor } from "./descriptor.js";
import { sodaRequest } from "./soda.js";
import type { SodaParams, SodaRequestOptions } from "./soda.js";
import { sodaAsyncRequest, sodaAsyncResultUrl } from "./soda-async.js";
import type { SodaAsyncOptions } from "./soda-async.js";
import { DATALINK_CORE, expandSemantics, normalizeSemantics } from "./vocabulary.js";
import type { Vocabulary } from "./vocabulary.js";

/** A link whose row carries an `error_message`: why the service could not give the link (DataLink 1.1 §3.2.4). */
export class DatalinkError extends DALQueryError {
  static override readonly id: string = "DatalinkError";
  /** The dataset identifier of the failed row. */
  readonly datasetId: string | undefined;
  /** The service's `error_message` (e.g. `NotFoundFault: …`). */
  readonly errorMessage: string;

  constructor(datasetId: string | undefined, errorMessage: string, options: { url?: string | undefined } = {}) {
    super(`datalink error for ID ${datasetId === undefined ? "(none)" : JSON.stringify(datasetId)}: ${errorMessage}`, options);
    this.datasetId = datasetId;
    this.errorMessage = errorMessage;
  }
}

/** Options of requests made from a link: cancellation, time limits, headers. */
export interface LinkRequestOptions {
  /** The caller's cancellation. */
  signal?: AbortSignal | undefined;
  /** Extra request headers. */
  headers?: { [name: string]: string } | undefined;
}

/**
 * One row of a links document (pyVO's `DatalinkRecord`): every standard
 * column of DataLink 1.1 as a typed getter, its service descriptor for
 * `service_def` rows, and the requests a link leads to.
 */
export class DatalinkRecord extends Record {
  /** The dataset identifier this link belongs to (`ID`). */
  get id(): string | undefined {
    return this.text("ID");
  }
  /** Where the linked resource is (`access_url`); for a `service_def` row without one, the descriptor's accessURL. */
  get accessUrl(): string | undefined {
    return this.text("access_url") ?? this.descriptor?.accessUrl;
  }
  /** The ID of the service descriptor to call for this link (`service_def`). */
  get serviceDef(): string | undefined {
    return this.text("service_def");
  }
  /** Why this link could not be given (`error_message`); set on error rows. */
  get errorMessage(): string | undefined {
    return this.text("error_message");
  }
  /** What the link is, a datalink/core term (`#this`, `#preview`, …) or another vocabulary's URI (`semantics`). */
  get semantics(): string | undefined {
    return this.text("semantics");
  }
  /** Human-readable description of the link (`description`). */
  get description(): string | undefined {
    return this.text("description");
  }
  /** Media type of the linked resource (`content_type`). */
  get contentType(): string | undefined {
    return this.text("content_type");
  }
  /** Size of the linked resource in bytes (`content_length`); undefined when null or unknown. */
  get contentLength(): number | undefined {
    const n = this.getNumber("content_length");
    return n === undefined || n < 0 ? undefined : n;
  }
  /** What the linked resource is in terms of a product type vocabulary (`content_qualifier`, DataLink 1.1). */
  get contentQualifier(): string | undefined {
    return this.text("content_qualifier");
  }
  /** A service-local label relating rows of different documents (`local_semantics`, DataLink 1.1). */
  get localSemantics(): string | undefined {
    return this.text("local_semantics");
  }
  /** Whether the link needs authentication: `false`, `optional` or `true` (`link_auth`, DataLink 1.1). */
  get linkAuth(): string | undefined {
    return this.text("link_auth");
  }
  /** Whether the caller is authorized for the link (`link_authorized`, DataLink 1.1). */
  get linkAuthorized(): boolean | undefined {
    return this.getBoolean("link_authorized");
  }
  /** Whether this is an error row. */
  get isError(): boolean {
    return this.errorMessage !== undefined;
  }
  /** Whether this link is a service to call (`service_def` set). */
  get isProc(): boolean {
    return this.serviceDef !== undefined;
  }

  /** The service descriptor `service_def` names, in the same links document. */
  get descriptor(): ServiceDescriptor | undefined {
    const def = this.text("service_def");
    const doc = this.index.result?.document;
    if (def === undefined || doc === undefined) return undefined;
    return serviceDescriptors(doc).find((d) => d.id === def);
  }

  /**
   * The URL of the linked resource (pyVO's `getdataurl`).
   * @throws {DatalinkError} for an error row.
   * @throws {DALQueryError} when the row has neither an access_url nor a descriptor with one.
   */
  getDataUrl(): string {
    const error = this.errorMessage;
    if (error !== undefined) throw new DatalinkError(this.id, error, { url: this.index.result?.url });
    const url = this.accessUrl;
    if (url === undefined) throw new DALQueryError(`the link ${this.describe()} has no access_url`, { url: this.index.result?.url });
    return url;
  }

  /** The dataset URL core's `Record.download()` and `dataUrl` use: this link's URL (undefined for error rows). */
  override getDatasetUrl(): string | undefined {
    return this.isError ? undefined : this.accessUrl;
  }

  /** The media type core's download uses. */
  override getDatasetFormat(): string | undefined {
    return this.contentType;
  }

  /**
   * GETs the linked resource and returns the response with its body unread
   * (read it once: `bytes()`, `text()` or the `body` stream). Works in browsers.
   *
   * @throws {DatalinkError} for an error row.
   * @throws {DALServiceError} an HTTP error status or a network failure.
   */
  async fetch(options: LinkRequestOptions = {}): Promise<TransportResponse> {
    return fetchUrl(this.transport(), this.getDataUrl(), options);
  }

  /**
   * Downloads the linked resource into `dir` with core's safe download
   * (**Node-only**, see `downloadDataset`); the description names the file when the server does not.
   */
  override async download(dir: string, options: DownloadOptions = {}): Promise<DownloadResult> {
    const url = this.getDataUrl();
    const name = this.description ?? this.semantics?.replace(/^.*#/, "");
    const mediaType = this.contentType;
    return downloadDataset(this.transport(), url, dir, {
      ...(name === undefined ? {} : { suggestedName: name }),
      ...(mediaType === undefined ? {} : { mediaType }),
      ...options,
    });
  }

  /**
   * Calls this link's service (a `#proc` row's descriptor, usually SODA) with
   * `params`, validated against the descriptor first, and returns the
   * response with its body unread (pyVO's `processed`).
   *
   * @throws {ParameterError} a parameter the service does not declare, or outside its declared range.
   * @throws {DatalinkError} for an error row.
   * @throws {DALServiceError} an HTTP error status or a network failure.
   */
  async processed(params: SodaParams = {}, options: SodaRequestOptions & SodaAsyncOptions = {}): Promise<TransportResponse> {
    const descriptor = this.procDescriptor();
    if (descriptor.isSodaAsync) return sodaAsyncRequest(this.transport(), descriptor, { ...options, params });
    return sodaRequest(this.transport(), descriptor, { ...options, params });
  }

  /**
   * The GET URL {@link processed} would send (validated): for a download or a browser link.
   * @throws {ParameterError} for an async SODA link (its result has a URL only once the job ran; use {@link downloadProcessed}).
   */
  processedUrl(params: SodaParams = {}): string {
    const descriptor = this.procDescriptor();
    if (descriptor.isSodaAsync) throw new ParameterError("link", "a synchronous service (this one is SODA async: use processed() or downloadProcessed())", this.describe());
    return sodaRequest.url(descriptor, { params });
  }

  /**
   * Calls the service like {@link processed} (for an async SODA link, runs the job first) and
   * streams the answer into `dir` (**Node-only**; core's safe download).
   */
  async downloadProcessed(dir: string, params: SodaParams = {}, options: DownloadOptions & SodaAsyncOptions = {}): Promise<DownloadResult> {
    const descriptor = this.procDescriptor();
    const { row, timeout, pollInterval, onPhase, ...download } = options;
    const url = descriptor.isSodaAsync
      ? await sodaAsyncResultUrl(this.transport(), descriptor, { params, row, timeout, pollInterval, onPhase, signal: options.signal })
      : sodaRequest.url(descriptor, { params });
    return downloadDataset(this.transport(), url, dir, download);
  }

  private procDescriptor(): ServiceDescriptor {
    const error = this.errorMessage;
    if (error !== undefined) throw new DatalinkError(this.id, error, { url: this.index.result?.url });
    const descriptor = this.descriptor;
    if (descriptor === undefined) {
      throw new ParameterError("link", "a link with a service_def naming a service descriptor of its document", this.describe());
    }
    return descriptor;
  }

  private transport(): Transport {
    const transport = this.index.transport;
    if (!transport) throw new ParameterError("transport", "a link from a datalink query (it carries the transport)", undefined);
    return transport;
  }

  private describe(): string {
    return `${this.semantics ?? "(no semantics)"} of ${this.id ?? "(no ID)"}`;
  }

  private text(name: string): string | undefined {
    const v: CellValue | undefined = this.cell(name);
    if (v === null || v === undefined) return undefined;
    const s = (typeof v === "string" ? v : String(v)).trim();
    return s === "" ? undefined : s;
  }
}

/** Options of {@link DatalinkResults.bySemantics}. */
export interface BySemanticsOptions {
  /** Also match the narrower terms of the datalink/core vocabulary (default true, as pyVO). */
  includeNarrower?: boolean | undefined;
  /** The vocabulary to expand terms with (default: the shipped datalink/core). */
  vocabulary?: Vocabulary | undefined;
}

/**
 * The links of one dataset (or of a whole links document): the link rows,
 * the document's service descriptors and, from `iterDatalinks`, the row of
 * the result the links belong to (pyVO's `DatalinkResults`). Iterable.
 */
export class DatalinkResults<R extends Record = Record> implements Iterable<DatalinkRecord> {
  /** The links document these rows came from; undefined for a row without datalink. */
  readonly document: ResultSet<DatalinkRecord> | undefined;
  /** The link rows, in document order. */
  readonly records: readonly DatalinkRecord[];
  /** The row of the original result these links are for (set by `iterDatalinks` and `datalinks`). */
  readonly originalRow: R | undefined;

  constructor(document: ResultSet<DatalinkRecord> | undefined, records?: readonly DatalinkRecord[], originalRow?: R) {
    this.document = document;
    this.records = records ?? document?.toArray() ?? [];
    this.originalRow = originalRow;
  }

  /** The links document's URL. */
  get url(): string | undefined {
    return this.document?.url;
  }
  /** Number of link rows. */
  get length(): number {
    return this.records.length;
  }
  /** The link row at `i` (negative counts from the end). */
  at(i: number): DatalinkRecord | undefined {
    return this.records.at(i);
  }
  /** The link records in document order. */
  [Symbol.iterator](): Iterator<DatalinkRecord> {
    return this.records[Symbol.iterator]();
  }
  /** The link rows in an array. */
  toArray(): DatalinkRecord[] {
    return [...this.records];
  }
  /** The service descriptors of the links document. */
  get descriptors(): ServiceDescriptor[] {
    return this.document === undefined ? [] : serviceDescriptors(this.document.document);
  }
  /** The distinct dataset IDs, in order of appearance. */
  get ids(): string[] {
    return [...new Set(this.records.map((r) => r.id).filter((id): id is string => id !== undefined))];
  }
  /** The links of one dataset ID (pyVO's `clone_byid`). */
  byId<T extends Record = R>(id: string, originalRow?: T): DatalinkResults<T> {
    return new DatalinkResults<T>(this.document, this.records.filter((r) => r.id === id), originalRow);
  }
  /** The error rows: IDs the service could not resolve, links it could not make. */
  errors(): DatalinkRecord[] {
    return this.records.filter((r) => r.isError);
  }

  /**
   * The links whose semantics match one of `terms`: datalink/core terms with
   * or without `#` or as full URIs, other vocabularies' URIs literally; with
   * `includeNarrower` (default), also every narrower core term (`#calibration`
   * finds `#bias`, `#dark`, `#flat`).
   */
  bySemantics(terms: string | readonly string[], options: BySemanticsOptions = {}): DatalinkRecord[] {
    const list = typeof terms === "string" ? [terms] : terms;
    const wanted = new Set(
      list.flatMap((t) => (options.includeNarrower === false ? [normalizeSemantics(t)] : expandSemantics(t, options.vocabulary ?? DATALINK_CORE))),
    );
    return this.records.filter((r) => r.semantics !== undefined && wanted.has(normalizeSemantics(r.semantics)));
  }

  /** The `#this` links: the dataset itself. */
  thisLinks(): DatalinkRecord[] {
    return this.bySemantics("#this", { includeNarrower: false }).filter((r) => !r.isError);
  }
  /** The `#preview` links, including the narrower `#preview-image` and `#preview-plot`. */
  previews(): DatalinkRecord[] {
    return this.bySemantics("#preview").filter((r) => !r.isError);
  }
  /** The `#progenitor` links: the data this dataset was made from. */
  progenitors(): DatalinkRecord[] {
    return this.bySemantics("#progenitor").filter((r) => !r.isError);
  }
  /** The links to services (`service_def` rows), in order (pyVO's `iter_procs`). */
  *iterProcs(): IterableIterator<DatalinkRecord> {
    for (const r of this.records) if (r.isProc && !r.isError) yield r;
  }
  /** The first link to a service, or undefined (pyVO's `get_first_proc`, which raises instead). */
  getFirstProc(): DatalinkRecord | undefined {
    return this.iterProcs().next().value;
  }

  /**
   * The dataset itself: GETs the first `#this` link (pyVO's `getdataset`).
   * @throws {DatalinkError} when the only `#this` rows are errors (with the service's message).
   * @throws {DALQueryError} when there is no `#this` link at all.
   */
  async getDataset(options: LinkRequestOptions = {}): Promise<TransportResponse> {
    return this.thisLink().fetch(options);
  }

  /** Downloads the first `#this` link into `dir` (**Node-only**). Throws like {@link getDataset}. */
  async download(dir: string, options: DownloadOptions = {}): Promise<DownloadResult> {
    return this.thisLink().download(dir, options);
  }

  private thisLink(): DatalinkRecord {
    const all = this.bySemantics("#this", { includeNarrower: false });
    const good = all.find((r) => !r.isError);
    if (good) return good;
    const bad = all[0];
    if (bad) throw new DatalinkError(bad.id, bad.errorMessage ?? "", { url: this.url });
    throw new DALQueryError(`no #this link among the ${this.length} links${this.ids.length ? ` of ${this.ids.join(", ")}` : ""}`, { url: this.url });
  }
}

/** The factory `queryResultSet` uses for links documents. */
export function datalinkRecordFactory(index: FieldIndex, cells: readonly CellValue[]): DatalinkRecord {
  return new DatalinkRecord(index, cells);
}

/** GETs a URL; core classifies the answer (an HTTP error status, an HTML error page or a VOTable error is a typed error). */
export async function fetchUrl(transport: Transport, url: string, options: LinkRequestOptions = {}): Promise<TransportResponse> {
  return dalRequest(transport, url, {}, { expect: "any", signal: options.signal, headers: options.headers });
}

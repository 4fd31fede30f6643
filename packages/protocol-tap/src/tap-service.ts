/**
 * TAPService: sync and async ADQL queries (TAP 1.1), uploads, and the VOSI
 * resources of a TAP service (capabilities with TAPRegExt, tables,
 * availability).
 */
import { DALServiceError, ParameterError, StandardId, dalRequest, queryResultSet, queryResultStream } from "@vo/core";
import type { DALParams, MultipartPart, ResultSet, ResultStream, Service, Timeouts, Transport, TransportResponse, VOWarning } from "@vo/core";
import { isAdqlFragment } from "./adql.js";
import type { AdqlFragment } from "./adql.js";
import { AsyncJob } from "./async-job.js";
import type { WaitOptions } from "./async-job.js";
import { parseAvailability } from "./availability.js";
import type { Availability } from "./availability.js";
import { parseCapabilities } from "./capabilities.js";
import type { TapCapability, TAPCapabilities } from "./capabilities.js";
import { parseExamples } from "./examples.js";
import type { TAPExample } from "./examples.js";
import { getText, joinUrl } from "./http.js";
import type { RequestOptions, TAPContext } from "./http.js";
import { parseVOSITable, parseVOSITables, VOSITables } from "./tables.js";
import { limitUploadBytes, prepareUploads } from "./upload.js";
import type { Uploads } from "./upload.js";
import { parseUWSJob, parseUWSJobList } from "./uws.js";
import type { UWSJob, UWSJobRef, UWSPhase } from "./uws.js";
import type { ParseOptions, ParseWarning } from "@vo/core";

/** Options of the {@link TAPService} constructor: the client's context, or a transport. */
export interface TAPServiceOptions {
  /** The service context a client hands to plugins (transport + onWarning). */
  context?: TAPContext | undefined;
  /** A transport, when not using a client. */
  transport?: Transport | undefined;
  /** Receives overflow and lax-parse warnings when `transport` is given. */
  onWarning?: ((warning: VOWarning) => void) | undefined;
}

/** Options of every TAP query. */
export interface TAPQueryOptions extends RequestOptions {
  /** MAXREC: the most rows to return. 0 asks for metadata only (sent, unlike pyVO, quirk 15). */
  maxrec?: number | undefined;
  /** RESPONSEFORMAT (MIME type or alias). `runSync`/`runAsync` need a VOTable; use {@link TAPService.runSyncRaw} for others. */
  format?: string | undefined;
  /** Tables to upload, by the name the query uses (`TAP_UPLOAD.<name>`). */
  uploads?: Uploads | undefined;
  /** LANG (default "ADQL"). */
  language?: string | undefined;
  /** RUNID, echoed by the service. */
  runId?: string | undefined;
  /** More request parameters, sent as given (DALI encoding). */
  params?: DALParams | undefined;
  /** Serialisation of uploaded tables: "auto" (default: BINARY2 when the service lists a BINARY2 output format), "TABLEDATA" or "BINARY2". */
  uploadSerialization?: "auto" | "TABLEDATA" | "BINARY2" | undefined;
  /** Reject result VOTables that break the schema (default false). */
  strict?: boolean | undefined;
  /** `runSync`/`search`/`runAsync`: most bytes of result read into memory (default 512 MiB), else `VO_ERR_TOO_LARGE`; streaming calls have no limit. */
  maxResultBytes?: number | undefined;
}

const MAX_EXAMPLE_DOCUMENTS = 20;

/** Options of {@link TAPService.runAsync}. */
export interface RunAsyncOptions extends TAPQueryOptions, Pick<WaitOptions, "onPhase" | "pollInterval" | "maxPollInterval" | "blocking"> {
  /** Overall deadline for the job to finish, in ms (default 600 000). */
  timeout?: number | undefined;
  /** Keep the job on the server instead of deleting it (default false: deleted even on errors). */
  keep?: boolean | undefined;
}

/** Options of {@link TAPService.listJobs} (UWS 1.1 §2.2.1.1 job list filters). */
export interface ListJobsOptions extends RequestOptions {
  /** Only jobs in these phases (PHASE, repeated). */
  phases?: readonly UWSPhase[] | undefined;
  /** Only jobs created after this instant (AFTER, ISO 8601). */
  after?: Date | string | undefined;
  /** Only the most recently created N jobs (LAST). */
  last?: number | undefined;
}

/**
 * A TAP service. Nothing is fetched on construction; capabilities and tables
 * are fetched on first use and memoised.
 * @example
 * const client = createClient({ plugins: [tap()] });
 * const service = client.service("tap", "http://localhost:8080/tap");
 * const rs = await service.runSync(adql`SELECT TOP 5 * FROM ivoa.obscore WHERE dataproduct_type = ${"image"}`);
 * for (const rec of rs) console.log(rec.get("obs_publisher_did"));
 */
export class TAPService implements Service {
  /** `ivo://ivoa.net/std/TAP`, the standard this service implements. */
  readonly standardId: string = StandardId.TAP;
  /** The base URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly #ctx: TAPContext;
  #capabilities: Promise<TAPCapabilities> | undefined;
  #tables: Promise<VOSITables> | undefined;

  /**
   * @throws {ParameterError} for a base URL that is not http(s), or neither context nor transport.
   */
  constructor(baseUrl: string | URL, options: TAPServiceOptions = {}) {
    let url: URL;
    try {
      url = new URL(String(baseUrl));
    } catch {
      throw new ParameterError("baseUrl", "an absolute http(s) URL", baseUrl);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new ParameterError("baseUrl", "an absolute http(s) URL", baseUrl);
    this.baseUrl = url.toString().replace(/\/+$/, "");
    const ctx = options.context ?? (options.transport ? { transport: options.transport, onWarning: options.onWarning } : undefined);
    if (!ctx) throw new ParameterError("options", "{ context } (from a client) or { transport }", options);
    this.#ctx = ctx;
  }

  /** The context requests go through (for helpers such as @vo/obscore). */
  get context(): TAPContext {
    return this.#ctx;
  }

  /**
   * Runs a query synchronously (POST `<base>/sync`) and reads the whole result.
   * @throws {ParameterError} for an empty query or invalid uploads/parameters.
   * @throws {DALQueryError} when the service reports an error (QUERY_STATUS=ERROR).
   * @throws {DALServiceError} HTTP and network errors, HTML pages, timeouts (`VO_ERR_TIMEOUT`).
   * @throws {DALFormatError} a malformed or truncated VOTable.
   */
  async runSync(query: string | AdqlFragment, options: TAPQueryOptions = {}): Promise<ResultSet> {
    const req = await this.#request(query, options);
    return this.#send(req, () => queryResultSet(this.#ctx, joinUrl(this.baseUrl, "sync"), req.params, this.#queryOptions(req.multipart, options)));
  }

  /** pyVO's name for {@link runSync}. */
  search(query: string | AdqlFragment, options: TAPQueryOptions = {}): Promise<ResultSet> {
    return this.runSync(query, options);
  }

  /**
   * Runs a query synchronously and streams the rows (constant memory).
   * @throws as {@link runSync}; errors after the first row are thrown while iterating.
   */
  async streamSync(query: string | AdqlFragment, options: TAPQueryOptions = {}): Promise<ResultStream> {
    const req = await this.#request(query, options);
    return this.#send(req, () => queryResultStream(this.#ctx, joinUrl(this.baseUrl, "sync"), req.params, this.#queryOptions(req.multipart, options)));
  }

  /**
   * Runs a query synchronously and returns the raw response (any RESPONSEFORMAT: CSV, FITS, JSON…), body unread.
   * @throws {DALServiceError} HTTP errors and HTML error pages. @throws {DALQueryError} a VOTable error document with an error status.
   */
  async runSyncRaw(query: string | AdqlFragment, options: TAPQueryOptions = {}): Promise<TransportResponse> {
    const req = await this.#request(query, options);
    return this.#send(req, () =>
      dalRequest(this.#ctx, joinUrl(this.baseUrl, "sync"), req.params, {
        method: "POST",
        multipart: req.multipart,
        signal: options.signal,
        timeouts: options.timeouts,
        expect: "any",
      }),
    );
  }

  /**
   * Creates an async job (POST `<base>/async`) in phase PENDING; call `run()` on it.
   * @throws {ParameterError} for invalid input. @throws {DALServiceError} HTTP errors. @throws {DALFormatError} when the answer is not a UWS job.
   */
  async submitJob(query: string | AdqlFragment, options: TAPQueryOptions = {}): Promise<AsyncJob> {
    const req = await this.#request(query, options);
    const asyncUrl = joinUrl(this.baseUrl, "async");
    const response = await this.#send(req, () =>
      dalRequest(this.#ctx, asyncUrl, req.params, {
        method: "POST",
        multipart: req.multipart,
        signal: options.signal,
        timeouts: options.timeouts,
        expect: "any",
      }),
    );
    // UWS answers 303 See Other → the job; the transport followed it, so the final URL is the job's.
    const finalUrl = response.url || asyncUrl;
    const text = await response.text();
    let doc: UWSJob | undefined;
    try {
      doc = parseUWSJob(text, { url: finalUrl, onWarning: this.#parseWarnings(finalUrl) });
    } catch (err) {
      if (sameUrl(finalUrl, asyncUrl)) throw err;
    }
    if (!doc) return AsyncJob.fromUrl(finalUrl, { context: this.#ctx, signal: options.signal, timeouts: options.timeouts });
    const jobUrl = sameUrl(finalUrl, asyncUrl) ? joinUrl(asyncUrl, encodeURIComponent(doc.jobId)) : finalUrl;
    return new AsyncJob(jobUrl, doc, this.#ctx);
  }

  /**
   * Runs a query as an async job: submit, run, wait, raise if it failed, fetch
   * the result, and delete the job (also on errors and timeouts) unless `keep`.
   * @throws {DALQueryError} when the job ends in ERROR (with the service's message) or ABORTED.
   * @throws {DALServiceError} `VO_ERR_TIMEOUT` when `timeout` passes; HTTP errors.
   */
  async runAsync(query: string | AdqlFragment, options: RunAsyncOptions = {}): Promise<ResultSet> {
    const job = await this.submitJob(query, options);
    try {
      await job.run({ signal: options.signal, timeouts: options.timeouts });
      await job.wait({
        timeout: options.timeout,
        signal: options.signal,
        onPhase: options.onPhase,
        pollInterval: options.pollInterval,
        maxPollInterval: options.maxPollInterval,
        blocking: options.blocking,
      });
      await job.raiseIfError({ signal: options.signal });
      if (job.phase !== "COMPLETED") {
        throw new DALServiceError(`job ${job.jobId} ended in phase ${job.phase} (${job.url})`, { url: job.url });
      }
      return await job.fetchResult({ signal: options.signal, timeouts: options.timeouts, strict: options.strict, maxResultBytes: options.maxResultBytes });
    } finally {
      if (!options.keep) await job.dispose({ timeouts: options.timeouts });
    }
  }

  /**
   * Reconnects to a job of this service by id.
   * @throws {DALServiceError} HTTP errors (404 for an unknown job).
   */
  getJob(jobId: string, options: RequestOptions = {}): Promise<AsyncJob> {
    return AsyncJob.fromUrl(joinUrl(this.baseUrl, `async/${encodeURIComponent(jobId)}`), { context: this.#ctx, ...options });
  }

  /**
   * Lists the jobs the service shows this client (GET `<base>/async`, with UWS 1.1 PHASE/AFTER/LAST filters).
   * @throws {DALServiceError} HTTP errors. @throws {DALFormatError} when the answer is not a job list.
   */
  async listJobs(options: ListJobsOptions = {}): Promise<UWSJobRef[]> {
    const params: { PHASE?: string[]; AFTER?: string; LAST?: number } = {};
    if (options.phases?.length) params.PHASE = [...options.phases];
    if (options.after !== undefined) params.AFTER = typeof options.after === "string" ? options.after : options.after.toISOString();
    if (options.last !== undefined) params.LAST = options.last;
    const url = joinUrl(this.baseUrl, "async");
    const { text } = await getText(this.#ctx, url, params, options);
    return parseUWSJobList(text, { url, onWarning: this.#parseWarnings(url) });
  }

  /** pyVO's name for {@link listJobs} (`get_job_list`). */
  getJobList(options: ListJobsOptions = {}): Promise<UWSJobRef[]> {
    return this.listJobs(options);
  }

  /**
   * The service's capabilities with TAPRegExt helpers (GET `<base>/capabilities`, memoised; a failure is not).
   * @throws {DALServiceError} HTTP errors. @throws {DALFormatError} when the answer is not a capabilities document.
   */
  capabilities(options: RequestOptions & { refresh?: boolean } = {}): Promise<TAPCapabilities> {
    if (!this.#capabilities || options.refresh) {
      const url = joinUrl(this.baseUrl, "capabilities");
      const p = getText(this.#ctx, url, {}, options).then(({ text }) => parseCapabilities(text, this.#parseOptions(url)));
      this.#capabilities = p;
      p.catch(() => {
        if (this.#capabilities === p) this.#capabilities = undefined;
      });
    }
    return this.#capabilities;
  }

  /**
   * The service's tables (GET `<base>/tables?detail=min`, memoised); a table's
   * columns are fetched from `<base>/tables/<name>` when the listing omitted them.
   * @throws {DALServiceError} HTTP errors. @throws {DALFormatError} when the answer is not a tableset.
   */
  tables(options: RequestOptions & { refresh?: boolean } = {}): Promise<VOSITables> {
    if (!this.#tables || options.refresh) {
      const url = joinUrl(this.baseUrl, "tables");
      const p = getText(this.#ctx, url, { detail: "min" }, options).then(({ text }) => {
        const schemas = parseVOSITables(text, this.#parseOptions(url));
        return new VOSITables(schemas, async (name) => {
          const tableUrl = joinUrl(url, encodeURIComponent(name));
          const { text: t } = await getText(this.#ctx, tableUrl, {}, {});
          return parseVOSITable(t, this.#parseOptions(tableUrl));
        });
      });
      this.#tables = p;
      p.catch(() => {
        if (this.#tables === p) this.#tables = undefined;
      });
    }
    return this.#tables;
  }

  /**
   * The service's VOSI availability (GET `<base>/availability`).
   * @throws {DALServiceError} HTTP errors. @throws {DALFormatError} when the answer is not an availability document.
   */
  async availability(options: RequestOptions = {}): Promise<Availability> {
    const url = joinUrl(this.baseUrl, "availability");
    const { text } = await getText(this.#ctx, url, {}, options);
    return parseAvailability(text, this.#parseOptions(url));
  }

  /**
   * The service's example queries (GET `<base>/examples`, DALI examples),
   * following `rel="continuation"` links (at most 20 documents; an example id
   * seen twice is kept once). A service without examples gives `[]`: DaCHS
   * answers 404 then, with an examples page that lists none.
   * @throws {DALServiceError} other HTTP errors, and a continuation that cannot be read.
   * @example
   * for (const ex of await service.examples()) console.log(ex.name, ex.tables, ex.query);
   */
  async examples(options: RequestOptions = {}): Promise<TAPExample[]> {
    const first = joinUrl(this.baseUrl, "examples");
    const queue = [first];
    const visited = new Set<string>();
    const out = new Map<string, TAPExample>();
    for (let url = queue.shift(); url !== undefined && visited.size < MAX_EXAMPLE_DOCUMENTS; url = queue.shift()) {
      if (visited.has(url)) continue;
      visited.add(url);
      let fetched: { text: string; url: string };
      try {
        fetched = await getText(this.#ctx, url, {}, options);
      } catch (err) {
        if (url === first && err instanceof DALServiceError && err.status === 404) return [];
        throw err;
      }
      const doc = parseExamples(fetched.text, { url: fetched.url, onWarning: this.#parseWarnings(fetched.url) });
      for (const ex of doc.examples) {
        const key = ex.id === "" ? `${fetched.url} ${ex.query}` : ex.id;
        if (!out.has(key)) out.set(key, ex);
      }
      queue.push(...doc.continuations.map((c) => c.replace(/#.*$/, "")));
    }
    return [...out.values()];
  }

  /**
   * The TAP capability with its TAPRegExt description (pyVO's `get_tap_capability()`):
   * `languages`, `outputFormats`, `uploadMethods`, the limits, and `getAdql().getFeature(type, form)`.
   * @throws {DALServiceError} when the capabilities declare no TAP capability (with the capabilities URL); as {@link capabilities}.
   */
  async getTapCapability(options: RequestOptions = {}): Promise<TapCapability> {
    const cap = (await this.capabilities(options)).tapCapability;
    if (!cap) {
      const url = joinUrl(this.baseUrl, "capabilities");
      throw new DALServiceError(`the capabilities at ${url} declare no TAP capability`, { url });
    }
    return cap;
  }

  /** The upload method ivo-ids the capabilities declare (pyVO's `upload_methods`); [] when none. @throws as {@link capabilities}. */
  async uploadMethods(options: RequestOptions = {}): Promise<readonly string[]> {
    return (await this.capabilities(options)).uploadMethods;
  }

  /** The default MAXREC from TAPRegExt `outputLimit` (rows), or undefined when not declared. */
  async maxrec(options: RequestOptions & { mode?: "sync" | "async" } = {}): Promise<number | undefined> {
    return (await this.capabilities(options)).maxrecLimits(options.mode).default;
  }

  /** The hard row limit from TAPRegExt `outputLimit`, or undefined when not declared. */
  async hardLimit(options: RequestOptions & { mode?: "sync" | "async" } = {}): Promise<number | undefined> {
    return (await this.capabilities(options)).maxrecLimits(options.mode).hard;
  }

  async #request(query: string | AdqlFragment, options: TAPQueryOptions): Promise<PreparedRequest> {
    const text = isAdqlFragment(query) ? query.text : query;
    if (typeof text !== "string" || text.trim() === "") throw new ParameterError("query", "a non-empty ADQL query", query);
    if (options.maxrec !== undefined && (!Number.isInteger(options.maxrec) || options.maxrec < 0)) {
      throw new ParameterError("maxrec", "a non-negative integer", options.maxrec);
    }
    const params: { [name: string]: DALParams[string] } = {
      REQUEST: "doQuery",
      LANG: options.language ?? "ADQL",
      QUERY: text,
      MAXREC: options.maxrec,
      RESPONSEFORMAT: options.format,
      RUNID: options.runId,
    };
    let multipart: MultipartPart[] | undefined;
    let uploadFailure = (): Error | undefined => undefined;
    if (options.uploads && Object.keys(options.uploads).length > 0) {
      const serialization = await this.#uploadSerialization(options);
      const prepared = prepareUploads(options.uploads, { serialization, signal: options.signal });
      params.UPLOAD = prepared.upload;
      const caps = await this.#knownCapabilities();
      if (prepared.parts.length > 0) {
        const limited = limitUploadBytes(prepared.parts, uploadByteLimits(caps), (message) => this.#warn(message));
        multipart = limited.parts;
        uploadFailure = limited.failure;
      }
      this.#checkUploadMethods(caps, prepared.inline, prepared.byReference);
    }
    for (const [k, v] of Object.entries(options.params ?? {})) {
      const clash = Object.keys(params).find((p) => p.toLowerCase() === k.toLowerCase());
      if (clash !== undefined && params[clash] !== undefined) throw new ParameterError(`params.${k}`, `no duplicate of the ${clash} option`, v);
      if (clash !== undefined) delete params[clash];
      params[k] = v;
    }
    return { params, multipart, uploadFailure };
  }

  /** Sends a prepared request; when an upload went over the service's limit mid-stream, that is the error reported. */
  async #send<T>(req: PreparedRequest, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw req.uploadFailure() ?? err;
    }
  }

  /** The capabilities when already fetched (no request), else undefined. */
  async #knownCapabilities(): Promise<TAPCapabilities | undefined> {
    try {
      return await this.#capabilities;
    } catch {
      return undefined;
    }
  }

  #queryOptions(multipart: MultipartPart[] | undefined, options: TAPQueryOptions): Parameters<typeof queryResultSet>[3] & object {
    const out: { method: "POST"; multipart?: MultipartPart[]; signal?: AbortSignal; timeouts?: Timeouts; strict?: boolean; maxrec?: number; maxResultBytes?: number } = {
      method: "POST",
    };
    if (multipart) out.multipart = multipart;
    if (options.signal) out.signal = options.signal;
    if (options.timeouts) out.timeouts = options.timeouts;
    if (options.strict !== undefined) out.strict = options.strict;
    if (options.maxrec !== undefined) out.maxrec = options.maxrec;
    if (options.maxResultBytes !== undefined) out.maxResultBytes = options.maxResultBytes;
    return out;
  }

  async #uploadSerialization(options: TAPQueryOptions): Promise<"TABLEDATA" | "BINARY2"> {
    const wanted = options.uploadSerialization ?? "auto";
    if (wanted !== "auto") return wanted;
    const needsWriter = Object.values(options.uploads ?? {}).some((s) => typeof s === "object" && !(s instanceof Uint8Array) && !(s instanceof URL));
    if (!needsWriter) return "TABLEDATA";
    try {
      const caps = await this.capabilities({ signal: options.signal });
      const binary2 = caps.outputFormats.some((f) => /binary2/i.test(f.mime) || /binary2/i.test(f.ivoId ?? ""));
      return binary2 ? "BINARY2" : "TABLEDATA";
    } catch (err) {
      if (options.signal?.aborted) throw err;
      return "TABLEDATA";
    }
  }

  /** Warns (does not fail: services under-declare) when capabilities already fetched lack the upload method used. */
  #checkUploadMethods(caps: TAPCapabilities | undefined, inline: boolean, byReference: boolean): void {
    if (!caps) return;
    if (caps.uploadMethods.length === 0 && caps.tableAccess && !caps.supportsUploads()) {
      this.#warn("the service declares no upload method in its capabilities; the upload may be refused");
      return;
    }
    if (inline && caps.uploadMethods.length > 0 && !caps.supportsUploads("inline")) {
      this.#warn("the service does not declare inline uploads (TAPRegExt upload-inline)");
    }
    if (byReference && caps.uploadMethods.length > 0 && !caps.supportsUploads("http") && !caps.supportsUploads("https")) {
      this.#warn("the service does not declare uploads by URL (TAPRegExt upload-http/https)");
    }
  }

  #warn(message: string): void {
    this.#ctx.onWarning?.({ name: "TAPWarning", code: "VO_WARN_TAP", message, url: this.baseUrl });
  }

  #parseWarnings(url: string): (w: ParseWarning) => void {
    return (w) =>
      this.#ctx.onWarning?.({
        name: "VOSIWarning",
        code: "VO_WARN_VOSI",
        message: `${w.message}${w.element ? ` (${w.element}${w.line !== undefined ? `, line ${w.line}` : ""})` : ""}`,
        url,
      });
  }

  #parseOptions(url: string): ParseOptions {
    return { url, onWarning: this.#parseWarnings(url) };
  }
}

/** A query's parameters and parts, ready to send. */
interface PreparedRequest {
  params: DALParams;
  multipart: MultipartPart[] | undefined;
  /** The upload-limit error raised while the body was streamed, if any. */
  uploadFailure: () => Error | undefined;
}

/** The byte limits of TAPRegExt `uploadLimit` (limits in other units, such as rows, are not checked). */
function uploadByteLimits(caps: TAPCapabilities | undefined): { hard?: number; default?: number } {
  const limit = caps?.uploadLimit("sync");
  const out: { hard?: number; default?: number } = {};
  if (limit?.hard?.unit === "byte") out.hard = limit.hard.value;
  if (limit?.default?.unit === "byte") out.default = limit.default.value;
  return out;
}

function sameUrl(a: string, b: string): boolean {
  const norm = (s: string): string => s.replace(/\/+$/, "").replace(/\?.*$/, "");
  return norm(a) === norm(b);
}

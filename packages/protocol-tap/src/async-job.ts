/**
 * A TAP async job: a UWS 1.1 job driven through its phases (UWS 1.1 §2.1.3),
 * with long polling when the server offers it (§2.2.1.1 WAIT), back-off
 * polling otherwise, an overall deadline, and no hidden network reads: every
 * getter reads the last job document, and only the async methods talk to the server.
 */
import { DALQueryError, DALServiceError, ParameterError, queryResultSet, queryResultStream } from "@vo/core";
import type { DALParams, MultipartPart, ResultSet, ResultStream, Timeouts, VOWarning } from "@vo/core";
import { isAdqlFragment } from "./adql.js";
import type { AdqlFragment } from "./adql.js";
import { deleteResource, getText, joinUrl, postForm, postMultipart, sleep } from "./http.js";
import { prepareUploads } from "./upload.js";
import type { Uploads } from "./upload.js";
import type { RequestOptions, TAPContext } from "./http.js";
import { FINAL_PHASES, parseUWSJob, parseUWSPhase } from "./uws.js";
import type { UWSErrorSummary, UWSJob, UWSParameter, UWSPhase, UWSResult } from "./uws.js";
import type { ParseWarning } from "@vo/core";

/** Options of {@link AsyncJob.wait}. */
export interface WaitOptions {
  /** Phases that end the wait; default {@link FINAL_PHASES} (COMPLETED, ERROR, ABORTED, ARCHIVED). */
  phases?: readonly UWSPhase[] | undefined;
  /** Overall deadline in milliseconds (default 600 000; `Infinity`: none). Reaching it throws `DALServiceError` `VO_ERR_TIMEOUT`; the job keeps running. */
  timeout?: number | undefined;
  /** Stops waiting (rejects with the signal's reason); the job keeps running. */
  signal?: AbortSignal | undefined;
  /** Called with each new phase seen. */
  onPhase?: ((phase: UWSPhase, job: AsyncJob) => void) | undefined;
  /**
   * First delay of polling in ms (default 50), growing ×1.5: at most 100 ms apart for the first
   * {@link QUICK_POLL_MS} ms, then up to `maxPollInterval` (default 10 000).
   */
  pollInterval?: number | undefined;
  /** Longest delay between back-off polls in ms (default 10 000). */
  maxPollInterval?: number | undefined;
  /**
   * Use UWS 1.1 blocking `WAIT` when the job document says version 1.1
   * (default true), after the first {@link QUICK_POLL_MS} ms of short polls.
   */
  blocking?: boolean | undefined;
}

/** Options of {@link AsyncJob.fetchResult}. */
export interface FetchResultOptions extends RequestOptions {
  /** Reject VOTables that break the schema (default false). */
  strict?: boolean | undefined;
  /** `fetchResult` only: most bytes read into memory (default 512 MiB), else `VO_ERR_TOO_LARGE`; `streamResult` has no limit. */
  maxResultBytes?: number | undefined;
}

/** Options of {@link AsyncJob.fromUrl}. */
export interface AsyncJobOptions {
  /** The client's service context, or any `{ transport, onWarning }`. */
  context: TAPContext;
  /** Cancels the request that reads the job. */
  signal?: AbortSignal | undefined;
  /** Timeouts of the request that reads the job. */
  timeouts?: Timeouts | undefined;
}

const ACTIVE_FOR_WAIT: readonly UWSPhase[] = ["PENDING", "QUEUED", "EXECUTING"];

/**
 * `Symbol.asyncDispose` (Node ≥ 20.4, recent browsers), or the registry symbol
 * polyfills use where the runtime lacks it. Typed through @types/node's
 * `SymbolConstructor.asyncDispose` (or TypeScript's `esnext.disposable` lib).
 */
const asyncDispose: typeof Symbol.asyncDispose =
  (Symbol.asyncDispose as typeof Symbol.asyncDispose | undefined) ?? (Symbol.for("Symbol.asyncDispose") as typeof Symbol.asyncDispose);
/**
 * The default overall deadline of {@link AsyncJob.wait} and `runAsync`, in milliseconds (pyVO's
 * `DEFAULT_JOB_WAIT_TIMEOUT`, 600 s; there a per-request timeout, here a deadline for the whole wait).
 */
export const DEFAULT_JOB_WAIT_TIMEOUT = 600_000;
/**
 * How long `wait` polls `<job>/phase` with short, growing delays before it
 * turns to UWS 1.1 blocking WAIT: a short job is seen finished within a
 * poll interval of the end, where WAIT waits on the server's own re-check
 * (DaCHS looks once a second, so a 0.2 s job took 2 s through WAIT alone).
 */
export const QUICK_POLL_MS = 2000;
/**
 * The longest delay between the short polls of the first {@link QUICK_POLL_MS} ms (unless `pollInterval` is
 * longer): a job that ends then is seen within 100 ms (DaCHS runs even a tiny query as a job for ~0.9 s; a
 * delay growing ×1.5 unbounded saw it up to 0.4 s late).
 */
const QUICK_MAX_DELAY_MS = 100;
/** How old the last read of an unfinished job may be before reading `phase` warns (see {@link AsyncJob.phase}). */
const STALE_PHASE_MS = 30_000;
/** The longest delay a JavaScript timer takes (2³¹ − 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A UWS job of a TAP service's `/async` endpoint.
 *
 * Getters (`phase`, `results`, `executionDuration`, …) read the last document
 * fetched; `refresh()`, `fetchPhase()`, `wait()` and the actions update it.
 * @example
 * const job = await service.submitJob("SELECT TOP 10 * FROM ivoa.obscore");
 * try {
 *   await job.run();
 *   await job.wait({ timeout: 60_000, onPhase: (p) => console.log(p) });
 *   await job.raiseIfError();
 *   const rs = await job.fetchResult();
 * } finally { await job.delete(); }
 *
 * // or let `await using` delete it when the block ends (unless `job.keep()` was called)
 * await using job = await service.submitJob(query);
 */
export class AsyncJob implements AsyncDisposable {
  /** The job URL. */
  readonly url: string;
  readonly #ctx: TAPContext;
  #doc: UWSJob;
  #deleted = false;
  #kept = false;
  /** false once the server has been seen ignoring WAIT; undefined while unknown. */
  #blockingHonoured: boolean | undefined;
  #phaseResourceWorks = true;
  /** When the job's phase was last read from the server (ms since the epoch). */
  #readAt = Date.now();
  #staleWarned = false;

  /**
   * Wraps a job whose document was already read. Use {@link AsyncJob.fromUrl}
   * or `TAPService.submitJob` instead.
   */
  constructor(url: string, document: UWSJob, context: TAPContext) {
    this.url = url;
    this.#doc = document;
    this.#ctx = context;
  }

  /**
   * Reconnects to an existing job by URL (one GET).
   * @throws {DALServiceError} HTTP errors. @throws {DALFormatError} when the answer is not a UWS job.
   */
  static async fromUrl(url: string | URL, options: AsyncJobOptions): Promise<AsyncJob> {
    const job = new AsyncJob(String(url), { jobId: "", phase: "UNKNOWN", version: "1.0", parameters: [], results: [], jobInfo: [] }, options.context);
    await job.refresh({ signal: options.signal, timeouts: options.timeouts });
    return job;
  }

  /** The last job document read. */
  get job(): UWSJob {
    return this.#doc;
  }
  /** The job id. */
  get jobId(): string {
    return this.#doc.jobId;
  }
  /**
   * The phase in the last document read: reading it makes **no request**
   * (pyVO's `phase` property makes one each time). A loop that polls several
   * jobs asks the server with {@link fetchPhase}, which returns the new phase
   * and updates this one; a loop over `phase` alone would never see a change.
   * When `phase` is read while unfinished and more than 30 s after the last
   * read from the server, the client's `onWarning` says so once.
   * @example
   * // the course's loop over several jobs
   * while (jobs.length > 0) {
   *   for (const job of [...jobs]) {
   *     if (!FINAL_PHASES.includes(await job.fetchPhase())) continue;
   *     jobs.splice(jobs.indexOf(job), 1);
   *     handle(job.phase === "COMPLETED" ? await job.fetchResult() : job);
   *   }
   *   await new Promise((r) => setTimeout(r, 1000));
   * }
   * // one job: `await job.wait()` polls with back-off (and UWS 1.1 WAIT)
   */
  get phase(): UWSPhase {
    const phase = this.#doc.phase;
    if (!this.#staleWarned && !FINAL_PHASES.includes(phase) && Date.now() - this.#readAt > STALE_PHASE_MS) {
      this.#staleWarned = true;
      this.#ctx.onWarning?.({
        name: "UWSWarning",
        code: "VO_WARN_UWS",
        message:
          `job ${this.#doc.jobId}: phase ${phase} was read from the server ${Math.round((Date.now() - this.#readAt) / 1000)} s ago; ` +
          "AsyncJob.phase makes no request: poll with await job.fetchPhase() (or await job.wait())",
        url: this.url,
      });
    }
    return phase;
  }
  /** The UWS version the server declared ("1.0" when it declared none). */
  get uwsVersion(): string {
    return this.#doc.version;
  }
  /** The job owner, when the server says. */
  get owner(): string | undefined {
    return this.#doc.ownerId;
  }
  /** The run id given at creation. */
  get runId(): string | undefined {
    return this.#doc.runId;
  }
  /** When the job was created (UWS 1.1), from the last document read. */
  get creationTime(): Date | undefined {
    return this.#doc.creationTime;
  }
  /** When the job started executing, from the last document read. */
  get startTime(): Date | undefined {
    return this.#doc.startTime;
  }
  /** When the job ended, from the last document read. */
  get endTime(): Date | undefined {
    return this.#doc.endTime;
  }
  /** Maximum run time in seconds (0 = unlimited); change it with {@link setExecutionDuration}. */
  get executionDuration(): number | undefined {
    return this.#doc.executionDuration;
  }
  /** When the server will destroy the job; change it with {@link setDestruction}. */
  get destruction(): Date | undefined {
    return this.#doc.destruction;
  }
  /** The server's estimate of when the job will be done (read-only in UWS). */
  get quote(): Date | undefined {
    return this.#doc.quote;
  }
  /** The job parameters (QUERY, LANG, MAXREC…) as the service lists them. */
  get parameters(): readonly UWSParameter[] {
    return this.#doc.parameters;
  }
  /** A parameter's value by name (case-insensitive, as TAP servers differ in case). */
  parameter(name: string): string | undefined {
    const lower = name.toLowerCase();
    return this.#doc.parameters.find((p) => p.id.toLowerCase() === lower)?.value;
  }
  /** The ADQL query of the job. */
  get query(): string | undefined {
    return this.parameter("QUERY");
  }
  /** The results listed in the last document read (see {@link resultUri}). */
  get results(): readonly UWSResult[] {
    return this.#doc.results;
  }
  /** Why the job failed (phase ERROR), from the last document read; {@link raiseIfError} also reads the detail. */
  get errorSummary(): UWSErrorSummary | undefined {
    return this.#doc.errorSummary;
  }
  /** True once {@link delete} succeeded. */
  get deleted(): boolean {
    return this.#deleted;
  }
  /** True when {@link keep} was called: disposal leaves the job on the server. */
  get kept(): boolean {
    return this.#kept;
  }

  /** Leaves the job on the server when it is disposed (`await using`, {@link dispose}); `keep(false)` undoes it. */
  keep(keep = true): this {
    this.#kept = keep;
    return this;
  }

  /**
   * Deletes the job unless {@link keep} was called or it is already deleted.
   * Never throws, so that cleanup cannot hide the error that ended the block:
   * a refused DELETE is reported through the context's `onWarning`.
   */
  async dispose(options: RequestOptions = {}): Promise<void> {
    if (this.#kept || this.#deleted) return;
    try {
      await this.delete(options);
    } catch (err) {
      this.#ctx.onWarning?.({
        name: "UWSWarning",
        code: "VO_WARN_UWS",
        message: `could not delete job ${this.jobId}: ${err instanceof Error ? err.message : String(err)}`,
        url: this.url,
      });
    }
  }

  /** `await using job = …`: {@link dispose} when the block ends. */
  [asyncDispose](): Promise<void> {
    return this.dispose();
  }

  /**
   * The TAP result entry (pyVO's `result`): the one with id "result", else the one whose href ends in
   * `/results/result`, else the only one; see {@link resultUri} for its URL.
   */
  get result(): UWSResult | undefined {
    const rs = this.#doc.results;
    return rs.find((x) => x.id === "result") ?? rs.find((x) => /\/results\/result\/?$/.test(x.href)) ?? (rs.length === 1 ? rs[0] : undefined);
  }

  /** Every result URL. */
  get resultUris(): string[] {
    return this.#doc.results.map((r) => r.href);
  }

  /**
   * The URL of the TAP result (TAP 1.1 §5.2): the result with id "result", else
   * the one whose href ends in `/results/result`, else the only result. When
   * the job is COMPLETED but lists no result, `<job>/results/result`.
   */
  get resultUri(): string | undefined {
    const r = this.result;
    if (r) return r.href;
    return this.#doc.phase === "COMPLETED" ? joinUrl(this.url, "results/result") : undefined;
  }

  /**
   * Reads the job document again.
   * @throws {DALServiceError} HTTP errors. @throws {DALFormatError} when the answer is not a UWS job.
   */
  async refresh(options: RequestOptions & { params?: DALParams } = {}): Promise<this> {
    const { text } = await getText(this.#ctx, this.url, options.params ?? {}, options);
    this.#update(text);
    return this;
  }

  #update(text: string): void {
    const doc = parseUWSJob(text, { url: this.url, onWarning: this.#warn });
    this.#doc = doc;
    this.#readAt = Date.now();
  }

  readonly #warn = (w: ParseWarning): void => {
    const warning: VOWarning = {
      name: "UWSWarning",
      code: "VO_WARN_UWS",
      message: `${w.message}${w.element ? ` (${w.element}${w.line !== undefined ? `, line ${w.line}` : ""})` : ""}`,
      url: this.url,
    };
    this.#ctx.onWarning?.(warning);
  };

  /**
   * Reads the phase from `<job>/phase` (falling back to the job document when
   * the server lacks that resource) and updates {@link phase}.
   */
  async fetchPhase(options: RequestOptions = {}): Promise<UWSPhase> {
    if (this.#phaseResourceWorks) {
      try {
        const { text } = await getText(this.#ctx, joinUrl(this.url, "phase"), {}, options);
        const phase = parseUWSPhase(text, { url: this.url });
        if (phase !== this.#doc.phase) this.#doc = { ...this.#doc, phase };
        this.#readAt = Date.now();
        return phase;
      } catch (err) {
        if (options.signal?.aborted) throw err;
        this.#phaseResourceWorks = false;
      }
    }
    await this.refresh(options);
    return this.#doc.phase;
  }

  /** Starts the job (`POST <job>/phase PHASE=RUN`). */
  async run(options: RequestOptions = {}): Promise<this> {
    return this.#post("phase", { PHASE: "RUN" }, options);
  }

  /** Aborts the job (`POST <job>/phase PHASE=ABORT`). */
  async abort(options: RequestOptions = {}): Promise<this> {
    return this.#post("phase", { PHASE: "ABORT" }, options);
  }

  /** Sets the maximum run time in seconds (`POST <job>/executionduration`); the server may cap it. */
  async setExecutionDuration(seconds: number, options: RequestOptions = {}): Promise<this> {
    return this.#post("executionduration", { EXECUTIONDURATION: Math.round(seconds) }, options);
  }

  /** Sets when the server may destroy the job (`POST <job>/destruction`); the server may cap it. */
  async setDestruction(when: Date | string, options: RequestOptions = {}): Promise<this> {
    const iso = typeof when === "string" ? when : when.toISOString();
    return this.#post("destruction", { DESTRUCTION: iso }, options);
  }

  /**
   * Replaces the job's ADQL query (`POST <job>/parameters QUERY=…`; pyVO's settable `query`). UWS lets a job's
   * parameters change only while it is PENDING.
   * @throws {ParameterError} when the query is empty, or the job is known to have left PENDING.
   */
  async setQuery(query: string | AdqlFragment, options: RequestOptions = {}): Promise<this> {
    const text = isAdqlFragment(query) ? query.text : query;
    if (typeof text !== "string" || text.trim() === "") throw new ParameterError("query", "a non-empty ADQL query", query);
    this.#checkPending("query");
    return this.#post("parameters", { QUERY: text }, options);
  }

  /**
   * Adds uploads to a PENDING job (`POST <job>/parameters UPLOAD=…`, inline tables as multipart parts; pyVO's
   * `upload`). The UPLOAD value sent names only these tables: whether a server keeps the uploads the job was
   * created with as well is up to the server, so give every table here, or all of them at {@link TAPService.submitJob}.
   * @throws {ParameterError} for invalid uploads (see {@link prepareUploads}), or a job known to have left PENDING.
   */
  async upload(uploads: Uploads, options: RequestOptions = {}): Promise<this> {
    this.#checkPending("uploads");
    const prepared = prepareUploads(uploads, { signal: options.signal });
    return this.#post("parameters", { UPLOAD: prepared.upload }, options, prepared.parts);
  }

  #checkPending(what: string): void {
    if (this.#doc.phase !== "PENDING") {
      throw new ParameterError(what, `a PENDING job (UWS changes job parameters only before the job runs; job ${this.jobId} is ${this.#doc.phase})`, this.#doc.phase);
    }
  }

  async #post(resource: string, params: DALParams, options: RequestOptions, multipart?: MultipartPart[]): Promise<this> {
    const answer = multipart && multipart.length > 0
      ? await postMultipart(this.#ctx, joinUrl(this.url, resource), params, multipart, options)
      : await postForm(this.#ctx, joinUrl(this.url, resource), params, options);
    // UWS answers 303 → the job document; when a server answers otherwise, read the job.
    try {
      if (/<([A-Za-z_][\w.-]*:)?job[\s>]/.test(answer.text)) {
        this.#update(answer.text);
        return this;
      }
    } catch {
      // fall through to a fresh read
    }
    return this.refresh(options);
  }

  /**
   * Deletes the job (HTTP DELETE; the redirect is not followed). Safe to call
   * twice; a job the server already removed counts as deleted.
   * @throws {DALServiceError} when the server refuses.
   */
  async delete(options: RequestOptions = {}): Promise<void> {
    if (this.#deleted) return;
    await deleteResource(this.#ctx, this.url, options);
    this.#deleted = true;
  }

  /**
   * Waits until the job reaches one of `phases` (default: a final phase).
   * Polls `<job>/phase` with short delays first (50 ms, growing ×1.5 to at most
   * 100 ms, for {@link QUICK_POLL_MS}), so that a short job is seen done at once; then uses
   * UWS 1.1 blocking `?WAIT=n&PHASE=<current>` when the job document says
   * version 1.1, and notices servers that ignore it (pyVO #440); otherwise goes
   * on polling with back-off. Waiting on a PENDING job is allowed (pyVO #248).
   * A job that reaches a final phase outside `phases` (e.g. COMPLETED while
   * waiting for EXECUTING) can never get there: `wait` returns then, check {@link phase}.
   * @throws {DALServiceError} code `VO_ERR_TIMEOUT` when `timeout` passes ("job … still EXECUTING after 30 s").
   * @throws the signal's reason when `signal` aborts.
   */
  async wait(options: WaitOptions = {}): Promise<this> {
    const targets = new Set<UWSPhase>(options.phases ?? FINAL_PHASES);
    const timeout = options.timeout ?? DEFAULT_JOB_WAIT_TIMEOUT;
    if (typeof timeout !== "number" || Number.isNaN(timeout) || timeout < 0) {
      throw new ParameterError("timeout", "a number of milliseconds ≥ 0 (Infinity: no deadline)", timeout);
    }
    const deadline = Date.now() + timeout;
    const maxDelay = options.maxPollInterval ?? 10_000;
    let delay = options.pollInterval ?? 50;
    const quickUntil = Date.now() + QUICK_POLL_MS;
    let seen: UWSPhase | undefined;
    let quickReturns = 0;
    const notify = (): void => {
      if (this.#doc.phase !== seen) {
        seen = this.#doc.phase;
        options.onPhase?.(this.#doc.phase, this);
      }
    };
    notify();
    while (!targets.has(this.#doc.phase) && !FINAL_PHASES.includes(this.#doc.phase)) {
      options.signal?.throwIfAborted();
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw this.#timeoutError(timeout);
      const before = this.#doc.phase;
      const blocking =
        Date.now() >= quickUntil &&
        options.blocking !== false &&
        this.#blockingHonoured !== false &&
        versionAtLeast(this.uwsVersion, 1, 1) &&
        ACTIVE_FOR_WAIT.includes(before);
      await this.#withDeadline(remaining, options.signal, timeout, async (signal) => {
        if (blocking) {
          const waitSeconds = Math.max(1, Math.min(60, Math.floor(remaining / 1000)));
          const t0 = Date.now();
          await this.refresh({ params: { WAIT: waitSeconds, PHASE: before }, signal, timeouts: { headers: (waitSeconds + 30) * 1000 } });
          // A server that honours WAIT holds the request while the phase is unchanged.
          if (this.#doc.phase === before && Date.now() - t0 < Math.min(waitSeconds * 1000, 2000) / 2) {
            if (++quickReturns >= 2) this.#blockingHonoured = false;
            await sleep(Math.min(delay, Math.max(0, deadline - Date.now())), signal);
            delay = Math.min(delay * 1.5, maxDelay);
          } else if (this.#doc.phase === before) {
            this.#blockingHonoured = true;
          }
        } else {
          await sleep(Math.min(delay, remaining), signal);
          const cap = Date.now() < quickUntil ? Math.max(QUICK_MAX_DELAY_MS, options.pollInterval ?? 0) : maxDelay;
          delay = Math.min(delay * 1.5, cap, maxDelay);
          const phase = await this.fetchPhase({ signal });
          if (targets.has(phase) || FINAL_PHASES.includes(phase)) await this.refresh({ signal });
        }
      });
      notify();
    }
    return this;
  }

  /** Runs `fn` with a signal that also fires at the deadline; a deadline hit becomes the timeout error. */
  async #withDeadline(remaining: number, user: AbortSignal | undefined, timeout: number, fn: (signal: AbortSignal) => Promise<void>): Promise<void> {
    // AbortSignal.timeout wants an integer that fits a 32-bit timer (a longer one fires at once);
    // each call covers one poll, so capping it at ~24.8 days loses nothing.
    const deadline = AbortSignal.timeout(Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(remaining))));
    const signal = user ? AbortSignal.any([user, deadline]) : deadline;
    try {
      await fn(signal);
    } catch (err) {
      if (deadline.aborted && !user?.aborted) throw this.#timeoutError(timeout, err);
      throw err;
    }
  }

  #timeoutError(timeout: number, cause?: unknown): DALServiceError {
    return new DALServiceError(`job ${this.jobId} still ${this.#doc.phase} after ${formatDuration(timeout)} (${this.url})`, {
      code: "VO_ERR_TIMEOUT",
      url: this.url,
      cause,
    });
  }

  /**
   * Throws when the job ended badly, judged on the last document read (no
   * re-poll, pyVO #743): ERROR → `DALQueryError` with the error summary's
   * message (or the `error` resource's text when the summary has detail or no
   * message); ABORTED → `DALQueryError`.
   */
  async raiseIfError(options: RequestOptions = {}): Promise<void> {
    if (this.#doc.phase === "ABORTED") {
      throw new DALQueryError(`job ${this.jobId} was aborted (${this.url})`, { phase: "ABORTED", jobUrl: this.url, url: this.url });
    }
    if (this.#doc.phase !== "ERROR") return;
    const summary = this.#doc.errorSummary;
    let message = summary?.message ?? "";
    if (summary?.hasDetail || message === "") {
      try {
        const { text } = await getText(this.#ctx, joinUrl(this.url, "error"), {}, options);
        const detail = errorText(text);
        if (detail) message = message && !detail.includes(message) ? `${message}: ${detail}` : detail;
      } catch (err) {
        if (options.signal?.aborted) throw err;
      }
    }
    throw new DALQueryError(message || `job ${this.jobId} failed without a message`, {
      phase: "ERROR",
      jobUrl: this.url,
      url: this.url,
      label: "ERROR",
    });
  }

  /**
   * Reads the TAP result into memory.
   * @throws {DALServiceError} when the job has no result, or HTTP errors.
   * @throws {DALQueryError} when the result is an error document, or the job turned out to have failed.
   */
  async fetchResult(options: FetchResultOptions = {}): Promise<ResultSet> {
    const uri = this.#requireResult();
    try {
      return await queryResultSet(this.#ctx, uri, {}, { method: "GET", ...this.#resultOptions(options) });
    } catch (err) {
      await this.#explainFailure(err, options);
      throw err;
    }
  }

  /** Streams the TAP result (constant memory). @throws as {@link fetchResult}. */
  async streamResult(options: FetchResultOptions = {}): Promise<ResultStream> {
    const uri = this.#requireResult();
    try {
      return await queryResultStream(this.#ctx, uri, {}, { method: "GET", ...this.#resultOptions(options) });
    } catch (err) {
      await this.#explainFailure(err, options);
      throw err;
    }
  }

  #resultOptions(options: FetchResultOptions): { signal?: AbortSignal; timeouts?: Timeouts; strict?: boolean; maxrec?: number; maxResultBytes?: number } {
    const out: { signal?: AbortSignal; timeouts?: Timeouts; strict?: boolean; maxrec?: number; maxResultBytes?: number } = {};
    if (options.signal) out.signal = options.signal;
    if (options.timeouts) out.timeouts = options.timeouts;
    if (options.strict !== undefined) out.strict = options.strict;
    if (options.maxResultBytes !== undefined) out.maxResultBytes = options.maxResultBytes;
    const maxrec = this.parameter("MAXREC");
    if (maxrec !== undefined && /^\d+$/.test(maxrec)) out.maxrec = Number(maxrec);
    return out;
  }

  #requireResult(): string {
    const uri = this.resultUri;
    if (uri === undefined) {
      throw new DALServiceError(`job ${this.jobId} has no result (phase ${this.#doc.phase}) (${this.url})`, { url: this.url });
    }
    return uri;
  }

  /** After a failed result fetch, re-read the job: when it failed, its error explains more. */
  async #explainFailure(err: unknown, options: RequestOptions): Promise<void> {
    if (!(err instanceof DALServiceError) || options.signal?.aborted) return;
    try {
      await this.refresh(options);
    } catch {
      return;
    }
    await this.raiseIfError(options);
  }
}

/** Text of an error resource: a VOTable's QUERY_STATUS INFO, else plain text (HTML stripped). */
function errorText(text: string): string {
  const info = /<INFO\b[^>]*name\s*=\s*["']QUERY_STATUS["'][^>]*>([\s\S]*?)<\/INFO>/i.exec(text);
  const raw = info ? info[1]! : /^\s*</.test(text) ? text.replace(/<[^>]*>/g, " ") : text;
  return raw
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 2000);
}

function versionAtLeast(version: string, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return a > major || (a === major && b >= minor);
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 120) return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
  return `${Math.round(s / 60)} min`;
}

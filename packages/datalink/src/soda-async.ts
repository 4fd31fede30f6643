/**
 * Asynchronous SODA (SODA 1.0 §2, UWS 1.1): the job is created with the
 * checked parameters, started, polled through its `phase` resource until it
 * ends, and its first result is fetched. Works in browsers.
 */
import { attr, childrenNamed, DALQueryError, dalRequest, DALServiceError, parseXml, XLINK_NS } from "@vo/core";
import type { Record, Transport, TransportResponse } from "@vo/core";
import type { ServiceDescriptor } from "./descriptor.js";
import { sodaFields } from "./soda.js";
import type { SodaParams } from "./soda.js";

/** Options of {@link sodaAsyncRequest}. */
export interface SodaAsyncOptions {
  /** The row whose columns fill the descriptor's `ref` parameters. */
  row?: Record | undefined;
  /** The caller's cancellation: stops polling and rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Give up after this many milliseconds of waiting for the job (default 10 minutes): `DALServiceError` `VO_ERR_TIMEOUT`. */
  timeout?: number | undefined;
  /** First pause between two polls in ms (default 250; it grows by half up to 5 s). */
  pollInterval?: number | undefined;
  /** Called with the job's URL once it exists, and with each phase seen. */
  onPhase?: ((phase: string, jobUrl: string) => void) | undefined;
}

/**
 * Runs a SODA async job and returns the response of its first result, body unread.
 *
 * @throws {ParameterError} parameters the descriptor does not allow (before any request).
 * @throws {DALQueryError} the job ended in ERROR or ABORTED (its error message, `phase`, `jobUrl`).
 * @throws {DALServiceError} HTTP failures, a job that outlives `timeout` (`VO_ERR_TIMEOUT`), a job without results.
 */
export async function sodaAsyncRequest(
  transport: Transport,
  descriptor: ServiceDescriptor,
  options: SodaAsyncOptions & { params?: SodaParams | undefined } = {},
): Promise<TransportResponse> {
  const url = await sodaAsyncResultUrl(transport, descriptor, options);
  return dalRequest(transport, url, {}, { expect: "any", signal: options.signal });
}

/** Runs a SODA async job like {@link sodaAsyncRequest} and returns the URL of its first result (for a download). */
export async function sodaAsyncResultUrl(
  transport: Transport,
  descriptor: ServiceDescriptor,
  options: SodaAsyncOptions & { params?: SodaParams | undefined } = {},
): Promise<string> {
  const accessUrl = descriptor.accessUrl;
  if (accessUrl === undefined) throw new DALServiceError("the SODA async descriptor has no accessURL");
  const fields = sodaFields(descriptor, options.params ?? {}, options.row);
  const { signal } = options;
  const created = await transport.request({
    url: accessUrl,
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: fields.toString(),
    followRedirects: false,
    ...(signal ? { signal } : {}),
  });
  await created.cancel().catch(() => undefined);
  const location = created.headers.get("location");
  if (created.status < 200 || created.status >= 400 || !location) {
    throw new DALServiceError(`creating the SODA job answered HTTP ${created.status} without a job location`, { url: accessUrl, status: created.status });
  }
  const jobUrl = new URL(location, accessUrl).toString();
  options.onPhase?.("PENDING", jobUrl);
  const run = await transport.request({
    url: `${jobUrl}/phase`,
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "PHASE=RUN",
    followRedirects: false,
    ...(signal ? { signal } : {}),
  });
  await run.cancel().catch(() => undefined);
  if (run.status >= 400) throw new DALServiceError(`starting the SODA job answered HTTP ${run.status}`, { url: jobUrl, status: run.status });

  const deadline = Date.now() + (options.timeout ?? 600_000);
  let pause = options.pollInterval ?? 250;
  for (;;) {
    signal?.throwIfAborted();
    const phase = (await (await dalRequest(transport, `${jobUrl}/phase`, {}, { expect: "any", signal })).text()).trim().toUpperCase();
    options.onPhase?.(phase, jobUrl);
    if (phase === "COMPLETED") break;
    if (phase === "ERROR" || phase === "ABORTED") {
      const message = await jobError(transport, jobUrl, signal);
      throw new DALQueryError(`SODA job ${phase}${message ? `: ${message}` : ""}`, { url: jobUrl, phase, jobUrl });
    }
    if (Date.now() + pause > deadline) {
      throw new DALServiceError(`the SODA job is still ${phase} after ${options.timeout ?? 600_000} ms`, { url: jobUrl, code: "VO_ERR_TIMEOUT" });
    }
    await sleep(pause, signal);
    pause = Math.min(pause * 1.5, 5000);
  }
  const results = parseXml(await (await dalRequest(transport, `${jobUrl}/results`, {}, { expect: "any", signal })).text(), "UWS 1.1");
  const first = childrenNamed(results, "result")[0];
  const href = first && (attr(first, "href", XLINK_NS) ?? attr(first, "href"));
  const id = first && attr(first, "id");
  if (href === undefined && id === undefined) throw new DALServiceError("the SODA job completed without a result", { url: `${jobUrl}/results` });
  const own = id === undefined ? undefined : `${jobUrl}/results/${encodeURIComponent(id)}`;
  if (href === undefined) return own as string;
  const link = new URL(href, jobUrl).toString();
  if (own === undefined || link === own) return link;
  // DaCHS 2.7 links results under /datalinkuws/…, which answers 403; the job's own
  // results/{id} resource (UWS 1.1 §2.2.3) serves them. Ask the link first.
  try {
    const probe = await transport.request({ url: link, method: "HEAD", ...(signal ? { signal } : {}) });
    await probe.cancel().catch(() => undefined);
    return probe.status < 400 ? link : own;
  } catch (error) {
    signal?.throwIfAborted();
    // The transport turns a 401/403 into an error of its own; either way the link does not serve the result.
    if (typeof (error as { status?: unknown }).status === "number") return own;
    throw error;
  }
}

async function jobError(transport: Transport, jobUrl: string, signal: AbortSignal | undefined): Promise<string | undefined> {
  try {
    const job = parseXml(await (await dalRequest(transport, jobUrl, {}, { expect: "any", signal })).text(), "UWS 1.1");
    const summary = childrenNamed(job, "errorSummary")[0];
    const message = summary === undefined ? undefined : childrenNamed(summary, "message")[0]?.text?.trim();
    return message === undefined || message === "" ? undefined : message;
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

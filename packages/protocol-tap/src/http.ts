/**
 * The few HTTP exchanges of UWS and VOSI that are not DAL queries: GET a
 * document, POST a form, DELETE a job. Errors are classified by core's DAL
 * plumbing (HTTP errors and HTML pages become DALServiceError).
 * @internal
 */
import { DALServiceError, dalRequest, redactUrl } from "@vo/core";
import type { DALParams, MultipartPart, Timeouts, Transport, TransportRequest, TransportResponse, VOWarning } from "@vo/core";

/** What TAP objects send requests through: a client's service context, or a bare transport with a warning sink. @internal */
export interface TAPContext {
  /** Sends the HTTP requests. */
  readonly transport: Transport;
  /** Receives lax-parse, overflow and cleanup warnings. */
  readonly onWarning?: ((warning: VOWarning) => void) | undefined;
}

/** Per-request options. @internal */
export interface RequestOptions {
  /** Cancels the request. */
  signal?: AbortSignal | undefined;
  /** Connect/headers/body timeouts of the request. */
  timeouts?: Timeouts | undefined;
}

/** GETs a document and returns its text. @internal */
export async function getText(ctx: TAPContext, url: string, params: DALParams = {}, options: RequestOptions = {}): Promise<{ text: string; url: string }> {
  const response = await dalRequest(ctx, url, params, { method: "GET", expect: "any", signal: options.signal, timeouts: options.timeouts });
  return { text: await response.text(), url: response.url || url };
}

/** POSTs a form and returns the final response text and URL (after redirects). @internal */
export async function postForm(ctx: TAPContext, url: string, params: DALParams, options: RequestOptions = {}): Promise<{ text: string; url: string; status: number }> {
  const response = await dalRequest(ctx, url, params, { method: "POST", expect: "any", signal: options.signal, timeouts: options.timeouts });
  return { text: await response.text(), url: response.url || url, status: response.status };
}

/** POSTs parameters and files as multipart/form-data and returns the final response text and URL. @internal */
export async function postMultipart(
  ctx: TAPContext,
  url: string,
  params: DALParams,
  multipart: readonly MultipartPart[],
  options: RequestOptions = {},
): Promise<{ text: string; url: string; status: number }> {
  const response = await dalRequest(ctx, url, params, { method: "POST", multipart, expect: "any", signal: options.signal, timeouts: options.timeouts });
  return { text: await response.text(), url: response.url || url, status: response.status };
}

/**
 * Deletes a UWS job by `POST ACTION=DELETE` (UWS 1.1 §2.2.3.4), a form POST that browsers send without a CORS
 * preflight, so deletion works from a page whenever the job could be created. A server that refuses that form
 * (405, 400) gets an HTTP DELETE instead. The redirect UWS answers with is not followed; a 404 counts as
 * success (already gone).
 * @internal
 */
export async function deleteResource(ctx: TAPContext, url: string, options: RequestOptions = {}): Promise<void> {
  const common: Pick<TransportRequest, "signal" | "timeouts"> = {};
  if (options.signal) common.signal = options.signal;
  if (options.timeouts) common.timeouts = options.timeouts;
  const form = await ctx.transport.request({
    ...common,
    url,
    method: "POST",
    body: new URLSearchParams({ ACTION: "DELETE" }),
    followRedirects: false,
  });
  if (form.status !== 400 && form.status !== 405 && form.status !== 501) return checkDeleted(form, url, "POST ACTION=DELETE");
  await form.cancel();
  return checkDeleted(await ctx.transport.request({ ...common, url, method: "DELETE", followRedirects: false }), url, "DELETE");
}

/** Success for 2xx, 3xx, 404, and an opaque redirect (status 0, browsers); else the service's refusal as an error. */
async function checkDeleted(response: TransportResponse, url: string, how: string): Promise<void> {
  if (response.status < 400 || response.status === 404) {
    await response.cancel();
    return;
  }
  const excerpt = (await response.text()).slice(0, 2048);
  throw new DALServiceError(`${how} of the job failed with HTTP ${response.status} ${response.statusText} (${redactUrl(url)})`, {
    url,
    status: response.status,
    contentType: response.headers.get("content-type") ?? undefined,
    bodyExcerpt: excerpt,
  });
}

/** `base` + "/" + `path`, without doubling slashes; keeps any query string of `base` out of the path (pyVO #213). @internal */
export function joinUrl(base: string, path: string): string {
  const u = new URL(base);
  u.pathname = `${u.pathname.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
  return u.toString();
}

/** Sleeps, rejecting with the signal's reason when it aborts. @internal */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

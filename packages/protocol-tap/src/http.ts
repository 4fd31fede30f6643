/**
 * The few HTTP exchanges of UWS and VOSI that are not DAL queries: GET a
 * document, POST a form, DELETE a job. Errors are classified by core's DAL
 * plumbing (HTTP errors and HTML pages become DALServiceError).
 * @internal
 */
import { DALServiceError, dalRequest, redactUrl } from "@vo/core";
import type { DALParams, Timeouts, Transport, VOWarning } from "@vo/core";

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

/**
 * DELETEs a resource without following the redirect UWS answers with.
 * A 404 counts as success (already gone).
 * @internal
 */
export async function deleteResource(ctx: TAPContext, url: string, options: RequestOptions = {}): Promise<void> {
  const request: Parameters<Transport["request"]>[0] = { url, method: "DELETE", followRedirects: false };
  if (options.signal) request.signal = options.signal;
  if (options.timeouts) request.timeouts = options.timeouts;
  const response = await ctx.transport.request(request);
  const excerpt = response.status >= 400 && response.status !== 404 ? (await response.text()).slice(0, 2048) : undefined;
  if (excerpt === undefined) await response.cancel();
  if (excerpt !== undefined) {
    throw new DALServiceError(`DELETE failed with HTTP ${response.status} ${response.statusText} from ${redactUrl(url)}`, {
      url,
      status: response.status,
      contentType: response.headers.get("content-type") ?? undefined,
      bodyExcerpt: excerpt,
    });
  }
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

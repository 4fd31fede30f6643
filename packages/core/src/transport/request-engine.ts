/**
 * What both transports share: header and body preparation, the redirect and retry loop, timeouts, the size
 * limit and the streaming response. A transport only supplies `send`, which makes one HTTP exchange and returns
 * the (decompressed) body as a stream. No Node imports: the fetch transport uses this in browsers.
 */
import { DALRateLimitError, DALServiceError, ParameterError, redactUrl, registerSecret } from "@vo/votable";
import { HopCredentials } from "./hop-credentials.js";
import { isRedirect, MAX_REDIRECTS, redirectHop } from "./redirect-policy.js";
import type { Hop } from "./redirect-policy.js";
import { RequestScope } from "./request-scope.js";
import { backoffDelay, isConnectionReset, isIdempotent, isReplayable, parseRetryAfter } from "./retry-policy.js";
import type { RetrySettings } from "./retry-policy.js";
import type { Timeouts, TransportRequest, TransportResponse } from "./types.js";

/** One response as a transport received it, before the engine decides what to do with it. @internal */
export interface RawResponse {
  status: number;
  statusText: string;
  headers: Headers;
  /** The final URL when the platform followed redirects itself (browser fetch). */
  url?: string | undefined;
  /** The decompressed body. Ending its iteration early (`return()`) frees the connection. */
  body: AsyncIterable<Uint8Array>;
  /** Discards a body that has not been iterated. */
  cancel(): Promise<void>;
}

/** What `send` knows about the request besides the hop. @internal */
export interface SendContext {
  timeouts: Timeouts;
  followRedirects: boolean;
  /** Whether the request may be sent twice (GET/HEAD/PUT/DELETE, or as the request says). */
  idempotent: boolean;
}

/** Makes one HTTP exchange; must reject promptly when `signal` aborts. @internal */
export type Send = (hop: Hop, signal: AbortSignal, context: SendContext) => Promise<RawResponse>;

/** A transport's fixed settings. @internal */
export interface EngineSettings {
  timeouts: Timeouts;
  retries: RetrySettings;
  maxResponseBytes: number | undefined;
  /** Headers added when the request does not set them (User-Agent, Accept-Encoding). Lower-case names. */
  defaultHeaders: Record<string, string>;
  /** Aborted by the transport's `close()` with a `VO_ERR_CLOSED` reason: ends every request still in flight. */
  lifetime?: AbortSignal | undefined;
}

/**
 * Runs one `transport.request(...)`: follows redirects, retries idempotent requests, enforces the timeouts and
 * the size limit, and turns failures into `DALServiceError`s (or the caller's abort reason).
 * @internal
 */
export async function runRequest(request: TransportRequest, settings: EngineSettings, send: Send): Promise<TransportResponse> {
  const timeouts: Timeouts = { ...settings.timeouts, ...withoutUndefined(request.timeouts ?? {}) };
  let hop = firstHop(request, settings);
  const scope = new RequestScope(hop.url, request.signal, timeouts.total, settings.lifetime);
  const credentials = new HopCredentials(request.auth);
  const idempotent = isIdempotent(hop.method, request.idempotent);
  const context: SendContext = { timeouts, followRedirects: request.followRedirects !== false, idempotent };
  const { retries } = settings;
  let attempts = 0;
  let redirects = 0;
  try {
    await credentials.apply(hop);
    for (;;) {
      scope.url = hop.url;
      let raw: RawResponse;
      try {
        const exchange = send(hop, scope.signal, context);
        raw = await scope.within(timeouts.headers, "no response headers", exchange, (late) => void late.cancel().catch(ignore));
      } catch (err) {
        const canRetry = idempotent && isReplayable(hop.body) && attempts < retries.max;
        if (!scope.signal.aborted && canRetry && isConnectionReset(err)) {
          attempts++;
          await scope.sleep(backoffDelay(attempts, retries));
          continue;
        }
        throw scope.failure(err, `${hop.method} request`, hop);
      }
      if (raw.url !== undefined && raw.url !== "") scope.url = hop.url = new URL(raw.url);
      credentials.observe(hop.url, raw.headers);
      const location = raw.headers.get("location");
      if (context.followRedirects && isRedirect(raw.status) && location !== null) {
        await raw.cancel().catch(ignore);
        if (++redirects > MAX_REDIRECTS) {
          throw new DALServiceError(`more than ${MAX_REDIRECTS} redirects (${redactUrl(hop.url)})`, { url: hop.url, status: raw.status });
        }
        const next = redirectHop(hop, raw.status, location);
        credentials.redirected(hop.url, next.url);
        hop = next;
        await credentials.apply(hop);
        continue;
      }
      if (raw.status === 503 || raw.status === 429) {
        const wait = parseRetryAfter(raw.headers.get("retry-after"));
        const canRetry = idempotent && isReplayable(hop.body) && attempts < retries.max;
        if (wait !== undefined && canRetry && wait <= retries.maxRetryAfterMs && wait < scope.remaining()) {
          await raw.cancel().catch(ignore);
          attempts++;
          await scope.sleep(wait);
          continue;
        }
        if (raw.status === 429) {
          const limited = await rateLimitError(raw, hop.url, wait, scope, timeouts.body);
          request.signal?.throwIfAborted();
          throw limited;
        }
      }
      if (raw.status === 401 || raw.status === 403) {
        const refused = credentials.error(raw.status, raw.statusText, hop.url, raw.headers, await excerpt(raw, scope, timeouts.body));
        request.signal?.throwIfAborted();
        throw refused;
      }
      return streamingResponse(raw, hop.url, scope, timeouts.body, request.maxResponseBytes ?? settings.maxResponseBytes);
    }
  } catch (err) {
    scope.dispose();
    throw err;
  }
}

/** Normalises the caller's request: lower-case headers, defaults, URL credentials as Basic auth, form bodies. */
function firstHop(request: TransportRequest, settings: EngineSettings): Hop {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    throw new ParameterError("url", "an absolute http(s) URL", String(request.url));
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ParameterError("url", "an http(s) URL", redactUrl(url));
  }
  const method = request.method ?? "GET";
  if ((method === "GET" || method === "HEAD") && request.body !== undefined) {
    throw new ParameterError("body", `no body with ${method}`, typeof request.body);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  for (const [name, value] of Object.entries(settings.defaultHeaders)) headers[name] ??= value;
  if (url.username || url.password) {
    // Neither undici nor fetch sends URL credentials, so they become a Basic Authorization header.
    const password = decodeURIComponent(url.password);
    registerSecret(password);
    headers.authorization ??= basicAuth(decodeURIComponent(url.username), password);
    url.username = "";
    url.password = "";
  }
  let body = request.body;
  if (body instanceof URLSearchParams) {
    headers["content-type"] ??= "application/x-www-form-urlencoded;charset=UTF-8";
    body = body.toString();
  } else if (typeof body === "string") {
    headers["content-type"] ??= "text/plain;charset=UTF-8";
  }
  return { url, method, headers, body };
}

function basicAuth(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const encoded = btoa(binary);
  registerSecret(encoded);
  return `Basic ${encoded}`;
}

/** The 429 as an error, with the Retry-After and an excerpt of the body (read under the body idle timeout). */
async function rateLimitError(
  raw: RawResponse,
  url: URL,
  waitMs: number | undefined,
  scope: RequestScope,
  idleMs: number | undefined,
): Promise<DALRateLimitError> {
  const retryAfterSeconds = waitMs === undefined ? undefined : Math.ceil(waitMs / 1000);
  const after = retryAfterSeconds === undefined ? "" : `, retry after ${retryAfterSeconds} s`;
  return new DALRateLimitError(`HTTP 429 Too Many Requests${after} (${redactUrl(url)})`, {
    url,
    status: 429,
    contentType: raw.headers.get("content-type") ?? undefined,
    bodyExcerpt: await excerpt(raw, scope, idleMs),
    retryAfterSeconds,
    retryAfterRaw: raw.headers.get("retry-after") ?? undefined,
  });
}

/**
 * Up to 2 KiB of a body as text; the rest is discarded. A body that stalls longer than `idleMs` (or past the
 * scope's deadline or abort) ends the excerpt with what arrived. Never throws.
 */
async function excerpt(raw: RawResponse, scope: RequestScope, idleMs: number | undefined): Promise<string | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const iterator = raw.body[Symbol.asyncIterator]();
  let finished = false;
  try {
    while (size < 2048) {
      const step = await scope.within(idleMs, "no response body data", iterator.next());
      if (step.done) {
        finished = true;
        break;
      }
      chunks.push(step.value);
      size += step.value.byteLength;
    }
  } catch {
    // An excerpt is best effort.
  } finally {
    // Not awaited: a read still pending on a stalled body would hold up `return()`; the scope's abort ends it.
    if (!finished) void iterator.return?.()?.catch(ignore);
  }
  return size === 0 ? undefined : new TextDecoder().decode(concat(chunks, size)).slice(0, 2048);
}

/** Wraps a raw response: body idle timeout, size limit, error mapping, one read only, scope cleanup. */
function streamingResponse(raw: RawResponse, url: URL, scope: RequestScope, idleMs: number | undefined, limit: number | undefined): TransportResponse {
  const declared = Number(raw.headers.get("content-length") ?? NaN);
  const encoded = (raw.headers.get("content-encoding") ?? "identity").toLowerCase() !== "identity";
  if (limit !== undefined && !encoded && declared > limit) {
    void raw.cancel().catch(ignore);
    scope.dispose();
    throw tooLarge(url, limit, raw, ` (Content-Length ${declared})`);
  }
  let used = false;
  let generator: AsyncGenerator<Uint8Array> | undefined;
  async function* stream(): AsyncGenerator<Uint8Array> {
    const iterator = raw.body[Symbol.asyncIterator]();
    let finished = false;
    let received = 0;
    try {
      for (;;) {
        let step: IteratorResult<Uint8Array>;
        try {
          step = await scope.within(idleMs, "no response body data", iterator.next());
        } catch (err) {
          throw scope.failure(err, "reading the response body");
        }
        if (step.done) {
          finished = true;
          return;
        }
        received += step.value.byteLength;
        if (limit !== undefined && received > limit) throw tooLarge(url, limit, raw, "");
        // The total deadline holds even when chunks arrive faster than timers get to run.
        if (scope.remaining() <= 0) throw scope.failure(scope.deadlineError(), "reading the response body");
        yield step.value;
      }
    } finally {
      if (!finished) void iterator.return?.()?.catch(ignore);
      scope.dispose();
    }
  }
  const body: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]() {
      if (used) throw new TypeError(`the response body was already read or cancelled (${redactUrl(url)})`);
      used = true;
      generator = stream();
      return generator;
    },
  };
  async function bytes(): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.byteLength;
    }
    return concat(chunks, size);
  }
  return {
    status: raw.status,
    statusText: raw.statusText,
    url: url.href,
    headers: raw.headers,
    body,
    bytes,
    async text() {
      return decoderFor(raw.headers.get("content-type")).decode(await bytes());
    },
    async cancel() {
      if (generator) {
        await generator.return(undefined);
        return;
      }
      used = true;
      scope.dispose();
      await raw.cancel().catch(ignore);
    },
  };
}

function tooLarge(url: URL, limit: number, raw: RawResponse, detail: string): DALServiceError {
  return new DALServiceError(`response body exceeds the limit of ${limit} bytes${detail} (${redactUrl(url)})`, {
    code: "VO_ERR_TOO_LARGE",
    url,
    status: raw.status,
    contentType: raw.headers.get("content-type") ?? undefined,
  });
}

/** A TextDecoder for the Content-Type's charset, UTF-8 when absent or unknown. */
function decoderFor(contentType: string | null): TextDecoder {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? "")?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8");
  } catch {
    return new TextDecoder("utf-8");
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function withoutUndefined(timeouts: Timeouts): Timeouts {
  return Object.fromEntries(Object.entries(timeouts).filter(([, v]) => v !== undefined)) as Timeouts;
}

/** Reads a web ReadableStream with a reader loop (Safari lacks async iteration of streams); `return()` cancels it. @internal */
export async function* iterateStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const step = await reader.read();
      if (step.done) {
        done = true;
        return;
      }
      yield step.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(ignore);
    reader.releaseLock();
  }
}

function ignore(): void {
  // Errors while discarding a body do not matter.
}

/**
 * The Node.js transport: undici with keep-alive connection pools, proxies from the environment, and bodies
 * decompressed with node:zlib as they stream.
 */
import type { Socket } from "node:net";
import { rootCertificates } from "node:tls";
import { ParameterError } from "@vo/votable";
import { Readable, pipeline } from "node:stream";
import type { ZlibOptions } from "node:zlib";
import { constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from "node:zlib";
import { Agent, buildConnector, EnvHttpProxyAgent, ProxyAgent, request as undiciRequest } from "undici";
import type { Dispatcher } from "undici";
import type { Hop } from "./redirect-policy.js";
import { iterateStream, runRequest } from "./request-engine.js";
import type { EngineSettings, RawResponse } from "./request-engine.js";
import { isFormData, retrySettings } from "./retry-policy.js";
import type { RetryOptions } from "./retry-policy.js";
import { closedReason } from "./request-scope.js";
import type { ClientCertificate, Timeouts, Transport } from "./types.js";
import { defaultUserAgent } from "./user-agent.js";
import { ackPromptly } from "./prompt-acks.node.js";

/** Time limits used when neither the transport nor the request sets them: connect 10 s, headers 60 s, body idle 60 s, no total. */
export const DEFAULT_TIMEOUTS: Readonly<Timeouts> = Object.freeze({ connect: 10_000, headers: 60_000, body: 60_000 });

/** Options of {@link createUndiciTransport}. */
export interface UndiciTransportOptions {
  /** Default time limits, merged over {@link DEFAULT_TIMEOUTS}; each request may override them. 0 or Infinity: no limit. */
  timeouts?: Timeouts;
  /** The User-Agent header (default `@vo/core/<version> (Node.js <version>)`). */
  userAgent?: string;
  /** Fail when a response body exceeds this many bytes (after decompression). No limit by default. */
  maxResponseBytes?: number;
  /** Retries of idempotent requests on connection resets and on 503/429 with Retry-After. */
  retries?: RetryOptions;
  /**
   * A proxy URL for every request, or `false` for none. By default the HTTP_PROXY/HTTPS_PROXY variables (and their
   * lower-case forms) are honoured, with NO_PROXY, through undici's EnvHttpProxyAgent.
   */
  proxy?: string | false;
  /** A dispatcher of your own (then `proxy` and `timeouts.connect` are yours to configure, and `close()` leaves it open). */
  dispatcher?: Dispatcher;
  /**
   * Acknowledge received data at once (Linux TCP_QUICKACK, through the optional `@vo/quickack` addon), so that a
   * server that writes a response's head and body separately with Nagle's algorithm on (Twisted, hence DaCHS)
   * is not held up to 40 ms per request on a kept-alive connection. Default true; no effect on other platforms,
   * without the addon, or with a `dispatcher` of your own.
   */
  quickAck?: boolean;
}

/** Content codings we decode; sent as Accept-Encoding. */
const ACCEPT_ENCODING = "gzip, deflate, br";

/**
 * Creates the Node.js transport on an undici connection pool (keep-alive).
 * Call `close()` when done to free the connections.
 *
 * @example
 * const transport = createUndiciTransport({ timeouts: { total: 120_000 }, retries: { max: 2 } });
 * const response = await transport.request({ url: "https://dc.g-vo.org/tap/sync?…", signal });
 * for await (const chunk of response.body) …;
 */
export function createUndiciTransport(options: UndiciTransportOptions = {}): Transport {
  const lifetime = new AbortController();
  const settings: EngineSettings = {
    lifetime: lifetime.signal,
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    retries: retrySettings(options.retries),
    maxResponseBytes: options.maxResponseBytes,
    defaultHeaders: { "user-agent": options.userAgent ?? defaultUserAgent(), "accept-encoding": ACCEPT_ENCODING },
  };
  // One pool per connect timeout, because undici sets that limit per dispatcher, not per request; and one per
  // client certificate, so a connection opened with a certificate is never reused for a request without it.
  const pools = new Map<ClientCertificate | undefined, Map<number, Dispatcher>>();
  const dispatcherFor = (connectMs: number | undefined, certificate: ClientCertificate | undefined): Dispatcher => {
    if (options.dispatcher) {
      if (certificate) {
        throw new ParameterError("dispatcher", "no dispatcher of your own when a client certificate is used (the transport's pools hold it)", "a Dispatcher");
      }
      return options.dispatcher;
    }
    const key = connectMs !== undefined && Number.isFinite(connectMs) && connectMs > 0 ? connectMs : 0;
    let byTimeout = pools.get(certificate);
    if (!byTimeout) pools.set(certificate, (byTimeout = new Map()));
    let pool = byTimeout.get(key);
    if (!pool) {
      pool = createPool(options.proxy, key, certificate, options.quickAck !== false);
      byTimeout.set(key, pool);
    }
    return pool;
  };
  return {
    request: (request) =>
      runRequest(request, settings, (hop, signal, { timeouts }) => send(dispatcherFor(timeouts.connect, hop.clientCertificate), hop, signal)),
    async close() {
      // Requests still in flight end now with VO_ERR_CLOSED; then the pools close (destroyed if one still lingers).
      if (!lifetime.signal.aborted) lifetime.abort(closedReason("transport"));
      const closing = [...pools.values()].flatMap((byTimeout) => [...byTimeout.values()]).map(async (pool) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const lingering = new Promise<"late">((resolve) => (timer = setTimeout(resolve, 1000, "late")));
        const outcome = await Promise.race([pool.close().catch(ignore), lingering]);
        clearTimeout(timer);
        if (outcome === "late") await pool.destroy().catch(ignore);
      });
      pools.clear();
      await Promise.all(closing);
    },
  };
}

function createPool(proxy: string | false | undefined, connectMs: number, certificate: ClientCertificate | undefined, quickAck: boolean): Dispatcher {
  const tls = tlsOptions(certificate);
  // Our own timers enforce headers and body limits precisely; undici's (coarse, 300 s by default) are off.
  const options = { connect: timedConnector(connectMs, tls, quickAck), headersTimeout: 0, bodyTimeout: 0 };
  if (proxy === false) return new Agent(options);
  // Through a proxy, the TLS session with the server (and its client certificate) is `requestTls`.
  if (typeof proxy === "string") return new ProxyAgent({ ...options, uri: proxy, ...(tls ? { requestTls: tls } : {}) });
  return new EnvHttpProxyAgent({ ...options, ...(tls ? { requestTls: tls } : {}) });
}

/** The node:tls options of a client certificate (Buffers, as node:tls wants them). */
function tlsOptions(certificate: ClientCertificate | undefined): buildConnector.BuildOptions | undefined {
  if (!certificate) return undefined;
  const bytes = (v: string | Uint8Array): string | Buffer => (typeof v === "string" ? v : Buffer.from(v));
  const tls: buildConnector.BuildOptions = {};
  if (certificate.cert !== undefined) tls.cert = bytes(certificate.cert);
  if (certificate.key !== undefined) tls.key = bytes(certificate.key);
  if (certificate.pfx !== undefined) tls.pfx = Buffer.from(certificate.pfx);
  if (certificate.passphrase !== undefined) tls.passphrase = certificate.passphrase;
  if (certificate.ca !== undefined) {
    const list = Array.isArray(certificate.ca) ? certificate.ca : [certificate.ca];
    tls.ca = [...rootCertificates, ...list.map(bytes)];
  }
  return tls;
}

/**
 * undici's connector with a precise connect timeout: undici's own runs on a 500 ms-tick timer wheel, so a
 * 300 ms limit could take a second. The error carries undici's code, UND_ERR_CONNECT_TIMEOUT. With `quickAck`,
 * each new connection acknowledges promptly (see `prompt-acks.node.ts`).
 */
function timedConnector(timeoutMs: number, tls: buildConnector.BuildOptions | undefined, quickAck: boolean): buildConnector.connector {
  const connect = buildConnector({ ...tls, timeout: 0 });
  return (options, callback) => {
    let settled = false;
    const pending: { socket?: Socket | undefined } = {};
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            settled = true;
            pending.socket?.destroy();
            const err = Object.assign(new Error(`connect timeout after ${timeoutMs} ms (${options.hostname}:${options.port})`), {
              code: "UND_ERR_CONNECT_TIMEOUT",
            });
            callback(err, null);
          }, timeoutMs)
        : undefined;
    // buildConnector's function returns the socket although its type says void.
    pending.socket = (connect as (...args: Parameters<buildConnector.connector>) => Socket | undefined)(options, (...args) => {
      if (settled) {
        args[1]?.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      const socket = args[1];
      if (quickAck && socket) ackPromptly(socket);
      callback(...args);
    });
  };
}

async function send(dispatcher: Dispatcher, hop: Hop, signal: AbortSignal): Promise<RawResponse> {
  const headers = { ...hop.headers };
  let body: string | Uint8Array | Readable | undefined;
  if (isFormData(hop.body)) {
    // Response encodes multipart/form-data with a fresh boundary, streaming Blob parts.
    const encoded = new Response(hop.body);
    headers["content-type"] = encoded.headers.get("content-type") ?? "multipart/form-data";
    delete headers["content-length"];
    body = encoded.body ? Readable.from(iterateStream(encoded.body)) : "";
  } else if (typeof hop.body === "string" || hop.body instanceof Uint8Array || hop.body === undefined) {
    body = hop.body;
  } else if (hop.body instanceof URLSearchParams) {
    body = hop.body.toString();
  } else {
    body = Readable.from(hop.body);
  }
  const response = await undiciRequest(hop.url, {
    dispatcher,
    method: hop.method,
    headers,
    body: body ?? null,
    signal,
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  const responseHeaders = toHeaders(response.headers);
  const empty = hop.method === "HEAD" || response.statusCode === 204 || response.statusCode === 304;
  const decoded = empty ? response.body : decode(response.body, responseHeaders.get("content-encoding"));
  return {
    status: response.statusCode,
    statusText: response.statusText,
    headers: responseHeaders,
    body: decoded,
    async cancel() {
      // Destroying an unfinished body emits an abort error that nobody needs to see.
      for (const stream of [decoded, response.body]) stream.on("error", ignore).destroy();
    },
  };
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.append(name, value);
  }
  return headers;
}

/**
 * Undoes the Content-Encoding (in reverse order of application). An unknown coding is left as is, as fetch does.
 * Truncated gzip/deflate streams are flushed rather than rejected, like browsers.
 */
function decode(body: Readable, contentEncoding: string | null): Readable {
  const codings = (contentEncoding ?? "")
    .toLowerCase()
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c !== "" && c !== "identity");
  let stream = body;
  for (const coding of codings.reverse()) {
    const decoded = decoderFor(coding, stream);
    if (!decoded) return stream;
    stream = decoded;
  }
  return stream;
}

function decoderFor(coding: string, body: Readable): Readable | undefined {
  const lenient = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
  if (coding === "gzip" || coding === "x-gzip") return pipeline(body, createGunzip(lenient), ignore);
  if (coding === "br") return pipeline(body, createBrotliDecompress({ finishFlush: constants.BROTLI_OPERATION_FLUSH }), ignore);
  if (coding === "deflate") return Readable.from(inflateAuto(body, lenient), { objectMode: false });
  return undefined;
}

/** "deflate" should be zlib-wrapped (RFC 9110 §8.4.1.2) but some servers send raw deflate: the first byte tells. */
async function* inflateAuto(body: Readable, options: ZlibOptions): AsyncGenerator<Buffer> {
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await chunks.next();
  if (first.done) return;
  const head = first.value;
  const inflater = ((head[0] ?? 0) & 0x0f) === 0x08 ? createInflate(options) : createInflateRaw(options);
  const rest = Readable.from(
    (async function* () {
      yield head;
      for (let step = await chunks.next(); !step.done; step = await chunks.next()) yield step.value;
    })(),
  );
  const out = pipeline(rest, inflater, ignore);
  try {
    yield* out as AsyncIterable<Buffer>;
  } finally {
    out.destroy();
    body.destroy();
  }
}

function ignore(): void {
  // pipeline() needs a callback; errors reach the consumer through the last stream.
}

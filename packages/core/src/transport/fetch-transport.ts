/**
 * The portable transport, on the standard `fetch`: browsers, Deno, Bun, workers, and Node when undici is not
 * wanted. It imports nothing from Node.
 *
 * Differences from the undici transport, all imposed by fetch:
 * - `timeouts.connect` is not separate: `timeouts.headers` runs from sending the request (connection included).
 * - Decompression is fetch's (browsers and Node decode gzip, deflate and br themselves).
 * - Redirects are followed by the transport with `redirect: "manual"` where the platform exposes them (Node,
 *   Deno, Bun). In browsers (a page or a worker) fetch hides redirects, so the browser follows them itself
 *   (`redirect: "follow"`, credentials stripped across origins as the Fetch standard requires): a POST that
 *   creates something (a UWS job) is sent exactly once. Elsewhere, the first opaque redirect switches to the
 *   browser's way; the request is sent again only when it is idempotent and its body replayable.
 * - Proxies are the platform's business (pass a `fetch` that uses one).
 * - Credentials (`TransportRequest.auth`): headers such as Authorization go as they are; a hop that asks for the
 *   browser's credentials is fetched with `credentials: "include"` (the browser's cookies and client
 *   certificates; the server must allow it by CORS). A client certificate of our own needs the undici
 *   transport: outside browsers such a request fails with a `ParameterError`.
 * - In Node, while the transport is open, the connections undici sends requests on in the process (those of Node's fetch
 *   among them: its pool is the process's) acknowledge data at once (`quickAck`, Linux only, with the optional
 *   `@vo/quickack` addon), so a server that writes a response's head and body separately is not held 40 ms.
 * - Browsers do not send our User-Agent: it is only set where `process.versions.node` exists, because a custom
 *   header would also force a CORS preflight that many VO services do not answer.
 */
import { ParameterError } from "@vo/votable";
import { DALServiceError, redactUrl } from "@vo/votable";
import type { Hop } from "./redirect-policy.js";
import { iterateStream, runRequest } from "./request-engine.js";
import type { EngineSettings, RawResponse, SendContext } from "./request-engine.js";
import { isFormData, isReplayable, retrySettings } from "./retry-policy.js";
import type { RetryOptions } from "./retry-policy.js";
import { closedReason } from "./request-scope.js";
import type { Timeouts, Transport } from "./types.js";
import { defaultUserAgent } from "./user-agent.js";
import { holdPromptAcks } from "#prompt-acks";

/** Options of {@link createFetchTransport}. */
export interface FetchTransportOptions {
  /** Default time limits (headers 60 s, body idle 60 s, no total); each request may override them. 0 or Infinity: no limit. */
  timeouts?: Timeouts;
  /** The User-Agent header, or `false` to send none. Default: `@vo/core/<version> (Node.js <version>)` outside browsers. */
  userAgent?: string | false;
  /** Fail when a response body exceeds this many bytes (after decompression). No limit by default. */
  maxResponseBytes?: number;
  /** Retries of idempotent requests on connection resets and on 503/429 with Retry-After. */
  retries?: RetryOptions;
  /** The fetch to use (default `globalThis.fetch`), e.g. one bound to a proxy or a test double. */
  fetch?: typeof globalThis.fetch;
  /**
   * In Node, acknowledge received data at once on the connections undici sends requests on while this transport is
   * open (Linux TCP_QUICKACK through the optional `@vo/quickack` addon; Node's fetch is undici). Default true; no
   * effect in browsers, on other platforms or without the addon.
   */
  quickAck?: boolean;
}

/** A RequestInit with the streaming-upload flag that TypeScript's DOM types lack. */
type StreamingInit = RequestInit & { duplex?: "half" };

/**
 * Creates a transport on the standard `fetch`.
 *
 * @example
 * import { createFetchTransport } from "@vo/core/transport/fetch";
 * const transport = createFetchTransport({ timeouts: { total: 60_000 } });
 * const response = await transport.request({ url, signal: controller.signal });
 */
export function createFetchTransport(options: FetchTransportOptions = {}): Transport {
  const doFetch = options.fetch ?? ((input: URL, init: RequestInit) => globalThis.fetch(input, init));
  const runtimeIsNode = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !== undefined;
  const userAgent = options.userAgent ?? (runtimeIsNode ? defaultUserAgent() : false);
  const lifetime = new AbortController();
  const settings: EngineSettings = {
    lifetime: lifetime.signal,
    timeouts: { headers: 60_000, body: 60_000, ...options.timeouts },
    retries: retrySettings(options.retries),
    maxResponseBytes: options.maxResponseBytes,
    defaultHeaders: userAgent === false ? {} : { "user-agent": userAgent },
  };
  // False where fetch hides redirects (browsers); flips to false at the first opaque redirect elsewhere.
  let manualRedirects = !runtimeIsBrowser();
  const releasePromptAcks = options.quickAck === false ? () => undefined : holdPromptAcks();

  async function send(hop: Hop, signal: AbortSignal, context: SendContext): Promise<RawResponse> {
    if (hop.clientCertificate && !isBrowser()) {
      throw new ParameterError("transport", "the Node.js default transport for a TLS client certificate", "the fetch transport");
    }
    const init = requestInit(hop, signal);
    const manual = manualRedirects || !context.followRedirects;
    let response = await doFetch(hop.url, { ...init, redirect: manual ? "manual" : "follow" });
    if (response.type === "opaqueredirect" && context.followRedirects) {
      manualRedirects = false;
      if (!context.idempotent || !isReplayable(hop.body)) {
        // The server has acted on the request already: sending it again could, say, create a second job.
        throw new DALServiceError(
          `the ${hop.method} request was redirected, but this platform's fetch hides where to; it is not sent twice ` +
            `because it is not idempotent (${redactUrl(hop.url)})`,
          { url: hop.url },
        );
      }
      response = await doFetch(hop.url, { ...requestInit(hop, signal), redirect: "follow" });
    }
    const { body } = response;
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      url: response.redirected ? response.url : undefined,
      body: body ? iterateStream(body) : emptyBody(),
      async cancel() {
        await body?.cancel();
      },
    };
  }

  return {
    request: (request) => runRequest(request, settings, send),
    async close() {
      // fetch owns its connections; requests still in flight end now with VO_ERR_CLOSED.
      if (!lifetime.signal.aborted) lifetime.abort(closedReason("transport"));
      releasePromptAcks();
    },
  };
}

/** True in a browser page or worker, where fetch hides redirects from scripts. */
function runtimeIsBrowser(): boolean {
  const g = globalThis as { document?: unknown; importScripts?: unknown; process?: { versions?: { node?: string } } };
  return g.process?.versions?.node === undefined && (g.document !== undefined || typeof g.importScripts === "function");
}

function requestInit(hop: Hop, signal: AbortSignal): StreamingInit {
  const headers = { ...hop.headers };
  const init: StreamingInit = { method: hop.method, headers, signal };
  if (hop.includeBrowserCredentials || (hop.clientCertificate && isBrowser())) init.credentials = "include";
  const { body } = hop;
  if (body === undefined) return init;
  if (isFormData(body)) {
    delete headers["content-type"]; // fetch writes it with the multipart boundary
    init.body = body;
  } else if (typeof body === "string" || body instanceof URLSearchParams) {
    init.body = body;
  } else if (body instanceof Uint8Array) {
    init.body = body as Uint8Array<ArrayBuffer>;
  } else {
    init.body = toReadableStream(body);
    init.duplex = "half";
  }
  return init;
}

function toReadableStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const step = await iterator.next();
      if (step.done) controller.close();
      else controller.enqueue(step.value);
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  });
}

/** True in a browser (or a browser-like worker), where TLS client certificates are the browser's business. */
function isBrowser(): boolean {
  const g = globalThis as { document?: unknown; importScripts?: unknown; process?: { versions?: { node?: string } } };
  return (g.document !== undefined || typeof g.importScripts === "function") && g.process?.versions?.node === undefined;
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {
  // No body (HEAD, 204, 304).
}

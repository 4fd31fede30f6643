/**
 * Words for low-level failures: what an undici, Node socket/TLS/DNS, zlib or fetch error means, for messages
 * that say what happened instead of printing a code. The original error (with its code) stays the `cause`.
 * No Node imports: the fetch transport uses this in browsers.
 */
import { errorCode } from "./request-scope.js";

/** Words by exact code. */
const BY_CODE: { readonly [code: string]: string } = {
  // undici
  UND_ERR_SOCKET: "the connection broke: the server (or something between) closed it unexpectedly",
  UND_ERR_CLOSED: "the HTTP client's connection pool was closed",
  UND_ERR_DESTROYED: "the HTTP client's connection pool was destroyed",
  UND_ERR_HEADERS_OVERFLOW: "the server sent response headers larger than the client accepts (16 KiB)",
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: "the response body is not as long as its Content-Length header says (the server cut it short or sent more)",
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: "the request body is not as long as its Content-Length header says",
  UND_ERR_INFO: "the server answered with an unexpected informational (1xx) response",
  UND_ERR_NOT_SUPPORTED: "the request needs something the HTTP client does not support",
  UND_ERR_INVALID_ARG: "the HTTP client refused the request as invalid",
  UND_ERR_INVALID_RETURN_VALUE: "the HTTP client received an invalid value from a handler",
  UND_ERR_RES_EXCEEDED_MAX_SIZE: "the response is larger than the HTTP client allows",
  UND_ERR_PRX_TLS: "the TLS connection to the proxy failed",
  UND_ERR_ABORTED: "the request was aborted",
  UND_ERR_ABORT: "the request was aborted",
  UND_ERR_CONNECT_TIMEOUT: "the connection could not be established in time",
  UND_ERR_HEADERS_TIMEOUT: "no response headers arrived in time",
  UND_ERR_BODY_TIMEOUT: "the response body stalled",
  UND_ERR_BPL_MISSING_UPSTREAM: "the balanced pool has no upstream server",
  UND_ERR_REQ_RETRY: "the request failed after its retries",
  UND_ERR_RESPONSE: "the server's response was refused by the HTTP client",
  // sockets and DNS
  ECONNREFUSED: "the connection was refused: nothing listens on that host and port",
  ECONNRESET: "the connection was reset by the server (or something between)",
  ECONNABORTED: "the connection was aborted",
  EPIPE: "the server closed the connection while the request was being sent",
  ETIMEDOUT: "the connection timed out at the network level",
  ENOTFOUND: "the host name could not be resolved (DNS: no such host)",
  EAI_AGAIN: "the host name could not be resolved right now (temporary DNS failure)",
  EHOSTUNREACH: "the host is unreachable",
  ENETUNREACH: "the network is unreachable",
  EADDRNOTAVAIL: "the address is not available on this machine",
  // TLS
  CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
  CERT_NOT_YET_VALID: "the server's TLS certificate is not valid yet",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed and not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's TLS certificate chain ends in an untrusted self-signed certificate",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's TLS certificate could not be verified (incomplete chain)",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the issuer of the server's TLS certificate is not trusted here",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's TLS certificate is for another host name",
  EPROTO: "the TLS handshake failed (protocol error)",
  // zlib
  Z_DATA_ERROR: "the compressed response body is corrupt: it does not decode as its Content-Encoding says",
  Z_BUF_ERROR: "the compressed response body ends too early",
  Z_STREAM_ERROR: "decompressing the response body failed (inconsistent stream)",
  Z_MEM_ERROR: "decompressing the response body ran out of memory",
  Z_NEED_DICT: "the compressed response body needs a preset dictionary, which HTTP does not provide",
};

/**
 * What a failure means, in words, without the URL. The code, when there is one, is left to the `cause`.
 * @internal
 */
export function failureText(err: unknown): string {
  const code = errorCode(err);
  if (code !== undefined) {
    const known = BY_CODE[code];
    if (known !== undefined) return known;
    if (code.startsWith("HPE_")) return `the server sent a malformed HTTP response (${parserDetail(err)})`;
    if (code.startsWith("ERR__ERROR_FORMAT") || code.startsWith("ERR_BROTLI") || /^ERR__ERROR_/.test(code)) {
      return "the brotli-compressed response body is corrupt: it does not decode as its Content-Encoding says";
    }
    if (code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_")) return "the TLS connection failed";
    if (code.startsWith("Z_")) return "decompressing the response body failed";
  }
  if (isOpaqueFetchFailure(err)) return `fetch failed ("${(err as Error).message}") without saying why: the host may be down or unreachable, or the request was blocked`;
  const message = innermostMessage(err);
  if (message === undefined || /^[A-Z][A-Z0-9_]+$/.test(message)) return "a network error";
  return message;
}

/** The reason llhttp gives (`Invalid header value char`), which says more than its code. */
function parserDetail(err: unknown): string {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const reason = (e as { reason?: unknown }).reason ?? (e as { message?: unknown }).message;
    if (typeof (e as { code?: unknown }).code === "string" && typeof reason === "string" && reason !== "") return reason;
  }
  return "unparsable";
}

/** The message of the deepest cause that has one (fetch wraps the real error: "fetch failed" → cause). */
function innermostMessage(err: unknown): string | undefined {
  let found: string | undefined;
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const m = (e as { message?: unknown }).message;
    if (typeof m === "string" && m !== "" && found === undefined) found = m;
    if (typeof m === "string" && m !== "" && !/^(fetch failed|terminated)$/.test(m)) found = m;
  }
  return found;
}

/**
 * A browser's fetch failure: a TypeError that says nothing and has no cause (CORS, a refused connection, DNS and
 * being offline all look alike).
 */
function isOpaqueFetchFailure(err: unknown): boolean {
  return (
    err instanceof TypeError &&
    err.cause === undefined &&
    /^(Failed to fetch|NetworkError when attempting to fetch resource\.?|Load failed|fetch failed|network error)$/i.test(err.message)
  );
}

/**
 * For a failure in a browser page whose origin differs from the service's: says that CORS may be the cause and
 * what the service must allow. Empty when not in a page, on the same origin, or for another kind of failure.
 * @internal
 */
export function corsAdvice(err: unknown, url: URL, method: string, headers: Readonly<Record<string, string>>): string {
  if (!isOpaqueFetchFailure(err)) return "";
  const page = (globalThis as { location?: { origin?: unknown } }).location?.origin;
  if (typeof page !== "string" || page === "null" || page === url.origin) return "";
  const custom = Object.keys(headers).filter((h) => !SAFELISTED.has(h.toLowerCase()));
  const simpleMethod = method === "GET" || method === "HEAD" || method === "POST";
  const allow = [
    ...(simpleMethod ? [] : [`Access-Control-Allow-Methods: ${method}`]),
    ...(custom.length ? [`Access-Control-Allow-Headers: ${custom.join(", ")}`] : []),
  ];
  return (
    `. This page (${page}) is on another origin than the service (${url.origin}), so CORS may be the cause: ` +
    `the service must answer with Access-Control-Allow-Origin: ${page} (or *)` +
    (allow.length ? `, and answer the preflight OPTIONS request with ${allow.join(" and ")}` : "")
  );
}

/** Request headers that never need a CORS preflight (Fetch standard, CORS-safelisted request headers; content types simplified). */
const SAFELISTED = new Set(["accept", "accept-language", "content-language", "content-type", "range"]);

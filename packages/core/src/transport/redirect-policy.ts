/**
 * How a request changes when it follows a redirect (Fetch standard, "HTTP-redirect fetch"). No Node imports.
 */
import { DALServiceError, redactUrl } from "@vo/votable";
import { isReplayable } from "./retry-policy.js";
import type { ClientCertificate, HttpMethod, RequestBody } from "./types.js";

/** The parts of a request that a redirect can change. Header names are lower case. */
export interface Hop {
  url: URL;
  method: HttpMethod;
  headers: Record<string, string>;
  body: RequestBody | undefined;
  /** The TLS client certificate of this hop (set per hop by the request's `auth`, never carried over a redirect). */
  clientCertificate?: ClientCertificate | undefined;
  /** Browsers: fetch with `credentials: "include"` (set per hop, like the certificate). */
  includeBrowserCredentials?: boolean | undefined;
}

/** At most this many redirects are followed for one request. */
export const MAX_REDIRECTS = 10;

/** Headers that must never reach another origin. */
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];
/** Headers that describe the body, dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location", "transfer-encoding"];

/** Whether `status` is a redirect the transport follows. */
export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/**
 * The request to send after a redirect response.
 * 301/302 turn a POST into a GET and 303 turns anything but HEAD into a GET; 307/308 keep the method and the
 * body, which must then be replayable. Crossing to another origin drops Authorization, Cookie,
 * Proxy-Authorization and any credentials in the new URL.
 *
 * @throws {DALServiceError} when the location is not an http(s) URL, or a 307/308 needs a streamed body again.
 */
export function redirectHop(current: Hop, status: number, location: string): Hop {
  let url: URL;
  try {
    url = new URL(location, current.url);
  } catch (cause) {
    throw new DALServiceError(`redirect to an invalid location "${location}" (${redactUrl(current.url)})`, { url: current.url, status, cause });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new DALServiceError(`redirect to a non-HTTP URL ${redactUrl(url)} (${redactUrl(current.url)})`, { url: current.url, status });
  }
  const headers = { ...current.headers };
  let { method, body } = current;
  if (((status === 301 || status === 302) && method === "POST") || (status === 303 && method !== "HEAD")) {
    method = "GET";
    body = undefined;
    for (const name of BODY_HEADERS) delete headers[name];
  } else if (body !== undefined && !isReplayable(body)) {
    throw new DALServiceError(
      `cannot follow the ${status} redirect to ${redactUrl(url)}: a streamed request body cannot be sent twice (${redactUrl(current.url)})`,
      { url: current.url, status },
    );
  }
  if (url.origin !== current.url.origin) {
    for (const name of CREDENTIAL_HEADERS) delete headers[name];
    url.username = "";
    url.password = "";
  }
  return { url, method, headers, body };
}

/**
 * When and how long to wait before sending a request again. No Node imports.
 */
import { errorCode } from "./request-scope.js";
import type { HttpMethod, RequestBody } from "./types.js";

/** Retry settings of a transport. Only idempotent requests with a replayable body are ever retried. */
export interface RetryOptions {
  /** Retries after the first attempt (default 3; 0 turns retrying off). */
  max?: number;
  /** Backoff before the first retry after a connection reset, doubled each time (default 200 ms). */
  baseDelayMs?: number;
  /** Upper bound of one backoff delay (default 5000 ms). */
  maxDelayMs?: number;
  /**
   * The longest `Retry-After` (of a 503 or 429) the transport waits for (default 30 000 ms). A longer one is not
   * waited for: the 503 is returned, and the 429 becomes a `DALRateLimitError`.
   */
  maxRetryAfterMs?: number;
}

/** {@link RetryOptions} with every default filled in. */
export type RetrySettings = Required<RetryOptions>;

/** @internal */
export function retrySettings(options: RetryOptions = {}): RetrySettings {
  return { max: 3, baseDelayMs: 200, maxDelayMs: 5000, maxRetryAfterMs: 30_000, ...options };
}

/**
 * Parses a `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
 * Returns milliseconds to wait (0 for a date in the past), or undefined when absent or unparsable.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date always names its month; this keeps Date.parse from reading "-5" as a year.
  const date = /[a-z]{3}/i.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Backoff before retry number `attempt` (1-based): exponential, capped, with "equal jitter" (half fixed, half random). */
export function backoffDelay(attempt: number, settings: RetrySettings, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/** Whether a request may be sent twice: GET/HEAD/PUT/DELETE by default, POST never, unless the request says so. */
export function isIdempotent(method: HttpMethod, override: boolean | undefined): boolean {
  return override ?? method !== "POST";
}

/** Whether a body can be sent again (for retries and 307/308 redirects): everything but a stream. */
export function isReplayable(body: RequestBody | undefined): boolean {
  return body === undefined || typeof body === "string" || body instanceof Uint8Array || body instanceof URLSearchParams || isFormData(body);
}

/** Duck-typed FormData check, so that a FormData from another realm or from the undici package is recognised. */
export function isFormData(body: unknown): body is FormData {
  return typeof body === "object" && body !== null && (body as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === "FormData";
}

/** The connection broke before a response arrived: the server reset or closed it (ECONNRESET, UND_ERR_SOCKET, …). */
export function isConnectionReset(err: unknown): boolean {
  const code = errorCode(err);
  return code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE" || code === "UND_ERR_CLOSED";
}

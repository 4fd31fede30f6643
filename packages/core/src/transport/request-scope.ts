/**
 * The cancellation scope of one `transport.request(...)` call: an internal
 * AbortController that the caller's signal, the overall `total` deadline and
 * the per-phase timers (headers, body idle) all abort. Whoever aborts first
 * sets the reason, so a failure is always reported as the caller's reason or
 * as our own `VO_ERR_TIMEOUT`, never as a transport-specific abort error.
 *
 * No Node imports: the fetch transport uses this in browsers.
 */
import { DALServiceError, VOError, redactUrl } from "@vo/votable";
import { corsAdvice, failureText } from "./failure-text.js";

/** @internal */
export class RequestScope {
  readonly #controller = new AbortController();
  readonly #user: AbortSignal | undefined;
  readonly #lifetime: AbortSignal | undefined;
  readonly #onUserAbort = (): void => this.#controller.abort(this.#user?.reason);
  readonly #onClose = (): void => this.#controller.abort(closedWhileInFlight(this.#lifetime?.reason, this.url));
  #totalTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #deadline: number;
  readonly #totalMs: number | undefined;
  #disposed = false;
  /** The current URL, for error messages; updated on redirects. */
  url: URL;

  /**
   * @param user the caller's signal: its abort rejects with its reason unchanged.
   * @param lifetime the transport's (or client's) own signal, aborted by `close()` with a `VO_ERR_CLOSED` reason.
   */
  constructor(url: URL, user: AbortSignal | undefined, totalMs: number | undefined, lifetime?: AbortSignal) {
    this.url = url;
    this.#user = user;
    this.#lifetime = lifetime;
    user?.throwIfAborted();
    if (lifetime?.aborted) throw closedWhileInFlight(lifetime.reason, url, "");
    user?.addEventListener("abort", this.#onUserAbort, { once: true });
    lifetime?.addEventListener("abort", this.#onClose, { once: true });
    this.#deadline = limited(totalMs) ? Date.now() + totalMs : Infinity;
    this.#totalMs = totalMs;
    if (limited(totalMs)) {
      this.#totalTimer = setTimeout(() => this.#controller.abort(this.deadlineError()), totalMs);
      // Do not keep a Node process alive for a response nobody reads (unref is Node-only).
      (this.#totalTimer as { unref?: () => void }).unref?.();
    }
  }

  /** The signal to hand to the underlying fetch or dispatcher. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The `VO_ERR_TIMEOUT` of the `total` limit; aborts the scope with it (so every pending step ends too). */
  deadlineError(): unknown {
    if (!this.#controller.signal.aborted) {
      this.#controller.abort(this.timeoutError(`request did not complete within ${this.#totalMs} ms (total timeout)`));
    }
    return this.#controller.signal.reason;
  }

  /** Milliseconds left before the `total` deadline (Infinity without one). */
  remaining(): number {
    return this.#deadline - Date.now();
  }

  /**
   * A `VO_ERR_TIMEOUT` error naming the current URL. Its `cause` is `cause` when given (undici's timeout error),
   * else a `TimeoutError` `DOMException` saying which limit expired.
   */
  timeoutError(what: string, cause?: unknown): DALServiceError {
    return new DALServiceError(`${what} (${redactUrl(this.url)})`, {
      code: "VO_ERR_TIMEOUT",
      url: this.url,
      cause: cause ?? new DOMException(what, "TimeoutError"),
    });
  }

  /**
   * Awaits `work`, failing with a `VO_ERR_TIMEOUT` after `ms` (unless `ms` is undefined, 0 or Infinity), or with
   * the scope's abort reason. A result that arrives after losing the race is passed to `discard`.
   */
  async within<T>(ms: number | undefined, what: string, work: Promise<T>, discard?: (late: T) => void): Promise<T> {
    const signal = this.#controller.signal;
    if (signal.aborted) {
      work.then((late) => discard?.(late), ignore);
      throw signal.reason;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_resolve, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      if (limited(ms)) timer = setTimeout(() => this.#controller.abort(this.timeoutError(`${what} within ${ms} ms`)), ms);
    });
    try {
      return await Promise.race([work, aborted]);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal.removeEventListener("abort", onAbort);
      if (signal.aborted) {
        work.then((late) => discard?.(late), ignore);
      }
    }
  }

  /** Waits `ms`, or rejects with the scope's abort reason. */
  async sleep(ms: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await this.within(undefined, "sleep", new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))));
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Turns anything thrown while talking to the server into what the caller sees: the caller's abort reason
   * unchanged, our own timeout error, or a `DALServiceError` that says in words what happened (the low-level
   * error, with its code, is the `cause`). `request` adds CORS advice to an opaque browser fetch failure.
   */
  failure(err: unknown, doing: string, request?: { method: string; headers: Readonly<Record<string, string>> }): unknown {
    const signal = this.#controller.signal;
    if (signal.aborted) return signal.reason;
    if (err instanceof VOError) return err;
    const code = errorCode(err);
    if (code === "UND_ERR_CONNECT_TIMEOUT") return this.timeoutError("could not connect in time", err);
    if (code === "UND_ERR_HEADERS_TIMEOUT") return this.timeoutError("no response headers in time", err);
    if (code === "UND_ERR_BODY_TIMEOUT") return this.timeoutError("the response body stalled", err);
    const advice = request ? corsAdvice(err, this.url, request.method, request.headers) : "";
    return new DALServiceError(`${doing} failed: ${failureText(err)}${advice} (${redactUrl(this.url)})`, { url: this.url, cause: err });
  }

  /** Frees the timers and the listener on the caller's signal. Idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    clearTimeout(this.#totalTimer);
    this.#user?.removeEventListener("abort", this.#onUserAbort);
    this.#lifetime?.removeEventListener("abort", this.#onClose);
  }
}

/** The abort reason of `close()`: a `VO_ERR_CLOSED` `VOError` ("the client was closed"). @internal */
export function closedReason(what: "client" | "transport"): VOError {
  return new VOError(`the ${what} was closed`, { code: "VO_ERR_CLOSED" });
}

/**
 * The reason a request ends with when its client or transport is closed: a `VO_ERR_CLOSED` `VOError` naming the
 * request's URL (the close reason is its `cause`). Any other reason is returned unchanged.
 * @internal
 */
export function closedWhileInFlight(reason: unknown, url: URL, when = " while the request was in flight"): unknown {
  if (!(reason instanceof VOError) || reason.code !== "VO_ERR_CLOSED" || reason.url !== undefined) return reason;
  return new VOError(`${reason.message}${when} (${redactUrl(url)})`, { code: "VO_ERR_CLOSED", url, cause: reason });
}

/** True for a usable time limit: a positive finite number. */
function limited(ms: number | undefined): ms is number {
  return ms !== undefined && ms > 0 && Number.isFinite(ms);
}

/** The `code` of an error or of the first cause that has one (fetch wraps undici's errors in a TypeError). */
export function errorCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

function ignore(): void {
  // The loser of a race settles unobserved.
}

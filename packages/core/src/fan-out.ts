/**
 * Bounded fan-out: run one operation over many items (services, datasets)
 * with at most `concurrency` in flight, a per-item timeout, one caller signal,
 * and per-item settled outcomes, so one failing service never stops the others.
 */
import { DALServiceError, ParameterError, VOError, redactUrl } from "@vo/votable";

/** The outcome of one item: its value or its error (always a `VOError`), and how long it took. */
export type FanOutResult<T, R> =
  | { readonly item: T; readonly index: number; readonly ok: true; readonly value: R; readonly ms: number }
  | { readonly item: T; readonly index: number; readonly ok: false; readonly error: VOError; readonly ms: number };

/** A progress event, sent after each item settles. */
export interface FanOutProgress<T, R> {
  /** Items settled so far, this one included. */
  readonly done: number;
  /** Items in all. */
  readonly total: number;
  /** Items failed so far. */
  readonly failed: number;
  /** The item that just settled. */
  readonly item: T;
  /** Its outcome. */
  readonly outcome: FanOutResult<T, R>;
}

/** Options of {@link fanOut} and {@link fanOutIter}. */
export interface FanOutOptions<T, R> {
  /** Most items in flight at once (default 4). */
  concurrency?: number;
  /**
   * Most items in flight at once for one host (default 4), so many services on one server do not crowd it while
   * the other hosts' items go ahead. Items wait in input order, but an item whose host is full is passed over for
   * the next one whose host has room.
   */
  perHost?: number;
  /**
   * The host an item belongs to, for `perHost` (default: the `host` of an item that is an http(s) URL or URL
   * string; items without one are only bounded by `concurrency`).
   */
  hostOf?: (item: T) => string | undefined;
  /**
   * Per-item time limit in ms. On expiry the item's signal aborts, it fails with `DALServiceError` `VO_ERR_TIMEOUT`
   * (whose `url` is the item when the item is an http(s) URL) and its slot is freed at once, even if the operation
   * ignores its signal.
   */
  timeout?: number;
  /** Aborting it stops everything: pending items never start and the call rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Called after each item settles. */
  onProgress?: (progress: FanOutProgress<T, R>) => void;
}

/** What an operation receives besides its item. */
export interface FanOutContext {
  /** Aborted on the item's timeout, on the caller's abort, or when the consumer stops iterating. */
  readonly signal: AbortSignal;
}

/** One operation per item. */
export type FanOutOperation<T, R> = (item: T, context: FanOutContext) => Promise<R>;

/**
 * Runs `operation` over every item, at most `concurrency` at a time, and
 * resolves with one settled result per item, in input order.
 *
 * @throws ParameterError for a bad `concurrency` or `timeout`.
 * @throws the caller signal's `reason` when it aborts.
 * @example
 * const results = await fanOut(urls, (url, { signal }) => client.service("scs", url).search(pos, r, { signal }), { timeout: 30_000 });
 * for (const r of results) if (!r.ok) console.warn(r.item, r.error.code);
 */
export async function fanOut<T, R>(
  items: Iterable<T>,
  operation: FanOutOperation<T, R>,
  options: FanOutOptions<T, R> = {},
): Promise<FanOutResult<T, R>[]> {
  const results: FanOutResult<T, R>[] = [];
  for await (const outcome of fanOutIter(items, operation, options)) results[outcome.index] = outcome;
  return results;
}

/**
 * Like {@link fanOut}, but yields each outcome as soon as its item settles
 * (collect jobs as they finish). Breaking out of the loop aborts the items
 * still in flight.
 *
 * @throws ParameterError for a bad `concurrency` or `timeout`.
 * @throws the caller signal's `reason` when it aborts.
 */
export async function* fanOutIter<T, R>(
  items: Iterable<T>,
  operation: FanOutOperation<T, R>,
  options: FanOutOptions<T, R> = {},
): AsyncGenerator<FanOutResult<T, R>, void, undefined> {
  const { concurrency = 4, perHost = 4, hostOf = defaultHost, timeout, signal, onProgress } = options;
  if (!(concurrency >= 1) || (!Number.isInteger(concurrency) && concurrency !== Infinity)) {
    throw new ParameterError("concurrency", "an integer >= 1", concurrency);
  }
  if (!(perHost >= 1) || (!Number.isInteger(perHost) && perHost !== Infinity)) {
    throw new ParameterError("perHost", "an integer >= 1", perHost);
  }
  if (timeout !== undefined && !(timeout > 0)) throw new ParameterError("timeout", "a positive number of milliseconds", timeout);
  signal?.throwIfAborted();

  const list = [...items];
  const hosts = list.map((item) => hostOf(item));
  const running = new Map<number, AbortController>();
  // Items not started yet, in input order, and how many are in flight per host.
  const pending = list.map((_, index) => index);
  const busy = new Map<string, number>();
  const hasRoom = (index: number): boolean => {
    const host = hosts[index];
    return host === undefined || (busy.get(host) ?? 0) < perHost;
  };
  const take = (index: number, delta: number): void => {
    const host = hosts[index];
    if (host !== undefined) busy.set(host, (busy.get(host) ?? 0) + delta);
  };
  // Settled outcomes wait here until the consumer takes them; `wake` resumes a consumer waiting for one.
  const finished: FanOutResult<T, R>[] = [];
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  signal?.addEventListener("abort", notify, { once: true });
  let done = 0;
  let failed = 0;

  const start = (index: number): void => {
    const item = list[index] as T;
    const controller = new AbortController();
    const started = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (outcome: { ok: true; value: R } | { ok: false; error: VOError }): void => {
      if (!running.has(index)) return; // already timed out, or the fan-out has stopped
      clearTimeout(timer);
      running.delete(index);
      take(index, -1);
      finished.push({ item, index, ...outcome, ms: performance.now() - started });
      notify();
    };
    running.set(index, controller);
    take(index, +1);
    if (timeout !== undefined) {
      timer = setTimeout(() => {
        const reason = new DOMException(`item ${index} timed out after ${timeout} ms`, "TimeoutError");
        controller.abort(reason);
        const url = itemUrl(item);
        const where = url === undefined ? `item ${index}` : redactUrl(url);
        finish({ ok: false, error: new DALServiceError(`${where} timed out after ${timeout} ms`, { code: "VO_ERR_TIMEOUT", url, cause: reason }) });
      }, timeout);
    }
    let promise: Promise<R>;
    try {
      promise = Promise.resolve(operation(item, { signal: controller.signal }));
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (value) => finish({ ok: true, value }),
      (error: unknown) => finish({ ok: false, error: toVOError(error) }),
    );
  };

  try {
    while (done < list.length) {
      while (running.size < concurrency) {
        const at = pending.findIndex(hasRoom);
        if (at < 0) break;
        start(pending.splice(at, 1)[0] as number);
      }
      if (finished.length === 0 && !signal?.aborted) await new Promise<void>((resolve) => (wake = resolve));
      signal?.throwIfAborted();
      const outcome = finished.shift();
      if (!outcome) continue;
      done++;
      if (!outcome.ok) failed++;
      onProgress?.({ done, total: list.length, failed, item: outcome.item, outcome });
      yield outcome;
    }
  } finally {
    signal?.removeEventListener("abort", notify);
    const reason = signal?.aborted ? signal.reason : new DOMException("fan-out stopped", "AbortError");
    const stopped = [...running.values()];
    running.clear();
    for (const controller of stopped) controller.abort(reason);
  }
}

/** The item as a URL when it is one (a URL or an absolute http(s) URL string), for the timeout error. */
function itemUrl(item: unknown): string | undefined {
  const text = item instanceof URL ? item.href : typeof item === "string" ? item : undefined;
  return text !== undefined && /^https?:\/\//i.test(text) && URL.canParse(text) ? text : undefined;
}

/** The host of an item that is an http(s) URL (or URL string), for the per-host limit. */
function defaultHost(item: unknown): string | undefined {
  const url = itemUrl(item);
  return url === undefined ? undefined : new URL(url).host;
}

/** Keeps a VOError; wraps anything else, keeping its message and the original as `cause`. */
function toVOError(error: unknown): VOError {
  if (error instanceof VOError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new VOError(message, { cause: error });
}

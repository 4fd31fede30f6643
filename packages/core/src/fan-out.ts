/**
 * Bounded fan-out: run one operation over many items (services, datasets)
 * with at most `concurrency` in flight, a per-item timeout, one caller signal,
 * and per-item settled outcomes, so one failing service never stops the others.
 */
import { DALServiceError, ParameterError, VOError } from "@vo/votable";

/** The outcome of one item: its value or its error (always a `VOError`), and how long it took. */
export type FanOutResult<T, R> =
  | { readonly item: T; readonly index: number; readonly ok: true; readonly value: R; readonly ms: number }
  | { readonly item: T; readonly index: number; readonly ok: false; readonly error: VOError; readonly ms: number };

/** A progress event, sent after each item settles. */
export interface FanOutProgress<T, R> {
  /** Items settled so far, this one included. */
  readonly done: number;
  readonly total: number;
  /** Items failed so far. */
  readonly failed: number;
  readonly item: T;
  readonly outcome: FanOutResult<T, R>;
}

/** Options of {@link fanOut} and {@link fanOutIter}. */
export interface FanOutOptions<T, R> {
  /** Most items in flight at once (default 4). */
  concurrency?: number;
  /** Per-item time limit in ms; on expiry the item's signal aborts and it fails with `DALServiceError` `VO_ERR_TIMEOUT`. */
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

interface Running<T, R> {
  readonly controller: AbortController;
  readonly settled: Promise<FanOutResult<T, R>>;
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
  const { concurrency = 4, timeout, signal, onProgress } = options;
  if (!(concurrency >= 1) || (!Number.isInteger(concurrency) && concurrency !== Infinity)) {
    throw new ParameterError("concurrency", "an integer >= 1", concurrency);
  }
  if (timeout !== undefined && !(timeout > 0)) throw new ParameterError("timeout", "a positive number of milliseconds", timeout);
  signal?.throwIfAborted();

  const list = [...items];
  const running = new Map<number, Running<T, R>>();
  let next = 0;
  let done = 0;
  let failed = 0;

  // Settles (never rejects) when the caller aborts, so the race below can stop waiting for hung operations.
  let onAbort = (): void => {};
  const aborted = new Promise<"aborted">((resolve) => (onAbort = () => resolve("aborted")));
  signal?.addEventListener("abort", onAbort, { once: true });

  const start = (index: number): void => {
    const item = list[index] as T;
    const controller = new AbortController();
    const started = performance.now();
    const settled = new Promise<FanOutResult<T, R>>((resolve) => {
      const finish = (outcome: { ok: true; value: R } | { ok: false; error: VOError }): void => {
        clearTimeout(timer);
        resolve({ item, index, ...outcome, ms: performance.now() - started });
      };
      const timer =
        timeout === undefined
          ? undefined
          : setTimeout(() => {
              const reason = new DOMException(`item ${index} timed out after ${timeout} ms`, "TimeoutError");
              controller.abort(reason);
              finish({ ok: false, error: new DALServiceError(`timed out after ${timeout} ms`, { code: "VO_ERR_TIMEOUT", cause: reason }) });
            }, timeout);
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
    });
    running.set(index, { controller, settled });
  };

  try {
    while (next < list.length || running.size > 0) {
      while (running.size < concurrency && next < list.length) start(next++);
      const first = await Promise.race([aborted, ...[...running.values()].map((r) => r.settled)]);
      if (first === "aborted" || signal?.aborted) throw signal?.reason;
      running.delete(first.index);
      done++;
      if (!first.ok) failed++;
      onProgress?.({ done, total: list.length, failed, item: first.item, outcome: first });
      yield first;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    const reason = signal?.aborted ? signal.reason : new DOMException("fan-out stopped", "AbortError");
    for (const { controller } of running.values()) controller.abort(reason);
  }
}

/** Keeps a VOError; wraps anything else, keeping its message and the original as `cause`. */
function toVOError(error: unknown): VOError {
  if (error instanceof VOError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new VOError(message, { cause: error });
}

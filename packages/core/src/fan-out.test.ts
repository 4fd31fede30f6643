import { describe, expect, it, vi } from "vitest";
import { DALServiceError, ParameterError, VOError } from "@vo/votable";
import { fanOut, fanOutIter } from "./fan-out.js";
import type { FanOutProgress } from "./fan-out.js";

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

describe("fanOut", () => {
  it("returns every outcome in input order", async () => {
    const results = await fanOut([30, 10, 20], async (ms) => {
      await sleep(ms);
      return ms * 2;
    });
    expect(results.map((r) => (r.ok ? r.value : r.error))).toEqual([60, 20, 40]);
    expect(results.map((r) => r.item)).toEqual([30, 10, 20]);
    expect(results.map((r) => r.index)).toEqual([0, 1, 2]);
    for (const r of results) expect(r.ms).toBeGreaterThanOrEqual(0);
  });

  it("never has more than `concurrency` operations in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const results = await fanOut(
      Array.from({ length: 20 }, (_, i) => i),
      async (i) => {
        most = Math.max(most, ++inFlight);
        await sleep(1 + (i % 4) * 3);
        inFlight--;
        return i;
      },
      { concurrency: 3 },
    );
    expect(most).toBe(3);
    expect(results).toHaveLength(20);
  });

  it("defaults to 4 in flight", async () => {
    let inFlight = 0;
    let most = 0;
    await fanOut(Array.from({ length: 10 }, (_, i) => i), async () => {
      most = Math.max(most, ++inFlight);
      await sleep(2);
      inFlight--;
    });
    expect(most).toBe(4);
  });

  it("never has more than `perHost` in flight for one host, and lets other hosts' items pass a full host", async () => {
    const urls = [
      ...Array.from({ length: 6 }, (_, i) => `https://a.example/s${i}`),
      ...Array.from({ length: 3 }, (_, i) => `http://b.example:8080/s${i}`),
    ];
    const inFlight = new Map<string, number>();
    const most = new Map<string, number>();
    const startedAt: string[] = [];
    await fanOut(
      urls,
      async (url) => {
        const host = new URL(url).host;
        inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
        most.set(host, Math.max(most.get(host) ?? 0, inFlight.get(host) ?? 0));
        startedAt.push(url);
        await sleep(5);
        inFlight.set(host, (inFlight.get(host) ?? 0) - 1);
      },
      { concurrency: 4, perHost: 2 },
    );
    expect(most.get("a.example")).toBe(2);
    expect(most.get("b.example:8080")).toBe(2);
    // b's first items start right after a's first two, not after all of a's.
    expect(startedAt.slice(0, 4)).toEqual([urls[0], urls[1], urls[6], urls[7]]);
  });

  it("groups items by `hostOf` when they are not URLs", async () => {
    let inFlight = 0;
    let most = 0;
    await fanOut(
      Array.from({ length: 8 }, (_, i) => ({ id: i, server: "one" })),
      async () => {
        most = Math.max(most, ++inFlight);
        await sleep(2);
        inFlight--;
      },
      { concurrency: 8, perHost: 3, hostOf: (item) => item.server },
    );
    expect(most).toBe(3);
  });

  it("reports one failure among many without stopping the others, wrapping non-VOErrors", async () => {
    const boom = new TypeError("boom");
    const service = new DALServiceError("HTTP 500", { status: 500, url: "https://x/" });
    const results = await fanOut(["a", "b", "c", "d"], async (item) => {
      await sleep(1);
      if (item === "b") throw boom;
      if (item === "c") throw service;
      return item.toUpperCase();
    });
    expect(results.map((r) => r.ok)).toEqual([true, false, false, true]);
    const b = results[1]!;
    const c = results[2]!;
    if (b.ok || c.ok) throw new Error("expected failures");
    expect(b.error).toBeInstanceOf(VOError);
    expect(b.error.message).toBe("boom");
    expect(b.error.cause).toBe(boom);
    expect(c.error).toBe(service);
  });

  it("catches an operation that throws synchronously", async () => {
    const results = await fanOut([1], () => {
      throw new Error("sync");
    });
    expect(results[0]).toMatchObject({ ok: false, error: { message: "sync" } });
  });

  it("times out one item: aborts its signal and reports VO_ERR_TIMEOUT", async () => {
    let seen: AbortSignal | undefined;
    const results = await fanOut(
      ["slow", "fast"],
      async (item, { signal }) => {
        if (item === "slow") {
          seen = signal;
          await sleep(10_000, signal);
        }
        return item;
      },
      { timeout: 30 },
    );
    expect(results[1]).toMatchObject({ ok: true, value: "fast" });
    const slow = results[0]!;
    expect(slow.ok).toBe(false);
    if (slow.ok) return;
    expect(slow.error).toBeInstanceOf(DALServiceError);
    expect(slow.error.code).toBe("VO_ERR_TIMEOUT");
    expect((slow.error.cause as DOMException).name).toBe("TimeoutError");
    expect(seen?.aborted).toBe(true);
    expect(slow.ms).toBeGreaterThanOrEqual(25);
  });

  it("names the item's URL in a timeout, credentials redacted", async () => {
    const items = ["https://user:pw@svc.example.org/scs?", new URL("https://other.example.org/tap"), "not a url"];
    const results = await fanOut(items, () => new Promise<never>(() => {}), { timeout: 20 });
    const errors = results.map((r) => (r.ok ? undefined : r.error));
    expect(errors[0]?.url).toContain("svc.example.org/scs");
    expect(errors[0]?.url).not.toContain("pw");
    expect(errors[0]?.message).toContain("svc.example.org/scs");
    expect(errors[0]?.message).not.toContain("pw");
    expect(errors[1]?.url).toBe("https://other.example.org/tap");
    expect(errors[2]?.url).toBeUndefined();
    expect(errors[2]?.message).toContain("item 2");
  });

  it("times out an operation that ignores its signal", async () => {
    const results = await fanOut([1], () => new Promise<never>(() => {}), { timeout: 20 });
    expect(results[0]).toMatchObject({ ok: false, error: { code: "VO_ERR_TIMEOUT" } });
  });

  it("sends a progress event per item", async () => {
    const events: FanOutProgress<number, number>[] = [];
    await fanOut(
      [1, 2, 3],
      async (i) => {
        await sleep(i * 5);
        if (i === 2) throw new Error("two");
        return i;
      },
      { onProgress: (p) => events.push(p) },
    );
    expect(events.map(({ done, total, failed, item }) => ({ done, total, failed, item }))).toEqual([
      { done: 1, total: 3, failed: 0, item: 1 },
      { done: 2, total: 3, failed: 1, item: 2 },
      { done: 3, total: 3, failed: 1, item: 3 },
    ]);
    expect(events[1]?.outcome.ok).toBe(false);
  });

  it("stops everything on the caller's abort, rejecting with its reason", async () => {
    const controller = new AbortController();
    const reason = new Error("user gave up");
    const signals: AbortSignal[] = [];
    const started = vi.fn();
    const run = fanOut(
      Array.from({ length: 10 }, (_, i) => i),
      async (i, { signal }) => {
        started(i);
        signals.push(signal);
        await new Promise<never>(() => {}); // hangs, ignoring the signal
      },
      { concurrency: 2, signal: controller.signal },
    );
    await sleep(5);
    controller.abort(reason);
    await expect(run).rejects.toBe(reason);
    expect(started).toHaveBeenCalledTimes(2);
    expect(signals.every((s) => s.aborted && s.reason === reason)).toBe(true);
  });

  it("rejects at once when the signal is already aborted", async () => {
    const op = vi.fn(async () => 1);
    await expect(fanOut([1], op, { signal: AbortSignal.abort("no") })).rejects.toBe("no");
    expect(op).not.toHaveBeenCalled();
  });

  it("validates its options", async () => {
    await expect(fanOut([1], async () => 1, { concurrency: 0 })).rejects.toBeInstanceOf(ParameterError);
    await expect(fanOut([1], async () => 1, { concurrency: 1.5 })).rejects.toBeInstanceOf(ParameterError);
    await expect(fanOut([1], async () => 1, { timeout: -1 })).rejects.toBeInstanceOf(ParameterError);
    await expect(fanOut([1], async () => 1, { perHost: 0 })).rejects.toBeInstanceOf(ParameterError);
    await expect(fanOut([1], async () => 1, { concurrency: Infinity })).resolves.toHaveLength(1);
  });

  it("handles no items", async () => {
    await expect(fanOut([], async () => 1)).resolves.toEqual([]);
  });
});

describe("fanOutIter", () => {
  it("yields outcomes as they finish", async () => {
    const order: number[] = [];
    for await (const outcome of fanOutIter([30, 5, 15], async (ms) => {
      await sleep(ms);
      return ms;
    })) {
      order.push(outcome.item);
    }
    expect(order).toEqual([5, 15, 30]);
  });

  it("aborts the items in flight when the consumer stops early", async () => {
    const signals: AbortSignal[] = [];
    const iter = fanOutIter([1, 10_000, 10_000], async (ms, { signal }) => {
      signals.push(signal);
      await sleep(ms, signal);
      return ms;
    });
    for await (const outcome of iter) {
      expect(outcome.item).toBe(1);
      break;
    }
    expect(signals).toHaveLength(3);
    expect(signals[0]?.aborted).toBe(false);
    expect(signals.slice(1).every((s) => s.aborted)).toBe(true);
  });
});

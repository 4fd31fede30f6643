/**
 * The async example against the local DaCHS test bed (scripts/start-dachs.sh;
 * `npm run test:integ`). VO_DACHS_URL is the server base (default
 * http://localhost:8080); the TAP service is at `<base>/tap`. Fails, never
 * skips, when DaCHS does not answer.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DALQueryError } from "@vo/core";
import { defaultTapUrl, runTapAsync, SAMPLE_QUERIES } from "./tap-async.js";
import type { TapAsyncSummary } from "./tap-async.js";

const TAP_URL = defaultTapUrl();

beforeAll(async () => {
  const probe = await fetch(`${TAP_URL}/availability`, { signal: AbortSignal.timeout(10_000) }).catch((err: unknown) => err);
  if (!(probe instanceof Response) || !probe.ok) {
    throw new Error(`DaCHS is not reachable at ${TAP_URL} (${probe instanceof Response ? `HTTP ${probe.status}` : String(probe)}); start it with scripts/start-dachs.sh or set VO_DACHS_URL`);
  }
});

describe("tap-async example against DaCHS", () => {
  let summary: TapAsyncSummary;
  const lines: string[] = [];

  it("runs the sample jobs in parallel and collects every outcome", async () => {
    summary = await runTapAsync({ url: TAP_URL, print: (line) => lines.push(line), timeout: 90_000 });
    expect(summary.outcomes).toHaveLength(SAMPLE_QUERIES.length);
    expect(summary.finishOrder).toHaveLength(SAMPLE_QUERIES.length);
  });

  it("completes the good jobs with rows", () => {
    const good = summary.outcomes.filter((o) => o.label !== "broken ADQL");
    expect(good).toHaveLength(3);
    for (const o of good) {
      expect(o.ok, `${o.label}: ${o.ok ? "" : o.error.message}`).toBe(true);
      if (!o.ok) continue;
      expect(o.rows).toBeGreaterThan(0);
      expect(o.result.fieldnames).toEqual(["source_id", "name", "ra", "dec", "vmag"]);
      expect(o.phases.at(-1)).toBe("COMPLETED");
    }
  });

  it("surfaces the broken query as a DALQueryError with the service's message", () => {
    const broken = summary.outcomes.find((o) => o.label === "broken ADQL")!;
    expect(broken.ok).toBe(false);
    if (broken.ok) return;
    expect(broken.error).toBeInstanceOf(DALQueryError);
    expect(broken.error.code).toBe("VO_ERR_QUERY");
    expect(broken.error.message).toMatch(/FROM/);
    expect(lines.some((l) => l.includes("✘") && l.includes(broken.error.message))).toBe(true);
  });

  it("deletes every job at the end", async () => {
    expect(summary.deleteErrors).toEqual([]);
    expect(summary.deleted).toBe(SAMPLE_QUERIES.length);
    for (const o of summary.outcomes) {
      if (!o.jobId) continue;
      const res = await fetch(`${TAP_URL}/async/${o.jobId}`, { signal: AbortSignal.timeout(10_000) });
      await res.body?.cancel();
      expect(res.status, `job ${o.jobId} still there`).not.toBe(200);
    }
  });
});

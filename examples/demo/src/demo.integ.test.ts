/**
 * The demo against the local DaCHS test bed (scripts/start-dachs.sh;
 * `npm run test:integ`), in both modes. VO_DACHS_URL is the server base
 * (default http://localhost:8080). Fails, never skips, when DaCHS does not
 * answer; the demo itself is told not to start it (test-integ.mjs does).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { runDemo } from "./demo.js";
import { describeError } from "./report.js";
import { localTapUrl } from "./local-dachs.js";

const TAP_URL = localTapUrl();

beforeAll(async () => {
  const probe = await fetch(`${TAP_URL}/availability`, { signal: AbortSignal.timeout(10_000) }).catch((err: unknown) => err);
  if (!(probe instanceof Response) || !probe.ok) {
    throw new Error(`DaCHS is not reachable at ${TAP_URL} (${probe instanceof Response ? `HTTP ${probe.status}` : String(probe)}); start it with scripts/start-dachs.sh or set VO_DACHS_URL`);
  }
});

describe("npm run demo against the local DaCHS", () => {
  it("runs the sample session: capabilities, brightest stars with overflow, async job to COMPLETED, upload join", async () => {
    const lines: string[] = [];
    const result = await runDemo({ print: (l) => lines.push(l), startDachs: false, maxWidth: 160 });
    const text = lines.join("\n");
    expect(result.ok, describeError(result.error)).toBe(true);
    expect(result.steps.map((s) => s.ok)).toEqual([true, true, true, true, true]);
    expect(text).toMatch(/ADQL versions +2\.0, 2\.1/);
    expect(text).toMatch(/UNION +yes/);
    expect(text).toMatch(/uploads +inline/);
    expect(text).toMatch(/source_id +name +ra +dec +vmag/);
    expect(text).toMatch(/deg +deg +mag/);
    expect(text).toContain("10 rows. OVERFLOW");
    expect(text).toMatch(/phase EXECUTING[\s\S]*phase COMPLETED/);
    expect(text).toContain("result fetched: 10 rows");
    expect(text).toMatch(/job \S+ deleted/);
    expect(text).toContain("2 000 stars in 10 bins");
    expect(text).toMatch(/matches within 108″: M31 nucleus [1-9]\d*, Orion Trapezium [1-9]\d*, equator field [1-9]\d*, blank sky 0/);
    expect(text).toMatch(/^Timing$/m);
    expect(text).toMatch(/ total +\d/);
  });

  it("runs the generic session when given the URL", async () => {
    const lines: string[] = [];
    const result = await runDemo({ url: TAP_URL, print: (l) => lines.push(l) });
    const text = lines.join("\n");
    expect(result.ok, describeError(result.error)).toBe(true);
    expect(result.steps).toHaveLength(6);
    expect(text).toMatch(/\d+ tables, \d+ columns/);
    expect(text).toContain("first table that is not TAP_SCHEMA:");
    expect(text).toContain("phase COMPLETED");
    expect(text).toContain("3 rows came back (3 sent)");
  });

  it("fails with the service's message on a broken service path", async () => {
    const result = await runDemo({ url: `${TAP_URL.replace(/\/tap$/, "")}/no-such-tap`, print: () => {} });
    expect(result.ok).toBe(false);
    expect(describeError(result.error)).toMatch(/^VO_ERR_SERVICE: HTTP 404/);
  });
});

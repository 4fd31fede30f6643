/**
 * SCSService against the local DaCHS test bed (scripts/start-dachs.sh;
 * `npm run test:integ`). URLs come from scripts/dachs/services.json, re-based
 * on VO_DACHS_URL. An unreachable server fails the suite (never a silent skip).
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, DALServiceError, fanOut, interval, ParameterError } from "@vo/core";
import type { Client, VOWarning } from "@vo/core";
import { scs } from "./plugin.js";
import type { SCSService } from "./scs-service.js";

interface Services {
  baseUrl: string;
  scs: { url: string; expect: { ra: number; dec: number; sr: number; rows: number; custom: { VMAG: string; rows: number } } };
}
const base = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");
const raw = JSON.parse(readFileSync(new URL("../../../scripts/dachs/services.json", import.meta.url), "utf8")) as Services;
const SCS = base + raw.scs.url.slice(raw.baseUrl.length);
const E = raw.scs.expect;

let client: Client<{ scs: SCSService }>;
const warnings: VOWarning[] = [];

beforeAll(async () => {
  const probe = await fetch(`${SCS}?FORMAT=METADATA`, { signal: AbortSignal.timeout(10_000) }).catch((e: unknown) => e);
  if (!(probe instanceof Response) || !probe.ok) {
    throw new Error(`DaCHS is not reachable at ${base} (${probe instanceof Response ? `HTTP ${probe.status}` : String(probe)}); start it with scripts/start-dachs.sh or set VO_DACHS_URL`);
  }
  client = createClient({ plugins: [scs()], onWarning: (w) => warnings.push(w) }) as typeof client;
});
afterAll(async () => {
  await client?.close();
});

describe("SCS against DaCHS", () => {
  it("runs a cone search and reads positions and ids by UCD", async () => {
    const rs = await client.service("scs", SCS).search([E.ra, E.dec], E.sr);
    expect(rs.length).toBe(E.rows);
    for (const star of rs) {
      const [ra, dec] = star.pos!;
      expect(Math.abs(dec - E.dec)).toBeLessThan(E.sr);
      expect(Math.abs((ra - E.ra) * Math.cos((E.dec * Math.PI) / 180))).toBeLessThan(E.sr);
      // SCS 1.03 wants a char ID_MAIN column; DaCHS casts its bigint source_id to char.
      expect(String(star.id)).toMatch(/^\d{19}$/);
    }
  });

  it("flags an overflow at MAXREC", async () => {
    const rs = await client.service("scs", SCS).search([E.ra, E.dec], 1, { maxrec: 3 });
    expect(rs.length).toBe(3);
    expect(rs.overflow).toBeDefined();
  });

  it("discovers the custom VMAG interval and sends it", async () => {
    const svc = client.service("scs", SCS);
    const meta = await svc.describe();
    const vmag = meta.inputParams.find((p) => p.name.toUpperCase() === "VMAG");
    expect(vmag).toMatchObject({ interval: "dali", datatype: "float", unit: "mag" });
    const rs = await svc.search([E.ra, E.dec], E.sr, { VMAG: interval(10, 14.2), validate: true });
    expect(rs.length).toBe(E.custom.rows);
    // the course's spelling: a plain array, sent as the DALI interval the metadata declares (issue #13)
    expect((await svc.search([E.ra, E.dec], E.sr, { VMAG: [10, 14.2] })).length).toBe(E.custom.rows);
    await expect(svc.search([E.ra, E.dec], E.sr, { NOT_DECLARED: [10, 14.2] })).rejects.toBeInstanceOf(ParameterError);
    await expect(svc.search([E.ra, E.dec], E.sr, { VMAG: "ten", validate: true })).rejects.toBeInstanceOf(ParameterError);
  });

  it("keeps the good services of several when one is broken", async () => {
    const urls = [SCS, `${base}/vosample/cat/nonexistent/scs.xml`, SCS];
    const progress: number[] = [];
    const results = await fanOut(urls, (url, { signal }) => client.service("scs", url).search([E.ra, E.dec], E.sr, { signal }), {
      concurrency: 2,
      timeout: 30_000,
      onProgress: (p) => progress.push(p.done),
    });
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const bad = results[1]!;
    expect(!bad.ok && bad.error).toBeInstanceOf(DALServiceError);
    expect(progress).toHaveLength(3);
  });
});

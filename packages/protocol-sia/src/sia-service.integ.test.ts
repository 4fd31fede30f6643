/**
 * SIA 1.0 and 2.0 against the local DaCHS test bed (scripts/start-dachs.sh;
 * `npm run test:integ`). URLs come from scripts/dachs/services.json, re-based
 * on VO_DACHS_URL. An unreachable server fails the suite (never a silent skip).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, fanOut, interval, ParameterError } from "@vo/core";
import type { Client, VOWarning } from "@vo/core";
import { sia } from "./plugin.js";
import { SIA2Service } from "./sia2-service.js";
import type { SIAService } from "./sia-service.js";

interface Services {
  baseUrl: string;
  fields: { m31: { ra: number; dec: number }; orion: { ra: number; dec: number } };
  siap1: { url: string };
  siav2: { url: string; capabilities: string };
}
const base = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");
const raw = JSON.parse(readFileSync(new URL("../../../scripts/dachs/services.json", import.meta.url), "utf8")) as Services;
const rebase = (u: string): string => base + u.slice(raw.baseUrl.length);
const SIA1 = rebase(raw.siap1.url);
const SIA2 = rebase(raw.siav2.url);
const SIA2_ROOT = rebase(raw.siav2.capabilities).replace(/capabilities$/, "");
const M31 = raw.fields.m31;

let client: Client<{ sia: SIAService; sia2: SIA2Service }>;
let dir: string;

beforeAll(async () => {
  const probe = await fetch(`${SIA1}?FORMAT=METADATA`, { signal: AbortSignal.timeout(10_000) }).catch((e: unknown) => e);
  if (!(probe instanceof Response) || !probe.ok) {
    throw new Error(`DaCHS is not reachable at ${base} (${probe instanceof Response ? `HTTP ${probe.status}` : String(probe)}); start it with scripts/start-dachs.sh or set VO_DACHS_URL`);
  }
  client = createClient({ plugins: [sia()] }) as typeof client;
  dir = await mkdtemp(join(tmpdir(), "vo-sia-integ-"));
});
afterAll(async () => {
  await client?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("SIA 1.0 against DaCHS", () => {
  it("finds the two M31 images and downloads a FITS file", async () => {
    const svc = client.service("sia", SIA1);
    const rs = await svc.search([M31.ra, M31.dec], 0.2, { format: "image/fits" });
    expect(rs.length).toBe(2);
    const rec = rs.at(0)!;
    expect(rec.title).toMatch(/M31FIELD/);
    expect(rec.format).toBe("image/fits");
    expect(Math.abs(rec.pos![0] - M31.ra)).toBeLessThan(0.2);
    expect(rec.naxis).toEqual([64, 64]);
    expect(rec.dateobs).toBeInstanceOf(Date);
    expect(rec.acref).toMatch(/^http/);
    const out = await rec.download(dir);
    expect(out.path.startsWith(dir)).toBe(true);
    expect(out.path).toMatch(/\.fits$/);
    const bytes = await readFile(out.path);
    expect(bytes.subarray(0, 9).toString("latin1")).toBe("SIMPLE  =");
    expect(out.bytes).toBe(bytes.length);
  });

  it("discovers the custom parameters and validates them before sending", async () => {
    const svc = client.service("sia", SIA1);
    const meta = await svc.describe();
    const names = meta.inputParams.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["POS", "SIZE", "FORMAT", "INTERSECT", "seeing", "dateObs"]));
    expect(meta.inputParams.find((p) => p.name === "INTERSECT")?.options?.map((o) => o.value)).toContain("CENTER");
    expect(meta.fields.length).toBeGreaterThan(5);
    const rs = await svc.search([M31.ra, M31.dec], 0.2, { SEEING: "1.5/2", validate: true });
    expect(rs.length).toBe(1);
    // a plain [lo, hi] for a declared SIA 1 parameter is its range list (issue #13)
    expect((await svc.search([M31.ra, M31.dec], 0.2, { SEEING: [1.5, 2] })).length).toBe(1);
    await expect(svc.search([M31.ra, M31.dec], 0.2, { intersect: "center", validate: true })).resolves.toBeDefined();
    await expect(svc.search([M31.ra, M31.dec], 0.2, { INTERSECT_X: 1, validate: true })).resolves.toBeDefined();
    await expect(svc.search([M31.ra, M31.dec], 0.2, { responseformat: "nonsense/type", validate: true })).rejects.toBeInstanceOf(ParameterError);
  });
});

describe("SIA 2.0 against DaCHS", () => {
  it("searches a circle and downloads a FITS image", async () => {
    const svc = client.service("sia2", SIA2);
    const rs = await svc.search({ pos: [M31.ra, M31.dec, 0.2] });
    expect(rs.length).toBe(2);
    const rec = rs.at(0)!;
    expect(rec.dataproductType).toBe("image");
    expect(rec.accessFormat).toBe("image/fits");
    expect(rec.obsCollection).toBe("vosample-img");
    expect(rec.format).toBe("image/fits");
    expect(rec.title).toBeTruthy();
    expect(rec.bandpassHilimit).toBeGreaterThan(rec.bandpassLolimit!);
    expect(rec.pos![1]).toBeCloseTo(M31.dec, 1);
    const out = await rec.download(dir);
    const bytes = await readFile(out.path);
    expect(bytes.subarray(0, 9).toString("latin1")).toBe("SIMPLE  =");
  });

  it("filters by time (Date → MJD) and band, with repeated POS", async () => {
    const svc = client.service("sia2", SIA2);
    const byTime = await svc.search({ pos: [M31.ra, M31.dec, 0.2], time: [new Date("2017-09-04T00:00:00Z"), new Date("2020-05-31T00:00:00Z")] });
    expect(byTime.length).toBe(1);
    expect(byTime.at(0)!.dateobs!.getUTCFullYear()).toBe(2019);
    const byMjd = await svc.search({ pos: [M31.ra, M31.dec, 0.2], time: interval(58000, 59000) });
    expect(byMjd.length).toBe(1);
    // the course's spelling: a DALI interval string (issue #13)
    expect((await svc.search({ pos: [M31.ra, M31.dec, 0.2], time: "58000 59000" })).length).toBe(1);
    expect((await svc.search({ band: "5e-7 5.5e-7" })).length).toBe(5);
    const band = await svc.search({ band: [5e-7, 5.5e-7] });
    expect(band.length).toBe(5);
    const two = await svc.search({ pos: [[M31.ra, M31.dec, 0.2], [raw.fields.orion.ra, raw.fields.orion.dec, 0.2]], collection: "vosample-img" });
    expect(two.length).toBe(4);
  });

  it("reads the declared parameters with MAXREC=0", async () => {
    const meta = await client.service("sia2", SIA2).getMetadata();
    const band = meta.inputParams.find((p) => p.name === "BAND");
    expect(band).toMatchObject({ interval: "dali", datatype: "double", arraysize: "2" });
    expect(meta.inputParams.map((p) => p.name)).toEqual(expect.arrayContaining(["POS", "TIME", "CALIB", "FORMAT"]));
  });

  it("searches several services at once; a broken one is reported, the good ones kept", async () => {
    const urls = [SIA2, `${base}/no/such/siap2.xml`, SIA2];
    const results = await fanOut(urls, (url, { signal }) => client.service("sia2", url).search({ pos: [M31.ra, M31.dec, 0.2], signal }), {
      concurrency: 3,
      timeout: 30_000,
    });
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const bad = results[1]!;
    if (!bad.ok) expect(bad.error.code).toMatch(/^VO_ERR_/);
    for (const r of results) if (r.ok) expect(r.value.length).toBe(2);
  });
});

describe("SIA 2.0 from VOSI capabilities against DaCHS", () => {
  it("finds the query endpoint from the service root (its capabilities include one without standardID) and searches", async () => {
    const warnings: VOWarning[] = [];
    const svc = await SIA2Service.fromCapabilities(SIA2_ROOT, { transport: client.transport, onWarning: (w) => warnings.push(w) });
    expect(svc.baseUrl).toBe(SIA2);
    const rs = await svc.search({ pos: [M31.ra, M31.dec, 0.2] });
    expect(rs.length).toBe(2);
    expect(warnings).toEqual([]);
  });

  it("accepts the query endpoint itself (the sibling capabilities confirm it) through a client's service", async () => {
    const direct = client.service("sia2", SIA2);
    expect(await direct.resolveQueryEndpoint()).toBe(direct);
    const fromRoot = await client.service("sia2", SIA2_ROOT.replace(/\/$/, "")).resolveQueryEndpoint();
    expect(fromRoot.baseUrl).toBe(SIA2);
    expect((await fromRoot.search({ pos: [M31.ra, M31.dec, 0.2], time: [58000, 59000] })).length).toBe(1);
  });
});

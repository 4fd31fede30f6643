/**
 * SSAService against the local DaCHS test bed (scripts/start-dachs.sh;
 * `npm run test:integ`). URLs come from scripts/dachs/services.json, re-based
 * on VO_DACHS_URL. An unreachable server fails the suite (never a silent skip).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, ParameterError } from "@vo/core";
import type { Client } from "@vo/core";
import { ssa } from "./plugin.js";
import type { SSAService } from "./ssa-service.js";

interface Services {
  baseUrl: string;
  fields: { m31: { ra: number; dec: number } };
  datalink: { dlget: string; exampleId: string };
  ssap: { url: string; expect: { size: number; rows: number; custom: { AIRMASS: string; rows: number } } };
}
const base = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");
const raw = JSON.parse(readFileSync(new URL("../../../scripts/dachs/services.json", import.meta.url), "utf8")) as Services;
const SSA = base + raw.ssap.url.slice(raw.baseUrl.length);
const M31 = raw.fields.m31;
const E = raw.ssap.expect;

let client: Client<{ ssa: SSAService }>;
let dir: string;

beforeAll(async () => {
  const probe = await fetch(`${SSA}?REQUEST=queryData&FORMAT=METADATA`, { signal: AbortSignal.timeout(10_000) }).catch((e: unknown) => e);
  if (!(probe instanceof Response) || !probe.ok) {
    throw new Error(`DaCHS is not reachable at ${base} (${probe instanceof Response ? `HTTP ${probe.status}` : String(probe)}); start it with scripts/start-dachs.sh or set VO_DACHS_URL`);
  }
  client = createClient({ plugins: [ssa()] }) as typeof client;
  dir = await mkdtemp(join(tmpdir(), "vo-ssa-integ-"));
});
afterAll(async () => {
  await client?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("SSA against DaCHS", () => {
  it("finds the M31 spectra and reads them by utype", async () => {
    const rs = await client.service("ssa", SSA).search([M31.ra, M31.dec], E.size);
    expect(rs.length).toBe(E.rows);
    const rec = rs.at(0)!;
    expect(rec.title).toBeTruthy();
    expect(rec.acref).toMatch(/^http/);
    expect(Math.abs(rec.pos![0] - M31.ra)).toBeLessThan(0.2);
    expect(rec.dateobs).toBeInstanceOf(Date);
    expect(rec.bandpassLolimit).toBeGreaterThan(0);
    expect(rec.bandpassHilimit).toBeGreaterThan(rec.bandpassLolimit!);
  });

  it("downloads a spectrum as FITS (FORMAT on the access URL)", async () => {
    const rs = await client.service("ssa", SSA).search([M31.ra, M31.dec], E.size);
    const rec = rs.at(0)!;
    const out = await rec.download(dir);
    expect(out.path.startsWith(dir)).toBe(true);
    expect(out.bytes).toBeGreaterThan(0);
    // The access URL redirects to datalink dlget, which answers an SDM VOTable; FORMAT=application/fits gives FITS.
    const dlget = base + raw.datalink.dlget.slice(raw.baseUrl.length);
    const fitsUrl = `${dlget}?ID=${encodeURIComponent(raw.datalink.exampleId)}&FORMAT=application/fits`;
    const { downloadDataset } = await import("@vo/core");
    const fits = await downloadDataset(client.service("ssa", SSA).transport, fitsUrl, dir, { suggestedName: rec.suggestDatasetBasename() });
    expect(fits.path).toBe(join(dir, "vosample_data_spec_spec_m31_a_proc.fits")); // from Content-Disposition
    expect((await readFile(fits.path)).subarray(0, 9).toString("latin1")).toBe("SIMPLE  =");
  });

  it("filters by band and time", async () => {
    const svc = client.service("ssa", SSA);
    const all = await svc.search([M31.ra, M31.dec], E.size, { band: [7e-7, 4e-7] });
    expect(all.length).toBe(E.rows);
    const some = await svc.search([M31.ra, M31.dec], E.size, { time: [new Date("2019-01-01T00:00:00Z"), new Date("2020-01-01T00:00:00Z")] });
    expect(some.length).toBe(1);
  });

  it("discovers the custom AIRMASS parameter and validates before sending", async () => {
    const svc = client.service("ssa", SSA);
    const meta = await svc.getMetadata();
    expect(meta.inputParams.map((p) => p.name)).toEqual(expect.arrayContaining(["POS", "SIZE", "BAND", "TIME", "airmass", "FLUXCALIB"]));
    const rs = await svc.search(undefined, undefined, { AIRMASS: E.custom.AIRMASS, validate: true });
    expect(rs.length).toBe(E.custom.rows);
    // a plain [lo, hi] for a declared SSA parameter is its range list (issue #13)
    expect((await svc.search(undefined, undefined, { AIRMASS: [1.4, 1.7] })).length).toBe(E.custom.rows);
    await expect(svc.search([M31.ra, M31.dec], E.size, { FLUXCALIB: "BOGUS", validate: true })).rejects.toBeInstanceOf(ParameterError);
  });
});

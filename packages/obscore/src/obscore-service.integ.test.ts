/** ObsCore over the local DaCHS test bed (VO_DACHS_URL, default http://localhost:8080). */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "@vo/core";
import { adql, tap } from "@vo/protocol-tap";
import type { TAPService } from "@vo/protocol-tap";
import { findObscoreTable, ObsCoreService } from "./obscore-service.js";

const base = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");
const TAP_URL = base.endsWith("/tap") ? base : `${base}/tap`;
const makeClient = () => createClient({ plugins: [tap()], onWarning: () => undefined });
let client: ReturnType<typeof makeClient>;
let service: TAPService;

beforeAll(async () => {
  const probe = await fetch(`${TAP_URL}/availability`, { signal: AbortSignal.timeout(10_000) }).catch((err: unknown) => err);
  if (!(probe instanceof Response) || !probe.ok) {
    const why = probe instanceof Response ? `HTTP ${probe.status}` : String(probe);
    throw new Error(`DaCHS is not reachable at ${TAP_URL} (${why}); start it with scripts/start-dachs.sh or set VO_DACHS_URL`);
  }
  client = makeClient();
  service = client.service("tap", TAP_URL);
});
afterAll(async () => {
  await client?.close();
});

describe("ObsCore against DaCHS", () => {
  it("finds ivoa.obscore", async () => {
    expect(await findObscoreTable(service)).toBe("ivoa.obscore");
  });

  it("returns typed records", async () => {
    const obscore = new ObsCoreService(service);
    const records = await obscore.search(adql`o.dataproduct_type = ${"image"}`, { maxrec: 100 });
    expect(records.length).toBe(6);
    for (const r of records) {
      expect(r.dataproductType).toBe("image");
      expect(typeof r.sRa).toBe("number");
      expect(r.accessUrl).toMatch(/^http/);
      expect(r.obsPublisherDid).toMatch(/^ivo:\/\//);
    }
  });

  it("downloads an image found through ObsCore, and the bytes are FITS", async () => {
    const obscore = new ObsCoreService(service);
    const [record] = await obscore.search(adql`o.dataproduct_type = ${"image"}`, { maxrec: 1 });
    expect(record?.dataUrl).toMatch(/^http/);
    const dir = await mkdtemp(join(tmpdir(), "vo-obscore-"));
    try {
      const result = await record!.download(dir);
      expect(result.path.startsWith(dir)).toBe(true);
      expect((await readFile(result.path)).subarray(0, 9).toString("latin1")).toBe("SIMPLE  =");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  // Sample data (scripts/dachs/gen_data.py): spectra "M31 star A/B" ~0.01–0.04° from the M31 field centre,
  // "Orion star A" 0.01° and "Orion star B" ~0.03° from the Orion centre, "Equator star" at (180, 0); nothing at (0, -80).
  const M31: readonly [number, number] = [10.6847, 41.269];
  const ORION = { ra: 83.8221, dec: -5.3911 };
  const byIndex = (matches: readonly { index: number; record: { targetName: string | undefined } }[]): string[][] => {
    const out: string[][] = [];
    for (const m of matches) (out[m.index] ??= []).push(m.record.targetName ?? "?");
    return Array.from(out, (names) => (names ?? []).sort());
  };

  it("searches several positions with one upload join, each with its own radius", async () => {
    const obscore = new ObsCoreService(service);
    const matches = await obscore.searchPositions([M31, { ...ORION, radius: 0.015 }, [180, 0], [0, -80]], {
      radius: 0.1,
      dataproductType: "spectrum",
    });
    expect(matches.map((m) => m.index)).toEqual([0, 0, 1, 2]); // ordered by position
    expect(byIndex(matches)).toEqual([["M31 star A", "M31 star B"], ["Orion star A"], ["Equator star"]]);
    for (const { record } of matches) {
      expect(record.dataproductType).toBe("spectrum");
      expect(record.obsCollection).toBe("vosample-spec");
      expect(typeof record.emMin).toBe("number");
      expect(record.accessUrl).toMatch(/^http/);
    }
  });

  it("filters positional matches by type, calibration level and a condition, also as an async job", async () => {
    const obscore = new ObsCoreService(service);
    const images = await obscore.searchPositions([M31, ORION], { radius: 0.1, dataproductType: ["image"], calibLevel: [2] });
    expect(byIndex(images).map((names) => names.length)).toEqual([2, 2]);
    expect(images.every((m) => m.record.dataproductType === "image")).toBe(true);
    const red = await obscore.searchPositions([M31, ORION], {
      radius: 0.1,
      dataproductType: "spectrum",
      where: adql`o.em_min > ${4.5e-7}`, // Orion spectra start at 500 nm, M31 ones at 400 nm
      mode: "async",
      timeout: 60_000,
    });
    expect(byIndex(red)).toEqual([[], ["Orion star A", "Orion star B"]]);
    expect(await obscore.searchPositions([[0, -80]], { radius: 1 })).toEqual([]);
  });
});

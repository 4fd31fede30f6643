/** ObsCore over the local DaCHS test bed (VO_DACHS_URL, default http://localhost:8080). */
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
  if (!(probe instanceof Response) || !probe.ok) throw new Error(`DaCHS is not reachable at ${TAP_URL}; start it with scripts/start-dachs.sh or set VO_DACHS_URL`);
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

  it("searches several positions with one upload join", async () => {
    const obscore = new ObsCoreService(service);
    const matches = await obscore.searchPositions(
      [
        [10.6847, 41.269],
        { ra: 83.8221, dec: -5.3911 },
      ],
      { radius: 0.5, dataproductType: "spectrum" },
    );
    expect(matches.length).toBeGreaterThan(0);
    for (const m of matches) {
      expect([0, 1]).toContain(m.index);
      expect(m.record.dataproductType).toBe("spectrum");
      expect(typeof m.record.emMin).toBe("number");
    }
  });
});

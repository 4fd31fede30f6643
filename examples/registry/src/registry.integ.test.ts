/**
 * Runs the registry course examples against the RegTAP test bed on the local
 * DaCHS (scripts/dachs/beds/regtap; `npm run test:integ`). An unreachable
 * server fails the suite, never a silent skip. When the examples are built,
 * the compiled pm-catalogues.js is also run with node, as a user would.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { createClient } from "@vo/core";
import { registry, search } from "@vo/registry";
import { REGISTRY } from "./common.js";
import { pmCatalogues } from "./pm-catalogues.js";
import { properMotion, properMotionConstraint } from "./proper-motion.js";
import { servicesByBand } from "./services-by-band.js";
import { tableSearch } from "./table-search.js";
import { uatSubjects } from "./uat-subjects.js";

const lines: string[] = [];
const log = (line: string): void => void lines.push(line);
// (other beds' records, such as ivo://testbed.example/auth/tap, are left out)
const OURS = /^ivo:\/\/((astro-archive|radio-obs|planetary|survey)\.example(\/|$)|testbed\.example(\/(vosample\/cat|obscore|sia2|rr|org))?$)/;

beforeAll(async () => {
  const probe = await fetch(`${REGISTRY}/sync?LANG=ADQL&QUERY=${encodeURIComponent("SELECT COUNT(*) FROM rr.resource")}`, { signal: AbortSignal.timeout(15_000) }).catch((e: unknown) => e);
  if (!(probe instanceof Response) || !probe.ok) throw new Error(`the RegTAP test bed is not reachable at ${REGISTRY}; run scripts/start-dachs.sh`);
});

describe("registry course examples against the RegTAP test bed", () => {
  it("servicetype + waveband: every optical SIA service queried, broken ones reported", async () => {
    const outcomes = await servicesByBand({ log });
    const byId = new Map(outcomes.map((o) => [o.item.ivoid, o]));
    const local = byId.get("ivo://vo.integ.local/vosample/img/siap");
    expect(local?.ok && local.value).toBe(2);
    const plates = byId.get("ivo://astro-archive.example/optical/plates");
    expect(plates?.ok).toBe(false);
    expect(lines.some((l) => /optical SIA services/.test(l))).toBe(true);
  });

  it("UAT with expandDown: narrower terms find more", async () => {
    const { exact, expanded } = await uatSubjects("neutron-stars", 2, { log });
    expect(exact.filter((id) => OURS.test(id))).toEqual(["ivo://radio-obs.example/pulsars"]);
    expect(expanded.filter((id) => OURS.test(id)).sort()).toEqual(["ivo://radio-obs.example/pulsars"]);
    const wider = await uatSubjects("gamma-ray-sources", 1, { log });
    expect(wider.exact.filter((id) => OURS.test(id))).toEqual([]);
    expect(wider.expanded.filter((id) => OURS.test(id))).toEqual(["ivo://astro-archive.example/gamma/grb"]);
  });

  it("the multi-service table search: the same ADQL on every ObsCore endpoint", async () => {
    const outcomes = await tableSearch({ log });
    const local = outcomes.find((o) => o.item.getInterface("tap", { lax: true }).accessUrl === REGISTRY);
    expect(local?.ok).toBe(true);
    if (local?.ok) expect(local.value).toBeGreaterThanOrEqual(6);
    expect(outcomes.filter((o) => !o.ok).map((o) => o.item.ivoid).filter((id) => OURS.test(id)).sort()).toEqual([
      "ivo://astro-archive.example/proprietary/tap",
      "ivo://astro-archive.example/tap",
      "ivo://radio-obs.example/tap",
    ]);
  });

  it("the pos.pm% catalogue search, by UCD and by the third-party constraint plugin", async () => {
    const { byUcd, byPlugin, coneRows } = await pmCatalogues({ log });
    expect(byUcd.filter((id) => OURS.test(id)).sort()).toEqual([
      "ivo://radio-obs.example/pulsars",
      "ivo://survey.example/astrometric/dr3",
      "ivo://survey.example/ppm",
      "ivo://testbed.example/vosample/cat",
    ]);
    expect(byPlugin.filter((id) => OURS.test(id)).sort()).toEqual([
      "ivo://radio-obs.example/pulsars",
      "ivo://survey.example/astrometric/dr3",
      "ivo://survey.example/ppm",
      "ivo://testbed.example/vosample/cat",
    ]);
    expect(byPlugin).toContain("ivo://vo.integ.local/vosample/cat/cone");
    expect(coneRows).toBe(6);
  });

  it("the plugin's constraint also works positionally and refuses bad values", async () => {
    const client = createClient({ plugins: [registry({ endpoint: REGISTRY }), properMotion()] });
    try {
      const three = await search(client, properMotionConstraint.of({ minColumns: 3 }));
      expect(three.ivoids().filter((id) => OURS.test(id))).toEqual([]);
      await expect(search(client, { properMotion: { minColumns: 0 } })).rejects.toMatchObject({ code: "VO_ERR_PARAMETER" });
    } finally {
      await client.close();
    }
  });

  it("runs as a script when built", async () => {
    const script = fileURLToPath(new URL("../dist/pm-catalogues.js", import.meta.url));
    if (!existsSync(script)) return; // unbuilt checkout: the functions above ran the same code
    const { stdout } = await promisify(execFile)(process.execPath, [script], { env: { ...process.env }, timeout: 60_000 });
    expect(stdout).toMatch(/stars within 3' of M31/);
  });
});

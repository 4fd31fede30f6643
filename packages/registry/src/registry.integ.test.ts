/**
 * @vo/registry against the RegTAP test bed (scripts/dachs/beds/regtap, on the
 * local DaCHS: `npm run test:integ`). The expected ivoids are those of the
 * bed's own records (authorities below); records that other beds add or that
 * DaCHS publishes (ivo://vo.integ.local/…) are checked only where named.
 * An unreachable server fails the suite (never a silent skip).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, definePlugin, PluginError } from "@vo/core";
import type { Client, Plugin } from "@vo/core";
import { adql, tap, TAPService } from "@vo/protocol-tap";
import { scs, SCSService } from "@vo/protocol-scs";
import { sia, SIA2Service } from "@vo/protocol-sia";
import { ssa } from "@vo/protocol-ssa";
import { defineConstraint } from "./constraint.js";
import { datamodel, servicetype, spatial, ucd, uat, waveband } from "./constraints.js";
import { RegTAPFeatureMissingError } from "./errors.js";
import { registry } from "./plugin.js";
import { RegTAPService } from "./regtap-service.js";
import { resolve } from "./resolve.js";
import { getRegTAPService, search } from "./search.js";
import type { RegistryClient, SearchArg } from "./search.js";

const base = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");
const REGTAP = `${base}/tap`;
/** The authorities of the bed's own records: results are compared exactly on these. */
// (other beds' records, such as ivo://testbed.example/auth/tap, are left out)
const OURS = /^ivo:\/\/((astro-archive|radio-obs|planetary|survey)\.example(\/|$)|testbed\.example(\/(vosample\/cat|obscore|sia2|rr|org))?$)/;

const pmCatalogues = defineConstraint({
  keyword: "properMotion",
  description: "catalogues with proper motion columns (at least minColumns pos.pm columns in one table)",
  tables: ["rr.table_column"],
  parse: (value: unknown): { minColumns: number } => {
    const n = (value as { minColumns?: unknown })?.minColumns ?? 1;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1) throw new TypeError("minColumns must be a positive integer");
    return { minColumns: n };
  },
  condition: ({ minColumns }) =>
    adql`ucd LIKE ${"pos.pm%"} AND table_index IN (SELECT table_index FROM rr.table_column AS c2 WHERE c2.ivoid = sub0.ivoid AND c2.ucd LIKE ${"pos.pm%"} GROUP BY table_index HAVING COUNT(*) >= ${minColumns})`,
});
const properMotion = (): Plugin<object, { properMotion: { minColumns: number } }> =>
  definePlugin({ name: "pm-constraint", version: "1.0.0", core: "*", register: (r) => r.constraint(pmCatalogues.keyword, pmCatalogues) });

let client: Client<object, { properMotion: { minColumns: number } }>;

async function ours(...args: SearchArg<{ properMotion: { minColumns: number } }>[]): Promise<string[]> {
  const found = await search(client, ...args);
  return found.ivoids().filter((id) => OURS.test(id)).sort();
}

beforeAll(async () => {
  const probe = await fetch(`${REGTAP}/sync?LANG=ADQL&QUERY=${encodeURIComponent("SELECT COUNT(*) FROM rr.resource")}`, { signal: AbortSignal.timeout(15_000) }).catch((e: unknown) => e);
  if (!(probe instanceof Response) || !probe.ok) {
    throw new Error(`the RegTAP test bed is not reachable at ${REGTAP} (${probe instanceof Response ? `HTTP ${probe.status}` : String(probe)}); run scripts/start-dachs.sh`);
  }
  client = createClient({ plugins: [registry({ endpoint: REGTAP }), tap(), scs(), sia(), ssa(), properMotion()] });
});
afterAll(async () => {
  await client?.close();
});

describe("constraints find their records and no others", () => {
  it("servicetype: short names, standard ids, sia2 by pattern, several OR-ed", async () => {
    expect(await ours({ servicetype: "sia" })).toEqual(["ivo://astro-archive.example/optical/plates", "ivo://astro-archive.example/xray/images", "ivo://survey.example/ir/images"]);
    expect(await ours({ servicetype: "ivo://ivoa.net/std/SIA" })).toEqual(await ours({ servicetype: "sia1" }));
    expect(await ours({ servicetype: "sia2" })).toEqual([
      "ivo://astro-archive.example/euv/sun",
      "ivo://astro-archive.example/xray/images",
      "ivo://radio-obs.example/hi/cubes",
      "ivo://testbed.example/sia2",
    ]);
    expect(await ours(servicetype("slap", "hips"))).toEqual(["ivo://astro-archive.example/hips/dss", "ivo://survey.example/lines"]);
    const harvested = (await search(client, { servicetype: "ssa" })).ivoids();
    expect(harvested).toContain("ivo://vo.integ.local/vosample/spec/ssa");
  });

  it("includeaux adds resources with auxiliary capabilities only", async () => {
    const plain = await ours({ servicetype: "tap" });
    expect(plain).toEqual([
      "ivo://astro-archive.example/proprietary/tap",
      "ivo://astro-archive.example/tap",
      "ivo://planetary.example/tap",
      "ivo://radio-obs.example/tap",
      "ivo://survey.example/tap",
      "ivo://testbed.example/rr",
    ]);
    const aux = await ours({ servicetype: "tap", includeaux: true });
    expect(aux).toEqual(
      [
        ...plain,
        "ivo://astro-archive.example/gamma/grb",
        "ivo://astro-archive.example/xray/srccat",
        "ivo://planetary.example/asteroids/lc",
        "ivo://planetary.example/comets",
        "ivo://planetary.example/mars/crism",
        "ivo://planetary.example/planets",
        "ivo://radio-obs.example/pulsars",
        "ivo://survey.example/astrometric/dr3",
        "ivo://survey.example/ir/allsky",
        "ivo://survey.example/variables",
        "ivo://testbed.example/obscore",
        "ivo://testbed.example/vosample/cat",
      ].sort(),
    );
    expect(await ours({ servicetype: "sia2", includeaux: true })).toEqual(await ours({ servicetype: "sia2" }));
  });

  it("waveband: messenger terms in any case, OR-ed, checked against the vocabulary", async () => {
    expect(await ours({ waveband: "neutrino" })).toEqual(["ivo://survey.example/neutrino/events"]);
    expect(await ours(waveband("EUV", "Gamma-ray"))).toEqual(["ivo://astro-archive.example/euv/sun", "ivo://astro-archive.example/gamma/grb"]);
    await expect(search(client, { waveband: "gravitational" })).rejects.toMatchObject({ code: "VO_ERR_PARAMETER", message: expect.stringContaining("messenger") });
  });

  it("keywords: every word in title, description or subject", async () => {
    expect(await ours({ keywords: "pulsar" })).toEqual(["ivo://radio-obs.example/pulsars"]);
    expect(await ours("burst")).toEqual(["ivo://astro-archive.example/gamma/grb"]);
    expect(await ours({ keywords: ["proper", "motions"] })).toEqual([
      "ivo://radio-obs.example/pulsars",
      "ivo://survey.example/astrometric/dr3",
      "ivo://survey.example/ppm",
      "ivo://testbed.example/vosample/cat",
    ]);
    expect(await ours({ keywords: "O'Brien'; DROP TABLE rr.resource --" })).toEqual([]);
  });

  it("author: a LIKE pattern on creators, case-sensitive", async () => {
    expect(await ours({ author: "%Rossi%" })).toEqual(["ivo://astro-archive.example/xray/srccat", "ivo://survey.example/clusters"]);
    expect(await ours({ author: "%rossi%" })).toEqual([]);
    expect(await ours({ author: "O'Brien%" })).toEqual(["ivo://radio-obs.example/hi/cubes"]);
  });

  it("datamodel: obscore and regtap by capability, epntap and obscore_new by table utype", async () => {
    const obscore = (await search(client, { datamodel: "obscore" })).ivoids();
    expect(obscore.filter((id) => OURS.test(id)).sort()).toEqual(["ivo://astro-archive.example/proprietary/tap", "ivo://astro-archive.example/tap", "ivo://radio-obs.example/tap"]);
    expect(obscore).toContain("ivo://vo.integ.local/tap");
    const regtap = (await search(client, datamodel("regtap"))).ivoids();
    expect(regtap.filter((id) => OURS.test(id))).toEqual(["ivo://testbed.example/rr"]);
    expect(regtap).toContain("ivo://vo.integ.local/tap");
    expect(await ours({ datamodel: "epntap" })).toEqual([
      "ivo://planetary.example/asteroids/lc",
      "ivo://planetary.example/comets",
      "ivo://planetary.example/mars/crism",
      "ivo://planetary.example/planets",
    ]);
    expect(await ours({ datamodel: "obscore_new" })).toEqual(["ivo://testbed.example/obscore"]);
  });

  it("datamodel: a model registered with r.model() by its ivoids/utypes", async () => {
    const comets = definePlugin({
      name: "old-epn",
      version: "1.0.0",
      core: "*",
      register: (r) => r.model("ivo://vopdc.obspm/std/EpnCore#schema-2.0", { name: "epncore-2.0", utypes: ["ivo://vopdc.obspm/std/epncore#schema-2.%"] }),
    });
    const c2 = client.with({ plugins: [comets] });
    try {
      const found = await search(c2, { datamodel: "ivo://vopdc.obspm/std/EpnCore#schema-2.0" });
      expect(found.ivoids().filter((id) => OURS.test(id))).toEqual(["ivo://planetary.example/comets"]);
    } finally {
      await c2.close();
    }
  });

  it("ivoid: exact identifiers in any case, several OR-ed", async () => {
    expect(await ours({ ivoid: ["IVO://survey.example/PPM", "ivo://survey.example/qso"] })).toEqual(["ivo://survey.example/ppm", "ivo://survey.example/qso"]);
    expect(await ours({ ivoid: "ivo://survey.example/ppm'" })).toEqual([]);
  });

  it("ucd: column UCD patterns (the course's pos.pm% catalogue search)", async () => {
    expect(await ours(ucd("pos.pm%"))).toEqual([
      "ivo://radio-obs.example/pulsars",
      "ivo://survey.example/astrometric/dr3",
      "ivo://survey.example/ppm",
      "ivo://testbed.example/vosample/cat",
    ]);
    expect(await ours({ ucd: ["phys.dispmeasure", "src.redshift"] })).toEqual(["ivo://radio-obs.example/pulsars", "ivo://survey.example/clusters", "ivo://survey.example/qso"]);
  });

  it("uat: a term, with expandDown and expandUp over the UAT hierarchy", async () => {
    expect(await ours({ uat: "x-ray-point-sources" })).toEqual(["ivo://astro-archive.example/xray/srccat"]);
    expect(await ours(uat("neutron-stars"))).toEqual(["ivo://radio-obs.example/pulsars"]);
    expect(await ours(uat("millisecond-pulsars"))).toEqual([]);
    expect(await ours(uat("millisecond-pulsars", { expandUp: 1 }))).toEqual(["ivo://radio-obs.example/pulsars"]);
    expect(await ours({ uat: { term: "x-ray-astronomy", expandDown: 0 } })).toEqual([
      "ivo://astro-archive.example/proprietary/tap",
      "ivo://astro-archive.example/xray/images",
      "ivo://survey.example/clusters",
    ]);
    expect(await ours({ uat: { term: "solar-atmosphere", expandDown: 1 } })).toEqual(["ivo://astro-archive.example/euv/sun"]);
    await expect(search(client, { uat: "not-a-uat-term" })).rejects.toMatchObject({ code: "VO_ERR_PARAMETER" });
  });

  it("spatial: point and circle against the coverage (cells as polygons on this bed)", async () => {
    const orion = await ours(spatial([83.82, -5.39]), { servicetype: ["ssa", "sia2"] });
    expect(orion).toEqual(["ivo://astro-archive.example/uv/spectra", "ivo://radio-obs.example/mm/spectra", "ivo://testbed.example/sia2"]);
    expect(await ours({ spatial: { geometry: [148.9, 69.07, 0.5], intersect: "overlaps" }, servicetype: "sia2" })).toEqual(["ivo://radio-obs.example/hi/cubes"]);
    // a resource without coverage comes back only with inclusive
    expect(await ours({ spatial: [10, 10], ivoid: "ivo://survey.example/tap" })).toEqual([]);
    expect(await ours({ spatial: { geometry: [10, 10], inclusive: true }, ivoid: "ivo://survey.example/tap" })).toEqual(["ivo://survey.example/tap"]);
  });

  it("spectral and temporal: points and intervals, with units", async () => {
    expect(await ours({ spectral: { value: 21.1, unit: "cm" } })).toEqual(["ivo://radio-obs.example/hi/cubes"]);
    expect(await ours({ spectral: { value: [1, 2], unit: "keV" } })).toEqual(["ivo://astro-archive.example/xray/srccat"]);
    expect(await ours({ temporal: new Date("1985-06-01T00:00:00Z") })).toEqual(["ivo://astro-archive.example/optical/plates", "ivo://astro-archive.example/uv/spectra"]);
    expect(await ours({ temporal: [60550, 60560], servicetype: "sia2" })).toEqual(["ivo://astro-archive.example/euv/sun"]);
  });

  it("combined constraints are AND-ed", async () => {
    expect(await ours({ servicetype: "scs", waveband: "x-ray" })).toEqual(["ivo://astro-archive.example/xray/srccat", "ivo://survey.example/clusters", "ivo://survey.example/qso"]);
    expect(await ours({ servicetype: "scs", waveband: "x-ray", ucd: "src.redshift", keywords: "quasars" })).toEqual(["ivo://survey.example/qso"]);
  });
});

describe("results", () => {
  it("reads pyVO's fields and interfaces; accessModes, getInterface, describe", async () => {
    const found = await search(client, { ivoid: "ivo://survey.example/astrometric/dr3" });
    expect(found.length).toBe(1);
    const r = found.at(0)!;
    expect(r.resType).toBe("vs:catalogresource");
    expect(r.shortName).toBe("AstroDR3");
    expect(r.creators).toEqual(["Survey Collaboration", "Brown, A.", "Vallenari, A."]);
    expect(r.waveband).toEqual(["optical"]);
    expect(r.contentLevels).toEqual(["research"]);
    expect(r.sourceFormat).toBe("bibcode");
    expect(r.accessModes()).toEqual(new Set(["conesearch", "tap#aux"]));
    expect(r.getInterface("scs").accessUrl).toBe("https://survey.example/dr3/scs.xml?");
    expect(r.describe({ verbose: true })).toMatch(/Astrometric all-sky survey[\s\S]*IVOA Identifier: ivo:\/\/survey.example\/astrometric\/dr3[\s\S]*Authors: Survey Collaboration/);
    const contacts = await r.getContact();
    expect(contacts).toEqual([{ name: "Data Centre Help Desk", email: "help@survey.example", telephone: "+00 123 4567", address: "1 Example Road, Exampletown" }]);
  });

  it("getService on found resources runs real queries on the local DaCHS", async () => {
    const cone = (await search(client, { ivoid: "ivo://vo.integ.local/vosample/cat/cone" })).at(0)!;
    const scsService = cone.getService("scs");
    expect(scsService).toBeInstanceOf(SCSService);
    const stars = await (scsService as SCSService).search([10.6847, 41.269], 0.05);
    expect(stars.length).toBe(6);
    const tapService = cone.getService("tap");
    expect(tapService).toBeInstanceOf(TAPService);
    const rs = await (tapService as TAPService).runSync("SELECT COUNT(*) AS n FROM vo_sample.cat");
    expect(Number(rs.at(0)!.get("n"))).toBe(2000);
    const sia2 = (await search(client, { ivoid: "ivo://testbed.example/sia2" })).at(0)!.getService("sia2");
    expect(sia2).toBeInstanceOf(SIA2Service);
    const images = await (sia2 as SIA2Service).search({ pos: [10.6847, 41.269, 0.2] });
    expect(images.length).toBeGreaterThan(0);
    // several standard capabilities: no type is ambiguous, lax takes the first
    expect(() => cone.getService()).toThrow(/pass \{ lax: true \}/);
    expect(cone.getService(undefined, { lax: true })).toBeDefined();
    // a protocol without its plugin in the client names the package
    const bare = createClient({ plugins: [registry({ endpoint: REGTAP })] });
    try {
      const again = (await search(bare, { ivoid: "ivo://vo.integ.local/vosample/cat/cone" })).at(0)!;
      expect(() => again.getService("scs")).toThrow(expect.objectContaining({ code: "VO_ERR_PLUGIN_MISSING", packageHint: "@vo/protocol-scs" }));
    } finally {
      await bare.close();
    }
  });

  it("getTables reads rr.res_table/table_column with utypes, and falls back to VOSI tables", async () => {
    const crism = (await search(client, { ivoid: "ivo://planetary.example/mars/crism" })).at(0)!;
    const tables = await crism.getTables();
    expect([...tables.keys()]).toEqual(["mars_crism.epn_core"]);
    const t = tables.get("mars_crism.epn_core")!;
    expect(t.utype).toBe("ivo://ivoa.net/std/epntap#table-2.0");
    expect(t.columns.map((c) => c.name)).toContain("granule_uid");
    const cat = (await search(client, { ivoid: "ivo://testbed.example/vosample/cat" })).at(0)!;
    const pm = (await cat.getTables()).get("vo_sample.cat")!.columns.filter((c) => c.ucd?.startsWith("pos.pm"));
    expect(pm.map((c) => c.name)).toEqual(["pmra", "pmdec"]);
    await expect(crism.getTables({ tableLimit: 0 })).rejects.toMatchObject({ code: "VO_ERR_QUERY" });
    // the registry's own record has no tableset rows: its tables come from the TAP service (VOSI)
    const rr = (await search(client, { ivoid: "ivo://testbed.example/rr" })).at(0)!;
    const vosi = await rr.getTables();
    expect(vosi.get("rr.resource")?.columns.map((c) => c.name)).toContain("res_title");
  });

  it("getAltIdentifiers lists DOIs and the like", async () => {
    const src = (await search(client, { ivoid: "ivo://astro-archive.example/xray/srccat" })).at(0)!;
    expect(await src.getAltIdentifiers()).toEqual(["doi:10.5072/xsrc.2020"]);
    expect(await (await resolve(client, "ivo://survey.example/ppm"))!.getAltIdentifiers()).toEqual([]);
  });

  it("resolve finds one ivoid, or nothing", async () => {
    expect((await resolve(client, "IVO://testbed.example/obscore"))?.resTitle).toBe("@vo test bed ObsCore table");
    expect(await resolve(client, "ivo://nowhere.example/none")).toBeUndefined();
  });

  it("queries every matching service with bounded concurrency, progress and per-service errors", async () => {
    const found = await search(client, { servicetype: "scs", waveband: "optical" });
    const progress: number[] = [];
    const outcomes = await found.queryEach("scs", (svc, _r, { signal }) => (svc as SCSService).search([10.6847, 41.269], 0.05, { signal }), {
      concurrency: 3,
      timeout: 10_000,
      onProgress: (p) => progress.push(p.done),
    });
    expect(outcomes.length).toBe(found.toArray().filter((r) => r.listInterfaces("scs").length > 0).length);
    const local = outcomes.filter((o) => o.item.ivoid === "ivo://vo.integ.local/vosample/cat/cone" || o.item.ivoid === "ivo://testbed.example/vosample/cat");
    expect(local.map((o) => o.ok)).toEqual([true, true]);
    for (const o of local) if (o.ok) expect(o.value.length).toBe(6);
    const remote = outcomes.filter((o) => o.item.ivoid.startsWith("ivo://survey.example/"));
    expect(remote.length).toBeGreaterThan(0);
    for (const o of remote) expect(o.ok).toBe(false);
    expect(progress.at(-1)).toBe(outcomes.length);
  });
});

describe("plugins, registries, features", () => {
  it("a custom constraint registered from outside, typed in search", async () => {
    expect(await ours({ properMotion: { minColumns: 2 } })).toEqual([
      "ivo://radio-obs.example/pulsars",
      "ivo://survey.example/astrometric/dr3",
      "ivo://survey.example/ppm",
      "ivo://testbed.example/vosample/cat",
    ]);
    expect(await ours(pmCatalogues.of({ minColumns: 2 }), { waveband: "radio" })).toEqual(["ivo://radio-obs.example/pulsars"]);
    // @ts-expect-error a keyword no plugin registered
    await expect(search(client, { noSuchKeyword: 1 })).rejects.toBeInstanceOf(PluginError);
  });

  it("RegTAPFeatureMissingError for what the registry cannot evaluate", async () => {
    const moc = search(client, { spatial: "4/100-120" });
    await expect(moc).rejects.toBeInstanceOf(RegTAPFeatureMissingError);
    await expect(moc).rejects.toMatchObject({ code: "VO_ERR_QUERY", keyword: "spatial", feature: expect.stringContaining("MOC"), url: REGTAP });
    const needsTable = defineConstraint({ keyword: "validated", tables: ["rr.validation"], requires: (reg) => (reg.hasTable("rr.no_such_table") ? undefined : "table rr.no_such_table"), condition: () => adql`val_level >= ${2}` });
    const c2 = client.with({ plugins: [definePlugin({ name: "v", version: "1.0.0", core: "*", register: (r) => r.constraint(needsTable.keyword, needsTable) })] });
    try {
      await expect(search(c2, needsTable.of(undefined))).rejects.toMatchObject({ name: "RegTAPFeatureMissingError", feature: "table rr.no_such_table" });
    } finally {
      await c2.close();
    }
  });

  it("getRegTAPService: the configured endpoint, the first answering of several, or an explicit one", async () => {
    expect((await getRegTAPService(client)).baseUrl).toBe(REGTAP);
    const several = createClient({ plugins: [registry({ endpoint: ["http://127.0.0.1:9/tap", REGTAP] })] });
    try {
      const chosen = await getRegTAPService(several);
      expect(chosen).toBeInstanceOf(RegTAPService);
      expect(chosen.baseUrl).toBe(REGTAP);
      expect((await search(several, { ivoid: "ivo://testbed.example/rr" })).length).toBe(1);
    } finally {
      await several.close();
    }
    const viaOption = await search(client as RegistryClient, { ivoid: "ivo://testbed.example/rr", service: REGTAP });
    expect(viaOption.registry.baseUrl).toBe(REGTAP);
  });
});

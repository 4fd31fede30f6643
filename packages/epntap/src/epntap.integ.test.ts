/**
 * EPN-TAP against the local DaCHS (VO_DACHS_URL, default http://localhost:8080):
 * the epntap test bed (scripts/dachs/beds/epntap: vo_epntap.epn_core, 300
 * granules) and its record in the RegTAP test bed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, DALFormatError } from "@vo/core";
import { tap } from "@vo/protocol-tap";
import type { TAPService } from "@vo/protocol-tap";
import { EPNTAP_MANDATORY_COLUMNS } from "./columns.js";
import { findEpncoreTables, searchEpncoreTables } from "./discovery.js";
import { hashlistHas, splitHashlist } from "./hashlist.js";
import { epntap } from "./plugin.js";
import { dateToJd, epntapRecords } from "./record.js";
import type { EPNTAPRecord } from "./record.js";
import { EPNTAPService } from "./search.js";

const base = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");
const TAP_URL = `${base}/tap`;
const TABLE = "vo_epntap.epn_core";
const makeClient = () => createClient({ plugins: [tap(), epntap()], onWarning: () => undefined });
let client: ReturnType<typeof makeClient>;
let service: TAPService;
let epn: EPNTAPService;
let all: EPNTAPRecord[];

beforeAll(async () => {
  const probe = await fetch(`${TAP_URL}/availability`, { signal: AbortSignal.timeout(10_000) }).catch((err: unknown) => err);
  if (!(probe instanceof Response) || !probe.ok) throw new Error(`DaCHS is not reachable at ${TAP_URL}; start it with scripts/start-dachs.sh`);
  client = makeClient();
  service = client.service("tap", TAP_URL);
  epn = new EPNTAPService(service, TABLE);
  all = (await epn.search({}, { maxrec: 10_000 })).records;
});
afterAll(async () => {
  await client?.close();
});

/** The granule ids, sorted. */
const ids = (records: readonly EPNTAPRecord[]) => records.map((r) => r.granuleUid!).sort();
/** Ground truth computed here from every granule: a hash list has the value (case-insensitive, as ivo_hashlist_has). */
const has = (list: string[], value: string) => list.some((v) => v.toLowerCase() === value.toLowerCase());

describe("EPN-TAP against DaCHS", () => {
  it("reads every granule as a typed record with its hash lists split", () => {
    expect(all).toHaveLength(300);
    const virtis = all.find((r) => r.granuleUid === "virtis-67p-000")!;
    expect(virtis).toMatchObject({
      targetNames: ["67P/Churyumov-Gerasimenko"],
      targetClasses: ["comet"],
      instrumentNames: ["Visible and Infrared Thermal Imaging Spectrometer", "VIRTIS"],
      instrumentHostNames: ["Rosetta"],
      dataproductTypes: ["sc"],
      spatialFrameType: "body",
      measurementTypes: ["phot.flux.density;em.wl"],
    });
    expect(virtis.timeMin!.getTime()).toBeLessThan(virtis.timeMax!.getTime());
    expect(virtis.timeMin!.getUTCFullYear()).toBeGreaterThanOrEqual(2004);
    expect(virtis.c1min!).toBeLessThanOrEqual(virtis.c1max!);
    expect([2, 3]).toContain(virtis.processingLevel);
    expect(new Set(all.map((r) => r.targetNames[0])).size).toBe(9);
    expect(all.filter((r) => r.instrumentNames.length === 2)).toHaveLength(300);
    expect(all.filter((r) => r.instrumentHostNames.length === 1)).toHaveLength(125); // Juno, Rosetta, Dawn: no acronym
    const fields = new Set(all[0]!.index.fields.map((f) => f.name));
    for (const c of EPNTAP_MANDATORY_COLUMNS) expect(fields.has(c)).toBe(true);
  });

  it.each([
    ["instrument_name", "VIRTIS"],
    ["instrument_name", "virtis"],
    ["instrument_name", "Observatoire pour la Mineralogie, l'Eau, les Glaces et l'Activite"],
    ["instrument_name", "Jovian Infrared Auroral Mapper"],
    ["instrument_host_name", "CO"],
    ["instrument_host_name", "Cassini"],
    ["target_name", "Titan"],
    ["target_class", "satellite"],
    ["instrument_name", "Spectrometer"],
  ])("hashlistHas(%j, %j) returns exactly the granules whose list has it", async (column, value) => {
    const rs = await service.runSync(`SELECT * FROM ${TABLE} WHERE ${hashlistHas(column, value).text}`, { maxrec: 10_000 });
    const got = epntapRecords(rs);
    const expected = all.filter((r) => has(splitHashlist(r.getString(column)), value));
    expect(ids(got)).toEqual(ids(expected));
    if (value !== "Spectrometer") expect(got.length).toBeGreaterThan(0);
    else expect(got).toHaveLength(0); // a word inside an element is not an element
  });

  it("searches by target, instrument, product type, time range, c1/c2 ranges and level, as computed here", async () => {
    const start = new Date("2008-01-01T00:00:00Z");
    const end = new Date("2012-06-30T00:00:00Z");
    const cases = [
      [{ target: "Titan", instrument: "VIMS" }, (r: EPNTAPRecord) => has(r.targetNames, "Titan") && has(r.instrumentNames, "VIMS")],
      [{ targetClass: ["comet", "dwarf_planet"], dataproductType: "im" }, (r: EPNTAPRecord) => (has(r.targetClasses, "comet") || has(r.targetClasses, "dwarf_planet")) && has(r.dataproductTypes, "im")],
      [{ time: [start, end] as const }, (r: EPNTAPRecord) => r.timeMaxJd! >= dateToJd(start) && r.timeMinJd! <= dateToJd(end)],
      [{ c1: [100, 120] as const, c2: [-10, undefined] as const, processingLevel: 3 }, (r: EPNTAPRecord) => r.c1max! >= 100 && r.c1min! <= 120 && r.c2max! >= -10 && r.processingLevel === 3],
      [{ instrumentHost: "Juno", target: "Io" }, (r: EPNTAPRecord) => has(r.instrumentHostNames, "Juno") && has(r.targetNames, "Io")],
    ] as const;
    for (const [search, predicate] of cases) {
      const { records } = await epn.search(search, { maxrec: 10_000 });
      const expected = all.filter(predicate);
      expect(expected.length).toBeGreaterThan(0);
      expect(ids(records)).toEqual(ids(expected));
    }
  });

  it("refuses a table that is not epn_core, naming what it lacks", async () => {
    const obscore = new EPNTAPService(service, "ivoa.obscore");
    const err = await obscore.search({}, { top: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALFormatError);
    expect((err as DALFormatError).message).toMatch(/ivoa\.obscore at .* is not an EPN-TAP 2\.0 epn_core table: it lacks \d+ mandatory column\(s\): granule_uid, granule_gid/);
  });

  it("discovers every epncore table through the RegTAP registry and queries them all, keeping per-service errors", async () => {
    const tables = await findEpncoreTables(service);
    const local = tables.filter((t) => t.tableName === TABLE);
    expect(local).toHaveLength(1); // its own record and the TAP service's both list it: found once
    expect(local[0]!.accessUrl).toBe(TAP_URL);
    expect(tables.filter((t) => t.accessUrl.startsWith("https://planetary.example/")).map((t) => t.tableName).sort()).toEqual([
      "asteroids_lc.epn_core",
      "comets.epn_core",
      "mars_crism.epn_core",
      "planets.epn_core",
    ]);
    const results = await searchEpncoreTables(client, tables, { target: "Mars" }, { timeout: 30_000, concurrency: 4 });
    expect(results).toHaveLength(tables.length);
    const ok = results.filter((r) => r.ok);
    expect(ok.map((r) => r.item.tableName)).toEqual([TABLE]);
    expect(ids(ok[0]!.ok ? ok[0]!.value.records : [])).toEqual(ids(all.filter((r) => has(r.targetNames, "Mars"))));
    for (const r of results.filter((x) => !x.ok)) {
      expect(r.ok ? undefined : r.error.code).toMatch(/^VO_ERR_(SERVICE|TIMEOUT)$/);
      expect(r.item.accessUrl).toMatch(/planetary\.example/);
    }
  });
});

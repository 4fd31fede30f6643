import { describe, expect, it } from "vitest";
import { createClient, DALFormatError, definePlugin, ParameterError, ResultSet } from "@vo/core";
import { parseVOTable } from "@vo/votable";
import { adql, tap } from "@vo/protocol-tap";
import { EPNTAP_COLUMNS, EPNTAP_MANDATORY_COLUMNS } from "./columns.js";
import { epncoreTablesQuery } from "./discovery.js";
import { hashlistHas, splitHashlist } from "./hashlist.js";
import { EPNTAP_MODEL, isEpntapUtype } from "./model.js";
import { epntap } from "./plugin.js";
import { dateToJd, epntapRecords, jdToDate } from "./record.js";
import { epntapCondition, epntapQuery } from "./search.js";

describe("hash lists", () => {
  it.each([
    ["Visible and Infrared Thermal Imaging Spectrometer#VIRTIS", ["Visible and Infrared Thermal Imaging Spectrometer", "VIRTIS"]],
    ["VIRTIS", ["VIRTIS"]],
    [" a # b ##c# ", ["a", "b", "c"]],
    ["", []],
    [null, []],
    [undefined, []],
  ])("splits %j", (value, parts) => {
    expect(splitHashlist(value)).toEqual(parts);
  });

  it("builds ivo_hashlist_has with the value quoted and the column quoted when needed", () => {
    expect(hashlistHas("instrument_name", "VIRTIS").text).toBe("1 = ivo_hashlist_has(instrument_name, 'VIRTIS')");
    expect(hashlistHas("instrument_name", "l'Eau; DROP TABLE x --").text).toBe("1 = ivo_hashlist_has(instrument_name, 'l''Eau; DROP TABLE x --')");
    expect(hashlistHas("Instrument Name", "x").text).toBe(`1 = ivo_hashlist_has("Instrument Name", 'x')`);
  });

  it.each([[""], ["  "], ["a#b"]])("refuses the element %j", (value) => {
    expect(() => hashlistHas("instrument_name", value)).toThrow(ParameterError);
  });
});

describe("columns and model", () => {
  it("lists EPN-TAP 2.0's mandatory columns with units and UCDs", () => {
    expect(EPNTAP_MANDATORY_COLUMNS).toHaveLength(46);
    expect(EPNTAP_MANDATORY_COLUMNS.slice(0, 4)).toEqual(["granule_uid", "granule_gid", "obs_id", "dataproduct_type"]);
    const byName = new Map(EPNTAP_COLUMNS.map((c) => [c.name, c]));
    expect(byName.get("time_min")).toMatchObject({ unit: "d", ucd: "time.start;obs", datatype: "double", mandatory: true });
    expect(byName.get("instrument_name")).toMatchObject({ hashlist: true });
    expect(byName.get("access_url")).toMatchObject({ mandatory: false });
  });

  it("recognises every 2.x utype of both families, in any case", () => {
    expect(isEpntapUtype("ivo://ivoa.net/std/EPNTAP#table-2.0")).toBe(true);
    expect(isEpntapUtype("ivo://vopdc.obspm/std/epncore#schema-2.1")).toBe(true);
    expect(isEpntapUtype("ivo://ivoa.net/std/epntap#table-1.0")).toBe(false);
    expect(isEpntapUtype("ivo://ivoa.net/std/obscore#table-1.1")).toBe(false);
    expect(epncoreTablesQuery()).toContain("t.table_utype LIKE 'ivo://vopdc.obspm/std/epncore#schema-2.%'");
  });

  it("registers the model under each id through the plugin", () => {
    const client = createClient({ plugins: [tap(), epntap()] });
    for (const id of EPNTAP_MODEL.ids) expect(client.model(id.toUpperCase())).toBe(EPNTAP_MODEL);
    expect(client.has("model", "ivo://ivoa.net/std/epntap#table-2.0")).toBe(true);
    expect(() => createClient({ plugins: [epntap()] })).toThrow(expect.objectContaining({ code: "VO_ERR_PLUGIN_DEPENDENCY" }));
    // A third-party model registers the same way and is found the same way.
    const mine = definePlugin({ name: "my-model", version: "1.0.0", core: "*", register: (r) => r.model("ivo://example.org/std/mine#t-1", { name: "Mine", utypes: ["ivo://example.org/std/mine#t-1.%"] }) });
    expect(createClient({ plugins: [mine] }).model("ivo://example.org/std/mine#t-1").name).toBe("Mine");
  });
});

describe("searches", () => {
  it("builds the query of every criterion", () => {
    const q = epntapQuery(
      "vo_epntap.epn_core",
      {
        target: ["Mars", "Venus"],
        instrument: "VIRTIS",
        dataproductType: "sc",
        time: [2453005.5, new Date("2005-01-01T00:00:00Z")],
        c1: [10, 20],
        c2: [undefined, -30],
        processingLevel: [2, 3],
        where: adql`phase_min < ${40}`,
      },
      { top: 10 },
    ).text;
    expect(q).toBe(
      "SELECT TOP 10 * FROM vo_epntap.epn_core WHERE (1 = ivo_hashlist_has(target_name, 'Mars') OR 1 = ivo_hashlist_has(target_name, 'Venus'))" +
        " AND 1 = ivo_hashlist_has(instrument_name, 'VIRTIS') AND 1 = ivo_hashlist_has(dataproduct_type, 'sc')" +
        " AND time_max >= 2453005.5 AND time_min <= 2453371.5 AND c1max >= 10 AND c1min <= 20 AND c2min <= -30" +
        " AND processing_level IN (2, 3) AND (phase_min < 40)",
    );
    expect(epntapQuery("vo_epntap.epn_core").text).toBe("SELECT * FROM vo_epntap.epn_core");
    expect(epntapCondition({})).toBeUndefined();
  });

  it.each([
    [{ time: [2, 1] }, "time"],
    [{ c1: [Number.NaN, 1] }, "c1[0]"],
    [{ c2: [1] }, "c2"],
    [{ processingLevel: 2.5 }, "processingLevel[0]"],
    [{ target: "Mars#Venus" }, "hashlistHas value"],
    [{ time: [new Date("nope"), undefined] }, "time[0]"],
  ])("refuses %j", (search, parameter) => {
    expect(() => epntapCondition(search as never)).toThrow(expect.objectContaining({ code: "VO_ERR_PARAMETER", parameter }));
  });

  it("converts Julian Days", () => {
    expect(jdToDate(2440587.5)?.toISOString()).toBe("1970-01-01T00:00:00.000Z");
    expect(jdToDate(2453005.5)?.toISOString()).toBe("2004-01-01T00:00:00.000Z");
    expect(dateToJd(new Date("2004-01-01T12:00:00Z"))).toBe(2453006);
    expect(jdToDate(Number.NaN)).toBeUndefined();
  });
});

function votable(fields: string[], row: string[]): string {
  return `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results"><TABLE>
${fields.map((f) => `<FIELD name="${f}" datatype="${f.startsWith("time_") || /^c\dm/.test(f) ? "double" : f === "processing_level" ? "int" : "char"}"${f.startsWith("time_") || /^c\dm/.test(f) || f === "processing_level" ? "" : ' arraysize="*"'}/>`).join("")}
<DATA><TABLEDATA><TR>${row.map((c) => `<TD>${c}</TD>`).join("")}</TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;
}

describe("records", () => {
  it("reads a granule with typed getters and hash lists", async () => {
    const fields = [...EPNTAP_MANDATORY_COLUMNS];
    const values = fields.map((f) =>
      ({ granule_uid: "g1", target_name: "Titan", target_class: "satellite", instrument_name: "Visual and Infrared Mapping Spectrometer#VIMS", instrument_host_name: "Cassini#CO", dataproduct_type: "sc", time_min: "2453005.5", time_max: "2453006", c1min: "10", processing_level: "3", creation_date: "2026-12-01T00:00:00" })[f] ?? "",
    );
    const doc = await parseVOTable(votable(fields, values));
    const [g] = epntapRecords(new ResultSet(doc.resultTable()!, doc.meta, "https://x.example/tap/sync"));
    expect(g).toMatchObject({ granuleUid: "g1", targetNames: ["Titan"], targetClasses: ["satellite"], instrumentNames: ["Visual and Infrared Mapping Spectrometer", "VIMS"], instrumentHostNames: ["Cassini", "CO"], dataproductTypes: ["sc"], c1min: 10, processingLevel: 3, timeMinJd: 2453005.5 });
    expect(g!.timeMin?.toISOString()).toBe("2004-01-01T00:00:00.000Z");
    expect(g!.timeMax?.toISOString()).toBe("2004-01-01T12:00:00.000Z");
    expect(g!.creationDate?.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(g!.c2min).toBeUndefined();
    expect(g!.hashlist("species")).toEqual([]);
  });

  it("says which mandatory columns a table that is not epn_core lacks", async () => {
    const doc = await parseVOTable(votable(["granule_uid", "s_ra"], ["x", "1"]));
    const rs = new ResultSet(doc.resultTable()!, doc.meta, "https://x.example/tap/sync");
    const err = (() => { try { epntapRecords(rs, { table: "ivoa.obscore" }); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(DALFormatError);
    expect((err as DALFormatError).message).toMatch(/^ivoa\.obscore at https:\/\/x\.example\/tap\/sync is not an EPN-TAP 2\.0 epn_core table: it lacks 45 mandatory column\(s\): granule_gid, obs_id, dataproduct_type/);
    expect(epntapRecords(rs, { check: "none" })[0]?.granuleUid).toBe("x");
  });
});

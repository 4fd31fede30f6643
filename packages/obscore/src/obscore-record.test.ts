import { describe, expect, it } from "vitest";
import { Record } from "@vo/core";
import type { Field } from "@vo/core";
import { OBSCORE_COLUMNS } from "./obscore-columns.js";
import { ObsCoreRecord, obscoreResults } from "./obscore-record.js";

describe("OBSCORE_COLUMNS", () => {
  it("lists the 30 mandatory ObsCore 1.1 columns with utypes and UCDs", () => {
    const mandatory = OBSCORE_COLUMNS.filter((c) => c.mandatory);
    expect(mandatory).toHaveLength(30);
    expect(new Set(OBSCORE_COLUMNS.map((c) => c.name)).size).toBe(OBSCORE_COLUMNS.length);
    expect(OBSCORE_COLUMNS.find((c) => c.name === "s_ra")).toMatchObject({ ucd: "pos.eq.ra", unit: "deg", datatype: "double" });
    expect(OBSCORE_COLUMNS.find((c) => c.name === "s_region")?.xtype).toBe("adql:REGION");
    for (const c of OBSCORE_COLUMNS) expect(c.utype).toMatch(/^obscore:/);
  });
});

describe("ObsCoreRecord", () => {
  const fields: Field[] = [
    { name: "dataproduct_type", datatype: "char", arraysize: "*" },
    { name: "obs_publisher_did", datatype: "char", arraysize: "*" },
    { name: "RA_CENTER", datatype: "double", utype: "obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1" },
    { name: "s_dec", datatype: "double" },
    { name: "calib_level", datatype: "short" },
    { name: "access_estsize", datatype: "long" },
    { name: "t_min", datatype: "double" },
    { name: "em_min", datatype: "double" },
  ];
  const rec = new ObsCoreRecord(new Record(fields, ["spectrum", "ivo://x/y?1", 10.5, 41.2, 2, 1234n, 51544.5, null]));

  it("reads typed values by name, falling back to the utype", () => {
    expect(rec.dataproductType).toBe("spectrum");
    expect(rec.obsPublisherDid).toBe("ivo://x/y?1");
    expect(rec.sRa).toBe(10.5);
    expect(rec.sDec).toBe(41.2);
    expect(rec.calibLevel).toBe(2);
    expect(rec.accessEstsize).toBe(1234);
    expect(rec.emMin).toBeUndefined();
    expect(rec.accessUrl).toBeUndefined();
    expect(rec.timeRange.start?.toISOString()).toBe("2000-01-01T12:00:00.000Z");
  });

  it("is a core Record: get, cell, typed getters and the dataset helpers work as on every record", () => {
    expect(rec).toBeInstanceOf(Record);
    expect(rec.get("s_dec")).toBe(41.2);
    expect(rec.get("s_ra")).toBe(10.5); // renamed column, found by its utype
    expect(rec.getNumber("s_ra")).toBe(10.5);
    expect(rec.getString("dataproduct_type")).toBe("spectrum");
    expect(rec.toJSON()).toMatchObject({ RA_CENTER: 10.5, dataproduct_type: "spectrum" });
    expect(rec.dataUrl).toBeUndefined();
  });

  it("wraps result records", () => {
    expect(obscoreResults([rec.record])[0]!.sRa).toBe(10.5);
  });
});

describe("ObsCoreRecord.download", () => {
  it("refuses without a transport, naming what is missing", async () => {
    const rec = new ObsCoreRecord(new Record([{ name: "access_url", datatype: "char", arraysize: "*" }], ["http://x/y.fits"]));
    expect(rec.dataUrl).toBe("http://x/y.fits");
    await expect(rec.download("/tmp")).rejects.toMatchObject({ code: "VO_ERR_PARAMETER", parameter: "transport" });
  });
});

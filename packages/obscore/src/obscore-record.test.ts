import { describe, expect, it } from "vitest";
import { Record } from "@vo/core";
import type { Field } from "@vo/core";
import { CALIBRATION_LEVELS, OBSCORE_COLUMNS, POLARIZATION_STATES } from "./obscore-columns.js";
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

  it("has pyVO's getter, in camelCase, for every ObsCore 1.1 column, each typed by the column's datatype", () => {
    const getterOf = (name: string): string =>
      name === "obs_creation_date" ? "obsCreateDate" : name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
    // Each column renamed, so that the getter must find it by its utype; a value by datatype.
    const cols = OBSCORE_COLUMNS.filter((c) => c.name !== "s_region");
    const fields: Field[] = cols.map((c) => ({ name: `X_${c.name}`, datatype: c.datatype, utype: c.utype }));
    const value = (c: (typeof cols)[number], i: number): string | number =>
      c.xtype === "timestamp" ? "2024-03-01T12:30:00" : c.datatype === "char" ? `v${i}` : i + 0.5;
    const full = new ObsCoreRecord(new Record(fields, cols.map(value)));
    for (const [i, c] of cols.entries()) {
      const got = (full as unknown as { [k: string]: unknown })[getterOf(c.name)];
      if (c.xtype === "timestamp") expect((got as Date).toISOString(), c.name).toBe("2024-03-01T12:30:00.000Z");
      else expect(got, c.name).toBe(value(c, i));
    }
    expect(new ObsCoreRecord(new Record([], [])).obsReleaseDate).toBeUndefined();
    expect(new ObsCoreRecord(new Record([{ name: "t_ref_pos", datatype: "char", arraysize: "*" }], ["BARYCENTER"])).tRefPos).toBe("BARYCENTER");
  });

  it("lists pyVO's polarization states and calibration levels", () => {
    expect(POLARIZATION_STATES).toEqual(["I", "Q", "U", "V", "RR", "LL", "RL", "LR", "XX", "YY", "XY", "YX", "POLI", "POLA"]);
    expect(CALIBRATION_LEVELS).toEqual([0, 1, 2, 3, 4]);
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

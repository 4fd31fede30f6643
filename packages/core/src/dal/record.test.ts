import { describe, expect, it } from "vitest";
import type { Field } from "@vo/votable";
import { FieldIndex, Record } from "./record.js";

const fields: Field[] = [
  { name: "obs_id", datatype: "char", arraysize: "*", ucd: "meta.id;meta.main", utype: "obscore:DataID.observationID" },
  { name: "s_ra", ID: "raCol", datatype: "double", ucd: "pos.eq.ra;meta.main", utype: "obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1" },
  { name: "alt_ra", datatype: "double", ucd: "pos.eq.ra" },
  { name: "s_dec", datatype: "double", ucd: "pos.eq.dec;meta.main" },
  { name: "Mag", datatype: "float", ucd: "phot.mag;em.opt.V" },
  { name: "access_url", datatype: "char", arraysize: "*", ucd: "meta.ref.url", utype: "obscore:Access.Reference" },
  { name: "access_format", datatype: "char", arraysize: "*", ucd: "meta.code.mime", utype: "obscore:Access.Format" },
];
const cells = ["ivo://x?1", 10.5, 11.5, -20, 12.25, "https://data.example.org/x.fits", "image/fits"];

describe("Record", () => {
  const rec = new Record(fields, cells);

  it("gets by exact name, then ID, then case-insensitive name", () => {
    expect(rec.get("s_ra")).toBe(10.5);
    expect(rec.get("raCol")).toBe(10.5);
    expect(rec.get("mag")).toBe(12.25);
    expect(rec.get("MAG")).toBe(12.25);
    expect(rec.get("nope")).toBeUndefined();
  });

  it("prefers an exact name over a case-insensitive one", () => {
    const r = new Record(
      [
        { name: "RA", datatype: "double" },
        { name: "ra", datatype: "double" },
      ],
      [1, 2],
    );
    expect(r.get("ra")).toBe(2);
    expect(r.get("RA")).toBe(1);
    expect(r.get("Ra")).toBe(1);
  });

  it("gets by UCD case-insensitively, preferring meta.main", () => {
    expect(rec.getByUcd("pos.eq.ra")).toBe(10.5);
    expect(rec.getByUcd("POS.EQ.DEC")).toBe(-20);
    expect(rec.getByUcd("phot.mag")).toBe(12.25);
    expect(rec.getByUcd("em.opt.v;phot.mag")).toBe(12.25);
    // every word must match: meta.main alone does not pick pos.eq.ra
    expect(rec.getByUcd("pos.eq.ra;meta.main")).toBe(10.5);
    expect(rec.getByUcd("pos.galactic.lon")).toBeUndefined();
    const noMain = new Record(fields.slice(2, 3), [11.5]);
    expect(noMain.getByUcd("pos.eq.ra")).toBe(11.5);
  });

  it("gets by utype case-insensitively, tolerant of namespace prefixes", () => {
    expect(rec.getByUtype("obscore:Access.Reference")).toBe("https://data.example.org/x.fits");
    expect(rec.getByUtype("OBSCORE:ACCESS.REFERENCE")).toBe("https://data.example.org/x.fits");
    expect(rec.getByUtype("Access.Reference")).toBe("https://data.example.org/x.fits");
    expect(rec.getByUtype("ssa:Access.Reference")).toBe("https://data.example.org/x.fits");
    expect(rec.getByUtype("ivo://ivoa.net/std/ObsCore#DataID.observationID")).toBe("ivo://x?1");
    expect(rec.getByUtype("ssa:Access.Size")).toBeUndefined();
  });

  it("exposes cells and fields, and converts to JSON", () => {
    expect(rec.cells).toBe(cells);
    expect(rec.fields.map((f) => f.name)).toContain("s_dec");
    expect(rec.toJSON()).toEqual({
      obs_id: "ivo://x?1",
      s_ra: 10.5,
      alt_ra: 11.5,
      s_dec: -20,
      Mag: 12.25,
      access_url: "https://data.example.org/x.fits",
      access_format: "image/fits",
    });
    expect(JSON.parse(JSON.stringify(rec))).toHaveProperty("s_ra", 10.5);
  });

  it("shares one FieldIndex between records", () => {
    const index = new FieldIndex(fields);
    const a = new Record(index, cells);
    const b = new Record(index, cells);
    expect(a.index).toBe(b.index);
  });
});

describe("dataset URL and format", () => {
  const url = "https://example.org/img.fits";
  const one = (field: Partial<Field>, value: string): Record =>
    new Record([{ name: "x", datatype: "char", arraysize: "*", ...field }], [value]);

  it("finds the access URL by utype, UCD or column name", () => {
    expect(one({ utype: "obscore:Access.Reference" }, url).getDatasetUrl()).toBe(url);
    expect(one({ utype: "ssa:Access.Reference" }, url).getDatasetUrl()).toBe(url);
    expect(one({ ucd: "VOX:Image_AccessReference" }, url).getDatasetUrl()).toBe(url);
    expect(one({ ucd: "meta.ref.url;meta.dataset" }, url).getDatasetUrl()).toBe(url);
    expect(one({ ucd: "meta.ref.url" }, url).getDatasetUrl()).toBe(url);
    expect(one({ name: "access_url" }, url).getDatasetUrl()).toBe(url);
    expect(one({ name: "other" }, url).getDatasetUrl()).toBeUndefined();
    expect(one({ ucd: "meta.ref.url" }, "  ").getDatasetUrl()).toBeUndefined();
  });

  it("prefers the dataset reference over another URL column", () => {
    const r = new Record(
      [
        { name: "preview", datatype: "char", ucd: "meta.ref.url" },
        { name: "acref", datatype: "char", ucd: "VOX:Image_AccessReference" },
      ],
      ["https://example.org/preview.png", url],
    );
    expect(r.getDatasetUrl()).toBe(url);
  });

  it("finds the dataset format", () => {
    expect(new Record(fields, cells).getDatasetFormat()).toBe("image/fits");
    expect(one({ ucd: "VOX:Image_Format" }, "image/jpeg").getDatasetFormat()).toBe("image/jpeg");
    expect(one({ name: "other" }, "x").getDatasetFormat()).toBeUndefined();
  });
});

describe("Record typed getters", () => {
  const typed: Field[] = [
    { name: "n", datatype: "double" },
    { name: "big", datatype: "long" },
    { name: "s", datatype: "char", arraysize: "*" },
    { name: "flag", datatype: "char", arraysize: "*" },
    { name: "b", datatype: "boolean" },
    { name: "t_min", datatype: "double", unit: "d", ucd: "time.start;obs.exposure" },
    { name: "dateObs", datatype: "double", ucd: "VOX:Image_MJDateObs" },
    { name: "epoch_mjd", datatype: "double" },
    { name: "exptime", datatype: "double", unit: "d", ucd: "time.duration" },
    { name: "iso", datatype: "char", arraysize: "*", xtype: "timestamp" },
    { name: "blank", datatype: "char", arraysize: "*" },
  ];
  const r = new Record(typed, [1.5, 7n, "12.5", "T", false, 59844.04166666651, 59844.04166666651, 51544.5, 2, "2022-09-22T00:59:59.9996", " "]);

  it("cell is get, and every getter reads through it", () => {
    expect(r.cell("n")).toBe(1.5);
    expect(r.get("N")).toBe(1.5);
    expect(r.getNumber("n")).toBe(1.5);
    expect(r.getNumber("big")).toBe(7);
    expect(r.getNumber("s")).toBe(12.5);
    expect(r.getNumber("flag")).toBeUndefined();
    expect(r.getNumber("missing")).toBeUndefined();
    expect(r.getString("n")).toBe("1.5");
    expect(r.getString("blank")).toBeUndefined();
    expect(r.getBoolean("b")).toBe(false);
    expect(r.getBoolean("flag")).toBe(true);
    expect(r.getBoolean("n")).toBeUndefined();
  });

  it("getDate reads MJD columns (rounded to the millisecond) and ISO timestamps, and nothing else", () => {
    expect(r.getDate("t_min")?.toISOString()).toBe("2022-09-22T01:00:00.000Z");
    expect(r.getDate("dateObs")?.toISOString()).toBe("2022-09-22T01:00:00.000Z");
    expect(r.getDate("epoch_mjd")?.toISOString()).toBe("2000-01-01T12:00:00.000Z");
    expect(r.getDate("iso")?.toISOString()).toBe("2022-09-22T01:00:00.000Z");
    expect(r.getDate("exptime")).toBeUndefined();
    expect(r.getDate("n")).toBeUndefined();
  });

  it("a subclass that widens cell() widens get() and the typed getters too", () => {
    class Aliased extends Record {
      override cell(name: string) {
        return super.cell(name === "ra" ? "n" : name);
      }
    }
    const a = new Aliased(typed, r.cells);
    expect(a.get("ra")).toBe(1.5);
    expect(a.getNumber("ra")).toBe(1.5);
  });
});

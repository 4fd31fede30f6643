import { describe, expect, it } from "vitest";
import type { Field } from "@vo/votable";
import { mtypeForRecord } from "./broadcast.js";

const rec = (fields: Partial<Field>[], cells: { [k: string]: unknown } = {}, format?: string) => ({
  fields: fields as Field[],
  get: (name: string) => cells[name],
  getDatasetFormat: () => format,
  dataUrl: "http://127.0.0.1:1/x",
});

describe("mtypeForRecord", () => {
  it("sends SSA records as spectra (by utype) and ObsCore spectra by dataproduct_type", () => {
    expect(mtypeForRecord(rec([{ name: "acref", utype: "ssa:Access.Reference" }]))).toBe("spectrum.load.ssa-generic");
    expect(mtypeForRecord(rec([{ name: "dataproduct_type" }], { dataproduct_type: "spectrum" }))).toBe("spectrum.load.ssa-generic");
  });

  it("sends VOTable datasets as tables and everything else as images", () => {
    expect(mtypeForRecord(rec([], {}, "application/x-votable+xml"))).toBe("table.load.votable");
    expect(mtypeForRecord(rec([], {}, "image/fits"))).toBe("image.load.fits");
    expect(mtypeForRecord(rec([{ name: "dataproduct_type" }], { dataproduct_type: "image" }, "application/fits"))).toBe("image.load.fits");
  });
});

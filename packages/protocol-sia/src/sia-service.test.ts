import { describe, expect, it } from "vitest";
import { circleShape, encodeDALParams, FieldIndex, interval, ParameterError, polygonShape } from "@vo/core";
import type { CellValue, Transport } from "@vo/core";
import { parseVOTable } from "@vo/votable";
import { SIA2Record } from "./sia2-record.js";
import { SIA2Service } from "./sia2-service.js";
import { SIARecord } from "./sia-record.js";
import { SIAService } from "./sia-service.js";

const noTransport: Transport = { request: () => Promise.reject(new Error("offline")), close: async () => {} };
const sia1 = new SIAService("http://example.org/siap.xml", { transport: noTransport });
const sia2 = new SIA2Service("http://example.org/siap2.xml", { transport: noTransport });
const q = (p: Parameters<typeof encodeDALParams>[0]): string => decodeURIComponent(encodeDALParams(p).toString().replace(/\+/g, " "));

describe("SIAService.buildParams (SIA 1.0 §4.1)", () => {
  it("encodes POS, SIZE, FORMAT, INTERSECT, VERB exactly", () => {
    expect(encodeDALParams(sia1.buildParams([10.68, 41.27], 0.2)).toString()).toBe("POS=10.68%2C41.27&SIZE=0.2");
    expect(q(sia1.buildParams({ ra: 10, dec: -5 }, [0.2, 0.1], { format: ["image/fits", "image/jpeg"], intersect: "center", verbosity: 3, maxrec: 10 }))).toBe(
      "POS=10,-5&SIZE=0.2,0.1&FORMAT=image/fits,image/jpeg&INTERSECT=CENTER&VERB=3&MAXREC=10",
    );
    expect(q(sia1.buildParams([0, 0], 1, { format: "METADATA" }))).toBe("POS=0,0&SIZE=1&FORMAT=METADATA");
  });
  it("rejects bad input", () => {
    expect(() => sia1.buildParams([-1, 0], 1)).toThrow(ParameterError);
    expect(() => sia1.buildParams([0, 0], [1, 2, 3] as unknown as [number, number])).toThrow(/size/);
    expect(() => sia1.buildParams([0, 0], 1, { intersect: "INSIDE" as "COVERS" })).toThrow(/intersect/);
    expect(() => sia1.buildParams([0, 0], 1, { format: "" })).toThrow(/format/);
  });
});

describe("SIA2Service.buildParams (SIA 2.0 §2.1, DALI intervals)", () => {
  it("encodes shapes by length, repeated POS, intervals and MJD times", () => {
    expect(q(sia2.buildParams({ pos: [10, 20, 0.5] }))).toBe("POS=CIRCLE 10 20 0.5");
    expect(q(sia2.buildParams({ pos: [10, 11, 20, 21] }))).toBe("POS=RANGE 10 11 20 21");
    expect(q(sia2.buildParams({ pos: [[10, 20], [11, 20], [11, 21]] }))).toBe("POS=POLYGON 10 20 11 20 11 21");
    expect(q(sia2.buildParams({ pos: [10, 20, 11, 20, 11, 21] }))).toBe("POS=POLYGON 10 20 11 20 11 21");
    expect(q(sia2.buildParams({ pos: [[10, 20, 0.5], [30, 40, 1]] }))).toBe("POS=CIRCLE 10 20 0.5&POS=CIRCLE 30 40 1");
    expect(q(sia2.buildParams({ pos: [circleShape(1, 2, 3), polygonShape([[1, 1], [2, 1], [2, 2]])] }))).toBe(
      "POS=CIRCLE 1 2 3&POS=POLYGON 1 1 2 1 2 2",
    );
    expect(q(sia2.buildParams({ band: [5e-7, 6e-7] }))).toBe("BAND=5e-7 6e-7");
    expect(q(sia2.buildParams({ band: [[1e-7, 2e-7], [5e-7, Infinity]] }))).toBe("BAND=1e-7 2e-7&BAND=5e-7 +Inf");
    expect(q(sia2.buildParams({ band: 5.5e-7 }))).toBe("BAND=5.5e-7 5.5e-7");
    expect(q(sia2.buildParams({ time: [new Date("1970-01-01T00:00:00Z"), new Date("1970-01-02T12:00:00Z")] }))).toBe("TIME=40587 40588.5");
    expect(q(sia2.buildParams({ time: new Date("1858-11-17T00:00:00Z") }))).toBe("TIME=0 0");
    expect(q(sia2.buildParams({ time: [[58000, 58001], interval(59000, 59001)] }))).toBe("TIME=58000 58001&TIME=59000 59001");
  });
  it("maps every pyVO constraint to its SIA2 parameter", () => {
    expect(
      q(
        sia2.buildParams({
          pol: ["I", "Q"], fieldOfView: [0.1, 1], spatialResolution: [0, 2e-4], exptime: [10, Infinity], timeResolution: [1, 2],
          specRP: [1000, 2000], id: "ivo://x/y?1", collection: "c", facility: "f", instrument: "i", dataType: "image",
          calibLevel: [2, 3], target: ["M31", "M33"], resFormat: "image/fits", maxrec: 0,
        }),
      ),
    ).toBe(
      "POL=I&POL=Q&FOV=0.1 1&SPATRES=0 0.0002&EXPTIME=10 +Inf&TIMERES=1 2&SPECRP=1000 2000&ID=ivo://x/y?1&COLLECTION=c" +
        "&FACILITY=f&INSTRUMENT=i&DPTYPE=image&CALIB=2&CALIB=3&TARGET=M31&TARGET=M33&FORMAT=image/fits&MAXREC=0",
    );
    expect(q(sia2.buildParams({}))).toBe("");
  });
  it("rejects bad constraints before any request", () => {
    expect(() => sia2.buildParams({ pos: [10, 20] })).toThrow(ParameterError);
    expect(() => encodeDALParams(sia2.buildParams({ pos: [10, 20, 0] }))).toThrow(/radius/);
    expect(() => sia2.buildParams({ calibLevel: 7 as 0 })).toThrow(/calibLevel/);
    expect(() => sia2.buildParams({ time: new Date("nope") })).toThrow(/time/);
    expect(() => encodeDALParams(sia2.buildParams({ band: [2, 1] }))).toThrow(ParameterError);
    expect(() => sia2.buildParams({ maxrec: -1 })).toThrow(/maxrec/);
    expect(() => sia2.buildParams({ collection: "" })).toThrow(/collection/);
    // pyVO checks POL against POLARIZATION_STATES too; an unknown state never reaches the service.
    expect(() => sia2.buildParams({ pol: ["I", "Z" as "I"] })).toThrow(/parameter "pol": expected a polarization state \(I, Q, U, V, .*POLA\), received "Z"/);
    expect(() => sia2.buildParams({ pol: "i" as "I" })).toThrow(ParameterError);
    expect(q(sia2.buildParams({ pol: ["POLI", "XY"] }))).toBe("POL=POLI&POL=XY");
  });
  it("refuses a custom parameter that clashes with a constraint, allows one that does not", async () => {
    await expect(sia2.search({ pos: [10, 20, 0.1], POS: "CIRCLE 0 0 90" })).rejects.toMatchObject({ parameter: "POS" });
    await expect(sia1.search([10, 20], 0.1, { format: "image/fits", FORMAT: "ALL" })).rejects.toMatchObject({ parameter: "FORMAT" });
    // No clash: reaches the (offline) transport.
    await expect(sia2.search({ POS: "CIRCLE 0 0 1" })).rejects.toThrow(/offline/);
  });
});

async function firstRow<R>(xml: string, make: (index: FieldIndex, cells: readonly CellValue[]) => R): Promise<R> {
  const doc = await parseVOTable(new TextEncoder().encode(xml));
  const table = doc.resultTable()!;
  return make(new FieldIndex(table.fields), table.row(0));
}

const SIA1_DOC = `<?xml version="1.0"?><VOTABLE version="1.1"><RESOURCE type="results"><TABLE>
<FIELD name="title" datatype="char" arraysize="*" ucd="VOX:Image_Title"/>
<FIELD name="ra" datatype="double" ucd="POS_EQ_RA_MAIN"/><FIELD name="dec" datatype="double" ucd="POS_EQ_DEC_MAIN"/>
<FIELD name="instr" datatype="char" arraysize="*" ucd="INST_ID"/>
<FIELD name="mjd" datatype="double" ucd="VOX:Image_MJDateObs"/>
<FIELD name="naxes" datatype="int" ucd="VOX:Image_Naxes"/><FIELD name="naxis" datatype="int" arraysize="*" ucd="VOX:Image_Naxis"/>
<FIELD name="scale" datatype="double" arraysize="*" ucd="VOX:Image_Scale"/>
<FIELD name="fmt" datatype="char" arraysize="*" ucd="VOX:Image_Format"/>
<FIELD name="proj" datatype="char" arraysize="3" ucd="VOX:WCS_CoordProjection"/>
<FIELD name="bp" datatype="char" arraysize="*" ucd="VOX:BandPass_ID"/><FIELD name="lo" datatype="double" ucd="VOX:BandPass_LoLimit"/>
<FIELD name="hi" datatype="double" ucd="VOX:BandPass_HiLimit"/>
<FIELD name="url" datatype="char" arraysize="*" ucd="VOX:Image_AccessReference"/>
<FIELD name="size" datatype="long" ucd="VOX:Image_FileSize"/>
<DATA><TABLEDATA><TR><TD>M31 V 2019</TD><TD>10.68</TD><TD>41.27</TD><TD>VOCAM</TD><TD>58759.885</TD><TD>2</TD><TD>64 64</TD>
<TD>-0.0028 0.0028</TD><TD>image/fits</TD><TD>TAN</TD><TD>Johnson V</TD><TD>5e-7</TD><TD>6e-7</TD>
<TD>http://example.org/getproduct/m31.fits</TD><TD>40320</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;

describe("SIARecord (SIA 1.0 UCDs)", () => {
  it("reads every accessor", async () => {
    const r = await firstRow(SIA1_DOC, (i, c) => new SIARecord(i, c));
    expect(r.title).toBe("M31 V 2019");
    expect(r.pos).toEqual([10.68, 41.27]);
    expect(r.instr).toBe("VOCAM");
    expect(r.dateobs?.toISOString()).toBe("2019-10-03T21:14:24.000Z");
    expect(r.naxes).toBe(2);
    expect(r.naxis).toEqual([64, 64]);
    expect(r.scale).toEqual([-0.0028, 0.0028]);
    expect(r.format).toBe("image/fits");
    expect(r.coordProjection).toBe("TAN");
    expect(r.bandpassId).toBe("Johnson V");
    expect([r.bandpassLolimit, r.bandpassHilimit]).toEqual([5e-7, 6e-7]);
    expect(r.acref).toBe("http://example.org/getproduct/m31.fits");
    expect(r.dataUrl).toBe(r.acref);
    expect(r.getDatasetFormat()).toBe("image/fits");
    expect(r.filesize).toBe(40320);
    expect(r.suggestDatasetBasename()).toBe("M31_V_2019");
    expect(r.suggestExtension()).toBe("fits");
    await expect(r.download("/tmp")).rejects.toBeInstanceOf(ParameterError);
  });
});

const OBSCORE_DOC = `<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE type="results"><TABLE>
<FIELD name="dataproduct_type" datatype="char" arraysize="*" utype="obscore:ObsDataset.dataProductType"/>
<FIELD name="calib_level" datatype="short" utype="obscore:ObsDataset.calibLevel"/>
<FIELD name="obs_collection" datatype="char" arraysize="*"/>
<FIELD name="obs_publisher_did" datatype="char" arraysize="*"/>
<FIELD name="the_url" datatype="char" arraysize="*" utype="obscore:Access.Reference"/>
<FIELD name="access_format" datatype="char" arraysize="*"/>
<FIELD name="s_ra" datatype="double"/><FIELD name="s_dec" datatype="double"/>
<FIELD name="t_min" datatype="double"/><FIELD name="em_min" datatype="double"/>
<DATA><TABLEDATA><TR><TD>image</TD><TD>2</TD><TD>vosample-img</TD><TD>ivo://x/~?data/m31 V.fits</TD>
<TD>http://example.org/p/1</TD><TD>image/fits</TD><TD>10.68</TD><TD>41.27</TD><TD>40587.5</TD><TD>5e-7</TD></TR></TABLEDATA></DATA>
</TABLE></RESOURCE></VOTABLE>`;

describe("SIA2Record (ObsCore utypes, then names)", () => {
  it("reads columns by name and falls back to utype", async () => {
    const r = await firstRow(OBSCORE_DOC, (i, c) => new SIA2Record(i, c));
    expect(r.dataproductType).toBe("image");
    expect(r.calibLevel).toBe(2);
    expect(r.obsCollection).toBe("vosample-img");
    expect(r.accessUrl).toBe("http://example.org/p/1");
    expect(r.dataUrl).toBe("http://example.org/p/1");
    expect(r.accessFormat).toBe("image/fits");
    expect(r.pos).toEqual([10.68, 41.27]);
    expect(r.dateobs?.toISOString()).toBe("1970-01-01T12:00:00.000Z");
    expect(r.emMin).toBe(5e-7);
    expect(r.suggestDatasetBasename()).toBe("m31_V.fits");
    expect(r.suggestExtension()).toBe("fits");
  });
  it("prefers the ObsCore utype over a column that merely has the ObsCore name", async () => {
    const xml = `<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE type="results"><TABLE>
<FIELD name="access_url" datatype="char" arraysize="*" ucd="meta.ref.url;meta.preview"/>
<FIELD name="acref" datatype="char" arraysize="*" utype="obscore:access.reference"/>
<FIELD name="obs_title" datatype="char" arraysize="*"/>
<FIELD name="title" datatype="char" arraysize="*" utype="obscore:DataID.Title"/>
<FIELD name="estsize" datatype="long" utype="obscore:Access.Size"/>
<FIELD name="fmt" datatype="char" arraysize="*" utype="obscore:Access.Format"/>
<FIELD name="instrument" datatype="char" arraysize="*" utype="obscore:Provenance.ObsConfig.Instrument.name"/>
<FIELD name="lo" datatype="double" utype="obscore:Char.SpectralAxis.Coverage.Bounds.Limits.LoLimit"/>
<FIELD name="hi" datatype="double" utype="obscore:Char.SpectralAxis.Coverage.Bounds.Limits.HiLimit"/>
<FIELD name="nx" datatype="long" utype="obscore:Char.SpatialAxis.numBins1"/>
<FIELD name="rp" datatype="double" utype="obscore:Char.SpectralAxis.Resolution.ResolPower.refVal"/>
<DATA><TABLEDATA><TR><TD>http://example.org/preview.png</TD><TD>http://example.org/data.fits</TD><TD>wrong</TD><TD>M31 V</TD>
<TD>40</TD><TD>image/fits</TD><TD>VOCAM</TD><TD>5e-7</TD><TD>6e-7</TD><TD>64</TD><TD>3.5</TD></TR></TABLEDATA></DATA>
</TABLE></RESOURCE></VOTABLE>`;
    const r = await firstRow(xml, (i, c) => new SIA2Record(i, c));
    expect(r.accessUrl).toBe("http://example.org/data.fits");
    expect(r.dataUrl).toBe("http://example.org/data.fits");
    expect(r.title).toBe("M31 V");
    expect(r.format).toBe("image/fits");
    expect(r.filesize).toBe(40 * 1024);
    expect(r.instr).toBe("VOCAM");
    expect([r.bandpassLolimit, r.bandpassHilimit]).toEqual([5e-7, 6e-7]);
    expect(r.sXel1).toBe(64);
    expect(r.emResPower).toBe(3.5);
    expect(r.sXel2).toBeUndefined();
  });
});

describe("SIA2Record's optional ObsCore columns (pyVO's ObsCoreRecord properties)", () => {
  it("finds each by utype (renamed column) or by name, typed", () => {
    const fields = [
      { name: "sub", datatype: "char", arraysize: "*", utype: "obscore:ObsDataset.dataProductSubtype" },
      { name: "created", datatype: "char", arraysize: "*", utype: "obscore:DataID.Date" },
      { name: "obs_release_date", datatype: "char", arraysize: "*" },
      { name: "rights", datatype: "char", arraysize: "*", utype: "obscore:Curation.Rights" },
      { name: "smin", datatype: "double", utype: "obscore:Char.SpatialAxis.Resolution.Bounds.Limits.LoLimit" },
      { name: "s_resolution_max", datatype: "double" },
      { name: "em_res_power_min", datatype: "double" },
      { name: "eu", datatype: "char", arraysize: "*", utype: "obscore:Char.SpectralAxis.unit" },
      { name: "oerr", datatype: "double", utype: "obscore:Char.ObservableAxis.Accuracy.StatError.Refval.value" },
      { name: "proposal_id", datatype: "char", arraysize: "*" },
      { name: "t_ref_pos", datatype: "char", arraysize: "*" },
    ] as const;
    const r = new SIA2Record(new FieldIndex(fields.map((f) => ({ ...f }))), ["preview", "2021-05-04T10:00:00Z", "2022-01-01", "public", 0.5, 2.5, 1000, "Angstrom", 0.01, "P-1", "TOPOCENTER"]);
    expect(r.dataproductSubtype).toBe("preview");
    expect(r.obsCreateDate?.toISOString()).toBe("2021-05-04T10:00:00.000Z");
    expect(r.obsReleaseDate?.toISOString()).toBe("2022-01-01T00:00:00.000Z");
    expect(r.dataRights).toBe("public");
    expect([r.sResolutionMin, r.sResolutionMax, r.emResPowerMin]).toEqual([0.5, 2.5, 1000]);
    expect(r.emUnit).toBe("Angstrom");
    expect(r.oStatError).toBe(0.01);
    expect(r.proposalId).toBe("P-1");
    expect(r.tRefPos).toBe("TOPOCENTER");
    expect([r.publisherId, r.bibReference, r.sUcd, r.sUnit, r.sCalibStatus, r.sStatError, r.tCalibStatus, r.tStatError]).toEqual(Array(8).fill(undefined));
    expect([r.emCalibStatus, r.emResPowerMax, r.emResolution, r.emStatError, r.oUnit, r.oCalibStatus, r.obsCreatorName]).toEqual(Array(7).fill(undefined));
  });
});

describe("MJD cells of SIA records", () => {
  it("round to the millisecond in SIARecord.dateobs and SIA2Record.timeRange", () => {
    const sia1 = new FieldIndex([{ name: "dateObs", datatype: "double", ucd: "VOX:Image_MJDateObs" }]);
    expect(new SIARecord(sia1, [59844.04166666651]).dateobs?.toISOString()).toBe("2022-09-22T01:00:00.000Z");
    const sia2 = new FieldIndex([{ name: "t_min", datatype: "double", utype: "obscore:Char.TimeAxis.Coverage.Bounds.Limits.StartTime" }]);
    const r = new SIA2Record(sia2, [59844.04166666651]);
    expect(r.getDate("t_min")?.toISOString()).toBe("2022-09-22T01:00:00.000Z");
  });
});

describe("SIA2 interval parameters given as DALI interval strings", () => {
  it('takes time: "58000 59000" (the string is one interval, never iterated)', () => {
    expect(q(sia2.buildParams({ time: "58000 59000" }))).toBe("TIME=58000 59000");
    expect(q(sia2.buildParams({ time: "-Inf 59000" }))).toBe("TIME=-Inf 59000");
    expect(q(sia2.buildParams({ time: "59000" }))).toBe("TIME=59000 59000");
    expect(q(sia2.buildParams({ time: ["58000 58500", "59000 59500"] }))).toBe("TIME=58000 58500&TIME=59000 59500");
    expect(q(sia2.buildParams({ time: "2020-01-01 2020-01-02" }))).toBe("TIME=58849 58850");
    expect(q(sia2.buildParams({ time: ["2020-01-01", new Date("2020-01-02T00:00:00Z")] }))).toBe("TIME=58849 58850");
  });

  it("takes every other interval parameter as a string too", () => {
    expect(q(sia2.buildParams({ band: "5e-7 5.5e-7", fieldOfView: "0.1 +Inf", exptime: "10 100", specRP: "1000 2000" }))).toBe(
      "BAND=5e-7 5.5e-7&FOV=0.1 +Inf&EXPTIME=10 100&SPECRP=1000 2000",
    );
  });

  it("says what it expected for a string that is no interval or time", () => {
    expect(() => sia2.buildParams({ time: "yesterday" })).toThrow(/TIME|time/);
    expect(() => sia2.buildParams({ time: "yesterday" })).toThrow(/DALI interval "mjd1 mjd2"/);
    expect(() => sia2.buildParams({ band: "red" })).toThrow(/DALI interval "lo hi"/);
    expect(() => sia2.buildParams({ time: "59000 58000" })).toThrow(ParameterError);
  });
});

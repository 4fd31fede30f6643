import { describe, expect, it } from "vitest";
import { encodeDALParams, FieldIndex, ParameterError } from "@vo/core";
import type { CellValue, Transport } from "@vo/core";
import { parseVOTable } from "@vo/votable";
import { SLARecord } from "./sla-record.js";
import { SLAService } from "./sla-service.js";
import { SSARecord } from "./ssa-record.js";
import { SSAService } from "./ssa-service.js";

const noTransport: Transport = { request: () => Promise.reject(new Error("offline")), close: async () => {} };
const ssa = new SSAService("http://example.org/ssap.xml", { transport: noTransport });
const sla = new SLAService("http://example.org/slap", { transport: noTransport });
const q = (p: Parameters<typeof encodeDALParams>[0]): string => decodeURIComponent(encodeDALParams(p).toString().replace(/\+/g, " "));

describe("SSAService.buildParams (SSA 1.1 §8.5)", () => {
  it("encodes REQUEST, POS, SIZE, BAND (sorted metres), TIME (ISO to the second), FORMAT", () => {
    expect(q(ssa.buildParams([10.68, 41.27], 0.2))).toBe("REQUEST=queryData&POS=10.68,41.27&SIZE=0.2&FORMAT=all");
    // FORMAT=all is the SSA default, sent explicitly as pyVO sends it; another REQUEST gets no default FORMAT.
    expect(q(ssa.buildParams(undefined, undefined, { request: "getTargetNames" }))).toBe("REQUEST=getTargetNames");
    expect(
      q(
        ssa.buildParams({ ra: 83.8, dec: -5.39 }, 0.1, {
          band: [7e-7, 4e-7],
          time: [new Date("2019-10-04T00:10:00.750Z"), "2020-01-01"],
          format: "application/fits",
          maxrec: 5,
        }),
      ),
    ).toBe("REQUEST=queryData&POS=83.8,-5.39&SIZE=0.1&BAND=4e-7/7e-7&TIME=2019-10-04T00:10:00/2020-01-01&FORMAT=application/fits&MAXREC=5");
    expect(q(ssa.buildParams(undefined, undefined, { band: "V", time: "2019/2020" }))).toBe("REQUEST=queryData&BAND=V&TIME=2019/2020&FORMAT=all");
  });
  it("rejects bad input", () => {
    expect(() => ssa.buildParams([0, 100])).toThrow(ParameterError);
    expect(() => ssa.buildParams([0, 0], 0)).toThrow(/diameter/);
    expect(() => ssa.buildParams([0, 0], 1, { band: [-1, 2] })).toThrow(/band/);
    expect(() => ssa.buildParams([0, 0], 1, { time: [new Date("x"), new Date()] })).toThrow(/time/);
  });
});

describe("SLAService.buildParams (SLAP 1.0)", () => {
  it("encodes REQUEST and WAVELENGTH=lo/hi in metres", () => {
    expect(q(sla.buildParams([6.6e-7, 6.5e-7]))).toBe("REQUEST=queryData&WAVELENGTH=6.5e-7/6.6e-7");
    expect(q(sla.buildParams("1e-7/", { maxrec: 10 }))).toBe("REQUEST=queryData&WAVELENGTH=1e-7/&MAXREC=10");
    expect(() => sla.buildParams([0, 1])).toThrow(/wavelength/);
  });
});

async function firstRow<R>(xml: string, make: (index: FieldIndex, cells: readonly CellValue[]) => R): Promise<R> {
  const doc = await parseVOTable(new TextEncoder().encode(xml));
  const table = doc.resultTable()!;
  return make(new FieldIndex(table.fields), table.row(0));
}

describe("SSARecord (SSA utypes)", () => {
  it("reads every accessor by utype", async () => {
    const r = await firstRow(
      `<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE type="results"><TABLE>
      <FIELD name="acref" datatype="char" arraysize="*" utype="ssa:Access.Reference"/>
      <FIELD name="fmt" datatype="char" arraysize="*" utype="ssa:Access.Format"/>
      <FIELD name="size" datatype="long" utype="ssa:Access.Size"/>
      <FIELD name="title" datatype="char" arraysize="*" utype="ssa:DataID.Title"/>
      <FIELD name="creator" datatype="char" arraysize="*" utype="ssa:DataID.Creator"/>
      <FIELD name="instr" datatype="char" arraysize="*" utype="ssa:DataID.Instrument"/>
      <FIELD name="loc" datatype="double" arraysize="2" utype="ssa:Char.SpatialAxis.Coverage.Location.Value"/>
      <FIELD name="mjd" datatype="double" utype="ssa:Char.TimeAxis.Coverage.Location.Value"/>
      <FIELD name="target" datatype="char" arraysize="*" utype="ssa:Target.Name"/>
      <FIELD name="did" datatype="char" arraysize="*" utype="ssa:Curation.PublisherDID"/>
      <FIELD name="specstart" datatype="double" utype="ssa:Char.SpectralAxis.Coverage.Bounds.Start"/>
      <FIELD name="specend" datatype="double" utype="ssa:Char.SpectralAxis.Coverage.Bounds.Stop"/>
      <FIELD name="specmid" datatype="double" utype="ssa:Char.SpectralAxis.Coverage.Location.Value"/>
      <FIELD name="specext" datatype="double" utype="ssa:Char.SpectralAxis.Coverage.Bounds.Extent"/>
      <DATA><TABLEDATA><TR><TD>http://example.org/spec/1</TD><TD>application/fits</TD><TD>20160</TD><TD>M31 star A</TD>
      <TD>@vo</TD><TD>SPEC</TD><TD>10.7 41.3</TD><TD>40588</TD><TD>M31 star A</TD><TD>ivo://x/spec1</TD>
      <TD>4e-7</TD><TD>7e-7</TD><TD>5.5e-7</TD><TD>3e-7</TD></TR></TABLEDATA></DATA>
      </TABLE></RESOURCE></VOTABLE>`,
      (i, c) => new SSARecord(i, c),
    );
    expect(r.acref).toBe("http://example.org/spec/1");
    expect(r.dataUrl).toBe(r.acref);
    expect(r.format).toBe("application/fits");
    expect(r.getDatasetFormat()).toBe("application/fits");
    expect(r.filesize).toBe(20160);
    expect(r.title).toBe("M31 star A");
    expect(r.creator).toBe("@vo");
    expect(r.instr).toBe("SPEC");
    expect(r.pos).toEqual([10.7, 41.3]);
    expect(r.dateobs?.toISOString()).toBe("1970-01-02T00:00:00.000Z");
    expect(r.targetName).toBe("M31 star A");
    expect(r.publisherDid).toBe("ivo://x/spec1");
    expect([r.bandpassLolimit, r.bandpassHilimit, r.bandpassRefvalue, r.bandpassExtent]).toEqual([4e-7, 7e-7, 5.5e-7, 3e-7]);
    expect(r.suggestDatasetBasename()).toBe("M31_star_A");
    expect(r.suggestExtension()).toBe("fits");
    await expect(r.download("/tmp")).rejects.toBeInstanceOf(ParameterError);
  });
  it("reads ssa:DataID.Date and a 'ra dec' string position", async () => {
    const r = await firstRow(
      `<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE type="results"><TABLE>
      <FIELD name="pos" datatype="char" arraysize="*" utype="ssa:Target.Pos"/>
      <FIELD name="date" datatype="char" arraysize="*" utype="ssa:DataID.Date"/>
      <DATA><TABLEDATA><TR><TD>83.8 -5.39</TD><TD>2020-01-18T21:00:00</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`,
      (i, c) => new SSARecord(i, c),
    );
    expect(r.pos).toEqual([83.8, -5.39]);
    expect(r.dateobs?.toISOString()).toBe("2020-01-18T21:00:00.000Z");
    expect(r.suggestDatasetBasename()).toBe("spectrum");
    expect(r.suggestExtension()).toBeUndefined();
    expect(r.suggestExtension("dat")).toBe("dat");
  });
});

describe("SLARecord (ssldm utypes)", () => {
  it("reads title, wavelength, species and status with either prefix", async () => {
    const r = await firstRow(
      `<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE type="results"><TABLE>
      <FIELD name="t" datatype="char" arraysize="*" utype="ssldm:Line.title"/>
      <FIELD name="w" datatype="double" unit="m" utype="ssldm:Line.wavelength.value"/>
      <FIELD name="s" datatype="char" arraysize="*" utype="ldm:Line.species.name"/>
      <FIELD name="st" datatype="char" arraysize="*" utype="ssldm:Line.identificationStatus"/>
      <FIELD name="il" datatype="char" arraysize="*" utype="ssldm:Line.initialLevel.name"/>
      <FIELD name="fl" datatype="char" arraysize="*" utype="ssldm:Line.finalLevel.name"/>
      <DATA><TABLEDATA><TR><TD>H alpha</TD><TD>6.5628e-7</TD><TD>H</TD><TD>identified</TD><TD>n=3</TD><TD>n=2</TD></TR></TABLEDATA></DATA>
      </TABLE></RESOURCE></VOTABLE>`,
      (i, c) => new SLARecord(i, c),
    );
    expect([r.title, r.wavelength, r.speciesName, r.status, r.initialLevel, r.finalLevel]).toEqual([
      "H alpha", 6.5628e-7, "H", "identified", "n=3", "n=2",
    ]);
  });
});

describe("SSARecord.dateobs", () => {
  it("rounds the MJD to the millisecond (MJD 59844.04166666651 is 01:00:00.000, as astropy says)", () => {
    const index = new FieldIndex([
      { name: "t", datatype: "double", utype: "ssa:Char.TimeAxis.Coverage.Location.Value" },
      { name: "d", datatype: "char", arraysize: "*", utype: "ssa:DataID.Date" },
    ]);
    expect(new SSARecord(index, [59844.04166666651, null]).dateobs?.toISOString()).toBe("2022-09-22T01:00:00.000Z");
    expect(new SSARecord(index, [null, "2022-09-22T00:59:59.9996"]).dateobs?.toISOString()).toBe("2022-09-22T01:00:00.000Z");
    expect(new SSARecord(index, [59844.04166666651, null]).getDate("t")?.toISOString()).toBe("2022-09-22T01:00:00.000Z");
  });
});

describe("SSA/SLAP interval parameters given as DALI interval strings", () => {
  it("sends BAND and WAVELENGTH in range syntax, TIME in ISO", () => {
    expect(q(ssa.buildParams(undefined, undefined, { band: "5e-7 6e-7" }))).toBe("REQUEST=queryData&BAND=5e-7/6e-7&FORMAT=all");
    expect(q(ssa.buildParams(undefined, undefined, { band: "-Inf 6e-7" }))).toBe("REQUEST=queryData&BAND=/6e-7&FORMAT=all");
    expect(q(ssa.buildParams(undefined, undefined, { band: "V" }))).toBe("REQUEST=queryData&BAND=V&FORMAT=all");
    expect(q(ssa.buildParams(undefined, undefined, { band: "5e-7/6e-7" }))).toBe("REQUEST=queryData&BAND=5e-7/6e-7&FORMAT=all");
    expect(q(ssa.buildParams(undefined, undefined, { time: "58000 59000" }))).toBe("REQUEST=queryData&TIME=2017-09-04T00:00:00/2020-05-31T00:00:00&FORMAT=all");
    expect(q(ssa.buildParams(undefined, undefined, { time: "2019-01-01 2020-01-01" }))).toBe("REQUEST=queryData&TIME=2019-01-01/2020-01-01&FORMAT=all");
    expect(q(ssa.buildParams(undefined, undefined, { time: [58000, new Date("2020-05-31T00:00:00Z")] }))).toBe(
      "REQUEST=queryData&TIME=2017-09-04T00:00:00/2020-05-31T00:00:00&FORMAT=all",
    );
    expect(q(sla.buildParams("5e-7 6e-7"))).toBe("REQUEST=queryData&WAVELENGTH=5e-7/6e-7");
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ParameterError, ResultSet } from "@vo/core";
import type { Record, RecordFactory, Transport } from "@vo/core";
import { parseVOTable } from "@vo/votable";
import { sharedCorpusDir } from "@vo/testkit";
import { DatalinkError, DatalinkResults, datalinkRecordFactory } from "./links.js";
import type { DatalinkRecord } from "./links.js";
import { descriptorById, descriptorByIvoid, serviceDescriptors } from "./descriptor.js";
import { datalinkDescriptor, sodaDescriptor } from "./iter-datalinks.js";
import { sodaFields } from "./soda.js";
import { DATALINK_CORE, expandSemantics, normalizeSemantics } from "./vocabulary.js";
import { DATALINK_IVOID, isDatalinkMediaType, SODA_SYNC_IVOID } from "./constants.js";

const CORPUS = sharedCorpusDir() ?? "";
const DIR = `${CORPUS}/pyvo/dal/tests/data/datalink`;
const noTransport: Transport = { request: () => Promise.reject(new Error("no network in unit tests")), close: async () => {} };

async function load<R extends Record>(file: string, factory?: RecordFactory<R>): Promise<ResultSet<R>> {
  const doc = await parseVOTable(readFileSync(`${DIR}/${file}`));
  const table = doc.resultTable();
  if (!table) throw new Error(`${file}: no result table`);
  return new ResultSet<R>(table, doc.meta, `http://example.org/${file}`, factory, { transport: noTransport });
}
const links = async (file: string): Promise<DatalinkResults> => new DatalinkResults(await load(file, datalinkRecordFactory));

describe("the shipped datalink/core vocabulary", () => {
  it("has pyVO's terms and expands narrower terms transitively", () => {
    expect(DATALINK_CORE.uri).toBe("http://www.ivoa.net/rdf/datalink/core");
    expect(Object.keys(DATALINK_CORE.terms)).toEqual(expect.arrayContaining(["this", "preview", "progenitor", "calibration", "auxiliary"]));
    const core = (t: string): string => `http://www.ivoa.net/rdf/datalink/core#${t}`;
    expect(expandSemantics("#auxiliary")).toEqual([core("auxiliary"), core("weight"), core("error"), core("noise")]);
    expect(expandSemantics("preview")).toEqual(expect.arrayContaining([core("preview"), core("preview-image"), core("preview-plot")]));
    expect(expandSemantics("urn:example:rdf/dlext#oracle")).toEqual(["urn:example:rdf/dlext#oracle"]);
    // Every narrower term the vocabulary names is itself a term, and the relation is symmetric.
    for (const [id, term] of Object.entries(DATALINK_CORE.terms)) {
      for (const n of term.narrower) expect(DATALINK_CORE.terms[n]?.wider, `${id} → ${n}`).toContain(id);
    }
  });

  it("normalises bare, #-prefixed and full core terms alike", () => {
    expect(normalizeSemantics("#this")).toBe(normalizeSemantics("this"));
    expect(normalizeSemantics(" http://www.ivoa.net/rdf/datalink/core#this ")).toBe(normalizeSemantics("#this"));
  });
});

describe.runIf(CORPUS !== "")("links documents (pyVO's fixtures)", () => {
  it("reads every standard column of datalink.xml", async () => {
    const dl = await links("datalink.xml");
    expect(dl.length).toBe(4);
    const [progenitor, proc, self, preview] = dl.records as [DatalinkRecord, DatalinkRecord, DatalinkRecord, DatalinkRecord];
    expect(progenitor.id).toBe("ivo://org.gavo.dc/~?flashheros/data/ca90/f0011.mt");
    expect(progenitor.semantics).toBe("#progenitor");
    expect(progenitor.contentType).toBe("application/x-votable+xml;content=datalink");
    expect(isDatalinkMediaType(progenitor.contentType)).toBe(true);
    expect(progenitor.contentLength).toBeUndefined(); // -1 is the declared null
    expect(self.contentLength).toBe(100800);
    expect(self.description).toBe("The full dataset.");
    expect(self.getDataUrl()).toBe("http://dc.zah.uni-heidelberg.de/getproduct/flashheros/data/ca90/f0011.mt");
    expect(proc.serviceDef).toBe("ndndtdihpgea");
    expect(proc.isProc).toBe(true);
    expect(proc.descriptor?.standardId).toBe(SODA_SYNC_IVOID);
    // A service_def row without access_url takes the descriptor's.
    expect(proc.accessUrl).toBe("http://dc.zah.uni-heidelberg.de/flashheros/q/sdl/dlget");
    expect(preview.semantics).toBe("#preview");
    expect(dl.getFirstProc()).toBe(proc);
    expect([...dl.iterProcs()]).toEqual([proc]);
    expect(dl.thisLinks()).toEqual([self]);
    expect(dl.previews()).toEqual([preview]);
    expect(dl.progenitors()).toEqual([progenitor]);
    expect(dl.errors()).toEqual([]);
    expect(dl.ids).toEqual(["ivo://org.gavo.dc/~?flashheros/data/ca90/f0011.mt"]);
  });

  it("bySemantics with and without narrower terms, and literal custom URIs (proc.xml)", async () => {
    const dl = await links("proc.xml");
    expect(dl.bySemantics("#preview").map((r) => r.semantics)).toEqual(["#preview-image", "#preview"]);
    expect(dl.bySemantics("#preview", { includeNarrower: false }).map((r) => r.semantics)).toEqual(["#preview"]);
    expect(dl.bySemantics("preview-image").map((r) => r.accessUrl)).toEqual([
      "http://dc.zah.uni-heidelberg.de/getproduct/bgds/data/gds_big/v6a/2010/GDS_0644-0035/i_s/eq010000ms/20100927.comb_avg.0001.fits.fz?preview=True",
    ]);
    expect(dl.bySemantics("http://www.ivoa.net/rdf/datalink/core#this").length).toBe(1);
    expect(dl.bySemantics("urn:example:rdf/dlext#oracle").map((r) => r.contentType)).toEqual(["text/x-prediction"]);
    expect(dl.bySemantics(["#this", "urn:example:rdf/dlext#oracle"]).length).toBe(2);
    expect(dl.byId("ivo://org.gavo.dc/s/data/gds_big/v6a/2010/GDS_0644-0035/i_s/eq010000ms/20100927.comb_avg.0001.fits.fz").length).toBe(2);
  });

  it("keeps error rows and raises them, with the message, when their data is asked for", async () => {
    const doc = readFileSync(`${DIR}/datalink.xml`, "utf8").replace(
      /<TR>\s*<TD>(ivo:[^<]*)<\/TD>\s*<TD>http[^<]*getproduct[^<]*<\/TD>\s*<TD\/>\s*<TD\/>/,
      "<TR><TD>$1</TD><TD/><TD/><TD>NotFoundFault: no such dataset</TD>",
    );
    const parsed = await parseVOTable(doc);
    const dl = new DatalinkResults(new ResultSet(parsed.resultTable()!, parsed.meta, "http://example.org/dl", datalinkRecordFactory, { transport: noTransport }));
    const [bad] = dl.errors();
    expect(bad?.errorMessage).toBe("NotFoundFault: no such dataset");
    expect(() => bad!.getDataUrl()).toThrow(DatalinkError);
    await expect(dl.getDataset()).rejects.toMatchObject({ name: "DatalinkError", code: "VO_ERR_QUERY", errorMessage: "NotFoundFault: no such dataset" });
  });

  it("finds the service descriptors of results (datalink-obscore.xml, datalink-ssa.xml, cutout1.xml)", async () => {
    const obscore = await load("datalink-obscore.xml");
    const dl = datalinkDescriptor(obscore.document)!;
    expect(dl.standardId).toBe(DATALINK_IVOID);
    expect(dl.accessUrl).toBe("https://example.com/obscore-datalink");
    expect(dl.idParam?.ref).toBe("caomPlaneURI");
    expect(obscore.at(0)!.getString(dl.idParam!.ref!)).toBe("ivo://cadc.nrc.ca/MACHO?54150/cal054150r");

    const ssa = await load("datalink-ssa.xml");
    const descriptors = serviceDescriptors(ssa.document);
    expect(descriptors.map((d) => [d.isSoda, d.isDatalink])).toEqual([[true, false], [false, true]]);
    const soda = sodaDescriptor(ssa.document)!;
    expect(soda.id).toBe("ndndtgsodnha");
    expect(descriptorById(ssa.document, "ndndtgsodnha")).toBeDefined();
    expect(descriptorByIvoid(ssa.document, "ivo://ivoa.net/std/soda")?.id).toBe("ndndtgsodnha");
    // The embedded SODA descriptor takes the ID from the row's column, not its example value.
    const row = ssa.at(0)!;
    expect(row.getNumber("accsize")).toBe(100800);
    const fields = sodaFields(soda, { band: [5e-7, 6e-7] }, row);
    expect(fields.get("ID")).toBe(row.getString("ssa_pubDID"));
    expect(fields.get("BAND")).toBe("5e-7 6e-7");
    // a DALI interval string is taken (and checked) as the interval it is (issue #13)
    expect(sodaFields(soda, { band: "5e-7 6e-7" }, row).get("BAND")).toBe("5e-7 6e-7");
    expect(() => sodaFields(soda, { band: "6e-7 5e-7" }, row)).toThrow(/lo ≤ hi/);

    const cutouts = serviceDescriptors((await load("cutout1.xml", datalinkRecordFactory)).document);
    expect(cutouts.length).toBe(4);
    expect(cutouts.filter((d) => d.isSodaAsync).length).toBe(2);
    expect(cutouts[0]!.inputParams.find((p) => p.name === "RUNID")?.value).toBe("e3h6rssb161oyf7j");
  });
});

describe.runIf(CORPUS !== "")("SODA parameters checked against the descriptor (proc.xml)", () => {
  const proc = async () => (await links("proc.xml")).getFirstProc()!;

  it("sends the fixed ID and encodes circle, polygon, band and custom parameters by DALI rules", async () => {
    const d = (await proc()).descriptor!;
    const f = sodaFields(d, { circle: [101, -0.6, 0.1], scale: 4, kind: "HEADER" });
    expect(f.get("ID")).toBe("ivo://org.gavo.dc/~?bgds/data/gds_big/v6a/2010/GDS_0644-0035/i_s/eq010000ms/20100927.comb_avg.0001.fits.fz");
    expect(f.get("CIRCLE")).toBe("101 -0.6 0.1");
    expect(f.get("SCALE")).toBe("4");
    expect(f.get("KIND")).toBe("HEADER");
    expect(sodaFields(d, { polygon: [[100, -1], [101, -1], [101, 0]] }).get("POLYGON")).toBe("100 -1 101 -1 101 0");
    expect(sodaFields(d, { RA: [100, 101], dec: [-1, Infinity] }).getAll("DEC")).toEqual(["-1 +Inf"]);
    expect(sodaFields(d, { ID: null }).has("ID")).toBe(false);
  });

  it("rejects cutouts outside the data with a ParameterError naming the parameter and the allowed range", async () => {
    const d = (await proc()).descriptor!;
    const err = (() => {
      try {
        sodaFields(d, { circle: [10, 40, 0.1] });
      } catch (e) {
        return e;
      }
    })() as ParameterError;
    expect(err).toBeInstanceOf(ParameterError);
    expect(err.parameter).toBe("CIRCLE");
    expect(err.expected).toContain("101.1142777837 -0.5901111111 1.6965604241");
    expect(() => sodaFields(d, { polygon: [[10, 40], [11, 40], [11, 41]] })).toThrow(/POLYGON/);
    expect(() => sodaFields(d, { ra: [0, 10] })).toThrow(/"RA".*\[99\.9141308131, 102\.31420252\] deg/);
    expect(() => sodaFields(d, { scale: 64 })).toThrow(/"SCALE".*\[2, 32\]/);
    expect(() => sodaFields(d, { kind: "PIXELS" })).toThrow(/"KIND".*"HEADER", "DATA"/);
    expect(() => sodaFields(d, { airmass: 1.2 })).toThrow(/"airmass".*a parameter the service declares \(ID, DEC, RA/);
    expect(() => sodaFields(d, { ra: [102, 101] })).toThrow(/lo ≤ hi/);
  });

  it("does not send a placeholder value of a numeric parameter, and sends +Inf for an open band (proc_inf.xml, proc_units.xml)", async () => {
    for (const file of ["proc_inf.xml", "proc_units.xml"]) {
      const d = (await links(file)).getFirstProc()!.descriptor!;
      expect(d.param("BAND")?.value).toBe("[0. 0.]");
      expect(sodaFields(d, {}).has("BAND")).toBe(false);
      expect(sodaFields(d, { band: [6.000000000000001e-7, Infinity] }).get("BAND")).toBe("6.000000000000001e-7 +Inf");
      expect(sodaFields(d, {}).get("ID")).toMatch(/^ivo:\/\/org\.gavo\.dc\//);
    }
  });

  it("checks BAND against the declared range, with +Inf for open ends (datalink.xml)", async () => {
    const d = (await links("datalink.xml")).getFirstProc()!.descriptor!;
    expect(sodaFields(d, { band: [5e-7, Infinity] }).get("BAND")).toBe("5e-7 +Inf");
    expect(() => sodaFields(d, { band: [7e-7, 8e-7] })).toThrow(/"BAND".*\[4\.01053e-7, 6\.792e-7\] m/);
    expect(sodaFields(d, { fluxcalib: "relative" }).get("FLUXCALIB")).toBe("relative");
    expect(() => sodaFields(d, { FLUXCALIB: "ABSOLUTE" })).toThrow(/"FLUXCALIB"/);
  });
});

import { describe, expect, it } from "vitest";
import { encodeDALParams, FieldIndex, ParameterError } from "@vo/core";
import type { Transport } from "@vo/core";
import { parseVOTable } from "@vo/votable";
import { SCSRecord } from "./scs-record.js";
import { SCSService } from "./scs-service.js";

const noTransport: Transport = {
  request: () => Promise.reject(new Error("no network in unit tests")),
  close: async () => {},
};
const svc = new SCSService("http://example.org/scs?", { transport: noTransport });

describe("SCSService.buildParams", () => {
  it("sends RA, DEC, SR and VERB as SCS 1.03 says", () => {
    expect(encodeDALParams(svc.buildParams([10.68, 41.27], 0.1, { verbosity: 3 })).toString()).toBe("RA=10.68&DEC=41.27&SR=0.1&VERB=3");
    expect(encodeDALParams(svc.buildParams({ ra: 0, dec: -90 }, 0)).toString()).toBe("RA=0&DEC=-90&SR=0");
    expect(encodeDALParams(svc.buildParams([1, 2], 1, { maxrec: 5 })).toString()).toBe("RA=1&DEC=2&SR=1&MAXREC=5");
  });
  it("rejects bad input before any request", () => {
    expect(() => svc.buildParams([400, 0], 1)).toThrow(ParameterError);
    expect(() => svc.buildParams([10, 91], 1)).toThrow(ParameterError);
    expect(() => svc.buildParams([10, 0], -1)).toThrow(/radius/);
    expect(() => svc.buildParams([10, 0], Number.NaN)).toThrow(ParameterError);
    expect(() => svc.buildParams([10, 0], 1, { verbosity: 4 as 1 })).toThrow(/verbosity/);
  });
  it("needs a context or a transport", () => {
    expect(() => new SCSService("http://x")).toThrow(ParameterError);
  });
});

const doc = (fields: string, row: string): string => `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results"><TABLE>${fields}
<DATA><TABLEDATA><TR>${row}</TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;

async function record(xml: string): Promise<SCSRecord> {
  const parsed = await parseVOTable(new TextEncoder().encode(xml));
  const table = parsed.resultTable()!;
  return new SCSRecord(new FieldIndex(table.fields), table.row(0));
}

describe("SCSRecord", () => {
  it("reads UCD1+ position and id, preferring meta.main", async () => {
    const r = await record(
      doc(
        `<FIELD name="other_ra" datatype="double" ucd="pos.eq.ra"/><FIELD name="source_id" datatype="long" ucd="meta.id;meta.main"/>
         <FIELD name="ra" datatype="double" ucd="pos.eq.ra;meta.main"/><FIELD name="dec" datatype="double" ucd="pos.eq.dec;meta.main"/>`,
        "<TD>1</TD><TD>9007199254740993</TD><TD>10.5</TD><TD>-3.25</TD>",
      ),
    );
    expect(r.pos).toEqual([10.5, -3.25]);
    expect(r.id).toBe(9007199254740993n);
  });
  it("reads SCS 1.03 UCD1 words", async () => {
    const r = await record(
      doc(
        `<FIELD name="id" datatype="char" arraysize="*" ucd="ID_MAIN"/><FIELD name="r" datatype="double" ucd="POS_EQ_RA_MAIN"/>
         <FIELD name="d" datatype="double" ucd="POS_EQ_DEC_MAIN"/>`,
        "<TD>NGC 224</TD><TD>10.68</TD><TD>41.27</TD>",
      ),
    );
    expect(r.id).toBe("NGC 224");
    expect(r.ra).toBe(10.68);
    expect(r.dec).toBe(41.27);
  });
  it("gives undefined without position columns", async () => {
    const r = await record(doc(`<FIELD name="x" datatype="int"/>`, "<TD>1</TD>"));
    expect(r.pos).toBeUndefined();
    expect(r.id).toBeUndefined();
  });
});

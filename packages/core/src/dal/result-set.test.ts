import { describe, expect, it } from "vitest";
import { DALQueryError, parseVOTable } from "@vo/votable";
import type { CellValue, ColumnarTable, VOTableMeta } from "@vo/votable";
import type { Transport, TransportResponse } from "../transport/types.js";
import { FieldIndex, Record } from "./record.js";
import type { RecordFactory } from "./record.js";
import { queryResultSet, ResultSet } from "./result-set.js";
import type { ResultSetInit } from "./result-set.js";

const DOC = `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
  <INFO name="provider" value="Example"/>
  <RESOURCE type="results">
    <INFO name="QUERY_STATUS" value="OK"/>
    <PARAM name="telescope" datatype="char" arraysize="*" value="VLT"/>
    <TABLE>
      <FIELD name="obs_id" ID="col0" datatype="char" arraysize="*" ucd="meta.id;meta.main" utype="obscore:DataID.observationID"/>
      <FIELD name="s_ra" datatype="double" ucd="pos.eq.ra;meta.main"/>
      <FIELD name="s_dec" datatype="double" ucd="pos.eq.dec;meta.main"/>
      <FIELD name="access_url" datatype="char" arraysize="*" ucd="meta.ref.url" utype="obscore:Access.Reference"/>
      <PARAM name="epoch" datatype="double" value="2000"/>
      <DATA><TABLEDATA>
        <TR><TD>a</TD><TD>10.5</TD><TD>-1</TD><TD>https://x.example/a.fits</TD></TR>
        <TR><TD>b</TD><TD>11.5</TD><TD>-2</TD><TD>https://x.example/b.fits</TD></TR>
        <TR><TD>c</TD><TD>12.5</TD><TD/><TD>https://x.example/c.fits</TD></TR>
      </TABLEDATA></DATA>
      <INFO name="rows" value="3"/>
    </TABLE>
  </RESOURCE>
</VOTABLE>`;

async function resultSet(): Promise<ResultSet> {
  const doc = await parseVOTable(DOC);
  const table = doc.resultTable();
  if (!table) throw new Error("no table");
  return new ResultSet(table, doc.meta, "https://x.example/sia2");
}

class ObsRecord extends Record {
  get obsId(): CellValue | undefined {
    return this.get("obs_id");
  }
}
const obsRecord: RecordFactory<ObsRecord> = (index, cells) => new ObsRecord(index, cells);

class ObsResults extends ResultSet<ObsRecord> {
  constructor(table: ColumnarTable, document: VOTableMeta, url: string, init?: ResultSetInit) {
    super(table, document, url, obsRecord, init);
  }
  ids(): (CellValue | undefined)[] {
    return this.toArray().map((r) => r.obsId);
  }
}

describe("ResultSet", () => {
  it("has length, records by position and both iterators", async () => {
    const rs = await resultSet();
    expect(rs.length).toBe(3);
    expect(rs.at(0)?.get("obs_id")).toBe("a");
    expect(rs.at(-1)?.get("obs_id")).toBe("c");
    expect(rs.at(3)).toBeUndefined();
    expect(rs.at(1.5)).toBeUndefined();
    expect([...rs].map((r) => r.get("s_ra"))).toEqual([10.5, 11.5, 12.5]);
    const seen: unknown[] = [];
    for await (const r of rs) seen.push(r.get("obs_id"));
    expect(seen).toEqual(["a", "b", "c"]);
    expect(rs.at(2)?.get("s_dec")).toBeNull();
  });

  it("exposes metadata: fields, params, INFOs, status, document", async () => {
    const rs = await resultSet();
    expect(rs.fieldnames).toEqual(["obs_id", "s_ra", "s_dec", "access_url"]);
    expect(rs.fields[1]?.ucd).toBe("pos.eq.ra;meta.main");
    expect(rs.params.map((p) => p.name)).toEqual(["telescope", "epoch"]);
    expect(rs.infos.map((i) => i.name)).toEqual(["QUERY_STATUS", "rows"]);
    expect(rs.queryStatus).toBe("OK");
    expect(rs.overflow).toBeUndefined();
    expect(rs.document.infos[0]?.value).toBe("Example");
    expect(rs.resource.type).toBe("results");
    expect(rs.table.fields).toHaveLength(4);
    expect(rs.url).toBe("https://x.example/sia2");
  });

  it("gives columns and finds fields by name, UCD and utype", async () => {
    const rs = await resultSet();
    expect(Array.from(rs.getColumn("s_ra")?.values ?? [])).toEqual([10.5, 11.5, 12.5]);
    expect(rs.getColumn("col0")?.field.name).toBe("obs_id");
    expect(rs.getColumn("S_RA")?.field.name).toBe("s_ra");
    expect(rs.getColumn("nope")).toBeUndefined();
    expect(rs.columns).toHaveLength(4);
    expect(rs.toTable().length).toBe(3);
    expect(rs.getField("s_dec")?.datatype).toBe("double");
    expect(rs.fieldnameWithUcd("pos.eq.dec")).toBe("s_dec");
    expect(rs.fieldnameWithUcd("POS.EQ.RA;META.MAIN")).toBe("s_ra");
    expect(rs.getFieldByUcd("phot.mag")).toBeUndefined();
    expect(rs.fieldnameWithUtype("obscore:access.reference")).toBe("access_url");
    expect(rs.fieldnameWithUtype("Access.Reference")).toBe("access_url");
    expect(rs.getFieldByUtype("ssa:DataID.observationID")?.name).toBe("obs_id");
    expect(rs.at(1)?.getDatasetUrl()).toBe("https://x.example/b.fits");
  });

  it("reads one cell by column and row (pyVO's getvalue)", async () => {
    const rs = await resultSet();
    expect(rs.getValue("s_ra", 1)).toBe(11.5);
    expect(rs.getValue("col0", 0)).toBe(rs.at(0)?.get("obs_id"));
    expect(rs.getValue("s_ra", -1)).toBe(12.5);
    expect(rs.getValue("s_ra", 3)).toBeUndefined();
    expect(rs.getValue("nope", 0)).toBeUndefined();
  });

  it("shares one FieldIndex with its records", async () => {
    const rs = await resultSet();
    expect(rs.at(0)?.index).toBe(rs.index);
    expect(rs.index).toBeInstanceOf(FieldIndex);
  });

  it("throws DALQueryError when constructed on an error document", async () => {
    const doc = await parseVOTable(DOC.replace('value="OK"', 'value="ERROR"'));
    const table = doc.resultTable();
    if (!table) throw new Error("no table");
    expect(() => new ResultSet(table, doc.meta, "https://x.example/q")).toThrow(DALQueryError);
  });

  it("is subclassable with a record factory", async () => {
    const doc = await parseVOTable(DOC);
    const table = doc.resultTable();
    if (!table) throw new Error("no table");
    const rs = new ObsResults(table, doc.meta, "https://x.example/q");
    expect(rs.at(0)).toBeInstanceOf(ObsRecord);
    expect(rs.ids()).toEqual(["a", "b", "c"]);
  });
});

describe("queryResultSet with protocol classes", () => {
  const transport: Transport = {
    async request(req) {
      const bytes = new TextEncoder().encode(DOC);
      const response: TransportResponse = {
        status: 200,
        statusText: "OK",
        url: String(req.url),
        headers: new Headers({ "content-type": "application/x-votable+xml" }),
        body: (async function* () {
          yield bytes;
        })(),
        bytes: async () => bytes,
        text: async () => DOC,
        cancel: async () => undefined,
      };
      return response;
    },
    async close() {},
  };

  it("makes records with recordFactory", async () => {
    const rs = await queryResultSet(transport, "https://x.example/sia2", { pos: "CIRCLE 1 2 3" }, { recordFactory: obsRecord });
    expect(rs.at(0)).toBeInstanceOf(ObsRecord);
    expect(rs.at(0)?.obsId).toBe("a");
  });

  it("makes the protocol's result set with create", async () => {
    const rs = await queryResultSet(transport, "https://x.example/sia2", {}, {
      create: (table, doc, url, init) => new ObsResults(table, doc, url, init),
    });
    expect(rs).toBeInstanceOf(ObsResults);
    expect(rs.ids()).toEqual(["a", "b", "c"]);
  });
});

import { describe, expect, it } from "vitest";
import { tableFromIPC } from "apache-arrow";
import { ResultSet } from "@vo/core";
import type { CellValue, Field } from "@vo/core";
import { parseVOTable } from "@vo/votable";
import { writeTable, sourceOfResult } from "./index.js";
import { cellJson, cellText, float32Number } from "./cells.js";
import { csvField, writeCsv } from "./csv.js";
import { writeJson } from "./json.js";
import { toArrow, writeArrow } from "./arrow.js";
import { writePretty } from "./pretty.js";
import type { TextSink } from "./sink.js";
import type { TableSource } from "./table-source.js";

function memorySink(isTTY = false): TextSink & { text(): string; bytes(): Uint8Array } {
  const chunks: Uint8Array[] = [];
  return {
    isTTY,
    async write(chunk) {
      chunks.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
    },
    async end() {},
    text: () => new TextDecoder().decode(Buffer.concat(chunks)),
    bytes: () => Buffer.concat(chunks),
  };
}

const fields: Field[] = [
  { name: "id", datatype: "long" },
  { name: "name", datatype: "char", arraysize: "*" },
  { name: "mag", datatype: "float", unit: "mag", ucd: "phot.mag" },
  { name: "flux", datatype: "double", arraysize: "*" },
  { name: "ok", datatype: "boolean" },
];
const rows: CellValue[][] = [
  [9007199254740993n, 'a "quoted", name', Math.fround(3.679), new Float64Array([1.5, NaN]), true],
  [null, null, NaN, null, null],
];
function source(): TableSource {
  return { fields, rows: (async function* () { yield* rows; })() };
}

describe("cells", () => {
  it("prints 32-bit floats in their shortest form", () => {
    expect(float32Number(Math.fround(3.679))).toBe(3.679);
    expect(cellText(Math.fround(0.1), true)).toBe("0.1");
    expect(cellText(Math.fround(0.1))).toBe(String(Math.fround(0.1)));
    expect(cellText(new Float32Array([0.1, 2.5]))).toBe("0.1 2.5");
  });
  it("keeps longs exact and nulls empty", () => {
    expect(cellText(9007199254740993n)).toBe("9007199254740993");
    expect(cellJson(9007199254740993n)).toBe("9007199254740993");
    expect(cellJson(42n)).toBe(42);
    expect(cellText(NaN)).toBe("");
    expect(cellJson(Infinity)).toBeNull();
    expect(cellJson([[1, 2], [3, 4]] as CellValue)).toEqual([[1, 2], [3, 4]]);
  });
});

describe("CSV", () => {
  it("quotes only what needs it", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(" lead")).toBe('" lead"');
  });
  it("writes a header and one line per row", async () => {
    const sink = memorySink();
    expect(await writeCsv(source(), sink)).toBe(2);
    expect(sink.text()).toBe('id,name,mag,flux,ok\r\n9007199254740993,"a ""quoted"", name",3.679,1.5 NaN,true\r\n,,,,\r\n');
  });
});

describe("JSON", () => {
  it("writes an array of records with exact longs and null NaNs", async () => {
    const sink = memorySink();
    await writeJson(source(), sink);
    expect(JSON.parse(sink.text())).toEqual([
      { id: "9007199254740993", name: 'a "quoted", name', mag: 3.679, flux: [1.5, null], ok: true },
      { id: null, name: null, mag: null, flux: null, ok: null },
    ]);
  });
  it("writes [] for no rows and makes repeated names unique", async () => {
    const sink = memorySink();
    await writeJson({ fields: [{ name: "a", datatype: "int" }, { name: "a", datatype: "int" }], rows: (async function* () { yield [1, 2]; })() }, sink);
    expect(JSON.parse(sink.text())).toEqual([{ a: 1, a_2: 2 }]);
    const empty = memorySink();
    await writeJson({ fields, rows: (async function* () {})() }, empty);
    expect(JSON.parse(empty.text())).toEqual([]);
  });
});

describe("Arrow", () => {
  it("streams an IPC table that apache-arrow reads back with types, nulls and metadata", async () => {
    const sink = memorySink();
    expect(await writeArrow(source(), sink)).toBe(2);
    const table = tableFromIPC(sink.bytes());
    expect(table.numRows).toBe(2);
    expect(table.schema.fields.map((f) => String(f.type))).toEqual(["Int64", "Utf8", "Float32", "List<Float64>", "Bool"]);
    expect(table.schema.fields[2]!.metadata.get("unit")).toBe("mag");
    expect(table.schema.fields[2]!.metadata.get("ucd")).toBe("phot.mag");
    const first = table.get(0)!.toJSON();
    expect(first.id).toBe(9007199254740993n);
    expect(first.name).toBe('a "quoted", name');
    expect([...(first.flux as Iterable<number | null>)]).toEqual([1.5, null]);
    const second = table.get(1)!.toJSON();
    expect(second).toMatchObject({ id: null, name: null, mag: null, flux: null, ok: null });
  });
  it("toArrow gives an in-memory table of many batches", async () => {
    const many: TableSource = {
      fields: [{ name: "i", datatype: "int" }],
      rows: (async function* () {
        for (let i = 0; i < 40_000; i++) yield [i];
      })(),
    };
    const table = await toArrow(many);
    expect(table.numRows).toBe(40_000);
    expect(table.batches.length).toBeGreaterThan(1);
    expect(table.get(39_999)!.toJSON().i).toBe(39_999);
  });
});

describe("terminal table", () => {
  it("aligns columns, shows units, cuts long cells and counts rows", async () => {
    const sink = memorySink(true);
    await writePretty(source(), sink, { maxWidth: 10 });
    const lines = sink.text().split("\n");
    expect(lines[0]).toMatch(/^\s*id\s+name\s+mag\s+flux\s+ok$/);
    expect(lines[1]).toContain("[mag]");
    expect(lines[3]).toContain("a \"quoted…");
    expect(sink.text()).toContain("(2 rows)");
    expect(sink.text()).not.toContain("\x1b[");
  });
  it("bolds the header only when asked", async () => {
    const sink = memorySink(true);
    await writePretty(source(), sink, { color: true });
    expect(sink.text().startsWith("\x1b[1m")).toBe(true);
  });
});

describe("VOTable output", () => {
  const answer = `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">
    <INFO name="QUERY_STATUS" value="OK"/><COOSYS ID="sys" system="ICRS"/><TABLE name="t">
    <FIELD ID="did" name="did" datatype="char" arraysize="*" ucd="meta.id;meta.main"/><FIELD ID="ra" name="ra" datatype="double" unit="deg" ref="sys"/>
    <DATA><TABLEDATA><TR><TD>ivo://x/a</TD><TD>1.5</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE>
    <RESOURCE type="meta" utype="adhoc:service"><GROUP name="inputParams"><PARAM name="ID" datatype="char" arraysize="*" ref="did" value=""/></GROUP>
    <PARAM name="standardID" datatype="char" arraysize="*" value="ivo://ivoa.net/std/DataLink#links-1.0"/><PARAM name="accessURL" datatype="char" arraysize="*" value="http://x/dl"/></RESOURCE></VOTABLE>`;

  for (const format of ["votable", "votable-binary2"] as const) {
    it(`${format}: a result is written with its whole document (descriptors, INFOs, COOSYS)`, async () => {
      const doc = await parseVOTable(answer);
      const sink = memorySink();
      expect(await writeTable(sourceOfResult(new ResultSet(doc.resultTable()!, doc.meta, "http://x")), sink, format)).toBe(1);
      const again = await parseVOTable(sink.bytes());
      expect(again.meta.resources).toHaveLength(2);
      expect(again.meta.resources[1]).toEqual(doc.meta.resources[1]);
      expect(again.tables[0]!.resource.infos).toEqual(doc.tables[0]!.resource.infos);
      expect(again.tables[0]!.resource.coosys).toEqual(doc.tables[0]!.resource.coosys);
      expect(again.tables[0]!.fields).toEqual(doc.tables[0]!.fields);
    });
  }

  it("a source without a document: one table with its PARAMs and INFOs", async () => {
    const sink = memorySink();
    await writeTable({ ...source(), params: [{ name: "p", datatype: "int", value: "3", parsed: 3 }], infos: [{ name: "QUERY_STATUS", value: "OK" }] }, sink, "votable");
    const again = await parseVOTable(sink.bytes());
    expect(again.meta.resources).toHaveLength(1);
    expect(again.tables[0]!.meta.params.map((p) => p.value)).toEqual(["3"]);
    expect(again.tables[0]!.resource.infos.map((i) => i.value)).toEqual(["OK"]);
    expect(again.tables[0]!.length).toBe(2);
  });
});

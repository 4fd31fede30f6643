import { describe, expect, it } from "vitest";
import { ResultSet } from "@vo/core";
import { inferFields, ParameterError, parseVOTable, writeVOTableToBytes } from "@vo/votable";
import type { MultipartPart } from "@vo/core";
import { prepareUploads, tableRows, uploadColumns } from "./upload.js";
import type { UploadTable } from "./upload.js";

const DOC = `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="OK"/>
<TABLE><FIELD name="id" datatype="long"/><FIELD name="ra" datatype="double" unit="deg" ucd="pos.eq.ra"/><FIELD name="label" datatype="char" arraysize="*"/>
<DATA><TABLEDATA><TR><TD>1</TD><TD>10.5</TD><TD>a</TD></TR><TR><TD>2</TD><TD>11.5</TD><TD>b</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;

async function resultSet(): Promise<ResultSet> {
  const doc = await parseVOTable(new TextEncoder().encode(DOC));
  return new ResultSet(doc.tables[0]!, doc.meta, "http://example.org/tap/sync");
}

/** The VOTable an upload part carries, read back. */
async function uploaded(part: MultipartPart | undefined) {
  const value = part!.value;
  const chunks: Uint8Array[] = [];
  if (value instanceof Uint8Array) chunks.push(value);
  else if (typeof value === "string") chunks.push(new TextEncoder().encode(value));
  else if (value instanceof Blob) chunks.push(new Uint8Array(await value.arrayBuffer()));
  else for await (const c of value) chunks.push(c);
  const doc = await parseVOTable(new Uint8Array(Buffer.concat(chunks)));
  const t = doc.tables[0]!;
  return { fields: t.fields.map((f) => [f.name, f.datatype]), rows: [...t.rows()].map((r) => [...r]) };
}

describe("uploads accept every table shape", () => {
  it("a ResultSet of an earlier query, and its ColumnarTable (the course's 'Efficient Uploads')", async () => {
    const rs = await resultSet();
    for (const source of [rs, rs.toTable()] as UploadTable[]) {
      const p = prepareUploads({ up: source });
      expect(p.upload).toBe("up,param:up");
      const t = await uploaded(p.parts[0]);
      expect(t.fields).toEqual([["id", "long"], ["ra", "double"], ["label", "char"]]);
      expect(t.rows).toEqual([[1n, 10.5, "a"], [2n, 11.5, "b"]]);
    }
  });

  it("{ fields, rows }", async () => {
    const p = prepareUploads({ t: { fields: [{ name: "x", datatype: "int" }], rows: [[1], [2]] } });
    expect((await uploaded(p.parts[0])).rows).toEqual([[1], [2]]);
  });

  it("an array of plain objects, names from the keys", async () => {
    const when = new Date("2022-09-22T01:00:00Z");
    const p = prepareUploads({ t: [{ ra: 10.5, name: "a", when }, { ra: 11.5, name: "b", when: null }] });
    const t = await uploaded(p.parts[0]);
    expect(t.fields).toEqual([["ra", "double"], ["name", "char"], ["when", "char"]]);
    expect(t.rows).toEqual([[10.5, "a", "2022-09-22T01:00:00.000Z"], [11.5, "b", ""]]); // a null char cell reads back empty (TABLEDATA has no null for char)
  });

  it("an object of columns, names from the keys, typed arrays keep their type", async () => {
    const p = prepareUploads({ t: { ra: new Float64Array([10.5, 11.5]), n: new Int32Array([3, 4]), name: ["a", null], flag: [true, false] } });
    const t = await uploaded(p.parts[0]);
    expect(t.fields).toEqual([["ra", "double"], ["n", "int"], ["name", "char"], ["flag", "boolean"]]);
    expect(t.rows).toEqual([[10.5, 3, "a", true], [11.5, 4, "", false]]); // null char: empty
  });

  it("refuses what has no column names or is no table, naming the upload", () => {
    const bad: unknown[] = [[[1, 2], [3, 4]], [], { ra: [1, 2], dec: [1] }, { fields: "x" }, 42, { a: 1 }];
    for (const b of bad) {
      expect(() => prepareUploads({ t: b as UploadTable }), JSON.stringify(b)).toThrow(ParameterError);
      try {
        prepareUploads({ t: b as UploadTable });
      } catch (err) {
        expect((err as ParameterError).parameter).toMatch(/^uploads\.t/);
      }
    }
    expect(() => prepareUploads({ t: [[1, 2]] as unknown as UploadTable })).toThrow(/plain objects.*\{ fields, rows \}/);
  });

  it("uploadColumns and tableRows take the same shapes", async () => {
    const rs = await resultSet();
    const picked = uploadColumns(rs, ["label", "RA"]);
    expect(picked.fields.map((f) => f.name)).toEqual(["label", "ra"]);
    expect(await tableRows(picked)).toEqual([["a", 10.5], ["b", 11.5]]);
    expect(await tableRows([{ a: 1 }, { a: 2 }])).toEqual([[1], [2]]);
  });
});

describe("inferFields", () => {
  it("refuses arrays of cells instead of naming their columns 0, 1, 2", () => {
    expect(() => inferFields([[1, 2, 3]] as unknown as Record<string, unknown>[])).toThrow(/plain object whose keys name the columns/);
    expect(inferFields([{ a: 1, b: "x" }]).map((f) => f.name)).toEqual(["a", "b"]);
  });

  it("the bytes written from a ResultSet read back the same", async () => {
    const rs = await resultSet();
    const doc = await parseVOTable(await writeVOTableToBytes(rs.toTable()));
    expect(doc.tables[0]!.fields.find((f) => f.name === "ra")?.unit).toBe("deg");
  });
});

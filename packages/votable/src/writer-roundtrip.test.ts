import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedCorpusDir } from "@vo/testkit";
import type { CellValue, Field, Row } from "./model.js";
import { openVOTable } from "./open-votable.js";
import { parseVOTable } from "./parse-votable.js";
import { writeVOTable, writeVOTableToBytes } from "./writer.js";

const fr = Math.fround;

/** Every datatype, scalar, fixed, variable and 2-D, with VALUES nulls on some integers. */
const fields: Field[] = [
  { name: "b", datatype: "boolean" },
  { name: "bit", datatype: "bit" },
  { name: "bits", datatype: "bit", arraysize: "10" },
  { name: "ub", datatype: "unsignedByte", values: { null: "255" } },
  { name: "s", datatype: "short", values: { null: "-32768" } },
  { name: "i", datatype: "int", values: { null: "-2147483648" } },
  { name: "l", datatype: "long", values: { null: "-9223372036854775808" } },
  { name: "f", datatype: "float" },
  { name: "d", datatype: "double" },
  { name: "fc", datatype: "floatComplex" },
  { name: "dc", datatype: "doubleComplex" },
  { name: "c", datatype: "char", arraysize: "*" },
  { name: "c8", datatype: "char", arraysize: "8" },
  { name: "c1", datatype: "char", arraysize: "1" },
  { name: "u", datatype: "unicodeChar", arraysize: "*" },
  { name: "u4", datatype: "unicodeChar", arraysize: "4" },
  { name: "ba", datatype: "boolean", arraysize: "3" },
  { name: "uba", datatype: "unsignedByte", arraysize: "*" },
  { name: "sa", datatype: "short", arraysize: "2" },
  { name: "ia", datatype: "int", arraysize: "*" },
  { name: "la", datatype: "long", arraysize: "2" },
  { name: "fa", datatype: "float", arraysize: "3" },
  { name: "da", datatype: "double", arraysize: "2x2" },
  { name: "dv", datatype: "double", arraysize: "2x*" },
  { name: "dca", datatype: "doubleComplex", arraysize: "2" },
];

const full: Row[] = [
  [
    true, true, [true, false, true, true, false, false, false, false, true, true], 0, -32767, 2147483647, 9223372036854775807n,
    fr(1.1), 1e-300, [fr(0.5), fr(-2.25)], [Infinity, -Infinity], 'quote " & <tag> \t tab', "12345678", "x", "naïve €",
    "ab☃d", [true, null, false], new Uint8Array([0, 255, 7]), new Int16Array([-32768, 32767]), new Int32Array([1, -2, 3]),
    new BigInt64Array([-9223372036854775807n, 12345678901234567n]), new Float32Array([fr(0.1), NaN, -Infinity]),
    new Float64Array([1, 2, 3, 4.5]), new Float64Array([1, 2, 3, 4, 5, 6]), [[1, 2], [3, -4]],
  ],
  [
    false, false, [false, false, false, false, false, false, false, false, false, false], 254, -1, -2147483647, -1n, fr(-3e38),
    NaN, [0, 0], [1e308, -5e-324], "", "", " ", "", "", [false, false, true], new Uint8Array(0), new Int16Array([0, 1]),
    new Int32Array(0), new BigInt64Array([0n, -1n]), new Float32Array([1, 2, 3]), new Float64Array([NaN, 0, -0, 1]),
    new Float64Array(0), [[0, 0], [Infinity, NaN]],
  ],
];

/** A row of nulls where a serialisation can hold one (BINARY: not for bits, nor fixed integer arrays without VALUES null). */
function nullRow(serialization: string): Row {
  return fields.map((f, j) => {
    if (serialization !== "BINARY") return null;
    if (f.datatype === "bit") return f.arraysize ? new Array(10).fill(false) : false;
    if (f.name === "sa" || f.name === "la") return full[1]![j]!;
    return null;
  });
}

/** Plain JSON-comparable form: typed arrays and complex arrays flattened, non-finite numbers as strings. */
function plain(v: CellValue | undefined): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isFinite(v) ? (Object.is(v, -0) ? 0 : v) : String(v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "string" || typeof v === "boolean") return v;
  const out: unknown[] = [];
  for (const x of Array.from(v as ArrayLike<unknown>)) {
    if (Array.isArray(x)) out.push(...x.map((y) => plain(y as CellValue)));
    else out.push(plain(x as CellValue));
  }
  return out;
}

/** Compares a read row with the written one; a scalar NaN (the float null) may come back as null. */
function expectRow(got: Row, want: Row, where: string): void {
  fields.forEach((f, j) => {
    const w = plain(want[j]);
    if (w === "NaN" && got[j] === null) return;
    expect(plain(got[j]), `${where} ${f.name}`).toEqual(w);
  });
}

/** A null cell written without a null flag reads back as the type's "no value": empty, NaN, '?'. */
function emptyLike(v: unknown): boolean {
  if (v === null || v === "" || v === "NaN") return true;
  return Array.isArray(v) && v.every((x) => x === "NaN" || x === null || x === 0);
}

for (const serialization of ["TABLEDATA", "BINARY", "BINARY2"] as const) {
  describe(`writer -> reader round trip, ${serialization}`, () => {
    const rows = [...full, nullRow(serialization)];

    it("reads back every datatype, arrays and nulls (parseVOTable)", async () => {
      const bytes = await writeVOTableToBytes({ fields, rows, name: "rt" }, { serialization, version: "1.4" });
      const doc = await parseVOTable(bytes);
      expect(doc.warnings).toEqual([]);
      const t = doc.tables[0]!;
      expect(t.meta.serialization).toBe(serialization);
      expect(t.fields.map((f) => f.name)).toEqual(fields.map((f) => f.name));
      expect(t.length).toBe(rows.length);
      for (let r = 0; r < full.length; r++) {
        const got = t.row(r);
        expectRow(got, full[r]!, `row ${r}`);
      }
      const nulls = t.row(full.length);
      fields.forEach((f, j) => {
        const got = plain(nulls[j]);
        if (serialization === "BINARY2" || got === null) expect(got, `null ${f.name}`).toBeNull();
        else if (rows[full.length]![j] !== null) expect(got).toEqual(plain(rows[full.length]![j]));
        else expect(emptyLike(got), `null ${f.name}: ${JSON.stringify(got)}`).toBe(true);
      });
    });

    it("streams back through openVOTable with the written chunks as source", async () => {
      const n = 1200;
      const big = { fields, rows: Array.from({ length: n }, (_, i) => rows[i % rows.length]!), name: "big" };
      const reader = await openVOTable(writeVOTable(big, { serialization, chunkSize: 4096 }));
      let i = 0;
      for await (const row of reader.rows()) {
        if (i % rows.length === 0) expect(plain(row[6])).toBe(plain(full[0]![6]));
        i++;
      }
      await reader.finish();
      expect(i).toBe(n);
    });
  });
}

describe("char without arraysize (one character)", () => {
  for (const serialization of ["TABLEDATA", "BINARY", "BINARY2"] as const) {
    it(serialization, async () => {
      const fields: Field[] = [{ name: "c", datatype: "char" }, { name: "i", datatype: "int" }];
      const doc = await parseVOTable(await writeVOTableToBytes({ fields, rows: [["x", 1], [" ", 2], [null, 3]] }, { serialization }));
      expect([...doc.tables[0]!.rows()].map((r) => r[1])).toEqual([1, 2, 3]);
      expect(doc.tables[0]!.row(0)[0]).toBe("x");
      await expect(writeVOTableToBytes({ fields, rows: [["xy", 1]] }, { serialization })).rejects.toThrow(/rows\[0\]\.c/);
    });
  }
});

describe("columnar table -> writer", () => {
  it("re-writes a parsed table in another serialisation with its metadata", async () => {
    const first = await parseVOTable(
      await writeVOTableToBytes({
        fields,
        rows: full,
        name: "t1",
        params: [{ name: "p", datatype: "int", parsed: 3 }],
        infos: [{ name: "QUERY_STATUS", value: "OK" }],
      }),
    );
    const again = await parseVOTable(await writeVOTableToBytes(first.tables[0]!, { serialization: "BINARY2" }));
    const t = again.tables[0]!;
    expect(t.meta.name).toBe("t1");
    expect(t.meta.params.map((p) => [p.name, p.value])).toEqual([["p", "3"]]);
    expect(t.resource.infos.map((x) => x.name)).toContain("QUERY_STATUS");
    for (let r = 0; r < full.length; r++) expectRow(t.row(r), full[r]!, `row ${r}`);
  });
});

const corpusDir = sharedCorpusDir();
const corpus = corpusDir ? join(corpusDir, "generated") : "";

describe.runIf(corpusDir !== undefined && existsSync(corpus))("corpus tables re-written", () => {
  for (const name of ["alltypes-tabledata.xml", "alltypes-binary2.xml", "multidim-binary.xml", "vararrays-tabledata.xml"]) {
    it(`${name} reads the same after writing it in every serialisation`, async () => {
      const original = (await parseVOTable(readFileSync(join(corpus, name)))).tables[0]!;
      for (const serialization of ["TABLEDATA", "BINARY", "BINARY2"] as const) {
        const again = (await parseVOTable(await writeVOTableToBytes(original, { serialization }))).tables[0]!;
        expect(again.fields.map((f) => [f.name, f.datatype, f.arraysize])).toEqual(original.fields.map((f) => [f.name, f.datatype, f.arraysize]));
        expect(again.length).toBe(original.length);
        for (let r = 0; r < original.length; r++) {
          const want = original.row(r);
          const got = again.row(r);
          original.fields.forEach((f, j) => {
            // BINARY has no null flag: a null reads back as the type's empty value.
            if (want[j] === null && serialization === "BINARY" && emptyLike(plain(got[j]))) return;
            expect(plain(got[j]), `${serialization} row ${r} ${f.name}`).toEqual(plain(want[j]));
          });
        }
      }
    });
  }
});

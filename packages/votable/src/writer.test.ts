import { describe, expect, it } from "vitest";
import { ParameterError } from "./errors.js";
import type { Field, Row } from "./model.js";
import { base64Lines, formatFloat, parseArraysize } from "./writer-cells.js";
import { escapeAttr, escapeText } from "./writer-xml.js";
import { inferFields, tableFromRecords, writeVOTable, writeVOTableToBytes, writeVOTableToString } from "./writer.js";

/** The bytes of the base64 STREAM of a written document. */
function streamBytes(xml: string): Uint8Array {
  const m = /<STREAM encoding="base64">\n([\s\S]*?)<\/STREAM>/.exec(xml);
  if (!m) throw new Error("no STREAM");
  return new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ""), "base64"));
}

function tds(xml: string): string[][] {
  return [...xml.matchAll(/<TR>(.*?)<\/TR>/g)].map((m) => [...m[1]!.matchAll(/<TD\/>|<TD>(.*?)<\/TD>/g)].map((t) => t[1] ?? ""));
}

const f = (name: string, datatype: Field["datatype"], extra: Partial<Field> = {}): Field => ({ name, datatype, ...extra });

describe("XML escaping", () => {
  it("escapes text and attributes", () => {
    expect(escapeText("a<b & c>d\r", "x", "error")).toBe("a&lt;b &amp; c&gt;d&#13;");
    expect(escapeAttr('say "hi"\tnow\n', "x", "error")).toBe("say &quot;hi&quot;&#9;now&#10;");
  });
  it("rejects or replaces characters XML 1.0 forbids", () => {
    expect(() => escapeText("bell\u0007", "rows[0].s", "error")).toThrow(/rows\[0\]\.s.*U\+0007/);
    expect(escapeText("bell\u0007", "x", "replace")).toBe("bell\uFFFD");
    expect(() => escapeText("half \uD800 pair", "x", "error")).toThrow(ParameterError);
    expect(escapeText("pair \uD83D\uDE00 ok", "x", "error")).toBe("pair \uD83D\uDE00 ok");
  });
});

describe("helpers", () => {
  it("parses arraysize", () => {
    expect(parseArraysize("3x2", "f")).toMatchObject({ variable: false, unit: 6, first: 3, dims: 2 });
    expect(parseArraysize("3x*", "f")).toMatchObject({ variable: true, unit: 3, max: undefined });
    expect(parseArraysize("10*", "f")).toMatchObject({ variable: true, unit: 1, max: 10 });
    expect(() => parseArraysize("*x3", "f")).toThrow(ParameterError);
  });
  it("formats floats with the shortest text that reads back", () => {
    expect(formatFloat(0.1)).toBe("0.1");
    expect(formatFloat(Math.fround(1 / 3))).toBe("0.33333334");
    expect(formatFloat(-Infinity)).toBe("-Inf");
    for (const x of [1e-40, 3.4e38, 123456.789, 7, -0, 1e-45, 16777216, 99999.99]) expect(Math.fround(Number(formatFloat(x)))).toBe(Math.fround(x));
  });
  it("round-trips random float32 bit patterns with the fewest digits", () => {
    const bits = new Uint32Array(1);
    const f32 = new Float32Array(bits.buffer);
    let seed = 12345;
    for (let i = 0; i < 20000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      bits[0] = seed;
      const f = f32[0]!;
      if (!Number.isFinite(f)) continue;
      const s = formatFloat(f);
      if (Math.fround(Number(s)) !== f) expect.fail(`${f} -> ${s}`);
      const digits = s.replace(/e.*$/, "").replace(/[-.]/g, "").replace(/^0+/, "").replace(/0+$/, "").length;
      if (digits > 6 && Math.fround(Number(f.toPrecision(digits - 1))) === f) expect.fail(`${f} -> ${s} is not the shortest`);
    }
  });
  it("wraps base64 at 76 characters", () => {
    const bytes = new Uint8Array(130).map((_, i) => i);
    const text = new TextDecoder().decode(base64Lines(bytes));
    const lines = text.split("\n");
    expect(lines[0]).toHaveLength(76);
    expect(lines.at(-1)).toBe("");
    expect(Buffer.from(text.replace(/\n/g, ""), "base64")).toEqual(Buffer.from(bytes));
  });
});

describe("writeVOTable metadata", () => {
  it("writes FIELD attributes, VALUES, LINK, PARAM, INFO and DESCRIPTION", async () => {
    const xml = await writeVOTableToString({
      fields: [
        f("ra", "double", { ID: "ra", unit: "deg", ucd: "pos.eq.ra;meta.main", utype: "u:ra", description: "Right <ascension>", width: 10, precision: "6" }),
        f("n", "int", { values: { null: "-1", min: { value: "0", inclusive: true } }, links: [{ href: "http://x/?a=1&b=2" }] }),
      ],
      rows: [[1.5, 2]],
      name: "cat",
      description: "A & B",
      params: [{ ...f("radius", "float", { unit: "deg" }), parsed: 0.5 }, { ...f("band", "char", { arraysize: "*" }), value: 'V "Johnson"' }],
      infos: [{ name: "QUERY_STATUS", value: "OK" }],
      tableInfos: [{ name: "note", value: "x", content: "free < text" }],
    });
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<VOTABLE version="1.4" xmlns="http:\/\/www.ivoa.net\/xml\/VOTable\/v1.3"/);
    expect(xml).toContain('<FIELD ID="ra" name="ra" datatype="double" width="10" precision="6" unit="deg" ucd="pos.eq.ra;meta.main" utype="u:ra">');
    expect(xml).toContain("<DESCRIPTION>Right &lt;ascension&gt;</DESCRIPTION>");
    expect(xml).toContain('<VALUES null="-1">');
    expect(xml).toContain('<MIN value="0" inclusive="yes"/>');
    expect(xml).toContain('<LINK href="http://x/?a=1&amp;b=2"/>');
    expect(xml).toContain('<PARAM name="radius" datatype="float" unit="deg" value="0.5"/>');
    expect(xml).toContain('value="V &quot;Johnson&quot;"');
    expect(xml).toContain('<INFO name="QUERY_STATUS" value="OK"/>');
    expect(xml).toContain('<INFO name="note" value="x">free &lt; text</INFO>');
    expect(xml).toContain('<TABLE name="cat" nrows="1">');
    expect(xml).toContain("<DESCRIPTION>A &amp; B</DESCRIPTION>");
  });

  it("rejects bad metadata at once", () => {
    expect(() => writeVOTable({ fields: [], rows: [] })).toThrow(ParameterError);
    expect(() => writeVOTable({ fields: [f("x", "int", { arraysize: "*x2" })], rows: [] })).toThrow(/arraysize/);
    expect(() => writeVOTable({ fields: [f("x", "short", { values: { null: "99999" } })], rows: [] })).toThrow(/values\.null/);
    expect(() => writeVOTable({ fields: [f("x", "int")], rows: [] }, { serialization: "FITS" as "BINARY" })).toThrow(/serialization/);
    expect(() => writeVOTable({ fields: [f("x\u0001", "int")], rows: [] })).toThrow(/U\+0001/);
    expect(() => writeVOTable({ fields: [f("x", "int")], rows: [], params: [{ ...f("p", "short"), parsed: 1e6 }] })).toThrow(/params\.p/);
  });
});

describe("TABLEDATA cells", () => {
  it("writes every datatype", async () => {
    const fields = [
      f("b", "boolean"),
      f("bits", "bit", { arraysize: "5" }),
      f("ub", "unsignedByte"),
      f("s", "short"),
      f("i", "int"),
      f("l", "long"),
      f("fl", "float"),
      f("d", "double"),
      f("fc", "floatComplex"),
      f("dc", "doubleComplex"),
      f("c", "char", { arraysize: "*" }),
      f("u", "unicodeChar", { arraysize: "*" }),
      f("fa", "float", { arraysize: "2x2" }),
      f("ba", "boolean", { arraysize: "*" }),
      f("la", "long", { arraysize: "*" }),
    ];
    const row: Row = [
      true, [true, false, true, true, false], 255, -32768, 2147483647, 9223372036854775807n, 0.1, -1e300,
      [1.5, -2.5], [Infinity, NaN], "a<b&'c'", "naïve €", new Float32Array([1, 2, 3, 4]), [true, null, false],
      new BigInt64Array([-9223372036854775808n, 0n]),
    ];
    const xml = await writeVOTableToString({ fields, rows: [row] });
    expect(tds(xml)[0]).toEqual([
      "T", "1 0 1 1 0", "255", "-32768", "2147483647", "9223372036854775807", "0.1", "-1e+300",
      "1.5 -2.5", "+Inf NaN", "a&lt;b&amp;'c'", "naïve €", "1 2 3 4", "T ? F", "-9223372036854775808 0",
    ]);
  });

  it("writes nulls as empty TDs, or the VALUES null of integers", async () => {
    const fields = [f("i", "int", { values: { null: "-99" } }), f("j", "int"), f("d", "double"), f("c", "char", { arraysize: "*" })];
    const xml = await writeVOTableToString({ fields, rows: [[null, null, null, null]] });
    expect(tds(xml)[0]).toEqual(["-99", "", "", ""]);
  });

  it("names the row and field of a value that does not fit", async () => {
    const bad: [Field, unknown][] = [
      [f("s", "short"), 40000],
      [f("ub", "unsignedByte"), -1],
      [f("i", "int"), 1.5],
      [f("l", "long"), 2n ** 63n],
      [f("l", "long"), 2 ** 60],
      [f("fl", "float"), 1e39],
      [f("d", "double"), "1"],
      [f("c8", "char", { arraysize: "8" }), "123456789"],
      [f("c", "char", { arraysize: "4*" }), "abcde"],
      [f("a", "int", { arraysize: "3" }), new Int32Array(2)],
      [f("a", "int", { arraysize: "2x*" }), new Int32Array(3)],
      [f("fc", "floatComplex"), 1],
      [f("b", "boolean"), "T"],
    ];
    for (const [field, value] of bad) {
      const rows = [[null], [value]] as Row[];
      await expect(writeVOTableToString({ fields: [{ ...field }], rows }), `${field.name}=${String(value)}`).rejects.toThrow(
        new RegExp(`rows\\[1\\]\\.${field.name}`),
      );
    }
  });

  it("rejects rows of the wrong width and control characters in cells", async () => {
    await expect(writeVOTableToString({ fields: [f("x", "int")], rows: [[1, 2]] })).rejects.toThrow(/rows\[0\]/);
    await expect(writeVOTableToString({ fields: [f("c", "char", { arraysize: "*" })], rows: [["\u0000x"]] })).rejects.toThrow(/U\+0000/);
    const replaced = await writeVOTableToString({ fields: [f("c", "char", { arraysize: "*" })], rows: [["a\u001bb"]] }, { invalidChars: "replace" });
    expect(tds(replaced)[0]).toEqual(["a\uFFFDb"]);
  });
});

describe("binary cells", () => {
  const fields = [
    f("i", "int", { values: { null: "-1" } }),
    f("d", "double"),
    f("c", "char", { arraysize: "3" }),
    f("u", "unicodeChar", { arraysize: "*" }),
    f("bits", "bit", { arraysize: "10" }),
    f("b", "boolean"),
  ];
  const rows: Row[] = [
    [7, 1.5, "ab", "é", [true, false, false, false, false, false, false, false, true, true], false],
    [null, null, null, null, [false, false, false, false, false, false, false, false, false, false], null],
  ];

  it("BINARY: big-endian values, NUL-padded chars, UCS-2, packed bits, null values", async () => {
    const b = streamBytes(await writeVOTableToString({ fields, rows }, { serialization: "BINARY" }));
    const v = new DataView(b.buffer);
    expect(v.getInt32(0)).toBe(7);
    expect(v.getFloat64(4)).toBe(1.5);
    expect([...b.subarray(12, 15)]).toEqual([0x61, 0x62, 0]);
    expect(v.getInt32(15)).toBe(1);
    expect(v.getUint16(19)).toBe(0xe9);
    expect([...b.subarray(21, 23)]).toEqual([0x80, 0xc0]);
    expect(b[23]).toBe(0x46);
    // row 2: int null -> -1, double NaN, char padding, empty var array, '?'
    expect(v.getInt32(24)).toBe(-1);
    expect(v.getFloat64(28)).toBeNaN();
    expect(v.getInt32(39)).toBe(0);
    expect(b[45]).toBe(0x3f);
    expect(b.length).toBe(46);
  });

  it("BINARY2: a null-flag bitmap before each row", async () => {
    const b = streamBytes(await writeVOTableToString({ fields, rows }, { serialization: "BINARY2" }));
    expect(b[0]).toBe(0);
    const second = 1 + 24;
    expect(b[second]).toBe(0b11110100);
    expect(b.length).toBe(second + 1 + 22);
  });

  it("BINARY refuses a null integer without VALUES null, BINARY2 accepts it", async () => {
    const input = () => ({ fields: [f("j", "int")], rows: [[null]] as Row[] });
    await expect(writeVOTableToBytes(input(), { serialization: "BINARY" })).rejects.toThrow(/rows\[0\]\.j.*VALUES null/);
    await expect(writeVOTableToBytes(input(), { serialization: "BINARY2" })).resolves.toBeInstanceOf(Uint8Array);
  });

  it("rejects characters binary char/unicodeChar cannot hold", async () => {
    await expect(writeVOTableToBytes({ fields: [f("c", "char", { arraysize: "*" })], rows: [["€"]] }, { serialization: "BINARY2" })).rejects.toThrow(/unicodeChar/);
    await expect(writeVOTableToBytes({ fields: [f("u", "unicodeChar", { arraysize: "*" })], rows: [["😀"]] }, { serialization: "BINARY" })).rejects.toThrow(/UCS-2/);
  });
});

describe("streaming", () => {
  it("emits bounded chunks as rows arrive, from async iterables", async () => {
    async function* rows(): AsyncGenerator<Row> {
      for (let i = 0; i < 20000; i++) yield [BigInt(i), i * 0.5, `name ${i}`];
    }
    const fields = [f("id", "long"), f("x", "double"), f("s", "char", { arraysize: "*" })];
    for (const serialization of ["TABLEDATA", "BINARY2"] as const) {
      const sizes: number[] = [];
      const parts: Uint8Array[] = [];
      for await (const c of writeVOTable({ fields, rows: rows() }, { serialization, chunkSize: 4096 })) {
        sizes.push(c.length);
        parts.push(c);
      }
      expect(sizes.length).toBeGreaterThan(20);
      expect(Math.max(...sizes.slice(1, -1))).toBeLessThan(4096 * 2);
      const text = Buffer.concat(parts).toString("utf8");
      if (serialization === "BINARY2") {
        expect(text.split("\n").filter((l) => /^[A-Za-z0-9+/=]+$/.test(l) && l.length !== 76).length).toBe(1);
        expect(streamBytes(text).length).toBe(20000 * (1 + 8 + 8 + 4) + [...Array(20000).keys()].reduce((a, i) => a + `name ${i}`.length, 0));
      } else expect(tds(text)).toHaveLength(20000);
    }
  });

  it("takes a columnar table, with its metadata, and checks nrows", async () => {
    const table = {
      fields: [f("x", "int")],
      length: 3,
      row: (i: number): Row => [i],
      meta: { name: "t", params: [], infos: [] },
      resource: { name: "r", type: "results" },
    };
    const xml = await writeVOTableToString(table);
    expect(xml).toContain('<RESOURCE name="r" type="results">');
    expect(xml).toContain('<TABLE name="t" nrows="3">');
    expect(tds(xml)).toEqual([["0"], ["1"], ["2"]]);
    await expect(writeVOTableToString({ fields: [f("x", "int")], rows: new Set<Row>([[1]]), nrows: 2 })).rejects.toThrow(/nrows/);
  });

  it("stops on abort", async () => {
    const ac = new AbortController();
    function* rows(): Generator<Row> {
      for (let i = 0; ; i++) {
        if (i === 5000) ac.abort(new Error("stop"));
        yield [i];
      }
    }
    await expect(writeVOTableToBytes({ fields: [f("x", "int")], rows: rows() }, { signal: ac.signal, chunkSize: 1024 })).rejects.toThrow("stop");
  });
});

describe("records", () => {
  it("infers fields from plain objects", () => {
    const when = new Date("2024-01-02T03:04:05Z");
    const fields = inferFields([
      { id: 1n, ra: 10.5, ok: true, name: "a", t: when, v: new Float32Array(3), missing: null },
      { id: 2n, ra: null, ok: false, name: "b", t: when, v: new Float32Array(3), extra: [1, 2] },
    ]);
    expect(fields).toEqual([
      { name: "id", datatype: "long" },
      { name: "ra", datatype: "double" },
      { name: "ok", datatype: "boolean" },
      { name: "name", datatype: "char", arraysize: "*" },
      { name: "t", datatype: "char", arraysize: "*", xtype: "timestamp" },
      { name: "v", datatype: "float", arraysize: "*" },
      { name: "missing", datatype: "char", arraysize: "*" },
      { name: "extra", datatype: "double", arraysize: "*" },
    ]);
    expect(() => inferFields([{ a: 1 }, { a: "x" }])).toThrow(/records\[\]\.a/);
  });

  it("writes records, Dates as ISO 8601", async () => {
    const xml = await writeVOTableToString(tableFromRecords([{ t: new Date(0), n: 1 }, { n: 2 }]));
    expect(tds(xml)).toEqual([["1970-01-01T00:00:00.000Z", "1"], ["", "2"]]);
  });
});

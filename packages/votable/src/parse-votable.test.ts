import { describe, expect, it } from "vitest";
import { parseVOTable, type VOTableDocument } from "./parse-votable.js";
import { DALFormatError } from "./errors.js";
import type { VOTableWarning } from "./model.js";

/** Lays out BINARY bytes big-endian with DataView. */
class Bytes {
  readonly #out: number[] = [];
  #put(n: number, f: (dv: DataView) => void): this {
    const dv = new DataView(new ArrayBuffer(n));
    f(dv);
    for (let i = 0; i < n; i++) this.#out.push(dv.getUint8(i));
    return this;
  }
  u8(...v: number[]): this { for (const x of v) this.#out.push(x & 255); return this; }
  i16(v: number): this { return this.#put(2, (d) => d.setInt16(0, v)); }
  i32(v: number): this { return this.#put(4, (d) => d.setInt32(0, v)); }
  i64(v: bigint): this { return this.#put(8, (d) => d.setBigInt64(0, v)); }
  f32(v: number): this { return this.#put(4, (d) => d.setFloat32(0, v)); }
  f64(v: number): this { return this.#put(8, (d) => d.setFloat64(0, v)); }
  chars(s: string, n = s.length): this { for (let i = 0; i < n; i++) this.#out.push(i < s.length ? s.charCodeAt(i) : 0); return this; }
  ucs2(s: string): this { for (const ch of s) this.i16(ch.charCodeAt(0)); return this; }
  base64(): string { return Buffer.from(this.#out).toString("base64").replace(/(.{60})/g, "$1\n"); }
}

const NS = 'xmlns="http://www.ivoa.net/xml/VOTable/v1.3"';
const doc = (fields: string, data: string, version = "1.4"): string =>
  `<?xml version="1.0"?>\n<VOTABLE version="${version}" ${NS}>\n<RESOURCE type="results">\n<TABLE>\n${fields}\n<DATA>${data}</DATA>\n</TABLE>\n</RESOURCE>\n</VOTABLE>\n`;

/** Every row of every table, JSON-comparable (bigint as string, typed arrays as arrays). */
function dump(d: VOTableDocument): unknown {
  const norm = (v: unknown): unknown =>
    typeof v === "bigint" ? `${v}n` : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<unknown>, norm) : Array.isArray(v) ? v.map(norm) : Number.isNaN(v) ? "NaN" : v;
  return { tables: d.tables.map((t) => [...t.rows()].map((r) => r.map(norm))), meta: JSON.parse(JSON.stringify(d.meta, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v))), warnings: d.warnings };
}

const ALL_FIELDS = `
<FIELD name="b" datatype="boolean"/>
<FIELD name="bit" datatype="bit"/>
<FIELD name="ub" datatype="unsignedByte"><VALUES null="255"/></FIELD>
<FIELD name="s" datatype="short"><VALUES null="-32768"/></FIELD>
<FIELD name="i" datatype="int"><VALUES null="-2147483648"/></FIELD>
<FIELD name="l" datatype="long"><VALUES null="-9223372036854775808"/></FIELD>
<FIELD name="f" datatype="float"/>
<FIELD name="d" datatype="double"/>
<FIELD name="fc" datatype="floatComplex"/>
<FIELD name="dc" datatype="doubleComplex"/>
<FIELD name="c" datatype="char" arraysize="*"/>
<FIELD name="c4" datatype="char" arraysize="4"/>
<FIELD name="u" datatype="unicodeChar" arraysize="*"/>
<FIELD name="fa" datatype="float" arraysize="3"/>
<FIELD name="iv" datatype="int" arraysize="*"/>`;

const EXPECTED_ROWS = [
  [true, true, 7, -3, 100000, 4295836484574859264n, 1.5, -2.25, [1, 2], [3, 4], "a&b", "abcd", "naïve", new Float32Array([1, 2, 3]), new Int32Array([5, 6])],
  [false, false, null, null, null, null, null, null, null, null, "", "", "", new Float32Array([0, 0, 0]), new Int32Array([])],
];

const TD_ROWS = `<TABLEDATA>
<TR><TD>T</TD><TD>1</TD><TD>7</TD><TD>-3</TD><TD>100000</TD><TD>4295836484574859264</TD><TD>1.5</TD><TD>-2.25</TD><TD>1 2</TD><TD>3 4</TD><TD>a&amp;b</TD><TD>abcd</TD><TD>naïve</TD><TD>1 2 3</TD><TD>5 6</TD></TR>
<TR><TD>F</TD><TD>0</TD><TD>255</TD><TD>-32768</TD><TD></TD><TD>-9223372036854775808</TD><TD>NaN</TD><TD/><TD></TD><TD></TD><TD></TD><TD></TD><TD/><TD>0 0 0</TD><TD></TD></TR>
</TABLEDATA>`;

function binaryRows(binary2: boolean): string {
  const b = new Bytes();
  if (binary2) b.u8(0, 0);
  b.u8(84).u8(0x80).u8(7).i16(-3).i32(100000).i64(4295836484574859264n).f32(1.5).f64(-2.25).f32(1).f32(2).f64(3).f64(4)
    .i32(3).chars("a&b").chars("abcd").i32(5).ucs2("naïve").f32(1).f32(2).f32(3).i32(2).i32(5).i32(6);
  if (binary2) b.u8(0b00111111, 0b11000000); // ub..dc null, then c, c4
  b.u8(70).u8(0).u8(255).i16(-32768).i32(-2147483648).i64(-9223372036854775808n).f32(NaN).f64(NaN).f32(NaN).f32(NaN).f64(NaN).f64(NaN)
    .i32(0).chars("", 4).i32(0).f32(0).f32(0).f32(0).i32(0);
  return b.base64();
}

describe("parseVOTable: datatypes x serializations x nulls", () => {
  const cases: [string, string][] = [
    ["TABLEDATA", TD_ROWS],
    ["BINARY", `<BINARY><STREAM encoding="base64">\n${binaryRows(false)}\n</STREAM></BINARY>`],
    ["BINARY2", `<BINARY2><STREAM encoding="base64">\n${binaryRows(true)}\n</STREAM></BINARY2>`],
  ];
  for (const [name, data] of cases) {
    it(`reads every datatype from ${name}`, async () => {
      const d = await parseVOTable(doc(ALL_FIELDS, data));
      const t = d.resultTable()!;
      expect(t.meta.serialization).toBe(name);
      expect(t.length).toBe(2);
      for (let i = 0; i < 2; i++) {
        const row = t.row(i);
        // complex nulls: BINARY has no flags, NaN pairs stay values
        if (name === "BINARY" && i === 1) {
          expect(row.slice(0, 8)).toEqual((EXPECTED_ROWS[1] as unknown[]).slice(0, 8));
          continue;
        }
        expect(row).toEqual(EXPECTED_ROWS[i]);
      }
      const l = t.column("l")!;
      expect(l.values).toBeInstanceOf(BigInt64Array);
      expect(t.column("d")!.values).toBeInstanceOf(Float64Array);
      expect(t.column("f")!.nulls).toEqual(new Uint8Array([0, 1]));
      expect(t.column("s")!.values).toBeInstanceOf(Int16Array);
      expect(t.column("ub")!.values).toBeInstanceOf(Uint8Array);
      expect(t.column("b")!.nulls).toBeUndefined();
    });
  }

  it("reads multi-dimensional arrays and string arrays", async () => {
    const fields = `<FIELD name="m" datatype="double" arraysize="2x2"/><FIELD name="v" datatype="short" arraysize="2x*"/><FIELD name="sa" datatype="char" arraysize="3x2"/>`;
    const td = await parseVOTable(doc(fields, `<TABLEDATA><TR><TD>1 2 3 4</TD><TD>1 2 3 4</TD><TD>ab cd </TD></TR></TABLEDATA>`));
    // The count before the 2x* cell is of items (4 shorts), as VOTable §5.4 and STIL have it.
    const b = new Bytes().f64(1).f64(2).f64(3).f64(4).i32(4).i16(1).i16(2).i16(3).i16(4).chars("ab cd ");
    const bin = await parseVOTable(doc(fields, `<BINARY><STREAM encoding="base64">${b.base64()}</STREAM></BINARY>`));
    for (const d of [td, bin]) {
      expect(d.tables[0]!.row(0)).toEqual([new Float64Array([1, 2, 3, 4]), new Int16Array([1, 2, 3, 4]), ["ab", "cd"]]);
    }
  });

  it("reads bit arrays and boolean arrays", async () => {
    const fields = `<FIELD name="bits" datatype="bit" arraysize="8"/><FIELD name="bools" datatype="boolean" arraysize="3"/>`;
    const td = await parseVOTable(doc(fields, `<TABLEDATA><TR><TD>11001000</TD><TD>T F ?</TD></TR></TABLEDATA>`));
    const b = new Bytes().u8(0).u8(0b11001000).u8(84, 70, 63);
    const bin = await parseVOTable(doc(fields, `<BINARY2><STREAM encoding="base64">${b.base64()}</STREAM></BINARY2>`));
    for (const d of [td, bin]) {
      expect(d.tables[0]!.row(0)).toEqual([[true, true, false, false, true, false, false, false], [true, false, null]]);
    }
  });
});

describe("parseVOTable: document structure", () => {
  const full = `<?xml version="1.0" encoding="UTF-8"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
  <DESCRIPTION>top</DESCRIPTION>
  <COOSYS ID="sys" system="ICRS" epoch="J2016.0"/>
  <TIMESYS ID="ts" timeorigin="MJD-origin" timescale="TCB" refposition="BARYCENTER"/>
  <PARAM name="top" datatype="int" value="3"/>
  <INFO name="QUERY_STATUS" value="OK"/>
  <RESOURCE type="results" name="r1">
    <INFO name="standardID" value="ivo://x"/>
    <TABLE name="t1" ID="t1" nrows="2">
      <DESCRIPTION>first</DESCRIPTION>
      <FIELD name="ra" ID="ra" datatype="double" unit="deg" ucd="pos.eq.ra;meta.main" width="10" precision="6" utype="u:ra" xtype="x" ref="sys">
        <DESCRIPTION>Right ascension</DESCRIPTION>
        <VALUES null="-1"><MIN value="0"/><MAX value="360" inclusive="no"/><OPTION name="a" value="1"><OPTION value="2"/></OPTION></VALUES>
        <LINK href="http://x/ra" content-role="doc"/>
      </FIELD>
      <FIELD name="pt" datatype="double" arraysize="2" xtype="point"/>
      <PARAM name="p" datatype="double" arraysize="2" value="1 2"/>
      <GROUP name="g" ID="g1"><FIELDref ref="ra"/><PARAMref ref="p"/><PARAM name="gp" datatype="char" arraysize="*" value="v"/><GROUP name="inner"/></GROUP>
      <LINK href="http://x/t"/>
      <INFO name="before" value="1"/>
      <DATA><TABLEDATA><TR><TD>1</TD><TD>1 2</TD></TR><TR><TD>-1</TD><TD/></TR></TABLEDATA></DATA>
      <INFO name="QUERY_STATUS" value="OVERFLOW"/>
    </TABLE>
    <INFO name="afterTable" value="x">content</INFO>
    <RESOURCE type="meta" utype="adhoc:service" ID="dl">
      <PARAM name="accessURL" datatype="char" arraysize="*" value="http://dl"/>
      <GROUP name="inputParams"><PARAM name="ID" datatype="char" arraysize="*" value="" ref="ra"/></GROUP>
    </RESOURCE>
  </RESOURCE>
  <INFO name="end" value="done"/>
</VOTABLE>`;

  it("keeps every element of the metadata, INFO after TABLE and after DATA included", async () => {
    const d = await parseVOTable(full);
    expect(d.warnings).toEqual([]);
    const m = d.meta;
    expect(m.version).toBe("1.4");
    expect(m.description).toBe("top");
    expect(m.coosys).toEqual([{ ID: "sys", system: "ICRS", epoch: "J2016.0" }]);
    expect(m.timesys[0]).toEqual({ ID: "ts", timeorigin: "MJD-origin", timescale: "TCB", refposition: "BARYCENTER" });
    expect(m.params[0]!.parsed).toBe(3);
    expect(m.infos.map((i) => i.name)).toEqual(["QUERY_STATUS", "end"]);
    const r = m.resources[0]!;
    expect(r.infos.map((i) => [i.name, i.content])).toEqual([["standardID", undefined], ["afterTable", "content"]]);
    const t = r.tables[0]!;
    expect(t.infos.map((i) => [i.name, i.value])).toEqual([["before", "1"], ["QUERY_STATUS", "OVERFLOW"]]);
    expect(t.description).toBe("first");
    expect(t.nrows).toBe(2);
    const ra = t.fields[0]!;
    expect(ra).toMatchObject({ name: "ra", ID: "ra", unit: "deg", ucd: "pos.eq.ra;meta.main", width: 10, precision: "6", utype: "u:ra", xtype: "x", ref: "sys", description: "Right ascension" });
    expect(ra.values).toEqual({ null: "-1", min: { value: "0", inclusive: true }, max: { value: "360", inclusive: false }, options: [{ name: "a", value: "1", options: [{ value: "2" }] }] });
    expect(ra.links).toEqual([{ href: "http://x/ra", contentRole: "doc" }]);
    expect(t.params[0]!.parsed).toEqual(new Float64Array([1, 2]));
    expect(t.groups[0]).toMatchObject({ name: "g", ID: "g1", fieldRefs: [{ ref: "ra" }], paramRefs: [{ ref: "p" }], groups: [{ name: "inner" }] });
    expect(t.groups[0]!.params[0]!.parsed).toBe("v");
    expect(t.links).toEqual([{ href: "http://x/t" }]);
    const meta = r.resources[0]!;
    expect(meta).toMatchObject({ type: "meta", utype: "adhoc:service", ID: "dl", tables: [] });
    expect(meta.params[0]!.value).toBe("http://dl");
    expect(meta.groups[0]!.params[0]!.name).toBe("ID");
    const table = d.resultTable()!;
    expect(table.row(1)).toEqual([null, null]);
    expect(table.column("ra")!.nulls).toEqual(new Uint8Array([0, 1]));
  });

  it("picks the first table of a resource that is not type=meta", async () => {
    const d = await parseVOTable(`<VOTABLE version="1.3">
      <RESOURCE type="meta"><TABLE name="m"><FIELD name="a" datatype="int"/><DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE>
      <RESOURCE><TABLE name="r1"><FIELD name="b" datatype="int"/></TABLE><TABLE name="r2"><FIELD name="c" datatype="int"/></TABLE></RESOURCE>
    </VOTABLE>`);
    expect(d.tables.map((t) => [t.meta.name, t.length])).toEqual([["m", 1], ["r1", 0], ["r2", 0]]);
    expect(d.resultTable()!.meta.name).toBe("r1");
    const onlyMeta = await parseVOTable(`<VOTABLE><RESOURCE type="meta"><TABLE name="m"><FIELD name="a" datatype="int"/></TABLE></RESOURCE></VOTABLE>`);
    expect(onlyMeta.resultTable()!.meta.name).toBe("m");
  });

  it("takes the FIELDs of a TABLE ref", async () => {
    const d = await parseVOTable(`<VOTABLE version="1.2"><RESOURCE><TABLE ID="main"><FIELD name="a" datatype="int"/></TABLE><TABLE ref="main"><DATA><TABLEDATA><TR><TD>4</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`);
    expect(d.tables[1]!.fields.map((f) => f.name)).toEqual(["a"]);
    expect(d.tables[1]!.row(0)).toEqual([4]);
  });

  const body = `<RESOURCE><TABLE><FIELD name="a" datatype="int"/><DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE>`;
  const variants: [string, string, string][] = [
    ["1.1", `<VOTABLE version="1.1" xmlns="http://www.ivoa.net/xml/VOTable/v1.1">${body}</VOTABLE>`, "1.1"],
    ["1.2", `<VOTABLE version="1.2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://www.ivoa.net/xml/VOTable/v1.2">${body}</VOTABLE>`, "1.2"],
    ["1.3 no namespace", `<VOTABLE version="1.3">${body}</VOTABLE>`, "1.3"],
    ["1.5", `<VOTABLE version="1.5" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">${body}</VOTABLE>`, "1.5"],
    ["prefix", `<v:VOTABLE xmlns:v="http://www.ivoa.net/xml/VOTable/v1.3">${body.replace(/<(\/?)([A-Z])/g, "<$1v:$2")}</v:VOTABLE>`, "1.3"],
    ["v1.0 with DOCTYPE", `<?xml version="1.0"?><!DOCTYPE VOTABLE SYSTEM "http://us-vo.org/xml/VOTable.dtd"><VOTABLE version="v1.0">${body}</VOTABLE>`, "v1.0"],
  ];
  for (const [name, text, version] of variants) {
    it(`reads VOTable ${name}`, async () => {
      const d = await parseVOTable(text);
      expect(d.meta.version).toBe(version);
      expect(d.tables[0]!.row(0)).toEqual([1]);
    });
  }
});

describe("parseVOTable: lax and strict", () => {
  it("collects warnings in lax mode and throws in strict mode", async () => {
    const text = doc(`<FIELD name="a" datatype="integer"/><FIELD name="s" datatype="char"/>`, `<TABLEDATA><TR><TD>1</TD><TD>hello</TD></TR><TR><TD>2</TD></TR></TABLEDATA>`);
    const seen: VOTableWarning[] = [];
    const d = await parseVOTable(text, { onWarning: (w) => seen.push(w) });
    expect(d.tables[0]!.fields[0]!.datatype).toBe("int");
    expect([...d.tables[0]!.rows()]).toEqual([[1, "hello"], [2, null]]);
    expect(d.warnings.length).toBe(3);
    expect(seen).toEqual(d.warnings);
    expect(d.warnings[0]).toMatchObject({ line: 5, element: "VOTABLE/RESOURCE/TABLE" });
    expect(d.warnings[2]!.element).toMatch(/TABLEDATA\/TR\[2\]$/);
    await expect(parseVOTable(text, { strict: true })).rejects.toThrow(DALFormatError);
  });

  it("warns on undecodable cells and reads them as null", async () => {
    const d = await parseVOTable(doc(`<FIELD name="a" datatype="int"/>`, `<TABLEDATA><TR><TD>abc</TD></TR></TABLEDATA>`));
    expect(d.tables[0]!.row(0)).toEqual([null]);
    expect(d.warnings[0]!.message).toMatch(/not an integer/);
  });

  it("rejects rows with more cells than FIELDs", async () => {
    await expect(parseVOTable(doc(`<FIELD name="a" datatype="int"/>`, `<TABLEDATA><TR><TD>1</TD><TD>2</TD></TR></TABLEDATA>`))).rejects.toThrow(/more than the 1 FIELD/);
  });

  it("rejects unknown datatypes", async () => {
    await expect(parseVOTable(doc(`<FIELD name="a" datatype="bar"/>`, ""))).rejects.toThrow(/unknown datatype "bar"/);
  });

  it("rejects malformed XML with line and column", async () => {
    const err = await parseVOTable(`<VOTABLE>\n<RESOURCE>\n<TABLE>\n</RESOURCE>\n</VOTABLE>`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALFormatError);
    expect((err as DALFormatError).location.line).toBe(4);
    expect((err as DALFormatError).location.column).toBeGreaterThan(0);
    const inData = await parseVOTable(doc(`<FIELD name="a" datatype="int"/>`, `<TABLEDATA>\n<TR><TD>1</TD>\n<TD>2</TR>\n</TABLEDATA>`)).catch((e: unknown) => e);
    expect((inData as DALFormatError).location.line).toBe(8);
    await expect(parseVOTable(`<VOTABLE><RESOURCE>`)).rejects.toThrow(DALFormatError);
    await expect(parseVOTable(`<html><body>error</body></html>`)).rejects.toThrow(/not a VOTable/);
    await expect(parseVOTable(``)).rejects.toThrow(DALFormatError);
  });

  it("expands internal DTD entities, never external ones", async () => {
    const text = `<?xml version="1.0"?>
<!DOCTYPE VOTABLE [<!ENTITY boom "EXPANDED"><!ENTITY ext SYSTEM "file:///etc/passwd">]>
<VOTABLE version="1.3"><RESOURCE><INFO name="x" value="1">&boom;&ext;</INFO><TABLE><FIELD name="c" datatype="char" arraysize="*"/>
<DATA><TABLEDATA><TR><TD>&boom;</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;
    const d = await parseVOTable(text);
    expect(d.meta.resources[0]!.infos[0]!.content).toBe("EXPANDED&ext;");
    expect(d.tables[0]!.row(0)).toEqual(["EXPANDED"]);
    expect(d.warnings.map((w) => w.code)).toEqual(["VO_WARN_VOTABLE_ENTITY"]);
    await expect(parseVOTable(text, { strict: true })).rejects.toThrow(DALFormatError);
  });

  it("reads documents declared in ISO-8859-1 and UTF-16", async () => {
    const text = `<?xml version="1.0" encoding="ISO-8859-1"?>\n<VOTABLE version="1.3"><RESOURCE><TABLE><FIELD name="c" datatype="char" arraysize="*"/><DATA><TABLEDATA><TR><TD>Ceçi</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;
    const latin1 = Uint8Array.from(text, (ch) => ch.charCodeAt(0));
    const chunks = Array.from(latin1, (x) => new Uint8Array([x]));
    expect((await parseVOTable(latin1)).tables[0]!.row(0)).toEqual(["Ceçi"]);
    expect((await parseVOTable(chunks)).tables[0]!.row(0)).toEqual(["Ceçi"]);
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i);
    expect((await parseVOTable(utf16)).tables[0]!.row(0)).toEqual(["Ceçi"]);
    await expect(parseVOTable(`<?xml version="1.0" encoding="x-unknown-enc"?><VOTABLE/>`)).rejects.toThrow(/unsupported document encoding/);
  });

  it("rejects FITS and STREAM href with a clear message", async () => {
    await expect(parseVOTable(doc(`<FIELD name="a" datatype="int"/>`, `<FITS><STREAM href="http://x/f.fits"/></FITS>`))).rejects.toThrow(/FITS serialization is not supported/);
    await expect(parseVOTable(doc(`<FIELD name="a" datatype="int"/>`, `<BINARY><STREAM href="http://x/f.bin"/></BINARY>`))).rejects.toThrow(/STREAM href.*not supported/);
  });

  it("rejects other serializations and a TIMESYS without ID", async () => {
    await expect(parseVOTable(doc(`<FIELD name="a" datatype="int"/>`, `<PARQUET type="VOTable-remote-file"><STREAM href="x.parquet"/></PARQUET>`))).rejects.toThrow(/PARQUET serialization is not supported/);
    await expect(parseVOTable(`<VOTABLE version="1.4"><RESOURCE><TIMESYS timescale="TCB"/></RESOURCE></VOTABLE>`)).rejects.toThrow(/TIMESYS without ID/);
  });

  it("reads char without arraysize (one byte in BINARY, whole text in TABLEDATA), string VALUES null and base64 TD cells", async () => {
    const fields = `<FIELD name="c" datatype="char"/><FIELD name="s" datatype="char" arraysize="*"><VALUES null="N/A"/></FIELD><FIELD name="i" datatype="int"/>`;
    const b = new Bytes().chars("x").i32(3).chars("N/A").i32(9);
    const bin = await parseVOTable(doc(fields, `<BINARY><STREAM encoding="base64">${b.base64()}</STREAM></BINARY>`));
    expect(bin.tables[0]!.row(0)).toEqual(["x", null, 9]);
    const td = await parseVOTable(doc(fields, `<TABLEDATA><TR><TD>xyz</TD><TD>N/A</TD><TD encoding="base64">AAAACQ==</TD></TR></TABLEDATA>`, "1.1"));
    expect(td.tables[0]!.row(0)).toEqual(["xyz", null, 9]);
    expect(td.tables[0]!.column("s")!.values).toEqual([null]);
  });

  it("reads TD content with entities, character references, CDATA and comments", async () => {
    const d = await parseVOTable(doc(`<FIELD name="c" datatype="char" arraysize="*"/><FIELD name="i" datatype="int"/>`,
      `<TABLEDATA><!-- c --><TR><TD>&lt;&#65;&#x42;&quot;&apos;&gt;</TD><TD><!-- x -->5</TD></TR><TR><TD><![CDATA[a<b&c]]></TD><TD> 6 </TD></TR></TABLEDATA>`));
    expect([...d.tables[0]!.rows()]).toEqual([["<AB\"'>", 5], ["a<b&c", 6]]);
  });
});

describe("parseVOTable: chunk boundaries", () => {
  const binary2 = doc(ALL_FIELDS, `<BINARY2><STREAM encoding="base64">\n${binaryRows(true)}\n</STREAM></BINARY2>`);
  const tabledata = doc(ALL_FIELDS, TD_ROWS).replace("<RESOURCE", "<!-- <TABLEDATA> in a comment -->\n<RESOURCE");
  function* chunked(bytes: Uint8Array, sizes: () => number): Generator<Uint8Array> {
    for (let i = 0; i < bytes.length;) {
      const n = sizes();
      yield bytes.slice(i, i + n);
      i += n;
    }
  }
  let seed = 7;
  const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (const [name, text] of [["TABLEDATA", tabledata], ["BINARY2", binary2]] as const) {
    it(`gives the same result for 1-byte and random chunks (${name})`, async () => {
      const bytes = new TextEncoder().encode(text);
      const whole = dump(await parseVOTable(bytes));
      expect(dump(await parseVOTable(chunked(bytes, () => 1)))).toEqual(whole);
      for (let k = 0; k < 5; k++) expect(dump(await parseVOTable(chunked(bytes, () => 1 + Math.floor(rnd() * 40))))).toEqual(whole);
      expect(dump(await parseVOTable(new Blob([bytes]).stream()))).toEqual(whole);
    });
  }
});

describe("parseVOTable: large base64 STREAMs", () => {
  const n = 3000;
  const bytes = new Uint8Array(n * 15);
  const dv = new DataView(bytes.buffer);
  for (let i = 0; i < n; i++) {
    dv.setUint8(i * 15, i % 7 === 0 ? 0x20 : 0);
    dv.setInt32(i * 15 + 1, i * 3);
    dv.setFloat64(i * 15 + 5, i / 8);
    dv.setInt16(i * 15 + 13, i % 100);
  }
  const b64 = Buffer.from(bytes).toString("base64");
  const make = (stream: string): string => doc(`<FIELD name="a" datatype="int"/><FIELD name="b" datatype="double"/><FIELD name="c" datatype="short"/>`, `<BINARY2><STREAM encoding="base64">${stream}</STREAM></BINARY2>`);
  const layouts: [string, string][] = [
    ["76-char lines", b64.replace(/(.{76})/g, "$1\n")],
    ["CRLF lines", b64.replace(/(.{64})/g, "$1\r\n")],
    ["odd lines and spaces", b64.replace(/(.{37})/g, "$1\n  ")],
    ["one line", b64],
  ];
  for (const [name, stream] of layouts) {
    it(`decodes ${name} in any chunking`, async () => {
      const text = new TextEncoder().encode(make(stream));
      for (const size of [text.length, 4999, 1 << 12, 333]) {
        const chunks: Uint8Array[] = [];
        for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
        const t = (await parseVOTable(chunks)).tables[0]!;
        expect(t.length).toBe(n);
        expect(t.row(7)).toEqual([21, 7 / 8, null]);
        expect(t.row(n - 1)).toEqual([(n - 1) * 3, (n - 1) / 8, (n - 1) % 100]);
        const b = t.column("b")!.values as Float64Array;
        expect(b.reduce((x, y) => x + y, 0)).toBe((n * (n - 1)) / 16);
      }
    });
  }
});

describe("parseVOTable: abort", () => {
  it("rejects with the signal's reason", async () => {
    const ac = new AbortController();
    const reason = new Error("stop");
    async function* slow(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode("<VOTABLE><RESOURCE>");
      ac.abort(reason);
      await new Promise(() => undefined);
    }
    await expect(parseVOTable(slow(), { signal: ac.signal })).rejects.toBe(reason);
    await expect(parseVOTable("<VOTABLE/>", { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });
});

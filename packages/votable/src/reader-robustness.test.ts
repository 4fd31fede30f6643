/**
 * Hostile and broken inputs: the reader ends in DALFormatError (or reads with
 * warnings), never hangs, crashes with another error or returns a silent
 * partial table.
 */
import { describe, expect, it } from "vitest";
import { parseVOTable } from "./parse-votable.js";
import { openVOTable } from "./open-votable.js";
import { DALFormatError } from "./errors.js";
import { writeVOTableToBytes } from "./writer.js";

const NS = 'xmlns="http://www.ivoa.net/xml/VOTable/v1.3"';
const doc = (fields: string, data: string, table = ""): string =>
  `<?xml version="1.0"?>\n<VOTABLE version="1.4" ${NS}>\n<RESOURCE type="results">\n<TABLE${table}>\n${fields}\n<DATA>${data}</DATA>\n</TABLE>\n<INFO name="after" value="x"/>\n</RESOURCE>\n</VOTABLE>\n`;

const FIELDS = `<FIELD name="i" datatype="int"/><FIELD name="c" datatype="char" arraysize="*"/><FIELD name="d" datatype="double" arraysize="2"/>`;

function binaryStream(binary2: boolean): string {
  const out: number[] = [];
  for (let r = 0; r < 3; r++) {
    if (binary2) out.push(r === 1 ? 0x40 : 0);
    const dv = new DataView(new ArrayBuffer(26));
    dv.setInt32(0, r * 7);
    dv.setUint32(4, 2);
    dv.setUint8(8, 65);
    dv.setUint8(9, 66);
    dv.setFloat64(10, r);
    dv.setFloat64(18, r + 0.5);
    out.push(...new Uint8Array(dv.buffer));
  }
  return Buffer.from(out).toString("base64").replace(/(.{20})/g, "$1\n");
}

async function outcome(p: Promise<unknown>): Promise<string> {
  const timeout = new Promise<string>((resolve) => setTimeout(() => resolve("hang"), 2000));
  return Promise.race([p.then(() => "resolved", (e: unknown) => (e instanceof DALFormatError ? "DALFormatError" : `other: ${String(e)}`)), timeout]);
}

describe("truncated documents", () => {
  const docs: [string, string][] = [
    ["TABLEDATA", doc(FIELDS, `<TABLEDATA>\n<TR><TD>0</TD><TD>AB</TD><TD>0 0.5</TD></TR>\n<TR><TD>7</TD><TD>a&amp;b</TD><TD>1 1.5</TD></TR>\n<TR><TD>14</TD><TD><![CDATA[x]]></TD><TD>2 2.5</TD></TR>\n</TABLEDATA>`)],
    ["BINARY", doc(FIELDS, `<BINARY><STREAM encoding="base64">\n${binaryStream(false)}\n</STREAM></BINARY>`)],
    ["BINARY2", doc(FIELDS, `<BINARY2><STREAM encoding="base64">\n${binaryStream(true)}\n</STREAM></BINARY2>`)],
  ];
  for (const [name, text] of docs) {
    it(`rejects ${name} cut at every byte offset with DALFormatError (whole and streamed)`, async () => {
      const bytes = new TextEncoder().encode(text);
      const whole = await parseVOTable(bytes);
      expect(whole.tables[0]!.length).toBe(3);
      expect(whole.warnings).toEqual([]);
      // The last byte is the final newline: the document is complete without it.
      const end = bytes.length - 1;
      const seen = new Set<string>();
      for (let k = 0; k < end; k++) {
        const cut = bytes.slice(0, k);
        const a = await outcome(parseVOTable(cut));
        const b = await outcome((async () => {
          const r = await openVOTable(cut);
          for await (const _row of r.rows()) { /* drain */ }
          await r.finish();
        })());
        if (a !== "DALFormatError") seen.add(`parse@${k}: ${a}`);
        if (b !== "DALFormatError") seen.add(`stream@${k}: ${b}`);
      }
      expect([...seen]).toEqual([]);
    });
  }
});

describe("declared sizes", () => {
  it("does not allocate ahead for a huge nrows", async () => {
    const d = await parseVOTable(doc(`<FIELD name="a" datatype="double"/><FIELD name="v" datatype="int" arraysize="2"/>`, `<TABLEDATA><TR><TD>1</TD><TD>1 2</TD></TR></TABLEDATA>`, ` nrows="1000000000000"`));
    expect(d.tables[0]!.row(0)).toEqual([1, new Int32Array([1, 2])]);
  });

  for (const arraysize of ["2000000000", "100000x100000", "1000000000000000000000000000000", "100000000x*"]) {
    it(`rejects arraysize="${arraysize}" with DALFormatError, in every serialisation`, async () => {
      const f = `<FIELD name="a" datatype="double" arraysize="${arraysize}"/>`;
      for (const data of [`<TABLEDATA><TR><TD>1 2</TD></TR></TABLEDATA>`, `<BINARY2><STREAM encoding="base64">AAAAAAAAAAAA</STREAM></BINARY2>`]) {
        const err = await parseVOTable(doc(f, data)).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DALFormatError);
        expect((err as Error).message).toMatch(/arraysize .* items per cell/);
      }
    });
  }

  it("keeps a 4096x4096 cell allowed and reads a large fixed array", async () => {
    const d = await parseVOTable(doc(`<FIELD name="a" datatype="short" arraysize="300000"/>`, `<BINARY><STREAM encoding="base64">${Buffer.alloc(600000, 1).toString("base64")}</STREAM></BINARY>`));
    const v = d.tables[0]!.row(0)[0] as Int16Array;
    expect(v.length).toBe(300000);
    expect(v[299999]).toBe(257);
    await expect(parseVOTable(doc(`<FIELD name="a" datatype="unsignedByte" arraysize="4096x4096"/>`, ""))).resolves.toBeDefined();
  });

  it("warns on a malformed arraysize and rejects it in strict mode", async () => {
    for (const arraysize of ["abc", "-5", "*x3", ""]) {
      const text = doc(`<FIELD name="a" datatype="int" arraysize="${arraysize}"/>`, `<TABLEDATA><TR><TD>1</TD></TR></TABLEDATA>`);
      const d = await parseVOTable(text);
      expect(d.warnings.map((w) => w.message)).toContain(`FIELD "a" has an invalid arraysize "${arraysize}"`);
      await expect(parseVOTable(text, { strict: true })).rejects.toThrow(/invalid arraysize/);
    }
    for (const arraysize of ["*", "10*", "3x2", "2x*", "1", " 4 "]) {
      const d = await parseVOTable(doc(`<FIELD name="a" datatype="int" arraysize="${arraysize}"/>`, ""));
      expect(d.warnings).toEqual([]);
    }
  });
});

describe("markup", () => {
  it("keeps warnings cheap in deeply nested documents (element path elided)", async () => {
    const n = 250; // just under MAX_ELEMENT_DEPTH
    const text = `<VOTABLE version="1.4">${"<RESOURCE>".repeat(n)}${"<FIELD/>".repeat(50)}${"</RESOURCE>".repeat(n)}</VOTABLE>`;
    const d = await parseVOTable(text);
    expect(d.warnings.length).toBe(50);
    const el = d.warnings[0]!.element!;
    expect(el.length).toBeLessThan(400);
    expect(el).toMatch(/^VOTABLE\/RESOURCE\/.*…\d+ elements….*\/RESOURCE$/);
  });

  it("refuses elements nested deeper than MAX_ELEMENT_DEPTH (no recursive walk over the metadata can overflow)", async () => {
    for (const [element, depth] of [["GROUP", 100_000], ["RESOURCE", 257], ["DESCRIPTION", 5000]] as const) {
      const deep = `<VOTABLE version="1.4">${`<${element}>`.repeat(depth)}${`</${element}>`.repeat(depth)}</VOTABLE>`;
      for (const strict of [false, true]) {
        const err = await parseVOTable(deep, { strict }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DALFormatError);
        expect((err as Error).message).toMatch(/nested deeper than 256 levels/);
      }
    }
    const ok = `<VOTABLE version="1.4">${"<GROUP>".repeat(255)}${"</GROUP>".repeat(255)}</VOTABLE>`;
    expect((await parseVOTable(ok)).meta.groups.length).toBe(1);
  });

  it("rejects a bare & in a TD instead of reading up to the next ;", async () => {
    const f = `<FIELD name="c" datatype="char" arraysize="*"/>`;
    const many = doc(f, `<TABLEDATA>${"<TR><TD>a & b</TD></TR>".repeat(50)}<TR><TD>c;</TD></TR></TABLEDATA>`);
    const err = await parseVOTable(many).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALFormatError);
    expect((err as DALFormatError).message).toMatch(/"&" not followed by an entity/);
    expect((err as DALFormatError).location.element).toMatch(/TR\[1\]\/TD\[1\]$/);
    await expect(parseVOTable(doc(f, `<TABLEDATA><TR><TD>a &; b</TD></TR></TABLEDATA>`))).rejects.toThrow(/not followed by an entity/);
    const ok = await parseVOTable(doc(f, `<TABLEDATA><TR><TD>a &amp; &#x263A; &lt;</TD></TR></TABLEDATA>`));
    expect(ok.tables[0]!.row(0)).toEqual(["a & ☺ <"]);
  });

  it("expands small nested entities; billion laughs is refused (see dtd-entities.test.ts)", async () => {
    const lol = `<?xml version="1.0"?>
<!DOCTYPE VOTABLE [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<VOTABLE version="1.4"><RESOURCE><INFO name="x" value="&lol2;">&lol2;</INFO><TABLE><FIELD name="c" datatype="char" arraysize="*"/>
<DATA><TABLEDATA><TR><TD>&lol2;</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;
    const d = await parseVOTable(lol);
    const lol2 = "lol".repeat(100);
    expect(d.meta.resources[0]!.infos[0]).toMatchObject({ value: lol2, content: lol2 });
    expect(d.tables[0]!.row(0)).toEqual([lol2]);
    expect(d.warnings).toEqual([]);
    const body = lol.replace(/<VOTABLE[\s\S]*/, (m) => m.replace(/&lol2;/g, "&lol9;"));
    const deep = body.replace("]>", `${Array.from({ length: 7 }, (_, i) => `<!ENTITY lol${i + 3} "${`&lol${i + 2};`.repeat(10)}">`).join("")}]>`);
    await expect(parseVOTable(deep)).rejects.toThrow(/expands to more than/);
  });

  it("reads a UTF-8 BOM and CRLF line ends, with line numbers counted right", async () => {
    const fields = `<FIELD name="a" datatype="int"/><FIELD name="c" datatype="char" arraysize="*"/>`;
    const text = `\uFEFF${doc(fields, `<TABLEDATA>\n<TR><TD>1</TD><TD>x</TD></TR>\n<!-- two\nlines -->\n<TR><TD>zz</TD><TD/></TR>\n</TABLEDATA>`)}`.replace(/\n/g, "\r\n");
    const d = await parseVOTable(text);
    expect([...d.tables[0]!.rows()]).toEqual([[1, "x"], [null, ""]]);
    expect(d.warnings).toEqual([{ code: "VO_WARN_VOTABLE_VALUE", field: "a", row: 2, text: "zz", message: 'not an integer: "zz" in int column "a", row 2; read as null', line: 10, element: "VOTABLE/RESOURCE/TABLE/DATA/TABLEDATA/TR[2]/TD[1]" }]);
  });

  it("names the row, cell and line of a bad TABLEDATA cell, one TD a line and across chunks", async () => {
    const fields = `<FIELD name="a" datatype="int"/><FIELD name="b" datatype="double"/>`;
    const rows = Array.from({ length: 30 }, (_, i) => `<TR>\n <TD>${i}</TD>\n <TD>${i === 20 ? "oops" : i}</TD>\n</TR>`).join("\n");
    const bytes = new TextEncoder().encode(doc(fields, `<TABLEDATA>\n${rows}\n</TABLEDATA>`));
    const want = [{ code: "VO_WARN_VOTABLE_VALUE", field: "b", row: 21, text: "oops", message: 'not a number: "oops" in double column "b", row 21; read as null', line: 6 + 1 + 20 * 4 + 2, element: "VOTABLE/RESOURCE/TABLE/DATA/TABLEDATA/TR[21]/TD[2]" }];
    expect((await parseVOTable(bytes)).warnings).toEqual(want);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.slice(i * 7, i * 7 + 7));
    expect((await parseVOTable(chunks)).warnings).toEqual(want);
    const r = await openVOTable(chunks);
    for await (const _row of r.rows()) { /* drain */ }
    expect(r.warnings).toEqual(want);
  });
});

describe("FIELD type attribute", () => {
  it("is read and written", async () => {
    const d = await parseVOTable(doc(`<FIELD name="a" datatype="int" type="hidden"/>`, ""));
    expect(d.tables[0]!.fields[0]).toEqual({ name: "a", datatype: "int", type: "hidden" });
    expect(d.warnings).toEqual([]);
    const out = new TextDecoder().decode(await writeVOTableToBytes({ fields: [{ name: "a", datatype: "int", type: "no_query" }], rows: [[1]] }));
    expect(out).toContain('<FIELD name="a" datatype="int" type="no_query"/>');
    expect((await parseVOTable(out)).tables[0]!.fields[0]!.type).toBe("no_query");
  });
});

describe("warnings are bounded", () => {
  const badRows = (n: number): string => {
    let s = "<TABLEDATA>";
    for (let i = 0; i < n; i++) s += `<TR><TD>x${i}</TD><TD>ok</TD><TD>1 2</TD></TR>`;
    return `${s}</TABLEDATA>`;
  };

  it("keeps the first 1000 warnings and sums up the rest in one last warning", async () => {
    const seen: string[] = [];
    const d = await parseVOTable(doc(FIELDS, badRows(5000)), { onWarning: (w) => seen.push(w.message) });
    expect(d.tables[0]!.length).toBe(5000);
    expect(d.tables[0]!.column("i")!.nulls!.every((x) => x === 1)).toBe(true);
    expect(d.warnings).toHaveLength(1001);
    expect(d.warnings[0]!.message).toMatch(/not an integer: "x0"/);
    expect(d.warnings[999]!.message).toMatch(/"x999"/);
    expect(d.warnings[1000]!.message).toBe("4000 more warnings were suppressed (a document keeps its first 1000)");
    expect(seen).toEqual(d.warnings.map((w) => w.message));
  });

  it("takes another cap from maxWarnings, for the streaming reader too", async () => {
    const seen: string[] = [];
    const r = await openVOTable(doc(FIELDS, badRows(30)), { maxWarnings: 10, onWarning: (w) => seen.push(w.message) });
    let rows = 0;
    for await (const _row of r.rows()) rows++;
    await r.finish();
    expect(rows).toBe(30);
    expect(r.warnings).toHaveLength(11);
    expect(r.warnings[10]!.message).toBe("20 more warnings were suppressed (a document keeps its first 10)");
    expect(seen).toHaveLength(11);
    const all = await parseVOTable(doc(FIELDS, badRows(30)), { maxWarnings: Infinity });
    expect(all.warnings).toHaveLength(30);
  });

  it("adds no summary under the cap, and strict mode still throws on the first", async () => {
    expect((await parseVOTable(doc(FIELDS, badRows(3)))).warnings).toHaveLength(3);
    await expect(parseVOTable(doc(FIELDS, badRows(3)), { strict: true, maxWarnings: 0 })).rejects.toThrow(/not an integer: "x0"/);
  });
});

describe("data split over several elements", () => {
  const F = `<FIELD name="i" datatype="int"/>`;
  const td = (...v: number[]): string => `<TABLEDATA>${v.map((x) => `<TR><TD>${x}</TD></TR>`).join("")}</TABLEDATA>`;
  /** A STREAM of int rows; BINARY2 rows start with their null-flag byte. */
  const stream = (binary2: boolean, ...v: number[]): string => {
    const w = binary2 ? 5 : 4;
    const b = Buffer.alloc(w * v.length);
    v.forEach((x, k) => b.writeInt32BE(x, w * k + w - 4));
    return `<STREAM encoding="base64">${b.toString("base64")}</STREAM>`;
  };
  const cases: [string, string, string][] = [
    ["two DATA in one TABLE", `${td(1)}</DATA><DATA>${td(2, 3)}`, "second DATA in one TABLE"],
    ["two TABLEDATA in one DATA", `${td(1)}${td(2, 3)}`, "second TABLEDATA in one DATA"],
    ["two STREAMs in one BINARY", `<BINARY>${stream(false, 1)}${stream(false, 2, 3)}</BINARY>`, "second STREAM in one BINARY"],
    ["two BINARY2 in one DATA", `<BINARY2>${stream(true, 1)}</BINARY2><BINARY2>${stream(true, 2, 3)}</BINARY2>`, "second BINARY2 in one DATA"],
  ];
  for (const [name, data, message] of cases) {
    it(`warns on ${name} (rows joined), rejects it in strict mode`, async () => {
      const d = await parseVOTable(doc(F, data));
      expect(d.warnings.map((w) => w.message)).toEqual([`${message} (the schema allows one): its rows are appended to those before`]);
      expect([...d.tables[0]!.rows()]).toEqual([[1], [2], [3]]);
      const err = await parseVOTable(doc(F, data), { strict: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DALFormatError);
      expect((err as DALFormatError).message).toContain(message);
    });
  }

  it("does not warn on one DATA per TABLE, in every TABLE", async () => {
    const two = doc(F, td(1), "").replace("</TABLE>", `</TABLE><TABLE>${F}<DATA>${td(2)}</DATA></TABLE>`);
    const d = await parseVOTable(two);
    expect(d.warnings).toEqual([]);
    expect(d.tables.map((t) => t.length)).toEqual([1, 1]);
  });
});

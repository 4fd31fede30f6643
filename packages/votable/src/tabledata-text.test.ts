/**
 * Text of TABLEDATA cells as XML 1.0 defines it: end-of-line handling
 * (CR LF and a lone CR read as LF) on every path of the scanner.
 */
import { describe, expect, it } from "vitest";
import { parseVOTable } from "./parse-votable.js";
import { openVOTable } from "./open-votable.js";

const NS = 'xmlns="http://www.ivoa.net/xml/VOTable/v1.3"';
const doc = (fields: string, data: string): string =>
  `<?xml version="1.0"?>\r\n<VOTABLE version="1.4" ${NS}>\r\n<RESOURCE type="results">\r\n<TABLE>\r\n${fields}\r\n<DATA>${data}</DATA>\r\n</TABLE>\r\n</RESOURCE>\r\n</VOTABLE>\r\n`;

const FIELDS = `<FIELD name="s" datatype="char" arraysize="*"/><FIELD name="i" datatype="int"/><FIELD name="sa" datatype="char" arraysize="4x2"/>`;

describe("TABLEDATA end-of-line handling", () => {
  const rows = [
    // fast path
    `<TR><TD>x\r\ny</TD><TD>1\r\n</TD><TD>a\r\nb\rc</TD></TR>`,
    // lone CR
    `<TR><TD>x\ry\r</TD><TD>2</TD><TD>abc def</TD></TR>`,
    // slow path: entities and CDATA around the line ends; &#13; stays a CR
    `<TR><TD>x\r\n&amp;\r<![CDATA[\r\ny]]>&#13;</TD><TD>3</TD><TD>ab&amp;\r\ncd</TD></TR>`,
    // a cell after a start tag with attributes (the general loop)
    `<TR ><TD >p\r\nq</TD><TD >4</TD><TD >\r\n</TD></TR>`,
    // no CR at all
    `<TR><TD>plain</TD><TD>5</TD><TD>abcdefgh</TD></TR>`,
  ];
  const expected = [
    ["x\ny", 1, ["a\nb\n", "c"]],
    ["x\ny\n", 2, ["abc", "def"]],
    ["x\n&\n\ny\r", 3, ["ab&\n", "cd"]],
    ["p\nq", 4, ["\n"]],
    ["plain", 5, ["abcd", "efgh"]],
  ];
  const text = doc(FIELDS, `<TABLEDATA>\r\n${rows.join("\r\n")}\r\n</TABLEDATA>`);

  it("reads CR LF and a lone CR in a cell as LF (whole document)", async () => {
    const d = await parseVOTable(text);
    expect(d.warnings).toEqual([]);
    expect([...d.tables[0]!.rows()]).toEqual(expected);
  });

  it("does the same when the document comes one byte at a time", async () => {
    const bytes = new TextEncoder().encode(text);
    async function* bytewise(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
    }
    const d = await parseVOTable(bytewise());
    expect([...d.tables[0]!.rows()]).toEqual(expected);
    const r = await openVOTable(bytewise());
    const got: unknown[] = [];
    for await (const row of r.rows()) got.push(row);
    await r.finish();
    expect(got).toEqual(expected);
  });

  it("leaves the metadata to saxes, which normalises text and attributes too", async () => {
    const d = await parseVOTable(doc(`<FIELD name="s" datatype="char" arraysize="*"><DESCRIPTION>a\r\nb\rc</DESCRIPTION></FIELD><PARAM name="p" datatype="char" arraysize="*" value="u\r\nv"/>`, ""));
    const t = d.tables[0]!.meta;
    expect(t.fields[0]!.description).toBe("a\nb\nc");
    // Attribute-value normalisation then turns the line end into a space.
    expect(t.params[0]!.value).toBe("u v");
  });
});

describe("invalid UTF-8 in TABLEDATA", () => {
  const enc = new TextEncoder();
  const bytesOf = (...parts: (string | number[])[]): Uint8Array => {
    const out: number[] = [];
    for (const p of parts) out.push(...(typeof p === "string" ? enc.encode(p) : p));
    return new Uint8Array(out);
  };
  const F = `<FIELD name="s" datatype="char" arraysize="*"/><FIELD name="i" datatype="int"/>`;
  const [head, tail] = doc(F, "<TABLEDATA>\n@@\n</TABLEDATA>").split("@@") as [string, string];
  const MESSAGE = "invalid UTF-8 in TABLEDATA: such bytes read as U+FFFD (reported once per document)";

  async function* chunked(b: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
  }

  it("warns once, naming the first bad line, however many cells and however it is cut", async () => {
    const rows: (string | number[])[] = [];
    for (let r = 0; r < 50; r++) rows.push(`<TR><TD>é${r}</TD><TD>${r}</TD></TR>\n`);
    // Row 51: a lone continuation byte (fast path); row 52: a truncated sequence before an entity (slow path).
    rows.push("<TR><TD>a", [0x80], "b</TD><TD>50</TD></TR>\n", "<TR><TD>c", [0xe2, 0x82], "&amp;</TD><TD>51</TD></TR>\n");
    const bytes = bytesOf(head, ...rows, tail);
    for (const size of [bytes.length, 1, 2, 3, 7, 64]) {
      const d = await parseVOTable(chunked(bytes, size));
      expect(d.warnings.map((w) => [w.message, w.line])).toEqual([[MESSAGE, 57]]);
      const t = d.tables[0]!;
      expect(t.length).toBe(52);
      expect(t.row(3)).toEqual(["é3", 3]);
      expect(t.row(50)).toEqual(["a\uFFFDb", 50]);
      expect(t.row(51)![0]).toBe("c\uFFFD&");
    }
    await expect(parseVOTable(bytes, { strict: true })).rejects.toThrow(MESSAGE);
  });

  it("does not warn on well-formed multi-byte text cut anywhere", async () => {
    const rows: string[] = [];
    for (let r = 0; r < 40; r++) rows.push(`<TR><TD>€ 𝄞 ü ${r}&lt;ö</TD><TD>${r}</TD></TR>\n`);
    const bytes = bytesOf(head, ...rows, tail);
    for (const size of [1, 2, 3, 5, 4096]) {
      const d = await parseVOTable(chunked(bytes, size));
      expect(d.warnings).toEqual([]);
      expect(d.tables[0]!.row(39)).toEqual(["€ 𝄞 ü 39<ö", 39]);
    }
  });
});

/**
 * Issue #12, VOTable items: a very large cell costs time linear in its size
 * however the bytes are chunked, its size is bounded (maxCellBytes, a
 * DALFormatError with reason VO_LIMIT_CELL_BYTES), and a stream cut short
 * in the middle of a row or table is a DALFormatError, never a partial result.
 */
import { describe, expect, it } from "vitest";
import { parseVOTable } from "./parse-votable.js";
import { openVOTable } from "./open-votable.js";
import { DALFormatError } from "./errors.js";
import type { Row } from "./model.js";

const MiB = 1 << 20;
const enc = new TextEncoder();
const HEAD = `<?xml version="1.0"?>\n<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>`;

/** A document whose second row's cell is `cell` (raw TABLEDATA text), as chunks of `size` bytes. */
function* chunked(field: string, cell: Uint8Array, size: number): Generator<Uint8Array> {
  const head = enc.encode(`${HEAD}${field}<FIELD name="n" datatype="int"/><DATA><TABLEDATA>\n<TR><TD>a</TD><TD>1</TD></TR>\n<TR><TD>`);
  const tail = enc.encode(`</TD><TD>2</TD></TR>\n<TR><TD>z</TD><TD>3</TD></TR>\n</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>\n`);
  const all = new Uint8Array(head.length + cell.length + tail.length);
  all.set(head);
  all.set(cell, head.length);
  all.set(tail, head.length + cell.length);
  for (let i = 0; i < all.length; i += size) yield all.subarray(i, Math.min(all.length, i + size));
}

/** `n` bytes of `unit` repeated. */
function repeated(unit: string, n: number): Uint8Array {
  const u = enc.encode(unit);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += u.length) out.set(u.subarray(0, Math.min(u.length, n - i)), i);
  return out;
}

const STRING = `<FIELD name="s" datatype="char" arraysize="*"/>`;

describe("a very large TABLEDATA cell is read in linear time, however chunked", () => {
  // Quadratic reading (the whole cell scanned again per chunk) took minutes for these.
  for (const [size, label] of [[16 * 1024, "16 KiB"], [1000, "1000 B"], [65537, "64 KiB + 1"], [MiB, "1 MiB"]] as const) {
    it(`a 24 MiB plain string cell in chunks of ${label}`, async () => {
      const cell = repeated("abcdefghij", 24 * MiB);
      const t0 = performance.now();
      const d = await parseVOTable(chunked(STRING, cell, size));
      const ms = performance.now() - t0;
      const s = d.tables[0]!.column("s")!;
      expect(d.tables[0]!.length).toBe(3);
      expect((s.get(1) as string).length).toBe(24 * MiB);
      expect((s.get(1) as string).slice(0, 12)).toBe("abcdefghijab");
      expect([s.get(0), s.get(2)]).toEqual(["a", "z"]);
      expect(d.tables[0]!.column("n")!.get(1)).toBe(2);
      expect(ms).toBeLessThan(8000);
    }, 30_000);
  }

  it("a 16 MiB cell with entities, CDATA and a comment, in chunks of 4 KiB, streamed", async () => {
    const unit = "x&amp;y&#65;<![CDATA[<z>]]><!-- c -->\n";
    const cell = repeated(unit, unit.length * Math.floor((16 * MiB) / unit.length));
    const t0 = performance.now();
    const r = await openVOTable(chunked(STRING, cell, 4096));
    const rows: Row[] = [];
    for await (const row of r.rows()) rows.push(row);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(rows).toHaveLength(3);
    const v = rows[1]![0] as string;
    expect(v.startsWith("x&yA<z>\nx&yA<z>\n")).toBe(true);
    expect(rows[1]![1]).toBe(2);
  }, 30_000);

  it("a CDATA section of 8 MiB in one cell, in chunks of 3000 bytes (CR LF split across chunks read as LF)", async () => {
    const body = repeated("line\r\n", 8 * MiB);
    const cell = new Uint8Array([...enc.encode("<![CDATA["), ...body, ...enc.encode("]]>")]);
    const d = await parseVOTable(chunked(STRING, cell, 3000));
    const v = d.tables[0]!.column("s")!.get(1) as string;
    expect(v).toBe(new TextDecoder().decode(body).replace(/\r\n/g, "\n"));
    expect(v.includes("\r")).toBe(false);
    expect(v.startsWith("line\nline\n")).toBe(true);
  }, 30_000);

  it("a numeric array cell of 2.5 M doubles (about 12 MiB) in chunks of 8 KiB", async () => {
    const cell = repeated("1.25 -3e2 ", 12 * MiB);
    const d = await parseVOTable(chunked(`<FIELD name="s" datatype="double" arraysize="*"/>`, cell, 8192));
    const v = d.tables[0]!.column("s")!.get(1) as Float64Array;
    // 1258291 whole "1.25 -3e2 " units and a last "1." (read as 1).
    expect(v.length).toBe(2 * 1258291 + 1);
    expect(v[v.length - 1]).toBe(1);
    expect(Array.from(v.subarray(0, 4))).toEqual([1.25, -300, 1.25, -300]);
  }, 30_000);

  it("a huge comment between rows, in chunks of 5000 bytes", async () => {
    const head = enc.encode(`${HEAD}${STRING}<DATA><TABLEDATA><TR><TD>a</TD></TR><!--`);
    const tail = enc.encode(`--><TR><TD>b</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`);
    const mid = repeated("comment\n", 16 * MiB);
    const all = new Uint8Array([...head, ...mid, ...tail]);
    const chunks = Array.from({ length: Math.ceil(all.length / 5000) }, (_, i) => all.subarray(i * 5000, i * 5000 + 5000));
    const d = await parseVOTable(chunks);
    expect(d.tables[0]!.rows().next().value).toEqual(["a"]);
    expect(d.tables[0]!.row(1)).toEqual(["b"]);
  }, 30_000);
});

describe("the size of one cell is bounded (maxCellBytes)", () => {
  /** An endless cell, counting the chunks pulled. */
  function endless(field: string, unit: string): { source: AsyncGenerator<Uint8Array>; pulled: () => number } {
    let n = 0;
    const piece = repeated(unit, 64 * 1024);
    async function* gen(): AsyncGenerator<Uint8Array> {
      yield enc.encode(`${HEAD}${field}<DATA><TABLEDATA><TR><TD>`);
      for (;;) {
        n++;
        yield piece;
      }
    }
    return { source: gen(), pulled: () => n };
  }

  for (const [what, unit] of [["plain text", "abcdefgh"], ["text with entities", "a&lt;b&gt;"], ["a CDATA section", "<![CDATA[xyz"]] as const) {
    it(`an endless cell of ${what} ends with DALFormatError VO_LIMIT_CELL_BYTES once past the limit`, async () => {
      const e = endless(STRING, unit);
      const err = await parseVOTable(e.source, { maxCellBytes: 4 * MiB }).then(() => undefined, (x: unknown) => x);
      expect(err).toBeInstanceOf(DALFormatError);
      expect((err as DALFormatError).reason).toBe("VO_LIMIT_CELL_BYTES");
      expect((err as DALFormatError).message).toMatch(/maxCellBytes/);
      expect((err as DALFormatError).location.element).toMatch(/TR\[1\]\/TD\[1\]$/);
      // Stopped soon after the limit: 4 MiB is 64 chunks of 64 KiB.
      expect(e.pulled()).toBeLessThan(80);
    });
  }

  it("the default limit is 256 MiB: a cell just under is read, the reader stops past it", async () => {
    const e = endless(STRING, "abcdefgh");
    const t0 = performance.now();
    const err = await parseVOTable(e.source).then(() => undefined, (x: unknown) => x);
    expect((err as DALFormatError).reason).toBe("VO_LIMIT_CELL_BYTES");
    expect(e.pulled()).toBeGreaterThanOrEqual(4096);
    expect(e.pulled()).toBeLessThan(4100);
    expect(performance.now() - t0).toBeLessThan(20_000);
  }, 60_000);

  it("a BINARY variable-length cell whose count exceeds the limit fails at once, without waiting for its bytes", async () => {
    for (const tag of ["BINARY", "BINARY2"]) {
      const row = [...(tag === "BINARY2" ? [0] : []), 0x10, 0, 0, 0]; // count 2^28 of int: 1 GiB
      const text = `${HEAD}<FIELD name="v" datatype="int" arraysize="*"/><DATA><${tag}><STREAM encoding="base64">${Buffer.from(row).toString("base64")}</STREAM></${tag}></DATA></TABLE></RESOURCE></VOTABLE>`;
      const err = await parseVOTable(text).then(() => undefined, (x: unknown) => x);
      expect((err as DALFormatError).reason, tag).toBe("VO_LIMIT_CELL_BYTES");
      expect((err as DALFormatError).message).toMatch(/row 1/);
    }
  });

  it("refuses a maxCellBytes below 1", async () => {
    await expect(parseVOTable("<VOTABLE/>", { maxCellBytes: 0 })).rejects.toThrow(RangeError);
  });
});

describe("a stream cut short is a DALFormatError, never a partial result", () => {
  const FIELDS = `<FIELD name="a" datatype="int"/><FIELD name="s" datatype="char" arraysize="*"/>`;
  /** BINARY rows: int a, then a variable string. */
  const binRow = (a: number, s: string, binary2: boolean): number[] => [
    ...(binary2 ? [0] : []), (a >>> 24) & 255, (a >>> 16) & 255, (a >>> 8) & 255, a & 255, 0, 0, 0, s.length, ...Array.from(s, (c) => c.charCodeAt(0)),
  ];
  const rows = (binary2: boolean): number[] => [...binRow(1, "one", binary2), ...binRow(2, "two", binary2), ...binRow(3, "three", binary2)];

  for (const tag of ["BINARY", "BINARY2"] as const) {
    const binary2 = tag === "BINARY2";
    const all = rows(binary2);
    // Cut in a fixed cell, in a count, in a variable cell's bytes, right after a flag byte.
    for (const cut of [3, 6, 9, all.length - 2, binRow(1, "one", binary2).length + 1]) {
      it(`${tag} rows cut after ${cut} of ${all.length} bytes (the document well formed): an error in lax and strict mode`, async () => {
        const b64 = Buffer.from(all.slice(0, cut)).toString("base64");
        const text = `${HEAD}${FIELDS}<DATA><${tag}><STREAM encoding="base64">${b64}</STREAM></${tag}></DATA></TABLE></RESOURCE></VOTABLE>`;
        for (const strict of [false, true]) {
          const err = await parseVOTable(text, { strict }).then(() => undefined, (x: unknown) => x);
          expect(err).toBeInstanceOf(DALFormatError);
          expect((err as DALFormatError).message).toMatch(/STREAM ends in the middle of a row/);
        }
        // Streamed: the rows before the cut come out, then the iteration throws (never a clean end).
        const got: Row[] = [];
        const end = await (async () => {
          const r = await openVOTable(enc.encode(text));
          for await (const row of r.rows()) got.push(row);
        })().then(() => "ended", (x: unknown) => x);
        expect(end).toBeInstanceOf(DALFormatError);
        expect(got.length).toBeLessThan(3);
      });
    }
    for (const size of [1, 7, 64, 4096]) {
      it(`${tag}: the bytes end inside the STREAM (chunks of ${size}) → DALFormatError`, async () => {
        const b64 = Buffer.from(all).toString("base64");
        const text = enc.encode(`${HEAD}${FIELDS}<DATA><${tag}><STREAM encoding="base64">${b64}</STREAM></${tag}></DATA></TABLE></RESOURCE></VOTABLE>`);
        const cutAt = text.indexOf(0x3c, text.length - 60) - 5; // inside the base64 text
        const cut = text.subarray(0, cutAt);
        const chunks = Array.from({ length: Math.ceil(cut.length / size) }, (_, i) => cut.subarray(i * size, i * size + size));
        await expect(parseVOTable(chunks)).rejects.toBeInstanceOf(DALFormatError);
      });
    }
  }

  for (const [what, text] of [
    ["inside a TABLEDATA cell", `<TR><TD>1</TD><TD>ab`],
    ["between rows", `<TR><TD>1</TD><TD>a</TD></TR>`],
    ["inside a row", `<TR><TD>1</TD>`],
    ["after </TABLEDATA>", `<TR><TD>1</TD><TD>a</TD></TR></TABLEDATA></DATA>`],
    ["after </TABLE>, before </VOTABLE>", `<TR><TD>1</TD><TD>a</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE>`],
  ] as const) {
    it(`TABLEDATA cut ${what} → DALFormatError (lax and strict)`, async () => {
      const doc = `${HEAD}${FIELDS}<DATA><TABLEDATA>${text}`;
      for (const strict of [false, true]) await expect(parseVOTable(doc, { strict })).rejects.toBeInstanceOf(DALFormatError);
    });
  }
});

/**
 * Bit arrays in BINARY/BINARY2 (VOTable 1.4/1.5 §6 "Bit Array": bits packed
 * most significant first in the fewest bytes that hold them, padding bits 0;
 * a variable array is preceded by its count) and null cells of every array
 * kind, through this package's writer and reader, and bytes written by hand
 * from the standard's description and in astropy's own layout.
 */
import { describe, expect, it } from "vitest";
import { DALFormatError } from "./errors.js";
import type { CellValue, Datatype, Field, Row } from "./model.js";
import { openVOTable } from "./open-votable.js";
import { parseVOTable } from "./parse-votable.js";
import { writeVOTableToBytes } from "./writer.js";

const SERIALIZATIONS = ["TABLEDATA", "BINARY", "BINARY2"] as const;
const SIZES = [0, 1, 7, 8, 9, 16, 17, 100];

/** `n` bits of a fixed pseudo-random pattern (seeded by `seed`), never all equal beyond 2 bits. */
function bits(n: number, seed: number): boolean[] {
  return Array.from({ length: n }, (_, k) => ((k * 7 + seed * 3 + (k >> 2)) % 5) < 2);
}

/** The packed bytes of a bit array as the standard describes them. */
function packed(b: boolean[]): number[] {
  const out = new Array<number>(Math.ceil(b.length / 8)).fill(0);
  b.forEach((x, k) => {
    if (x) out[k >> 3]! |= 0x80 >> (k & 7);
  });
  return out;
}

const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

/** The base64 STREAM of the only table of a written document, decoded. */
function streamBytes(xml: string): number[] {
  const m = /<STREAM encoding="base64">([\s\S]*?)<\/STREAM>/.exec(xml);
  if (!m) throw new Error("no STREAM");
  return [...Buffer.from(m[1]!.replace(/\s+/g, ""), "base64")];
}

function binaryDoc(fields: string, bytes: number[], binary2: boolean, head = ""): string {
  const tag = binary2 ? "BINARY2" : "BINARY";
  return `<?xml version="1.0"?>\n${head}<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>${fields}` +
    `<DATA><${tag}><STREAM encoding="base64">\n${Buffer.from(bytes).toString("base64")}\n</STREAM></${tag}></DATA></TABLE></RESOURCE></VOTABLE>\n`;
}

const ASTROPY_HEAD = "<!-- Produced with astropy.io.votable version 5.2.1\n     http://www.astropy.org/ -->\n";

describe("bit arrays through the writer and the reader", () => {
  // Fixed sizes of every byte boundary, a scalar, variable unbounded, bounded and 2-D.
  const fixed = [1, 7, 8, 9, 16, 17, 100];
  const fields: Field[] = [
    { name: "bit", datatype: "bit" },
    ...fixed.map((n): Field => ({ name: `f${n}`, datatype: "bit", arraysize: String(n) })),
    { name: "v", datatype: "bit", arraysize: "*" },
    { name: "vb", datatype: "bit", arraysize: "100*" },
    { name: "v3", datatype: "bit", arraysize: "3x*" },
    { name: "after", datatype: "int" },
  ];
  // One row per variable size (the 2-D column gets 3 × size bits), then a row of nulls.
  const rows: Row[] = SIZES.map((n, r) => [
    r % 2 === 0,
    ...fixed.map((m) => bits(m, r)),
    bits(n, r + 1),
    bits(n, r + 2),
    bits(3 * n, r + 3),
    r * 1000 + 7,
  ]);

  for (const serialization of SERIALIZATIONS) {
    it(`reads back every size, 0 to 100 bits (${serialization})`, async () => {
      const bytes = await writeVOTableToBytes({ fields, rows }, { serialization });
      const d = await parseVOTable(bytes, { strict: true });
      const t = d.tables[0]!;
      expect(t.length).toBe(rows.length);
      rows.forEach((want, r) => {
        const got = t.row(r);
        // arraysize="1" is a scalar to the reader (VOTable: "1" is the default, one element).
        fields.forEach((f, j) => expect(got[j], `row ${r} ${f.name}`).toEqual(f.name === "f1" ? (want[j] as boolean[])[0] : want[j]));
      });
      // The streaming reader in small chunks agrees.
      const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
      const reader = await openVOTable(chunks, { strict: true });
      const streamed: Row[] = [];
      for await (const row of reader.rows()) streamed.push(row);
      expect(streamed).toEqual(rows.map((_, r) => t.row(r)));
    });
  }

  it("writes packed bits as the standard says: count, then ceil(count / 8) bytes, most significant bit first, padding 0", async () => {
    const f: Field[] = [{ name: "v", datatype: "bit", arraysize: "*" }, { name: "f9", datatype: "bit", arraysize: "9" }, { name: "s", datatype: "bit" }];
    for (const n of SIZES) {
      const v = bits(n, n);
      const nine = bits(9, n);
      const xml = new TextDecoder().decode(await writeVOTableToBytes({ fields: f, rows: [[v, nine, true]] }, { serialization: "BINARY" }));
      expect(streamBytes(xml), `${n} bits`).toEqual([...u32(n), ...packed(v), ...packed(nine), 0x80]);
      const xml2 = new TextDecoder().decode(await writeVOTableToBytes({ fields: f, rows: [[v, nine, false]] }, { serialization: "BINARY2" }));
      expect(streamBytes(xml2), `${n} bits, BINARY2`).toEqual([0, ...u32(n), ...packed(v), ...packed(nine), 0]);
    }
  });
});

describe("bit arrays written by hand from the standard", () => {
  const fields = `<FIELD name="v" datatype="bit" arraysize="*"/><FIELD name="f9" datatype="bit" arraysize="9"/><FIELD name="s" datatype="bit"/><FIELD name="i" datatype="int"/>`;
  for (const binary2 of [false, true]) {
    it(`reads packed variable and fixed bit arrays of every size, then the next column (${binary2 ? "BINARY2" : "BINARY"})`, async () => {
      const bytes: number[] = [];
      SIZES.forEach((n, r) => {
        if (binary2) bytes.push(0);
        bytes.push(...u32(n), ...packed(bits(n, r)), ...packed(bits(9, r)), r % 2 === 0 ? 0x80 : 0, ...u32(r + 100));
      });
      const d = await parseVOTable(binaryDoc(fields, bytes, binary2), { strict: true });
      const t = d.tables[0]!;
      expect(t.length).toBe(SIZES.length);
      SIZES.forEach((n, r) => expect(t.row(r), `${n} bits`).toEqual([bits(n, r), bits(9, r), r % 2 === 0, r + 100]));
    });
  }

  it("reads a STIL-style scalar bit byte 0x80 and astropy's 0x08 both as 1", async () => {
    const d = await parseVOTable(binaryDoc(`<FIELD name="s" datatype="bit"/>`, [0x80, 0x08, 0x00], false));
    expect([0, 1, 2].map((r) => d.tables[0]!.row(r)[0])).toEqual([true, true, false]);
  });

  it("a null variable bit array in BINARY2 reads as null; its flag is the only mark", async () => {
    const bytes = [0x80, ...u32(0), 0x00, ...u32(3), 0b1010_0000];
    const d = await parseVOTable(binaryDoc(`<FIELD name="v" datatype="bit" arraysize="*"/>`, bytes, true));
    expect([d.tables[0]!.row(0)[0], d.tables[0]!.row(1)[0]]).toEqual([null, [true, false, true]]);
  });
});

describe("bit arrays in astropy's layout", () => {
  // astropy.io.votable (5.2, and to this day) writes a `*` bit array as its count and one
  // byte per bit (0x08 for 1), and a `2x*` array as whole bytes per element.
  const fields = `<FIELD name="v" datatype="bit" arraysize="*"/><FIELD name="v2" datatype="bit" arraysize="2x*"/><FIELD name="i" datatype="int"/>`;
  const v = [true, true, false, true, false, false, false, false, true];
  const bytes = [...u32(9), ...v.map((b) => (b ? 0x08 : 0)), ...u32(2), 0b1000_0000, 0b0100_0000, ...u32(7)];

  it("is read, with a warning per column, when the document says astropy wrote it", async () => {
    const d = await parseVOTable(binaryDoc(fields, bytes, false, ASTROPY_HEAD));
    expect(d.tables[0]!.row(0)).toEqual([v, [true, false, false, true], 7]);
    expect(d.warnings.map((w) => [w.code, w.message.match(/"(v2?)"/)?.[1]])).toEqual([["VO_WARN_VOTABLE_BIT_LAYOUT", "v"], ["VO_WARN_VOTABLE_BIT_LAYOUT", "v2"]]);
    const err = await parseVOTable(binaryDoc(fields, bytes, false, ASTROPY_HEAD), { strict: true }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(DALFormatError);
    expect((err as DALFormatError).reason).toBe("VO_WARN_VOTABLE_BIT_LAYOUT");
  });

  it("is not assumed otherwise: the same bytes without astropy's comment are read as packed bits", async () => {
    const d = await parseVOTable(binaryDoc(fields, bytes, false)).then(() => undefined, (e: unknown) => e);
    // 9 packed bits take 2 bytes: the rest no longer makes whole rows.
    expect(d).toBeInstanceOf(DALFormatError);
    expect((d as DALFormatError).message).toMatch(/middle of a row|ends/);
  });

  it("leaves TABLEDATA and fixed bit arrays alone (astropy packs those as the standard does)", async () => {
    const d = await parseVOTable(binaryDoc(`<FIELD name="f" datatype="bit" arraysize="9"/>`, [0b1101_0000, 0b1000_0000], false, ASTROPY_HEAD));
    expect(d.warnings).toEqual([]);
    expect(d.tables[0]!.row(0)[0]).toEqual(v);
  });
});

/** Every array kind of every datatype, fixed and variable, for the null-cell table. */
const DATATYPES: Datatype[] = ["boolean", "bit", "unsignedByte", "short", "int", "long", "float", "double", "floatComplex", "doubleComplex", "char", "unicodeChar"];
const INTEGERS = new Set<Datatype>(["unsignedByte", "short", "int", "long"]);
const COMPLEX = new Set<Datatype>(["floatComplex", "doubleComplex"]);

/** A value of 3 elements (or 3 characters) of a datatype. */
function three(dt: Datatype): CellValue {
  switch (dt) {
    case "boolean": return [true, false, true];
    case "bit": return [true, false, true];
    case "unsignedByte": return new Uint8Array([1, 2, 3]);
    case "short": return new Int16Array([1, 2, 3]);
    case "int": return new Int32Array([1, 2, 3]);
    case "long": return new BigInt64Array([1n, 2n, 3n]);
    case "float": return new Float32Array([1, 2, 3]);
    case "double": return new Float64Array([1, 2, 3]);
    case "floatComplex": case "doubleComplex": return [[1, 2], [3, 4], [5, 6]];
    default: return "abc";
  }
}

/**
 * What a null cell reads back as (the rule the README states): null wherever
 * the serialisation marks a null (BINARY2 flags, TABLEDATA's empty TD for a
 * fixed array); the type's empty value where "null" and "empty" are one
 * (variable arrays and strings in TABLEDATA and BINARY); BINARY's filler
 * for a fixed array (NaN, the VALUES null, '?'); complex NaNs in TABLEDATA.
 */
function expectedNull(dt: Datatype, kind: "fixed" | "variable", serialization: (typeof SERIALIZATIONS)[number]): unknown {
  if (serialization === "BINARY2") return null;
  const isString = dt === "char" || dt === "unicodeChar";
  if (isString) return "";
  if (kind === "variable") return "empty";
  if (COMPLEX.has(dt)) return [[NaN, NaN], [NaN, NaN], [NaN, NaN]];
  if (serialization === "TABLEDATA") return null;
  if (dt === "boolean") return [null, null, null];
  if (INTEGERS.has(dt)) return [99, 99, 99];
  return [NaN, NaN, NaN];
}

describe("null cells of every array kind", () => {
  for (const serialization of SERIALIZATIONS) {
    for (const kind of ["fixed", "variable"] as const) {
      it(`${kind} arrays of every datatype (${serialization})`, async () => {
        const writable = DATATYPES.filter((dt) => !(serialization === "BINARY" && kind === "fixed" && dt === "bit"));
        const fields: Field[] = writable.map((dt) => ({
          name: dt,
          datatype: dt,
          arraysize: kind === "fixed" ? "3" : "*",
          ...(INTEGERS.has(dt) ? { values: { null: "99" } } : {}),
        }));
        const rows: Row[] = [writable.map(three), writable.map(() => null)];
        const d = await parseVOTable(await writeVOTableToBytes({ fields, rows }, { serialization }), { strict: true });
        const t = d.tables[0]!;
        writable.forEach((dt, j) => {
          const got = t.row(1)[j];
          const want = expectedNull(dt, kind, serialization);
          const where = `${dt}[${kind}]`;
          if (want === "empty") expect(Array.from(got as ArrayLike<unknown>), where).toEqual([]);
          else if (want === null || typeof want === "string") expect(got, where).toEqual(want);
          else expect(Array.from(got as ArrayLike<unknown>).map((x) => (typeof x === "bigint" ? Number(x) : x)), where).toEqual(want);
          // The other row reads back as written (strings unpadded).
          const first = t.row(0)[j];
          expect(dt === "char" || dt === "unicodeChar" ? first : Array.from(first as ArrayLike<unknown>), `${where} value`).toEqual(
            typeof rows[0]![j] === "string" ? rows[0]![j] : Array.from(rows[0]![j] as ArrayLike<unknown>),
          );
        });
      });
    }
  }

  it("a null fixed bit array cannot be written in BINARY (no null flag, no null value): ParameterError", async () => {
    const fields: Field[] = [{ name: "b", datatype: "bit", arraysize: "3" }];
    await expect(writeVOTableToBytes({ fields, rows: [[null]] }, { serialization: "BINARY" })).rejects.toThrow(/BINARY cannot write a null bit/);
  });
});

describe("variable multi-dimensional arrays: the count is of items (VOTable §5.4, as STIL and DaCHS)", () => {
  const i16 = (...ns: number[]): number[] => ns.flatMap((n) => [(n >> 8) & 255, n & 255]);

  it("the writer counts items: 6 shorts of 2x*, 7 bits of 7x*, 8 characters of 4x*, 3 complexes of 1x*", async () => {
    const fields: Field[] = [
      { name: "s", datatype: "short", arraysize: "2x*" },
      { name: "b", datatype: "bit", arraysize: "7x*" },
      { name: "c", datatype: "char", arraysize: "4x*" },
      { name: "z", datatype: "floatComplex", arraysize: "1x*" },
      { name: "l", datatype: "boolean", arraysize: "2x*" },
    ];
    const b7 = bits(7, 1);
    const row: Row = [new Int16Array([1, 2, 3, 4, 5, 6]), b7, ["ab", "cdef"], [[1, 2], [3, 4], [5, 6]], [true, false]];
    const xml = new TextDecoder().decode(await writeVOTableToBytes({ fields, rows: [row] }, { serialization: "BINARY" }));
    const f32 = (x: number): number[] => [...new Uint8Array(new Float32Array([x]).buffer)].reverse();
    expect(streamBytes(xml)).toEqual([
      ...u32(6), ...i16(1, 2, 3, 4, 5, 6),
      ...u32(7), ...packed(b7),
      ...u32(8), ...Array.from("ab\0\0cdef", (ch) => ch.charCodeAt(0)),
      ...u32(3), ...[1, 2, 3, 4, 5, 6].flatMap(f32),
      ...u32(2), 0x54, 0x46,
    ]);
    const back = await parseVOTable(xml, { strict: true });
    expect(back.tables[0]!.row(0)).toEqual(row);
  });

  it("reads a count of items, and a count that is not whole rows as null with a warning, the next cell in place", async () => {
    const fields = `<FIELD name="s" datatype="short" arraysize="2x*"/><FIELD name="b" datatype="bit" arraysize="3x*"/><FIELD name="i" datatype="int"/>`;
    const bytes = [
      ...u32(4), ...i16(1, 2, 3, 4), ...u32(6), 0b1011_0100, ...u32(7),
      ...u32(3), ...i16(1, 2, 3), ...u32(4), 0b1111_0000, ...u32(8),
    ];
    const d = await parseVOTable(binaryDoc(fields, bytes, false));
    const t = d.tables[0]!;
    expect(t.row(0)).toEqual([new Int16Array([1, 2, 3, 4]), [true, false, true, true, false, true], 7]);
    expect(t.row(1)).toEqual([null, null, 8]);
    expect(d.warnings.map((w) => [w.code, w.field, w.row])).toEqual([["VO_WARN_VOTABLE_ELEMENTS", "s", 2], ["VO_WARN_VOTABLE_ELEMENTS", "b", 2]]);
  });

  it("reads astropy's count of rows in a document astropy wrote, with VO_WARN_VOTABLE_ARRAY_COUNT", async () => {
    const fields = `<FIELD name="s" datatype="short" arraysize="2x*"/><FIELD name="c" datatype="char" arraysize="2x*"/><FIELD name="i" datatype="int"/>`;
    const bytes = [...u32(2), ...i16(1, 2, 3, 4), ...u32(2), 0x61, 0x62, 0x63, 0, ...u32(9)];
    const d = await parseVOTable(binaryDoc(fields, bytes, false, ASTROPY_HEAD));
    expect(d.tables[0]!.row(0)).toEqual([new Int16Array([1, 2, 3, 4]), ["ab", "c"], 9]);
    expect(d.warnings.map((w) => [w.code, w.message.match(/"(\w+)"/)?.[1]])).toEqual([["VO_WARN_VOTABLE_ARRAY_COUNT", "s"], ["VO_WARN_VOTABLE_ARRAY_COUNT", "c"]]);
  });
});

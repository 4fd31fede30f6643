/**
 * A cell is read right or reported, never silently changed (issue #18): for
 * every kind of text that is not a value of its FIELD's datatype, lax mode
 * gives a warning with a stable code naming column, row and text, and a
 * value that is null or the nearest valid one; strict mode a DALFormatError
 * whose `reason` is that code. The same rule for PARAM values and VALUES
 * null/MIN/MAX/OPTION, and for BINARY/BINARY2 bytes that can be inconsistent.
 */
import { describe, expect, it } from "vitest";
import { parseVOTable } from "./parse-votable.js";
import { openVOTable } from "./open-votable.js";
import { DALFormatError } from "./errors.js";
import { VOTABLE_WARNING_CODES, type CellValue, type Row, type VOTableWarning, type VOTableWarningCode } from "./model.js";

const HEAD = `<?xml version="1.0"?>\n<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">\n<RESOURCE type="results">\n`;
const doc = (table: string): string => `${HEAD}${table}\n</RESOURCE>\n</VOTABLE>\n`;
const field = (datatype: string, arraysize: string | undefined, name = "c"): string =>
  `<FIELD name="${name}" datatype="${datatype}"${arraysize === undefined ? "" : ` arraysize="${arraysize}"`}/>`;
const escape = (t: string): string => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

/** A one-column TABLEDATA table: a good row, then the cell under test in row 2. */
const tabledata = (datatype: string, arraysize: string | undefined, good: string, text: string): string =>
  doc(`<TABLE>${field(datatype, arraysize)}<DATA><TABLEDATA>\n<TR><TD>${escape(good)}</TD></TR>\n<TR><TD>${escape(text)}</TD></TR>\n</TABLEDATA></DATA></TABLE>`);

interface Case {
  what: string;
  datatype: string;
  arraysize?: string;
  /** A valid cell of the same column (read as row 1). */
  good: string;
  text: string;
  code: VOTableWarningCode;
  /** The value lax mode reads. */
  read: CellValue;
}

const CASES: Case[] = [
  // The rows of the issue's table.
  { what: "unsignedByte above 255", datatype: "unsignedByte", good: "7", text: "256", code: "VO_WARN_VOTABLE_RANGE", read: 255 },
  { what: "unsignedByte below 0", datatype: "unsignedByte", good: "7", text: "-23", code: "VO_WARN_VOTABLE_RANGE", read: 0 },
  { what: "short above its range", datatype: "short", good: "7", text: "40000", code: "VO_WARN_VOTABLE_RANGE", read: 32767 },
  { what: "short below its range", datatype: "short", good: "7", text: "-40000", code: "VO_WARN_VOTABLE_RANGE", read: -32768 },
  { what: "int above its range", datatype: "int", good: "7", text: "3000000000", code: "VO_WARN_VOTABLE_RANGE", read: 2147483647 },
  { what: "int below its range (hexadecimal)", datatype: "int", good: "0x10", text: "-3000000000", code: "VO_WARN_VOTABLE_RANGE", read: -2147483648 },
  { what: "long above its range", datatype: "long", good: "9223372036854775807", text: "9223372036854775808", code: "VO_WARN_VOTABLE_RANGE", read: 9223372036854775807n },
  { what: "long below its range", datatype: "long", good: "-9223372036854775808", text: "-9223372036854775809", code: "VO_WARN_VOTABLE_RANGE", read: -9223372036854775808n },
  { what: "a fraction in a short", datatype: "short", good: "12", text: "12.5", code: "VO_WARN_VOTABLE_FRACTION", read: null },
  // The list of the issue.
  { what: "a fraction in an int", datatype: "int", good: "1", text: "-0.25", code: "VO_WARN_VOTABLE_FRACTION", read: null },
  { what: "a fraction in a long", datatype: "long", good: "1", text: "3.5e0", code: "VO_WARN_VOTABLE_FRACTION", read: null },
  { what: "a fraction in an unsignedByte", datatype: "unsignedByte", good: "1", text: "2.75", code: "VO_WARN_VOTABLE_FRACTION", read: null },
  { what: "text in an int", datatype: "int", good: "1", text: "abc", code: "VO_WARN_VOTABLE_VALUE", read: null },
  { what: "text in a double", datatype: "double", good: "1.5", text: "abc", code: "VO_WARN_VOTABLE_VALUE", read: null },
  { what: "a float beyond the float range", datatype: "float", good: "1.5", text: "1e39", code: "VO_WARN_VOTABLE_RANGE", read: Infinity },
  { what: "an invalid boolean", datatype: "boolean", good: "T", text: "maybe", code: "VO_WARN_VOTABLE_VALUE", read: null },
  { what: "an invalid bit", datatype: "bit", good: "1", text: "2", code: "VO_WARN_VOTABLE_VALUE", read: null },
  { what: "an invalid bit in a bit array", datatype: "bit", arraysize: "4", good: "0101", text: "0121", code: "VO_WARN_VOTABLE_VALUE", read: null },
  { what: "an invalid boolean in a boolean array", datatype: "boolean", arraysize: "2", good: "T F", text: "T maybe", code: "VO_WARN_VOTABLE_VALUE", read: null },
  { what: "a string longer than a fixed char arraysize", datatype: "char", arraysize: "5", good: "abc", text: "abcdefgh", code: "VO_WARN_VOTABLE_STRING_LENGTH", read: "abcde" },
  { what: "a string longer than a bounded char arraysize", datatype: "char", arraysize: "4*", good: "abcd", text: "abcdefgh", code: "VO_WARN_VOTABLE_STRING_LENGTH", read: "abcd" },
  { what: "a number longer than a fixed char arraysize", datatype: "char", arraysize: "3", good: "12", text: "12345", code: "VO_WARN_VOTABLE_STRING_LENGTH", read: "123" },
  { what: "a string longer than a unicodeChar arraysize", datatype: "unicodeChar", arraysize: "2", good: "é", text: "éèê", code: "VO_WARN_VOTABLE_STRING_LENGTH", read: "éè" },
  { what: "strings longer than a char array", datatype: "char", arraysize: "3x2", good: "abcdef", text: "abcdefgh", code: "VO_WARN_VOTABLE_STRING_LENGTH", read: ["abc", "def"] },
  { what: "a unicodeChar outside UCS-2", datatype: "unicodeChar", arraysize: "*", good: "été", text: "a\u{1F600}b", code: "VO_WARN_VOTABLE_UCS2", read: "a\uFFFDb" },
  { what: "too few elements for a fixed int array", datatype: "int", arraysize: "3", good: "1 2 3", text: "1 2", code: "VO_WARN_VOTABLE_ELEMENTS", read: null },
  { what: "too many elements for a fixed double array", datatype: "double", arraysize: "2", good: "1 2", text: "1 2 3", code: "VO_WARN_VOTABLE_ELEMENTS", read: null },
  { what: "too many elements for a bounded short array", datatype: "short", arraysize: "2*", good: "1 2", text: "1 2 3", code: "VO_WARN_VOTABLE_ELEMENTS", read: null },
  { what: "elements not filling a 2x* array", datatype: "double", arraysize: "2x*", good: "1 2 3 4", text: "1 2 3", code: "VO_WARN_VOTABLE_ELEMENTS", read: null },
  { what: "too few elements for a boolean array", datatype: "boolean", arraysize: "3", good: "T F T", text: "T F", code: "VO_WARN_VOTABLE_ELEMENTS", read: null },
  { what: "an out-of-range item in an int array", datatype: "int", arraysize: "2", good: "1 2", text: "1 99999999999", code: "VO_WARN_VOTABLE_RANGE", read: Int32Array.from([1, 2147483647]) },
  { what: "an out-of-range item in a variable unsignedByte array", datatype: "unsignedByte", arraysize: "*", good: "1 2", text: "1 300 2", code: "VO_WARN_VOTABLE_RANGE", read: Uint8Array.from([1, 255, 2]) },
  { what: "a fraction in a long array", datatype: "long", arraysize: "2", good: "1 2", text: "1 2.5", code: "VO_WARN_VOTABLE_FRACTION", read: null },
  { what: "a complex with one part", datatype: "doubleComplex", good: "1 2", text: "1.5", code: "VO_WARN_VOTABLE_VALUE", read: null },
  { what: "a complex array with a lone part", datatype: "floatComplex", arraysize: "*", good: "1 2 3 4", text: "1 2 3", code: "VO_WARN_VOTABLE_ELEMENTS", read: null },
];

function expectValue(got: CellValue, want: CellValue): void {
  if (ArrayBuffer.isView(want)) expect(Array.from(got as ArrayLike<unknown>)).toEqual(Array.from(want as unknown as ArrayLike<unknown>));
  else expect(got).toEqual(want);
}

/** The one warning, checked for code, field, row and text. */
function expectWarning(warnings: VOTableWarning[], c: { code: VOTableWarningCode; text: string }, fieldName: string, row?: number): void {
  expect(warnings.map((w) => w.code)).toEqual([c.code]);
  const w = warnings[0] as VOTableWarning;
  expect(w.field).toBe(fieldName);
  expect(w.row).toBe(row);
  expect(w.text).toBe(c.text);
  expect(w.message).toContain(`"${fieldName}"`);
  expect(w.message).toContain(JSON.stringify(c.text).slice(1, -1).slice(0, 20));
}

describe("TABLEDATA cells that are not values of their datatype", () => {
  for (const c of CASES) {
    it(`${c.what}: "${c.text}" (${c.datatype}${c.arraysize ? `[${c.arraysize}]` : ""})`, async () => {
      const text = tabledata(c.datatype, c.arraysize, c.good, c.text);
      // Lax: whole document, streamed rows, and in chunks of 7 bytes.
      const d = await parseVOTable(text);
      expectValue(d.tables[0]!.column("c")!.get(1), c.read);
      expect(d.tables[0]!.column("c")!.get(0)).not.toBeNull();
      expectWarning(d.warnings, c, "c", 2);
      expect(d.warnings[0]!.element).toBe("VOTABLE/RESOURCE/TABLE/DATA/TABLEDATA/TR[2]/TD[1]");
      expect(d.warnings[0]!.line).toBe(6);
      const bytes = new TextEncoder().encode(text);
      const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
      const r = await openVOTable(chunks);
      const rows: Row[] = [];
      for await (const row of r.rows()) rows.push(row);
      expectValue(rows[1]![0]!, c.read);
      expectWarning(r.warnings, c, "c", 2);
      // Strict: a DALFormatError with the warning's code as reason, naming row and cell.
      const err = await parseVOTable(text, { strict: true }).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(DALFormatError);
      expect((err as DALFormatError).reason).toBe(c.code);
      expect((err as DALFormatError).message).toContain("TR[2]/TD[1]");
    });
  }

  it("names the right row past 1024 rows streamed (rows counted across batches)", async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `<TR><TD>${i === 2500 ? 300 : i % 200}</TD></TR>`).join("\n");
    const text = doc(`<TABLE>${field("unsignedByte", undefined)}<DATA><TABLEDATA>\n${rows}\n</TABLEDATA></DATA></TABLE>`);
    const r = await openVOTable(new TextEncoder().encode(text));
    let n = 0;
    for await (const _ of r.rows()) n++;
    expect(n).toBe(3000);
    expect(r.warnings.map((w) => [w.code, w.row])).toEqual([["VO_WARN_VOTABLE_RANGE", 2501]]);
  });
});

describe("PARAM values that are not values of their datatype", () => {
  for (const c of CASES) {
    it(`${c.what}: "${c.text}"`, async () => {
      const p = `<PARAM name="p" datatype="${c.datatype}"${c.arraysize === undefined ? "" : ` arraysize="${c.arraysize}"`} value="${escape(c.text)}"/>`;
      const text = doc(`<TABLE>${p}${field("int", undefined)}<DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE>`);
      const d = await parseVOTable(text);
      const prm = d.tables[0]!.meta.params[0]!;
      expectValue(prm.parsed, c.read);
      expect(prm.value).toBe(c.text);
      expectWarning(d.warnings, c, "p", undefined);
      expect(d.warnings[0]!.message).toContain('PARAM "p"');
      const err = await parseVOTable(text, { strict: true }).then(() => undefined, (e: unknown) => e);
      expect((err as DALFormatError).reason).toBe(c.code);
    });
  }
});

describe("VALUES null, MIN, MAX and OPTION values", () => {
  const values = [
    { what: "a null out of the unsignedByte range", datatype: "unsignedByte", values: `<VALUES null="300"/>`, text: "300", code: "VO_WARN_VOTABLE_RANGE" as const },
    { what: "a null that is no integer", datatype: "int", values: `<VALUES null="none"/>`, text: "none", code: "VO_WARN_VOTABLE_VALUE" as const },
    { what: "a MIN out of the short range", datatype: "short", values: `<VALUES><MIN value="-99999"/></VALUES>`, text: "-99999", code: "VO_WARN_VOTABLE_RANGE" as const },
    { what: "a MAX that is a fraction", datatype: "long", values: `<VALUES><MAX value="10.5"/></VALUES>`, text: "10.5", code: "VO_WARN_VOTABLE_FRACTION" as const },
    { what: "an OPTION that is no boolean", datatype: "boolean", values: `<VALUES><OPTION value="yes"/></VALUES>`, text: "yes", code: "VO_WARN_VOTABLE_VALUE" as const },
    { what: "a nested OPTION out of range", datatype: "unsignedByte", values: `<VALUES><OPTION value="1"><OPTION value="-1"/></OPTION></VALUES>`, text: "-1", code: "VO_WARN_VOTABLE_RANGE" as const },
  ];
  for (const v of values) {
    for (const holder of ["FIELD", "PARAM"] as const) {
      it(`${v.what} (${holder})`, async () => {
        const el = holder === "FIELD"
          ? `<FIELD name="c" datatype="${v.datatype}">${v.values}</FIELD>`
          : `<PARAM name="c" datatype="${v.datatype}" value="">${v.values}</PARAM><FIELD name="x" datatype="int"/>`;
        const text = doc(`<TABLE>${el}<DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE>`);
        const d = await parseVOTable(text);
        expectWarning(d.warnings, v, "c", undefined);
        expect(d.warnings[0]!.message).toContain(`${holder} "c"`);
        const err = await parseVOTable(text, { strict: true }).then(() => undefined, (e: unknown) => e);
        expect((err as DALFormatError).reason).toBe(v.code);
      });
    }
  }
  it("a VALUES null out of range never matches a clamped cell", async () => {
    const text = doc(`<TABLE><FIELD name="c" datatype="unsignedByte"><VALUES null="300"/></FIELD><DATA><TABLEDATA><TR><TD>300</TD></TR></TABLEDATA></DATA></TABLE>`);
    const d = await parseVOTable(text);
    expect(d.tables[0]!.column("c")!.get(0)).toBe(255);
    expect(d.warnings.map((w) => w.code)).toEqual(["VO_WARN_VOTABLE_RANGE", "VO_WARN_VOTABLE_RANGE"]);
  });
});

/** A one-table BINARY or BINARY2 document of the given FIELDs and row bytes. */
function binaryDoc(fields: string, bytes: number[], binary2: boolean): string {
  const b64 = Buffer.from(bytes).toString("base64");
  const tag = binary2 ? "BINARY2" : "BINARY";
  return doc(`<TABLE>${fields}<DATA><${tag}><STREAM encoding="base64">\n${b64}\n</STREAM></${tag}></DATA></TABLE>`);
}
const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const i32 = (...ns: number[]): number[] => ns.flatMap((n) => u32(n >>> 0));
const ascii = (t: string): number[] => Array.from(t, (ch) => ch.charCodeAt(0));

describe("BINARY and BINARY2 bytes that do not fit the FIELD", () => {
  const cases = [
    { what: "a boolean byte that is none", fields: field("boolean", undefined), row: ascii("X"), code: "VO_WARN_VOTABLE_VALUE" as const, text: "X", read: null as CellValue },
    { what: "a boolean array byte that is none", fields: field("boolean", "2"), row: ascii("TX"), code: "VO_WARN_VOTABLE_VALUE" as const, text: "X", read: [true, null] as CellValue },
    { what: "a bounded char longer than its arraysize", fields: field("char", "3*"), row: [...u32(5), ...ascii("abcde")], code: "VO_WARN_VOTABLE_STRING_LENGTH" as const, text: "abcde", read: "abc" as CellValue },
    { what: "a bounded int array longer than its arraysize", fields: field("int", "2*"), row: [...u32(3), ...i32(1, 2, 3)], code: "VO_WARN_VOTABLE_ELEMENTS" as const, text: "3 elements", read: null as CellValue },
  ];
  for (const binary2 of [false, true]) {
    for (const c of cases) {
      it(`${c.what} (${binary2 ? "BINARY2" : "BINARY"})`, async () => {
        // Row 1 is the bad one, row 2 a copy; one warning per bad cell.
        const row = binary2 ? [0, ...c.row] : c.row;
        const text = binaryDoc(c.fields, [...row, ...row], binary2);
        const d = await parseVOTable(text);
        const col = d.tables[0]!.column("c")!;
        expect(d.tables[0]!.length).toBe(2);
        expectValue(col.get(0), c.read);
        expect(d.warnings.map((w) => [w.code, w.field, w.row, w.text])).toEqual([[c.code, "c", 1, c.text], [c.code, "c", 2, c.text]]);
        const r = await openVOTable(new TextEncoder().encode(text));
        for await (const _ of r.rows()) { /* drain */ }
        expect(r.warnings.map((w) => w.row)).toEqual([1, 2]);
        const err = await parseVOTable(text, { strict: true }).then(() => undefined, (e: unknown) => e);
        expect((err as DALFormatError).reason).toBe(c.code);
      });
    }
  }
});

describe("every warning the reader can emit has a code", () => {
  /** One document per code, each giving (at least) a warning of that code. */
  const triggers: Record<VOTableWarningCode, string> = {
    VO_WARN_VOTABLE_VALUE: tabledata("int", undefined, "1", "x"),
    VO_WARN_VOTABLE_RANGE: tabledata("short", undefined, "1", "99999"),
    VO_WARN_VOTABLE_FRACTION: tabledata("int", undefined, "1", "1.5"),
    VO_WARN_VOTABLE_ELEMENTS: tabledata("int", "2", "1 2", "1"),
    VO_WARN_VOTABLE_STRING_LENGTH: tabledata("char", "2", "ab", "abc"),
    VO_WARN_VOTABLE_UCS2: tabledata("unicodeChar", "*", "a", "\u{1F600}"),
    VO_WARN_VOTABLE_ROW_CELLS: doc(`<TABLE>${field("int", undefined, "a")}${field("int", undefined, "b")}<DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE>`),
    VO_WARN_VOTABLE_NROWS: doc(`<TABLE nrows="3">${field("int", undefined)}<DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE>`),
    VO_WARN_VOTABLE_ENTITY: doc(`<TABLE>${field("char", "*")}<DATA><TABLEDATA><TR><TD>&nope;</TD></TR></TABLEDATA></DATA></TABLE>`),
    VO_WARN_VOTABLE_UTF8: "",
    VO_WARN_VOTABLE_DATATYPE: doc(`<TABLE><FIELD name="c" datatype="integer"/><DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE>`),
    VO_WARN_VOTABLE_ARRAYSIZE: doc(`<TABLE><FIELD name="c" datatype="char"/><DATA><TABLEDATA><TR><TD>a</TD></TR></TABLEDATA></DATA></TABLE>`),
    VO_WARN_VOTABLE_ATTRIBUTE: doc(`<TABLE><FIELD name="c" datatype="int" colour="red"/><DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE>`),
    VO_WARN_VOTABLE_STRUCTURE: doc(`<TABLE>${field("int", undefined)}<DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA><DATA><TABLEDATA><TR><TD>2</TD></TR></TABLEDATA></DATA></TABLE>`),
    VO_WARN_VOTABLE_SUPPRESSED: "",
    VO_WARN_VOTABLE_ARRAY_COUNT: `<?xml version="1.0"?>\n<!-- Produced with astropy.io.votable version 5.2.1 -->\n${binaryDoc(field("short", "2x*"), [...u32(1), 0, 1, 0, 2], false).replace(/^<\?xml[^>]*>\s*/, "")}`,
    VO_WARN_VOTABLE_BIT_LAYOUT: `<?xml version="1.0"?>\n<!-- Produced with astropy.io.votable version 5.2.1 -->\n${binaryDoc(field("bit", "*"), [...u32(2), 8, 0], false).replace(/^<\?xml[^>]*>\s*/, "")}`,
  };

  it("gives each code of VOTABLE_WARNING_CODES from some document, and every warning has a known code", async () => {
    const seen = new Set<string>();
    const all: VOTableWarning[] = [];
    for (const [code, text] of Object.entries(triggers)) {
      let source: string | Uint8Array = text;
      const options: { maxWarnings?: number } = {};
      if (code === "VO_WARN_VOTABLE_UTF8") {
        const head = new TextEncoder().encode(doc(`<TABLE>${field("char", "*")}<DATA><TABLEDATA><TR><TD>`).replace(/<\/TD>[\s\S]*$/, "").split("</RESOURCE>")[0]!);
        const tail = new TextEncoder().encode(`</TD></TR></TABLEDATA></DATA></TABLE>\n</RESOURCE>\n</VOTABLE>\n`);
        source = new Uint8Array([...head, 0xff, 0xfe, ...tail]);
      }
      if (code === "VO_WARN_VOTABLE_SUPPRESSED") {
        source = tabledata("int", undefined, "1", "x").replace("<TR><TD>x</TD></TR>", "<TR><TD>x</TD></TR><TR><TD>y</TD></TR>");
        options.maxWarnings = 1;
      }
      const d = await parseVOTable(source, options);
      expect(d.warnings.map((w) => w.code), code).toContain(code);
      for (const w of d.warnings) seen.add(w.code);
      all.push(...d.warnings);
      // Strict mode throws for each of them (the summary of suppressed warnings has no strict form).
      if (code !== "VO_WARN_VOTABLE_SUPPRESSED") {
        const err = await parseVOTable(source, { strict: true }).then(() => undefined, (e: unknown) => e);
        expect(err, code).toBeInstanceOf(DALFormatError);
        expect((err as DALFormatError).reason, code).toBe(code);
      }
    }
    expect([...seen].sort()).toEqual([...VOTABLE_WARNING_CODES].sort());
    for (const w of all) {
      expect(VOTABLE_WARNING_CODES).toContain(w.code);
      expect(w.message).not.toMatch(/^undefined/);
    }
  });
});

/**
 * Decoding of values written as text (TABLEDATA cells, PARAM values) and the
 * per-field "shape" (datatype, array dimensions, null value) the readers share.
 */
import type { CellValue, Complex, Datatype, Field } from "./model.js";
import { DALFormatError } from "./errors.js";

/** Every datatype name the standard defines. */
const DATATYPES = new Set<string>([
  "boolean", "bit", "unsignedByte", "short", "int", "long", "char", "unicodeChar",
  "float", "double", "floatComplex", "doubleComplex",
]);

/** Misspellings seen from servers, mapped to the standard name (lax mode). */
const DATATYPE_ALIASES: Record<string, Datatype> = {
  integer: "int", int32: "int", int16: "short", int64: "long", byte: "unsignedByte", ubyte: "unsignedByte",
  "double precision": "double", float64: "double", real: "float", float32: "float", string: "char",
  bool: "boolean", unicode: "unicodeChar", unicodestring: "unicodeChar", text: "char", varchar: "char",
};

/**
 * Maps a datatype attribute to a standard datatype: exact names as is, other
 * spellings through a case-insensitive alias table. Undefined when unknown.
 */
export function normalizeDatatype(text: string | undefined): Datatype | undefined {
  if (text === undefined) return undefined;
  if (DATATYPES.has(text)) return text as Datatype;
  const t = text.trim().toLowerCase();
  for (const d of DATATYPES) if (d.toLowerCase() === t) return d as Datatype;
  return DATATYPE_ALIASES[t];
}

/** The resolved layout of a field's values. */
export interface FieldShape {
  datatype: Datatype;
  /** True for char and unicodeChar. */
  isString: boolean;
  /** Dimensions from arraysize; `-1` for a variable (last) dimension. Empty for scalars. */
  dims: number[];
  /** Number of items of one cell (product of dims); -1 when variable. For strings: characters per string. */
  count: number;
  /** For strings: number of strings per cell (1 for a plain string, -1 when variable, 0 when not a string array). */
  strings: number;
  /** Characters per string for fixed-width string arrays (first dim). */
  strLen: number;
  /** Items per element of a variable last dimension (product of the fixed dims before it). */
  unit: number;
  /** Scalar (one item per cell, not a string). */
  scalar: boolean;
  /** The VALUES null text, trimmed. */
  nullText: string | undefined;
  /** The null value as a number (integers) when given. */
  nullNumber: number | undefined;
  /** The null value as a bigint (long) when given. */
  nullBig: bigint | undefined;
}

/** Parses an arraysize attribute: `*`, `10`, `10*`, `3x2`, `2x*`. */
export function parseArraysize(arraysize: string | undefined): number[] {
  if (arraysize === undefined || arraysize.trim() === "") return [];
  return arraysize
    .trim()
    .split("x")
    .map((d) => {
      const t = d.trim();
      if (t.endsWith("*")) return -1;
      const n = Number.parseInt(t, 10);
      return Number.isFinite(n) && n >= 0 ? n : -1;
    });
}

const shapes = new WeakMap<Field, FieldShape>();

/** Computes (and caches) the shape of a field. */
export function fieldShape(field: Field): FieldShape {
  let s = shapes.get(field);
  if (s) return s;
  const datatype = normalizeDatatype(field.datatype) ?? "char";
  const isString = datatype === "char" || datatype === "unicodeChar";
  let dims = parseArraysize(field.arraysize);
  if (!isString && dims.length === 1 && dims[0] === 1 && field.arraysize?.trim() === "1") dims = [];
  const product = (ds: number[]): number => (ds.some((d) => d < 0) ? -1 : ds.reduce((a, b) => a * b, 1));
  const count = dims.length === 0 ? (isString ? -1 : 1) : product(dims);
  let strings = 0;
  let strLen = -1;
  if (isString) {
    strLen = dims.length === 0 ? -1 : (dims[0] as number);
    strings = dims.length <= 1 ? 1 : product(dims.slice(1));
  }
  const nullText = field.values?.null?.trim();
  let nullNumber: number | undefined;
  let nullBig: bigint | undefined;
  if (nullText !== undefined && nullText !== "") {
    if (datatype === "long") {
      try {
        nullBig = BigInt.asIntN(64, BigInt(nullText));
      } catch {
        nullBig = undefined;
      }
    } else if (!isString) {
      const n = Number(nullText);
      if (!Number.isNaN(n)) nullNumber = n;
    }
  }
  const unit = dims.length > 1 ? Math.max(1, product(dims.slice(0, -1))) : 1;
  s = { datatype, isString, dims, count, strings, strLen, unit, scalar: !isString && dims.length === 0, nullText, nullNumber, nullBig };
  shapes.set(field, s);
  return s;
}

/** Error thrown by the text decoders; the readers turn it into a warning or a DALFormatError. */
export class ValueError extends Error {}

/** Decodes a float written as text, with the VOTable spellings of infinities and NaN. */
export function parseFloatText(t: string): number {
  const n = Number(t);
  if (!Number.isNaN(n) || t === "NaN") return n;
  const m = /^([+-]?)(inf|infinity|nan)$/i.exec(t.trim());
  if (m) return (m[2] as string).toLowerCase() === "nan" ? Number.NaN : m[1] === "-" ? -Infinity : Infinity;
  if (t.trim() === "") return Number.NaN;
  throw new ValueError(`not a number: "${t}"`);
}

/** Decodes an integer written as text (decimal or 0x hexadecimal). */
export function parseIntText(t: string): number {
  const n = Number(t);
  if (Number.isInteger(n)) return n;
  const f = parseFloatText(t);
  if (Number.isFinite(f)) return Math.trunc(f);
  throw new ValueError(`not an integer: "${t}"`);
}

/** Decodes a 64-bit integer written as text. */
export function parseLongText(t: string): bigint {
  const s = t.trim();
  try {
    return BigInt.asIntN(64, BigInt(s.startsWith("+") ? s.slice(1) : s));
  } catch {
    const n = Number(s);
    if (Number.isFinite(n)) return BigInt.asIntN(64, BigInt(Math.trunc(n)));
    throw new ValueError(`not a long integer: "${t}"`);
  }
}

/** Decodes a boolean written as text; `null` for `?`, blank or a null marker. */
export function parseBooleanText(t: string): boolean | null {
  switch (t.trim().toLowerCase()) {
    case "t": case "true": case "1": return true;
    case "f": case "false": case "0": return false;
    case "?": case "": case "\0": return null;
    default: throw new ValueError(`not a boolean: "${t}"`);
  }
}

function splitItems(t: string): string[] {
  const s = t.trim();
  return s === "" ? [] : s.split(/[\s,]+/);
}

function bitItems(t: string): string[] {
  const s = t.replace(/[\s,]+/g, "");
  return s.split("");
}

function booleanItems(t: string): string[] {
  const s = t.trim();
  if (s === "") return [];
  if (/[\s,]/.test(s)) return s.split(/[\s,]+/);
  // Compact forms like "TFT" or "TF?" are accepted too.
  return /^[TtFf?01]+$/.test(s) ? s.split("") : [s];
}

function numberArray(datatype: Datatype, items: string[]): CellValue {
  switch (datatype) {
    case "double": return Float64Array.from(items, parseFloatText);
    case "float": return Float32Array.from(items, parseFloatText);
    case "int": return Int32Array.from(items, parseIntText);
    case "short": return Int16Array.from(items, parseIntText);
    case "unsignedByte": return Uint8Array.from(items, parseIntText);
    case "long": return BigInt64Array.from(items, parseLongText);
    default: throw new ValueError(`not a numeric datatype: ${datatype}`);
  }
}

/** Splits a string into fixed-width pieces (string arrays), trimming trailing blanks and NULs. */
export function splitStrings(s: string, width: number): string[] {
  const out: string[] = [];
  if (width <= 0) return [s];
  for (let i = 0; i < s.length; i += width) out.push(s.slice(i, i + width).replace(/[\0 ]+$/, ""));
  return out;
}

/**
 * Decodes text by a field's shape; throws ValueError on undecodable text.
 * Does not apply VALUES null: see {@link isNullText}.
 */
export function decodeText(text: string, shape: FieldShape): CellValue {
  const { datatype } = shape;
  if (shape.isString) {
    if (shape.strings === 1) return text;
    return splitStrings(text, shape.strLen);
  }
  if (shape.scalar) {
    const t = text.trim();
    switch (datatype) {
      case "boolean": return parseBooleanText(t);
      case "bit": {
        if (t === "") return null;
        if (t === "1") return true;
        if (t === "0") return false;
        throw new ValueError(`not a bit: "${text}"`);
      }
      case "long": return t === "" ? null : parseLongText(t);
      case "float": case "double": return t === "" ? null : parseFloatText(t);
      case "floatComplex": case "doubleComplex": {
        if (t === "") return null;
        const items = splitItems(t);
        if (items.length !== 2) throw new ValueError(`a complex needs two numbers: "${text}"`);
        const c: Complex = [parseFloatText(items[0] as string), parseFloatText(items[1] as string)];
        if (datatype === "floatComplex") return [Math.fround(c[0]), Math.fround(c[1])];
        return c;
      }
      default: return t === "" ? null : parseIntText(t);
    }
  }
  // Arrays.
  if (text.trim() === "") return shape.count > 0 ? null : emptyArray(datatype);
  switch (datatype) {
    case "boolean": return booleanItems(text).map(parseBooleanText);
    case "bit": return bitItems(text).map((b) => (b === "1" ? true : b === "0" ? false : null));
    case "floatComplex": case "doubleComplex": {
      const items = splitItems(text);
      const out: Complex[] = [];
      for (let i = 0; i + 1 < items.length; i += 2) {
        const re = parseFloatText(items[i] as string);
        const im = parseFloatText(items[i + 1] as string);
        out.push(datatype === "floatComplex" ? [Math.fround(re), Math.fround(im)] : [re, im]);
      }
      return out;
    }
    default: return numberArray(datatype, splitItems(text));
  }
}

/** An empty array of the field's element type. */
export function emptyArray(datatype: Datatype): CellValue {
  switch (datatype) {
    case "double": return new Float64Array(0);
    case "float": return new Float32Array(0);
    case "int": return new Int32Array(0);
    case "short": return new Int16Array(0);
    case "unsignedByte": return new Uint8Array(0);
    case "long": return new BigInt64Array(0);
    default: return [];
  }
}

/** True when a decoded scalar equals the VALUES null (or is NaN for floats). */
export function isNullValue(v: CellValue, shape: FieldShape): boolean {
  if (v === null) return true;
  if (typeof v === "number") {
    if (v !== v) return true;
    return shape.nullNumber !== undefined && v === shape.nullNumber;
  }
  if (typeof v === "bigint") return shape.nullBig !== undefined && v === shape.nullBig;
  if (typeof v === "string") return shape.nullText !== undefined && shape.nullText !== "" && v === shape.nullText;
  return false;
}

/**
 * Decodes one value written as text (a TABLEDATA cell or a PARAM value) by
 * the field's datatype and arraysize. Returns `null` for a null value (empty
 * text for non-strings, the VALUES null, NaN for floats). Throws
 * DALFormatError when the text cannot be decoded.
 */
export function parseValue(text: string, field: Field): CellValue {
  const shape = fieldShape(field);
  try {
    const v = decodeText(text, shape);
    return isNullValue(v, shape) ? null : v;
  } catch (e) {
    if (e instanceof ValueError) {
      throw new DALFormatError(`${e.message} for ${field.datatype} field "${field.name}"`, { location: {} });
    }
    throw e;
  }
}

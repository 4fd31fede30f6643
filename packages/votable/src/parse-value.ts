/**
 * Decoding of values written as text (TABLEDATA cells, PARAM values) and the
 * per-field "shape" (datatype, array dimensions, null value) the readers share.
 */
import type { CellValue, Complex, Datatype, Field, VOTableWarningCode } from "./model.js";
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
  /** Most elements of a bounded variable last dimension (`N*`); -1 when unbounded or fixed. */
  bound: number;
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

/** The N of a bounded variable last dimension `N*` (`10*`, `3x5*`); -1 otherwise. */
function boundOf(arraysize: string | undefined): number {
  const m = arraysize === undefined ? null : /(\d+)\s*\*\s*$/.exec(arraysize);
  return m ? Number(m[1]) : -1;
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
  const bound = boundOf(field.arraysize);
  s = { datatype, isString, dims, count, strings, strLen, unit, bound, scalar: !isString && dims.length === 0, nullText, nullNumber, nullBig };
  shapes.set(field, s);
  return s;
}

/** The codes of the faults a single value can have. */
export type ValueFaultCode = Extract<
  VOTableWarningCode,
  "VO_WARN_VOTABLE_VALUE" | "VO_WARN_VOTABLE_RANGE" | "VO_WARN_VOTABLE_FRACTION" | "VO_WARN_VOTABLE_ELEMENTS" | "VO_WARN_VOTABLE_STRING_LENGTH" | "VO_WARN_VOTABLE_UCS2"
>;

/**
 * A value that cannot be read: the readers make it null and warn (lax) or
 * throw a DALFormatError (strict). `message` says what is wrong, without the text.
 */
export class ValueError extends Error {
  constructor(message: string, readonly code: ValueFaultCode = "VO_WARN_VOTABLE_VALUE") {
    super(message);
  }
}

/**
 * Receives a repair that keeps a value: `problem` says what was wrong,
 * `outcome` what was read instead ("clamped to 255", "truncated to 10 characters").
 */
export type Repair = (code: ValueFaultCode, problem: string, outcome: string) => void;

const noRepair: Repair = () => undefined;

/** Inclusive ranges of the integer datatypes held in numbers. */
const INT_RANGES: { readonly [k: string]: readonly [number, number] } = {
  unsignedByte: [0, 255],
  short: [-32768, 32767],
  int: [-2147483648, 2147483647],
};

/** The inclusive range of an integer datatype (int when not one). */
export function intRange(datatype: Datatype): readonly [number, number] {
  return INT_RANGES[datatype] ?? (INT_RANGES.int as readonly [number, number]);
}

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
/** Largest finite float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Decodes a float written as text, with the VOTable spellings of infinities and NaN. */
export function parseFloatText(t: string): number {
  const n = Number(t);
  if (!Number.isNaN(n) || t === "NaN") return n;
  const m = /^([+-]?)(inf|infinity|nan)$/i.exec(t.trim());
  if (m) return (m[2] as string).toLowerCase() === "nan" ? Number.NaN : m[1] === "-" ? -Infinity : Infinity;
  if (t.trim() === "") return Number.NaN;
  throw new ValueError("not a number");
}

/** A float value for `datatype`: a finite double beyond the float range is reported (it reads as ±Infinity). */
function floatFor(t: string, datatype: Datatype, repair: Repair): number {
  const v = parseFloatText(t);
  if (datatype === "float" && Number.isFinite(v) && Math.abs(v) > FLOAT32_MAX) {
    repair("VO_WARN_VOTABLE_RANGE", "beyond the float range", `read as ${v > 0 ? "" : "-"}Infinity`);
    return v > 0 ? Infinity : -Infinity;
  }
  return v;
}

/**
 * Decodes an integer written as text (decimal or 0x hexadecimal) for an
 * integer datatype (default int): a fraction is a ValueError, a value out of
 * the datatype's range is clamped and reported through `repair`.
 */
export function parseIntText(t: string, datatype: Datatype = "int", repair: Repair = noRepair): number {
  const n = Number(t);
  if (!Number.isInteger(n)) {
    let f = n;
    if (Number.isNaN(f)) {
      try {
        f = parseFloatText(t);
      } catch {
        f = Number.NaN;
      }
    }
    if (Number.isFinite(f)) throw new ValueError("a fraction where an integer is expected", "VO_WARN_VOTABLE_FRACTION");
    throw new ValueError("not an integer");
  }
  const [lo, hi] = intRange(datatype);
  if (n < lo || n > hi) {
    const to = n < lo ? lo : hi;
    repair("VO_WARN_VOTABLE_RANGE", `out of the ${datatype} range ${lo}..${hi}`, `clamped to ${to}`);
    return to;
  }
  return n;
}

/** Decodes a 64-bit integer written as text: a fraction is a ValueError, a value out of range is clamped and reported. */
export function parseLongText(t: string, repair: Repair = noRepair): bigint {
  const s = t.trim();
  let v: bigint;
  try {
    v = BigInt(s.startsWith("+") ? s.slice(1) : s);
  } catch {
    const n = Number(s);
    if (!Number.isInteger(n)) {
      if (Number.isFinite(n)) throw new ValueError("a fraction where an integer is expected", "VO_WARN_VOTABLE_FRACTION");
      throw new ValueError("not a long integer");
    }
    v = BigInt(n);
  }
  if (v < LONG_MIN || v > LONG_MAX) {
    const to = v < LONG_MIN ? LONG_MIN : LONG_MAX;
    repair("VO_WARN_VOTABLE_RANGE", `out of the long range ${LONG_MIN}..${LONG_MAX}`, `clamped to ${to}`);
    return to;
  }
  return v;
}

/** Decodes a boolean written as text; `null` for `?`, blank or a null marker. */
export function parseBooleanText(t: string): boolean | null {
  switch (t.trim().toLowerCase()) {
    case "t": case "true": case "1": return true;
    case "f": case "false": case "0": return false;
    case "?": case "": case "\0": return null;
    default: throw new ValueError("not a boolean");
  }
}

function splitItems(t: string): string[] {
  const s = t.trim();
  return s === "" ? [] : s.split(/[\s,]+/);
}

function bitItems(t: string): string[] {
  const s = t.replace(/[\s,]+/g, "");
  return s === "" ? [] : s.split("");
}

function booleanItems(t: string): string[] {
  const s = t.trim();
  if (s === "") return [];
  if (/[\s,]/.test(s)) return s.split(/[\s,]+/);
  // Compact forms like "TFT" or "TF?" are accepted too.
  return /^[TtFf?01]+$/.test(s) ? s.split("") : [s];
}

function numberArray(datatype: Datatype, items: string[], repair: Repair): CellValue {
  switch (datatype) {
    case "double": return Float64Array.from(items, parseFloatText);
    case "float": return Float32Array.from(items, (t) => floatFor(t, "float", repair));
    case "int": return Int32Array.from(items, (t) => parseIntText(t, "int", repair));
    case "short": return Int16Array.from(items, (t) => parseIntText(t, "short", repair));
    case "unsignedByte": return Uint8Array.from(items, (t) => parseIntText(t, "unsignedByte", repair));
    case "long": return BigInt64Array.from(items, (t) => parseLongText(t, repair));
    default: throw new ValueError(`not a numeric datatype: ${datatype}`);
  }
}

/**
 * Checks the number of elements (items, or complex pairs) of an array cell
 * against the arraysize: exactly `count` when fixed; a whole number of `unit`
 * and at most `bound` elements when variable. A ValueError when not.
 */
function checkElements(n: number, shape: FieldShape): void {
  const { count, unit, bound } = shape;
  if (count > 0) {
    if (n !== count) throw new ValueError(`${n} elements where the arraysize needs ${count}`, "VO_WARN_VOTABLE_ELEMENTS");
    return;
  }
  if (n % unit !== 0) throw new ValueError(`${n} elements, not a multiple of the ${unit} the arraysize needs`, "VO_WARN_VOTABLE_ELEMENTS");
  if (bound >= 0 && n / unit > bound) throw new ValueError(`${n / unit} elements where the arraysize allows at most ${bound}`, "VO_WARN_VOTABLE_ELEMENTS");
}

/** Most characters a string cell may hold (fixed or bounded arraysize); Infinity when unbounded. */
export function maxChars(shape: FieldShape): number {
  if (!shape.isString || shape.dims.length === 0) return Infinity;
  const dims = shape.dims;
  let n = 1;
  for (let k = 0; k < dims.length; k++) {
    const d = dims[k] as number;
    if (d >= 0) n *= d;
    else if (k === dims.length - 1 && shape.bound >= 0) n *= shape.bound;
    else return Infinity;
  }
  return n;
}

/** True when a string has a character outside UCS-2 (a surrogate pair). */
export function hasNonUcs2(t: string): boolean {
  return /[\uD800-\uDFFF]/.test(t);
}

/** A string cell's text checked against the arraysize (too long: truncated) and, for unicodeChar, UCS-2 (else U+FFFD). */
function checkString(text: string, shape: FieldShape, repair: Repair): string {
  let t = text;
  if (shape.datatype === "unicodeChar" && hasNonUcs2(t)) {
    t = t.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g, "\uFFFD");
    repair("VO_WARN_VOTABLE_UCS2", "a character outside UCS-2 in a unicodeChar value", "each such character read as U+FFFD");
  }
  const max = maxChars(shape);
  if (t.length > max) {
    repair("VO_WARN_VOTABLE_STRING_LENGTH", `${t.length} characters where the arraysize allows at most ${max}`, `truncated to ${max} characters`);
    t = t.slice(0, max);
  }
  return t;
}

/** Splits a string into fixed-width pieces (string arrays), trimming trailing blanks and NULs. */
export function splitStrings(s: string, width: number): string[] {
  const out: string[] = [];
  if (width <= 0) return [s];
  for (let i = 0; i < s.length; i += width) out.push(s.slice(i, i + width).replace(/[\0 ]+$/, ""));
  return out;
}

/**
 * Decodes text by a field's shape; throws ValueError on text that is not a
 * value of it (the cell reads as null); reports through `repair` a value
 * made valid (an integer clamped to its range, a string truncated to its
 * arraysize, a character outside UCS-2 replaced). Does not apply VALUES null:
 * see {@link isNullValue}.
 */
export function decodeText(text: string, shape: FieldShape, repair: Repair = noRepair): CellValue {
  const { datatype } = shape;
  if (shape.isString) {
    const t = shape.dims.length === 0 && datatype === "char" ? text : checkString(text, shape, repair);
    if (shape.strings === 1) return t;
    return splitStrings(t, shape.strLen);
  }
  if (shape.scalar) {
    const t = text.trim();
    switch (datatype) {
      case "boolean": return parseBooleanText(t);
      case "bit": {
        if (t === "") return null;
        if (t === "1") return true;
        if (t === "0") return false;
        throw new ValueError("not a bit (0 or 1)");
      }
      case "long": return t === "" ? null : parseLongText(t, repair);
      case "float": case "double": return t === "" ? null : floatFor(t, datatype, repair);
      case "floatComplex": case "doubleComplex": {
        if (t === "") return null;
        const items = splitItems(t);
        if (items.length !== 2) throw new ValueError(`a complex needs two numbers, found ${items.length}`);
        const c: Complex = [floatFor(items[0] as string, datatype === "floatComplex" ? "float" : "double", repair), floatFor(items[1] as string, datatype === "floatComplex" ? "float" : "double", repair)];
        if (datatype === "floatComplex") return [Math.fround(c[0]), Math.fround(c[1])];
        return c;
      }
      default: return t === "" ? null : parseIntText(t, datatype, repair);
    }
  }
  // Arrays.
  if (text.trim() === "") return shape.count > 0 ? null : emptyArray(datatype);
  switch (datatype) {
    case "boolean": {
      const items = booleanItems(text);
      checkElements(items.length, shape);
      return items.map(parseBooleanText);
    }
    case "bit": {
      const items = bitItems(text);
      checkElements(items.length, shape);
      return items.map((b) => {
        if (b === "1") return true;
        if (b === "0") return false;
        throw new ValueError(`not a bit (0 or 1): "${b}"`);
      });
    }
    case "floatComplex": case "doubleComplex": {
      const items = splitItems(text);
      if (items.length % 2 !== 0) throw new ValueError(`${items.length} numbers: a complex array needs pairs`, "VO_WARN_VOTABLE_ELEMENTS");
      checkElements(items.length / 2, shape);
      const out: Complex[] = [];
      const part = datatype === "floatComplex" ? "float" : "double";
      for (let i = 0; i + 1 < items.length; i += 2) {
        const re = floatFor(items[i] as string, part, repair);
        const im = floatFor(items[i + 1] as string, part, repair);
        out.push(datatype === "floatComplex" ? [Math.fround(re), Math.fround(im)] : [re, im]);
      }
      return out;
    }
    default: {
      const items = splitItems(text);
      checkElements(items.length, shape);
      return numberArray(datatype, items, repair);
    }
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
 * DALFormatError when the text is not a valid value of the field (strict:
 * an out-of-range integer or a too long string is an error here too).
 */
export function parseValue(text: string, field: Field): CellValue {
  const shape = fieldShape(field);
  const fault = (code: ValueFaultCode, problem: string): never => {
    throw new DALFormatError(`${problem}: "${shortText(text)}" for ${field.datatype} field "${field.name}"`, { location: {}, reason: code });
  };
  try {
    const v = decodeText(text, shape, (code, problem) => fault(code, problem));
    return isNullValue(v, shape) ? null : v;
  } catch (e) {
    if (e instanceof ValueError) fault(e.code, e.message);
    throw e;
  }
}

/** A value's text for messages: at most 80 characters. */
export function shortText(t: string): string {
  return t.length > 80 ? `${t.slice(0, 80)}…` : t;
}

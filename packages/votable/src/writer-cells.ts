/**
 * Cell encoders of the VOTable writer: one codec per FIELD, compiled once,
 * that checks a cell against its datatype/arraysize and writes it as TD
 * text or as BINARY/BINARY2 bytes.
 */
import { ParameterError } from "./errors.js";
import type { CellValue, Field } from "./model.js";
import { escapeText, type InvalidCharPolicy } from "./writer-xml.js";

/** A growable big-endian byte buffer. */
export class ByteBuffer {
  buf: Uint8Array;
  view: DataView;
  pos = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
}

/** The shape an `arraysize` attribute describes. */
export interface Shape {
  /** No arraysize: one element. */
  scalar: boolean;
  /** The last dimension is `*` or `n*`. */
  variable: boolean;
  /**
   * Product of the fixed dimensions (all of them for a fixed array, all but the last otherwise).
   * The count before a variable-size binary cell is of items (primitives: 6 for three rows of
   * "2x*"), as the standard, STIL, DaCHS and this package's reader have it; astropy counts rows.
   */
  unit: number;
  /** Maximum element count of a bounded variable array (`n*`). */
  max: number | undefined;
  /** The first dimension (the string length of a 2+ dimensional char array). */
  first: number;
  /** Number of dimensions. */
  dims: number;
}

/** Parses `arraysize` ("*", "8", "10*", "3x2", "3x*"); throws ParameterError when malformed. */
export function parseArraysize(arraysize: string | undefined, where: string): Shape {
  if (arraysize === undefined) return { scalar: true, variable: false, unit: 1, max: undefined, first: 1, dims: 0 };
  const parts = arraysize.trim().split("x");
  let unit = 1;
  let variable = false;
  let max: number | undefined;
  let first = 1;
  parts.forEach((p, i) => {
    const m = /^(\d*)(\*?)$/.exec(p);
    const last = i === parts.length - 1;
    if (!m || (m[2] && !last) || (!m[1] && !m[2])) {
      throw new ParameterError(`${where}.arraysize`, 'dimensions such as "8", "*", "10*" or "3x*"', arraysize);
    }
    const n = m[1] ? Number(m[1]) : undefined;
    if (i === 0) first = n ?? 0;
    if (m[2]) {
      variable = true;
      if (n !== undefined) max = n * unit;
    } else unit *= n ?? 1;
  });
  return { scalar: false, variable, unit, max, first, dims: parts.length };
}

/** Encodes the cells of one field. */
export interface CellCodec {
  readonly field: Field;
  /** TD content (escaped), "" for an empty TD. */
  td(v: CellValue, row: number): string;
  /** The cell as text, unescaped (a PARAM value). */
  text(v: CellValue, row: number): string;
  /** Writes the cell; `binary2` means a null cell is flagged by the caller and only needs placeholder bytes. */
  bin(v: CellValue, out: ByteBuffer, row: number, binary2: boolean): void;
}

type Put = (o: ByteBuffer, x: number) => void;

const ELEMENT_BYTES: Record<Field["datatype"], number> = {
  boolean: 1,
  bit: 0,
  unsignedByte: 1,
  short: 2,
  int: 4,
  long: 8,
  char: 1,
  unicodeChar: 2,
  float: 4,
  double: 8,
  floatComplex: 8,
  doubleComplex: 16,
};

const INT_RANGE: Partial<Record<Field["datatype"], [number, number]>> = {
  unsignedByte: [0, 255],
  short: [-32768, 32767],
  int: [-2147483648, 2147483647],
};
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const FLOAT_MAX = 3.4028234663852886e38;

function fail(row: number, f: Field, expected: string, v: unknown): ParameterError {
  return new ParameterError(`rows[${row}].${f.name}`, expected, v);
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || ArrayBuffer.isView(v);
}

/** Formats a double for TD: shortest round-trip text, `NaN`, `+Inf`, `-Inf`. */
export function formatDouble(x: number): string {
  if (Number.isFinite(x)) return Object.is(x, -0) ? "-0" : String(x);
  return Number.isNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf";
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** `n × 10^e`, correctly rounded (exact operands when |e| ≤ 22 and n < 2^53). */
function scale10(n: number, e: number): number {
  if (e >= 0 && e <= 22) return n * POW10[e]!;
  if (e < 0 && e >= -22) return n / POW10[-e]!;
  return Number(`${n}e${e}`);
}

/**
 * Formats a float for TD: the shortest decimal (6 to 9 significant digits)
 * that reads back as the same float32. Each candidate is checked by
 * converting it back; magnitudes beyond 10^±14 take a slower string path.
 */
export function formatFloat(x: number): string {
  if (!Number.isFinite(x)) return formatDouble(x);
  const f = Math.fround(x);
  if (f === 0) return formatDouble(f);
  const a = Math.abs(f);
  const sign = f < 0 ? "-" : "";
  // Fast path: k significant digits as round(a × 10^p) with an exact power of ten.
  const e = Math.floor(Math.log10(a));
  for (let k = 6; k <= 9; k++) {
    const p = k - 1 - e;
    if (p > 22 || p < -22) break;
    const candidate = scale10(Math.round(p >= 0 ? a * POW10[p]! : a / POW10[-p]!), -p);
    if (Math.fround(candidate) === a) return sign + String(candidate);
  }
  return sign + shortestFloatDigits(a);
}

/** The slow path of {@link formatFloat} for |x| > 0: rounds the double's own shortest digits. */
function shortestFloatDigits(a: number): string {
  const s = String(a);
  const e = s.indexOf("e");
  const mantissa = e < 0 ? s : s.slice(0, e);
  const dot = mantissa.indexOf(".");
  const intPart = dot < 0 ? mantissa : mantissa.slice(0, dot);
  let digits = dot < 0 ? mantissa : intPart + mantissa.slice(dot + 1);
  // a = 0.<digits> × 10^point
  let point = intPart.length + (e < 0 ? 0 : Number(s.slice(e + 1)));
  let lead = 0;
  while (lead < digits.length - 1 && digits.charCodeAt(lead) === 48) lead++;
  digits = digits.slice(lead);
  point -= lead;
  if (digits.length <= 6) return s;
  let kept = 0;
  for (let i = 0; i < 6; i++) kept = kept * 10 + digits.charCodeAt(i) - 48;
  for (let k = 6; k < digits.length; k++) {
    const next = digits.charCodeAt(k) - 48;
    const candidate = scale10(next >= 5 ? kept + 1 : kept, point - k);
    if (Math.fround(candidate) === a) return String(candidate);
    kept = kept * 10 + next;
  }
  return s;
}

/** Compiles the codec of a field; throws ParameterError for an unusable FIELD. */
export function compileCodec(field: Field, policy: InvalidCharPolicy): CellCodec {
  const where = `fields.${field.name}`;
  const shape = parseArraysize(field.arraysize, where);
  switch (field.datatype) {
    case "char":
    case "unicodeChar":
      return charCodec(field, shape, policy);
    case "boolean":
      return booleanCodec(field, shape);
    case "bit":
      return bitCodec(field, shape);
    case "unsignedByte":
    case "short":
    case "int":
    case "long":
    case "float":
    case "double":
    case "floatComplex":
    case "doubleComplex":
      return numericCodec(field, shape);
    default:
      throw new ParameterError(`${where}.datatype`, "a VOTable datatype", field.datatype);
  }
}

/** Element count check shared by the array codecs. */
function checkCount(n: number, shape: Shape, row: number, f: Field, v: unknown): void {
  if (shape.variable) {
    if (n % shape.unit !== 0 || (shape.max !== undefined && n > shape.max)) {
      throw fail(row, f, `an array of a multiple of ${shape.unit} elements${shape.max !== undefined ? ` up to ${shape.max}` : ""} (arraysize="${f.arraysize}")`, v);
    }
  } else if (n !== shape.unit) {
    throw fail(row, f, `an array of ${shape.unit} elements (arraysize="${f.arraysize}")`, v);
  }
}

function numericCodec(field: Field, shape: Shape): CellCodec {
  const dt = field.datatype;
  const complex = dt === "floatComplex" || dt === "doubleComplex";
  const isLong = dt === "long";
  const range = INT_RANGE[dt];
  const integer = isLong || range !== undefined;
  const size = ELEMENT_BYTES[dt];
  const single = dt === "float" || dt === "floatComplex";
  const fmt = single ? formatFloat : formatDouble;

  // The integer null value declared by VALUES (used in TABLEDATA and BINARY).
  let nullValue: number | bigint | undefined;
  if (integer && field.values?.null !== undefined) {
    const text = field.values.null.trim();
    try {
      nullValue = isLong ? BigInt(text) : Number(text);
    } catch {
      nullValue = undefined;
    }
    const ok = isLong
      ? typeof nullValue === "bigint" && nullValue >= LONG_MIN && nullValue <= LONG_MAX
      : typeof nullValue === "number" && Number.isInteger(nullValue) && nullValue >= range![0] && nullValue <= range![1];
    if (!ok) throw new ParameterError(`fields.${field.name}.values.null`, `an integer that fits ${dt}`, field.values.null);
  }

  /** Checks one real or integer element; returns it as number (or bigint for long). */
  const check = (x: unknown, row: number, v: unknown): number | bigint => {
    if (isLong) {
      if (typeof x === "bigint" && x >= LONG_MIN && x <= LONG_MAX) return x;
      if (typeof x === "number" && Number.isSafeInteger(x)) return BigInt(x);
      throw fail(row, field, "a bigint within the long (64-bit) range", v);
    }
    if (range) {
      const n = typeof x === "bigint" ? Number(x) : x;
      if (typeof n === "number" && Number.isInteger(n) && n >= range[0] && n <= range[1]) return n;
      throw fail(row, field, `an integer in [${range[0]}, ${range[1]}] (${dt})`, v);
    }
    if (typeof x !== "number") throw fail(row, field, `a number (${dt})`, v);
    if (single && Number.isFinite(x) && Math.abs(x) > FLOAT_MAX) throw fail(row, field, "a number within the float (32-bit) range", v);
    return x;
  };

  const put: Put =
    dt === "unsignedByte"
      ? (o, x) => o.view.setUint8(o.pos++, x)
      : dt === "short"
        ? (o, x) => (o.view.setInt16(o.pos, x), (o.pos += 2))
        : dt === "int"
          ? (o, x) => (o.view.setInt32(o.pos, x), (o.pos += 4))
          : single
            ? (o, x) => (o.view.setFloat32(o.pos, x), (o.pos += 4))
            : (o, x) => (o.view.setFloat64(o.pos, x), (o.pos += 8));
  const putLong = (o: ByteBuffer, x: bigint): void => {
    o.view.setBigInt64(o.pos, x);
    o.pos += 8;
  };
  /** Writes one checked element (a real part and an imaginary part for complex). */
  const putElement = (o: ByteBuffer, x: number | bigint): void => {
    if (typeof x === "bigint") putLong(o, x);
    else put(o, x);
  };

  /** The flat list of checked parts of a cell (2 per complex element). */
  const parts = (v: CellValue, row: number): (number | bigint)[] => {
    if (shape.scalar) {
      if (complex) {
        if (!Array.isArray(v) || v.length !== 2) throw fail(row, field, "a complex [re, im]", v);
        return [check(v[0], row, v), check(v[1], row, v)];
      }
      return [check(v, row, v)];
    }
    if (!shape.variable && shape.unit === 1 && !complex && !isArrayLike(v)) return [check(v, row, v)];
    if (!isArrayLike(v)) throw fail(row, field, `an array of ${dt}`, v);
    const out: (number | bigint)[] = [];
    if (complex && v.length > 0 && isArrayLike(v[0])) {
      for (let i = 0; i < v.length; i++) {
        const c = v[i];
        if (!isArrayLike(c) || c.length !== 2) throw fail(row, field, "an array of complex [re, im]", v);
        out.push(check(c[0], row, v), check(c[1], row, v));
      }
    } else {
      for (let i = 0; i < v.length; i++) out.push(check(v[i], row, v));
      if (complex && out.length % 2 !== 0) throw fail(row, field, "an even number of complex parts", v);
    }
    checkCount(complex ? out.length / 2 : out.length, shape, row, field, v);
    return out;
  };

  const perElement = complex ? 2 : 1;
  // A null in TABLEDATA: an empty TD (VOTable 1.3+), read back as null by @vo, STIL
  // and astropy; an integer scalar with VALUES null writes that value. Complex
  // numbers are the exception: astropy refuses an empty TD there (E02), so their
  // null is NaNs, which reads back as NaN parts, not null.
  const fixedCount = shape.variable ? 0 : shape.unit * perElement;
  const nullTd =
    complex
      ? Array<string>(fixedCount).fill("NaN").join(" ")
      : nullValue !== undefined && shape.scalar
        ? String(nullValue)
        : "";

  return {
    field,
    td(v, row) {
      if (v === null) return nullTd;
      const ps = parts(v, row);
      if (ps.length === 1) return typeof ps[0] === "bigint" ? ps[0].toString() : fmt(ps[0] as number);
      let s = "";
      for (let i = 0; i < ps.length; i++) {
        const x = ps[i]!;
        if (i > 0) s += " ";
        s += typeof x === "bigint" ? x.toString() : integer ? String(x) : fmt(x);
      }
      return s;
    },
    text(v, row) {
      return this.td(v, row);
    },
    bin(v, out, row, binary2) {
      if (v === null) {
        if (shape.variable) {
          out.ensure(4);
          out.view.setInt32(out.pos, 0);
          out.pos += 4;
          return;
        }
        if (integer && nullValue === undefined && !binary2) {
          throw fail(row, field, `a value: BINARY needs <VALUES null="…"> on ${dt} field "${field.name}" to write a null (or use BINARY2)`, v);
        }
        const filler = integer ? (nullValue ?? (isLong ? 0n : 0)) : NaN;
        const n = shape.unit * perElement;
        out.ensure(n * (size / perElement));
        for (let i = 0; i < n; i++) putElement(out, filler);
        return;
      }
      const ps = parts(v, row);
      out.ensure(4 + ps.length * (size / perElement));
      if (shape.variable) {
        out.view.setInt32(out.pos, ps.length / perElement);
        out.pos += 4;
      }
      for (const x of ps) putElement(out, x);
    },
  };
}

/** Reads a boolean-ish element: true/false, 1/0, or null. */
function toBool(x: unknown, allowNull: boolean): boolean | null | undefined {
  if (x === true || x === 1) return true;
  if (x === false || x === 0) return false;
  if (x === null && allowNull) return null;
  return undefined;
}

function booleanCodec(field: Field, shape: Shape): CellCodec {
  const T = 0x54;
  const F = 0x46;
  const Q = 0x3f;
  const elements = (v: CellValue, row: number): (boolean | null)[] => {
    if (field.arraysize === undefined || (shape.scalar && !isArrayLike(v))) {
      const b = toBool(v, false);
      if (b === undefined) throw fail(row, field, "a boolean", v);
      return [b];
    }
    if (!isArrayLike(v)) throw fail(row, field, "an array of boolean", v);
    const out: (boolean | null)[] = [];
    for (let i = 0; i < v.length; i++) {
      const b = toBool(v[i], true);
      if (b === undefined) throw fail(row, field, "an array of boolean or null", v);
      out.push(b);
    }
    checkCount(out.length, shape, row, field, v);
    return out;
  };
  return {
    field,
    td(v, row) {
      if (v === null) return "";
      const es = elements(v, row);
      if (shape.scalar) return es[0] ? "T" : "F";
      return es.map((b) => (b === null ? "?" : b ? "T" : "F")).join(" ");
    },
    text(v, row) {
      return this.td(v, row);
    },
    bin(v, out, row) {
      const es = v === null ? (shape.variable ? [] : new Array<null>(shape.unit).fill(null)) : elements(v, row);
      out.ensure(4 + es.length);
      if (shape.variable) {
        out.view.setInt32(out.pos, es.length);
        out.pos += 4;
      }
      for (const b of es) out.buf[out.pos++] = b === null ? Q : b ? T : F;
    },
  };
}

/**
 * Bits in BINARY/BINARY2 are packed (VOTable §6 "Bit Array"): most significant
 * bit first, `ceil(bits / 8)` bytes, after the count for a variable array; a
 * scalar is `0x80` or `0`. (astropy writes a variable array one byte per bit
 * instead, and counts rows of a `3x*` array; the reader knows both, see `binaryVarSize`.)
 */
function bitCodec(field: Field, shape: Shape): CellCodec {
  const elements = (v: CellValue, row: number): boolean[] => {
    if (field.arraysize === undefined || (shape.scalar && !isArrayLike(v))) {
      const b = toBool(v, false);
      if (b === undefined || b === null) throw fail(row, field, "a boolean or 0/1 (bit)", v);
      return [b];
    }
    if (!isArrayLike(v)) throw fail(row, field, "an array of boolean or 0/1 (bit)", v);
    const out: boolean[] = [];
    for (let i = 0; i < v.length; i++) {
      const b = toBool(v[i], false);
      if (b === undefined || b === null) throw fail(row, field, "an array of boolean or 0/1 without nulls (bit)", v);
      out.push(b);
    }
    checkCount(out.length, shape, row, field, v);
    return out;
  };
  const fixedCount = shape.scalar ? 1 : shape.unit;
  return {
    field,
    td(v, row) {
      if (v === null) return "";
      // Separated by blanks: STIL reads "0110" as one element, astropy reads both forms.
      return elements(v, row)
        .map((b) => (b ? "1" : "0"))
        .join(" ");
    },
    text(v, row) {
      return this.td(v, row);
    },
    bin(v, out, row, binary2) {
      if (v === null && !binary2 && !shape.variable) {
        throw fail(row, field, "a value: BINARY cannot write a null bit (use BINARY2 or TABLEDATA)", v);
      }
      const es = v === null ? (shape.variable ? [] : new Array<boolean>(fixedCount).fill(false)) : elements(v, row);
      const nbytes = Math.ceil(es.length / 8);
      out.ensure(4 + nbytes);
      if (shape.variable) {
        out.view.setInt32(out.pos, es.length);
        out.pos += 4;
      }
      out.buf.fill(0, out.pos, out.pos + nbytes);
      es.forEach((b, i) => {
        if (b) out.buf[out.pos + (i >> 3)]! |= 0x80 >> (i & 7);
      });
      out.pos += nbytes;
    },
  };
}

function charCodec(field: Field, shape: Shape, policy: InvalidCharPolicy): CellCodec {
  const unicode = field.datatype === "unicodeChar";
  const multi = shape.dims >= 2;
  const where = (row: number): string => `rows[${row}].${field.name}`;
  const capacity = shape.scalar ? 1 : shape.variable ? shape.max : shape.unit;

  /** The cell as one string (2+ dimensional arrays: each string padded to the first dimension). */
  const flatten = (v: CellValue, row: number, pad: string): string => {
    let s: string;
    if (typeof v === "string") s = v;
    else if ((v as unknown) instanceof Date) s = (v as unknown as Date).toISOString();
    else if (multi && Array.isArray(v) && v.every((x) => typeof x === "string")) {
      s = "";
      for (const x of v as string[]) {
        if (x.length > shape.first) throw fail(row, field, `strings of at most ${shape.first} characters`, v);
        s += x.padEnd(shape.first, pad);
      }
    } else throw fail(row, field, multi ? "a string or an array of strings" : `a string (${field.datatype})`, v);
    if (capacity !== undefined && s.length > capacity) {
      throw fail(row, field, `a string of at most ${capacity} characters (arraysize="${field.arraysize ?? "1"}")`, v);
    }
    if (shape.variable && s.length % shape.unit !== 0) {
      throw fail(row, field, `a string whose length is a multiple of ${shape.unit}`, v);
    }
    return s;
  };

  return {
    field,
    text(v, row) {
      // NUL padding of fixed-size strings read from binary data is not text.
      return v === null ? "" : flatten(v, row, " ").replace(/\0+$/, "");
    },
    td(v, row) {
      return escapeText(this.text(v, row), where(row), policy);
    },
    bin(v, out, row) {
      const s = v === null ? "" : flatten(v, row, "\0");
      const n = shape.variable ? s.length : (capacity ?? 1);
      out.ensure(4 + n * 2);
      if (shape.variable) {
        out.view.setInt32(out.pos, n);
        out.pos += 4;
      }
      for (let i = 0; i < n; i++) {
        const c = i < s.length ? s.charCodeAt(i) : 0;
        if (unicode) {
          if (c >= 0xd800 && c <= 0xdfff) throw fail(row, field, "characters of the Basic Multilingual Plane (unicodeChar is UCS-2)", v);
          out.view.setUint16(out.pos, c);
          out.pos += 2;
        } else {
          if (c > 0xff) throw fail(row, field, "8-bit characters (char); use unicodeChar for other text", v);
          out.buf[out.pos++] = c;
        }
      }
    },
  };
}

/** 57 input bytes make one 76-character base64 line. */
export const LINE_BYTES = 57;
const B64 = new TextEncoder().encode("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

/** Base64 of `src` in lines of 76 characters, each ending with a newline. */
export function base64Lines(src: Uint8Array): Uint8Array {
  const full = Math.floor(src.length / 3);
  const rest = src.length - full * 3;
  const chars = (full + (rest ? 1 : 0)) * 4;
  const out = new Uint8Array(chars + Math.ceil(chars / 76));
  let o = 0;
  let col = 0;
  let i = 0;
  for (let g = 0; g < full; g++, i += 3) {
    const n = (src[i]! << 16) | (src[i + 1]! << 8) | src[i + 2]!;
    out[o++] = B64[n >> 18]!;
    out[o++] = B64[(n >> 12) & 63]!;
    out[o++] = B64[(n >> 6) & 63]!;
    out[o++] = B64[n & 63]!;
    col += 4;
    if (col === 76) {
      out[o++] = 10;
      col = 0;
    }
  }
  if (rest) {
    const n = (src[i]! << 16) | (rest === 2 ? src[i + 1]! << 8 : 0);
    out[o++] = B64[n >> 18]!;
    out[o++] = B64[(n >> 12) & 63]!;
    out[o++] = rest === 2 ? B64[(n >> 6) & 63]! : 61;
    out[o++] = 61;
    col += 4;
  }
  if (col > 0) out[o++] = 10;
  return out.subarray(0, o);
}

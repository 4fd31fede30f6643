/**
 * Column builders: cells go in (raw TABLEDATA bytes, decoded text or BINARY
 * bytes), columns come out (typed arrays for scalar numerics, a null mask
 * allocated on the first null).
 */
import type { CellValue, Complex, Field } from "./model.js";
import {
  decodeText, fieldShape, FLOAT32_MAX, intRange, isNullValue, maxChars, splitStrings, ValueError, type FieldShape, type Repair, type ValueFaultCode,
} from "./parse-value.js";
import { latin1, nodeSlicers, LITTLE_ENDIAN, parseDoubleBytes, parseIntBytes, parseLongBytes, parseState } from "./fast-number.js";

/** A decoded column of a table. */
export interface Column {
  field: Field;
  /** Float64Array/Float32Array/Int32Array/Int16Array/Uint8Array/BigInt64Array for scalar numerics; CellValue[] otherwise. */
  values: Float64Array | Float32Array | Int32Array | Int16Array | Uint8Array | BigInt64Array | CellValue[];
  /** 1 where the cell is null; undefined when the column has no nulls. */
  nulls: Uint8Array | undefined;
  /** The cell at row `i` (null for a null cell). */
  get(i: number): CellValue;
}

type NumArray = Float64Array | Float32Array | Int32Array | Int16Array | Uint8Array | BigInt64Array;

/** Builder storage kinds. */
export const BuilderKind = { Generic: 0, Float: 1, Int: 2, Long: 3, Flat: 4, String: 5, Boolean: 6 } as const;

/** The first `k` items: a view when little space is wasted (no copy), else a trimmed copy. */
function keep<A extends NumArray | Uint32Array>(a: A, k: number): A {
  if (a.length === k) return a;
  return (k * 4 >= a.length * 3 ? a.subarray(0, k) : a.slice(0, k)) as A;
}

/**
 * Reports a cell that is not a valid value of its field: `problem` says what
 * is wrong, `outcome` how it was read ("read as null", "clamped to 255");
 * `row` is 1-based in the table. Throws in strict mode.
 */
export type BadCell = (field: Field, text: string, code: ValueFaultCode, problem: string, outcome: string, row: number) => void;

const utf8 = new TextDecoder("utf-8");
const utf16be = new TextDecoder("utf-16be");

/** Decodes UTF-8 bytes to a fresh string. */
export function decodeUtf8(b: Uint8Array, s: number, e: number): string {
  if (nodeSlicers !== undefined) return nodeSlicers.utf8Slice.call(b, s, e);
  return utf8.decode(b.subarray(s, e));
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

class ScalarColumn implements Column {
  constructor(readonly field: Field, readonly values: NumArray, readonly nulls: Uint8Array | undefined) {}
  get(i: number): CellValue {
    return this.nulls !== undefined && this.nulls[i] === 1 ? null : (this.values[i] as number | bigint);
  }
}

class ArrayColumn implements Column {
  constructor(readonly field: Field, readonly values: CellValue[], readonly nulls: Uint8Array | undefined) {}
  get(i: number): CellValue {
    return this.values[i] ?? null;
  }
}

/** Fixed-size numeric arrays stored flat; `values` materialises views on first use. */
class FlatColumn implements Column {
  #values: CellValue[] | undefined;
  constructor(readonly field: Field, readonly flat: NumArray, readonly count: number, readonly length: number, readonly nulls: Uint8Array | undefined) {}
  get values(): CellValue[] {
    if (this.#values === undefined) {
      const v: CellValue[] = new Array<CellValue>(this.length);
      for (let i = 0; i < this.length; i++) v[i] = this.get(i);
      this.#values = v;
    }
    return this.#values;
  }
  get(i: number): CellValue {
    if (this.nulls !== undefined && this.nulls[i] === 1) return null;
    return this.flat.subarray(i * this.count, (i + 1) * this.count);
  }
}

/** Builds one column; subclasses by storage. */
export abstract class ColumnBuilder {
  /** Storage kind, for monomorphic dispatch in the scanners (see BuilderKind). */
  abstract readonly kind: number;
  n = 0;
  nulls: Uint8Array | undefined;
  readonly shape: FieldShape;
  /** BINARY size of a cell, -1 when variable. */
  readonly fixedSize: number;
  /** Cells handed out by `take` or dropped by `clear` so far (row numbers in reports count them). */
  protected gone = 0;
  constructor(readonly field: Field, protected readonly bad: BadCell, protected cap: number) {
    this.shape = fieldShape(field);
    this.fixedSize = binaryFixedSize(this.shape);
  }
  /** Reports cell `i` (index among the cells held) as not valid. */
  protected report(text: string, code: ValueFaultCode, problem: string, outcome: string, i: number): void {
    this.bad(this.field, text, code, problem, outcome, this.gone + i + 1);
  }
  #text = "";
  #at = 0;
  readonly #repair: Repair = (code, problem, outcome) => this.report(this.#text, code, problem, outcome, this.#at);
  /** Decodes the text of cell `i`, reporting repairs; text that is no value of the field is reported and reads as null. */
  protected decode(t: string, i: number): CellValue {
    this.#text = t;
    this.#at = i;
    try {
      return decodeText(t, this.shape, this.#repair);
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      this.report(t, e.code, e.message, "read as null", i);
      return null;
    }
  }
  protected markNull(i: number): void {
    if (this.nulls === undefined) this.nulls = new Uint8Array(Math.max(this.cap, i + 1));
    else if (i >= this.nulls.length) {
      const g = new Uint8Array(Math.max(this.cap, i + 1));
      g.set(this.nulls);
      this.nulls = g;
    }
    this.nulls[i] = 1;
  }
  protected trimNulls(n: number): Uint8Array | undefined {
    if (this.nulls === undefined) return undefined;
    return keep(this.nulls, n);
  }
  /** Takes the null mask of the first `k` cells; keeps the mask of the rest (cells of an incomplete row). */
  protected takeNulls(k: number): Uint8Array | undefined {
    const all = this.nulls;
    const out = this.trimNulls(k);
    this.nulls = undefined;
    if (all !== undefined) for (let i = k; i < this.n; i++) if (all[i] === 1) this.markNull(i - k);
    return out;
  }
  /** Adds a TABLEDATA cell from raw bytes (no markup or entities inside). */
  abstract addBytes(b: Uint8Array, s: number, e: number): void;
  /** Adds a cell from decoded text. */
  abstract addText(t: string): void;
  /** Adds a null cell. */
  abstract addNull(): void;
  /** Adds a BINARY cell at `off` and returns the offset after it. */
  abstract addBinary(dv: DataView, b: Uint8Array, off: number, isNull: boolean): number;
  /**
   * Adds `n` BINARY cells, that of row r at `at[base + r] + rel`; with a
   * non-zero `mask`, row r's cell is null when `b[starts[r] + flagByte] & mask`.
   */
  addBinaryBatch(dv: DataView, b: Uint8Array, at: Int32Array, base: number, rel: number, n: number, starts: Int32Array, flagByte: number, mask: number): void {
    for (let r = 0; r < n; r++) {
      this.addBinary(dv, b, (at[base + r] as number) + rel, mask !== 0 && ((b[(starts[r] as number) + flagByte] as number) & mask) !== 0);
    }
  }
  /**
   * True to read variable arrays in astropy's BINARY layout rather than the
   * standard's (see {@link binaryVarSize}); the reader sets it for documents
   * astropy wrote.
   */
  astropy = false;
  /** The column of the first `k` cells (default all); the builder keeps the rest. */
  abstract take(k?: number): Column;
  /** Drops the cells built so far, keeping the storage. */
  clear(): void {
    this.gone += this.n;
    this.n = 0;
    this.nulls = undefined;
  }
}

/** Item size in BINARY for one element of a datatype (bits count 0: handled apart). */
function itemSize(shape: FieldShape): number {
  switch (shape.datatype) {
    case "boolean": case "unsignedByte": case "char": return 1;
    case "short": case "unicodeChar": return 2;
    case "int": case "float": return 4;
    case "long": case "double": case "floatComplex": return 8;
    case "doubleComplex": return 16;
    default: return 0;
  }
}

function binaryItemsSize(shape: FieldShape, items: number): number {
  return shape.datatype === "bit" ? Math.ceil(items / 8) : items * itemSize(shape);
}

/**
 * BINARY size of a variable cell whose count prefix is `count`.
 *
 * The standard (VOTable 1.4/1.5 §5.4: "the number of items", the size being
 * "the size and number of the primitives" multiplied): the count is of
 * primitives, also in a `2x*` array (6 for three rows of 2), and bits are
 * packed most significant first in the fewest bytes that hold them (§6
 * "Bit Array"). STIL and DaCHS write and read both that way.
 *
 * `astropy` gives the layout astropy.io.votable writes instead: the count of
 * a `2x*` array is of rows of the last dimension (3), and a variable bit array
 * puts each row on whole bytes of its own: one byte per bit for `*` (0x08 for
 * 1), `ceil(unit / 8)` bytes per row for `3x*`.
 */
export function binaryVarSize(shape: FieldShape, count: number, astropy = false): number {
  if (shape.datatype === "bit") return astropy ? count * Math.ceil(shape.unit / 8) : Math.ceil(count / 8);
  return binaryItemsSize(shape, astropy ? count * shape.unit : count);
}

/**
 * What the row decoder needs to size a variable cell from its count: bytes
 * per count when positive; -1 for packed bits (the size is then `ceil(count / 8)`).
 */
export function binaryVarStep(shape: FieldShape, astropy = false): number {
  return shape.datatype === "bit" && !astropy ? -1 : binaryVarSize(shape, 1, astropy);
}

/** Items (primitives) of a variable cell whose count prefix is `count` (see {@link binaryVarSize}). */
function varItems(shape: FieldShape, count: number, astropy: boolean): number {
  return astropy ? count * shape.unit : count;
}

/** Fixed BINARY size of a cell, -1 for variable-length cells. */
export function binaryFixedSize(shape: FieldShape): number {
  if (shape.isString) {
    // No arraysize: one character in BINARY (the TABLEDATA text is read whole, as astropy does).
    if (shape.dims.length === 0) return itemSize(shape);
    const total = shape.dims.some((d) => d < 0) ? -1 : shape.dims.reduce((a, d) => a * d, 1);
    return total < 0 ? -1 : total * itemSize(shape);
  }
  if (shape.count < 0) return -1;
  return binaryItemsSize(shape, shape.count);
}

abstract class NumberBuilder<A extends NumArray> extends ColumnBuilder {
  protected arr: A;
  constructor(field: Field, bad: BadCell, cap: number, protected readonly make: (n: number) => A) {
    super(field, bad, cap);
    this.arr = make(cap);
  }
  protected grow(): void {
    this.cap = Math.max(1024, this.cap * 2);
    const g = this.make(this.cap);
    g.set(this.arr as never);
    this.arr = g;
  }
  /** Room for `more` cells. */
  protected ensure(more: number): void {
    while (this.n + more > this.cap) this.grow();
  }
  addText(t: string): void {
    if (this.n === this.cap) this.grow();
    this.setValue(this.decode(t, this.n));
  }
  protected setValue(v: CellValue): void {
    const i = this.n++;
    if (v === null) {
      this.arr[i] = this.nullFill() as never;
      this.markNull(i);
      return;
    }
    this.arr[i] = v as never;
    if (isNullValue(v, this.shape)) this.markNull(i);
  }
  protected nullFill(): number | bigint {
    return 0;
  }
  addNull(): void {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.arr[i] = this.nullFill() as never;
    this.markNull(i);
  }
  take(k = this.n): Column {
    const n = this.n;
    const values = keep(this.arr, k);
    const col = new ScalarColumn(this.field, values, this.takeNulls(k));
    this.gone += k;
    const old = this.arr;
    this.arr = this.make(this.cap);
    for (let i = k; i < n; i++) this.arr[i - k] = old[i] as never;
    this.n = n - k;
    return col;
  }
}

/** float and double scalars. */
export class FloatBuilder extends NumberBuilder<Float64Array | Float32Array> {
  readonly kind = BuilderKind.Float;
  readonly #f32 = this.shape.datatype === "float";
  protected override nullFill(): number {
    return Number.NaN;
  }
  addBytes(b: Uint8Array, s: number, e: number): void {
    while (s < e && (b[s] as number) <= 32) s++;
    while (e > s && (b[e - 1] as number) <= 32) e--;
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    if (s === e) {
      this.arr[i] = Number.NaN;
      this.markNull(i);
      return;
    }
    const v = parseDoubleBytes(b, s, e);
    this.arr[i] = v;
    if (v !== v) {
      if (parseState.bad) {
        parseState.bad = false;
        this.report(latin1(b, s, e), "VO_WARN_VOTABLE_VALUE", "not a number", "read as null", i);
      }
      this.markNull(i);
    } else if (this.shape.nullNumber !== undefined && v === this.shape.nullNumber) this.markNull(i);
    else if (this.#f32 && (v > FLOAT32_MAX || v < -FLOAT32_MAX) && v !== Infinity && v !== -Infinity) {
      this.report(latin1(b, s, e), "VO_WARN_VOTABLE_RANGE", "beyond the float range", `read as ${v > 0 ? "" : "-"}Infinity`, i);
    }
  }
  addBinary(dv: DataView, _b: Uint8Array, off: number, isNull: boolean): number {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    const double = this.shape.datatype === "double";
    const v = double ? dv.getFloat64(off) : dv.getFloat32(off);
    this.arr[i] = v;
    if (isNull || v !== v || (this.shape.nullNumber !== undefined && v === this.shape.nullNumber)) this.markNull(i);
    return off + (double ? 8 : 4);
  }
  override addBinaryBatch(dv: DataView, b: Uint8Array, at: Int32Array, base: number, rel: number, n: number, starts: Int32Array, flagByte: number, mask: number): void {
    this.ensure(n);
    const arr = this.arr;
    const nn = this.shape.nullNumber ?? Number.NaN;
    // Separate loops for double and float keep each one monomorphic.
    if (arr instanceof Float64Array) this.#batch64(arr, dv, b, at, base, rel, n, starts, flagByte, mask, nn);
    else this.#batch32(arr, dv, b, at, base, rel, n, starts, flagByte, mask, nn);
  }
  #batch64(arr: Float64Array, dv: DataView, b: Uint8Array, at: Int32Array, base: number, rel: number, n: number, starts: Int32Array, flagByte: number, mask: number, nn: number): void {
    let i = this.n;
    for (let r = 0; r < n; r++, i++) {
      const v = dv.getFloat64((at[base + r] as number) + rel);
      arr[i] = v;
      if (v !== v || v === nn || (mask !== 0 && ((b[(starts[r] as number) + flagByte] as number) & mask) !== 0)) this.markNull(i);
    }
    this.n = i;
  }
  #batch32(arr: Float32Array, dv: DataView, b: Uint8Array, at: Int32Array, base: number, rel: number, n: number, starts: Int32Array, flagByte: number, mask: number, nn: number): void {
    let i = this.n;
    for (let r = 0; r < n; r++, i++) {
      const v = dv.getFloat32((at[base + r] as number) + rel);
      arr[i] = v;
      if (v !== v || v === nn || (mask !== 0 && ((b[(starts[r] as number) + flagByte] as number) & mask) !== 0)) this.markNull(i);
    }
    this.n = i;
  }
}

/** int, short and unsignedByte scalars. */
export class IntBuilder extends NumberBuilder<Int32Array | Int16Array | Uint8Array> {
  readonly kind = BuilderKind.Int;
  readonly #lo = intRange(this.shape.datatype)[0];
  readonly #hi = intRange(this.shape.datatype)[1];
  addBytes(b: Uint8Array, s: number, e: number): void {
    while (s < e && (b[s] as number) <= 32) s++;
    while (e > s && (b[e - 1] as number) <= 32) e--;
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    if (s === e) {
      this.arr[i] = 0;
      this.markNull(i);
      return;
    }
    const v = parseIntBytes(b, s, e);
    if (parseState.bad || v < this.#lo || v > this.#hi) {
      // Not a plain integer of the range: the text path reports and repairs it.
      parseState.bad = false;
      this.n = i;
      this.addText(latin1(b, s, e));
      return;
    }
    this.arr[i] = v;
    if (this.shape.nullNumber !== undefined && v === this.shape.nullNumber) this.markNull(i);
  }
  addBinary(dv: DataView, _b: Uint8Array, off: number, isNull: boolean): number {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    let v: number;
    let size: number;
    switch (this.shape.datatype) {
      case "short": v = dv.getInt16(off); size = 2; break;
      case "unsignedByte": v = dv.getUint8(off); size = 1; break;
      default: v = dv.getInt32(off); size = 4;
    }
    this.arr[i] = v;
    if (isNull || (this.shape.nullNumber !== undefined && v === this.shape.nullNumber)) this.markNull(i);
    return off + size;
  }
  override addBinaryBatch(dv: DataView, b: Uint8Array, at: Int32Array, base: number, rel: number, n: number, starts: Int32Array, flagByte: number, mask: number): void {
    this.ensure(n);
    const arr = this.arr;
    const nn = this.shape.nullNumber ?? Number.NaN;
    const dt = this.shape.datatype;
    const kind = dt === "short" ? 2 : dt === "unsignedByte" ? 1 : 4;
    let i = this.n;
    for (let r = 0; r < n; r++, i++) {
      const off = (at[base + r] as number) + rel;
      const v = kind === 4 ? dv.getInt32(off) : kind === 2 ? dv.getInt16(off) : (b[off] as number);
      arr[i] = v;
      if (v === nn || (mask !== 0 && ((b[(starts[r] as number) + flagByte] as number) & mask) !== 0)) this.markNull(i);
    }
    this.n = i;
  }
}

/** long scalars, parsed into two 32-bit limbs. */
export class LongBuilder extends NumberBuilder<BigInt64Array> {
  readonly kind = BuilderKind.Long;
  #u32: Uint32Array;
  constructor(field: Field, bad: BadCell, cap: number) {
    super(field, bad, cap, (n) => new BigInt64Array(n));
    this.#u32 = new Uint32Array(this.arr.buffer);
  }
  protected override grow(): void {
    super.grow();
    this.#u32 = new Uint32Array(this.arr.buffer);
  }
  protected override nullFill(): bigint {
    return 0n;
  }
  override take(k = this.n): Column {
    const c = super.take(k);
    this.#u32 = new Uint32Array(this.arr.buffer);
    return c;
  }
  addBytes(b: Uint8Array, s: number, e: number): void {
    while (s < e && (b[s] as number) <= 32) s++;
    while (e > s && (b[e - 1] as number) <= 32) e--;
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    if (s === e) {
      this.arr[i] = 0n;
      this.markNull(i);
      return;
    }
    if (LITTLE_ENDIAN) parseLongBytes(b, s, e, this.#u32, this.arr, i);
    else parseState.bad = true;
    if (parseState.bad) {
      // Not a plain decimal long of the range: the text path reads, reports and repairs it.
      parseState.bad = false;
      this.n = i;
      this.addText(latin1(b, s, e));
      return;
    }
    if (this.shape.nullBig !== undefined && this.arr[i] === this.shape.nullBig) this.markNull(i);
  }
  addBinary(dv: DataView, _b: Uint8Array, off: number, isNull: boolean): number {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    if (LITTLE_ENDIAN) {
      this.#u32[2 * i + 1] = dv.getUint32(off);
      this.#u32[2 * i] = dv.getUint32(off + 4);
    } else this.arr[i] = dv.getBigInt64(off);
    if (isNull || (this.shape.nullBig !== undefined && this.arr[i] === this.shape.nullBig)) this.markNull(i);
    return off + 8;
  }
  override addBinaryBatch(dv: DataView, b: Uint8Array, at: Int32Array, base: number, rel: number, n: number, starts: Int32Array, flagByte: number, mask: number): void {
    if (!LITTLE_ENDIAN) {
      super.addBinaryBatch(dv, b, at, base, rel, n, starts, flagByte, mask);
      return;
    }
    this.ensure(n);
    const u32 = this.#u32;
    const nb = this.shape.nullBig;
    // The null value's limbs, compared as numbers (no BigInt per cell).
    const nHi = nb === undefined ? -1 : Number(BigInt.asUintN(32, nb >> 32n));
    const nLo = nb === undefined ? -1 : Number(BigInt.asUintN(32, nb));
    let i = this.n;
    for (let r = 0; r < n; r++, i++) {
      const off = (at[base + r] as number) + rel;
      const hi = dv.getUint32(off);
      const lo = dv.getUint32(off + 4);
      u32[2 * i + 1] = hi;
      u32[2 * i] = lo;
      if ((hi === nHi && lo === nLo) || (mask !== 0 && ((b[(starts[r] as number) + flagByte] as number) & mask) !== 0)) this.markNull(i);
    }
    this.n = i;
  }
}

/** Reads `count` items of a numeric datatype from BINARY into a typed array. */
function readNumbers(dv: DataView, off: number, shape: FieldShape, count: number): NumArray {
  switch (shape.datatype) {
    case "double": { const a = new Float64Array(count); for (let k = 0; k < count; k++) a[k] = dv.getFloat64(off + 8 * k); return a; }
    case "float": { const a = new Float32Array(count); for (let k = 0; k < count; k++) a[k] = dv.getFloat32(off + 4 * k); return a; }
    case "int": { const a = new Int32Array(count); for (let k = 0; k < count; k++) a[k] = dv.getInt32(off + 4 * k); return a; }
    case "short": { const a = new Int16Array(count); for (let k = 0; k < count; k++) a[k] = dv.getInt16(off + 2 * k); return a; }
    case "unsignedByte": { const a = new Uint8Array(count); for (let k = 0; k < count; k++) a[k] = dv.getUint8(off + k); return a; }
    default: { const a = new BigInt64Array(count); for (let k = 0; k < count; k++) a[k] = dv.getBigInt64(off + 8 * k); return a; }
  }
}

/** The last byte of a boolean array cell that was no boolean (set by the cell decoder; -1 when none). */
let badBooleanByte = -1;

/** True for the bytes BINARY writes for a null boolean: "?", blank or NUL. */
function isBooleanNullByte(c: number): boolean {
  return c === 63 || c === 32 || c === 0;
}

/** A byte for messages: the character when printable ASCII, else its hex code. */
function byteText(c: number): string {
  return c > 32 && c < 127 ? String.fromCharCode(c) : `0x${c.toString(16).padStart(2, "0")}`;
}

function binaryBoolean(c: number): boolean | null {
  switch (c) {
    case 84: case 116: case 49: return true;
    case 70: case 102: case 48: return false;
    default: return null;
  }
}

/** Offset after the cell last decoded by {@link decodeBinaryCell}. */
let binaryEnd = 0;

/** Decodes one BINARY cell of any shape into a CellValue; the offset after it goes to `binaryEnd`. */
export function decodeBinaryCell(dv: DataView, b: Uint8Array, off: number, shape: FieldShape, astropy = false): CellValue {
  binaryEnd = decodeCell(dv, b, off, shape, astropy);
  return cellValue;
}

let cellValue: CellValue = null;

function decodeCell(dv: DataView, b: Uint8Array, off: number, shape: FieldShape, astropy: boolean): number {
  const [v, end] = decodeCellPair(dv, b, off, shape, astropy);
  cellValue = v;
  return end;
}

function decodeCellPair(dv: DataView, b: Uint8Array, off: number, shape: FieldShape, astropy: boolean): [CellValue, number] {
  let count: number;
  const fixed = binaryFixedSize(shape);
  if (fixed >= 0) {
    count = shape.isString ? fixed / itemSize(shape) : shape.count;
  } else {
    const n = dv.getUint32(off);
    off += 4;
    count = varItems(shape, n, astropy);
    if (shape.datatype === "bit") return [decodeVarBits(b, off, n, shape.unit, astropy), off + binaryVarSize(shape, n, astropy)];
  }
  const size = binaryItemsSize(shape, count);
  const start = off;
  const end = off + size;
  const { datatype } = shape;
  if (shape.isString) {
    // One string ends at its first NUL; an array of strings is cut into its
    // strings first (each padded with NULs to the first dimension).
    const one = shape.strings === 1;
    let s: string;
    if (datatype === "char") {
      let e = start;
      if (one) while (e < end && b[e] !== 0) e++;
      else e = end;
      s = decodeUtf8(b, start, e);
    } else {
      s = utf16be.decode(b.subarray(start, end));
      const z = one ? s.indexOf("\0") : -1;
      if (z >= 0) s = s.slice(0, z);
    }
    if (one) return [s, end];
    return [splitStrings(s, shape.strLen), end];
  }
  if (shape.scalar) {
    switch (datatype) {
      case "boolean": return [binaryBoolean(b[start] as number), end];
      case "bit": return [b[start] !== 0, end];
      case "floatComplex": return [[dv.getFloat32(start), dv.getFloat32(start + 4)], end];
      case "doubleComplex": return [[dv.getFloat64(start), dv.getFloat64(start + 8)], end];
      default: {
        const a = readNumbers(dv, start, shape, 1);
        return [a[0] as number | bigint, end];
      }
    }
  }
  switch (datatype) {
    case "boolean": {
      const out: (boolean | null)[] = [];
      for (let k = 0; k < count; k++) {
        const c = b[start + k] as number;
        const v = binaryBoolean(c);
        if (v === null && !isBooleanNullByte(c)) badBooleanByte = c;
        out.push(v);
      }
      return [out, end];
    }
    case "bit": {
      const out: (boolean | null)[] = [];
      for (let k = 0; k < count; k++) out.push((((b[start + (k >> 3)] as number) >> (7 - (k & 7))) & 1) === 1);
      return [out, end];
    }
    case "floatComplex": case "doubleComplex": {
      const out: Complex[] = [];
      const w = datatype === "floatComplex" ? 4 : 8;
      for (let k = 0; k < count; k++) {
        const p = start + 2 * w * k;
        out.push(w === 4 ? [dv.getFloat32(p), dv.getFloat32(p + 4)] : [dv.getFloat64(p), dv.getFloat64(p + 8)]);
      }
      return [out, end];
    }
    default: return [readNumbers(dv, start, shape, count), end];
  }
}

/** The bits of a variable bit array with count prefix `n`: packed, or in astropy's layout (see {@link binaryVarSize}). */
function decodeVarBits(b: Uint8Array, off: number, n: number, unit: number, astropy: boolean): boolean[] {
  const total = astropy ? n * unit : n;
  const out = new Array<boolean>(total);
  if (!astropy) {
    for (let k = 0; k < total; k++) out[k] = (((b[off + (k >> 3)] as number) >> (7 - (k & 7))) & 1) === 1;
    return out;
  }
  // astropy writes a bit of a `*` array as the byte 0x08 (and reads bit 3); any non-zero byte is taken as 1.
  if (unit === 1) {
    for (let e = 0; e < n; e++) out[e] = b[off + e] !== 0;
    return out;
  }
  const w = Math.ceil(unit / 8);
  for (let e = 0; e < n; e++) {
    for (let k = 0; k < unit; k++) out[e * unit + k] = (((b[off + e * w + (k >> 3)] as number) >> (7 - (k & 7))) & 1) === 1;
  }
  return out;
}

/** Anything that is not a scalar number: strings, booleans, complexes, variable arrays. */
export class GenericBuilder extends ColumnBuilder {
  readonly kind = BuilderKind.Generic;
  values: CellValue[] = [];
  readonly #boolean = this.shape.scalar && this.shape.datatype === "boolean";
  addBytes(b: Uint8Array, s: number, e: number): void {
    if (this.#boolean) {
      while (s < e && (b[s] as number) <= 32) s++;
      while (e > s && (b[e - 1] as number) <= 32) e--;
      if (e - s <= 1) {
        const v = s === e ? null : binaryBoolean(b[s] as number);
        if (v !== null || s === e || b[s] === 63) {
          this.push(v);
          return;
        }
      }
    }
    this.addText(decodeUtf8(b, s, e));
  }
  addText(t: string): void {
    let v = this.decode(t, this.n);
    if (v !== null && isNullValue(v, this.shape)) v = null;
    this.push(v);
  }
  protected push(v: CellValue): void {
    const i = this.n++;
    this.values.push(v);
    if (v === null) this.markNull(i);
  }
  addNull(): void {
    this.push(null);
  }
  addBinary(dv: DataView, b: Uint8Array, off: number, isNull: boolean): number {
    const shape = this.shape;
    if (this.#boolean) {
      const c = b[off] as number;
      const v = binaryBoolean(c);
      if (v === null && !isNull && !isBooleanNullByte(c)) this.report(byteText(c), "VO_WARN_VOTABLE_VALUE", "not a boolean byte", "read as null", this.n);
      this.push(isNull ? null : v);
      return off + 1;
    }
    if (this.fixedSize < 0 && !shape.isString && (shape.bound >= 0 || shape.unit > 1)) {
      const count = dv.getUint32(off);
      const items = varItems(shape, count, this.astropy);
      const rows = items / shape.unit;
      let problem: string | undefined;
      if (items % shape.unit !== 0) problem = `${items} elements, not a whole number of rows of ${shape.unit}`;
      else if (shape.bound >= 0 && rows > shape.bound) problem = `${rows} elements where the arraysize allows at most ${shape.bound}`;
      if (problem !== undefined) {
        this.report(`${rows === count ? count : items} elements`, "VO_WARN_VOTABLE_ELEMENTS", problem, "read as null", this.n);
        this.push(null);
        return off + 4 + binaryVarSize(shape, count, this.astropy);
      }
    }
    badBooleanByte = -1;
    const v = decodeBinaryCell(dv, b, off, shape, this.astropy);
    if (badBooleanByte >= 0 && !isNull) {
      this.report(byteText(badBooleanByte), "VO_WARN_VOTABLE_VALUE", "not a boolean byte in a boolean array", "that element read as null", this.n);
    }
    this.push(isNull || isNullValue(v, shape) ? null : v);
    return binaryEnd;
  }
  override clear(): void {
    super.clear();
    this.values = [];
  }
  take(k = this.n): Column {
    const all = this.values;
    const col = new ArrayColumn(this.field, k === all.length ? all : all.slice(0, k), this.takeNulls(k));
    this.gone += k;
    this.values = all.slice(k);
    this.n = this.values.length;
    return col;
  }
}

/** True when a double in `a[s, s + n)` is finite but beyond the float range. */
function outOfFloat(a: NumArray, s: number, n: number): boolean {
  for (let k = s; k < s + n; k++) {
    const v = a[k] as number;
    if ((v > FLOAT32_MAX || v < -FLOAT32_MAX) && v !== Infinity && v !== -Infinity) return true;
  }
  return false;
}

/** Fixed-size numeric arrays (float[3], double[2x2]) stored flat. */
export class FlatBuilder extends ColumnBuilder {
  readonly kind = BuilderKind.Flat;
  #flat: NumArray;
  readonly #count: number;
  constructor(field: Field, bad: BadCell, cap: number) {
    super(field, bad, cap);
    this.#count = this.shape.count;
    this.#flat = this.#make(cap * this.#count);
  }
  #make(n: number): NumArray {
    switch (this.shape.datatype) {
      case "double": return new Float64Array(n);
      case "float": return new Float32Array(n);
      case "int": return new Int32Array(n);
      case "short": return new Int16Array(n);
      case "unsignedByte": return new Uint8Array(n);
      default: return new BigInt64Array(n);
    }
  }
  #slot(): number {
    if ((this.n + 1) * this.#count > this.#flat.length) {
      this.cap = Math.max(Math.min(1024, Math.floor((1 << 24) / this.#count)), this.cap * 2);
      const g = this.#make(this.cap * this.#count);
      g.set(this.#flat as never);
      this.#flat = g;
    }
    return this.n++;
  }
  addBytes(b: Uint8Array, s: number, e: number): void {
    const i = this.#slot();
    const base = i * this.#count;
    const flat = this.#flat;
    const float = flat instanceof Float64Array || flat instanceof Float32Array;
    const [lo, hi] = intRange(this.shape.datatype);
    let ok = true;
    let k = 0;
    let p = s;
    for (;;) {
      while (p < e && isSpace(b[p] as number)) p++;
      if (p >= e) break;
      let q = p;
      while (q < e && !isSpace(b[q] as number) && b[q] !== 44) q++;
      if (k < this.#count) {
        if (float) flat[base + k] = parseDoubleBytes(b, p, q);
        else if (flat instanceof BigInt64Array) {
          try {
            const v = BigInt(latin1(b, p, q));
            if (v === BigInt.asIntN(64, v)) flat[base + k] = v;
            else ok = false;
          } catch {
            ok = false;
          }
        } else {
          const v = parseIntBytes(b, p, q);
          if (v < lo || v > hi) ok = false;
          else flat[base + k] = v;
        }
        if (parseState.bad) {
          parseState.bad = false;
          ok = false;
        }
      }
      k++;
      p = q + 1;
      if (!ok) break;
    }
    if (k === 0) {
      this.markNull(i);
      if (float) flat.fill(Number.NaN as never, base, base + this.#count);
      return;
    }
    if (ok && k === this.#count && !(this.shape.datatype === "float" && outOfFloat(flat, base, k))) return;
    // Not a plain array of the right size: the text path reports and repairs it.
    this.n = i;
    this.addText(decodeUtf8(b, s, e));
  }
  addText(t: string): void {
    const i = this.#slot();
    const v = this.decode(t, i);
    const base = i * this.#count;
    if (v === null || typeof v !== "object" || !("length" in v) || v.length !== this.#count) {
      this.markNull(i);
      if (this.#flat instanceof Float64Array || this.#flat instanceof Float32Array) this.#flat.fill(Number.NaN, base, base + this.#count);
      return;
    }
    this.#flat.set(v as never, base);
  }
  addNull(): void {
    const i = this.#slot();
    this.markNull(i);
    const base = i * this.#count;
    if (this.#flat instanceof Float64Array || this.#flat instanceof Float32Array) this.#flat.fill(Number.NaN, base, base + this.#count);
  }
  addBinary(dv: DataView, _b: Uint8Array, off: number, isNull: boolean): number {
    const i = this.#slot();
    const base = i * this.#count;
    const flat = this.#flat;
    const c = this.#count;
    switch (this.shape.datatype) {
      case "double": for (let k = 0; k < c; k++) flat[base + k] = dv.getFloat64(off + 8 * k); off += 8 * c; break;
      case "float": for (let k = 0; k < c; k++) flat[base + k] = dv.getFloat32(off + 4 * k); off += 4 * c; break;
      case "int": for (let k = 0; k < c; k++) flat[base + k] = dv.getInt32(off + 4 * k); off += 4 * c; break;
      case "short": for (let k = 0; k < c; k++) flat[base + k] = dv.getInt16(off + 2 * k); off += 2 * c; break;
      case "unsignedByte": for (let k = 0; k < c; k++) flat[base + k] = dv.getUint8(off + k); off += c; break;
      default: for (let k = 0; k < c; k++) flat[base + k] = dv.getBigInt64(off + 8 * k); off += 8 * c;
    }
    if (isNull) this.markNull(i);
    return off;
  }
  override addBinaryBatch(dv: DataView, b: Uint8Array, at: Int32Array, base: number, rel: number, n: number, starts: Int32Array, flagByte: number, mask: number): void {
    const c = this.#count;
    if (this.n + n > this.cap || (this.n + n) * c > this.#flat.length) {
      while (this.n + n > this.cap) this.cap = Math.max(Math.min(1024, Math.floor((1 << 24) / c)), this.cap * 2);
      const g = this.#make(this.cap * c);
      g.set(this.#flat.subarray(0, this.n * c) as never);
      this.#flat = g;
    }
    const flat = this.#flat;
    const dt = this.shape.datatype;
    let i = this.n;
    if (dt === "float" || dt === "double") {
      const w = dt === "double" ? 8 : 4;
      for (let r = 0; r < n; r++, i++) {
        const off = (at[base + r] as number) + rel;
        const o = i * c;
        if (w === 8) for (let k = 0; k < c; k++) flat[o + k] = dv.getFloat64(off + 8 * k);
        else for (let k = 0; k < c; k++) flat[o + k] = dv.getFloat32(off + 4 * k);
        if (mask !== 0 && ((b[(starts[r] as number) + flagByte] as number) & mask) !== 0) this.markNull(i);
      }
      this.n = i;
      return;
    }
    super.addBinaryBatch(dv, b, at, base, rel, n, starts, flagByte, mask);
  }
  take(k = this.n): Column {
    const n = this.n;
    const c = this.#count;
    const flat = keep(this.#flat, k * c);
    const col = new FlatColumn(this.field, flat, c, k, this.takeNulls(k));
    this.gone += k;
    const rest = this.#flat.slice(k * c, n * c);
    this.#flat = this.#make(this.cap * c);
    this.#flat.set(rest as never);
    this.n = n - k;
    return col;
  }
}

/** True when `b[s, e)` holds a 4-byte UTF-8 sequence (a character outside UCS-2). */
function hasFourByteUtf8(b: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if ((b[k] as number) >= 0xf0) return true;
  return false;
}

/** Strings kept as UTF-8 bytes with offsets; decoded on access. */
class StringColumn implements Column {
  #values: CellValue[] | undefined;
  constructor(readonly field: Field, readonly bytes: Uint8Array, readonly offsets: Uint32Array, readonly length: number, readonly nulls: Uint8Array | undefined) {}
  get values(): CellValue[] {
    if (this.#values === undefined) {
      const v: CellValue[] = new Array<CellValue>(this.length);
      for (let i = 0; i < this.length; i++) v[i] = this.get(i);
      this.#values = v;
    }
    return this.#values;
  }
  get(i: number): CellValue {
    if (this.nulls !== undefined && this.nulls[i] === 1) return null;
    return decodeUtf8(this.bytes, this.offsets[i] as number, this.offsets[i + 1] as number);
  }
}

const encoder = new TextEncoder();

/** Scalar strings (char/unicodeChar with one dimension or none), stored as UTF-8. */
export class StringBuilder extends ColumnBuilder {
  readonly kind = BuilderKind.String;
  #bytes: Uint8Array;
  #offsets: Uint32Array;
  #pos = 0;
  readonly #nullText: string | undefined;
  /** Most characters a cell may hold (Infinity when unbounded). */
  readonly #max: number;
  readonly #unicode: boolean;
  /** True when cells need checking (length bound or UCS-2). */
  readonly #checked: boolean;
  constructor(field: Field, bad: BadCell, cap: number) {
    super(field, bad, cap);
    this.#max = maxChars(this.shape);
    this.#unicode = this.shape.datatype === "unicodeChar";
    this.#checked = this.#max !== Infinity || this.#unicode;
    this.#bytes = new Uint8Array(Math.max(1024, Math.min(cap * 16, 1 << 26)));
    this.#offsets = new Uint32Array(cap + 1);
    const nt = this.shape.nullText;
    this.#nullText = nt !== undefined && nt !== "" ? nt : undefined;
  }
  #room(n: number): void {
    if (this.#pos + n > this.#bytes.length) {
      // Grow to the size the expected rows need at the mean length so far
      // (one growth, little waste) unless that is no real growth: then double.
      const len = this.#bytes.length;
      const want = this.cap > this.n && this.n >= 256 ? Math.ceil((this.#pos / this.n) * this.cap * 1.05) + n : 0;
      const g = new Uint8Array(Math.max(this.#pos + n, want >= len * 1.125 ? want : len * 2));
      g.set(this.#bytes.subarray(0, this.#pos));
      this.#bytes = g;
    }
    if (this.n + 2 > this.#offsets.length) {
      const g = new Uint32Array(Math.max(this.n + 2, this.#offsets.length * 2));
      g.set(this.#offsets);
      this.#offsets = g;
    }
  }
  #end(): void {
    const i = this.n++;
    this.#offsets[i + 1] = this.#pos;
    if (this.#nullText !== undefined && decodeUtf8(this.#bytes, this.#offsets[i] as number, this.#pos) === this.#nullText) this.markNull(i);
  }
  addBytes(b: Uint8Array, s: number, e: number): void {
    const n = e - s;
    if (this.#checked && (n > this.#max || (this.#unicode && hasFourByteUtf8(b, s, e)))) {
      this.addText(decodeUtf8(b, s, e));
      return;
    }
    this.#room(n);
    const out = this.#bytes;
    let p = this.#pos;
    if (n <= 64) for (let k = s; k < e; k++) out[p++] = b[k] as number;
    else {
      out.set(b.subarray(s, e), p);
      p += n;
    }
    this.#pos = p;
    this.#end();
  }
  addText(text: string): void {
    const t = this.#checked ? (this.decode(text, this.n) as string) : text;
    this.#room(t.length * 3);
    this.#pos += encoder.encodeInto(t, this.#bytes.subarray(this.#pos)).written;
    this.#end();
  }
  addNull(): void {
    this.#room(0);
    const i = this.n++;
    this.#offsets[i + 1] = this.#pos;
    this.markNull(i);
  }
  addBinary(dv: DataView, b: Uint8Array, off: number, isNull: boolean): number {
    const shape = this.shape;
    let n: number;
    let start = off;
    if (this.fixedSize >= 0) n = this.fixedSize;
    else {
      n = dv.getUint32(off) * (shape.datatype === "unicodeChar" ? 2 : 1);
      start = off + 4;
    }
    const end = start + n;
    if (shape.datatype === "unicodeChar") {
      let str = utf16be.decode(b.subarray(start, end));
      const z = str.indexOf("\0");
      if (z >= 0) str = str.slice(0, z);
      this.addText(str);
    } else {
      let e = start;
      while (e < end && b[e] !== 0) e++;
      this.addBytes(b, start, e);
    }
    if (isNull && (this.nulls === undefined || this.nulls[this.n - 1] !== 1)) this.markNull(this.n - 1);
    return end;
  }
  override addBinaryBatch(dv: DataView, b: Uint8Array, at: Int32Array, base: number, rel: number, n: number, starts: Int32Array, flagByte: number, mask: number): void {
    if (this.shape.datatype !== "char" || this.#nullText !== undefined || (this.fixedSize < 0 && this.#max !== Infinity)) {
      super.addBinaryBatch(dv, b, at, base, rel, n, starts, flagByte, mask);
      return;
    }
    const fixed = this.fixedSize;
    // Room for the offsets, and for the bytes of a fixed width.
    this.#room(fixed >= 0 ? fixed * n : 0);
    if (this.n + n + 1 > this.#offsets.length) {
      const g = new Uint32Array(Math.max(this.n + n + 1, this.#offsets.length * 2));
      g.set(this.#offsets);
      this.#offsets = g;
    }
    const offsets = this.#offsets;
    let out = this.#bytes;
    let pos = this.#pos;
    let i = this.n;
    for (let r = 0; r < n; r++, i++) {
      let s = (at[base + r] as number) + rel;
      let e: number;
      if (fixed >= 0) e = s + fixed;
      else {
        e = s + 4 + dv.getUint32(s);
        s += 4;
      }
      let z = s;
      while (z < e && b[z] !== 0) z++;
      const len = z - s;
      if (pos + len > out.length) {
        this.#pos = pos;
        this.#room(len + (n - r) * 16);
        out = this.#bytes;
      }
      if (len <= 32) for (let k = s; k < z; k++) out[pos++] = b[k] as number;
      else {
        out.set(b.subarray(s, z), pos);
        pos += len;
      }
      offsets[i + 1] = pos;
      if (mask !== 0 && ((b[(starts[r] as number) + flagByte] as number) & mask) !== 0) this.markNull(i);
    }
    this.#pos = pos;
    this.n = i;
  }
  take(k = this.n): Column {
    const n = this.n;
    const offs = this.#offsets;
    const cut = offs[k] as number;
    const col = new StringColumn(this.field, keep(this.#bytes, cut), keep(offs, k + 1), k, this.takeNulls(k));
    this.gone += k;
    const restBytes = this.#bytes.slice(cut, this.#pos);
    const restOffs = offs.slice(k, n + 1);
    this.#bytes = new Uint8Array(Math.max(1024, restBytes.length * 2));
    this.#bytes.set(restBytes);
    this.#offsets = new Uint32Array(Math.max(16, restOffs.length * 2));
    for (let j = 0; j < restOffs.length; j++) this.#offsets[j] = (restOffs[j] as number) - cut;
    this.#pos = restBytes.length;
    this.n = n - k;
    return col;
  }
  override clear(): void {
    super.clear();
    this.#pos = 0;
  }
}

/** Scalar booleans stored as codes (0 false, 1 true, 2 null); `values` materialises on first use. */
class BooleanColumn implements Column {
  #values: CellValue[] | undefined;
  constructor(readonly field: Field, readonly codes: Uint8Array, readonly nulls: Uint8Array | undefined) {}
  get values(): CellValue[] {
    if (this.#values === undefined) this.#values = Array.from(this.codes, (c) => (c === 2 ? null : c === 1));
    return this.#values;
  }
  get(i: number): CellValue {
    const c = this.codes[i];
    return c === 2 || c === undefined ? null : c === 1;
  }
}

/** Scalar booleans. */
export class BooleanBuilder extends ColumnBuilder {
  readonly kind = BuilderKind.Boolean;
  #codes: Uint8Array;
  constructor(field: Field, bad: BadCell, cap: number) {
    super(field, bad, cap);
    this.#codes = new Uint8Array(cap);
  }
  #set(v: boolean | null): void {
    if (this.n === this.#codes.length) {
      const g = new Uint8Array(Math.max(1024, this.#codes.length * 2));
      g.set(this.#codes);
      this.#codes = g;
    }
    const i = this.n++;
    this.#codes[i] = v === null ? 2 : v ? 1 : 0;
    if (v === null) this.markNull(i);
  }
  addBytes(b: Uint8Array, s: number, e: number): void {
    while (s < e && (b[s] as number) <= 32) s++;
    while (e > s && (b[e - 1] as number) <= 32) e--;
    if (e - s <= 1) {
      const v = s === e ? null : binaryBoolean(b[s] as number);
      if (v !== null || s === e || b[s] === 63) {
        this.#set(v);
        return;
      }
    }
    this.addText(decodeUtf8(b, s, e));
  }
  addText(t: string): void {
    this.#set(this.decode(t, this.n) as boolean | null);
  }
  addNull(): void {
    this.#set(null);
  }
  addBinary(_dv: DataView, b: Uint8Array, off: number, isNull: boolean): number {
    const c = b[off] as number;
    const v = binaryBoolean(c);
    if (v === null && !isNull && !isBooleanNullByte(c)) this.report(byteText(c), "VO_WARN_VOTABLE_VALUE", "not a boolean byte", "read as null", this.n);
    this.#set(isNull ? null : v);
    return off + 1;
  }
  override addBinaryBatch(_dv: DataView, b: Uint8Array, at: Int32Array, base: number, rel: number, n: number, starts: Int32Array, flagByte: number, mask: number): void {
    if (this.n + n > this.#codes.length) {
      const g = new Uint8Array(Math.max(1024, this.#codes.length * 2, this.n + n));
      g.set(this.#codes);
      this.#codes = g;
    }
    const codes = this.#codes;
    let i = this.n;
    for (let r = 0; r < n; r++, i++) {
      let code = 2;
      if (mask === 0 || ((b[(starts[r] as number) + flagByte] as number) & mask) === 0) {
        const c = b[(at[base + r] as number) + rel] as number;
        code = c === 84 || c === 116 || c === 49 ? 1 : c === 70 || c === 102 || c === 48 ? 0 : 2;
        if (code === 2 && !isBooleanNullByte(c)) {
          this.report(byteText(c), "VO_WARN_VOTABLE_VALUE", "not a boolean byte", "read as null", i);
        }
      }
      codes[i] = code;
      if (code === 2) this.markNull(i);
    }
    this.n = i;
  }
  take(k = this.n): Column {
    const n = this.n;
    const codes = this.#codes;
    const col = new BooleanColumn(this.field, keep(codes, k), this.takeNulls(k));
    this.gone += k;
    this.#codes = new Uint8Array(Math.max(16, (n - k) * 2));
    this.#codes.set(codes.subarray(k, n));
    this.n = n - k;
    return col;
  }
}

/** Creates the builder that suits a field; `cap` is the expected row count. */
export function createBuilder(field: Field, bad: BadCell, cap = 1024): ColumnBuilder {
  const shape = fieldShape(field);
  const c = Math.max(16, cap);
  if (shape.scalar) {
    switch (shape.datatype) {
      case "double": return new FloatBuilder(field, bad, c, (n) => new Float64Array(n));
      case "float": return new FloatBuilder(field, bad, c, (n) => new Float32Array(n));
      case "int": return new IntBuilder(field, bad, c, (n) => new Int32Array(n));
      case "short": return new IntBuilder(field, bad, c, (n) => new Int16Array(n));
      case "unsignedByte": return new IntBuilder(field, bad, c, (n) => new Uint8Array(n));
      case "long": return new LongBuilder(field, bad, c);
      default: break;
    }
  } else if (!shape.isString && shape.count > 0 && ["double", "float", "int", "short", "unsignedByte", "long"].includes(shape.datatype)) {
    // At most 16 Mi items allocated ahead, whatever the cell size.
    return new FlatBuilder(field, bad, Math.max(1, Math.min(c, 1 << 16, Math.floor((1 << 24) / shape.count))));
  }
  if (shape.isString && shape.strings === 1) return new StringBuilder(field, bad, c);
  if (shape.scalar && shape.datatype === "boolean") return new BooleanBuilder(field, bad, c);
  return new GenericBuilder(field, bad, c);
}


/**
 * Stores cell j of `rows[0, n)` from cells `[from, from + n)` of `col` (rows
 * filled column by column: one tight loop per column instead of a dispatch
 * per cell).
 */
export function fillRows(col: Column, from: number, rows: CellValue[][], n: number, j: number): void {
  const nulls = col.nulls;
  if (col instanceof ScalarColumn) {
    const v = col.values;
    if (nulls === undefined) for (let i = 0; i < n; i++) (rows[i] as CellValue[])[j] = v[from + i] as number | bigint;
    else for (let i = 0; i < n; i++) (rows[i] as CellValue[])[j] = nulls[from + i] === 1 ? null : (v[from + i] as number | bigint);
  } else if (col instanceof StringColumn) {
    const b = col.bytes;
    const o = col.offsets;
    for (let i = 0; i < n; i++) {
      const k = from + i;
      (rows[i] as CellValue[])[j] = nulls !== undefined && nulls[k] === 1 ? null : decodeUtf8(b, o[k] as number, o[k + 1] as number);
    }
  } else if (col instanceof BooleanColumn) {
    const c = col.codes;
    for (let i = 0; i < n; i++) {
      const k = c[from + i];
      (rows[i] as CellValue[])[j] = k === 2 || k === undefined ? null : k === 1;
    }
  } else if (col instanceof FlatColumn) {
    const f = col.flat;
    const c = col.count;
    // Views made with the constructor (faster than subarray).
    const T = f.constructor as new (b: ArrayBufferLike, o: number, l: number) => NumArray;
    const buf = f.buffer;
    const w = f.BYTES_PER_ELEMENT * c;
    const bo = f.byteOffset + from * w;
    for (let i = 0; i < n; i++) (rows[i] as CellValue[])[j] = nulls !== undefined && nulls[from + i] === 1 ? null : new T(buf, bo + i * w, c);
  } else for (let i = 0; i < n; i++) (rows[i] as CellValue[])[j] = col.get(from + i);
}

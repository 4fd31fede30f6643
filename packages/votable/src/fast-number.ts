/**
 * Exact number parsing straight from ASCII bytes. Fast path after Clinger:
 * a decimal with at most 15 significant digits and a power of ten within
 * ±22 is exact with one IEEE multiplication or division; anything else
 * falls back to `Number()` on the text.
 */

const POW10 = new Float64Array(23);
for (let i = 0, p = 1; i < 23; i++, p *= 10) POW10[i] = p;

interface NodeBufferProto {
  latin1Slice(this: Uint8Array, s: number, e: number): string;
  utf8Slice(this: Uint8Array, s: number, e: number): string;
}

/** Node's Buffer string slicers (fresh flat strings, fastest), when running on Node. */
export const nodeSlicers: NodeBufferProto | undefined = (() => {
  const B = (globalThis as { Buffer?: { prototype: Partial<NodeBufferProto> } }).Buffer;
  const p = B?.prototype;
  return p && typeof p.latin1Slice === "function" && typeof p.utf8Slice === "function" ? (p as NodeBufferProto) : undefined;
})();

const latin1Decoder = new TextDecoder("latin1");

/** Latin-1 text of a byte range (numbers and short ASCII strings), as a fresh flat string. */
export function latin1(b: Uint8Array, s: number, e: number): string {
  if (nodeSlicers !== undefined) return nodeSlicers.latin1Slice.call(b, s, e);
  if (e - s <= 16) return String.fromCharCode.apply(null, b.subarray(s, e) as unknown as number[]);
  return latin1Decoder.decode(b.subarray(s, e));
}

/** A float spelled other than as a plain decimal: NaN, ±Inf, hex…; `parseState.bad` for garbage. */
function slowOrBad(b: Uint8Array, s: number, e: number): number {
  const t = latin1(b, s, e).trim();
  const n = Number(t);
  if (!Number.isNaN(n)) return n;
  const m = /^([+-]?)(inf|infinity)$/i.exec(t);
  if (m) return m[1] === "-" ? -Infinity : Infinity;
  if (!/^[+-]?nan$/i.test(t)) parseState.bad = true;
  return Number.NaN;
}

const SPLIT = 134217729; // 2^27 + 1

/** The rounding error of `p = a * b` (Dekker), exact barring overflow. */
function productError(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HI = littleEndianHost() ? 1 : 0;

function littleEndianHost(): boolean {
  return new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
}

/**
 * `(a + b) * 10^exp` correctly rounded, for exact doubles a, b (a 16–17
 * digit mantissa split in two) and |exp| <= 22, with double-double
 * arithmetic. NaN when the result is too close to a rounding tie (or a power
 * of two) to be sure: the caller then uses Number().
 */
function exactScale(a: number, b: number, exp: number): number {
  const s = a + b;
  const bb = s - a;
  const t = a - (s - bb) + (b - bb);
  let r: number;
  let d: number;
  if (exp >= 0) {
    const P = POW10[exp] as number;
    const p = s * P;
    const corr = productError(s, P, p) + t * P;
    r = p + corr;
    d = p - r + corr;
  } else {
    const P = POW10[-exp] as number;
    const q = s / P;
    const h = q * P;
    const rem = s - h - productError(q, P, h) + t;
    const c = rem / P;
    r = q + c;
    d = q - r + c;
  }
  F64[0] = r;
  const hiWord = U32[HI] as number;
  const bexp = (hiWord >>> 20) & 0x7ff;
  if (bexp === 0 || bexp === 0x7ff || ((hiWord & 0xfffff) === 0 && U32[1 - HI] === 0)) return Number.NaN;
  const half = 2 ** (bexp - 1076);
  if (Math.abs(Math.abs(d) - half) <= half * 1e-6) return Number.NaN;
  return r;
}

/** Set by the parsers when the last text was not a number. */
export const parseState = { bad: false };

/**
 * Parses a float/double from a trimmed, non-empty byte range. Sets
 * `parseState.bad` when the text is not a number (and returns NaN).
 */
export function parseDoubleBytes(b: Uint8Array, s: number, e: number): number {
  let i = s;
  let c = b[i] as number;
  let neg = false;
  if (c === 45) { neg = true; c = b[++i] as number; } else if (c === 43) { c = b[++i] as number; }
  // Significant digits: the first 9 in `hi`, the next ones in `lo`.
  let hi = 0;
  let lo = 0;
  let nd = 0;
  let exp = 0;
  let digits = 0;
  while (i < e && c >= 48 && c <= 57) {
    if (nd > 0 || c !== 48) {
      if (nd < 9) hi = hi * 10 + (c - 48);
      else lo = lo * 10 + (c - 48);
      nd++;
    }
    digits++;
    c = b[++i] as number;
  }
  if (i < e && c === 46) {
    c = b[++i] as number;
    while (i < e && c >= 48 && c <= 57) {
      if (nd > 0 || c !== 48) {
        if (nd < 9) hi = hi * 10 + (c - 48);
        else lo = lo * 10 + (c - 48);
        nd++;
      }
      exp--;
      digits++;
      c = b[++i] as number;
    }
  }
  if (digits === 0) return slowOrBad(b, s, e);
  if (i < e && (c === 101 || c === 69)) {
    c = b[++i] as number;
    let eneg = false;
    if (c === 45) { eneg = true; c = b[++i] as number; } else if (c === 43) { c = b[++i] as number; }
    let ev = 0;
    let ed = 0;
    while (i < e && c >= 48 && c <= 57) { if (ev < 100000) ev = ev * 10 + (c - 48); ed++; c = b[++i] as number; }
    if (ed === 0) return slowOrBad(b, s, e);
    exp += eneg ? -ev : ev;
  }
  if (i !== e) return slowOrBad(b, s, e);
  if (exp < -22 || exp > 22 || nd > 17) return Number(latin1(b, s, e));
  let v: number;
  if (nd <= 15) {
    // Clinger: the mantissa and 10^|exp| are exact, one rounding.
    const mant = nd <= 9 ? hi : hi * (POW10[nd - 9] as number) + lo;
    v = exp < 0 ? mant / (POW10[-exp] as number) : exp > 0 ? mant * (POW10[exp] as number) : mant;
  } else {
    v = exactScale(hi * (POW10[nd - 9] as number), lo, exp);
    if (v !== v) return Number(latin1(b, s, e));
  }
  return neg ? -v : v;
}


/**
 * Parses an integer (int, short, unsignedByte) from a trimmed, non-empty
 * byte range; decimal fast path, hex and other spellings through Number().
 * Sets `parseState.bad` for text that is not an integer (a fraction too);
 * the range of the datatype is the caller's to check.
 */
export function parseIntBytes(b: Uint8Array, s: number, e: number): number {
  let i = s;
  let c = b[i] as number;
  let neg = false;
  if (c === 45) { neg = true; c = b[++i] as number; } else if (c === 43) { c = b[++i] as number; }
  if (e - i > 0 && e - i <= 15) {
    let v = 0;
    for (; i < e; i++) {
      c = b[i] as number;
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
    }
    if (i === e) return neg ? -v : v;
  }
  const n = Number(latin1(b, s, e).trim());
  if (Number.isInteger(n)) return n;
  // A fraction, or not a number: the caller's text path says which.
  parseState.bad = true;
  return 0;
}

const TWO32 = 4294967296;

/**
 * Parses a 64-bit integer from a trimmed, non-empty byte range into two
 * 32-bit limbs written at `u32[2*k]` (low) and `u32[2*k+1]` (high), little
 * endian. Falls back to BigInt for hexadecimal text.
 * Sets `parseState.bad` for text that is not an integer or is out of the long range.
 */
export function parseLongBytes(b: Uint8Array, s: number, e: number, u32: Uint32Array, big: BigInt64Array, k: number): void {
  let i = s;
  let c = b[i] as number;
  let neg = false;
  if (c === 45) { neg = true; c = b[++i] as number; } else if (c === 43) { c = b[++i] as number; }
  if (i < e && e - i <= 19) {
    let lo = 0;
    let hi = 0;
    for (; i < e; i++) {
      c = b[i] as number;
      if (c < 48 || c > 57) break;
      lo = lo * 10 + (c - 48);
      hi *= 10;
      if (lo >= TWO32) {
        const carry = Math.floor(lo / TWO32);
        lo -= carry * TWO32;
        hi += carry;
      }
    }
    if (i === e && hi < 2147483648) {
      if (neg && (lo !== 0 || hi !== 0)) {
        // two's complement of (hi, lo)
        lo = TWO32 - lo;
        hi = TWO32 - 1 - hi;
        if (lo === TWO32) { lo = 0; hi += 1; }
        if (hi === TWO32) hi = 0;
      }
      u32[2 * k] = lo;
      u32[2 * k + 1] = hi;
      return;
    }
    if (i === e && neg && hi === 2147483648 && lo === 0) {
      u32[2 * k] = 0;
      u32[2 * k + 1] = 2147483648;
      return;
    }
  }
  const t = latin1(b, s, e).trim();
  try {
    const v = BigInt(t.startsWith("+") ? t.slice(1) : t);
    if (v === BigInt.asIntN(64, v)) big[k] = v;
    else parseState.bad = true;
  } catch {
    // Not a plain integer (a fraction, an exponent, garbage): the caller's text path says which.
    parseState.bad = true;
  }
}

/** True on little-endian hosts (the limb layout above assumes it). */
export const LITTLE_ENDIAN = littleEndianHost();

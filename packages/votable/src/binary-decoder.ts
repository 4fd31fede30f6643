/**
 * BINARY and BINARY2 serialisations: an incremental base64 decoder over the
 * raw bytes of a STREAM element and a row decoder with a carry-over buffer
 * for rows split across chunks.
 */
import type { ColumnBuilder } from "./column-builder.js";
import { binaryFixedSize, binaryVarStep } from "./column-builder.js";
import { nodeSlicers } from "./fast-number.js";

/** Node's native base64 writer, when running on Node. */
const base64Write = (globalThis as { Buffer?: { prototype: { base64Write?: (this: Uint8Array, s: string, offset: number, length: number) => number } } })
  .Buffer?.prototype.base64Write;

/** Node's Buffer indexOf (memchr; several times faster than TypedArray indexOf), when running on Node. */
const nodeIndexOf = (globalThis as { Buffer?: { prototype: { indexOf?: (this: Uint8Array, v: number, from: number) => number } } })
  .Buffer?.prototype.indexOf;

const WS = 64;
const PAD = 65;
const BAD = 255;
const TABLE = new Uint8Array(256).fill(BAD);
{
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < 64; i++) TABLE[abc.charCodeAt(i)] = i;
  for (const c of [32, 9, 10, 13]) TABLE[c] = WS;
  TABLE[61] = PAD;
}

/** Decodes a whole base64 text held as bytes (TD cells with encoding="base64"). */
export function decodeBase64(b: Uint8Array): Uint8Array {
  const d = new Base64Decoder();
  const out = new Uint8Array(Math.ceil((b.length * 3) / 4) + 3);
  const r = d.decode(b, 0, b.length, out, 0);
  return out.subarray(0, r.out);
}

/** Incremental base64 decoder: state carries over between calls. */
export class Base64Decoder {
  #acc = 0;
  #n = 0;
  /** Lines seen (newline bytes). */
  lines = 0;
  /** Index of the first invalid byte met, if any (as an absolute count of bytes). */
  invalid = -1;

  /**
   * Decodes `b[s, e)` into `out` from `o`, stopping at `<`. Returns where it
   * stopped in `b` (`stop`, equal to `e` when no `<` was met) and the end in `out`.
   */
  decode(b: Uint8Array, s: number, e: number, out: Uint8Array, o: number): { stop: number; out: number } {
    let acc = this.#acc;
    let n = this.#n;
    let i = s;
    for (; i < e; i++) {
      const c = b[i] as number;
      const v = TABLE[c] as number;
      if (v < 64) {
        acc = (acc << 6) | v;
        if (++n === 4) {
          out[o++] = (acc >>> 16) & 255;
          out[o++] = (acc >>> 8) & 255;
          out[o++] = acc & 255;
          n = 0;
          acc = 0;
        }
      } else if (v === WS) {
        if (c === 10) this.lines++;
      } else if (c === 60) break;
      else if (v === PAD) {
        if (n === 2) out[o++] = (acc >>> 4) & 255;
        else if (n === 3) {
          out[o++] = (acc >>> 10) & 255;
          out[o++] = (acc >>> 2) & 255;
        }
        n = 0;
        acc = 0;
      } else if (this.invalid < 0) this.invalid = i;
    }
    this.#acc = acc;
    this.#n = n;
    return { stop: i, out: o };
  }

  /** True when no partial quad is pending. */
  get aligned(): boolean {
    return this.#n === 0;
  }

  /** Bits left over without padding at the end (n = 2 or 3 chars) are flushed. */
  flush(out: Uint8Array, o: number): number {
    if (this.#n === 2) out[o++] = (this.#acc >>> 4) & 255;
    else if (this.#n === 3) {
      out[o++] = (this.#acc >>> 10) & 255;
      out[o++] = (this.#acc >>> 2) & 255;
    }
    this.#n = 0;
    this.#acc = 0;
    return o;
  }
}

/**
 * Decodes BINARY/BINARY2 rows from decoded bytes into column builders, a
 * batch at a time: one pass finds where the rows and their variable-size
 * cells start, then each builder decodes its column for the whole batch in a
 * tight loop of its own (no per-cell dispatch).
 */
export class BinaryRowDecoder {
  /** Rows completed. */
  rows = 0;
  readonly #flagBytes: number;
  /** Fixed row size, -1 when some cell has a variable size. */
  readonly #fixedRow: number;
  /**
   * Row layout in segments: a segment starts at a row's flags' end or after
   * a variable-size cell; `#segOf[j]`/`#relOf[j]` place column j in its
   * segment. Segment k (but the last) ends with the variable cell of column
   * `#segVar[k]`, whose count prefix sits `#segFixed[k]` bytes after the
   * segment start and whose body takes `#segMul[k]` bytes per count (when
   * -1: packed bits, `ceil(count / 8)` bytes, see `binaryVarStep`).
   */
  readonly #segOf: Int32Array;
  readonly #relOf: Int32Array;
  readonly #segFixed: number[] = [];
  readonly #segVar: number[] = [];
  readonly #segMul: number[] = [];
  /** Smallest row size (for the batch capacity). */
  readonly #minRow: number;
  /** Segment starts of the batch, segment k of row r at `k * #cap + r`; row starts in `#starts`. */
  #anchors = new Int32Array(0);
  #starts = new Int32Array(0);
  #cap = 0;
  /** Decoded bytes; `[0, #pendingLen)` wait for the rest of their row. */
  #buf: Uint8Array = new Uint8Array(0);
  #dv: DataView = new DataView(new ArrayBuffer(0));
  #pendingLen = 0;

  constructor(
    private readonly builders: ColumnBuilder[],
    binary2: boolean,
    private readonly onRows: (n: number) => void,
    /** Most bytes a variable-length cell may take (its count is checked before its bytes are awaited). */
    private readonly maxCell = Infinity,
    /** Throws for a cell past `maxCell`: its size and 1-based row. */
    private readonly tooBig: (bytes: number, row: number) => never = (bytes) => {
      throw new RangeError(`a BINARY cell of ${bytes} bytes`);
    },
  ) {
    const ncols = builders.length;
    this.#flagBytes = binary2 ? Math.ceil(ncols / 8) : 0;
    this.#segOf = new Int32Array(ncols);
    this.#relOf = new Int32Array(ncols);
    let fixed = 0;
    let min = this.#flagBytes;
    let variable = false;
    for (let j = 0; j < ncols; j++) {
      const bld = builders[j] as ColumnBuilder;
      this.#segOf[j] = this.#segVar.length;
      this.#relOf[j] = fixed;
      const f = binaryFixedSize(bld.shape);
      if (f >= 0) {
        fixed += f;
        min += f;
      } else {
        variable = true;
        this.#segFixed.push(fixed);
        this.#segVar.push(j);
        this.#segMul.push(binaryVarStep(bld.shape, bld.astropy));
        fixed = 0;
        min += 4;
      }
    }
    this.#segFixed.push(fixed);
    this.#segVar.push(-1);
    this.#segMul.push(0);
    this.#fixedRow = variable ? -1 : min;
    this.#minRow = Math.max(1, min);
  }

  /** Bytes waiting for the rest of their row. */
  get pendingBytes(): number {
    return this.#pendingLen;
  }

  /** The decode buffer with room for `more` bytes after the pending ones; returns it and the write offset. */
  prepare(more: number): [Uint8Array, number] {
    const need = this.#pendingLen + more;
    if (this.#buf.length < need) {
      const g = new Uint8Array(Math.max(need, this.#buf.length * 2, 1 << 16));
      g.set(this.#buf.subarray(0, this.#pendingLen));
      this.#buf = g;
    }
    return [this.#buf, this.#pendingLen];
  }

  /** Decodes every complete row of `buf[0, end)`; keeps the rest for the next call. */
  decode(buf: Uint8Array, end: number): void {
    const builders = this.builders;
    const ncols = builders.length;
    if (ncols === 0 || this.#fixedRow === 0) {
      // No FIELD (or only empty cells): nothing is a row; the bytes are reported as left over at the end.
      this.#pendingLen = end;
      return;
    }
    let dv = this.#dv;
    if (dv.buffer !== buf.buffer || dv.byteOffset !== buf.byteOffset || dv.byteLength !== buf.byteLength) {
      dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      this.#dv = dv;
    }
    const nseg = this.#segVar.length;
    const most = Math.floor(end / this.#minRow) + 1;
    if (most > this.#cap) {
      this.#cap = Math.max(most, this.#cap * 2, 256);
      this.#anchors = new Int32Array(this.#cap * nseg);
      this.#starts = new Int32Array(this.#cap);
    }
    const cap = this.#cap;
    const anchors = this.#anchors;
    const starts = this.#starts;
    const flagBytes = this.#flagBytes;
    let p = 0;
    let r = 0;
    const fixedRow = this.#fixedRow;
    if (fixedRow >= 0) {
      for (; p + fixedRow <= end; p += fixedRow, r++) {
        starts[r] = p;
        anchors[r] = p + flagBytes;
      }
    } else {
      const segFixed = this.#segFixed;
      const segMul = this.#segMul;
      const last = nseg - 1;
      rows: for (;;) {
        let a = p + flagBytes;
        for (let k = 0; k < last; k++) {
          anchors[k * cap + r] = a;
          const c = a + (segFixed[k] as number);
          if (c + 4 > end) break rows;
          const m = segMul[k] as number;
          const size = m > 0 ? dv.getUint32(c) * m : Math.ceil(dv.getUint32(c) / 8);
          if (size > this.maxCell) this.tooBig(size, this.rows + r + 1);
          a = c + 4 + size;
        }
        anchors[last * cap + r] = a;
        a += segFixed[last] as number;
        if (a > end) break;
        starts[r] = p;
        p = a;
        r++;
      }
    }
    if (r > 0) {
      const segOf = this.#segOf;
      const relOf = this.#relOf;
      for (let j = 0; j < ncols; j++) {
        const mask = flagBytes > 0 ? 0x80 >> (j & 7) : 0;
        (builders[j] as ColumnBuilder).addBinaryBatch(dv, buf, anchors, (segOf[j] as number) * cap, relOf[j] as number, r, starts, j >> 3, mask);
      }
      this.rows += r;
      this.onRows(r);
    }
    if (p > 0) buf.copyWithin(0, p, end);
    this.#pendingLen = end - p;
  }
}

/** Scans the base64 content of a STREAM element, feeding the row decoder. */
export class StreamScanner {
  /** True once the `<` ending the content was reached. */
  ended = false;
  readonly decoder = new Base64Decoder();
  constructor(readonly rows: BinaryRowDecoder) {}

  /**
   * Scans `b[pos, end)`. Returns the index of the `<` ending the content, or
   * the index from which bytes must be kept for the next chunk.
   */
  scan(b: Uint8Array, pos: number, end: number): number {
    let stop = nodeIndexOf !== undefined ? nodeIndexOf.call(b, 60, pos) : b.indexOf(60, pos);
    if (stop < 0 || stop > end) stop = end;
    const [out, o0] = this.rows.prepare(Math.ceil(((stop - pos) * 3) / 4) + 3);
    let o = o0;
    let from = pos;
    let native = false;
    if (base64Write !== undefined && nodeSlicers !== undefined && stop - pos >= 4096) {
      // Become 4-aligned with the incremental decoder, then decode pieces natively.
      while (from < stop && !this.decoder.aligned) {
        o = this.decoder.decode(b, from, from + 1, out, o).out;
        from++;
      }
      while (stop - from >= 4096) {
        const piece = this.#nativePiece(b, from, Math.min(stop, from + 65536), out, o);
        if (piece === undefined) break;
        o = piece.out;
        from = piece.cut;
        native = true;
      }
    }
    if (native && stop === end) {
      // Keep the short tail for the next chunk so that decoding stays aligned.
      this.rows.decode(out, o);
      return from;
    }
    const r = this.decoder.decode(b, from, stop, out, o);
    let outEnd = r.out;
    if (stop < end) {
      this.ended = true;
      outEnd = this.decoder.flush(out, outEnd);
    }
    this.rows.decode(out, outEnd);
    return r.stop;
  }

  /**
   * Decodes `b[s, e)` with Node's base64 decoder, cut so that the characters
   * are a multiple of 4 (newlines assumed the only whitespace; the decoded
   * length checks it). Undefined when the text is not plain base64 lines.
   */
  #nativePiece(b: Uint8Array, s: number, e: number, out: Uint8Array, o: number): { cut: number; out: number } | undefined {
    const lines = countLines(b, s, e);
    const chars = e - s - lines;
    let extra = chars % 4;
    let cut = e;
    let nl = lines;
    while (extra > 0) {
      cut--;
      if (b[cut] === 10) nl--;
      else extra--;
    }
    const expected = ((chars - (chars % 4)) / 4) * 3;
    const text = (nodeSlicers as NonNullable<typeof nodeSlicers>).latin1Slice.call(b, s, cut);
    const written = (base64Write as NonNullable<typeof base64Write>).call(out, text, o, out.length - o);
    // Any whitespace other than the counted newlines, padding or a bad
    // character makes fewer bytes than expected: the caller then decodes in JS.
    if (written !== expected) return undefined;
    this.decoder.lines += nl;
    return { cut, out: o + written };
  }
}

/**
 * Newlines in `b[s, e)`. Base64 text comes in lines of equal length: the
 * newline positions are predicted from the first two and checked; any other
 * layout is counted byte by byte.
 */
function countLines(b: Uint8Array, s: number, e: number): number {
  const first = b.indexOf(10, s);
  if (first === -1 || first >= e) return 0;
  const second = b.indexOf(10, first + 1);
  if (second === -1 || second >= e) return 1;
  const period = second - first;
  let n = 0;
  let i = first;
  for (; i < e; i += period) {
    if (b[i] !== 10) break;
    n++;
  }
  if (i >= e) return n;
  n = 0;
  for (let k = s; k < e; k++) if (b[k] === 10) n++;
  return n;
}

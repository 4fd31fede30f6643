/**
 * BINARY and BINARY2 serialisations: an incremental base64 decoder over the
 * raw bytes of a STREAM element and a row decoder with a carry-over buffer
 * for rows split across chunks.
 */
import type { ColumnBuilder } from "./column-builder.js";
import { binaryFixedSize } from "./column-builder.js";
import { nodeSlicers } from "./fast-number.js";

interface NodeBuffer extends Uint8Array {
  readonly length: number;
}
const NodeBufferFrom = (globalThis as { Buffer?: { from(s: string, enc: "base64"): NodeBuffer } }).Buffer;

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

/** Decodes BINARY/BINARY2 rows from decoded bytes into column builders. */
export class BinaryRowDecoder {
  /** Rows completed. */
  rows = 0;
  readonly #fixedRow: number;
  readonly #flagBytes: number;
  #pending: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly builders: ColumnBuilder[],
    private readonly binary2: boolean,
    private readonly onRow: () => void,
  ) {
    this.#flagBytes = binary2 ? Math.ceil(builders.length / 8) : 0;
    let fixed = this.#flagBytes;
    for (const bld of builders) {
      const f = binaryFixedSize(bld.shape);
      if (f < 0) { fixed = -1; break; }
      fixed += f;
    }
    this.#fixedRow = fixed;
  }

  /** Bytes waiting for the rest of their row. */
  get pendingBytes(): number {
    return this.#pending.length;
  }

  /** A buffer large enough for the pending bytes plus `more`, with the pending bytes copied in; returns it and the write offset. */
  prepare(more: number): [Uint8Array, number] {
    const buf = new Uint8Array(this.#pending.length + more);
    buf.set(this.#pending);
    return [buf, this.#pending.length];
  }

  /** Decodes every complete row of `buf[0, end)`; keeps the rest for the next call. */
  decode(buf: Uint8Array, end: number): void {
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const builders = this.builders;
    const ncols = builders.length;
    const flagBytes = this.#flagBytes;
    let p = 0;
    for (;;) {
      let size = this.#fixedRow;
      if (size < 0) {
        size = flagBytes;
        for (let j = 0; j < ncols; j++) {
          const k = (builders[j] as ColumnBuilder).binarySize(dv, p + size, end);
          if (k < 0) { size = -1; break; }
          size += k;
        }
        if (size < 0) break;
      }
      if (size === 0 || p + size > end) break;
      let off = p + flagBytes;
      if (flagBytes > 0) {
        for (let j = 0; j < ncols; j++) {
          const isNull = (((buf[p + (j >> 3)] as number) >> (7 - (j & 7))) & 1) === 1;
          off = (builders[j] as ColumnBuilder).addBinary(dv, buf, off, isNull);
        }
      } else {
        for (let j = 0; j < ncols; j++) off = (builders[j] as ColumnBuilder).addBinary(dv, buf, off, false);
      }
      p += size;
      this.rows++;
      this.onRow();
    }
    this.#pending = buf.slice(p, end);
  }
}

/** Scans the base64 content of a STREAM element, feeding the row decoder. */
export class StreamScanner {
  /** True once the `<` ending the content was reached. */
  ended = false;
  readonly decoder = new Base64Decoder();
  constructor(readonly rows: BinaryRowDecoder) {}

  /** Scans `b[pos, end)`; returns the index of the `<` ending the content, or `end`. */
  scan(b: Uint8Array, pos: number, end: number): number {
    let stop = b.indexOf(60, pos);
    if (stop < 0 || stop > end) stop = end;
    let from = pos;
    let native: Uint8Array | undefined;
    if (stop - pos >= 4096 && this.decoder.aligned) {
      const cut = this.#nativeCut(b, pos, stop);
      if (cut > pos) {
        native = this.#decodeNative(b, pos, cut, this.#expected);
        if (native !== undefined) from = cut;
      }
    }
    // Without the end tag in sight, the tail after the cut waits for the next chunk.
    const tailEnd = native !== undefined && stop === end ? from : stop;
    const [buf, o0] = this.rows.prepare((native?.length ?? 0) + Math.ceil(((tailEnd - from) * 3) / 4) + 3);
    let o = o0;
    if (native !== undefined) {
      buf.set(native, o);
      o += native.length;
    }
    const r = this.decoder.decode(b, from, tailEnd, buf, o);
    let outEnd = r.out;
    if (stop < end) {
      this.ended = true;
      outEnd = this.decoder.flush(buf, outEnd);
    }
    this.rows.decode(buf, outEnd);
    return r.stop;
  }

  #expected = 0;

  /**
   * Where to cut `b[pos, stop)` so that the base64 characters before the cut
   * are a multiple of 4 (newlines assumed the only whitespace; checked after
   * decoding). Sets the expected decoded length.
   */
  #nativeCut(b: Uint8Array, pos: number, stop: number): number {
    let lines = 0;
    for (let i = b.indexOf(10, pos); i !== -1 && i < stop; i = b.indexOf(10, i + 1)) lines++;
    this.decoder.lines += lines;
    const chars = stop - pos - lines;
    let extra = chars % 4;
    let cut = stop;
    while (extra > 0 && cut > pos) {
      cut--;
      if (b[cut] !== 10) extra--;
    }
    this.#expected = ((chars - (chars % 4)) / 4) * 3;
    this.#linesCounted = lines;
    this.#linesAfterCut = countNl(b, cut, stop);
    return cut;
  }

  #linesCounted = 0;
  #linesAfterCut = 0;

  /** Decodes with Node's native base64 decoder; undefined (and line count undone) when the text is not plain base64 lines. */
  #decodeNative(b: Uint8Array, s: number, e: number, expected: number): Uint8Array | undefined {
    if (nodeSlicers !== undefined && NodeBufferFrom !== undefined) {
      const out = NodeBufferFrom.from(nodeSlicers.latin1Slice.call(b, s, e), "base64");
      if (out.length === expected && !hasPad(b, s, e)) {
        // Lines after the cut are counted again when they are decoded.
        this.decoder.lines -= this.#linesAfterCut;
        return out;
      }
    }
    this.decoder.lines -= this.#linesCounted;
    return undefined;
  }
}

function countNl(b: Uint8Array, s: number, e: number): number {
  let n = 0;
  for (let i = s; i < e; i++) if (b[i] === 10) n++;
  return n;
}

/** True when `=` padding occurs in the range (the incremental decoder handles it). */
function hasPad(b: Uint8Array, s: number, e: number): boolean {
  const i = b.indexOf(61, s);
  return i !== -1 && i < e;
}

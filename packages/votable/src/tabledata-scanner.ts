/**
 * Byte-level scanner for the body of a TABLEDATA element: TR/TD markup, the
 * five predefined entities, character references, CDATA sections, comments
 * and processing instructions. It stops at `</TABLEDATA>` and resumes across
 * chunk boundaries (the caller keeps the unconsumed tail).
 */
import type { BooleanBuilder, ColumnBuilder, FlatBuilder, FloatBuilder, IntBuilder, LongBuilder, StringBuilder } from "./column-builder.js";
import { BuilderKind, decodeUtf8 } from "./column-builder.js";
import { decodeBase64 } from "./binary-decoder.js";
import type { VOTableWarningCode } from "./model.js";

/** How the scanner reports problems: `warn` may throw (strict mode), `fail` always throws. */
export interface ScanHooks {
  /** A lax-mode problem at `line` lines after the scan start, in element `where`. */
  warn(code: VOTableWarningCode, message: string, lineDelta: number, where: string): void;
  /** A fatal problem; `reason` names a limit that was hit ("VO_LIMIT_CELL_BYTES"). */
  fail(message: string, lineDelta: number, where: string, reason?: string): never;
  /** A row was completed. */
  row(): void;
  /** The text of a reference to a DTD-declared entity; undefined when not declared. */
  entity?(name: string): string | undefined;
}

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Finds `>` ending a tag that starts at `p`, honouring quoted attribute values; -1 if not in the buffer. */
function tagEnd(b: Uint8Array, p: number, end: number): number {
  let q = 0;
  for (let i = p; i < end; i++) {
    const c = b[i] as number;
    if (q !== 0) {
      if (c === q) q = 0;
    } else if (c === 34 || c === 39) q = c;
    else if (c === 62) return i;
  }
  return -1;
}

/** Finds a byte sequence; -1 if absent. */
function findSeq(b: Uint8Array, seq: readonly number[], from: number, end: number): number {
  const first = seq[0] as number;
  let i = from;
  for (;;) {
    i = b.indexOf(first, i);
    if (i < 0 || i + seq.length > end) return -1;
    let ok = true;
    for (let k = 1; k < seq.length; k++) if (b[i + k] !== seq[k]) { ok = false; break; }
    if (ok) return i;
    i++;
  }
}

const COMMENT_END = [45, 45, 62]; // -->
const CDATA_END = [93, 93, 62]; // ]]>
const PI_END = [63, 62]; // ?>
const CDATA_START = "<![CDATA[";

function countLines(b: Uint8Array, s: number, e: number): number {
  let n = 0;
  for (let i = s; i < e; i++) if (b[i] === 10) n++;
  return n;
}

/** The local name (prefix removed) of the tag whose name starts at `s`. */
function tagName(b: Uint8Array, s: number, e: number): string {
  let q = s;
  while (q < e && !isWs(b[q] as number) && b[q] !== 62 && b[q] !== 47) q++;
  let name = "";
  for (let i = s; i < q; i++) name += String.fromCharCode(b[i] as number);
  const colon = name.indexOf(":");
  return colon >= 0 ? name.slice(colon + 1) : name;
}

/** Longest entity or character reference name looked at. */
const MAX_REF = 40;

/**
 * The index of the `;` ending the reference name that starts at `s`; -1 when
 * the buffer ends first (more data needed), -2 when the name is not one (a bare `&`).
 */
function refEnd(b: Uint8Array, s: number, end: number): number {
  const stop = Math.min(end, s + MAX_REF);
  for (let k = s; k < stop; k++) {
    const c = b[k] as number;
    if (c === 59) return k === s ? -2 : k;
    // Name characters: ASCII letters, digits, "#", "_", ":", ".", "-", and any non-ASCII byte.
    const ok = (c >= 48 && c <= 58) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 35 || c === 95 || c === 46 || c === 45 || c >= 128;
    if (!ok) return -2;
  }
  return stop === end && end - s < MAX_REF ? -1 : -2;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** XML 1.0 end-of-line handling (section 2.11): CR LF and a lone CR become LF. */
export function normalizeEol(t: string): string {
  return t.includes("\r") ? t.replace(/\r\n?/g, "\n") : t;
}

/** The index of the first CR in `b[s, end)`, or `end`. */
function nextCr(b: Uint8Array, s: number, end: number): number {
  const i = b.indexOf(13, s);
  return i < 0 || i > end ? end : i;
}

/**
 * A cell (or a comment, CDATA section or tag) still open at the end of a
 * buffer is read again from its start with the next one while it is shorter
 * than this; longer, it is consumed as it comes (its text kept in parts), so
 * that a cell of any size costs time linear in its size.
 */
const STREAM_FROM = 1 << 16;

/** Default of `maxCellBytes`: 256 MiB (V8 strings end at 512 Mi characters). */
export const MAX_CELL_BYTES = 1 << 28;

/** Longest start tag (with its attributes) between rows and cells. */
const MAX_TAG = 1 << 16;

/** Scans TABLEDATA rows into column builders. */
export class TabledataScanner {
  /** Lines consumed so far (while a cell is added: the line where its content ends, or starts on the fast path). */
  line = 0;
  /** Rows completed. */
  rows = 0;
  /** True once `</TABLEDATA>` was reached. */
  ended = false;
  #inRow = false;
  #col = 0;
  #warnedText = false;
  /**
   * Index of the next CR (byte 13) at or after the last string cell checked
   * in the current buffer; -1 before the first search. Found by one native
   * search per CR passed, so string cells without CR cost one comparison.
   */
  #cr = -1;
  readonly #ncols: number;
  readonly #kinds: Uint8Array;
  readonly #maxCell: number;
  /** The text so far of a cell read across buffers; undefined when no cell is open. */
  #parts: string[] | undefined;
  /** Bytes of the open cell so far. */
  #partBytes = 0;
  /** The open cell's TD has encoding="base64". */
  #partBase64 = false;
  /** Inside the open cell: 0 text, 1 a CDATA section, 2 a comment, 3 a processing instruction. */
  #partIn = 0;
  /** Between cells: the end sequence of a long comment, PI or CDATA section being skipped. */
  #skipTo: readonly number[] | undefined;

  constructor(private readonly builders: ColumnBuilder[], private readonly hooks: ScanHooks, maxCellBytes = MAX_CELL_BYTES) {
    this.#ncols = builders.length;
    this.#kinds = Uint8Array.from(builders, (b) => b.kind);
    this.#maxCell = maxCellBytes;
  }

  /**
   * The hot path: plain `<TR>`, `<TD>…</TD>` without entities and `</TR>`
   * with the right cell count. Stops at anything else (or the end of the
   * data) and returns where; the general loop takes over from there.
   */
  #fast(b: Uint8Array, p: number, end: number): number {
    let ln = this.line;
    let col = this.#col;
    let inRow = this.#inRow;
    const builders = this.builders;
    const kinds = this.#kinds;
    const ncols = this.#ncols;
    let cr = this.#cr;
    for (;;) {
      let c = 0;
      while (p < end) {
        c = b[p] as number;
        if (c === 60) break;
        if (c === 10) ln++;
        else if (c > 32) break;
        p++;
      }
      if (c !== 60 || p + 5 >= end) break;
      const c1 = b[p + 1] as number;
      if (c1 === 84) {
        const c2 = b[p + 2] as number;
        if (c2 === 68 && b[p + 3] === 62 && inRow) {
          const s = p + 4;
          let q = s;
          let lines = 0;
          while (q < end) {
            c = b[q] as number;
            if (c === 60 || c === 38) break;
            if (c === 10) lines++;
            q++;
          }
          if (q + 4 >= end || c !== 60 || b[q + 1] !== 47 || b[q + 2] !== 84 || b[q + 3] !== 68 || b[q + 4] !== 62) break;
          this.line = ln; // the line of a cell the builder may report as bad
          if (col < ncols) {
            const bl = builders[col] as ColumnBuilder;
            switch (kinds[col]) {
              case BuilderKind.Float: (bl as FloatBuilder).addBytes(b, s, q); break;
              case BuilderKind.Int: (bl as IntBuilder).addBytes(b, s, q); break;
              case BuilderKind.Long: (bl as LongBuilder).addBytes(b, s, q); break;
              case BuilderKind.String:
                if (cr < s) cr = nextCr(b, s, end);
                if (cr < q) bl.addText(normalizeEol(decodeUtf8(b, s, q)));
                else (bl as StringBuilder).addBytes(b, s, q);
                break;
              case BuilderKind.Flat: (bl as FlatBuilder).addBytes(b, s, q); break;
              case BuilderKind.Boolean: (bl as BooleanBuilder).addBytes(b, s, q); break;
              default:
                if (cr < s) cr = nextCr(b, s, end);
                if (cr < q) bl.addText(normalizeEol(decodeUtf8(b, s, q)));
                else bl.addBytes(b, s, q);
            }
          }
          col++;
          ln += lines;
          p = q + 5;
          continue;
        }
        if (c2 === 82 && b[p + 3] === 62 && !inRow) {
          inRow = true;
          col = 0;
          p += 4;
          continue;
        }
        break;
      }
      if (c1 === 47 && b[p + 2] === 84 && b[p + 3] === 82 && b[p + 4] === 62 && inRow && col === ncols && ncols > 0) {
        inRow = false;
        col = 0;
        this.rows++;
        this.hooks.row();
        p += 5;
        continue;
      }
      break;
    }
    this.line = ln;
    this.#col = col;
    this.#inRow = inRow;
    this.#cr = cr;
    return p;
  }

  /** Where the scan is, as `TR[n]` or `TR[n]/TD[m]` (1-based). */
  get where(): string {
    return this.#where();
  }

  #where(): string {
    return this.#inRow ? `TR[${this.rows + 1}]/TD[${this.#col + 1}]` : `TR[${this.rows + 1}]`;
  }

  #endRow(ln: number): void {
    if (this.#col < this.#ncols) {
      this.hooks.warn("VO_WARN_VOTABLE_ROW_CELLS", `row has ${this.#col} cells, ${this.#ncols} expected; padded with nulls`, ln, `TR[${this.rows + 1}]`);
      for (let k = this.#col; k < this.#ncols; k++) (this.builders[k] as ColumnBuilder).addNull();
    } else if (this.#col > this.#ncols && this.#ncols > 0) {
      this.hooks.fail(`row has ${this.#col} cells, more than the ${this.#ncols} FIELDs`, ln, `TR[${this.rows + 1}]`);
    }
    this.rows++;
    this.#inRow = false;
    this.#col = 0;
    this.hooks.row();
  }

  /**
   * Scans `b[pos, end)`. Returns the index of the `<` of `</TABLEDATA>` (and
   * sets `ended`) or the index from which more data is needed.
   */
  scan(b: Uint8Array, pos: number, end: number, final: boolean): number {
    let p = pos;
    let ln = this.line;
    const builders = this.builders;
    const ncols = this.#ncols;
    this.#cr = -1; // a new buffer
    if (this.#skipTo !== undefined) {
      p = this.#skip(b, p, end, this.#skipTo);
      if (this.#skipTo !== undefined) return this.#need(p, final, this.line);
      ln = this.line;
    }
    if (this.#parts !== undefined) {
      const r = this.#slowCell(b, p, end, ln, p);
      if (r < 0) return this.#need(p, final, this.line);
      if (this.#parts !== undefined) return this.#need(r, final, this.line);
      p = r;
      ln = this.line;
    }
    for (;;) {
      this.line = ln;
      p = this.#fast(b, p, end);
      ln = this.line;
      while (p < end) {
        const c = b[p] as number;
        if (c === 60) break;
        if (c === 10) ln++;
        else if (c > 32 && !this.#warnedText) {
          this.#warnedText = true;
          this.hooks.warn("VO_WARN_VOTABLE_STRUCTURE", "text outside TD ignored", ln, this.#where());
        }
        p++;
      }
      this.line = ln;
      if (p + 1 >= end) return this.#need(p, final, ln);
      const c1 = b[p + 1] as number;
      if (c1 === 47) {
        // A closing tag.
        const gt = tagEnd(b, p, end);
        if (gt < 0) return this.#needTag(p, end, final, ln);
        const name = tagName(b, p + 2, gt);
        if (name === "TR" && this.#inRow) {
          this.#endRow(ln);
          p = gt + 1;
          continue;
        }
        if (name === "TABLEDATA") {
          if (this.#inRow) this.hooks.fail("TR not closed before </TABLEDATA>", ln, this.#where());
          this.ended = true;
          return p;
        }
        this.hooks.fail(`unexpected closing tag </${name}>`, ln, this.#where());
      }
      if (c1 === 33 || c1 === 63) {
        // Comment, processing instruction or (misplaced) CDATA.
        const isComment = b[p + 2] === 45 && b[p + 3] === 45;
        const isCdata = c1 === 33 && !isComment;
        const seq = c1 === 63 ? PI_END : isComment ? COMMENT_END : CDATA_END;
        const stop = findSeq(b, seq, p + 2, end);
        if (stop < 0) {
          if (end - p < STREAM_FROM || p + 9 > end) return this.#need(p, final, ln);
          // A long one: skipped as it comes.
          if (isCdata) this.hooks.warn("VO_WARN_VOTABLE_STRUCTURE", "CDATA outside TD ignored", ln, this.#where());
          this.line = ln;
          this.#skipTo = seq;
          return this.#need(this.#skip(b, p + 2, end, seq), final, this.line);
        }
        if (isCdata) this.hooks.warn("VO_WARN_VOTABLE_STRUCTURE", "CDATA outside TD ignored", ln, this.#where());
        ln += countLines(b, p, stop);
        p = stop + (c1 === 63 ? 2 : 3);
        continue;
      }
      // A start tag.
      const gt = tagEnd(b, p, end);
      if (gt < 0) return this.#needTag(p, end, final, ln);
      const selfClosing = b[gt - 1] === 47;
      const name = tagName(b, p + 1, gt);
      if (name === "TR") {
        if (this.#inRow) this.hooks.fail("TR inside TR", ln, this.#where());
        ln += countLines(b, p, gt);
        this.#inRow = true;
        this.#col = 0;
        p = gt + 1;
        if (selfClosing) this.#endRow(ln);
        continue;
      }
      if (name !== "TD") this.hooks.fail(`unexpected element <${name}> in TABLEDATA`, ln, this.#where());
      if (!this.#inRow) this.hooks.fail("TD outside TR", ln, this.#where());
      const hasAttrs = gt - p > 4;
      const base64 = hasAttrs && /encoding\s*=\s*["']base64["']/.test(decodeUtf8(b, p, gt));
      if (selfClosing) {
        this.line = ln + countLines(b, p, gt);
        this.#cellBytes(b, gt, gt, base64);
        ln = this.line;
        p = gt + 1;
        continue;
      }
      // Cell content.
      const s = gt + 1;
      let q = s;
      let lines = countLines(b, p, gt);
      let plain = true;
      while (q < end) {
        const c = b[q] as number;
        if (c === 60) break;
        if (c === 38) { plain = false; break; }
        if (c === 10) lines++;
        q++;
      }
      if (q >= end) {
        if (end - s < STREAM_FROM) return this.#need(p, final, ln);
        // A long cell: read as it comes.
        this.#partBase64 = base64;
        const r = this.#slowCell(b, s, end, ln + countLines(b, p, gt), p);
        return this.#need(r, final, this.line);
      }
      if (plain && q + 4 < end && b[q + 1] === 47 && b[q + 2] === 84 && b[q + 3] === 68 && b[q + 4] === 62) {
        this.line = ln + countLines(b, p, gt);
        if (base64) this.#cellBytes(b, s, q, true);
        else {
          if (this.#col < ncols) {
            const bl = builders[this.#col] as ColumnBuilder;
            const text = bl.kind === BuilderKind.String || bl.kind === BuilderKind.Generic;
            if (text && b.subarray(s, q).includes(13)) bl.addText(normalizeEol(decodeUtf8(b, s, q)));
            else bl.addBytes(b, s, q);
          }
          this.#col++;
        }
        ln += lines;
        p = q + 5;
        continue;
      }
      this.#partBase64 = base64;
      const r = this.#slowCell(b, s, end, ln + countLines(b, p, gt), p);
      if (r < 0) return this.#need(p, final, ln);
      if (this.#parts !== undefined) return this.#need(r, final, this.line);
      ln = this.line;
      p = r;
    }
  }

  /** A tag not ended in the buffer: read again with more data, unless it is already too long to be one. */
  #needTag(p: number, end: number, final: boolean, ln: number): number {
    if (end - p > MAX_TAG) this.hooks.fail(`a tag in TABLEDATA longer than ${MAX_TAG} bytes`, ln, this.#where(), "VO_LIMIT_CELL_BYTES");
    return this.#need(p, final, ln);
  }

  /** Skips to after `seq` (a comment, PI or CDATA end) from `p`; keeps `#skipTo` set when the buffer ends first. Returns where to go on. */
  #skip(b: Uint8Array, p: number, end: number, seq: readonly number[]): number {
    const stop = findSeq(b, seq, p, end);
    const to = stop < 0 ? Math.max(p, end - seq.length + 1) : stop + seq.length;
    this.line += countLines(b, p, to);
    if (stop >= 0) this.#skipTo = undefined;
    return to;
  }

  #need(p: number, final: boolean, ln: number): number {
    if (final) this.hooks.fail("document ends inside TABLEDATA", ln, this.#where());
    return p;
  }

  #cellBytes(b: Uint8Array, s: number, e: number, base64: boolean): void {
    if (this.#col < this.#ncols) {
      const builder = this.builders[this.#col] as ColumnBuilder;
      if (base64) {
        const bytes = decodeBase64(b.subarray(s, e));
        if (bytes.length === 0) builder.addNull();
        else builder.addBinary(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes, 0, false);
      } else builder.addBytes(b, s, e);
    }
    this.#col++;
  }

  /**
   * Reads cell content with entities, CDATA, comments, or longer than a
   * buffer, from `s` (`tdStart`: where its `<TD` is, or `s` when the cell was
   * opened in an earlier buffer). Returns the index after `</TD>` once the
   * cell is complete; -1 when a short cell needs more data (nothing is
   * consumed: read again from `<TD` with the next buffer); otherwise the
   * index up to which the content was consumed, with the cell left open
   * (`#parts` set) for the next buffer. Sets `line`.
   */
  #slowCell(b: Uint8Array, s: number, end: number, ln0: number, tdStart: number): number {
    const parts = this.#parts ?? [];
    let ln = ln0;
    let q = s;
    let seg = s;
    /** The cell is not complete in this buffer; an unfinished token starts at `tok`. */
    const open = (tok: number): number => {
      if (this.#parts === undefined && end - tdStart < STREAM_FROM) return -1;
      // Consume up to `tok`, but never split a UTF-8 sequence or a CR LF pair.
      let cut = tok;
      if (this.#partIn === 0 || this.#partIn === 1) {
        while (cut > seg && (((b[cut] as number) & 0xc0) === 0x80 || b[cut - 1] === 13)) cut--;
        parts.push(normalizeEol(decodeUtf8(b, seg, cut)));
      }
      this.#keepOpen(parts, cut - s);
      this.line = ln0 + countLines(b, s, cut);
      return cut;
    };
    // Resume inside a CDATA section, comment or PI begun in an earlier buffer.
    if (this.#partIn !== 0) {
      const seq = this.#partIn === 1 ? CDATA_END : this.#partIn === 2 ? COMMENT_END : PI_END;
      const stop = findSeq(b, seq, q, end);
      if (stop < 0) return open(Math.max(q, end - seq.length + 1));
      if (this.#partIn === 1) parts.push(normalizeEol(decodeUtf8(b, q, stop)));
      ln += countLines(b, q, stop);
      q = stop + seq.length;
      seg = q;
      this.#partIn = 0;
    }
    // The next "<" and "&" (native searches, each redone only once passed: two passes over the cell in all).
    let lt = -2;
    let amp = -2;
    while (q < end) {
      if (lt !== -1 && lt < q) lt = b.indexOf(60, q);
      if (amp !== -1 && amp < q) amp = b.indexOf(38, q);
      const next = lt < 0 ? (amp < 0 ? -1 : amp) : amp < 0 ? lt : Math.min(lt, amp);
      if (next < 0 || next >= end) return open(end);
      ln += countLines(b, q, next);
      q = next;
      if (b[q] === 38) {
        const semi = refEnd(b, q + 1, end);
        if (semi === -1) return open(q);
        if (semi < 0) this.hooks.fail('"&" not followed by an entity or character reference (write &amp;)', ln, this.#where());
        parts.push(normalizeEol(decodeUtf8(b, seg, q)));
        const ref = decodeUtf8(b, q + 1, semi);
        parts.push(this.#entity(ref, ln));
        q = semi + 1;
        seg = q;
        continue;
      }
      parts.push(normalizeEol(decodeUtf8(b, seg, q)));
      seg = q;
      if (b[q + 1] === 33) {
        if (q + 9 > end) return open(q);
        const cdata = decodeUtf8(b, q, q + 9) === CDATA_START;
        const seq = cdata ? CDATA_END : COMMENT_END;
        const from = q + (cdata ? 9 : 2);
        const stop = findSeq(b, seq, from, end);
        if (stop < 0) {
          if (this.#parts === undefined && end - tdStart < STREAM_FROM) return -1;
          // A long CDATA section or comment: consumed as it comes.
          const cut = Math.max(from, end - seq.length + 1);
          let c = cut;
          while (cdata && c > from && (((b[c] as number) & 0xc0) === 0x80 || b[c - 1] === 13)) c--;
          if (cdata) parts.push(normalizeEol(decodeUtf8(b, from, c)));
          this.#partIn = cdata ? 1 : 2;
          this.#keepOpen(parts, c - s);
          this.line = ln + countLines(b, q, c);
          return c;
        }
        if (cdata) parts.push(normalizeEol(decodeUtf8(b, from, stop)));
        ln += countLines(b, q, stop);
        q = stop + 3;
        seg = q;
        continue;
      }
      if (b[q + 1] === 63) {
        const stop = findSeq(b, PI_END, q + 2, end);
        if (stop < 0) {
          if (this.#parts === undefined && end - tdStart < STREAM_FROM) return -1;
          const c = Math.max(q + 2, end - 1);
          this.#partIn = 3;
          this.#keepOpen(parts, c - s);
          this.line = ln + countLines(b, q, c);
          return c;
        }
        ln += countLines(b, q, stop);
        q = stop + 2;
        seg = q;
        continue;
      }
      const gt = tagEnd(b, q, end);
      if (gt < 0) {
        if (end - q > MAX_TAG) this.hooks.fail(`a tag in TABLEDATA longer than ${MAX_TAG} bytes`, ln, this.#where(), "VO_LIMIT_CELL_BYTES");
        return open(q);
      }
      const name = b[q + 1] === 47 ? tagName(b, q + 2, gt) : "";
      if (name !== "TD") this.hooks.fail("markup inside TD", ln, this.#where());
      this.#keepOpen(parts, q - s);
      const text = parts.join("");
      this.#parts = undefined;
      this.#partBytes = 0;
      this.line = ln;
      if (this.#partBase64) {
        const bytes = new TextEncoder().encode(text);
        this.#cellBytes(bytes, 0, bytes.length, true);
      } else {
        if (this.#col < this.#ncols) (this.builders[this.#col] as ColumnBuilder).addText(text);
        this.#col++;
      }
      this.#partBase64 = false;
      this.line = ln;
      return gt + 1;
    }
    return open(end);
  }

  /** Keeps the cell open with `parts`, `consumed` more bytes read; a DALFormatError past `maxCellBytes`. */
  #keepOpen(parts: string[], consumed: number): void {
    this.#parts = parts;
    this.#partBytes += consumed;
    if (this.#partBytes > this.#maxCell) {
      this.hooks.fail(
        `a TABLEDATA cell longer than ${this.#maxCell} bytes (the maxCellBytes limit); raise maxCellBytes to read it`,
        this.line, this.#where(), "VO_LIMIT_CELL_BYTES",
      );
    }
  }

  #entity(ref: string, ln: number): string {
    const known = ENTITIES[ref];
    if (known !== undefined) return known;
    if (ref.startsWith("#")) {
      const code = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      if (Number.isFinite(code) && code >= 0 && code <= 0x10ffff) return String.fromCodePoint(code);
    }
    let declared: string | undefined;
    try {
      declared = this.hooks.entity?.(ref);
    } catch (e) {
      // An entity limit: located at this cell.
      const reason = (e as { reason?: unknown }).reason;
      if (typeof reason === "string") this.hooks.fail((e as Error).message, ln, this.#where(), reason);
      throw e;
    }
    if (declared !== undefined) return declared;
    this.hooks.warn("VO_WARN_VOTABLE_ENTITY", `entity &${ref}; is not declared; kept as text`, ln, this.#where());
    return `&${ref};`;
  }
}

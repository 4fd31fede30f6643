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
  /** A fatal problem. */
  fail(message: string, lineDelta: number, where: string): never;
  /** A row was completed. */
  row(): void;
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

  constructor(private readonly builders: ColumnBuilder[], private readonly hooks: ScanHooks) {
    this.#ncols = builders.length;
    this.#kinds = Uint8Array.from(builders, (b) => b.kind);
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
        if (gt < 0) return this.#need(p, final, ln);
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
        const stop = findSeq(b, c1 === 63 ? PI_END : isComment ? COMMENT_END : CDATA_END, p + 2, end);
        if (stop < 0) return this.#need(p, final, ln);
        if (isCdata) this.hooks.warn("VO_WARN_VOTABLE_STRUCTURE", "CDATA outside TD ignored", ln, this.#where());
        ln += countLines(b, p, stop);
        p = stop + (c1 === 63 ? 2 : 3);
        continue;
      }
      // A start tag.
      const gt = tagEnd(b, p, end);
      if (gt < 0) return this.#need(p, final, ln);
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
      if (q >= end) return this.#need(p, final, ln);
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
      const r = this.#slowCell(b, s, end, ln);
      if (r < 0) return this.#need(p, final, ln);
      ln = this.line;
      p = r;
    }
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

  /** Cell content with entities, CDATA or comments; returns the index after `</TD>` or -1. */
  #slowCell(b: Uint8Array, s: number, end: number, ln: number): number {
    const parts: string[] = [];
    let q = s;
    let seg = s;
    while (q < end) {
      const c = b[q] as number;
      if (c === 10) { ln++; q++; continue; }
      if (c === 38) {
        const semi = refEnd(b, q + 1, end);
        if (semi === -1) return -1;
        if (semi < 0) this.hooks.fail('"&" not followed by an entity or character reference (write &amp;)', ln, this.#where());
        parts.push(normalizeEol(decodeUtf8(b, seg, q)));
        const ref = decodeUtf8(b, q + 1, semi);
        parts.push(this.#entity(ref, ln));
        q = semi + 1;
        seg = q;
        continue;
      }
      if (c === 60) {
        parts.push(normalizeEol(decodeUtf8(b, seg, q)));
        if (b[q + 1] === 33) {
          if (q + 9 > end) return -1;
          if (decodeUtf8(b, q, q + 9) === CDATA_START) {
            const stop = findSeq(b, CDATA_END, q + 9, end);
            if (stop < 0) return -1;
            parts.push(normalizeEol(decodeUtf8(b, q + 9, stop)));
            ln += countLines(b, q, stop);
            q = stop + 3;
          } else {
            const stop = findSeq(b, COMMENT_END, q + 2, end);
            if (stop < 0) return -1;
            ln += countLines(b, q, stop);
            q = stop + 3;
          }
          seg = q;
          continue;
        }
        if (b[q + 1] === 63) {
          const stop = findSeq(b, PI_END, q + 2, end);
          if (stop < 0) return -1;
          q = stop + 2;
          seg = q;
          continue;
        }
        const gt = tagEnd(b, q, end);
        if (gt < 0) return -1;
        const name = b[q + 1] === 47 ? tagName(b, q + 2, gt) : "";
        if (name !== "TD") this.hooks.fail("markup inside TD", ln, this.#where());
        const text = parts.join("");
        this.line = ln;
        if (this.#col < this.#ncols) (this.builders[this.#col] as ColumnBuilder).addText(text);
        this.#col++;
        this.line = ln;
        return gt + 1;
      }
      q++;
    }
    return -1;
  }

  #entity(ref: string, ln: number): string {
    const known = ENTITIES[ref];
    if (known !== undefined) return known;
    if (ref.startsWith("#")) {
      const code = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      if (Number.isFinite(code) && code >= 0 && code <= 0x10ffff) return String.fromCodePoint(code);
    }
    this.hooks.warn("VO_WARN_VOTABLE_ENTITY", `entity &${ref}; is not defined; kept as text`, ln, this.#where());
    return `&${ref};`;
  }
}

/**
 * The push parser behind both readers: saxes reads the document structure
 * and metadata; TABLEDATA bodies and base64 STREAMs are taken below saxes by
 * byte-level scanners that fill column builders.
 */
import { SaxesParser, type SaxesTagPlain } from "saxes";
import type {
  CellValue, CooSys, Field, Group, Info, Link, Option, Param, ResourceMeta, TableMeta, TimeSys, Values, VOTableMeta, VOTableWarning, VOTableWarningCode,
} from "./model.js";
import { DALFormatError } from "./errors.js";
import { createBuilder, type ColumnBuilder } from "./column-builder.js";
import { MAX_CELL_BYTES, TabledataScanner } from "./tabledata-scanner.js";
import { EntityTable } from "./dtd-entities.js";
import { BinaryRowDecoder, StreamScanner } from "./binary-decoder.js";
import { decodeText, fieldShape, isNullValue, normalizeDatatype, shortText, ValueError, type FieldShape, type ValueFaultCode } from "./parse-value.js";
import { completeUtf8End, firstInvalidUtf8, isUtf8 } from "./utf8-check.js";

/** The comment astropy.io.votable writes before the root element ("Produced with astropy.io.votable version …"). */
const ASTROPY_COMMENT = /Produced with astropy\.io\.votable/;

/**
 * Options of the reader.
 *
 * Warnings are bounded: a document keeps its first `maxWarnings` (default
 * 1000); past that they are only counted, and once the document ends one
 * last warning says how many more were suppressed (100k bad cells make 1001
 * warnings, not 100k). The `warnings` array and `onWarning` see the same
 * warnings, summary included. Strict mode throws on the first one.
 */
export interface ReadOptions {
  /** Turn lax-mode warnings into DALFormatError. Default false. */
  strict?: boolean;
  /** Called with every warning as it is collected (the first `maxWarnings`, then the summary). */
  onWarning?: (w: VOTableWarning) => void;
  /** Most warnings kept per document (then counted, and summed up in one last warning). Default 1000; `Infinity` keeps all. */
  maxWarnings?: number;
  /**
   * Most bytes one cell may take (TABLEDATA text, or a BINARY variable-length
   * cell); past it the read ends with a DALFormatError whose `reason` is
   * "VO_LIMIT_CELL_BYTES". Default 256 MiB; a cell of any size up to it costs
   * time linear in its size, however the bytes are chunked.
   */
  maxCellBytes?: number;
  /** Aborting rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/** A table as the engine builds it. */
export interface TableState {
  meta: TableMeta;
  resource: ResourceMeta;
  fields: Field[];
  builders: ColumnBuilder[];
  /** Rows read so far. */
  rows: number;
  /** True once `</TABLE>` was read. */
  ended: boolean;
}

/** The cell or value a warning is about. */
interface CellInfo {
  field: string;
  row?: number | undefined;
  text: string;
}

interface Frame {
  name: string;
  obj?: unknown;
  text?: string[];
  /** A TABLE that had a DATA, a DATA that had a serialisation element, a BINARY/BINARY2 that had a STREAM. */
  hadData?: boolean;
}

const TEXT_ELEMENTS = new Set(["DESCRIPTION", "INFO", "LINK"]);

const FIELD_ATTRS = new Set(["name", "datatype", "ID", "arraysize", "width", "precision", "unit", "ucd", "utype", "xtype", "ref", "type", "value"]);

const enum Mode { XML, TABLEDATA, STREAM }

/** Most warnings a document keeps by default (see {@link ReadOptions.maxWarnings}). */
export const MAX_WARNINGS = 1000;

/** Most items one cell may declare (product of the arraysize dimensions): 16 Mi, a 4096x4096 image. */
export const MAX_CELL_ITEMS = 1 << 24;

/** Most rows allocated ahead from a TABLE's nrows (more grow as rows come). */
const MAX_PREALLOC_ROWS = 1 << 20;
/**
 * Elements may nest at most this deep. Real VOTables nest about ten levels (RESOURCE in RESOURCE, GROUP in GROUP);
 * the bound keeps every recursive walk over the metadata (here and in every consumer) far from the stack limit.
 */
export const MAX_ELEMENT_DEPTH = 256;

/** The arraysize syntax of the schema: `([0-9]+x)*[0-9]*[*]?`. */
const ARRAYSIZE = /^\s*(?:\d+\s*x\s*)*(?:\d+\s*\*?|\*)\s*$/;

const utf8Encoder = new TextEncoder();

function localName(name: string): string {
  const i = name.indexOf(":");
  return i >= 0 ? name.slice(i + 1) : name;
}

function isNameByte(c: number): boolean {
  return !(c === 32 || c === 9 || c === 10 || c === 13 || c === 62 || c === 47 || c === 60);
}

/** The push parser: `feed` chunks, then `end`. */
export class VOTableEngine {
  readonly meta: VOTableMeta = { version: "", infos: [], params: [], groups: [], coosys: [], timesys: [], resources: [] };
  readonly warnings: VOTableWarning[] = [];
  readonly tables: TableState[] = [];
  /** Called when a table's FIELDs are known (data about to start, or a table without data). */
  onTableStart: ((t: TableState) => void) | undefined;
  /** True once the root element closed. */
  done = false;

  readonly #strict: boolean;
  readonly #onWarning: ((w: VOTableWarning) => void) | undefined;
  readonly #maxWarnings: number;
  readonly #maxCell: number;
  /** Warnings past `#maxWarnings`, counted and not kept. */
  #suppressed = 0;
  readonly #sax: SaxesParser<{ xmlns: false; position: true }>;
  readonly #utf8 = new TextDecoder("utf-8");
  readonly #stack: Frame[] = [];
  #mode = Mode.XML;
  /** Bytes kept from the previous chunk (an incomplete token) sit at the start of `#work`. */
  #carryLen = 0;
  #work = new Uint8Array(0);
  #lineOffset = 0;
  #pendingData: "TABLEDATA" | "STREAM" | undefined;
  #binary2 = false;
  #table: TableState | undefined;
  #tdScanner: TabledataScanner | undefined;
  #streamScanner: StreamScanner | undefined;
  #scanLine0 = 0;
  #sawRoot = false;
  /** True when a comment before the root says astropy.io.votable wrote the document (its variable bit arrays are not packed). */
  #astropy = false;
  readonly #byId = new Map<string, TableMeta>();
  /** The DOCTYPE's general entities, when it declared any. */
  #entities: EntityTable | undefined;

  readonly #streaming: boolean;

  constructor(options: ReadOptions = {}, streaming = false) {
    this.#streaming = streaming;
    this.#strict = options.strict ?? false;
    this.#onWarning = options.onWarning;
    const max = options.maxWarnings ?? MAX_WARNINGS;
    if (!(max >= 0)) throw new RangeError(`maxWarnings must be a number >= 0, not ${String(max)}`);
    this.#maxWarnings = max;
    const cell = options.maxCellBytes ?? MAX_CELL_BYTES;
    if (!(cell >= 1)) throw new RangeError(`maxCellBytes must be a number >= 1, not ${String(cell)}`);
    this.#maxCell = cell;
    const sax = new SaxesParser({ xmlns: false, position: true });
    this.#sax = sax;
    sax.on("error", (err) => {
      const msg = err.message.replace(/^(.*?:)?\d+:\d+: /, "");
      if (/undefined entity/.test(msg)) {
        this.warn("VO_WARN_VOTABLE_ENTITY", "a reference to an entity that is not declared; kept as text", this.#path());
        return;
      }
      this.fail(`malformed XML: ${msg}`);
    });
    sax.on("doctype", (d) => {
      const table = new EntityTable(d, {
        warn: (m) => this.warn("VO_WARN_VOTABLE_ENTITY", m),
        external: (name, system) => {
          this.warn("VO_WARN_VOTABLE_ENTITY", `entity &${name}; is external (${system}) and is never fetched; kept as text`);
          return `&${name};`;
        },
      });
      if (!table.empty) {
        table.install(sax.ENTITIES);
        this.#entities = table;
      }
    });
    sax.on("comment", (c) => {
      if (!this.#sawRoot && ASTROPY_COMMENT.test(c)) this.#astropy = true;
    });
    sax.on("opentag", (tag) => this.#open(tag));
    sax.on("closetag", () => this.#close());
    sax.on("text", (t) => this.#text(t));
    sax.on("cdata", (t) => this.#text(t));
  }

  /** Current line (1-based) in the whole document. */
  get line(): number {
    return this.#sax.line + this.#lineOffset;
  }

  /** The element path for messages; the middle of a path deeper than 32 elements is elided (bounded cost per warning). */
  #path(extra?: string): string {
    const st = this.#stack;
    const n = st.length;
    const names = (fs: Frame[]): string => fs.map((f) => f.name).join("/");
    const p = n <= 32 ? names(st) : `${names(st.slice(0, 16))}/…${n - 31} elements…/${names(st.slice(n - 15))}`;
    return extra ? `${p}/${extra}` : p;
  }

  /** The object of the innermost open element named `name` (searched from the top of the stack). */
  #innermost(name: string): unknown {
    for (let i = this.#stack.length - 1; i >= 0; i--) if ((this.#stack[i] as Frame).name === name) return (this.#stack[i] as Frame).obj;
    return undefined;
  }

  /** Records a lax-mode warning, or throws in strict mode (a DALFormatError whose `reason` is the code). */
  warn(code: VOTableWarningCode, message: string, element?: string, line = this.line, column?: number, cell?: CellInfo): void {
    if (this.#strict) {
      throw new DALFormatError(message, { location: { line, column, element: element ?? this.#path() }, standard: "VOTable", reason: code });
    }
    if (this.warnings.length >= this.#maxWarnings) {
      this.#suppressed++;
      return;
    }
    const w: VOTableWarning = { code, message, line, element: element ?? this.#path() };
    if (column !== undefined) w.column = column;
    if (cell !== undefined) {
      w.field = cell.field;
      if (cell.row !== undefined) w.row = cell.row;
      w.text = shortText(cell.text);
    }
    this.#push(w);
  }

  #push(w: VOTableWarning): void {
    this.warnings.push(w);
    this.#onWarning?.(w);
  }

  /** True when lax-mode warnings are only counted now (the cap is reached): callers may skip building the message. */
  #muted(): boolean {
    if (this.#strict || this.warnings.length < this.#maxWarnings) return false;
    this.#suppressed++;
    return true;
  }

  /** Throws a DALFormatError at the current position. */
  fail(message: string, element?: string, line = this.line, column: number | null = this.#sax.column + 1, reason?: string): never {
    throw new DALFormatError(message, { location: { line, column: column ?? undefined, element: element ?? this.#path() }, standard: "VOTable", reason });
  }

  /** Feeds the next chunk of bytes. */
  feed(chunk: Uint8Array): void {
    const bytes = this.#decodeInput(chunk, false);
    if (bytes.length > 0) this.#feedUtf8(bytes);
  }

  /** Bytes held until the encoding is known (XML declaration or BOM); undefined once decided. */
  #prologue: Uint8Array | undefined = new Uint8Array(0);
  /** Transcoder to UTF-8 for documents in another encoding. */
  #transcoder: TextDecoder | undefined;

  /** Passes UTF-8 through; transcodes other encodings (declared in the XML declaration, or UTF-16 by BOM). */
  #decodeInput(chunk: Uint8Array, final: boolean): Uint8Array {
    let b = chunk;
    if (this.#prologue !== undefined) {
      const all = new Uint8Array(this.#prologue.length + chunk.length);
      all.set(this.#prologue);
      all.set(chunk, this.#prologue.length);
      if (!final && all.length < 512 && all.indexOf(62) < 0) {
        this.#prologue = all;
        return new Uint8Array(0);
      }
      this.#prologue = undefined;
      this.#transcoder = this.#pickEncoding(all);
      b = all;
    }
    if (this.#transcoder === undefined) return b;
    return utf8Encoder.encode(this.#transcoder.decode(b, { stream: !final }));
  }

  #pickEncoding(b: Uint8Array): TextDecoder | undefined {
    if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder("utf-16be");
    if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder("utf-16le");
    let head = "";
    for (let i = 0; i < Math.min(b.length, 512); i++) head += String.fromCharCode(b[i] as number);
    const m = /^(?:\uFEFF|\xEF\xBB\xBF)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
    const enc = m?.[1]?.toLowerCase();
    if (enc === undefined || enc === "utf-8" || enc === "utf8" || enc === "us-ascii" || enc === "ascii") return undefined;
    try {
      return new TextDecoder(enc);
    } catch {
      return this.fail(`unsupported document encoding "${m?.[1]}"`, "", 1, 1);
    }
  }

  #feedUtf8(chunk: Uint8Array): void {
    let b = chunk;
    const carry = this.#carryLen;
    if (carry > 0) {
      const total = carry + chunk.length;
      if (this.#work.length < total) {
        const w = new Uint8Array(Math.max(total, this.#work.length * 2, 1 << 16));
        w.set(this.#work.subarray(0, carry));
        this.#work = w;
      }
      this.#work.set(chunk, carry);
      b = this.#work.subarray(0, total);
      this.#carryLen = 0;
    }
    this.#run(b, false);
  }

  /** Keeps `b[from, end)` for the next chunk (copied to the start of the work buffer). */
  #keep(b: Uint8Array, from: number): void {
    const n = b.length - from;
    if (b.buffer === this.#work.buffer && b.byteOffset === this.#work.byteOffset) this.#work.copyWithin(0, from, b.length);
    else {
      if (this.#work.length < n) this.#work = new Uint8Array(Math.max(n * 2, 1 << 16));
      this.#work.set(b.subarray(from));
    }
    this.#carryLen = n;
  }

  /** Ends the document; throws if it is incomplete. */
  end(): void {
    const tail = this.#decodeInput(new Uint8Array(0), true);
    if (tail.length > 0) this.#feedUtf8(tail);
    const rest = this.#work.slice(0, this.#carryLen);
    this.#carryLen = 0;
    this.#run(rest, true);
    this.#sax.write(this.#utf8.decode());
    this.#sax.close();
    if (!this.#sawRoot) this.fail("not a VOTable document: no root element");
    if (!this.done) this.fail("document ends before </VOTABLE>");
    if (this.#suppressed > 0) {
      const n = this.#suppressed;
      this.#suppressed = 0;
      this.#push({ code: "VO_WARN_VOTABLE_SUPPRESSED", message: `${n} more warning${n === 1 ? " was" : "s were"} suppressed (a document keeps its first ${this.#maxWarnings})`, line: this.line, element: "VOTABLE" });
    }
  }

  #run(b: Uint8Array, final: boolean): void {
    const end = b.length;
    let p = 0;
    while (p < end || (final && this.#mode !== Mode.XML)) {
      if (this.#mode === Mode.XML) {
        const found = this.#findDataTag(b, p, end);
        if (found === -1) {
          this.#feedSax(b, p, end);
          return;
        }
        if (found < -1) {
          const lt = -found - 2;
          this.#feedSax(b, p, lt);
          if (final) {
            this.#feedSax(b, lt, end);
            return;
          }
          this.#keep(b, lt);
          return;
        }
        this.#feedSax(b, p, found);
        p = found;
        if (this.#pendingData !== undefined) this.#startScan();
      } else if (this.#mode === Mode.TABLEDATA) {
        const sc = this.#tdScanner as TabledataScanner;
        const line0 = this.#scanLine0 + sc.line;
        const r = sc.scan(b, p, end, final);
        if (!this.#warnedUtf8) this.#checkUtf8(b, p, r, line0);
        this.#lineOffset = this.#scanLine0 + sc.line - this.#sax.line;
        if (sc.ended) {
          this.#mode = Mode.XML;
          p = r;
          continue;
        }
        if (r < end) this.#keep(b, r);
        return;
      } else {
        const sc = this.#streamScanner as StreamScanner;
        const r = sc.scan(b, p, end);
        this.#lineOffset = this.#scanLine0 + sc.decoder.lines - this.#sax.line;
        if (sc.decoder.invalid >= 0) this.fail("invalid character in base64 STREAM");
        if (sc.ended) {
          if (sc.rows.pendingBytes > 0) this.fail(`STREAM ends in the middle of a row: ${sc.rows.pendingBytes} bytes of row ${sc.rows.rows + 1} and no more (the stream was cut short or its cells do not match the FIELDs)`);
          this.#mode = Mode.XML;
          p = r;
          continue;
        }
        if (final) this.fail("document ends inside STREAM");
        if (r < end) this.#keep(b, r);
        return;
      }
    }
  }

  /** Warned of invalid UTF-8 in TABLEDATA (once per document). */
  #warnedUtf8 = false;
  /** The last range checked ended in a multi-byte sequence left unchecked. */
  #utf8Cut = false;

  /** Warns (once) when the TABLEDATA bytes `b[s, e)`, starting at line `line0`, are not well-formed UTF-8. */
  #checkUtf8(b: Uint8Array, s0: number, e: number, line0: number): void {
    let s = s0;
    // A sequence cut by the end of the range (stray text outside TD at a chunk end) is not checked.
    if (this.#utf8Cut) while (s < e && s < s0 + 3 && ((b[s] as number) & 0xc0) === 0x80) s++;
    const end = completeUtf8End(b, s, e);
    this.#utf8Cut = end < e;
    if (isUtf8(b, s, end)) return;
    this.#warnedUtf8 = true;
    const at = firstInvalidUtf8(b, s, end);
    let line = line0;
    for (let i = s0; i < at; i++) if (b[i] === 10) line++;
    this.warn("VO_WARN_VOTABLE_UTF8", "invalid UTF-8 in TABLEDATA: such bytes read as U+FFFD (reported once per document)", undefined, line);
  }

  #feedSax(b: Uint8Array, s: number, e: number): void {
    if (e <= s) return;
    try {
      this.#sax.write(this.#utf8.decode(b.subarray(s, e), { stream: true }));
    } catch (err) {
      // An entity limit met inside saxes: located here.
      if (err instanceof DALFormatError && err.reason === "VO_LIMIT_ENTITIES" && err.location.line === undefined) this.fail(err.message, undefined, undefined, undefined, err.reason);
      throw err;
    }
  }

  /**
   * Finds the next start tag TABLEDATA or STREAM from `p`. Returns the index
   * after its `>`, -1 when there is none, or `-(lt + 2)` when a tag starting
   * at `lt` is cut by the end of the buffer.
   */
  #findDataTag(b: Uint8Array, p: number, end: number): number {
    for (;;) {
      const lt = b.indexOf(60, p);
      if (lt < 0 || lt >= end) return -1;
      let q = lt + 1;
      while (q < end && isNameByte(b[q] as number) && q - lt <= 64) q++;
      if (q - lt > 64) {
        // No data tag has so long a name (saxes reads it).
        p = q;
        continue;
      }
      if (q >= end) return -(lt + 2);
      let name = "";
      if (q - lt - 1 <= 40) for (let i = lt + 1; i < q; i++) name += String.fromCharCode(b[i] as number);
      const local = localName(name);
      if (local === "TABLEDATA" || local === "STREAM") {
        let quote = 0;
        for (let i = q; i < end; i++) {
          const c = b[i] as number;
          if (quote !== 0) {
            if (c === quote) quote = 0;
          } else if (c === 34 || c === 39) quote = c;
          else if (c === 62) return i + 1;
        }
        // Kept and read again with the next chunk: bounded, so that this stays linear.
        if (end - lt > 1 << 16) this.fail(`a <${local}> start tag longer than 65536 bytes`, undefined, undefined, undefined, "VO_LIMIT_CELL_BYTES");
        return -(lt + 2);
      }
      p = lt + 1;
    }
  }

  #startScan(): void {
    const t = this.#table;
    const kind = this.#pendingData;
    this.#pendingData = undefined;
    if (t === undefined) return;
    this.#scanLine0 = this.#sax.line + this.#lineOffset;
    if (kind === "TABLEDATA") {
      this.#mode = Mode.TABLEDATA;
      const base = this.#path();
      this.#tdScanner = new TabledataScanner(t.builders, {
        warn: (code, m, ld, where) => {
          if (!this.#muted()) this.warn(code, m, `${base}/${where}`, this.#scanLine0 + ld);
        },
        fail: (m, ld, where, reason) => this.fail(m, `${base}/${where}`, this.#scanLine0 + ld, null, reason),
        entity: (name) => this.#entities?.resolve(name),
        row: () => {
          if (t.builders.length > 0) t.rows++;
        },
      }, this.#maxCell);
    } else {
      this.#mode = Mode.STREAM;
      const tooBig = (bytes: number, row: number): never =>
        this.fail(`a BINARY cell of ${bytes} bytes in row ${row}, more than the maxCellBytes limit of ${this.#maxCell} (a corrupt count, or raise maxCellBytes)`, undefined, undefined, null, "VO_LIMIT_CELL_BYTES");
      if (this.#astropy) this.#astropyLayout(t);
      this.#streamScanner = new StreamScanner(new BinaryRowDecoder(t.builders, this.#binary2, (n) => { t.rows += n; }, this.#maxCell, tooBig));
    }
  }

  /**
   * A document astropy.io.votable wrote: where its BINARY layout is not the
   * standard's (variable bit arrays, the count of a variable `2x*` array; see
   * `binaryVarSize`) it is read astropy's way, with a warning per column (an
   * error in strict mode).
   */
  #astropyLayout(t: TableState): void {
    for (const b of t.builders) {
      const s = b.shape;
      if (b.fixedSize >= 0 || (s.datatype !== "bit" && s.unit === 1)) continue;
      if (s.datatype === "bit") {
        this.warn(
          "VO_WARN_VOTABLE_BIT_LAYOUT",
          `variable bit array column "${b.field.name}" read in astropy's layout (each row on bytes of its own: one byte per bit for arraysize="*"), not VOTable's packed bits: the document says astropy.io.votable wrote it`,
          this.#path(),
        );
      } else {
        this.warn(
          "VO_WARN_VOTABLE_ARRAY_COUNT",
          `column "${b.field.name}" (arraysize="${b.field.arraysize ?? ""}") read with astropy's count of rows of ${s.unit} before each cell, not VOTable's count of ${s.datatype} items: the document says astropy.io.votable wrote it`,
          this.#path(),
        );
      }
      b.astropy = true;
    }
  }

  #badCell = (field: Field, text: string, code: ValueFaultCode, problem: string, outcome: string, row: number): void => {
    if (this.#muted()) return;
    const message = `${problem}: "${shortText(text)}" in ${field.datatype} column "${field.name}", row ${row}; ${outcome}`;
    const t = this.#table;
    const cell = { field: field.name, row, text };
    const sc = this.#tdScanner;
    if (this.#mode === Mode.TABLEDATA && sc !== undefined && t !== undefined) {
      // Cells are added while the scanner runs: name the row and cell, and the scanner's line.
      this.warn(code, message, `${this.#path()}/TR[${row}]/TD[${t.fields.indexOf(field) + 1}]`, this.#scanLine0 + sc.line, undefined, cell);
    } else this.warn(code, message, undefined, undefined, undefined, cell);
  };

  /**
   * Decodes a value written in the metadata by `shape`; a repair (clamp,
   * truncation) or a fault is a warning naming `what`, `outcome` saying how
   * a fault is read. Undefined for a fault.
   */
  #checkValue(text: string, shape: FieldShape, field: Field, what: string, outcome: string, element?: string): CellValue | undefined {
    const cell = { field: field.name, text };
    const say = (code: ValueFaultCode, problem: string, how: string): void => {
      this.warn(code, `${problem}: "${shortText(text)}" in ${what}; ${how}`, element, undefined, undefined, cell);
    };
    try {
      return decodeText(text, shape, say);
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      say(e.code, e.message, outcome);
      return undefined;
    }
  }

  /** Checks one item of a VALUES (null, MIN, MAX, OPTION) of a non-string field: a valid scalar of its datatype. */
  #checkItem(text: string, field: Field, item: string, outcome: string): void {
    const datatype = normalizeDatatype(field.datatype) ?? "char";
    if (datatype === "char" || datatype === "unicodeChar" || text.trim() === "") return;
    const scalar = fieldShape({ name: field.name, datatype });
    this.#checkValue(text, scalar, field, `VALUES ${item} of ${datatype} ${"value" in field ? "PARAM" : "FIELD"} "${field.name}"`, outcome);
  }

  /** The FIELD or PARAM whose VALUES is open. */
  #valuesOwner(): Field | undefined {
    for (let i = this.#stack.length - 1; i >= 0; i--) {
      const f = this.#stack[i] as Frame;
      if (f.name === "FIELD" || f.name === "PARAM") return f.obj as Field;
    }
    return undefined;
  }

  #top(): Frame | undefined {
    return this.#stack[this.#stack.length - 1];
  }

  #open(tag: SaxesTagPlain): void {
    const name = localName(tag.name);
    const a = tag.attributes as Record<string, string>;
    const parent = this.#top();
    const frame: Frame = { name };
    const pname = parent?.name;
    if (this.#stack.length >= MAX_ELEMENT_DEPTH) this.fail(`elements nested deeper than ${MAX_ELEMENT_DEPTH} levels`);
    if (parent === undefined) {
      if (this.#sawRoot) this.fail("content after the root element");
      if (name !== "VOTABLE") this.fail(`not a VOTable document: root element is <${tag.name}>`);
      this.#sawRoot = true;
      let version = a.version;
      if (version === undefined) {
        for (const [k, v] of Object.entries(a)) {
          const m = k.startsWith("xmlns") ? /VOTable\/v?(\d+\.\d+)/i.exec(v) : null;
          if (m) version = m[1];
        }
      }
      this.meta.version = version ?? "";
      if (a.ID !== undefined) this.meta.ID = a.ID;
      frame.obj = this.meta;
    } else if (pname === "#skip") {
      frame.name = "#skip";
    } else {
      this.#openChild(name, a, parent, frame);
    }
    if (TEXT_ELEMENTS.has(frame.name)) frame.text = [];
    this.#stack.push(frame);
  }

  #openChild(name: string, a: Record<string, string>, parent: Frame, frame: Frame): void {
    const p = parent.obj as never;
    const pname = parent.name;
    switch (name) {
      case "RESOURCE": {
        if (pname !== "VOTABLE" && pname !== "RESOURCE") return this.#misplaced(name, frame);
        const r: ResourceMeta = { ...pick(a, ["name", "ID", "type", "utype"]), infos: [], params: [], groups: [], links: [], coosys: [], timesys: [], tables: [], resources: [] };
        (p as { resources: ResourceMeta[] }).resources.push(r);
        frame.obj = r;
        return;
      }
      case "TABLE": {
        if (pname !== "RESOURCE") return this.#misplaced(name, frame);
        const t: TableMeta = { ...pick(a, ["name", "ID", "ref", "ucd", "utype"]), fields: [], params: [], groups: [], links: [], infos: [], serialization: "none" };
        if (a.nrows !== undefined) {
          const n = Number(a.nrows);
          if (Number.isInteger(n) && n >= 0) t.nrows = n;
          else this.warn("VO_WARN_VOTABLE_ATTRIBUTE", `invalid nrows "${a.nrows}"`);
        }
        if (t.ID !== undefined) this.#byId.set(t.ID, t);
        (p as ResourceMeta).tables.push(t);
        frame.obj = t;
        return;
      }
      case "FIELD": {
        if (pname !== "TABLE") return this.#misplaced(name, frame);
        const f = this.#field(a, "FIELD");
        (p as TableMeta).fields.push(f);
        frame.obj = f;
        return;
      }
      case "PARAM": {
        if (!["VOTABLE", "RESOURCE", "TABLE", "GROUP"].includes(pname)) return this.#misplaced(name, frame);
        const f = this.#field(a, "PARAM") as Param;
        if (a.value === undefined) this.warn("VO_WARN_VOTABLE_ATTRIBUTE", "PARAM without value attribute");
        f.value = a.value ?? "";
        f.parsed = null;
        (p as { params: Param[] }).params.push(f);
        frame.obj = f;
        return;
      }
      case "GROUP": {
        if (!["VOTABLE", "RESOURCE", "TABLE", "GROUP"].includes(pname)) return this.#misplaced(name, frame);
        const g: Group = { ...pick(a, ["name", "ID", "ref", "ucd", "utype"]), fieldRefs: [], paramRefs: [], params: [], groups: [] };
        (p as { groups: Group[] }).groups.push(g);
        frame.obj = g;
        return;
      }
      case "FIELDref": case "PARAMref": {
        if (pname !== "GROUP") return this.#misplaced(name, frame);
        if (a.ref === undefined) this.warn("VO_WARN_VOTABLE_ATTRIBUTE", `${name} without ref`);
        const r = { ref: a.ref ?? "", ...pick(a, ["ucd", "utype"]) };
        if (name === "FIELDref") (p as Group).fieldRefs.push(r);
        else (p as Group).paramRefs.push(r);
        frame.name = "#skip";
        return;
      }
      case "VALUES": {
        if (pname !== "FIELD" && pname !== "PARAM") return this.#misplaced(name, frame);
        const v: Values = pick(a, ["null", "ref"]);
        if (v.null !== undefined) this.#checkItem(v.null, p as Field, "null", "ignored: no cell is null by it");
        (p as Field).values = v;
        frame.obj = v;
        return;
      }
      case "MIN": case "MAX": {
        if (pname !== "VALUES") return this.#misplaced(name, frame);
        const m = { value: a.value ?? "", inclusive: (a.inclusive ?? "yes") !== "no" };
        const owner = this.#valuesOwner();
        if (owner !== undefined) this.#checkItem(m.value, owner, name, "kept as written");
        if (name === "MIN") (p as Values).min = m;
        else (p as Values).max = m;
        frame.name = "#skip";
        return;
      }
      case "OPTION": {
        if (pname !== "VALUES" && pname !== "OPTION") return this.#misplaced(name, frame);
        const o: Option = { value: a.value ?? "", ...pick(a, ["name"]) };
        const owner = this.#valuesOwner();
        if (owner !== undefined) this.#checkItem(o.value, owner, "OPTION", "kept as written");
        const holder = p as { options?: Option[] };
        (holder.options ??= []).push(o);
        frame.obj = o;
        return;
      }
      case "LINK": {
        if (!p || !["FIELD", "PARAM", "TABLE", "RESOURCE", "INFO"].includes(pname)) return this.#misplaced(name, frame);
        const l: Link = pick(a, ["href", "title", "value", "action", "ID"]);
        if (a["content-role"] !== undefined) l.contentRole = a["content-role"];
        if (a["content-type"] !== undefined) l.contentType = a["content-type"];
        if (pname === "INFO") { frame.name = "#skip"; return; }
        const holder = p as { links?: Link[] };
        (holder.links ??= []).push(l);
        frame.obj = l;
        return;
      }
      case "INFO": {
        if (!["VOTABLE", "RESOURCE", "TABLE"].includes(pname)) return this.#misplaced(name, frame);
        if (a.name === undefined) this.warn("VO_WARN_VOTABLE_ATTRIBUTE", "INFO without name");
        const i: Info = { name: a.name ?? "", value: a.value ?? "", ...pick(a, ["ID", "unit", "ucd", "utype", "xtype", "ref"]) };
        (p as { infos: Info[] }).infos.push(i);
        frame.obj = i;
        return;
      }
      case "DESCRIPTION": {
        frame.obj = p;
        return;
      }
      case "COOSYS": {
        if (pname !== "VOTABLE" && pname !== "RESOURCE") return this.#misplaced(name, frame);
        const c: CooSys = pick(a, ["ID", "system", "equinox", "epoch", "refposition"]);
        (p as { coosys: CooSys[] }).coosys.push(c);
        frame.name = "#skip";
        return;
      }
      case "TIMESYS": {
        if (pname !== "VOTABLE" && pname !== "RESOURCE") return this.#misplaced(name, frame);
        if (a.ID === undefined) this.fail("TIMESYS without ID (the attribute is required)");
        const ts: TimeSys = pick(a, ["ID", "timeorigin", "timescale", "refposition"]);
        (p as { timesys: TimeSys[] }).timesys.push(ts);
        frame.name = "#skip";
        return;
      }
      case "DATA": {
        if (pname !== "TABLE") return this.#misplaced(name, frame);
        this.#once(parent, "DATA", "TABLE");
        frame.obj = p;
        this.#beginTable();
        return;
      }
      case "TABLEDATA": case "BINARY": case "BINARY2": case "FITS": {
        if (pname !== "DATA") return this.#misplaced(name, frame);
        if (name === "FITS") this.fail("FITS serialization is not supported: the reader reads TABLEDATA, BINARY and BINARY2");
        this.#once(parent, name, "DATA");
        const t = p as TableMeta;
        t.serialization = name;
        frame.obj = t;
        if (name === "TABLEDATA") this.#pendingData = "TABLEDATA";
        else this.#binary2 = name === "BINARY2";
        return;
      }
      case "STREAM": {
        if (pname !== "BINARY" && pname !== "BINARY2") return this.#misplaced(name, frame);
        if (a.href !== undefined) this.fail(`STREAM href (data in an external file, ${a.href}) is not supported`);
        const enc = a.encoding ?? "";
        if (enc !== "base64") this.fail(`STREAM encoding "${enc}" is not supported: only base64`);
        this.#once(parent, name, pname);
        this.#pendingData = "STREAM";
        return;
      }
      default:
        if (pname === "DATA") this.fail(`${name} serialization is not supported: the reader reads TABLEDATA, BINARY and BINARY2`);
        frame.name = "#skip";
    }
  }

  /** Warns when `parent` already had a data child: the schema allows one, and the rows of both are joined. */
  #once(parent: Frame, name: string, pname: string): void {
    if (parent.hadData === true) this.warn("VO_WARN_VOTABLE_STRUCTURE", `second ${name} in one ${pname} (the schema allows one): its rows are appended to those before`);
    parent.hadData = true;
  }

  #misplaced(name: string, frame: Frame): void {
    this.warn("VO_WARN_VOTABLE_STRUCTURE", `element ${name} not allowed here; ignored`);
    frame.name = "#skip";
  }

  #field(a: Record<string, string>, element: string): Field {
    for (const k of Object.keys(a)) {
      if (!FIELD_ATTRS.has(k) && !k.includes(":") && k !== "xmlns") this.warn("VO_WARN_VOTABLE_ATTRIBUTE", `unknown attribute ${k} on ${element}`);
    }
    let datatype = normalizeDatatype(a.datatype);
    if (a.datatype === undefined) {
      this.warn("VO_WARN_VOTABLE_DATATYPE", `${element} "${a.name ?? ""}" has no datatype; read as char`);
      datatype = "char";
    } else if (datatype === undefined) {
      this.fail(`${element} "${a.name ?? ""}" has unknown datatype "${a.datatype}"`);
    } else if (datatype !== a.datatype) {
      this.warn("VO_WARN_VOTABLE_DATATYPE", `${element} "${a.name ?? ""}" datatype "${a.datatype}" read as "${datatype}"`);
    }
    if (a.name === undefined) this.warn("VO_WARN_VOTABLE_ATTRIBUTE", `${element} without name`);
    const f: Field = { name: a.name ?? a.ID ?? "", datatype, ...pick(a, ["ID", "arraysize", "precision", "unit", "ucd", "utype", "xtype", "ref", "type"]) };
    if (a.arraysize !== undefined) this.#checkArraysize(a.arraysize, element, f.name);
    if (a.width !== undefined) {
      const w = Number(a.width);
      if (Number.isFinite(w)) f.width = w;
    }
    if ((datatype === "char" || datatype === "unicodeChar") && a.arraysize === undefined && element === "FIELD" && a.datatype !== undefined) {
      // Lax like astropy: the whole cell is read as a string.
      this.warn("VO_WARN_VOTABLE_ARRAYSIZE", `${element} "${f.name}" of datatype ${datatype} has no arraysize (means 1 character); read as a string`);
    }
    return f;
  }

  /** Warns on a malformed arraysize; rejects one whose cells would hold more than MAX_CELL_ITEMS items. */
  #checkArraysize(arraysize: string, element: string, name: string): void {
    if (!ARRAYSIZE.test(arraysize)) this.warn("VO_WARN_VOTABLE_ARRAYSIZE", `${element} "${name}" has an invalid arraysize "${arraysize}"`);
    let items = 1;
    for (const d of arraysize.split("x")) {
      const n = Number.parseInt(d, 10);
      if (Number.isFinite(n) && n > 0) items *= n;
    }
    if (items > MAX_CELL_ITEMS) {
      this.fail(`${element} "${name}" arraysize "${arraysize}" declares ${items} items per cell, more than the ${MAX_CELL_ITEMS} this reader accepts`);
    }
  }

  #beginTable(): TableState | undefined {
    const meta = this.#innermost("TABLE") as TableMeta | undefined;
    if (!meta) return undefined;
    if (this.#table?.meta === meta) return this.#table;
    const resource = this.#innermost("RESOURCE") as ResourceMeta;
    let fields = meta.fields;
    if (fields.length === 0 && meta.ref !== undefined) {
      const target = this.#byId.get(meta.ref);
      if (target) fields = target.fields;
      else this.warn("VO_WARN_VOTABLE_STRUCTURE", `TABLE ref "${meta.ref}" names no earlier TABLE`);
    }
    if (fields.length === 0 && this.#top()?.name === "DATA") this.warn("VO_WARN_VOTABLE_STRUCTURE", "TABLE has DATA but no FIELD: its rows are ignored");
    const cap = this.#streaming ? 1024 : Math.min(meta.nrows ?? 1024, MAX_PREALLOC_ROWS);
    const t: TableState = { meta, resource, fields, builders: fields.map((f) => createBuilder(f, this.#badCell, cap)), rows: 0, ended: false };
    this.#table = t;
    this.tables.push(t);
    this.onTableStart?.(t);
    return t;
  }

  #text(t: string): void {
    const top = this.#top();
    // Text elsewhere (indentation, stray text) is ignored.
    if (top?.text !== undefined) top.text.push(t);
  }

  #close(): void {
    const frame = this.#stack.pop();
    if (frame === undefined) return;
    const text = frame.text?.join("");
    switch (frame.name) {
      case "VOTABLE": this.done = true; break;
      case "DESCRIPTION": {
        const holder = frame.obj as { description?: string } | undefined;
        if (holder && text !== undefined) holder.description = text.trim();
        break;
      }
      case "INFO": {
        const t = text?.trim();
        if (t) (frame.obj as Info).content = t;
        break;
      }
      case "LINK": {
        const t = text?.trim();
        if (t && frame.obj) (frame.obj as Link).value ??= t;
        break;
      }
      case "PARAM": {
        const prm = frame.obj as Param;
        const shape = fieldShape(prm);
        const v = this.#checkValue(prm.value, shape, prm, `PARAM "${prm.name}"`, "parsed as null", this.#path("PARAM"));
        prm.parsed = v === undefined || v === null || isNullValue(v, shape) ? null : v;
        break;
      }
      case "TABLE": {
        const st = this.#beginTable2(frame.obj as TableMeta);
        st.ended = true;
        const declared = st.meta.nrows;
        if (declared !== undefined && st.meta.serialization !== "none" && st.fields.length > 0 && st.rows !== declared) {
          this.warn("VO_WARN_VOTABLE_NROWS", `TABLE declares nrows="${declared}" but has ${st.rows} rows; the rows read are kept`);
        }
        this.#table = undefined;
        break;
      }
      case "TABLEDATA": case "STREAM":
        this.#pendingData = undefined;
        break;
      default:
        break;
    }
  }

  /** The state of a table whose end was reached (created if it had no DATA). */
  #beginTable2(meta: TableMeta): TableState {
    if (this.#table?.meta === meta) return this.#table;
    this.#stack.push({ name: "TABLE", obj: meta });
    const t = this.#beginTable() as TableState;
    this.#stack.pop();
    return t;
  }
}

function pick<K extends string>(a: Record<string, string>, keys: readonly K[]): { [P in K]?: string } {
  const out: { [P in K]?: string } = {};
  for (const k of keys) {
    const v = a[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

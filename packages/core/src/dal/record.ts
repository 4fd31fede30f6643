import { asTimestamp, DALFormatError, mjdToDate, ParameterError } from "@vo/votable";
import type { CellValue, Field } from "@vo/votable";
import type { DownloadOptions, DownloadResult } from "../download/download-dataset.js";
import { fetchDatasetBytes, fetchDatasetStream, openDataset } from "../download/fetch-dataset.js";
import type { FetchDatasetOptions } from "../download/fetch-dataset.js";
import type { Transport } from "../transport/types.js";
import type { RecordLike, ResultSetLike } from "../types.js";
import { resolveTarget } from "./query.js";
import type { DALTarget } from "./query.js";
import { brandedInstanceOf, CLASS_ID } from "./brand.js";
import { dataObjectFrom } from "./data-object.js";
import type { DataObject } from "./data-object.js";

/**
 * Field lookups shared by a result set and all its records: by name (exact,
 * then ID, then case-insensitive), by UCD and by utype. Built once per table.
 * It also carries where the query went through (a client's service context
 * or a bare transport): `Record.download()` uses its transport, and plugins
 * such as `@vo/datalink` reach the client (and its warning sink) through it.
 */
export class FieldIndex {
  readonly fields: readonly Field[];
  /** The service context or transport the result came through (set by `queryResultSet`/`queryResultStream`); undefined for hand-built results. */
  readonly target: DALTarget | undefined;
  /** The transport of {@link target}; undefined for hand-built results. */
  readonly transport: Transport | undefined;
  /**
   * The result set or stream whose records share this index (set by `ResultSet`/`ResultStream`):
   * a record reaches its document's other resources (service descriptors, …) through it.
   */
  readonly result: ResultSetLike | undefined;
  private readonly byName = new Map<string, number>();
  private readonly byId = new Map<string, number>();
  private readonly byLowerName = new Map<string, number>();

  constructor(fields: readonly Field[], target?: DALTarget, result?: ResultSetLike) {
    this.fields = fields;
    this.target = target;
    this.result = result;
    this.transport = target === undefined ? undefined : resolveTarget(target).transport;
    fields.forEach((field, i) => {
      if (!this.byName.has(field.name)) this.byName.set(field.name, i);
      if (field.ID !== undefined && !this.byId.has(field.ID)) this.byId.set(field.ID, i);
      const lower = field.name.toLowerCase();
      if (!this.byLowerName.has(lower)) this.byLowerName.set(lower, i);
    });
  }

  /** Position of the field with this name, else this ID, else this name case-insensitively; -1 if none. */
  indexOf(name: string): number {
    return this.byName.get(name) ?? this.byId.get(name) ?? this.byLowerName.get(name.toLowerCase()) ?? -1;
  }

  /**
   * Position of the first field whose UCD contains every word of `ucd`
   * (words are `;`-separated, compared case-insensitively); among several,
   * the first one that is also `meta.main`. -1 if none.
   *
   * Unlike pyVO's `fieldname_with_ucd`, one shared word is not enough:
   * asking for `pos.eq.ra;meta.main` never returns an ID column that is
   * merely `meta.main`.
   */
  indexOfUcd(ucd: string): number {
    const wanted = ucdWords(ucd);
    if (wanted.length === 0) return -1;
    let first = -1;
    for (let i = 0; i < this.fields.length; i++) {
      const have = ucdWords(this.fields[i]?.ucd ?? "");
      if (!wanted.every((w) => have.includes(w))) continue;
      if (have.includes("meta.main")) return i;
      if (first < 0) first = i;
    }
    return first;
  }

  /**
   * Position of the first field with this utype, compared case-insensitively:
   * an exact match first, then one ignoring namespace prefixes (`ssa:`,
   * `obscore:`, `…#`). -1 if none.
   */
  indexOfUtype(utype: string): number {
    const exact = utype.toLowerCase();
    const i = this.fields.findIndex((f) => f.utype?.toLowerCase() === exact);
    if (i >= 0) return i;
    const local = localUtype(utype);
    return this.fields.findIndex((f) => f.utype !== undefined && localUtype(f.utype) === local);
  }

  /** The field with this name (or ID, or case-insensitive name). */
  field(name: string): Field | undefined {
    return this.fields[this.indexOf(name)];
  }
}

/** True when a numeric field holds MJDs (see {@link Record.getDate}). */
function isMjdField(field: Field): boolean {
  if (field.xtype?.toLowerCase() === "mjd") return true;
  if (/mjd$/i.test(field.name) || /mjd/i.test(field.ucd ?? "")) return true;
  if (/TimeAxis\.Coverage\.(Location|Bounds)\b/i.test(field.utype ?? "") && !/Extent/i.test(field.utype ?? "")) return true;
  const unit = field.unit?.trim().toLowerCase();
  return (unit === undefined || unit === "" || unit === "d") && ucdWords(field.ucd ?? "").some((w) => TIME_POINT_UCD.test(w));
}

/** UCD words of a point in time (not a duration or a resolution). */
const TIME_POINT_UCD = /^time\.(epoch|start|end|creation|release|processing|obs)\b/;

function ucdWords(ucd: string): string[] {
  return ucd
    .split(";")
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w !== "");
}

function localUtype(utype: string): string {
  return utype.replace(/^.*[:#]/, "").toLowerCase();
}

/** Makes one record of a result set; protocols pass their own to get `SIARecord`s and the like. */
export type RecordFactory<R extends Record = Record> = (index: FieldIndex, cells: readonly CellValue[], row: number) => R;

/** The default {@link RecordFactory}. */
export const defaultRecordFactory: RecordFactory = (index, cells) => new Record(index, cells);

/**
 * One row of a result (pyVO's `Record`): cells in field order, answering by
 * field name, UCD and utype. Subclass it for protocol records.
 *
 * @example
 * const ra = record.getByUcd("pos.eq.ra");
 * const url = record.getDatasetUrl();
 */
export class Record implements RecordLike {

  /** The brand that makes `instanceof Record` hold across installed copies of `@vo/core` (see dal/brand.ts). */
  static readonly [CLASS_ID]: string = "@vo/core.Record";

  /** `instanceof` by prototype chain, or by brand for an instance from another copy of `@vo/core`. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return brandedInstanceOf(this, value);
  }
  /** The shared field lookups of the result set. */
  readonly index: FieldIndex;
  readonly cells: readonly CellValue[];

  constructor(index: FieldIndex | readonly Field[], cells: readonly CellValue[]) {
    this.index = index instanceof FieldIndex ? index : new FieldIndex(index);
    this.cells = cells;
  }

  /** The result set's fields. */
  get fields(): readonly Field[] {
    return this.index.fields;
  }

  /**
   * The cell of a column (pyVO's `row[name]`): the field with this name, then
   * this ID, then this name case-insensitively; undefined when there is none.
   * The same as {@link cell}, which subclasses may widen (ObsCore also looks a
   * standard column up by its utype).
   */
  get(name: string): CellValue | undefined {
    return this.cell(name);
  }

  /** The cell of a column by name (see {@link get}); the lookup every typed getter uses. */
  cell(name: string): CellValue | undefined {
    return this.cellAt(this.index.indexOf(name));
  }

  /** A column as a number: numbers, bigints and numeric strings; undefined for null, NaN, blanks and non-numbers. */
  getNumber(name: string): number | undefined {
    const v = this.cell(name);
    if (typeof v === "number") return Number.isNaN(v) ? undefined : v;
    if (typeof v === "bigint") return Number(v);
    if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
    return undefined;
  }

  /** A column as a string (numbers and bigints written out); undefined for null, blanks and arrays. */
  getString(name: string): string | undefined {
    const v = this.cell(name);
    if (typeof v === "string") return v.trim() === "" ? undefined : v;
    if (typeof v === "number" || typeof v === "bigint") return Number.isNaN(v) ? undefined : String(v);
    if (typeof v === "boolean") return String(v);
    return undefined;
  }

  /** A column as a boolean: booleans, and the VOTable spellings `true`/`false`/`T`/`F`/`1`/`0` in strings. */
  getBoolean(name: string): boolean | undefined {
    const v = this.cell(name);
    if (typeof v === "boolean") return v;
    if (typeof v !== "string") return undefined;
    const t = v.trim().toLowerCase();
    if (t === "true" || t === "t" || t === "1") return true;
    if (t === "false" || t === "f" || t === "0") return false;
    return undefined;
  }

  /**
   * A column as a Date, rounded to the millisecond: a string cell is read as
   * an ISO 8601 / DALI timestamp (UTC when no zone); a numeric cell as an MJD
   * when its field says so: xtype `mjd`, a UCD or name with "mjd" (SIA's
   * `VOX:Image_MJDateObs`), or a point-in-time UCD (`time.epoch`, `time.start`,
   * `time.end`, …) with unit `d` or none, or a time-coverage utype (SSA/ObsCore
   * `Char.TimeAxis.Coverage.Location`/`Bounds`). Undefined otherwise.
   */
  getDate(name: string): Date | undefined {
    const v = this.cell(name);
    if (typeof v === "string") return asTimestamp(v);
    const mjd = typeof v === "bigint" ? Number(v) : v;
    if (typeof mjd !== "number") return undefined;
    const field = this.index.field(name);
    return field !== undefined && isMjdField(field) ? mjdToDate(mjd) : undefined;
  }

  /** The cell of the first field with this UCD (case-insensitive; `;meta.main` preferred). */
  getByUcd(ucd: string): CellValue | undefined {
    return this.cellAt(this.index.indexOfUcd(ucd));
  }

  /** The cell of the first field with this utype (case-insensitive, namespace prefix ignored). */
  getByUtype(utype: string): CellValue | undefined {
    return this.cellAt(this.index.indexOfUtype(utype));
  }

  /**
   * The URL of this row's dataset (pyVO's `getdataurl`), from the first of:
   * utype `Access.Reference` (any prefix: `obscore:`, `ssa:`), UCD
   * `VOX:Image_AccessReference` (SIA 1), UCD `meta.ref.url;meta.dataset`,
   * UCD `meta.ref.url`, a field named `access_url`. Undefined if none is a non-empty string.
   */
  getDatasetUrl(): string | undefined {
    return this.firstString([
      this.index.indexOfUtype("Access.Reference"),
      this.index.indexOfUcd("VOX:Image_AccessReference"),
      this.index.indexOfUcd("meta.ref.url;meta.dataset"),
      this.index.indexOfUcd("meta.ref.url"),
      this.index.indexOf("access_url"),
    ]);
  }

  /** The URL of this row's dataset: {@link getDatasetUrl}. */
  get dataUrl(): string | undefined {
    return this.getDatasetUrl();
  }

  /**
   * The file name base {@link download} suggests (before the URL's and the
   * response's names); undefined here, protocol records override it (a title, an id…).
   */
  suggestDatasetBasename(): string | undefined {
    return undefined;
  }

  /**
   * Downloads this row's dataset into `dir` with the transport of the query
   * (**Node-only**: in a browser it rejects with a `VOError`; fetch
   * {@link dataUrl} with the client's transport instead). See
   * `downloadDataset` for naming and overwrite rules.
   *
   * @throws {ParameterError} the record carries no transport (built by hand, not from a query).
   * @throws {DALFormatError} the row has no dataset URL.
   * @throws {DALServiceError} HTTP or network failure.
   */
  async download(dir: string, options: DownloadOptions = {}): Promise<DownloadResult> {
    const transport = this.datasetTransport();
    if (!transport) {
      throw new ParameterError("transport", "a record from a query (queryResultSet, queryResultStream or a service search carries the transport)", undefined);
    }
    // Loaded on first use, by platform: the real download under Node, a stand-in that rejects elsewhere.
    const { downloadRecordDataset } = await import("#dataset-download");
    const name = this.suggestDatasetBasename();
    return downloadRecordDataset(transport, this, dir, { ...(name === undefined ? {} : { suggestedName: name }), ...options });
  }

  /**
   * This row's dataset in memory (pyVO's `getdataset`, read to the end), with
   * the transport of the query. Works on every platform (no file system).
   * @throws {ParameterError} the record carries no transport.
   * @throws {DALFormatError} the row has no dataset URL.
   * @throws {DALServiceError} HTTP (non-2xx, with a body excerpt) or network failure.
   * @example const fits = await record.getDataset({ maxBytes: 50_000_000 });
   */
  async getDataset(options: FetchDatasetOptions = {}): Promise<Uint8Array> {
    const { transport, url } = this.#datasetRequest();
    return fetchDatasetBytes(transport, url, options);
  }

  /**
   * This row's dataset as a web `ReadableStream` of bytes, read as it
   * arrives (Node 20+ and browsers); cancel the stream to stop early.
   * @throws as {@link getDataset}.
   * @example for await (const chunk of await record.getDatasetStream()) hash.update(chunk);
   */
  async getDatasetStream(options: FetchDatasetOptions = {}): Promise<ReadableStream<Uint8Array>> {
    const { transport, url } = this.#datasetRequest();
    return fetchDatasetStream(transport, url, options);
  }

  /**
   * This row's dataset made into an object by its media type (pyVO's `getdataobj`): a VOTable
   * (`application/x-votable+xml`, or XML whose root is VOTABLE) → `{ kind: "votable", result }`, a
   * {@link ResultSet} checked like a query result; `text/*`, XML and JSON → `{ kind: "text", text }` in the
   * declared charset; anything else → `{ kind: "bytes", bytes }` (FITS, images: for a FITS or image
   * library). The media type is the response's Content-Type, else {@link getDatasetFormat}. Read into
   * memory: set `maxBytes` for large files. For a DataLink links document, `@vo/datalink`'s
   * `datalinks(record)` gives the links themselves.
   * @throws as {@link getDataset}; {@link DALQueryError} for a VOTable with QUERY_STATUS=ERROR; {@link DALFormatError} for one that cannot be read.
   * @example const obj = await record.getDataObj({ maxBytes: 50_000_000 }); if (obj.kind === "votable") console.log(obj.result.length);
   */
  async getDataObj(options: FetchDatasetOptions = {}): Promise<DataObject> {
    const { transport, url } = this.#datasetRequest();
    const response = await openDataset(transport, url, options);
    return dataObjectFrom(response, url, { target: this.index.target ?? transport, fallbackType: this.getDatasetFormat(), signal: options.signal });
  }

  #datasetRequest(): { transport: Transport; url: string } {
    const transport = this.datasetTransport();
    if (!transport) {
      throw new ParameterError("transport", "a record from a query (queryResultSet, queryResultStream or a service search carries the transport)", undefined);
    }
    const url = this.getDatasetUrl();
    if (url === undefined) throw new DALFormatError("the record has no dataset URL (no Access.Reference / access_url column)");
    return { transport, url };
  }

  /** The transport {@link download} uses: the result set's (see {@link FieldIndex.transport}). */
  protected datasetTransport(): Transport | undefined {
    return this.index.transport;
  }

  /**
   * The MIME type of this row's dataset (pyVO's `getdataformat`), from utype
   * `Access.Format`, UCD `VOX:Image_Format`, UCD `meta.code.mime` or a field named `access_format`.
   */
  getDatasetFormat(): string | undefined {
    return this.firstString([
      this.index.indexOfUtype("Access.Format"),
      this.index.indexOfUcd("VOX:Image_Format"),
      this.index.indexOfUcd("meta.code.mime"),
      this.index.indexOf("access_format"),
    ]);
  }

  /** A plain object, field name → cell (the first field wins when names repeat). */
  toJSON(): { [name: string]: CellValue } {
    const out: { [name: string]: CellValue } = {};
    this.index.fields.forEach((field, i) => {
      if (!Object.hasOwn(out, field.name)) out[field.name] = this.cells[i] ?? null;
    });
    return out;
  }

  private cellAt(i: number): CellValue | undefined {
    return i < 0 ? undefined : this.cells[i];
  }

  private firstString(positions: number[]): string | undefined {
    for (const i of positions) {
      const v = this.cellAt(i);
      if (typeof v === "string" && v.trim() !== "") return v.trim();
    }
    return undefined;
  }
}

/**
 * VOSI tables (VOSI 1.1 §3.4, VODataService 1.2 `tableset`/`table`), and
 * {@link VOSITables}, a lazy view that fetches a table's columns only when the
 * listing left them out (VOSI 1.1 `detail=min`, pyVO #504).
 */
import { DALFormatError, ParameterError } from "@vo/votable";
import type { ParseOptions, XmlElement, XmlSource } from "@vo/core";
import { attr, child, childText, childrenNamed, formatError, parseInteger, parseXml, warnAt, xsiType } from "@vo/core";

const STANDARD = "VOSI 1.1 tables";

/** A column's datatype (`dataType`), as declared. */
export interface VOSIDataType {
  /** The type name, e.g. "double", "char" (VOTableType) or "VARCHAR" (TAPType). */
  readonly name: string;
  /** Local part of `xsi:type`: "VOTableType", "TAPType", "VOTable", "TAP"… */
  readonly kind?: string | undefined;
  /** VOTable `arraysize`, e.g. "*" or "2"; the schema default "1" (a scalar) when the document leaves it out. */
  readonly arraysize?: string | undefined;
  /** Extended type, e.g. "timestamp", "point". */
  readonly xtype?: string | undefined;
  /** Array delimiter (VODataService `delim`); the schema default " " when the document leaves it out. */
  readonly delim?: string | undefined;
  /** TAPType `size` (deprecated in VODataService 1.2). */
  readonly size?: number | undefined;
}

/** A column (`column`). */
export interface VOSIColumn {
  /** The column name as written in ADQL. */
  readonly name: string;
  /** Free-text description. */
  readonly description?: string | undefined;
  /** VOUnit string, e.g. "deg". */
  readonly unit?: string | undefined;
  /** UCD, e.g. "pos.eq.ra;meta.main". */
  readonly ucd?: string | undefined;
  /** Data model utype. */
  readonly utype?: string | undefined;
  /** The declared datatype. */
  readonly datatype?: VOSIDataType | undefined;
  /** Every `flag` as written ("indexed", "primary", "nullable", or others). */
  readonly flags: readonly string[];
  /** Flag `indexed`: constraints on it are cheap. */
  readonly indexed: boolean;
  /** Flag `primary`: part of the primary key. */
  readonly primary: boolean;
  /** Flag `nullable`: may hold NULL. */
  readonly nullable: boolean;
  /** The `std` attribute: the column is defined by a standard. */
  readonly std: boolean;
}

/** A foreign key (`foreignKey`). */
export interface VOSIForeignKey {
  /** The table the key points to. */
  readonly targetTable: string;
  /** Column pairs: this table's column → the target table's column. */
  readonly columns: readonly { readonly from: string; readonly target: string }[];
  /** Free-text description. */
  readonly description?: string | undefined;
  /** Data model utype. */
  readonly utype?: string | undefined;
}

/** A table (`table`). */
export interface VOSITable {
  /** The fully qualified name as the service writes it in ADQL (e.g. "ivoa.obscore"). */
  readonly name: string;
  /** The schema it was listed under, when known. */
  readonly schema?: string | undefined;
  /** Short human-readable title. */
  readonly title?: string | undefined;
  /** Free-text description. */
  readonly description?: string | undefined;
  /** Data model utype (e.g. ObsCore's `ivo://ivoa.net/std/obscore#table-1.1`). */
  readonly utype?: string | undefined;
  /** The `type` attribute: "table", "view" or "output". */
  readonly type?: string | undefined;
  /** VODataService 1.2 `nrows`, an estimate of the row count. */
  readonly nrows?: number | undefined;
  /** The columns; empty when a `detail=min` listing left them out (see {@link VOSITables.get}). */
  readonly columns: readonly VOSIColumn[];
  /** Foreign keys to other tables. */
  readonly foreignKeys: readonly VOSIForeignKey[];
}

/** A schema (`schema`). */
export interface VOSISchema {
  /** The schema name. */
  readonly name: string;
  /** Short human-readable title. */
  readonly title?: string | undefined;
  /** Free-text description. */
  readonly description?: string | undefined;
  /** Data model utype. */
  readonly utype?: string | undefined;
  /** Its tables, as listed. */
  readonly tables: readonly VOSITable[];
}

/**
 * Parses a VOSI tables document: a `tableset` (every schema), or a single
 * `table` (the answer of `tables/<name>`), which comes back as one schema named "".
 * @throws {DALFormatError} when the document is not XML, has another root, or a
 *   table/column/foreign key misses a mandatory name.
 */
export function parseVOSITables(source: XmlSource, options: ParseOptions = {}): VOSISchema[] {
  const root = parseXml(source, STANDARD, options);
  if (root.local === "table") return [{ name: "", tables: [readTable(root, undefined, options)] }];
  if (root.local !== "tableset") {
    throw formatError(`expected a <tableset> or <table> root element, found <${root.local}>`, root, STANDARD, options);
  }
  const schemas = childrenNamed(root, "schema");
  if (schemas.length === 0) warnAt(options, root, "tableset without schema");
  return schemas.map((s) => {
    const name = single(s, "name", options);
    if (name === undefined) warnAt(options, s, "schema without name");
    return {
      name: name ?? "",
      title: single(s, "title", options),
      description: single(s, "description", options),
      utype: single(s, "utype", options),
      tables: childrenNamed(s, "table").map((t) => readTable(t, name, options)),
    };
  });
}

/**
 * Parses the answer of `tables/<name>`: one `table` (or a tableset holding one).
 * @throws {DALFormatError} as {@link parseVOSITables}, or when there is no table.
 */
export function parseVOSITable(source: XmlSource, options: ParseOptions = {}): VOSITable {
  const table = parseVOSITables(source, options).flatMap((s) => s.tables)[0];
  if (!table) throw new DALFormatError(`${STANDARD}: the document holds no table`, { url: options.url, standard: STANDARD });
  return table;
}

/** Reads a child that must occur at most once; warns and keeps the first otherwise. */
function single(el: XmlElement, name: string, options: ParseOptions): string | undefined {
  const all = childrenNamed(el, name);
  if (all.length > 1) warnAt(options, all[1]!, `more than one <${name}>; keeping the first`);
  return childText(el, name);
}

const KNOWN_FLAGS = new Set(["indexed", "primary", "nullable"]);

function readTable(el: XmlElement, schema: string | undefined, options: ParseOptions): VOSITable {
  const name = single(el, "name", options);
  if (name === undefined) throw formatError("table without name", el, STANDARD, options);
  const nrowsEl = child(el, "nrows");
  let nrows = nrowsEl ? parseInteger(nrowsEl.text.trim(), nrowsEl, options) : undefined;
  if (nrows !== undefined && nrows < 0) {
    warnAt(options, nrowsEl!, "negative nrows; ignored");
    nrows = undefined;
  }
  return {
    name,
    schema,
    title: single(el, "title", options),
    description: single(el, "description", options),
    utype: single(el, "utype", options),
    type: attr(el, "type"),
    nrows,
    columns: childrenNamed(el, "column").map((c) => readColumn(c, options)),
    foreignKeys: childrenNamed(el, "foreignKey").map((f) => readForeignKey(f, options)),
  };
}

function readColumn(el: XmlElement, options: ParseOptions): VOSIColumn {
  const name = single(el, "name", options);
  if (name === undefined) throw formatError("column without name", el, STANDARD, options);
  const flags = childrenNamed(el, "flag").map((f) => f.text.trim());
  for (const f of flags) if (!KNOWN_FLAGS.has(f)) warnAt(options, el, `unknown column flag "${f}"`);
  const dts = childrenNamed(el, "dataType");
  if (dts.length > 1) warnAt(options, dts[1]!, "more than one <dataType>; keeping the first");
  const dt = dts[0];
  const std = attr(el, "std");
  return {
    name,
    description: single(el, "description", options),
    unit: single(el, "unit", options),
    ucd: single(el, "ucd", options),
    utype: single(el, "utype", options),
    datatype: dt ? readDataType(dt, options) : undefined,
    flags,
    indexed: flags.includes("indexed"),
    primary: flags.includes("primary"),
    nullable: flags.includes("nullable"),
    std: std === "true" || std === "1",
  };
}

/**
 * The attribute defaults VODataService (1.1 `vs:DataType`, as pyVO applies
 * them) gives a column's `dataType`: a scalar unless `arraysize` says
 * otherwise, array elements delimited by a blank. Services such as DaCHS leave
 * both out for scalar columns. (No other attribute of a tableset has a schema default.)
 */
const SCHEMA_DEFAULTS = { arraysize: "1", delim: " " } as const;

function readDataType(el: XmlElement, options: ParseOptions): VOSIDataType {
  const arraysize = attr(el, "arraysize");
  if (arraysize !== undefined && !/^(\d+(x\d+)*(x?\d*\*)?|\*|\d+\*)$/.test(arraysize.trim())) {
    warnAt(options, el, `arraysize "${arraysize}" is not a VOTable arraysize`);
  }
  const sizeText = attr(el, "size");
  let size = sizeText === undefined ? undefined : parseInteger(sizeText, el, options);
  if (size !== undefined && size < 0) {
    warnAt(options, el, `negative size ${size}; ignored`);
    size = undefined;
  }
  return {
    name: el.text.trim(),
    kind: xsiType(el),
    arraysize: arraysize ?? SCHEMA_DEFAULTS.arraysize,
    xtype: attr(el, "extendedType") ?? attr(el, "xtype"),
    delim: attr(el, "delim") ?? SCHEMA_DEFAULTS.delim,
    size,
  };
}

function readForeignKey(el: XmlElement, options: ParseOptions): VOSIForeignKey {
  const targetTable = single(el, "targetTable", options);
  if (targetTable === undefined) throw formatError("foreignKey without targetTable", el, STANDARD, options);
  const columns = childrenNamed(el, "fkColumn").map((c) => {
    const from = single(c, "fromColumn", options);
    const target = single(c, "targetColumn", options);
    if (from === undefined || target === undefined) {
      throw formatError("fkColumn needs a fromColumn and a targetColumn", c, STANDARD, options);
    }
    return { from, target };
  });
  return { targetTable, columns, description: single(el, "description", options), utype: single(el, "utype", options) };
}

/**
 * The tables of a service, from one listing, with per-table detail fetched on
 * demand. Unlike pyVO's `VOSITables`, iteration order and names are explicit:
 * `names()` lists names, `get(name)` returns a table (fetching its columns when
 * the listing omitted them), `list()` returns the tables as listed.
 */
export class VOSITables {
  readonly #schemas: readonly VOSISchema[];
  readonly #byName = new Map<string, VOSITable>();
  readonly #fetchTable: ((name: string) => Promise<VOSITable>) | undefined;
  readonly #pending = new Map<string, Promise<VOSITable>>();

  /**
   * @param schemas the parsed listing.
   * @param fetchTable loads one table's full description (`GET tables/<name>`);
   *   when absent, tables are returned as listed.
   */
  constructor(schemas: readonly VOSISchema[], fetchTable?: (name: string) => Promise<VOSITable>) {
    this.#schemas = schemas;
    this.#fetchTable = fetchTable;
    for (const s of schemas) for (const t of s.tables) this.#byName.set(t.name, t);
  }

  /** The schemas as listed. */
  get schemas(): readonly VOSISchema[] {
    return this.#schemas;
  }

  /** Every table name, in listing order. */
  names(): string[] {
    return [...this.#byName.keys()];
  }

  /** The tables as listed (columns may be missing under `detail=min`). */
  list(): VOSITable[] {
    return [...this.#byName.values()];
  }

  /** Number of tables. */
  get size(): number {
    return this.#byName.size;
  }

  /** True when the listing has this table (exact name first, then case-insensitive). */
  has(name: string): boolean {
    return this.#lookupName(name) !== undefined;
  }

  #lookupName(name: string): string | undefined {
    if (this.#byName.has(name)) return name;
    const lower = name.toLowerCase();
    return [...this.#byName.keys()].find((k) => k.toLowerCase() === lower);
  }

  /**
   * One table with its columns. When the listing omitted its columns, fetches
   * `tables/<name>` once and caches the answer.
   * @throws {ParameterError} when the service has no such table.
   * @throws {DALServiceError | DALFormatError} from the per-table fetch.
   */
  async get(name: string): Promise<VOSITable> {
    const key = this.#lookupName(name);
    if (key === undefined) {
      throw new ParameterError("table", `one of the service's ${this.#byName.size} tables`, name);
    }
    const listed = this.#byName.get(key)!;
    if (listed.columns.length > 0 || !this.#fetchTable) return listed;
    let p = this.#pending.get(key);
    if (!p) {
      p = this.#fetchTable(key).then(
        (t) => {
          const full: VOSITable = { ...t, schema: t.schema ?? listed.schema };
          this.#byName.set(key, full);
          return full;
        },
        (err: unknown) => {
          this.#pending.delete(key);
          throw err;
        },
      );
      this.#pending.set(key, p);
    }
    return p;
  }
}

/**
 * Safe ADQL construction: identifier quoting by the ADQL 2.1 rules (§2.1.3
 * regular vs delimited identifiers, §2.1.2 reserved words), string literals,
 * and the `adql` tagged template that escapes every interpolated value
 * (pyVO's `make_sql_literal`), returning a branded {@link AdqlFragment} so
 * that a raw string cannot be spliced in by accident.
 */
import { ParameterError } from "@vo/votable";

/**
 * ADQL 2.1 reserved words: the SQL-92 words ADQL keeps (§2.1.2.1) and ADQL's
 * own (§2.1.2.2, with 2.1's additions such as ILIKE, IN_UNIT, OFFSET).
 */
export const ADQL_RESERVED_WORDS: ReadonlySet<string> = new Set(
  (
    // SQL reserved words
    "ABSOLUTE ACTION ADD ALL ALLOCATE ALTER AND ANY ARE AS ASC ASSERTION AT AUTHORIZATION AVG BEGIN BETWEEN BIT " +
    "BIT_LENGTH BOTH BY CASCADE CASCADED CASE CAST CATALOG CHAR CHARACTER CHAR_LENGTH CHARACTER_LENGTH CHECK CLOSE " +
    "COALESCE COLLATE COLLATION COLUMN COMMIT CONNECT CONNECTION CONSTRAINT CONSTRAINTS CONTINUE CONVERT CORRESPONDING " +
    "COUNT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER CURSOR DATE DAY DEALLOCATE DEC " +
    "DECIMAL DECLARE DEFAULT DEFERRABLE DEFERRED DELETE DESC DESCRIBE DESCRIPTOR DIAGNOSTICS DISCONNECT DISTINCT DOMAIN " +
    "DOUBLE DROP ELSE END END-EXEC ESCAPE EXCEPT EXCEPTION EXEC EXECUTE EXISTS EXTERNAL EXTRACT FALSE FETCH FIRST FLOAT " +
    "FOR FOREIGN FOUND FROM FULL GET GLOBAL GO GOTO GRANT GROUP HAVING HOUR IDENTITY IMMEDIATE IN INDICATOR INITIALLY " +
    "INNER INPUT INSENSITIVE INSERT INT INTEGER INTERSECT INTERVAL INTO IS ISOLATION JOIN KEY LANGUAGE LAST LEADING LEFT " +
    "LEVEL LIKE LOCAL LOWER MATCH MAX MIN MINUTE MODULE MONTH NAMES NATIONAL NATURAL NCHAR NEXT NO NOT NULL NULLIF " +
    "NUMERIC OCTET_LENGTH OF ON ONLY OPEN OPTION OR ORDER OUTER OUTPUT OVERLAPS PAD PARTIAL POSITION PRECISION PREPARE " +
    "PRESERVE PRIMARY PRIOR PRIVILEGES PROCEDURE PUBLIC READ REAL REFERENCES RELATIVE RESTRICT REVOKE RIGHT ROLLBACK ROWS " +
    "SCHEMA SCROLL SECOND SECTION SELECT SESSION SESSION_USER SET SIZE SMALLINT SOME SPACE SQL SQLCODE SQLERROR SQLSTATE " +
    "SUBSTRING SUM SYSTEM_USER TABLE TEMPORARY THEN TIME TIMESTAMP TIMEZONE_HOUR TIMEZONE_MINUTE TO TRAILING TRANSACTION " +
    "TRANSLATE TRANSLATION TRIM TRUE UNION UNIQUE UNKNOWN UPDATE UPPER USAGE USER USING VALUE VALUES VARCHAR VARYING VIEW " +
    "WHEN WHENEVER WHERE WITH WORK WRITE YEAR ZONE " +
    // ADQL reserved words
    "ABS ACOS AREA ASIN ATAN ATAN2 BIGINT BIT_AND BIT_NOT BIT_OR BIT_XOR BOX CEILING CENTROID CIRCLE CONTAINS COORD1 " +
    "COORD2 COORDSYS COS COT DEGREES DISTANCE EXP FLOOR ILIKE INTERSECTS IN_UNIT LOG LOG10 MOD OFFSET PI POINT POLYGON " +
    "POWER RADIANS REGION RAND ROUND SIN SQRT TAN TOP TRUNCATE"
  ).split(" "),
);

const BRAND: unique symbol = Symbol.for("@vo/protocol-tap.adql");

/** A piece of ADQL text made by {@link adql}, {@link ident}, {@link tableName} or {@link rawAdql}. */
export interface AdqlFragment {
  /** Marks fragments made by this module (interpolated as is, never quoted). */
  readonly [BRAND]: true;
  /** The ADQL text. */
  readonly text: string;
  /** The ADQL text, so a fragment can be used where a string is expected. */
  toString(): string;
}

function fragment(text: string): AdqlFragment {
  return { [BRAND]: true, text, toString: () => text };
}

/** True when the value is an {@link AdqlFragment}. */
export function isAdqlFragment(value: unknown): value is AdqlFragment {
  return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}

/**
 * Marks trusted text as ADQL (e.g. a query the user typed). Never pass
 * untrusted input here; interpolate it into {@link adql} instead.
 */
export function rawAdql(text: string): AdqlFragment {
  return fragment(text);
}

const REGULAR = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * True when `name` must be written as a delimited identifier: it is not a
 * regular identifier (letter, then letters/digits/underscores), is an ADQL
 * reserved word, or is mixed case (a regular identifier would be case-folded).
 */
export function needsQuoting(name: string): boolean {
  if (!REGULAR.test(name)) return true;
  if (ADQL_RESERVED_WORDS.has(name.toUpperCase())) return true;
  return name !== name.toLowerCase() && name !== name.toUpperCase();
}

/** Options of {@link ident} and {@link tableName}. */
export interface QuoteOptions {
  /** Quote even when not needed ("always"); default "auto". */
  quote?: "auto" | "always";
}

/**
 * Quotes one identifier when needed (`"Type"`, `"select"`, `"/x"`), doubling
 * embedded quotes. A name that is already delimited (as TAP_SCHEMA lists
 * some) is kept as is.
 * @throws {ParameterError} for an empty name.
 * @example adql`SELECT ${ident("dec")}, ${ident("raMain")} FROM t` // SELECT "dec", "raMain" FROM t
 */
export function ident(name: string, options: QuoteOptions = {}): AdqlFragment {
  return fragment(quoteIdentifier(name, options));
}

function quoteIdentifier(name: string, options: QuoteOptions): string {
  if (typeof name !== "string" || name === "") throw new ParameterError("identifier", "a non-empty string", name);
  if (/^"(?:[^"]|"")+"$/.test(name)) return name;
  if (options.quote !== "always" && !needsQuoting(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A table name with optional schema (and catalog), each part quoted only when
 * needed: `tableName("ivoa.ObsCore")` → `ivoa."ObsCore"`,
 * `tableName(["vizier", "J/A+A/1/t"])` → `vizier."J/A+A/1/t"`. A string is
 * split on dots outside double quotes; pass an array when a part contains a dot.
 * @throws {ParameterError} for an empty name or more than three parts.
 */
export function tableName(name: string | readonly string[], options: QuoteOptions = {}): AdqlFragment {
  const parts = typeof name === "string" ? splitQualified(name) : [...name];
  if (parts.length === 0 || parts.length > 3) throw new ParameterError("table", "[[catalog.]schema.]table", name);
  return fragment(parts.map((p) => quoteIdentifier(p, options)).join("."));
}

function splitQualified(name: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < name.length; i++) {
    const ch = name[i]!;
    if (ch === '"') {
      if (quoted && name[i + 1] === '"') {
        cur += '""';
        i++;
        continue;
      }
      quoted = !quoted;
      cur += ch;
    } else if (ch === "." && !quoted) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/** An ADQL string literal: single quotes, embedded quotes doubled (pyVO's `escape` plus the quotes). */
export function stringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Doubles single quotes for use inside an ADQL string literal (pyVO `escape`). */
export function escapeString(value: string): string {
  return value.replace(/'/g, "''");
}

/** Values the {@link adql} template accepts. */
export type AdqlValue =
  | AdqlFragment
  | string
  | number
  | bigint
  | boolean
  | Date
  | null
  | readonly (string | number | bigint | Date)[]
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | BigInt64Array;

/**
 * Writes one value as an ADQL literal: numbers as numbers, strings quoted,
 * bigints exactly, booleans as 1/0 (ADQL has no boolean literal), dates as
 * ISO 8601 UTC strings without zone (`'2024-05-01T12:00:00'`, DALI), null as
 * NULL, arrays as a parenthesised list for `IN`.
 * @throws {ParameterError} for NaN/Infinity, empty arrays and unsupported values.
 */
export function adqlLiteral(value: AdqlValue): string {
  if (isAdqlFragment(value)) return value.text;
  if (value === null) return "NULL";
  switch (typeof value) {
    case "string":
      return stringLiteral(value);
    case "number":
      if (!Number.isFinite(value)) throw new ParameterError("ADQL value", "a finite number", value);
      return String(value);
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "1" : "0";
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ParameterError("ADQL value", "a valid Date", value);
    return stringLiteral(value.toISOString().replace(/\.000Z$|Z$/, ""));
  }
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<string | number | bigint | Date>);
    if (items.length === 0) throw new ParameterError("ADQL value", "a non-empty array (IN () is not valid ADQL)", value);
    return `(${items.map((v) => adqlLiteral(v)).join(", ")})`;
  }
  throw new ParameterError("ADQL value", "a string, number, bigint, boolean, Date, null, array or adql fragment", value);
}

/**
 * Tagged template that builds ADQL, escaping every interpolated value with
 * {@link adqlLiteral}. Interpolate identifiers through {@link ident} or
 * {@link tableName}, and nested queries as fragments.
 * @throws {ParameterError} for a value that cannot be written as ADQL.
 * @example
 * const q = adql`SELECT * FROM ${tableName("ivoa.obscore")} WHERE target_name = ${name} AND calib_level IN ${[2, 3]}`;
 * await service.runSync(q);
 */
export function adql(strings: TemplateStringsArray, ...values: readonly AdqlValue[]): AdqlFragment {
  let text = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) text += adqlLiteral(values[i]!) + (strings[i + 1] ?? "");
  return fragment(text);
}

/** Joins fragments with a separator (e.g. `" AND "`), for building WHERE clauses. */
export function joinAdql(parts: readonly AdqlFragment[], separator: string): AdqlFragment {
  return fragment(parts.map((p) => p.text).join(separator));
}

/** Anything with named columns carrying UCDs: a VOSI table, a ResultSet, a field list. */
export type ColumnSource =
  | { readonly columns: readonly { readonly name: string; readonly ucd?: string | undefined }[] }
  | { readonly fields: readonly { readonly name: string; readonly ucd?: string | undefined }[] }
  | readonly { readonly name: string; readonly ucd?: string | undefined }[];

/**
 * The name of the first column whose UCD has `ucd` as one of its words
 * (case-insensitive), preferring columns also tagged `meta.main`. Unlike pyVO's
 * `fieldname_with_ucd`, it matches whole UCD words, not any shared word.
 * @example findColumnByUcd(await tables.get("ivoa.obscore"), "pos.eq.ra") // "s_ra"
 */
export function findColumnByUcd(table: ColumnSource, ucd: string): string | undefined {
  const cols: readonly { readonly name: string; readonly ucd?: string | undefined }[] = Array.isArray(table)
    ? table
    : "columns" in table
      ? (table as { columns: readonly { name: string; ucd?: string | undefined }[] }).columns
      : (table as { fields: readonly { name: string; ucd?: string | undefined }[] }).fields;
  const wanted = ucd.toLowerCase().split(";").map((w) => w.trim()).filter((w) => w !== "");
  const matching = cols.filter((c) => {
    const words = (c.ucd ?? "").toLowerCase().split(";").map((w) => w.trim());
    return wanted.every((w) => words.includes(w));
  });
  const main = matching.find((c) => (c.ucd ?? "").toLowerCase().split(";").map((w) => w.trim()).includes("meta.main"));
  return (main ?? matching[0])?.name;
}

/**
 * Comparison rules of the conformance run: a value read by @vo/votable
 * against the corpus's `generated/values.json` form (astropy's reading).
 */
import type { Field } from "../model.js";

/** A cell as values.json writes it: null, number, bool, string, "NaN"/"±Infinity", long as decimal text, arrays flat. */
export type ExpectedValue = null | boolean | number | string | ExpectedValue[];

/** Flattens typed arrays, complex pairs and nested arrays in storage order. */
export function flatten(v: unknown): unknown[] {
  const out: unknown[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView))) {
      const xs = x as ArrayLike<unknown>;
      for (let i = 0; i < xs.length; i++) walk(xs[i]);
    } else out.push(x);
  };
  walk(v);
  return out;
}

function isFloatType(f: Field | undefined): boolean {
  return f !== undefined && /^(float|double|floatComplex|doubleComplex)$/.test(f.datatype);
}

/** One element: numbers (NaN/Infinity spelt as strings), long as decimal text, float32 tolerance for float fields. */
function sameScalar(actual: unknown, expected: ExpectedValue, field: Field | undefined): boolean {
  if (typeof actual === "bigint") return typeof expected === "string" ? actual === BigInt(expected) : actual === BigInt(Number(expected));
  if (typeof actual === "number") {
    if (typeof expected === "string") {
      if (expected === "NaN") return Number.isNaN(actual);
      if (expected === "Infinity") return actual === Infinity;
      if (expected === "-Infinity") return actual === -Infinity;
      return false;
    }
    // astropy masks a NaN float: it shows as null.
    if (expected === null) return Number.isNaN(actual) && isFloatType(field);
    if (typeof expected !== "number") return false;
    if (actual === expected) return true;
    return field?.datatype.startsWith("float") === true && Math.fround(actual) === Math.fround(expected);
  }
  // A float null is NaN in @vo's model, and astropy may leave a NaN unmasked.
  if (actual === null || actual === undefined) return expected === null || expected === "" || (expected === "NaN" && isFloatType(field));
  if (typeof actual === "string") return actual === expected || (actual === "" && expected === null);
  return actual === expected;
}

/**
 * Whether a read cell matches the expected one. Equivalences allowed: a
 * float NaN and null (astropy masks NaN), an empty string and null for
 * char (an empty TD is null), an all-NaN complex and null.
 */
export function sameValue(actual: unknown, expected: ExpectedValue, field?: Field): boolean {
  const arrayish = (x: unknown): boolean => Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
  if (arrayish(actual) || Array.isArray(expected)) {
    if (expected === null) {
      const flat = arrayish(actual) ? flatten(actual) : [];
      return flat.length === 0 || (isFloatType(field) && flat.every((x) => typeof x === "number" && Number.isNaN(x)));
    }
    if (!arrayish(actual)) return actual === null && Array.isArray(expected) && expected.length === 0;
    const a = flatten(actual);
    const e = flatten(expected) as ExpectedValue[];
    return a.length === e.length && a.every((x, i) => sameScalar(x, e[i]!, field));
  }
  return sameScalar(actual, expected, field);
}

/** Shows a value in a failure line (bigints and typed arrays included). */
export function show(v: unknown): string {
  if (typeof v === "bigint") return `${v}n`;
  if (ArrayBuffer.isView(v)) return `[${flatten(v).map(show).join(", ")}]`;
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  return JSON.stringify(v) ?? String(v);
}

/** An `expected.json` entry (the keys the run uses). */
export interface CorpusEntry {
  kind: string;
  valid?: boolean;
  tables?: { rows: number; fields: string[] }[];
  requires?: string;
  gzip?: boolean;
  astropy_error?: string;
}

/** What parsing one file gave: its tables, or the error it ended with. */
export type ParseOutcome =
  | { ok: true; tables: { rows: number; fields: Field[]; cells?: unknown[][] }[] }
  | { ok: false; error: { name: string; code?: string | undefined; message: string; line?: number | undefined } };

/** One file of `generated/values.json`. */
export interface ExpectedValues {
  fields: string[];
  rows: Record<string, ExpectedValue>[];
}

/** The failures of one corpus entry (empty when it passes). */
export function checkEntry(entry: CorpusEntry, outcome: ParseOutcome, values?: ExpectedValues): string[] {
  if (entry.valid === false) {
    if (outcome.ok) return [`expected a DALFormatError, got ${outcome.tables.length} table(s)`];
    const e = outcome.error;
    if (e.code !== "VO_ERR_FORMAT") return [`expected a DALFormatError, got ${e.name}: ${e.message}`];
    return e.line === undefined ? [`DALFormatError without a line: ${e.message}`] : [];
  }
  if (!outcome.ok) return [`${outcome.error.name}: ${outcome.error.message}`];
  const want = entry.tables ?? [];
  const got = outcome.tables;
  if (got.length !== want.length) return [`${got.length} tables, expected ${want.length}`];
  const failures: string[] = [];
  want.forEach((w, t) => {
    const g = got[t]!;
    const names = g.fields.map((f) => f.name);
    if (g.rows !== w.rows) failures.push(`table ${t}: ${g.rows} rows, expected ${w.rows}`);
    if (names.join("\u0000") !== w.fields.join("\u0000")) failures.push(`table ${t}: fields [${names.join(", ")}], expected [${w.fields.join(", ")}]`);
  });
  if (values && failures.length === 0) failures.push(...checkValues(got[0]!, values));
  return failures;
}

/** Cell-by-cell comparison of the first table with values.json (at most 5 failures reported). */
export function checkValues(table: { fields: Field[]; cells?: unknown[][] }, values: ExpectedValues): string[] {
  const failures: string[] = [];
  const cells = table.cells ?? [];
  if (cells.length !== values.rows.length) return [`${cells.length} rows with values, expected ${values.rows.length}`];
  values.rows.forEach((expectedRow, r) => {
    table.fields.forEach((f, j) => {
      const e = expectedRow[f.name] ?? null;
      const a = cells[r]![j];
      if (!sameValue(a, e, f) && failures.length < 5) failures.push(`row ${r} ${f.name}: got ${show(a)}, expected ${show(e)}`);
    });
  });
  return failures;
}

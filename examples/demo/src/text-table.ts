/**
 * Result tables as aligned plain text, the way an astronomer reads them in a
 * terminal: a header with the column names, a line with their units, numbers
 * right-aligned with a sensible number of decimals, nulls as `--`.
 */
import type { CellValue, Field } from "@vo/core";

/** Options of {@link formatTable}. */
export interface TextTableOptions {
  /** The widest a line may be (default 120); columns that do not fit are left out and named below the table. */
  maxWidth?: number | undefined;
  /** The widest a cell may be (default 32); longer text ends in `…`. */
  maxCellWidth?: number | undefined;
  /** Put in front of every line (default ""). */
  indent?: string | undefined;
}

const NUMERIC = new Set(["short", "int", "long", "float", "double", "unsignedByte"]);
const INTEGRAL = new Set(["short", "int", "long", "unsignedByte"]);
const GAP = "  ";

/** True when the field holds one number per cell. */
function isNumeric(field: Field): boolean {
  return NUMERIC.has(field.datatype) && (field.arraysize === undefined || field.arraysize === "1");
}

/** Decimals for a floating-point field: its `precision` attribute ("5", "F5"), else 5 for equatorial positions and 3 for the rest. */
function decimals(field: Field): number {
  const m = /^F?(\d+)$/i.exec(field.precision ?? "");
  if (m) return Math.min(Number(m[1]), 10);
  return /\bpos\.eq\./i.test(field.ucd ?? "") ? 5 : 3;
}

/** One number, as the field's type suggests. */
function formatNumber(value: number, field: Field): string {
  if (!Number.isFinite(value)) return String(value);
  if (INTEGRAL.has(field.datatype) && Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e9 || abs < 1e-4)) return value.toExponential(3);
  return value.toFixed(decimals(field));
}

/** Shortens text to `max` characters, ending in `…`. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** One cell as text: nulls `--`, numbers by {@link formatNumber}, arrays space-separated in brackets. */
export function formatCell(value: CellValue | undefined, field: Field): string {
  if (value === null || value === undefined) return "--";
  if (typeof value === "number") return formatNumber(value, field);
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return value.replace(/\s+/g, " ");
  const items = Array.from(value as ArrayLike<unknown>, (v) =>
    typeof v === "number" ? formatNumber(v, field) : v === null ? "--" : Array.isArray(v) ? `(${v.join(",")})` : String(v),
  );
  return `[${items.join(" ")}]`;
}

/**
 * Formats rows as an aligned text table: names, units (when any field has
 * one), a rule, the rows. Returns the lines, without line ends.
 * @example
 * formatTable(rs.fields, rs.toArray().map((r) => r.cells), { indent: "  " }).forEach((l) => console.log(l));
 */
export function formatTable(fields: readonly Field[], rows: readonly (readonly CellValue[])[], options: TextTableOptions = {}): string[] {
  const maxWidth = options.maxWidth ?? 120;
  const maxCell = options.maxCellWidth ?? 32;
  const indent = options.indent ?? "";
  const cells = rows.map((row) => fields.map((f, i) => truncate(formatCell(row[i], f), maxCell)));
  const widths = fields.map((f, i) =>
    Math.max(truncate(f.name, maxCell).length, truncate(f.unit ?? "", maxCell).length, ...cells.map((r) => r[i]!.length)),
  );
  // Keep the columns that fit, in order; always at least the first.
  let shown = 0;
  let used = indent.length;
  for (const w of widths) {
    const next = used + (shown > 0 ? GAP.length : 0) + w;
    if (shown > 0 && next > maxWidth) break;
    used = next;
    shown++;
  }
  const line = (values: readonly string[], right: (i: number) => boolean): string =>
    indent +
    values
      .slice(0, shown)
      .map((v, i) => (right(i) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join(GAP)
      .trimEnd();
  const numeric = (i: number): boolean => isNumeric(fields[i]!);
  const withUnits = fields.slice(0, shown).some((f) => f.unit);
  const out = [line(fields.map((f) => truncate(f.name, maxCell)), numeric)];
  if (withUnits) out.push(line(fields.map((f) => truncate(f.unit ?? "", maxCell)), numeric));
  out.push(indent + widths.slice(0, shown).map((w) => "-".repeat(w)).join(GAP));
  for (const row of cells) out.push(line(row, numeric));
  if (shown < fields.length) {
    const rest = fields.slice(shown).map((f) => f.name);
    out.push(`${indent}(${rest.length} more column${rest.length === 1 ? "" : "s"} not shown: ${truncate(rest.join(", "), Math.max(20, maxWidth - indent.length - 30))})`);
  }
  return out;
}

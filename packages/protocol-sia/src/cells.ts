/** Cell conversions shared by the SIA records. */
import type { CellValue } from "@vo/core";

/** A finite number from a numeric, bigint or numeric-string cell. */
export function num(v: CellValue | undefined): number | undefined {
  if (typeof v === "number") return Number.isNaN(v) ? undefined : v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

/** Numbers from an array cell (typed array, number list) or a blank/comma-separated string. */
export function nums(v: CellValue | undefined): number[] | undefined {
  if (v === null || v === undefined) return undefined;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as ArrayLike<number | bigint>, Number);
  if (Array.isArray(v)) return (v as unknown[]).map(Number);
  if (typeof v === "string") {
    const parts = v.trim().split(/[\s,]+/).filter((s) => s !== "").map(Number);
    return parts.length && parts.every((n) => !Number.isNaN(n)) ? parts : undefined;
  }
  const n = num(v);
  return n === undefined ? undefined : [n];
}

/** A trimmed non-empty string. */
export function str(v: CellValue | undefined): string | undefined {
  if (typeof v === "string") return v.trim() === "" ? undefined : v.trim();
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  return undefined;
}

/** MJD ↔ Date: core's one conversion (rounded to the millisecond), re-exported for SIA users. */
export { mjdToDate, dateToMjd } from "@vo/core";

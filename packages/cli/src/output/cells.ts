/** How a VOTable cell is written as text (CSV, the terminal table) and as JSON. */
import type { CellValue } from "@vo/core";

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The shortest decimal that reads back as the same 32-bit float, so a
 * VOTable `float` 3.679 prints as 3.679 and not as its double expansion
 * 3.678999900817871.
 */
export function float32Number(x: number): number {
  if (!Number.isFinite(x) || Math.fround(x) !== x) return x;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(x.toPrecision(digits));
    if (Math.fround(candidate) === x) return candidate;
  }
  return x;
}

/**
 * The cell as text: null (and a float NaN, VOTable's null) as "", numbers in
 * JavaScript's shortest round-trip form, `long` values exactly, arrays as
 * their items separated by spaces (complex numbers as "re im").
 */
export function cellText(value: CellValue | undefined, float32 = false): string {
  if (value === null || value === undefined) return "";
  switch (typeof value) {
    case "number":
      return Number.isNaN(value) ? "" : String(float32 ? float32Number(value) : value);
    case "bigint":
    case "boolean":
      return String(value);
    case "string":
      return value;
  }
  const items: string[] = [];
  const f32 = float32 || value instanceof Float32Array;
  for (const item of value as Iterable<unknown>) {
    items.push(item === null ? "" : Array.isArray(item) ? item.join(" ") : typeof item === "number" && f32 ? String(float32Number(item)) : String(item));
  }
  return items.join(" ");
}

/**
 * The cell as JSON: NaN and infinities as null (JSON has neither), a `long`
 * as a number when it is exactly representable and as a string otherwise,
 * typed arrays as arrays, complex numbers as `[re, im]`.
 */
export function cellJson(value: CellValue | undefined, float32 = false): Json {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? (float32 ? float32Number(value) : value) : null;
    case "bigint":
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
    case "boolean":
    case "string":
      return value;
  }
  const items: Json[] = [];
  for (const item of value as Iterable<unknown>) {
    if (item === null || typeof item === "boolean" || typeof item === "string") items.push(item);
    else if (typeof item === "number" || typeof item === "bigint") items.push(cellJson(item, float32 || value instanceof Float32Array));
    else if (Array.isArray(item)) items.push(item.map((x: number) => cellJson(x)));
    else items.push(null);
  }
  return items;
}

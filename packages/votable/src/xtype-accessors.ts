/**
 * Typed views of DALI xtypes. The raw cell stays what the reader returned;
 * these accessors interpret it and return `undefined` when they cannot.
 */
import type { CellValue } from "./model.js";

function numbers(v: CellValue): number[] | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "string") {
    const t = v.trim();
    if (t === "") return undefined;
    const items = t.split(/[\s,]+/).map(Number);
    return items.some((n) => Number.isNaN(n)) ? undefined : items;
  }
  if (v instanceof Float64Array || v instanceof Float32Array || v instanceof Int32Array || v instanceof Int16Array || v instanceof Uint8Array) {
    return Array.from(v);
  }
  if (Array.isArray(v) && v.every((x) => typeof x === "number")) return v as number[];
  return undefined;
}

/** A DALI timestamp (ISO 8601, UTC when no zone is given) as a Date, rounded to the millisecond. */
export function asTimestamp(v: CellValue): Date | undefined {
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (!m) return undefined;
  const zone = m[8] ?? "Z";
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? "00"}:${m[5] ?? "00"}:${m[6] ?? "00"}${zone}`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return undefined;
  // Fractions of a second are rounded to the millisecond (".9996" is the next second), never truncated.
  return m[7] ? new Date(d.getTime() + Math.round(Number(m[7]) * 1000)) : d;
}

/** A DALI point (`ra dec` in degrees). */
export function asPoint(v: CellValue): { ra: number; dec: number } | undefined {
  const n = numbers(v);
  if (!n || n.length !== 2) return undefined;
  return { ra: n[0] as number, dec: n[1] as number };
}

/** A DALI circle (`ra dec radius` in degrees). */
export function asCircle(v: CellValue): { ra: number; dec: number; radius: number } | undefined {
  const n = numbers(v);
  if (!n || n.length !== 3) return undefined;
  return { ra: n[0] as number, dec: n[1] as number, radius: n[2] as number };
}

/** A DALI polygon (vertex list `ra1 dec1 ra2 dec2 ...`, at least three vertices). */
export function asPolygon(v: CellValue): { ra: number; dec: number }[] | undefined {
  const n = numbers(v);
  if (!n || n.length < 6 || n.length % 2 !== 0) return undefined;
  const out: { ra: number; dec: number }[] = [];
  for (let i = 0; i < n.length; i += 2) out.push({ ra: n[i] as number, dec: n[i + 1] as number });
  return out;
}

/** A DALI interval (`lo hi`). */
export function asInterval(v: CellValue): [number, number] | undefined {
  const n = numbers(v);
  if (!n || n.length !== 2) return undefined;
  return [n[0] as number, n[1] as number];
}

/** Small helpers that turn command-line strings into checked values. */
import { mjdToDate } from "@vo/core";
import { UsageError } from "./exit-codes.js";

/** A finite number, or a UsageError naming the argument. */
export function numberArg(text: string | undefined, what: string, command: string): number {
  const value = text === undefined || text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(value)) throw new UsageError(`${what} must be a number, got ${JSON.stringify(text ?? "")}`, command);
  return value;
}

/** A non-negative integer, or a UsageError. */
export function countArg(text: string | undefined, what: string, command: string): number {
  const value = numberArg(text, what, command);
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`${what} must be a whole number ≥ 0, got ${JSON.stringify(text)}`, command);
  return value;
}

/** An interval "lo/hi" or "lo hi" (either end may be empty for an open end), as numbers. */
export function intervalArg(text: string, what: string, command: string): [number, number] {
  const parts = text.includes("/") ? text.split("/") : text.trim().split(/\s+/);
  if (parts.length !== 2) throw new UsageError(`${what} must be an interval "lo/hi", got ${JSON.stringify(text)}`, command);
  const [lo, hi] = parts.map((p, i) => (p.trim() === "" ? (i === 0 ? -Infinity : Infinity) : numberArg(p, what, command))) as [number, number];
  if (lo > hi) throw new UsageError(`${what}: the lower end ${lo} is above the upper end ${hi}`, command);
  return [lo, hi];
}

/** A time interval "start/end" of ISO dates or MJD numbers, as Dates. */
export function timeIntervalArg(text: string, what: string, command: string): [Date, Date] {
  const parts = text.split("/");
  if (parts.length !== 2) throw new UsageError(`${what} must be "start/end" (ISO dates or MJD), got ${JSON.stringify(text)}`, command);
  const [a, b] = parts.map((p): Date => {
    const t = p.trim();
    const d = /^-?\d+(\.\d*)?$/.test(t) ? mjdToDate(Number(t)) : new Date(t);
    if (d === undefined || Number.isNaN(d.getTime())) throw new UsageError(`${what}: ${JSON.stringify(t)} is neither an ISO date nor an MJD`, command);
    return d;
  }) as [Date, Date];
  return [a, b];
}

/** An absolute http(s) URL, or a UsageError. */
export function urlArg(text: string | undefined, what: string, command: string): string {
  try {
    const url = new URL(text ?? "");
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http");
    return url.href;
  } catch {
    throw new UsageError(`${what} must be an http(s) URL, got ${JSON.stringify(text ?? "")}`, command);
  }
}

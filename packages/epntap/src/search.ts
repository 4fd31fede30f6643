/**
 * Searches of one epn_core table: {@link epntapQuery} builds the ADQL for the
 * common criteria (target, target class, instrument, host, product type, time
 * range, c1/c2 ranges, processing level), {@link EPNTAPService} runs it on a
 * TAP service and returns typed granules.
 */
import { ParameterError } from "@vo/core";
import type { ResultSet } from "@vo/core";
import { adql, joinAdql, rawAdql, tableName } from "@vo/protocol-tap";
import type { AdqlFragment, TAPQueryOptions, TAPService } from "@vo/protocol-tap";
import { hashlistHas } from "./hashlist.js";
import { dateToJd, epntapRecords } from "./record.js";
import type { EPNTAPRecord } from "./record.js";

/** One value or several (any of them matches). */
export type OneOrMore<T> = T | readonly T[];

/** A closed interval; either end may be left open with `undefined`. */
export type Interval<T> = readonly [lo: T | undefined, hi: T | undefined];

/** Criteria of an EPN-TAP search; all given ones must hold. Hash-list columns match any element, without regard to case. */
export interface EPNTAPSearch {
  /** target_name has this value (or one of these). */
  target?: OneOrMore<string>;
  /** target_class has this value: planet, satellite, comet, asteroid, dwarf_planet, … */
  targetClass?: OneOrMore<string>;
  /** instrument_name has this value (full name or acronym, as the service lists them). */
  instrument?: OneOrMore<string>;
  /** instrument_host_name has this value. */
  instrumentHost?: OneOrMore<string>;
  /** dataproduct_type has this value: im, sp, sc, ds, ts, pr, … */
  dataproductType?: OneOrMore<string>;
  /** The granule's [time_min, time_max] overlaps this interval (Dates, or Julian Days as numbers). */
  time?: Interval<Date | number>;
  /** The granule's [c1min, c1max] overlaps this interval (frame units, degrees for body/celestial). */
  c1?: Interval<number>;
  /** The granule's [c2min, c2max] overlaps this interval. */
  c2?: Interval<number>;
  /** processing_level is this value (or one of these). */
  processingLevel?: OneOrMore<number>;
  /** Any further condition, built with `adql\`…\``. */
  where?: AdqlFragment;
}

const HASHLIST_CRITERIA = [
  ["target", "target_name"],
  ["targetClass", "target_class"],
  ["instrument", "instrument_name"],
  ["instrumentHost", "instrument_host_name"],
  ["dataproductType", "dataproduct_type"],
] as const;

function list<T>(value: OneOrMore<T> | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

function finite(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new ParameterError(name, "a finite number", v);
  return v;
}

function overlap(name: string, lo: string, hi: string, interval: Interval<number> | undefined): AdqlFragment[] {
  if (interval === undefined) return [];
  if (!Array.isArray(interval) || interval.length !== 2) throw new ParameterError(name, "[lo, hi] (either may be undefined)", interval);
  const [a, b] = interval;
  const out: AdqlFragment[] = [];
  if (a !== undefined && b !== undefined && finite(`${name}[0]`, a) > finite(`${name}[1]`, b)) throw new ParameterError(name, "lo <= hi", interval);
  if (a !== undefined) out.push(adql`${rawAdql(hi)} >= ${finite(`${name}[0]`, a)}`);
  if (b !== undefined) out.push(adql`${rawAdql(lo)} <= ${finite(`${name}[1]`, b)}`);
  return out;
}

/** The ADQL conditions of a search (joined with AND), or undefined when it has none. */
export function epntapCondition(search: EPNTAPSearch = {}): AdqlFragment | undefined {
  const parts: AdqlFragment[] = [];
  for (const [key, column] of HASHLIST_CRITERIA) {
    const values = list(search[key]);
    if (values.length === 0) continue;
    const any = values.map((v) => hashlistHas(column, v));
    parts.push(any.length === 1 ? any[0]! : adql`(${joinAdql(any, " OR ")})`);
  }
  const time = search.time;
  if (time !== undefined) {
    if (!Array.isArray(time) || time.length !== 2) throw new ParameterError("time", "[start, end] (Dates or Julian Days; either may be undefined)", time);
    const jd = (v: Date | number | undefined, i: number): number | undefined => {
      if (v === undefined) return undefined;
      if (v instanceof Date) {
        if (Number.isNaN(v.getTime())) throw new ParameterError(`time[${i}]`, "a valid Date", v);
        return dateToJd(v);
      }
      return finite(`time[${i}]`, v);
    };
    parts.push(...overlap("time", "time_min", "time_max", [jd(time[0], 0), jd(time[1], 1)]));
  }
  parts.push(...overlap("c1", "c1min", "c1max", search.c1), ...overlap("c2", "c2min", "c2max", search.c2));
  const levels = list(search.processingLevel).map((l, i) => {
    if (!Number.isInteger(l)) throw new ParameterError(`processingLevel[${i}]`, "an integer", l);
    return l;
  });
  if (levels.length) parts.push(levels.length === 1 ? adql`processing_level = ${levels[0]!}` : rawAdql(`processing_level IN (${levels.join(", ")})`));
  if (search.where !== undefined) parts.push(adql`(${search.where})`);
  return parts.length ? joinAdql(parts, " AND ") : undefined;
}

/**
 * `SELECT [TOP n] * FROM table [WHERE …]` for a search of an epn_core table.
 * @throws ParameterError for a malformed criterion (empty or `#`-containing hash-list value, reversed interval, …).
 * @example epntapQuery("vo_epntap.epn_core", { target: "Mars", time: [new Date("2004-01-01"), new Date("2005-01-01")] })
 */
export function epntapQuery(table: string, search: EPNTAPSearch = {}, options: { top?: number } = {}): AdqlFragment {
  const top = options.top;
  if (top !== undefined && (!Number.isInteger(top) || top < 0)) throw new ParameterError("top", "a non-negative integer", top);
  const where = epntapCondition(search);
  const select = rawAdql(top === undefined ? "SELECT *" : `SELECT TOP ${top} *`);
  return where ? adql`${select} FROM ${tableName(table)} WHERE ${where}` : adql`${select} FROM ${tableName(table)}`;
}

/** Options of {@link EPNTAPService.search}. */
export interface EPNTAPSearchOptions extends TAPQueryOptions {
  /** TOP n. */
  top?: number;
}

/** The result of a search: the granules, and the result set they came from (overflow flag, fields, INFOs). */
export interface EPNTAPResults {
  readonly records: EPNTAPRecord[];
  readonly resultSet: ResultSet;
}

/**
 * One epn_core table on a TAP service.
 * @example
 * const epn = new EPNTAPService(client.service("tap", "http://localhost:8080/tap"), "vo_epntap.epn_core");
 * const { records } = await epn.search({ target: "Titan", instrument: "VIMS" });
 */
export class EPNTAPService {
  /** The TAP service. */
  readonly tap: TAPService;
  /** The qualified table name, e.g. "vo_epntap.epn_core". */
  readonly table: string;

  constructor(tap: TAPService, table: string) {
    if (typeof table !== "string" || table.trim() === "") throw new ParameterError("table", "a table name such as schema.epn_core", table);
    this.tap = tap;
    this.table = table.trim();
  }

  /**
   * Runs a search (synchronous TAP) and returns typed granules.
   * @throws DALFormatError when the table lacks EPN-TAP's mandatory columns; the errors of `TAPService.runSync`.
   */
  async search(search: EPNTAPSearch = {}, options: EPNTAPSearchOptions = {}): Promise<EPNTAPResults> {
    const { top, ...queryOptions } = options;
    const rs = await this.tap.runSync(epntapQuery(this.table, search, top === undefined ? {} : { top }), queryOptions);
    return { records: epntapRecords(rs, { table: this.table }), resultSet: rs };
  }
}

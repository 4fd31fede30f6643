/**
 * Modified Julian Date ↔ JavaScript Date. Every MJD conversion in @vo goes
 * through these two functions, so SIA `dateobs`, SSA times, ObsCore
 * `t_min`/`t_max`, record `getDate` and SIA2 TIME parameters agree to the
 * millisecond.
 */

/** MJD of the Unix epoch, 1970-01-01T00:00:00Z. */
export const MJD_UNIX_EPOCH = 40587;
const MS_PER_DAY = 86_400_000;

/**
 * MJD → Date, rounded to the nearest millisecond (a Date cannot hold less).
 * MJD 59844.04166666651 is 2022-09-22T01:00:00.000Z, as astropy gives, not
 * 00:59:59.999 as plain truncation would. UTC, leap seconds ignored (as by
 * every JavaScript Date). Undefined for undefined, null, NaN and ±Infinity.
 */
export function mjdToDate(mjd: number | null | undefined): Date | undefined {
  if (mjd === undefined || mjd === null || !Number.isFinite(mjd)) return undefined;
  // Whole days and the fraction separately: (mjd - 40587) * 86400000 loses the last bits of the fraction.
  const days = Math.floor(mjd);
  const ms = Math.round((mjd - days) * MS_PER_DAY);
  const date = new Date((days - MJD_UNIX_EPOCH) * MS_PER_DAY + ms);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Date → MJD (UTC, leap seconds ignored). */
export function dateToMjd(date: Date): number {
  return date.getTime() / MS_PER_DAY + MJD_UNIX_EPOCH;
}

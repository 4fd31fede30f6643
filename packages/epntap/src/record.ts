/**
 * Typed access to EPN-TAP granules: an {@link EPNTAPRecord} is a core
 * `Record` with getters for the EPN-TAP 2.0 columns, hash lists read as
 * string arrays and Julian Days as `Date`s.
 */
import { DALFormatError, Record } from "@vo/core";
import type { Field, ResultSet } from "@vo/core";
import { EPNTAP_MANDATORY_COLUMNS } from "./columns.js";
import { splitHashlist } from "./hashlist.js";

/** Julian Day of the Unix epoch, 1970-01-01T00:00:00 UTC. */
const JD_UNIX_EPOCH = 2440587.5;

/** A Julian Day as a `Date` (rounded to the millisecond), or undefined. */
export function jdToDate(jd: number | undefined): Date | undefined {
  if (jd === undefined || !Number.isFinite(jd)) return undefined;
  return new Date(Math.round((jd - JD_UNIX_EPOCH) * 86_400_000));
}

/** A `Date` as a Julian Day. */
export function dateToJd(date: Date): number {
  return date.getTime() / 86_400_000 + JD_UNIX_EPOCH;
}

/**
 * One granule of an epn_core table. Text columns that may hold several
 * values (`instrument_name`, `target_name`, …) are string arrays; absent and
 * null cells read as `undefined` (or `[]` for lists). Every core `Record`
 * method (`get`, `getNumber`, `getByUcd`, `download`, …) works too.
 * @example
 * for (const g of epntapRecords(rs)) console.log(g.granuleUid, g.targetNames, g.instrumentNames, g.timeMin?.toISOString());
 */
export class EPNTAPRecord extends Record {
  /** The values of any hash-list column, e.g. `hashlist("species")`. */
  hashlist(column: string): string[] {
    return splitHashlist(this.getString(column));
  }
  /** granule_uid: the row's unique id. */
  get granuleUid(): string | undefined { return this.getString("granule_uid"); }
  /** granule_gid: common to granules of the same kind. */
  get granuleGid(): string | undefined { return this.getString("granule_gid"); }
  /** obs_id: common to granules of the same observation. */
  get obsId(): string | undefined { return this.getString("obs_id"); }
  /** dataproduct_type values (`im`, `sp`, `sc`, …). */
  get dataproductTypes(): string[] { return this.hashlist("dataproduct_type"); }
  /** target_name values. */
  get targetNames(): string[] { return this.hashlist("target_name"); }
  /** target_class values (`planet`, `satellite`, `comet`, …). */
  get targetClasses(): string[] { return this.hashlist("target_class"); }
  /** time_min as a Julian Day. */
  get timeMinJd(): number | undefined { return this.getNumber("time_min"); }
  /** time_max as a Julian Day. */
  get timeMaxJd(): number | undefined { return this.getNumber("time_max"); }
  /** time_min as a Date (UTC). */
  get timeMin(): Date | undefined { return jdToDate(this.timeMinJd); }
  /** time_max as a Date (UTC). */
  get timeMax(): Date | undefined { return jdToDate(this.timeMaxJd); }
  /** time_exp_min, seconds. */
  get timeExpMin(): number | undefined { return this.getNumber("time_exp_min"); }
  /** time_exp_max, seconds. */
  get timeExpMax(): number | undefined { return this.getNumber("time_exp_max"); }
  /** spectral_range_min, Hz. */
  get spectralRangeMin(): number | undefined { return this.getNumber("spectral_range_min"); }
  /** spectral_range_max, Hz. */
  get spectralRangeMax(): number | undefined { return this.getNumber("spectral_range_max"); }
  /** c1min (longitude, RA or x; see spatialFrameType). */
  get c1min(): number | undefined { return this.getNumber("c1min"); }
  /** c1max. */
  get c1max(): number | undefined { return this.getNumber("c1max"); }
  /** c2min (latitude, Dec or y). */
  get c2min(): number | undefined { return this.getNumber("c2min"); }
  /** c2max. */
  get c2max(): number | undefined { return this.getNumber("c2max"); }
  /** c3min (altitude, distance or z). */
  get c3min(): number | undefined { return this.getNumber("c3min"); }
  /** c3max. */
  get c3max(): number | undefined { return this.getNumber("c3max"); }
  /** s_region, the footprint as the service wrote it. */
  get sRegion(): string | undefined { return this.getString("s_region"); }
  /** spatial_frame_type: `celestial`, `body`, `cartesian`, `cylindrical`, `spherical`, `healpix` or `none`. */
  get spatialFrameType(): string | undefined { return this.getString("spatial_frame_type"); }
  /** incidence_min, degrees. */
  get incidenceMin(): number | undefined { return this.getNumber("incidence_min"); }
  /** incidence_max, degrees. */
  get incidenceMax(): number | undefined { return this.getNumber("incidence_max"); }
  /** emergence_min, degrees. */
  get emergenceMin(): number | undefined { return this.getNumber("emergence_min"); }
  /** emergence_max, degrees. */
  get emergenceMax(): number | undefined { return this.getNumber("emergence_max"); }
  /** phase_min, degrees. */
  get phaseMin(): number | undefined { return this.getNumber("phase_min"); }
  /** phase_max, degrees. */
  get phaseMax(): number | undefined { return this.getNumber("phase_max"); }
  /** instrument_host_name values (observatory or spacecraft). */
  get instrumentHostNames(): string[] { return this.hashlist("instrument_host_name"); }
  /** instrument_name values (often the full name and the acronym). */
  get instrumentNames(): string[] { return this.hashlist("instrument_name"); }
  /** measurement_type values (UCDs). */
  get measurementTypes(): string[] { return this.hashlist("measurement_type"); }
  /** processing_level (CODMAC-like, 1 to 6). */
  get processingLevel(): number | undefined { return this.getNumber("processing_level"); }
  /** creation_date as a Date. */
  get creationDate(): Date | undefined { return isoDate(this.getString("creation_date")); }
  /** modification_date as a Date. */
  get modificationDate(): Date | undefined { return isoDate(this.getString("modification_date")); }
  /** release_date as a Date. */
  get releaseDate(): Date | undefined { return isoDate(this.getString("release_date")); }
  /** service_title. */
  get serviceTitle(): string | undefined { return this.getString("service_title"); }
  /** access_url (optional column). */
  get accessUrl(): string | undefined { return this.getString("access_url"); }
  /** access_format (optional column). */
  get accessFormat(): string | undefined { return this.getString("access_format"); }
  /** access_estsize in kbyte (optional column). */
  get accessEstsize(): number | undefined { return this.getNumber("access_estsize"); }
}

function isoDate(text: string | undefined): Date | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.trim()}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * The EPN-TAP 2.0 mandatory columns that `fields` lacks (names compared
 * without regard to case); `[]` for an epn_core table.
 */
export function missingEpncoreColumns(fields: readonly Pick<Field, "name">[]): string[] {
  const have = new Set(fields.map((f) => f.name.toLowerCase()));
  return EPNTAP_MANDATORY_COLUMNS.filter((c) => !have.has(c));
}

/**
 * The granules of a result set of an epn_core table.
 *
 * @param options.check `"mandatory"` (default): the result must have every
 *   mandatory EPN-TAP 2.0 column, as `SELECT *` on an epn_core table gives;
 *   `"none"` for a projection of a few columns.
 * @throws DALFormatError (VO_ERR_FORMAT) naming the missing columns when the result is not from an epn_core table.
 */
export function epntapRecords(rs: ResultSet, options: { check?: "mandatory" | "none"; table?: string } = {}): EPNTAPRecord[] {
  if ((options.check ?? "mandatory") === "mandatory") {
    const missing = missingEpncoreColumns(rs.fields);
    if (missing.length) {
      const what = options.table ? `${options.table} at ${rs.url}` : `the result of ${rs.url}`;
      throw new DALFormatError(
        `${what} is not an EPN-TAP 2.0 epn_core table: it lacks ${missing.length} mandatory column(s): ${missing.slice(0, 8).join(", ")}${missing.length > 8 ? ", …" : ""}`,
        { url: rs.url, standard: "EPN-TAP 2.0" },
      );
    }
  }
  return rs.toArray().map((r) => new EPNTAPRecord(r.index, r.cells));
}

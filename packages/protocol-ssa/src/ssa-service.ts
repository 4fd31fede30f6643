import { mjdToDate, ParameterError, parseDALIInterval, queryResultSet, rangeFromDALI, ResultSet, SimpleDALService, StandardId } from "@vo/core";
import type { DALParams, ResultSetInit, SimpleSearchOptions, SimpleServiceOptions, Transport, VOTableMeta } from "@vo/core";
import type { ColumnarTable } from "@vo/votable";
import { SSARecord } from "./ssa-record.js";

/** A sky position in ICRS degrees: `[ra, dec]` or `{ ra, dec }`. */
export type SkyPosition = readonly [ra: number, dec: number] | { readonly ra: number; readonly dec: number };

/** The SSA query options besides position and diameter. */
export interface SSAQueryOptions {
  /**
   * BAND: `[lo, hi]` wavelengths in metres (sorted for you; `wavelengths(1.4, 1.5, "GHz")` from `@vo/core`
   * converts other units), or a string: a
   * DALI interval `"5e-7 6e-7"` (sent as SSA's `5e-7/6e-7`), a range `"5e-7/6e-7"` or a band name.
   */
  band?: readonly [number, number] | string | undefined;
  /**
   * TIME: `[start, end]` (Dates, ISO strings or MJD numbers), sent as
   * `start/end` in ISO 8601 to the second; or a string: a DALI interval of
   * MJDs `"58000 59000"` (converted to ISO), `"start end"` in ISO, or SSA's own `start/end`.
   */
  time?: readonly [Date | string | number, Date | string | number] | string | undefined;
  /**
   * FORMAT: `all` (the default of a `queryData` search, sent explicitly as pyVO sends it: DaCHS answers it a few
   * ms sooner than no FORMAT), `compliant`, `votable`, `fits`, a MIME type, `metadata`….
   */
  format?: string | undefined;
  /** REQUEST (default `queryData`). */
  request?: string | undefined;
  /** MAXREC. */
  maxrec?: number | undefined;
}

/** Options of {@link SSAService.search}; any other key is a custom parameter. */
export interface SSASearchOptions extends SSAQueryOptions, SimpleSearchOptions {
  /** Custom parameters, e.g. `{ AIRMASS: "1.4/1.7" }`. */
  readonly [custom: string]: unknown;
}

/** The result of an SSA query (pyVO's `SSAResults`). */
export class SSAResults extends ResultSet<SSARecord> {
  constructor(table: ColumnarTable, document: VOTableMeta, url: string, init: ResultSetInit = {}, transport?: Transport) {
    super(table, document, url, (index, cells) => new SSARecord(index, cells, transport), init);
  }
}

function isoSeconds(name: string, t: Date | string | number): string {
  if (typeof t === "string") return t;
  if (typeof t === "number") {
    const d = mjdToDate(t);
    if (d === undefined) throw new ParameterError(name, "a finite MJD", t);
    return d.toISOString().slice(0, 19);
  }
  if (!(t instanceof Date) || Number.isNaN(t.getTime())) throw new ParameterError(name, "a valid Date or an ISO 8601 string", t);
  return t.toISOString().slice(0, 19);
}

/** `[ra, dec]` of a {@link SkyPosition}, checked. @throws {ParameterError} */
export function toRaDec(pos: SkyPosition, parameter = "pos"): [number, number] {
  const [ra, dec] = Array.isArray(pos) ? (pos as readonly number[]) : [(pos as { ra: number }).ra, (pos as { dec: number }).dec];
  if (typeof ra !== "number" || typeof dec !== "number" || !Number.isFinite(ra) || !Number.isFinite(dec) || ra < 0 || ra > 360 || dec < -90 || dec > 90) {
    throw new ParameterError(parameter, "[ra, dec] in ICRS degrees, ra in [0, 360], dec in [-90, 90]", pos);
  }
  return [ra, dec];
}

/**
 * Simple Spectral Access 1.1 client (pyVO's `SSAService`).
 *
 * @example
 * const ssa = client.service("ssa", "http://localhost:8080/vosample/spec/ssa/ssap.xml");
 * const spectra = await ssa.search([10.68, 41.27], 0.2, { band: [4e-7, 7e-7] });
 * await spectra.at(0)?.download("./spectra");
 */
export class SSAService extends SimpleDALService {
  readonly standardId: string = StandardId.SSA;

  constructor(baseUrl: string | URL, options: SimpleServiceOptions = {}) {
    super(baseUrl, options);
  }

  /** Custom parameters take range lists: `{ SEEING: [1.5, 2] }` is sent as `SEEING=1.5/2`. */
  protected override customRangeSyntax(): boolean {
    return true;
  }

  protected metadataQuery(): DALParams {
    return { REQUEST: "queryData", FORMAT: "METADATA" };
  }

  /**
   * The parameters a search sends (SSA 1.1 §8.5): REQUEST=queryData, POS=ra,dec, SIZE, BAND=lo/hi, TIME=start/end, FORMAT.
   *
   * @throws {ParameterError} a bad position, diameter, band or time.
   */
  buildParams(pos?: SkyPosition, diameter?: number, options: SSAQueryOptions = {}): DALParams {
    const p = pos === undefined ? undefined : toRaDec(pos);
    if (diameter !== undefined && (typeof diameter !== "number" || !Number.isFinite(diameter) || diameter <= 0 || diameter > 180)) {
      throw new ParameterError("diameter", "a diameter in degrees in (0, 180]", diameter);
    }
    let band: string | undefined;
    if (typeof options.band === "string") band = rangeFromDALI(options.band) ?? options.band;
    else if (options.band !== undefined) {
      const [a, b] = options.band;
      if (typeof a !== "number" || typeof b !== "number" || !(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
        throw new ParameterError("band", "two positive wavelengths in metres", options.band);
      }
      band = `${Math.min(a, b)}/${Math.max(a, b)}`;
    }
    let time: string | undefined;
    if (typeof options.time === "string") time = timeRangeFromDALI(options.time) ?? options.time;
    else if (options.time !== undefined) {
      if (!Array.isArray(options.time) || options.time.length !== 2) throw new ParameterError("time", "[start, end]", options.time);
      time = `${isoSeconds("time", options.time[0])}/${isoSeconds("time", options.time[1])}`;
    }
    return {
      REQUEST: options.request ?? "queryData",
      POS: p ? `${p[0]},${p[1]}` : undefined,
      SIZE: diameter,
      BAND: band,
      TIME: time,
      FORMAT: options.format ?? ((options.request ?? "queryData") === "queryData" ? "all" : undefined),
      MAXREC: options.maxrec,
    };
  }

  /**
   * Searches spectra around `pos` within a `diameter` in degrees.
   *
   * @throws {ParameterError} bad input, or (with `validate: true`) a custom parameter the service rejects.
   * @throws {DALServiceError} network/HTTP errors; {@link @vo/core!DALQueryError} the service's error; {@link @vo/core!DALFormatError} a broken answer.
   */
  async search(pos?: SkyPosition, diameter?: number, options: SSASearchOptions = {}): Promise<SSAResults> {
    const params = this.mergeParams(this.buildParams(pos, diameter, options), await this.customParams(options, ["band", "time", "format", "request"]));
    const transport = this.transport;
    return queryResultSet(this.target, this.baseUrl, params, {
      signal: options.signal,
      timeouts: options.timeouts ?? this.timeouts,
      maxResultBytes: options.maxResultBytes,
      create: (table, document, url, init) => new SSAResults(table, document, url, init, transport),
    });
  }
}

/** SSA's ISO `start/end` from `"mjd1 mjd2"` (DALI interval of MJDs) or `"iso1 iso2"`; undefined for anything else. */
function timeRangeFromDALI(text: string): string | undefined {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 2) return undefined;
  const bounds = parseDALIInterval(text);
  if (bounds !== undefined) {
    const iso = (mjd: number): string => (Number.isFinite(mjd) ? isoSeconds("time", mjd) : "");
    return `${iso(bounds[0])}/${iso(bounds[1])}`;
  }
  return parts.every((p) => /^\d{4}-\d\d-\d\d/.test(p)) ? `${parts[0]}/${parts[1]}` : undefined;
}

import {
  asTimestamp,
  CALIBRATION_LEVELS,
  circleShape,
  dateToMjd,
  DALIValue,
  DALQueryError,
  DALRateLimitError,
  DALServiceError,
  dalRequest,
  interval,
  intervalFromString,
  ParameterError,
  parseDALIInterval,
  POLARIZATION_STATES,
  polygonShape,
  queryResultSet,
  rangeShape,
  redactUrl,
  ResultSet,
  SimpleDALService,
  StandardId,
} from "@vo/core";
import type {
  CalibrationLevel,
  DALParams,
  DALParamValue,
  DALTarget,
  PolarizationState,
  ResultSetInit,
  SimpleSearchOptions,
  SimpleServiceOptions,
  Timeouts,
  Transport,
  VOTableMeta,
} from "@vo/core";
import type { ColumnarTable } from "@vo/votable";
import { capabilitiesUrl, parseCapabilities, sameEndpoint, sia2Endpoints, siblingCapabilitiesUrl } from "./endpoints.js";
import { SIA2Record } from "./sia2-record.js";

/**
 * An SIA2 POS constraint: a circle `[ra, dec, radius]`, a range
 * `[raMin, raMax, decMin, decMax]`, a polygon `[ra1, dec1, ra2, dec2, ra3, dec3, …]`
 * or `[[ra1, dec1], …]` (all degrees), or a DALI shape from `circleShape`/`rangeShape`/`polygonShape`.
 */
export type SIA2Shape = readonly number[] | readonly (readonly [number, number])[] | DALIValue;

/** A closed interval `[lo, hi]` (±Infinity for open ends), a DALI interval string `"lo hi"`, or a `DALIValue` from `interval()`. */
export type SIA2Interval = readonly [number, number] | string | DALIValue;

/** A time: a Date, an MJD number, or an ISO 8601 timestamp string. */
export type SIA2Time = Date | number | string;

/** One value or several (several are OR-ed by the service: the parameter repeats). */
export type OneOrMore<T> = T | readonly T[];

/** Constraints of an SIA 2.0 query (SIA 2.0 §2.1), with pyVO's names in camelCase. */
export interface SIA2Constraints {
  /** POS: circle, range or polygon (degrees). */
  pos?: SIA2Shape | readonly SIA2Shape[] | undefined;
  /** BAND: wavelength interval(s) in metres (`wavelengths(500, 600, "nm")` from `@vo/core` converts other units); one number means that exact wavelength. */
  band?: OneOrMore<SIA2Interval | number> | undefined;
  /**
   * TIME: one time, `[start, end]` (Dates, MJDs or ISO strings), or a DALI
   * interval string of MJDs `"58000 59000"` (or of ISO timestamps,
   * `"2020-01-01 2021-01-01"`); sent as an MJD interval.
   */
  time?: OneOrMore<SIA2Time | readonly [SIA2Time, SIA2Time] | DALIValue> | undefined;
  /** POL: polarization states, from `POLARIZATION_STATES` (I Q U V RR LL RL LR XX YY XY YX POLI POLA). */
  pol?: OneOrMore<PolarizationState> | undefined;
  /** FOV interval(s), degrees. */
  fieldOfView?: OneOrMore<SIA2Interval> | undefined;
  /** SPATRES interval(s), degrees. */
  spatialResolution?: OneOrMore<SIA2Interval> | undefined;
  /** EXPTIME interval(s), seconds. */
  exptime?: OneOrMore<SIA2Interval> | undefined;
  /** TIMERES interval(s), seconds. */
  timeResolution?: OneOrMore<SIA2Interval> | undefined;
  /** SPECRP interval(s): spectral resolving power. */
  specRP?: OneOrMore<SIA2Interval> | undefined;
  /** ID: publisher dataset identifier(s). */
  id?: OneOrMore<string> | undefined;
  /** COLLECTION. */
  collection?: OneOrMore<string> | undefined;
  /** FACILITY. */
  facility?: OneOrMore<string> | undefined;
  /** INSTRUMENT. */
  instrument?: OneOrMore<string> | undefined;
  /** DPTYPE: "image" or "cube". */
  dataType?: OneOrMore<"image" | "cube" | (string & {})> | undefined;
  /** CALIB: calibration level(s), 0–4. */
  calibLevel?: OneOrMore<CalibrationLevel> | undefined;
  /** TARGET name(s). */
  target?: OneOrMore<string> | undefined;
  /** FORMAT: dataset MIME type(s). */
  resFormat?: OneOrMore<string> | undefined;
  /** MAXREC: most records to return (0 asks for metadata only). */
  maxrec?: number | undefined;
}

/** Options of {@link SIA2Service.search}: the constraints, request options, and any other key as a custom parameter. */
export interface SIA2SearchOptions extends SIA2Constraints, SimpleSearchOptions {
  /** Custom parameters, e.g. `{ seeing: interval(0, 1.5) }`. */
  readonly [custom: string]: unknown;
}

/** The result of an SIA 2.0 query: ObsCore records. */
export class SIA2Results extends ResultSet<SIA2Record> {
  constructor(table: ColumnarTable, document: VOTableMeta, url: string, init: ResultSetInit = {}, transport?: Transport) {
    super(table, document, url, (index, cells) => new SIA2Record(index, cells, transport), init);
  }
}

const KNOWN = [
  "pos", "band", "time", "pol", "fieldOfView", "spatialResolution", "exptime", "timeResolution", "specRP", "id",
  "collection", "facility", "instrument", "dataType", "calibLevel", "target", "resFormat",
] as const;

function list<T>(value: OneOrMore<T> | undefined, isOne: (v: unknown) => boolean): T[] {
  if (value === undefined) return [];
  return isOne(value) ? [value as T] : [...(value as readonly T[])];
}

const isNumberTuple = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === "number");

function shape(value: SIA2Shape): DALIValue {
  if (value instanceof DALIValue) return value;
  const flat: number[] = (value as readonly unknown[]).flatMap((v) => (Array.isArray(v) ? (v as number[]) : [v as number]));
  if (flat.some((n) => typeof n !== "number")) throw new ParameterError("pos", "a circle, range or polygon of numbers", value);
  if (flat.length === 3) return circleShape(flat[0] as number, flat[1] as number, flat[2] as number);
  if (flat.length === 4) return rangeShape(flat[0] as number, flat[1] as number, flat[2] as number, flat[3] as number);
  if (flat.length >= 6 && flat.length % 2 === 0) {
    const vertices: [number, number][] = [];
    for (let i = 0; i < flat.length; i += 2) vertices.push([flat[i] as number, flat[i + 1] as number]);
    return polygonShape(vertices);
  }
  throw new ParameterError("pos", "[ra, dec, r] (circle), [ra1, ra2, dec1, dec2] (range) or ≥ 3 vertices (polygon)", value);
}

function toInterval(name: string, v: SIA2Interval | number): DALIValue {
  if (v instanceof DALIValue) return v;
  if (typeof v === "number") return interval(v, v);
  if (typeof v === "string") return intervalFromString(name, v);
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== "number" || typeof v[1] !== "number") {
    throw new ParameterError(name, 'an interval [lo, hi] of numbers, or a DALI interval string "lo hi"', v);
  }
  return interval(v[0], v[1]);
}

const TIME_EXPECTED = 'a Date, an MJD number, an ISO 8601 timestamp, [start, end] of those, or a DALI interval "mjd1 mjd2"';

function toMjd(name: string, t: SIA2Time): number {
  if (t instanceof Date) {
    if (Number.isNaN(t.getTime())) throw new ParameterError(name, "a valid Date", t);
    return dateToMjd(t);
  }
  if (typeof t === "string") {
    const d = asTimestamp(t);
    if (d === undefined) throw new ParameterError(name, TIME_EXPECTED, t);
    return dateToMjd(d);
  }
  if (typeof t !== "number" || Number.isNaN(t)) throw new ParameterError(name, TIME_EXPECTED, t);
  return t;
}

/** TIME as an MJD interval: a DALIValue as is, a string as a DALI interval (MJDs or ISO timestamps), a time or a [start, end] pair. */
function toTimeInterval(name: string, t: unknown): DALIValue {
  if (t instanceof DALIValue) return t;
  if (typeof t === "string") {
    if (parseDALIInterval(t) !== undefined) return intervalFromString(name, t);
    const parts = t.trim().split(/\s+/);
    if (parts.length === 2) return toInterval(name, [toMjd(name, parts[0]!), toMjd(name, parts[1]!)]);
    const mjd = toMjd(name, t);
    return interval(mjd, mjd);
  }
  if (Array.isArray(t)) {
    if (t.length !== 2) throw new ParameterError(name, TIME_EXPECTED, t);
    return toInterval(name, [toMjd(name, t[0] as SIA2Time), toMjd(name, t[1] as SIA2Time)]);
  }
  const mjd = toMjd(name, t as SIA2Time);
  return interval(mjd, mjd);
}

function strings(name: string, values: OneOrMore<string> | undefined): string[] {
  const out = list(values, (v) => !Array.isArray(v));
  for (const s of out) if (typeof s !== "string" || s === "") throw new ParameterError(name, "a non-empty string", s);
  return out;
}

/**
 * Simple Image Access 2.0 client (pyVO's `SIA2Service`). The constructor
 * (and `client.service("sia2", url)`) takes the URL as the query endpoint
 * itself (pyVO's `check_baseurl=False`), e.g. DaCHS's
 * `…/siap2/sitewide/siap2.xml`; {@link SIA2Service.fromCapabilities} and
 * {@link SIA2Service.resolveQueryEndpoint} accept the service root as well and
 * read the endpoint from its VOSI capabilities (pyVO's `check_baseurl=True`).
 * Every constraint may repeat: the service ORs values of one parameter and
 * ANDs different parameters.
 *
 * @example
 * const sia2 = client.service("sia2", "http://localhost:8080/__system__/siap2/sitewide/siap2.xml");
 * const rs = await sia2.search({ pos: [10.68, 41.27, 0.1], time: [new Date("2020-01-01"), new Date("2021-01-01")] });
 * // From the service root:
 * const fromRoot = await client.service("sia2", "http://localhost:8080/__system__/siap2/sitewide/").resolveQueryEndpoint();
 */
export class SIA2Service extends SimpleDALService {
  readonly standardId: string = StandardId.SIA2;

  constructor(baseUrl: string | URL, options: SimpleServiceOptions = {}) {
    super(baseUrl, options);
  }

  /**
   * pyVO's `SIA2Service(url, check_baseurl=True)`: reads the VOSI capabilities
   * at `<url>/capabilities` and returns a service at the access URL of the
   * `ivo://ivoa.net/std/SIA#query-2.0` capability (its `role="std"` ParamHTTP
   * interface; BasicAA-only interfaces are skipped; capabilities without a
   * standardID are ignored). So `url` may be the service root or the query
   * endpoint itself: when `<url>/capabilities` does not answer with an SIA2
   * capability, the sibling capabilities of a query endpoint (`…/query` →
   * `…/capabilities`) may confirm `url`; otherwise `url` is used as given and
   * a `VO_WARN_VOSI` warning says why.
   *
   * @throws {ParameterError} `url` is not an absolute http(s) URL, or no transport/context was given.
   * @throws {DALServiceError} network failures and time limits while reading the capabilities (HTTP errors fall back instead).
   * @throws the signal's `reason` when aborted.
   * @example
   * const sia2 = await SIA2Service.fromCapabilities("http://localhost:8080/__system__/siap2/sitewide/", { transport });
   * sia2.baseUrl // "http://localhost:8080/__system__/siap2/sitewide/siap2.xml"
   */
  static async fromCapabilities(url: string | URL, options: SIA2CapabilitiesOptions = {}): Promise<SIA2Service> {
    const { signal, ...serviceOptions } = options;
    return new SIA2Service(url, serviceOptions).resolveQueryEndpoint({ signal });
  }

  /**
   * This service at its query endpoint, read from the VOSI capabilities as
   * {@link SIA2Service.fromCapabilities} does (same transport, warnings and
   * time limits). Returns `this` when the base URL already is the endpoint.
   */
  async resolveQueryEndpoint(options: { signal?: AbortSignal | undefined } = {}): Promise<SIA2Service> {
    const given = this.baseUrl;
    let parsed: URL;
    try {
      parsed = new URL(given);
    } catch {
      throw new ParameterError("url", "an absolute http(s) URL", given);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new ParameterError("url", "an absolute http(s) URL", given);
    const read = { target: this.target, signal: options.signal, timeouts: this.timeouts };

    const direct = capabilitiesUrl(given);
    const first = await readSIA2Endpoints(direct, read);
    if (first.endpoints.length > 0) {
      const endpoint = first.endpoints[0] as string;
      return sameEndpoint(endpoint, given) ? this : this.#at(endpoint);
    }
    let reason = first.reason;
    const sibling = siblingCapabilitiesUrl(given);
    if (sibling !== undefined && sibling !== direct) {
      const second = await readSIA2Endpoints(sibling, read);
      if (second.endpoints.some((e) => sameEndpoint(e, given))) return this;
      reason += second.endpoints.length > 0
        ? `; ${redactUrl(sibling)} lists the SIA2 endpoint ${second.endpoints.map((e) => redactUrl(e)).join(", ")}, not this URL`
        : `; ${second.reason}`;
    }
    const onWarning = "request" in this.target ? undefined : this.target.onWarning;
    onWarning?.({
      name: "VOSIWarning",
      code: "VO_WARN_VOSI",
      message: `no SIA 2.0 capability found (${reason}); using ${redactUrl(given)} as the query endpoint`,
      url: redactUrl(given),
    });
    return this;
  }

  #at(url: string): SIA2Service {
    const target = this.target;
    return "request" in target
      ? new SIA2Service(url, { transport: target, timeouts: this.timeouts })
      : new SIA2Service(url, { transport: target.transport, onWarning: target.onWarning, timeouts: this.timeouts });
  }

  protected metadataQuery(): DALParams {
    return { MAXREC: 0 };
  }

  /**
   * The parameters a search sends, DALI-encoded by core (intervals `"lo hi"`, TIME in MJD).
   *
   * @throws {ParameterError} a constraint that cannot be encoded.
   */
  buildParams(options: SIA2Constraints = {}): DALParams {
    const pos = options.pos === undefined ? [] : options.pos instanceof DALIValue || isNumberTuple(options.pos) || isPairList(options.pos)
      ? [shape(options.pos as SIA2Shape)]
      : (options.pos as readonly SIA2Shape[]).map(shape);
    const intervals = (name: string, v: OneOrMore<SIA2Interval | number> | undefined): DALIValue[] =>
      list(v, (x) => x instanceof DALIValue || typeof x === "number" || typeof x === "string" || isNumberTuple(x)).map((x) => toInterval(name, x));
    const isOneTime = (x: unknown): boolean =>
      x instanceof DALIValue || x instanceof Date || typeof x === "number" || typeof x === "string" ||
      (Array.isArray(x) && x.length === 2 && (x as unknown[]).every((y) => y instanceof Date || typeof y === "number" || (typeof y === "string" && !/\s/.test(y.trim()))));
    const times = list(options.time, isOneTime).map((t) => toTimeInterval("time", t));
    const calib = list(options.calibLevel, (x) => !Array.isArray(x));
    for (const c of calib) if (!(CALIBRATION_LEVELS as readonly number[]).includes(c)) throw new ParameterError("calibLevel", "0, 1, 2, 3 or 4", c);
    const pol = strings("pol", options.pol);
    for (const p of pol) {
      if (!(POLARIZATION_STATES as readonly string[]).includes(p)) throw new ParameterError("pol", `a polarization state (${POLARIZATION_STATES.join(", ")})`, p);
    }
    if (options.maxrec !== undefined && (!Number.isInteger(options.maxrec) || options.maxrec < 0)) {
      throw new ParameterError("maxrec", "a non-negative integer", options.maxrec);
    }
    const out: { [name: string]: DALParamValue[] | number | undefined } = {
      POS: pos,
      BAND: intervals("band", options.band),
      TIME: times,
      POL: pol,
      FOV: intervals("fieldOfView", options.fieldOfView),
      SPATRES: intervals("spatialResolution", options.spatialResolution),
      EXPTIME: intervals("exptime", options.exptime),
      TIMERES: intervals("timeResolution", options.timeResolution),
      SPECRP: intervals("specRP", options.specRP),
      ID: strings("id", options.id),
      COLLECTION: strings("collection", options.collection),
      FACILITY: strings("facility", options.facility),
      INSTRUMENT: strings("instrument", options.instrument),
      DPTYPE: strings("dataType", options.dataType as OneOrMore<string> | undefined),
      CALIB: calib,
      TARGET: strings("target", options.target),
      FORMAT: strings("resFormat", options.resFormat),
      MAXREC: options.maxrec,
    };
    for (const key of Object.keys(out)) {
      const v = out[key];
      if (Array.isArray(v) && v.length === 0) delete out[key];
    }
    return out as DALParams;
  }

  /**
   * Runs an SIA 2.0 query.
   *
   * @throws {ParameterError} bad input, or (with `validate: true`) a custom parameter the service rejects.
   * @throws {DALServiceError} network/HTTP errors; {@link @vo/core!DALQueryError} the service's error; {@link @vo/core!DALFormatError} a broken answer.
   */
  async search(options: SIA2SearchOptions = {}): Promise<SIA2Results> {
    const params = this.mergeParams(this.buildParams(options), await this.customParams(options, KNOWN));
    const transport = this.transport;
    return queryResultSet(this.target, this.baseUrl, params, {
      signal: options.signal,
      timeouts: options.timeouts ?? this.timeouts,
      maxResultBytes: options.maxResultBytes,
      create: (table, document, url, init) => new SIA2Results(table, document, url, init, transport),
    });
  }
}

/** Options of {@link SIA2Service.fromCapabilities}: how to reach the network, and a cancellation. */
export interface SIA2CapabilitiesOptions extends SimpleServiceOptions {
  /** Cancels the capabilities request; it rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

/** Capabilities documents are small; a bigger answer is not one. */
const MAX_CAPABILITIES_BYTES = 8 << 20;

/**
 * The SIA2 endpoints a capabilities URL lists (best first), or why there are none.
 * HTTP errors, non-capabilities documents and query errors are reasons; network
 * failures, time limits, 429 and aborts are thrown.
 */
async function readSIA2Endpoints(
  url: string,
  options: { target: DALTarget; signal: AbortSignal | undefined; timeouts: Timeouts | undefined },
): Promise<{ endpoints: string[]; reason: string }> {
  let text: string;
  let finalUrl = url;
  try {
    const response = await dalRequest(options.target, url, {}, {
      expect: "any",
      signal: options.signal,
      timeouts: options.timeouts,
      maxResponseBytes: MAX_CAPABILITIES_BYTES,
    });
    finalUrl = response.url || url;
    text = await response.text();
  } catch (error) {
    if (error instanceof DALRateLimitError) throw error;
    if (error instanceof DALServiceError && error.status !== undefined) return { endpoints: [], reason: `${redactUrl(url)}: HTTP ${error.status}` };
    if (error instanceof DALQueryError) return { endpoints: [], reason: `${redactUrl(url)}: ${error.message}` };
    throw error;
  }
  const capabilities = parseCapabilities(text);
  if (capabilities === undefined) return { endpoints: [], reason: `${redactUrl(finalUrl)} is not a VOSI capabilities document` };
  const endpoints = sia2Endpoints(capabilities, finalUrl);
  return { endpoints, reason: endpoints.length > 0 ? "" : `${redactUrl(finalUrl)} lists no usable SIA#query-2.0 capability` };
}

function isPairList(v: unknown): boolean {
  return Array.isArray(v) && v.length >= 3 && v.every((p) => Array.isArray(p) && p.length === 2 && p.every((n) => typeof n === "number"));
}

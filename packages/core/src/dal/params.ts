/**
 * DAL query parameters encoded by the rules of DALI 1.1 (IVOA, 2017), §3:
 * numbers in their shortest round-trip form, booleans as "true"/"false",
 * timestamps as `YYYY-MM-DDThh:mm:ss[.sss]` (UTC, no zone suffix, which
 * DALI 1.0 services also accept), intervals/points/circles/polygons as
 * space-separated numbers with `-Inf`/`+Inf` for open interval ends, and
 * multi-valued parameters as repeated keys.
 */
import { ParameterError } from "@vo/votable";

/** A DALI value built by {@link interval}, {@link point}, {@link circle}, {@link polygon} or a shape helper. */
export class DALIValue {
  /** @internal Use the helper functions. */
  constructor(
    /** The DALI xtype (`interval`, `point`, `circle`, `polygon`) or `shape` for SIA2/SODA POS values. */
    readonly xtype: "interval" | "point" | "circle" | "polygon" | "shape",
    /** The leading keyword of a shape (`CIRCLE`, `RANGE`, `POLYGON`), if any. */
    readonly keyword: string | undefined,
    /** The numbers, in order. */
    readonly numbers: readonly number[],
    /** What the numbers must satisfy, checked when the value is encoded. */
    private readonly check: (numbers: readonly number[]) => string | undefined,
  ) {}

  /** The DALI string, e.g. `"10 20 0.5"` or `"CIRCLE 10 20 0.5"`. Throws `ParameterError` when invalid. */
  encode(parameter: string): string {
    const problem = this.check(this.numbers);
    if (problem !== undefined) throw new ParameterError(parameter, problem, this.numbers);
    const text = this.numbers.map(formatNumberOrInf).join(" ");
    return this.keyword === undefined ? text : `${this.keyword} ${text}`;
  }

  /** The DALI string, or `"[invalid DALI value]"` when a check fails. */
  toString(): string {
    try {
      return this.encode(this.xtype);
    } catch {
      return "[invalid DALI value]";
    }
  }
}

/** One value of a DAL parameter. `undefined` and `null` mean "not sent". */
export type DALParamValue = string | number | bigint | boolean | Date | DALIValue;

/** DAL query parameters by name; an array sends the parameter once per element. */
export interface DALParams {
  readonly [name: string]: DALParamValue | readonly (DALParamValue | undefined | null)[] | undefined | null;
}

/**
 * Parameter names defined by DALI, TAP, SCS, SIA 1/2, SSA, SLAP, Datalink
 * and SODA. A key that matches one of these case-insensitively (ignoring
 * `_`, so camelCase keys like `responseFormat` match) is sent under the
 * standard spelling; every other key is sent unchanged.
 */
export const STANDARD_PARAMS: readonly string[] = [
  // DALI
  "MAXREC", "RESPONSEFORMAT", "RUNID", "UPLOAD",
  // TAP / UWS
  "REQUEST", "LANG", "QUERY", "FORMAT", "VERSION", "PHASE", "DESTRUCTION", "EXECUTIONDURATION", "QUOTE",
  // SCS
  "RA", "DEC", "SR", "VERB",
  // SIA 1
  "POS", "SIZE", "INTERSECT", "NAXIS", "CFRAME", "EQUINOX", "CRPIX", "CRVAL", "CDELT", "ROTANG", "PROJ",
  // SIA 2 / ObsCore
  "BAND", "TIME", "POL", "FOV", "SPATRES", "EXPTIME", "ID", "COLLECTION", "FACILITY", "INSTRUMENT",
  "DPTYPE", "CALIB", "TARGET", "TIMERES", "SPECRP",
  // SSA
  "APERTURE", "SNR", "REDSHIFT", "VARAMPL", "TARGETNAME", "TARGETCLASS", "FLUXCALIB", "WAVECALIB",
  "PUBDID", "CREATORDID", "TOP", "MTIME", "COMPRESS",
  // SLAP
  "WAVELENGTH", "CHEMICAL_ELEMENT", "INITIAL_LEVEL_ENERGY", "FINAL_LEVEL_ENERGY", "TEMPERATURE",
  // SODA
  "CIRCLE", "POLYGON",
];

const normalizedKey = (key: string): string => key.replace(/_/g, "").toLowerCase();
const STANDARD_BY_KEY = new Map(STANDARD_PARAMS.map((name) => [normalizedKey(name), name]));

/** The name a key is sent under: the standard spelling of a DAL parameter, or the key itself. */
export function dalParamName(key: string): string {
  return STANDARD_BY_KEY.get(normalizedKey(key)) ?? key;
}

/**
 * Encodes DAL parameters into form fields by DALI rules.
 *
 * @throws {ParameterError} for a non-finite number, an invalid date, an invalid DALI value, an unsupported
 * type, or two keys that map to the same standard name (`maxrec` and `MAXREC`).
 * @example
 * encodeDALParams({ pos: circleShape(10, 20, 0.1), band: interval(5e-7, Infinity), maxrec: 100 }).toString()
 * // "POS=CIRCLE+10+20+0.1&BAND=5e-7+%2BInf&MAXREC=100"
 */
export function encodeDALParams(params: DALParams): URLSearchParams {
  const out = new URLSearchParams();
  const seen = new Map<string, string>();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    const name = dalParamName(key);
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new ParameterError(name, `one key for "${name}", got "${earlier}" and "${key}"`, value);
    }
    seen.set(name, key);
    const values: readonly unknown[] = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (v === undefined || v === null) continue;
      out.append(name, encodeDALValue(name, v));
    }
  }
  return out;
}

/**
 * Encodes one value by DALI rules.
 *
 * @throws {ParameterError} naming `parameter` when the value cannot be encoded.
 */
export function encodeDALValue(parameter: string, value: unknown): string {
  switch (typeof value) {
    case "string":
      return value;
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new ParameterError(parameter, "a finite number", value);
      return formatNumber(value);
    case "object":
      if (value instanceof DALIValue) return value.encode(parameter);
      if (value instanceof Date) return formatTimestamp(parameter, value);
  }
  throw new ParameterError(parameter, "a string, number, bigint, boolean, Date or DALI value", value);
}

/** Shortest round-trip form; keeps exponents (`1e-7`), drops the sign of zero. */
function formatNumber(n: number): string {
  return Object.is(n, -0) ? "0" : String(n);
}

function formatNumberOrInf(n: number): string {
  if (n === Infinity) return "+Inf";
  if (n === -Infinity) return "-Inf";
  return formatNumber(n);
}

/** DALI 1.1 §3.3.3 timestamp in UTC; milliseconds only when not zero. */
function formatTimestamp(parameter: string, date: Date): string {
  if (Number.isNaN(date.getTime())) throw new ParameterError(parameter, "a valid Date", date);
  const iso = date.toISOString(); // YYYY-MM-DDThh:mm:ss.sssZ (or ±YYYYYY-… outside 0000–9999)
  if (!/^\d{4}-/.test(iso)) throw new ParameterError(parameter, "a Date in years 0000–9999", date);
  return iso.endsWith(".000Z") ? iso.slice(0, -5) : iso.slice(0, -1);
}

const notNaN = (ns: readonly number[]): boolean => ns.every((n) => !Number.isNaN(n));
const finite = (ns: readonly number[]): boolean => ns.every((n) => Number.isFinite(n));
const validLon = (n: number): boolean => n >= 0 && n <= 360;
const validLat = (n: number): boolean => n >= -90 && n <= 90;

function checkInterval([lo, hi]: readonly number[]): string | undefined {
  if (lo === undefined || hi === undefined || !notNaN([lo, hi])) return "an interval of two numbers (±Infinity for open ends)";
  if (lo > hi) return "an interval with lower bound ≤ upper bound";
  return undefined;
}

function checkPoint(ns: readonly number[]): string | undefined {
  const [ra, dec] = ns;
  if (ra === undefined || dec === undefined || !finite(ns) || !validLon(ra) || !validLat(dec)) {
    return "a point with longitude in [0, 360] and latitude in [-90, 90] degrees";
  }
  return undefined;
}

function checkCircle(ns: readonly number[]): string | undefined {
  const [ra, dec, r] = ns;
  if (ra === undefined || dec === undefined || r === undefined || !finite(ns) || !validLon(ra) || !validLat(dec)) {
    return "a circle with longitude in [0, 360] and latitude in [-90, 90] degrees";
  }
  if (r <= 0 || r > 180) return "a circle with radius in (0, 180] degrees";
  return undefined;
}

function checkPolygon(ns: readonly number[]): string | undefined {
  if (ns.length < 6 || ns.length % 2 !== 0 || !finite(ns)) return "a polygon of at least 3 (longitude, latitude) vertices";
  for (let i = 0; i < ns.length; i += 2) {
    if (!validLon(ns[i] as number) || !validLat(ns[i + 1] as number)) {
      return "polygon vertices with longitude in [0, 360] and latitude in [-90, 90] degrees";
    }
  }
  return undefined;
}

function checkRange(ns: readonly number[]): string | undefined {
  const [lon1, lon2, lat1, lat2] = ns;
  if (lon1 === undefined || lon2 === undefined || lat1 === undefined || lat2 === undefined || !notNaN(ns)) {
    return "a range of four numbers: lon1 lon2 lat1 lat2 (±Infinity for open ends)";
  }
  const lon = (n: number): boolean => !Number.isFinite(n) || validLon(n);
  const lat = (n: number): boolean => !Number.isFinite(n) || validLat(n);
  if (!lon(lon1) || !lon(lon2) || !lat(lat1) || !lat(lat2) || lon1 > lon2 || lat1 > lat2) {
    return "a range with lon1 ≤ lon2 in [0, 360] and lat1 ≤ lat2 in [-90, 90] degrees";
  }
  return undefined;
}

/** A DALI interval `"lo hi"`; pass `-Infinity`/`Infinity` for an open end (sent as `-Inf`/`+Inf`). */
export function interval(lo: number, hi: number): DALIValue {
  return new DALIValue("interval", undefined, [lo, hi], checkInterval);
}

/** A DALI point `"lon lat"` in degrees. */
export function point(lon: number, lat: number): DALIValue {
  return new DALIValue("point", undefined, [lon, lat], checkPoint);
}

/** A DALI circle `"lon lat radius"` in degrees (SODA CIRCLE). */
export function circle(lon: number, lat: number, radius: number): DALIValue {
  return new DALIValue("circle", undefined, [lon, lat, radius], checkCircle);
}

/** A DALI polygon `"lon1 lat1 lon2 lat2 …"` in degrees, from vertex pairs (SODA POLYGON). */
export function polygon(vertices: readonly (readonly [number, number])[]): DALIValue {
  return new DALIValue("polygon", undefined, vertices.flat(), checkPolygon);
}

/** An SIA2/SODA POS value `"CIRCLE lon lat radius"` in degrees. */
export function circleShape(lon: number, lat: number, radius: number): DALIValue {
  return new DALIValue("shape", "CIRCLE", [lon, lat, radius], checkCircle);
}

/** An SIA2/SODA POS value `"RANGE lon1 lon2 lat1 lat2"` in degrees; ±Infinity for open ends. */
export function rangeShape(lon1: number, lon2: number, lat1: number, lat2: number): DALIValue {
  return new DALIValue("shape", "RANGE", [lon1, lon2, lat1, lat2], checkRange);
}

/** An SIA2/SODA POS value `"POLYGON lon1 lat1 lon2 lat2 …"` in degrees, from vertex pairs. */
export function polygonShape(vertices: readonly (readonly [number, number])[]): DALIValue {
  return new DALIValue("shape", "POLYGON", vertices.flat(), checkPolygon);
}

const INTERVAL_BOUND = /^([+-]?(?:inf(?:inity)?|\d+(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?))$/i;

function boundOf(token: string): number {
  const t = token.toLowerCase().replace(/^\+/, "");
  if (t === "inf" || t === "infinity") return Infinity;
  if (t === "-inf" || t === "-infinity") return -Infinity;
  return Number(token);
}

/**
 * The bounds of a DALI interval written as text, `"lo hi"` (DALI 1.1 §3.3.5):
 * two numbers separated by blanks, `-Inf`/`+Inf` for open ends. A single
 * number is the interval `[v, v]`. Undefined when the text is not of that form
 * (a band name, a range `lo/hi`, a timestamp): callers decide what else they take.
 * @example parseDALIInterval("58000 59000") // [58000, 59000]
 */
export function parseDALIInterval(text: string): [number, number] | undefined {
  const tokens = text.trim().split(/\s+/);
  if (tokens.length < 1 || tokens.length > 2 || tokens[0] === "" || !tokens.every((t) => INTERVAL_BOUND.test(t))) return undefined;
  const lo = boundOf(tokens[0]!);
  const hi = boundOf(tokens[1] ?? tokens[0]!);
  return [lo, hi];
}

/**
 * An {@link interval} from a DALI interval string `"lo hi"`.
 * @throws {ParameterError} naming `parameter` when the text is not two numbers, or lo > hi.
 */
export function intervalFromString(parameter: string, text: string): DALIValue {
  const bounds = parseDALIInterval(text);
  if (bounds === undefined) throw new ParameterError(parameter, 'a DALI interval "lo hi" of two numbers (-Inf/+Inf for open ends)', text);
  const value = interval(bounds[0], bounds[1]);
  value.encode(parameter); // checks lo ≤ hi now, naming the parameter
  return value;
}

/** A bound in range-list syntax: empty for an open end. */
function rangeBound(n: number): string {
  return Number.isFinite(n) ? formatNumber(n) : "";
}

/** SIA 1/SSA/SLAP range syntax `lo/hi` (open ends left empty, e.g. `/14.2`). */
export function formatRange(lo: number, hi: number): string {
  return `${rangeBound(lo)}/${rangeBound(hi)}`;
}

/**
 * Range syntax `lo/hi` from a DALI interval string `"lo hi"` of two numbers;
 * undefined for any other text (a range already, a band name, one value),
 * which the caller sends as given.
 * @example rangeFromDALI("5e-7 6e-7") // "5e-7/6e-7"
 */
export function rangeFromDALI(text: string): string | undefined {
  if (!/\S\s+\S/.test(text.trim())) return undefined;
  const bounds = parseDALIInterval(text);
  return bounds === undefined ? undefined : formatRange(bounds[0], bounds[1]);
}

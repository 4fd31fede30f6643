/**
 * SODA 1.0 requests from a service descriptor: the parameters are filled
 * from the descriptor (fixed values, `ref`s to the row's columns) and the
 * caller's, encoded by DALI rules, and checked against the descriptor's
 * declarations (names, options, ranges, the data's footprint) before
 * anything is sent.
 */
import { circle as daliCircle, dalRequest, dateToMjd, DALIValue, encodeDALValue, isNumericDatatype, ParameterError, parseDALIInterval, polygon as daliPolygon } from "@vo/core";
import type { DALParamValue, Record, Transport, TransportResponse } from "@vo/core";
import type { DescriptorParam, ServiceDescriptor } from "./descriptor.js";

/** One value of a SODA parameter: a DAL value, numbers for intervals and shapes, or several values (sent as repeated keys). */
export type SodaValue =
  | DALParamValue
  | readonly number[]
  | readonly (number | Date)[]
  | readonly (readonly [number, number])[]
  | readonly string[]
  | null
  | undefined;

/**
 * SODA parameters (SODA 1.0 §3.3), plus any custom ones the descriptor
 * declares (`FLUXCALIB`, `SCALE`, `KIND`, …), matched case-insensitively.
 * `null` removes a parameter the descriptor would send.
 */
export interface SodaParams {
  /** `CIRCLE`: `[ra, dec, radius]` in degrees (ICRS), or a `circle()` value. */
  circle?: readonly [number, number, number] | DALIValue | null | undefined;
  /** `POLYGON`: `[[ra, dec], …]` or flat `[ra1, dec1, ra2, dec2, …]` in degrees, or a `polygon()` value. */
  polygon?: readonly (readonly [number, number])[] | readonly number[] | DALIValue | null | undefined;
  /** `POS`: an SIA2-style shape string (`CIRCLE ra dec r`, `RANGE …`, `POLYGON …`) or a shape value. */
  pos?: string | DALIValue | null | undefined;
  /**
   * `BAND`: `[lo, hi]` wavelengths in metres (±Infinity for open ends; `wavelengths(500, 600, "nm")` from `@vo/core`
   * converts any length, frequency or energy unit), a DALI interval string `"lo hi"`, or an `interval()` value.
   */
  band?: readonly [number, number] | string | DALIValue | null | undefined;
  /** `TIME`: `[start, end]` as MJD or Dates, a DALI interval string of MJDs `"58000 59000"`, or an `interval()` value. */
  time?: readonly [number | Date, number | Date] | string | DALIValue | null | undefined;
  /** `POL`: one polarization state or several (`I`, `Q`, `U`, `V`, …). */
  pol?: string | readonly string[] | null | undefined;
  /** Custom parameters the descriptor declares. */
  [custom: string]: SodaValue;
}

/** Options of a SODA request. */
export interface SodaRequestOptions {
  /** The row of the result whose columns fill the descriptor's `ref` parameters (an embedded descriptor). */
  row?: Record | undefined;
  /** The caller's cancellation. */
  signal?: AbortSignal | undefined;
  /** Extra request headers. */
  headers?: { [name: string]: string } | undefined;
}

/**
 * Sends a synchronous SODA request (GET) and returns the response with its
 * body unread; an HTTP error status or an error document is a typed error.
 *
 * @throws {ParameterError} an unknown parameter, a value outside the declared options or range, a cutout outside the data.
 * @throws {DALServiceError} an HTTP error status or a network failure.
 */
export async function sodaRequest(
  transport: Transport,
  descriptor: ServiceDescriptor,
  options: SodaRequestOptions & { params?: SodaParams | undefined },
): Promise<TransportResponse> {
  const url = sodaRequest.url(descriptor, options);
  return dalRequest(transport, url, {}, { expect: "any", signal: options.signal, headers: options.headers });
}

/** The GET URL of a SODA request: the descriptor's accessURL with the checked parameters. */
sodaRequest.url = function sodaUrl(descriptor: ServiceDescriptor, options: { params?: SodaParams | undefined; row?: Record | undefined }): string {
  const accessUrl = descriptor.accessUrl;
  if (accessUrl === undefined) {
    throw new ParameterError("descriptor", "a service descriptor with an accessURL PARAM", descriptor.id ?? descriptor.name ?? "(unnamed)");
  }
  const fields = sodaFields(descriptor, options.params ?? {}, options.row);
  const query = fields.toString();
  return query === "" ? accessUrl : `${accessUrl}${accessUrl.includes("?") ? "&" : "?"}${query}`;
};

/** The checked, encoded parameters of a SODA request (see {@link sodaRequest}). */
export function sodaFields(descriptor: ServiceDescriptor, params: SodaParams, row?: Record): URLSearchParams {
  const values = new Map<string, { name: string; values: string[] }>();
  for (const p of descriptor.inputParams) {
    let v: string | undefined;
    if (p.ref !== undefined && row !== undefined) v = row.getString(p.ref);
    else if (p.ref === undefined && p.value.trim() !== "" && fixedValueFits(p)) v = p.value;
    if (v !== undefined) values.set(p.name.toUpperCase(), { name: p.name, values: [v] });
  }
  const declared = descriptor.inputParams.length > 0;
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const param = descriptor.param(key);
    if (!param && declared) {
      throw new ParameterError(key, `a parameter the service declares (${descriptor.inputParams.map((p) => p.name).join(", ")})`, value);
    }
    const name = param?.name ?? key.toUpperCase();
    if (value === null) {
      values.delete(name.toUpperCase());
      continue;
    }
    values.set(name.toUpperCase(), { name, values: encodeSoda(name, value, param, descriptor) });
  }
  const out = new URLSearchParams();
  for (const { name, values: vs } of values.values()) for (const v of vs) out.append(name, v);
  return out;
}

/**
 * Whether a descriptor's fixed value is sendable: numeric parameters must hold
 * numbers (a placeholder such as `[0. 0.]` for an interval is not sent).
 */
function fixedValueFits(p: DescriptorParam): boolean {
  if (!isNumericDatatype(p.datatype)) return true;
  return p.value
    .trim()
    .split(/\s+/)
    .every((t) => /^[-+]?(inf|nan)$/i.test(t) || (t !== "" && !Number.isNaN(Number(t))));
}

function encodeSoda(name: string, value: Exclude<SodaValue, null | undefined>, param: DescriptorParam | undefined, descriptor: ServiceDescriptor): string[] {
  const upper = name.toUpperCase();
  if (upper === "CIRCLE" && !(value instanceof DALIValue) && Array.isArray(value)) {
    const [ra, dec, r] = value as readonly number[];
    return [checkFootprint(name, daliCircle(ra as number, dec as number, r as number), param, descriptor)];
  }
  if (upper === "POLYGON" && !(value instanceof DALIValue) && Array.isArray(value)) {
    const flat = (value as readonly (number | readonly [number, number])[]).flat() as number[];
    const pairs: [number, number][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i] as number, flat[i + 1] as number]);
    if (flat.length % 2 !== 0) throw new ParameterError(name, "a polygon of (ra, dec) pairs", value);
    return [checkFootprint(name, daliPolygon(pairs), param, descriptor)];
  }
  if (value instanceof DALIValue) {
    const text = value.encode(name);
    if (value.xtype === "circle" || value.xtype === "polygon") checkFootprint(name, value, param, descriptor);
    if (value.xtype === "interval") checkInterval(name, value.numbers, param);
    return [text];
  }
  if (Array.isArray(value)) {
    const items = value as readonly unknown[];
    if (items.every((v) => typeof v === "string")) {
      items.forEach((v) => checkOption(name, v as string, param));
      return items as string[];
    }
    const numbers = items.map((v) => (v instanceof Date ? dateToMjd(v) : v));
    if (!numbers.every((n): n is number => typeof n === "number" && !Number.isNaN(n))) {
      throw new ParameterError(name, "numbers (or Dates for TIME)", value);
    }
    if (isInterval(param, numbers.length)) checkInterval(name, numbers, param);
    return [numbers.map((n) => (n === Infinity ? "+Inf" : n === -Infinity ? "-Inf" : encodeDALValue(name, n))).join(" ")];
  }
  const text = encodeDALValue(name, value);
  // A DALI interval string for an interval parameter is checked as the interval it is.
  const bounds = typeof value === "string" && isInterval(param, 2) && (param !== undefined || upper === "BAND" || upper === "TIME") ? parseDALIInterval(value) : undefined;
  if (bounds !== undefined) {
    checkInterval(name, bounds, param);
    return [text];
  }
  if (typeof value === "string") checkOption(name, value, param);
  if (typeof value === "number") checkScalar(name, value, param);
  return [text];
}

function isInterval(param: DescriptorParam | undefined, length: number): boolean {
  return length === 2 && (param === undefined || param.interval === "dali" || param.xtype?.toLowerCase() === "interval" || param.arraysize === "2");
}

const fmt = (b: number | string): string => String(b);

function checkInterval(name: string, numbers: readonly number[], param: DescriptorParam | undefined): void {
  const [lo, hi] = numbers as [number, number];
  if (!(lo <= hi)) throw new ParameterError(name, "an interval [lo, hi] with lo ≤ hi", numbers);
  const min = typeof param?.min?.value === "number" ? param.min.value : undefined;
  const max = typeof param?.max?.value === "number" ? param.max.value : undefined;
  if ((max !== undefined && lo > max) || (min !== undefined && hi < min)) {
    const unit = param?.unit ? ` ${param.unit}` : "";
    throw new ParameterError(name, `an interval overlapping the data's range [${fmt(min ?? -Infinity)}, ${fmt(max ?? Infinity)}]${unit}`, numbers);
  }
}

function checkScalar(name: string, n: number, param: DescriptorParam | undefined): void {
  const min = param?.min;
  const max = param?.max;
  const below = min && typeof min.value === "number" && (min.inclusive ? n < min.value : n <= min.value);
  const above = max && typeof max.value === "number" && (max.inclusive ? n > max.value : n >= max.value);
  if (below || above) {
    throw new ParameterError(name, `a value in [${fmt(min?.value ?? -Infinity)}, ${fmt(max?.value ?? Infinity)}]${param?.unit ? ` ${param.unit}` : ""}`, n);
  }
}

function checkOption(name: string, value: string, param: DescriptorParam | undefined): void {
  const options = param?.options;
  if (!options || options.length === 0) return;
  if (options.some((o) => o.value === value) || options.some((o) => o.value.toLowerCase() === value.toLowerCase())) return;
  throw new ParameterError(name, `one of ${options.map((o) => JSON.stringify(o.value)).join(", ")}`, value);
}

/** The covering circle of the data, from the descriptor's CIRCLE (or POLYGON) bound, as DaCHS declares it. */
function footprint(descriptor: ServiceDescriptor): { ra: number; dec: number; r: number; text: string } | undefined {
  const circleMax = numbersOf(descriptor.param("CIRCLE")?.max?.value);
  if (circleMax?.length === 3) {
    const [ra, dec, r] = circleMax as [number, number, number];
    return { ra, dec, r, text: `circle ${circleMax.join(" ")}` };
  }
  const poly = numbersOf(descriptor.param("POLYGON")?.max?.value);
  if (poly && poly.length >= 6 && poly.length % 2 === 0) {
    const c = boundingCircle(poly);
    return { ...c, text: `polygon ${poly.join(" ")}` };
  }
  return undefined;
}

function numbersOf(value: number | string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const ns = String(value).trim().split(/\s+/).map(Number);
  return ns.every((n) => Number.isFinite(n)) ? ns : undefined;
}

function checkFootprint(name: string, shape: DALIValue, param: DescriptorParam | undefined, descriptor: ServiceDescriptor): string {
  const text = shape.encode(name);
  void param;
  const area = footprint(descriptor);
  if (!area) return text;
  const asked = shape.xtype === "circle" ? { ra: shape.numbers[0] as number, dec: shape.numbers[1] as number, r: shape.numbers[2] as number } : boundingCircle(shape.numbers);
  if (separation(asked.ra, asked.dec, area.ra, area.dec) > asked.r + area.r) {
    throw new ParameterError(name, `a region overlapping the data's footprint (the ${area.text}, degrees)`, text);
  }
  return text;
}

/** A circle around a polygon's vertices: centred on their mean direction, reaching the farthest one. */
function boundingCircle(flat: readonly number[]): { ra: number; dec: number; r: number } {
  let x = 0;
  let y = 0;
  let z = 0;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const [a, d] = [rad(flat[i] as number), rad(flat[i + 1] as number)];
    x += Math.cos(d) * Math.cos(a);
    y += Math.cos(d) * Math.sin(a);
    z += Math.sin(d);
  }
  const ra = (deg(Math.atan2(y, x)) + 360) % 360;
  const dec = deg(Math.atan2(z, Math.hypot(x, y)));
  let r = 0;
  for (let i = 0; i + 1 < flat.length; i += 2) r = Math.max(r, separation(ra, dec, flat[i] as number, flat[i + 1] as number));
  return { ra, dec, r };
}

const rad = (d: number): number => (d * Math.PI) / 180;
const deg = (r: number): number => (r * 180) / Math.PI;

/** Angular distance in degrees (haversine). */
function separation(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const s = Math.sin(rad(dec2 - dec1) / 2) ** 2 + Math.cos(rad(dec1)) * Math.cos(rad(dec2)) * Math.sin(rad(ra2 - ra1) / 2) ** 2;
  return deg(2 * Math.asin(Math.min(1, Math.sqrt(s))));
}

/**
 * SAMP's wire types and the typed shapes built on them (SAMP 1.3 §3.3).
 *
 * On the wire SAMP has only strings, lists and maps. Numbers and booleans are
 * strings (`"3"`, `"41.27"`, `"0"`/`"1"`): {@link SampInput} accepts them and
 * {@link toSampValue} writes them that way, so callers may pass `ra: 10.68`.
 */

/** A SAMP value as it travels: a string, a list or a map. */
export type SampValue = string | SampList | SampMap;
/** A SAMP list (XML-RPC `<array>`). */
export type SampList = readonly SampValue[];
/** A SAMP map (XML-RPC `<struct>`). */
export interface SampMap {
  readonly [key: string]: SampValue;
}

/** What a caller may pass where a SAMP value is sent: numbers and booleans become SAMP strings, `undefined` map entries are left out. */
export type SampInput = string | number | boolean | bigint | readonly SampInput[] | { readonly [key: string]: SampInput | undefined };

/** A SAMP message: an MType, its parameters, and any other keys (hubs add some, e.g. astropy's `host`/`user`). */
export interface SampMessage {
  readonly "samp.mtype": string;
  readonly "samp.params": SampMap;
  readonly [key: string]: SampValue;
}

/** The three response statuses. */
export type SampStatus = "samp.ok" | "samp.warning" | "samp.error";

/** The `samp.error` map of a response. */
export interface SampErrInfo {
  readonly "samp.errortxt": string;
  readonly "samp.usertxt"?: string;
  readonly "samp.debugtxt"?: string;
  readonly "samp.code"?: string;
  readonly [key: string]: SampValue;
}

/** A response to a call (SAMP 1.3 §3.9). */
export interface SampResponse {
  readonly "samp.status": SampStatus | (string & {});
  readonly "samp.result"?: SampMap;
  readonly "samp.error"?: SampErrInfo;
  readonly [key: string]: SampValue;
}

/** Client metadata (SAMP 1.3 §3.5): the standard keys, typed; any others allowed. */
export interface SampMetadata {
  readonly "samp.name"?: string;
  readonly "samp.description.text"?: string;
  readonly "samp.description.html"?: string;
  readonly "samp.icon.url"?: string;
  readonly "samp.documentation.url"?: string;
  readonly [key: string]: SampValue;
}

/** Subscriptions: MType or pattern (`table.*`, `*`) to an annotation map. */
export interface SampSubscriptions {
  readonly [mtypeOrPattern: string]: SampMap;
}

/** What `register` answers. */
export interface SampRegInfo {
  /** The hub's own client id. */
  readonly hubId: string;
  /** This client's public id. */
  readonly selfId: string;
}

/** The parameters of the MTypes that the course uses, typed (all values are SAMP strings on the wire). */
export interface KnownMTypes {
  "samp.app.ping": Record<string, never>;
  "table.load.votable": { url: string; "table-id"?: string; name?: string };
  "table.load.fits": { url: string; "table-id"?: string; name?: string };
  "table.highlight.row": { "table-id": string; url: string; row: string };
  "table.select.rowList": { "table-id": string; url: string; "row-list": readonly string[] };
  "image.load.fits": { url: string; "image-id"?: string; name?: string };
  "spectrum.load.ssa-generic": { url: string; meta?: SampMap; "spectrum-id"?: string; name?: string };
  "coord.pointAt.sky": { ra: string; dec: string };
  "samp.hub.event.register": { id: string };
  "samp.hub.event.unregister": { id: string };
  "samp.hub.event.metadata": { id: string; metadata: SampMap };
  "samp.hub.event.subscriptions": { id: string; subscriptions: SampMap };
  "samp.hub.event.shutdown": Record<string, never>;
  "samp.hub.disconnect": { reason?: string };
}

/** The parameters of an MType: typed for {@link KnownMTypes}, a plain map otherwise. */
export type ParamsOf<M extends string> = M extends keyof KnownMTypes ? KnownMTypes[M] & SampMap : SampMap;

/**
 * Converts a caller's value to a SAMP value: numbers to their shortest decimal
 * string, booleans to `"1"`/`"0"`, `undefined` map entries dropped.
 * @throws {TypeError} for a non-finite number, `null` or any other type.
 */
export function toSampValue(value: SampInput): SampValue {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`SAMP has no encoding for the number ${value}`);
      return String(value);
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "1" : "0";
    case "object": {
      if (value === null) throw new TypeError("SAMP has no null value");
      if (Array.isArray(value)) return (value as readonly SampInput[]).map(toSampValue);
      const out: { [key: string]: SampValue } = {};
      for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toSampValue(v);
      return out;
    }
    default:
      throw new TypeError(`SAMP has no encoding for a ${typeof value}`);
  }
}

/** A SAMP map from a caller's object (see {@link toSampValue}). */
export function toSampMap(value: { readonly [key: string]: SampInput | undefined }): SampMap {
  return toSampValue(value) as SampMap;
}

/** True when `value` is a SAMP map (not a string, not a list). */
export function isSampMap(value: SampValue | undefined): value is SampMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A SAMP integer string (`"42"`) as a number; `undefined` when absent or not an integer. */
export function sampInt(value: SampValue | undefined): number | undefined {
  return typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : undefined;
}

/** A SAMP float string as a number; `undefined` when absent or not a number. */
export function sampFloat(value: SampValue | undefined): number | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** A SAMP boolean string: `"0"` is false, any other integer true (SAMP 1.3 §3.3); `undefined` when absent. */
export function sampBool(value: SampValue | undefined): boolean | undefined {
  const n = sampInt(value);
  return n === undefined ? undefined : n !== 0;
}

/** An MType pattern matches an MType: exact, `prefix.*` or `*` (SAMP 1.3 §3.4). */
export function mtypeMatches(pattern: string, mtype: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(".*")) return mtype.startsWith(pattern.slice(0, -1));
  return pattern === mtype;
}

/** `samp.status` of a successful response (pyVO's `SAMP_STATUS_OK`). */
export const SAMP_STATUS_OK = "samp.ok";
/** `samp.status` of a response that carries a result and a warning (pyVO's `SAMP_STATUS_WARNING`). */
export const SAMP_STATUS_WARNING = "samp.warning";
/** `samp.status` of a failed response (pyVO's `SAMP_STATUS_ERROR`). */
export const SAMP_STATUS_ERROR = "samp.error";

/** A `samp.ok` response with this result. */
export function okResponse(result: SampMap = {}): SampResponse {
  return { "samp.status": "samp.ok", "samp.result": result };
}

/**
 * A `samp.warning` response: the call was done, with a problem worth telling (SAMP 1.3 §3.9); carries both
 * the result and the error text.
 */
export function warningResponse(result: SampMap, errortxt: string): SampResponse {
  return { "samp.status": SAMP_STATUS_WARNING, "samp.result": result, "samp.error": { "samp.errortxt": errortxt } };
}

/** A `samp.error` response with this error text (and optional extra `samp.error` keys). */
export function errorResponse(errortxt: string, extra: { readonly [key: string]: string | undefined } = {}): SampResponse {
  const err: { [key: string]: string } = { "samp.errortxt": errortxt };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) err[k] = v;
  return { "samp.status": "samp.error", "samp.error": err as SampErrInfo };
}

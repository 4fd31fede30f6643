/**
 * Discovery of the input parameters a DAL service declares about itself:
 * `INPUT:xxx` PARAMs of a `FORMAT=METADATA` answer (SIA 1.0 §6.1, SSA 1.1
 * §8.5, DaCHS also for SCS and for SIA2 with MAXREC=0), and the
 * `GROUP name="inputParams"` of a `RESOURCE type="meta"` service descriptor
 * (DataLink 1.1 §4; SIA 2.0, SODA).
 */
import type { Group, Option, Param, ResourceMeta, VOTableMeta } from "@vo/votable";

/**
 * How a parameter expresses an interval:
 * - `"range"`: SIA1/SSA/SLAP range-list syntax, `lo/hi` (either end may be empty), e.g. `1e-7/2e-7`;
 * - `"min-max-pair"`: two parameters `X_MIN` and `X_MAX`;
 * - `"dali"`: a DALI interval, `double[2]` with `xtype="interval"`, written `"lo hi"`.
 */
export type IntervalSyntax = "range" | "min-max-pair" | "dali";

/** A bound from the VALUES element, converted to a number for numeric parameters. */
export interface InputParamBound {
  /** The bound: a number for numeric parameters, else the text as declared. */
  value: number | string;
  /** Whether the bound itself is allowed (VALUES/MIN|MAX `inclusive`, default true). */
  inclusive: boolean;
}

/** One allowed value from VALUES/OPTION. */
export interface InputParamOption {
  /** The value to send. */
  value: string;
  /** Its human label (OPTION `name`), when given. */
  name?: string;
}

/** One input parameter a service declares. */
export interface InputParam {
  /** The name to send (`INPUT:` removed). */
  name: string;
  /** VOTable datatype (`char`, `double`, …). */
  datatype: string;
  /** VOTable arraysize (`"*"`, `"2"`, …); absent for scalars. */
  arraysize?: string;
  /** Unit of the value (VOUnit). */
  unit?: string;
  /** UCD of the value. */
  ucd?: string;
  /** Utype of the value (e.g. `ssa:Char.SpatialAxis.Coverage.Location.Value`). */
  utype?: string;
  /** DALI xtype (`interval`, `circle`, `polygon`, `mjd`, …). */
  xtype?: string;
  /** The PARAM's DESCRIPTION, trimmed. */
  description?: string;
  /** The PARAM's `value` attribute when not empty: the service's default (or an example, for DaCHS). */
  defaultValue?: string;
  /** Allowed values (VALUES/OPTION, flattened). */
  options?: InputParamOption[];
  /** Lower bound (VALUES/MIN). */
  min?: InputParamBound;
  /** Upper bound (VALUES/MAX). */
  max?: InputParamBound;
  /** Set when the parameter takes an interval, and how. */
  interval?: IntervalSyntax;
  /** For `"min-max-pair"`: the common base name and the two parameter names. */
  pair?: { base: string; min: string; max: string };
  /** Where the declaration came from. */
  source: "input-param" | "service-descriptor";
}

/** Options of {@link describeInputParams}. */
export interface DescribeInputParamsOptions {
  /**
   * Which service descriptor to read when the document has several `type="meta"`
   * resources: matched against the RESOURCE's ID, name or utype, or its
   * `standardID`/`accessURL` PARAM. Default: the first one with `inputParams`.
   */
  descriptor?: string;
  /**
   * Treat every numeric scalar `INPUT:` parameter as taking SIA1/SSA range-list
   * syntax (`lo/hi`). SSA and SLAP services use it for their numeric
   * parameters. Default `false`: only the standard range parameters
   * (BAND, TIME, WAVELENGTH, REDSHIFT, …) are marked `"range"`.
   */
  rangeSyntax?: boolean;
}

/** Standard SIA1/SSA/SLAP parameters that take `lo/hi` range lists. */
const RANGE_PARAMS = new Set([
  "BAND", "TIME", "WAVELENGTH", "REDSHIFT", "SNR", "VARAMPL", "SPECRP", "SPATRES", "TIMERES", "MTIME",
  "INITIAL_LEVEL_ENERGY", "FINAL_LEVEL_ENERGY", "TEMPERATURE",
]);

const NUMERIC = new Set(["short", "int", "long", "unsignedByte", "float", "double"]);

/** Whether a VOTable datatype is a real or integer number. */
export function isNumericDatatype(datatype: string): boolean {
  return NUMERIC.has(datatype);
}

/**
 * The input parameters a service declares in its metadata document (a parsed
 * VOTable, or its `meta`): the `INPUT:` PARAMs anywhere in it, else the
 * `inputParams` GROUP of a service descriptor. Order is document order; a name
 * declared twice keeps its first declaration.
 *
 * @example
 * const params = describeInputParams(parseResult.meta);
 * params.find((p) => p.name === "FORMAT")?.options // [{ value: "image/fits" }, …]
 */
export function describeInputParams(
  doc: VOTableMeta | { readonly meta: VOTableMeta },
  options: DescribeInputParamsOptions = {},
): InputParam[] {
  const meta: VOTableMeta = "meta" in doc ? doc.meta : doc;
  const allParams = collectParams(meta);
  const out: InputParam[] = [];
  const seen = new Set<string>();
  const add = (p: InputParam): void => {
    const key = p.name.toUpperCase();
    if (seen.has(key)) return;
    seen.add(key);
    out.push(p);
  };

  for (const p of allParams) {
    if (/^INPUT:/i.test(p.name)) add(toInputParam(p, p.name.slice(6), "input-param", options));
  }
  if (out.length === 0) {
    const descriptor = findDescriptor(meta, options.descriptor);
    if (descriptor) {
      const byId = new Map(allParams.filter((p) => p.ID !== undefined).map((p) => [p.ID as string, p]));
      for (const group of descriptor.groups.filter((g) => g.name === "inputParams")) {
        for (const p of groupParams(group, byId)) add(toInputParam(p, p.name, "service-descriptor", options));
      }
    }
  }
  markPairs(out);
  return out;
}

function groupParams(group: Group, byId: Map<string, Param>): Param[] {
  const refs = group.paramRefs.map((r) => byId.get(r.ref)).filter((p): p is Param => p !== undefined);
  return [...group.params, ...refs, ...group.groups.flatMap((g) => groupParams(g, byId))];
}

function collectParams(meta: VOTableMeta): Param[] {
  const out: Param[] = [...meta.params, ...meta.groups.flatMap(groupParamsOnly)];
  const walk = (r: ResourceMeta): void => {
    out.push(...r.params, ...r.groups.flatMap(groupParamsOnly));
    for (const t of r.tables) out.push(...t.params, ...t.groups.flatMap(groupParamsOnly));
    r.resources.forEach(walk);
  };
  meta.resources.forEach(walk);
  return out;
}

function groupParamsOnly(g: Group): Param[] {
  return [...g.params, ...g.groups.flatMap(groupParamsOnly)];
}

function allResources(meta: VOTableMeta): ResourceMeta[] {
  const out: ResourceMeta[] = [];
  const walk = (r: ResourceMeta): void => {
    out.push(r);
    r.resources.forEach(walk);
  };
  meta.resources.forEach(walk);
  return out;
}

function findDescriptor(meta: VOTableMeta, wanted: string | undefined): ResourceMeta | undefined {
  const candidates = allResources(meta).filter((r) => r.type === "meta" && r.groups.some((g) => g.name === "inputParams"));
  if (wanted === undefined) return candidates[0];
  return candidates.find(
    (r) =>
      r.ID === wanted ||
      r.name === wanted ||
      r.utype === wanted ||
      r.params.some((p) => (p.name === "standardID" || p.name === "accessURL") && p.value === wanted),
  );
}

function toInputParam(p: Param, name: string, source: InputParam["source"], options: DescribeInputParamsOptions): InputParam {
  const numeric = isNumericDatatype(p.datatype);
  const out: InputParam = { name, datatype: p.datatype, source };
  if (p.arraysize !== undefined) out.arraysize = p.arraysize;
  if (p.unit !== undefined) out.unit = p.unit;
  if (p.ucd !== undefined) out.ucd = p.ucd;
  if (p.utype !== undefined) out.utype = p.utype;
  if (p.xtype !== undefined) out.xtype = p.xtype;
  if (p.description !== undefined && p.description.trim() !== "") out.description = p.description.trim();
  if (p.value !== undefined && p.value !== "") out.defaultValue = p.value;
  const opts = flattenOptions(p.values?.options ?? []);
  if (opts.length > 0) out.options = opts;
  const bound = (b: { value: string; inclusive: boolean } | undefined): InputParamBound | undefined => {
    if (!b) return undefined;
    const n = Number(b.value);
    return { value: numeric && b.value.trim() !== "" && !Number.isNaN(n) ? n : b.value, inclusive: b.inclusive };
  };
  const min = bound(p.values?.min);
  const max = bound(p.values?.max);
  if (min) out.min = min;
  if (max) out.max = max;
  const upper = name.toUpperCase();
  if (p.xtype?.toLowerCase() === "interval" || (numeric && p.arraysize === "2" && p.xtype === undefined && source === "service-descriptor")) {
    out.interval = "dali";
  } else if (source === "input-param" && (RANGE_PARAMS.has(upper) || (options.rangeSyntax === true && numeric && isScalar(p.arraysize)))) {
    out.interval = "range";
  }
  return out;
}

function isScalar(arraysize: string | undefined): boolean {
  return arraysize === undefined || arraysize === "1";
}

function flattenOptions(options: readonly Option[]): InputParamOption[] {
  const out: InputParamOption[] = [];
  for (const o of options) {
    out.push(o.name !== undefined && o.name !== "" ? { value: o.value, name: o.name } : { value: o.value });
    if (o.options) out.push(...flattenOptions(o.options));
  }
  return out;
}

/** Marks each `X_MIN`/`X_MAX` pair (case-insensitive) as `"min-max-pair"`; `XMIN`-style names are not guessed. */
function markPairs(params: InputParam[]): void {
  const byUpper = new Map(params.map((p) => [p.name.toUpperCase(), p]));
  for (const p of params) {
    const m = /^(.+)_MIN$/i.exec(p.name);
    if (!m || p.interval !== undefined) continue;
    const base = m[1] as string;
    const partner = byUpper.get(`${base.toUpperCase()}_MAX`);
    if (!partner || partner.interval !== undefined) continue;
    const pair = { base, min: p.name, max: partner.name };
    p.interval = "min-max-pair";
    p.pair = pair;
    partner.interval = "min-max-pair";
    partner.pair = pair;
  }
}

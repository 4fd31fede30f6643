/**
 * Declared input parameters → JSON Schema, and validation of a caller's
 * parameters against it (with ajv) before any request is sent.
 */
import { Ajv } from "ajv";
import type { ValidateFunction } from "ajv";
import { ParameterError, VOError } from "@vo/votable";
import { DALIValue } from "../dal/params.js";
import type { DALParams } from "../dal/params.js";
import { isNumericDatatype } from "./input-params.js";
import type { InputParam, IntervalSyntax } from "./input-params.js";

/** A JSON Schema (draft-07) object, as plain data. */
export interface JsonSchema {
  readonly [keyword: string]: unknown;
}

/**
 * The JSON Schema of a service's parameters: an object whose properties are
 * the declared parameter names. Each property describes ONE value (a DAL
 * parameter may repeat; {@link validateParams} checks every repetition).
 * Interval parameters take a `[lo, hi]` pair (`null` for an open end).
 * Annotations `x-vo-datatype`, `x-vo-interval`, `x-vo-unit`, `x-vo-ucd`
 * carry the VOTable metadata. Undeclared parameters are allowed.
 *
 * @example toJsonSchema(describeInputParams(doc)).properties.FORMAT // { enum: ["image/fits", …], … }
 */
export function toJsonSchema(params: readonly InputParam[]): JsonSchema {
  const properties: { [name: string]: JsonSchema } = {};
  for (const p of params) properties[p.name] = paramSchema(p);
  return { $schema: "http://json-schema.org/draft-07/schema#", type: "object", properties, additionalProperties: true };
}

function paramSchema(p: InputParam): JsonSchema {
  const numeric = isNumericDatatype(p.datatype);
  const integer = numeric && !["float", "double"].includes(p.datatype);
  const scalar: { [k: string]: unknown } = {};
  if (p.options && p.options.length > 0) {
    // Services repeat options (DaCHS lists aliases); JSON Schema wants unique enum items.
    scalar.enum = [...new Set(p.options.map((o) => (numeric && o.value.trim() !== "" && !Number.isNaN(Number(o.value)) ? Number(o.value) : o.value)))];
  } else if (p.datatype === "boolean") {
    scalar.type = "boolean";
  } else if (numeric) {
    scalar.type = integer ? "integer" : "number";
    addBounds(scalar, p);
  } else {
    scalar.type = "string";
  }
  let schema: { [k: string]: unknown };
  if ((p.interval === "dali" || p.interval === "range") && numeric) {
    const end: { [k: string]: unknown } = { type: [integer ? "integer" : "number", "null"] };
    addBounds(end, p);
    schema = { type: "array", items: end, minItems: 2, maxItems: 2 };
  } else if (numeric && p.arraysize !== undefined && p.arraysize !== "1" && !p.options) {
    const item: { [k: string]: unknown } = { type: integer ? "integer" : "number" };
    addBounds(item, p);
    schema = { type: "array", items: item };
    const fixed = /^(\d+)$/.exec(p.arraysize);
    if (fixed) Object.assign(schema, { minItems: Number(fixed[1]), maxItems: Number(fixed[1]) });
  } else {
    schema = scalar;
  }
  schema.title = p.name;
  if (p.description !== undefined) schema.description = p.description;
  if (p.defaultValue !== undefined) schema.default = p.defaultValue;
  schema["x-vo-datatype"] = p.datatype;
  if (p.arraysize !== undefined) schema["x-vo-arraysize"] = p.arraysize;
  if (p.interval !== undefined) schema["x-vo-interval"] = p.interval;
  if (p.unit !== undefined) schema["x-vo-unit"] = p.unit;
  if (p.ucd !== undefined) schema["x-vo-ucd"] = p.ucd;
  if (p.xtype !== undefined) schema["x-vo-xtype"] = p.xtype;
  return schema;
}

function addBounds(target: { [k: string]: unknown }, p: InputParam): void {
  if (p.min && typeof p.min.value === "number") target[p.min.inclusive ? "minimum" : "exclusiveMinimum"] = p.min.value;
  if (p.max && typeof p.max.value === "number") target[p.max.inclusive ? "maximum" : "exclusiveMaximum"] = p.max.value;
}

let ajvInstance: Ajv | undefined;
const compiled = new WeakMap<object, (value: unknown) => boolean>();

/**
 * A checker for one property schema. The schemas {@link toJsonSchema} makes use a handful of keywords, which are
 * checked by {@link checkSubset} without generating code, so validation works under a Content-Security-Policy
 * that forbids `unsafe-eval`. Any other schema goes to ajv, which compiles; where the page forbids that, the
 * failure is a `VOError` saying so.
 */
function validator(schema: JsonSchema): (value: unknown) => boolean {
  let fn = compiled.get(schema);
  if (!fn) {
    if (inSubset(schema)) {
      fn = (value) => checkSubset(schema, value);
    } else {
      // strict: false lets the x-vo-* annotations through; no coercion: values are normalised below.
      try {
        ajvInstance ??= new Ajv({ strict: false, allErrors: false, logger: false });
        const check: ValidateFunction = ajvInstance.compile(schema);
        fn = (value) => check(value);
      } catch (err) {
        if (err instanceof EvalError || (err instanceof Error && /unsafe-eval|Content Security Policy/i.test(err.message))) {
          throw new VOError(
            "cannot validate parameters against this JSON Schema: ajv compiles schemas to code, which this page's " +
              "Content-Security-Policy forbids (no 'unsafe-eval'); schemas made by toJsonSchema need no compilation",
            { cause: err },
          );
        }
        throw err;
      }
    }
    compiled.set(schema, fn);
  }
  return fn;
}

/** Keywords {@link checkSubset} understands; annotations (`title`, `x-vo-*`, …) are ignored. */
const SUBSET = new Set(["type", "enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "items", "minItems", "maxItems"]);
const ANNOTATIONS = new Set(["$schema", "title", "description", "default", "examples", "$comment"]);

function inSubset(schema: JsonSchema): boolean {
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key) || key.startsWith("x-")) continue;
    if (!SUBSET.has(key)) return false;
    if (key === "items" && (typeof value !== "object" || value === null || Array.isArray(value) || !inSubset(value as JsonSchema))) return false;
    if ((key === "minimum" || key === "maximum" || key === "exclusiveMinimum" || key === "exclusiveMaximum" || key === "minItems" || key === "maxItems") && typeof value !== "number") return false;
    if (key === "enum" && !Array.isArray(value)) return false;
    if (key === "type" && typeof value !== "string" && !(Array.isArray(value) && value.every((t) => typeof t === "string"))) return false;
  }
  return true;
}

/** JSON Schema (draft-07) semantics of the {@link SUBSET} keywords, without code generation. */
function checkSubset(schema: JsonSchema, value: unknown): boolean {
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => hasType(value, t))) return false;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => deepEqual(option, value))) return false;
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && !(value >= schema.minimum)) return false;
    if (typeof schema.maximum === "number" && !(value <= schema.maximum)) return false;
    if (typeof schema.exclusiveMinimum === "number" && !(value > schema.exclusiveMinimum)) return false;
    if (typeof schema.exclusiveMaximum === "number" && !(value < schema.exclusiveMaximum)) return false;
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) return false;
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) return false;
    const items = schema.items as JsonSchema | undefined;
    if (items !== undefined && !value.every((v) => checkSubset(items, v))) return false;
  }
  return true;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    default:
      return false;
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  return false;
}

/**
 * Checks a caller's parameters against a schema made by {@link toJsonSchema}
 * (or the declared parameters themselves), before any request. Keys match
 * declared names case-insensitively (DALI 1.1 §3.1); undeclared keys are not
 * checked. Every repetition of a multi-valued parameter is checked. Numeric
 * strings count as numbers; intervals may be given as `interval(lo, hi)`,
 * `[lo, hi]`, `"lo hi"` (DALI) or `"lo/hi"` (range syntax).
 *
 * @throws {ParameterError} naming the first bad parameter, what it expected (allowed values, bounds, type) and what came.
 */
export function validateParams(params: DALParams | { readonly [name: string]: unknown }, schema: JsonSchema | readonly InputParam[]): void {
  const root: JsonSchema = Array.isArray(schema) ? toJsonSchema(schema as readonly InputParam[]) : (schema as JsonSchema);
  const properties = (root.properties ?? {}) as { [name: string]: JsonSchema };
  const byUpper = new Map(Object.keys(properties).map((k) => [k.toUpperCase(), k]));
  for (const [key, raw] of Object.entries(params)) {
    if (raw === undefined || raw === null) continue;
    const name = byUpper.get(key.toUpperCase());
    if (name === undefined) continue;
    const prop = properties[name] as JsonSchema;
    const check = validator(prop);
    for (const element of elements(raw, prop)) {
      const value = normalise(element, prop);
      if (!check(value)) throw new ParameterError(name, expectedText(prop), element);
    }
  }
}

/**
 * Splits a parameter value into its repetitions; a `[lo, hi]` pair of an interval parameter is one value.
 * A range-syntax string is a range list (SSA 1.1 §8.7.2, SIA 1.0 §4.1): `"lo/hi,lo2/hi2"` is
 * several values, and a `;qualifier` suffix (`BAND=5e-7/6e-7;source`) is not part of the value.
 */
function elements(raw: unknown, prop: JsonSchema): unknown[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (Array.isArray(raw) && prop.type === "array" && raw.every((v) => typeof v === "number" || v === null)) return [raw];
  if (prop["x-vo-interval"] !== "range" || prop.type !== "array") return list;
  return list.flatMap((v) => (typeof v === "string" ? v.replace(/;.*$/s, "").split(",") : [v]));
}

const OPEN = new Set(["", "-inf", "+inf", "inf", "-infinity", "+infinity", "infinity", "nan"]);

function toNumberOrNull(text: string): number | null | string {
  const t = text.trim();
  if (OPEN.has(t.toLowerCase())) return null;
  const n = Number(t);
  return Number.isNaN(n) ? text : n;
}

/** Brings one value to the JSON shape the schema describes: numbers for numeric strings, `[lo, hi]` for intervals. */
function normalise(value: unknown, prop: JsonSchema): unknown {
  const interval = prop["x-vo-interval"] as IntervalSyntax | undefined;
  const numericType = typeof prop.type === "string" && (prop.type === "number" || prop.type === "integer");
  const numericEnum = Array.isArray(prop.enum) && prop.enum.some((v) => typeof v === "number");
  if (value instanceof DALIValue) {
    const ns = value.numbers.map((n) => (Number.isFinite(n) ? n : null));
    return prop.type === "array" ? ns : value.toString();
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (typeof value === "bigint") return Number(value);
  if (prop.type === "array") {
    if (Array.isArray(value)) return value.map((v) => (typeof v === "number" && !Number.isFinite(v) ? null : v));
    if (typeof value === "string") {
      if (interval === "range" && value.includes("/")) return value.split("/").map(toNumberOrNull);
      const parts = value.trim().split(/\s+/).map(toNumberOrNull);
      if (interval === "range" && parts.length === 1) return [parts[0], parts[0]];
      return parts;
    }
    if (typeof value === "number" && interval === "range") return [value, value];
    return value;
  }
  if ((numericType || numericEnum) && typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  if (prop.type === "boolean" && typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  if (prop.type === "string" && (typeof value === "number" || typeof value === "boolean")) return String(value);
  return value;
}

/** A human description of what a property accepts, for ParameterError. */
function expectedText(prop: JsonSchema): string {
  const unit = prop["x-vo-unit"] ? ` ${String(prop["x-vo-unit"])}` : "";
  if (Array.isArray(prop.enum)) return `one of ${prop.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  const bounds = (s: JsonSchema): string => {
    const parts: string[] = [];
    if (s.minimum !== undefined) parts.push(`≥ ${String(s.minimum)}`);
    if (s.exclusiveMinimum !== undefined) parts.push(`> ${String(s.exclusiveMinimum)}`);
    if (s.maximum !== undefined) parts.push(`≤ ${String(s.maximum)}`);
    if (s.exclusiveMaximum !== undefined) parts.push(`< ${String(s.exclusiveMaximum)}`);
    return parts.length ? ` ${parts.join(" and ")}${unit}` : unit ? ` in${unit}` : "";
  };
  const interval = prop["x-vo-interval"];
  if (prop.type === "array") {
    const items = (prop.items ?? {}) as JsonSchema;
    if (interval === "range") return `a range "lo/hi" of numbers${bounds(items)}`;
    if (interval === "dali") return `an interval "lo hi" (or interval(lo, hi)) of numbers${bounds(items)}`;
    const count = prop.minItems !== undefined && prop.minItems === prop.maxItems ? `${String(prop.minItems)} ` : "";
    return `an array of ${count}numbers${bounds(items)}`;
  }
  if (prop.type === "integer") return `an integer${bounds(prop)}`;
  if (prop.type === "number") return `a number${bounds(prop)}`;
  if (prop.type === "boolean") return "a boolean";
  return "a string";
}

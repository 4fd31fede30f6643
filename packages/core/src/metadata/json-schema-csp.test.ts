/**
 * Validation without code generation: the schemas toJsonSchema makes are checked by an interpreter that agrees
 * with ajv, so `validate: true` works under a Content-Security-Policy without 'unsafe-eval'; other schemas need
 * ajv and fail as a VOError saying why when the page forbids compiling.
 */
import { Ajv } from "ajv";
import { afterEach, describe, expect, it } from "vitest";
import { ParameterError, VOError } from "@vo/votable";
import type { InputParam } from "./input-params.js";
import { toJsonSchema, validateParams } from "./json-schema.js";

const PARAMS = [
  { name: "FORMAT", datatype: "char", options: [{ value: "image/fits" }, { value: "text/html" }] },
  { name: "N", datatype: "int", min: { value: 1, inclusive: true }, max: { value: 10, inclusive: false } },
  { name: "X", datatype: "double", min: { value: -1.5, inclusive: false } },
  { name: "B", datatype: "boolean" },
  { name: "BAND", datatype: "double", interval: "dali", min: { value: 0, inclusive: true } },
  { name: "VEC", datatype: "int", arraysize: "3" },
  { name: "LEVEL", datatype: "int", options: [{ value: "1" }, { value: "2" }] },
  { name: "S", datatype: "char" },
] as unknown as InputParam[];

const VALUES: unknown[] = [
  "image/fits", "text/plain", 0, 1, 9, 10, 9.5, -1.5, -1.4, 1e300, true, "true", null, [1, 2], [1, 2, 3], [1.5, 2, 3],
  [null, 5], [5, null], [-1, 2], [1, 2, 3, 4], [], "x", 2, "2", { a: 1 },
];

describe("the non-compiling validator agrees with ajv on toJsonSchema's schemas", () => {
  const schema = toJsonSchema(PARAMS);
  const ajv = new Ajv({ strict: false });
  for (const [name, prop] of Object.entries(schema.properties as Record<string, object>)) {
    it(name, () => {
      const check = ajv.compile(prop);
      for (const value of VALUES) {
        let ours = true;
        try {
          validateParams({ [name]: value as never }, { type: "object", properties: { [name]: prop } });
        } catch (err) {
          if (!(err instanceof ParameterError)) throw err;
          ours = false;
        }
        // validateParams normalises numeric strings first; compare on the normalised value.
        const normalised = typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)) && (prop as { type?: string }).type !== "string" && !(prop as { enum?: unknown[] }).enum?.some((v) => typeof v === "string") ? Number(value) : value;
        const theirs = Array.isArray(value) && (prop as { type?: string }).type !== "array" ? value.every((v) => check(v)) : check(normalised);
        if (value === null) continue; // null means "not given" to validateParams
        if (typeof value === "string" && (prop as { type?: string }).type === "boolean") continue; // "true" is normalised
        if (typeof value !== "string" && (prop as { type?: string }).type === "string") continue; // 0 → "0", [1, 2] → "1", "2"
        expect({ value, ours }).toEqual({ value, ours: theirs });
      }
    });
  }
});

describe("under a CSP without 'unsafe-eval' (Function refuses strings)", () => {
  const original = globalThis.Function;
  afterEach(() => {
    globalThis.Function = original;
  });
  function forbidEval(): void {
    globalThis.Function = function () {
      throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not an allowed source of script");
    } as unknown as FunctionConstructor;
  }

  it("validates toJsonSchema's schemas", () => {
    forbidEval();
    const schema = toJsonSchema(PARAMS);
    expect(() => validateParams({ n: 5, format: "image/fits", band: [1, 2] }, schema)).not.toThrow();
    expect(() => validateParams({ N: 11 }, schema)).toThrow(ParameterError);
    expect(() => validateParams({ FORMAT: "text/plain" }, PARAMS)).toThrow(/one of "image\/fits", "text\/html"/);
  });

  it("fails as a VOError naming the CSP for a schema that needs compiling", () => {
    forbidEval();
    const schema = { type: "object", properties: { P: { type: "string", pattern: "^a+$", minLength: 2 } } };
    let caught: unknown;
    try {
      validateParams({ P: "aaa" }, schema);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(VOError);
    expect((caught as Error).message).toMatch(/Content-Security-Policy forbids \(no 'unsafe-eval'\)/);
    expect((caught as Error).cause).toBeInstanceOf(EvalError);
  });
});

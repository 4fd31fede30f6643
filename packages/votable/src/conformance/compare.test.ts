import { describe, expect, it } from "vitest";
import type { Field } from "../model.js";
import { checkEntry, checkValues, flatten, sameValue } from "./compare.js";

const f = (name: string, datatype: Field["datatype"]): Field => ({ name, datatype });

describe("sameValue", () => {
  it("matches long as decimal text, exactly beyond 2^53", () => {
    expect(sameValue(9007199254740993n, "9007199254740993", f("l", "long"))).toBe(true);
    expect(sameValue(9007199254740992n, "9007199254740993", f("l", "long"))).toBe(false);
  });
  it("spells non-finite numbers as strings and treats a float NaN as astropy's masked null", () => {
    expect(sameValue(NaN, "NaN", f("d", "double"))).toBe(true);
    expect(sameValue(-Infinity, "-Infinity", f("d", "double"))).toBe(true);
    expect(sameValue(NaN, null, f("f", "float"))).toBe(true);
    expect(sameValue(NaN, null, f("i", "int"))).toBe(false);
    expect(sameValue(0, null, f("i", "int"))).toBe(false);
    expect(sameValue(null, null, f("i", "int"))).toBe(true);
  });
  it("compares float fields at float32 precision", () => {
    expect(sameValue(Math.fround(0.1), 0.1, f("f", "float"))).toBe(true);
    expect(sameValue(Math.fround(0.1), 0.1, f("d", "double"))).toBe(false);
  });
  it("flattens typed arrays, complex pairs and 2-D arrays", () => {
    expect(flatten([[1, 2], [3, 4]])).toEqual([1, 2, 3, 4]);
    expect(sameValue(new Float32Array([1, 2.5]), [1, 2.5], f("fa", "float"))).toBe(true);
    expect(sameValue([[1, 2], [3, 4]], [1, 2, 3, 4], f("dc", "doubleComplex"))).toBe(true);
    expect(sameValue(new Int32Array([1, 2]), [1, 2, 3], f("ia", "int"))).toBe(false);
    expect(sameValue([true, null, false], [true, null, false], f("b", "boolean"))).toBe(true);
  });
  it("lets an empty TD (null) stand for astropy's empty string", () => {
    expect(sameValue(null, "", f("c", "char"))).toBe(true);
    expect(sameValue("", null, f("c", "char"))).toBe(true);
    expect(sameValue("x", "", f("c", "char"))).toBe(false);
  });
});

describe("checkEntry", () => {
  const table = { rows: 2, fields: [f("a", "int"), f("b", "char")] };
  it("checks table count, rows and field names in order", () => {
    const entry = { kind: "votable", valid: true, tables: [{ rows: 2, fields: ["a", "b"] }] };
    expect(checkEntry(entry, { ok: true, tables: [table] })).toEqual([]);
    expect(checkEntry({ ...entry, tables: [{ rows: 3, fields: ["b", "a"] }] }, { ok: true, tables: [table] })).toHaveLength(2);
    expect(checkEntry(entry, { ok: true, tables: [] })).toEqual(["0 tables, expected 1"]);
  });
  it("wants a DALFormatError with a line for invalid documents", () => {
    const entry = { kind: "votable", valid: false };
    expect(checkEntry(entry, { ok: false, error: { name: "DALFormatError", code: "VO_ERR_FORMAT", message: "bad", line: 3 } })).toEqual([]);
    expect(checkEntry(entry, { ok: false, error: { name: "DALFormatError", code: "VO_ERR_FORMAT", message: "bad" } })[0]).toMatch(/without a line/);
    expect(checkEntry(entry, { ok: false, error: { name: "TypeError", message: "x is undefined" } })[0]).toMatch(/TypeError/);
    expect(checkEntry(entry, { ok: true, tables: [table] })[0]).toMatch(/expected a DALFormatError/);
  });
  it("compares every cell with values.json", () => {
    const values = { fields: ["a", "b"], rows: [{ a: 1, b: "x" }, { a: null, b: "" }] };
    expect(checkValues({ ...table, cells: [[1, "x"], [null, null]] }, values)).toEqual([]);
    expect(checkValues({ ...table, cells: [[2, "x"], [null, null]] }, values)).toEqual(["row 0 a: got 2, expected 1"]);
    expect(checkValues({ ...table, cells: [[1, "x"]] }, values)[0]).toMatch(/1 rows/);
  });
});

import { describe, expect, it } from "vitest";
import { parseValue } from "./parse-value.js";
import { DALFormatError } from "./errors.js";
import type { Datatype, Field } from "./model.js";

const f = (datatype: Datatype, arraysize?: string, nul?: string): Field => ({
  name: "x",
  datatype,
  ...(arraysize !== undefined ? { arraysize } : {}),
  ...(nul !== undefined ? { values: { null: nul } } : {}),
});

describe("parseValue", () => {
  it("decodes booleans in every spelling", () => {
    for (const t of ["T", "t", "true", "TRUE", "1", " True "]) expect(parseValue(t, f("boolean"))).toBe(true);
    for (const t of ["F", "f", "false", "0", "False"]) expect(parseValue(t, f("boolean"))).toBe(false);
    for (const t of ["?", "", "  "]) expect(parseValue(t, f("boolean"))).toBeNull();
  });
  it("decodes integers, with VALUES null and empty text as null", () => {
    expect(parseValue("42", f("int"))).toBe(42);
    expect(parseValue("0x1F", f("short"))).toBe(31);
    expect(parseValue("255", f("unsignedByte", undefined, "255"))).toBeNull();
    expect(parseValue("", f("int"))).toBeNull();
  });
  it("decodes long as bigint beyond 2^53", () => {
    expect(parseValue("4295836484574859264", f("long"))).toBe(4295836484574859264n);
    expect(parseValue("-9223372036854775808", f("long"))).toBe(-9223372036854775808n);
    expect(parseValue("-9223372036854775808", f("long", undefined, "-9223372036854775808"))).toBeNull();
  });
  it("decodes floats with NaN and infinities; NaN is null", () => {
    expect(parseValue("1.5e3", f("double"))).toBe(1500);
    expect(parseValue("+Inf", f("double"))).toBe(Infinity);
    expect(parseValue("-Inf", f("float"))).toBe(-Infinity);
    expect(parseValue("NaN", f("float"))).toBeNull();
  });
  it("decodes complex numbers", () => {
    expect(parseValue("1.5 -2", f("doubleComplex"))).toEqual([1.5, -2]);
    expect(parseValue("1 2 3 4", f("floatComplex", "2"))).toEqual([[1, 2], [3, 4]]);
  });
  it("decodes fixed, variable and multi-dimensional arrays", () => {
    expect(parseValue("1 2 3", f("float", "3"))).toEqual(new Float32Array([1, 2, 3]));
    expect(parseValue("1 2 3 4 5 6", f("int", "3x2"))).toEqual(new Int32Array([1, 2, 3, 4, 5, 6]));
    expect(parseValue("1 2", f("long", "2x*"))).toEqual(new BigInt64Array([1n, 2n]));
    expect(parseValue("", f("double", "*"))).toEqual(new Float64Array(0));
    expect(parseValue("T F ?", f("boolean", "*"))).toEqual([true, false, null]);
    expect(parseValue("10110", f("bit", "5"))).toEqual([true, false, true, true, false]);
  });
  it("decodes strings: char with arraysize is a string, 2+ dims a string array", () => {
    expect(parseValue("hello", f("char", "*"))).toBe("hello");
    expect(parseValue("abcdef", f("char"))).toBe("abcdef");
    expect(parseValue("ab  cd  ", f("char", "4x2"))).toEqual(["ab", "cd"]);
    expect(parseValue("naïve", f("unicodeChar", "*"))).toBe("naïve");
    expect(parseValue("", f("char", "*"))).toBe("");
  });
  it("throws DALFormatError on undecodable text", () => {
    expect(() => parseValue("abc", f("int"))).toThrow(DALFormatError);
    expect(() => parseValue("maybe", f("boolean"))).toThrow(DALFormatError);
  });
});

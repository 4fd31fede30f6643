import { describe, expect, it } from "vitest";
import type { Field } from "@vo/core";
import { formatCell, formatTable, truncate } from "./text-table.js";

const fields: Field[] = [
  { name: "source_id", datatype: "long" },
  { name: "name", datatype: "char", arraysize: "*" },
  { name: "ra", datatype: "double", unit: "deg", ucd: "pos.eq.ra;meta.main" },
  { name: "vmag", datatype: "float", unit: "mag" },
];

describe("formatCell", () => {
  it("formats by type: nulls, integers, positions, magnitudes, bigints, booleans, arrays", () => {
    expect(formatCell(null, fields[3]!)).toBe("--");
    expect(formatCell(undefined, fields[3]!)).toBe("--");
    expect(formatCell(12, { name: "n", datatype: "int" })).toBe("12");
    expect(formatCell(10.68470123, fields[2]!)).toBe("10.68470");
    expect(formatCell(9.0012, fields[3]!)).toBe("9.001");
    expect(formatCell(4295806720000000001n, fields[0]!)).toBe("4295806720000000001");
    expect(formatCell(true, { name: "b", datatype: "boolean" })).toBe("true");
    expect(formatCell(new Float64Array([1, 2.5]), { name: "a", datatype: "double", arraysize: "2" })).toBe("[1.000 2.500]");
    expect(formatCell("a\nb", fields[1]!)).toBe("a b");
  });

  it("uses the field's precision, and exponents for very large or small numbers", () => {
    expect(formatCell(1.23456, { name: "x", datatype: "double", precision: "F2" })).toBe("1.23");
    expect(formatCell(5e-7, { name: "w", datatype: "double" })).toBe("5.000e-7");
    expect(formatCell(0, { name: "w", datatype: "double" })).toBe("0.000");
  });
});

describe("formatTable", () => {
  it("aligns columns under a name line and a unit line, numbers to the right", () => {
    const lines = formatTable(fields, [
      [1n, "VOS A", 10.6847, 9.5],
      [22n, "VOS LONGER", 83.8221, null],
    ]);
    expect(lines).toEqual([
      "source_id  name              ra   vmag",
      "                            deg    mag",
      "---------  ----------  --------  -----",
      "        1  VOS A       10.68470  9.500",
      "       22  VOS LONGER  83.82210     --",
    ]);
  });

  it("leaves out the unit line when no shown column has a unit, and names the columns that do not fit", () => {
    const lines = formatTable(fields, [[1n, "x", 1, 2]], { maxWidth: 20, indent: "  " });
    expect(lines[0]).toBe("  source_id  name");
    expect(lines[1]).toBe("  ---------  ----");
    expect(lines.at(-1)).toBe("  (2 more columns not shown: ra, vmag)");
  });

  it("cuts long cells", () => {
    expect(truncate("abcdef", 4)).toBe("abc…");
    const [, , row] = formatTable([fields[1]!], [["x".repeat(50)]], { maxCellWidth: 10 });
    expect(row).toBe("xxxxxxxxx…");
  });
});

import { describe, expect, it } from "vitest";
import { ParameterError } from "@vo/votable";
import { adql, adqlLiteral, escapeString, findColumnByUcd, ident, isAdqlFragment, joinAdql, needsQuoting, rawAdql, stringLiteral, tableName } from "./adql.js";

describe("identifiers", () => {
  it("quotes only when needed", () => {
    expect(ident("ra").text).toBe("ra");
    expect(ident("RAJ2000").text).toBe("RAJ2000");
    expect(ident("raMain").text).toBe('"raMain"');
    expect(ident("select").text).toBe('"select"');
    expect(ident("DEC").text).toBe('"DEC"');
    expect(ident("size").text).toBe('"size"');
    expect(ident("/x").text).toBe('"/x"');
    expect(ident("_x").text).toBe('"_x"');
    expect(ident("a b").text).toBe('"a b"');
    expect(ident('we"ird').text).toBe('"we""ird"');
    expect(ident('"Already"').text).toBe('"Already"');
    expect(ident("ra", { quote: "always" }).text).toBe('"ra"');
    expect(needsQuoting("top")).toBe(true);
    expect(needsQuoting("offset")).toBe(true);
    expect(needsQuoting("s_ra")).toBe(false);
    expect(() => ident("")).toThrow(ParameterError);
  });

  it("quotes each part of a table name only when needed", () => {
    expect(tableName("ivoa.obscore").text).toBe("ivoa.obscore");
    expect(tableName("ivoa.ObsCore").text).toBe('ivoa."ObsCore"');
    expect(tableName(["vizls", "J/A+A/1.2/t"]).text).toBe('vizls."J/A+A/1.2/t"');
    expect(tableName('gaia."My.Table"').text).toBe('gaia."My.Table"');
    expect(tableName("TAP_UPLOAD.t1").text).toBe("TAP_UPLOAD.t1");
    expect(() => tableName("a.b.c.d")).toThrow(ParameterError);
  });
});

describe("literals", () => {
  it("escapes strings", () => {
    expect(stringLiteral("O'Brien")).toBe("'O''Brien'");
    expect(escapeString("it's")).toBe("it''s");
  });

  it("writes every value kind", () => {
    expect(adqlLiteral(1.5)).toBe("1.5");
    expect(adqlLiteral(1e-7)).toBe("1e-7");
    expect(adqlLiteral(-3)).toBe("-3");
    expect(adqlLiteral(9007199254740993n)).toBe("9007199254740993");
    expect(adqlLiteral(true)).toBe("1");
    expect(adqlLiteral(null)).toBe("NULL");
    expect(adqlLiteral(new Date("2024-05-01T12:00:00Z"))).toBe("'2024-05-01T12:00:00'");
    expect(adqlLiteral(new Date("2024-05-01T12:00:00.25Z"))).toBe("'2024-05-01T12:00:00.250'");
    expect(adqlLiteral(["a", "b'c"])).toBe("('a', 'b''c')");
    expect(adqlLiteral(new Float64Array([1, 2]))).toBe("(1, 2)");
    expect(() => adqlLiteral(Number.NaN)).toThrow(ParameterError);
    expect(() => adqlLiteral(Infinity)).toThrow(/finite number/);
    expect(() => adqlLiteral([])).toThrow(/non-empty array/);
    expect(() => adqlLiteral({} as never)).toThrow(ParameterError);
  });
});

describe("adql template", () => {
  it("escapes interpolated values and keeps fragments", () => {
    const name = "M31'; DROP TABLE x; --";
    const q = adql`SELECT * FROM ${tableName("ivoa.obscore")} WHERE target_name = ${name} AND calib_level IN ${[2, 3]} AND ${ident("Type")} = ${1}`;
    expect(isAdqlFragment(q)).toBe(true);
    expect(q.text).toBe(
      `SELECT * FROM ivoa.obscore WHERE target_name = 'M31''; DROP TABLE x; --' AND calib_level IN (2, 3) AND "Type" = 1`,
    );
    expect(String(q)).toBe(q.text);
    const where = joinAdql([adql`a = ${1}`, adql`b = ${"x"}`], " AND ");
    expect(adql`SELECT * FROM t WHERE ${where}`.text).toBe("SELECT * FROM t WHERE a = 1 AND b = 'x'");
    expect(adql`${rawAdql("SELECT 1")}`.text).toBe("SELECT 1");
  });
});

describe("findColumnByUcd", () => {
  const columns = [
    { name: "ra2", ucd: "pos.eq.ra" },
    { name: "ra", ucd: "pos.eq.ra;meta.main" },
    { name: "dec", ucd: "POS.EQ.DEC;META.MAIN" },
    { name: "err", ucd: "stat.error;pos.eq.ra" },
  ];
  it("prefers meta.main and matches whole words", () => {
    expect(findColumnByUcd({ columns }, "pos.eq.ra")).toBe("ra");
    expect(findColumnByUcd({ fields: columns }, "pos.eq.dec")).toBe("dec");
    expect(findColumnByUcd(columns, "stat.error")).toBe("err");
    expect(findColumnByUcd(columns, "pos.eq")).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { ParameterError } from "@vo/votable";
import {
  circle,
  circleShape,
  dalParamName,
  encodeDALParams,
  encodeDALValue,
  interval,
  point,
  polygon,
  polygonShape,
  rangeShape,
} from "./params.js";

const encode = (params: Parameters<typeof encodeDALParams>[0]): [string, string][] => [...encodeDALParams(params)];

function parameterError(fn: () => unknown): ParameterError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ParameterError);
    return err as ParameterError;
  }
  throw new Error("expected a ParameterError");
}

describe("parameter names", () => {
  it("upper-cases standard names given in any case or camelCase", () => {
    expect(encode({ maxrec: 10, responseFormat: "votable", Lang: "ADQL", query: "SELECT 1", request: "doQuery" })).toEqual([
      ["MAXREC", "10"],
      ["RESPONSEFORMAT", "votable"],
      ["LANG", "ADQL"],
      ["QUERY", "SELECT 1"],
      ["REQUEST", "doQuery"],
    ]);
    expect(dalParamName("pos")).toBe("POS");
    expect(dalParamName("Sr")).toBe("SR");
    expect(dalParamName("targetName")).toBe("TARGETNAME");
    expect(dalParamName("chemicalElement")).toBe("CHEMICAL_ELEMENT");
    expect(dalParamName("runId")).toBe("RUNID");
  });

  it("passes custom parameters through unchanged", () => {
    expect(encode({ myCustomParam: "x", cat: "II/246" })).toEqual([
      ["myCustomParam", "x"],
      ["cat", "II/246"],
    ]);
  });

  it("rejects two keys for one standard name", () => {
    const err = parameterError(() => encodeDALParams({ maxrec: 1, MAXREC: 2 }));
    expect(err.parameter).toBe("MAXREC");
  });

  it("drops undefined and null, also inside arrays", () => {
    expect(encode({ a: undefined, b: null, c: ["x", null, undefined, "y"] })).toEqual([
      ["c", "x"],
      ["c", "y"],
    ]);
  });
});

describe("values", () => {
  it("sends strings unchanged", () => {
    expect(encodeDALValue("QUERY", "SELECT * FROM t WHERE a = 'x y'")).toBe("SELECT * FROM t WHERE a = 'x y'");
    expect(encodeDALValue("X", "")).toBe("");
  });

  it("sends numbers in shortest round-trip form, with exponents", () => {
    expect(encodeDALValue("SR", 0.1)).toBe("0.1");
    expect(encodeDALValue("BAND", 5e-7)).toBe("5e-7");
    expect(encodeDALValue("X", 1e21)).toBe("1e+21");
    expect(encodeDALValue("X", 0.1 + 0.2)).toBe("0.30000000000000004");
    expect(encodeDALValue("X", -0)).toBe("0");
    expect(encodeDALValue("MAXREC", 0)).toBe("0");
    expect(Number(encodeDALValue("X", 1 / 3))).toBe(1 / 3);
  });

  it("rejects NaN and infinite numbers naming the parameter", () => {
    expect(parameterError(() => encodeDALParams({ sr: Number.NaN })).parameter).toBe("SR");
    expect(parameterError(() => encodeDALParams({ ra: Infinity })).parameter).toBe("RA");
  });

  it("sends bigints exactly", () => {
    expect(encodeDALValue("ID", 9007199254740993n)).toBe("9007199254740993");
  });

  it("sends booleans as true/false", () => {
    expect(encode({ flag: true, other: false })).toEqual([
      ["flag", "true"],
      ["other", "false"],
    ]);
  });

  it("sends dates as DALI timestamps in UTC without a zone suffix", () => {
    expect(encodeDALValue("TIME", new Date(Date.UTC(2020, 0, 2, 3, 4, 5)))).toBe("2020-01-02T03:04:05");
    expect(encodeDALValue("TIME", new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 67)))).toBe("2020-01-02T03:04:05.067");
    expect(parameterError(() => encodeDALParams({ mtime: new Date("nonsense") })).parameter).toBe("MTIME");
  });

  it("sends arrays as repeated parameters", () => {
    expect(encode({ id: ["ivo://a?1", "ivo://a?2"], band: [interval(1, 2), interval(3, 4)] })).toEqual([
      ["ID", "ivo://a?1"],
      ["ID", "ivo://a?2"],
      ["BAND", "1 2"],
      ["BAND", "3 4"],
    ]);
  });

  it("rejects other types naming the parameter", () => {
    const err = parameterError(() => encodeDALParams({ pos: { ra: 1 } as never }));
    expect(err.parameter).toBe("POS");
    expect(err.expected).toMatch(/string, number/);
  });
});

describe("DALI values", () => {
  it("encodes intervals with -Inf/+Inf for open ends", () => {
    expect(encodeDALValue("BAND", interval(5e-7, 6e-7))).toBe("5e-7 6e-7");
    expect(encodeDALValue("BAND", interval(-Infinity, 6e-7))).toBe("-Inf 6e-7");
    expect(encodeDALValue("TIME", interval(55000, Infinity))).toBe("55000 +Inf");
    expect(encode({ band: interval(1, Infinity) })).toEqual([["BAND", "1 +Inf"]]);
    expect(encodeDALParams({ band: interval(1, Infinity) }).toString()).toBe("BAND=1+%2BInf");
  });

  it("rejects reversed or NaN intervals naming the parameter", () => {
    expect(parameterError(() => encodeDALParams({ band: interval(2, 1) })).parameter).toBe("BAND");
    expect(parameterError(() => encodeDALParams({ time: interval(Number.NaN, 1) })).parameter).toBe("TIME");
  });

  it("encodes points, circles and polygons", () => {
    expect(encodeDALValue("P", point(10.5, -20))).toBe("10.5 -20");
    expect(encodeDALValue("CIRCLE", circle(10, 20, 0.5))).toBe("10 20 0.5");
    expect(
      encodeDALValue(
        "POLYGON",
        polygon([
          [10, 10],
          [11, 10],
          [11, 11],
        ]),
      ),
    ).toBe("10 10 11 10 11 11");
  });

  it("encodes SIA2 POS shapes", () => {
    expect(encode({ pos: circleShape(10, 20, 0.1) })).toEqual([["POS", "CIRCLE 10 20 0.1"]]);
    expect(encode({ pos: rangeShape(0, 360, -2, 2) })).toEqual([["POS", "RANGE 0 360 -2 2"]]);
    expect(encode({ pos: rangeShape(10, 11, -Infinity, Infinity) })).toEqual([["POS", "RANGE 10 11 -Inf +Inf"]]);
    expect(
      encode({
        pos: polygonShape([
          [1, 2],
          [3, 4],
          [5, 6],
        ]),
      }),
    ).toEqual([["POS", "POLYGON 1 2 3 4 5 6"]]);
    expect(String(circleShape(1, 2, 3))).toBe("CIRCLE 1 2 3");
  });

  it("validates shapes when encoded, naming the parameter", () => {
    expect(parameterError(() => encodeDALParams({ pos: circleShape(400, 0, 1) })).parameter).toBe("POS");
    expect(parameterError(() => encodeDALParams({ pos: circleShape(10, 95, 1) })).expected).toMatch(/latitude/);
    expect(parameterError(() => encodeDALParams({ pos: circleShape(10, 20, 0) })).expected).toMatch(/radius/);
    expect(parameterError(() => encodeDALParams({ pos: circleShape(10, 20, Number.NaN) })).parameter).toBe("POS");
    expect(parameterError(() => encodeDALParams({ pos: rangeShape(11, 10, 0, 1) })).parameter).toBe("POS");
    expect(parameterError(() => encodeDALParams({ pos: polygonShape([[1, 2], [3, 4]]) })).expected).toMatch(/3/);
    expect(parameterError(() => encodeDALParams({ p: point(1, -91) })).parameter).toBe("p");
    expect(String(circleShape(1, 2, -3))).toBe("[invalid DALI value]");
  });
});

describe("DALI interval strings", () => {
  it("parses two numbers with open ends, one number as [v, v], and nothing else", async () => {
    const { parseDALIInterval, intervalFromString, rangeFromDALI } = await import("./params.js");
    expect(parseDALIInterval("58000 59000")).toEqual([58000, 59000]);
    expect(parseDALIInterval(" -Inf +Inf ")).toEqual([-Infinity, Infinity]);
    expect(parseDALIInterval("5e-7\t5.5E-7")).toEqual([5e-7, 5.5e-7]);
    expect(parseDALIInterval("59000")).toEqual([59000, 59000]);
    for (const bad of ["", "a b", "1 2 3", "1/2", "2020-01-01 2021-01-01", "1,2"]) expect(parseDALIInterval(bad), bad).toBeUndefined();
    expect(intervalFromString("TIME", "1 2").encode("TIME")).toBe("1 2");
    expect(() => intervalFromString("TIME", "2 1")).toThrow(/lower bound/);
    expect(() => intervalFromString("TIME", "x")).toThrow(/TIME/);
    expect(rangeFromDALI("1 +Inf")).toBe("1/");
    expect(rangeFromDALI("1/2")).toBeUndefined();
    expect(rangeFromDALI("7")).toBeUndefined();
  });
});

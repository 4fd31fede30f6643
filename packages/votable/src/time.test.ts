import { describe, expect, it } from "vitest";
import { dateToMjd, mjdToDate } from "./time.js";
import { asTimestamp } from "./xtype-accessors.js";

describe("mjdToDate", () => {
  it("rounds to the millisecond instead of truncating (astropy gives 01:00:00.000)", () => {
    expect(mjdToDate(59844.04166666651)?.toISOString()).toBe("2022-09-22T01:00:00.000Z");
    // every whole second of a day survives the round trip through a float MJD
    for (let s = 0; s < 86_400; s += 7) {
      const d = new Date(Date.UTC(2022, 8, 22, 0, 0, s));
      expect(mjdToDate(dateToMjd(d))?.getTime()).toBe(d.getTime());
    }
  });

  it("converts the epochs and refuses what is not a time", () => {
    expect(mjdToDate(40587)?.toISOString()).toBe("1970-01-01T00:00:00.000Z");
    expect(mjdToDate(51544.5)?.toISOString()).toBe("2000-01-01T12:00:00.000Z");
    expect(mjdToDate(0)?.toISOString()).toBe("1858-11-17T00:00:00.000Z");
    expect(mjdToDate(-0.25)?.toISOString()).toBe("1858-11-16T18:00:00.000Z");
    for (const bad of [undefined, null, NaN, Infinity, -Infinity, 1e20]) expect(mjdToDate(bad)).toBeUndefined();
  });
});

describe("asTimestamp", () => {
  it("rounds sub-millisecond fractions instead of truncating them", () => {
    expect(asTimestamp("2022-09-22T00:59:59.9996")?.toISOString()).toBe("2022-09-22T01:00:00.000Z");
    expect(asTimestamp("2022-09-22T00:59:59.9994")?.toISOString()).toBe("2022-09-22T00:59:59.999Z");
    expect(asTimestamp("2022-09-22T01:00:00.5Z")?.toISOString()).toBe("2022-09-22T01:00:00.500Z");
    expect(asTimestamp("2022-09-22T01:00:00+02:00")?.toISOString()).toBe("2022-09-21T23:00:00.000Z");
  });
});

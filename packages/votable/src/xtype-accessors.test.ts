import { describe, expect, it } from "vitest";
import { asCircle, asInterval, asPoint, asPolygon, asTimestamp } from "./xtype-accessors.js";

describe("xtype accessors", () => {
  it("reads timestamps as UTC dates", () => {
    expect(asTimestamp("2016-01-12T12:34:56.789")?.toISOString()).toBe("2016-01-12T12:34:56.789Z");
    expect(asTimestamp("2016-01-12")?.toISOString()).toBe("2016-01-12T00:00:00.000Z");
    expect(asTimestamp("2016-01-12T01:00:00+01:00")?.toISOString()).toBe("2016-01-12T00:00:00.000Z");
    expect(asTimestamp("yesterday")).toBeUndefined();
    expect(asTimestamp(null)).toBeUndefined();
  });
  it("reads points, circles, polygons and intervals from strings or arrays", () => {
    expect(asPoint(new Float64Array([10, 20]))).toEqual({ ra: 10, dec: 20 });
    expect(asPoint("10 20")).toEqual({ ra: 10, dec: 20 });
    expect(asCircle(new Float64Array([10, 20, 0.5]))).toEqual({ ra: 10, dec: 20, radius: 0.5 });
    expect(asPolygon("0 0 1 0 1 1")).toEqual([{ ra: 0, dec: 0 }, { ra: 1, dec: 0 }, { ra: 1, dec: 1 }]);
    expect(asInterval(new Float64Array([1, 2]))).toEqual([1, 2]);
    expect(asPoint("1 2 3")).toBeUndefined();
    expect(asPolygon("0 0 1")).toBeUndefined();
  });
});

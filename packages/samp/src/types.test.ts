import { describe, expect, it } from "vitest";
import { errorResponse, mtypeMatches, okResponse, SAMP_STATUS_ERROR, SAMP_STATUS_OK, SAMP_STATUS_WARNING, sampBool, sampFloat, sampInt, toSampMap, toSampValue, warningResponse } from "./types.js";

describe("SAMP values", () => {
  it("encodes numbers and booleans as SAMP strings and drops undefined entries", () => {
    expect(toSampMap({ ra: 10.68, dec: -5, ok: true, no: false, big: 12n, skip: undefined, list: [1, "a", [false]] })).toEqual({
      ra: "10.68",
      dec: "-5",
      ok: "1",
      no: "0",
      big: "12",
      list: ["1", "a", ["0"]],
    });
  });

  it("refuses what SAMP cannot carry", () => {
    expect(() => toSampValue(NaN)).toThrow(/NaN/);
    expect(() => toSampValue(Infinity)).toThrow(/Infinity/);
    expect(() => toSampValue(null as never)).toThrow(/null/);
  });

  it("decodes SAMP integers, floats and booleans", () => {
    expect(sampInt("42")).toBe(42);
    expect(sampInt("4.2")).toBeUndefined();
    expect(sampFloat("41.27")).toBe(41.27);
    expect(sampFloat("x")).toBeUndefined();
    expect(sampBool("0")).toBe(false);
    expect(sampBool("1")).toBe(true);
    expect(sampBool("2")).toBe(true);
    expect(sampBool(undefined)).toBeUndefined();
  });

  it("matches MType patterns", () => {
    expect(mtypeMatches("*", "table.load.votable")).toBe(true);
    expect(mtypeMatches("table.*", "table.load.votable")).toBe(true);
    expect(mtypeMatches("table.load.*", "table.load.votable")).toBe(true);
    expect(mtypeMatches("table.*", "tables.x")).toBe(false);
    expect(mtypeMatches("image.*", "table.load.votable")).toBe(false);
    expect(mtypeMatches("table.load.votable", "table.load.votable")).toBe(true);
  });
});

describe("SAMP responses", () => {
  it("use pyVO's status constants: ok, warning (result and error text), error", () => {
    expect([SAMP_STATUS_OK, SAMP_STATUS_WARNING, SAMP_STATUS_ERROR]).toEqual(["samp.ok", "samp.warning", "samp.error"]);
    expect(okResponse({ n: "1" })["samp.status"]).toBe(SAMP_STATUS_OK);
    expect(errorResponse("no")["samp.status"]).toBe(SAMP_STATUS_ERROR);
    expect(warningResponse({ n: "2" }, "partly loaded")).toEqual({
      "samp.status": "samp.warning",
      "samp.result": { n: "2" },
      "samp.error": { "samp.errortxt": "partly loaded" },
    });
  });
});

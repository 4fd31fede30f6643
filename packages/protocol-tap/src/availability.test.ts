import { describe, expect, it } from "vitest";
import { parseAvailability } from "./availability.js";
import type { ParseWarning } from "@vo/core";

describe("parseAvailability", () => {
  it("reads availability", () => {
    const a = parseAvailability(`<avl:availability xmlns:avl="http://www.ivoa.net/xml/VOSIAvailability/v1.0">
      <avl:available>false</avl:available><avl:upSince>2024-01-01T00:00:00Z</avl:upSince>
      <avl:backAt>2024-02-01T00:00:00Z</avl:backAt><avl:note>maintenance</avl:note></avl:availability>`);
    expect(a).toEqual({
      available: false,
      upSince: new Date("2024-01-01T00:00:00Z"),
      downAt: undefined,
      backAt: new Date("2024-02-01T00:00:00Z"),
      notes: ["maintenance"],
    });
  });

  it("drops impossible dates with a warning", () => {
    const warnings: ParseWarning[] = [];
    const a = parseAvailability(`<availability><available>true</available><upSince>2000-00-00T00:00:00Z</upSince></availability>`, {
      onWarning: (w) => warnings.push(w),
    });
    expect(a.available).toBe(true);
    expect(a.upSince).toBeUndefined();
    expect(warnings[0]?.element).toBe("availability/upSince");
  });

  it("requires a boolean available", () => {
    expect(() => parseAvailability(`<availability><note>x</note></availability>`)).toThrow(/missing <available>/);
    expect(() => parseAvailability(`<availability><available>yes</available></availability>`)).toThrow(/true or false/);
  });
});

import { describe, expect, it } from "vitest";
import { TAPCapabilities } from "@vo/protocol-tap";
import type { Capability } from "@vo/protocol-tap";
import { capabilityLines, formatCount, summariseCapabilities } from "./capabilities-summary.js";

const F = "ivo://ivoa.net/std/TAPRegExt#features-";
const tapCapability: Capability = {
  standardId: "ivo://ivoa.net/std/TAP",
  interfaces: [],
  tableAccess: {
    dataModels: [{ ivoId: "ivo://ivoa.net/std/obscore#core-1.1", name: "Obscore-1.1" }],
    languages: [
      {
        name: "ADQL",
        versions: [{ version: "2.0" }, { version: "2.1" }],
        featureLists: [
          { type: `${F}adql-sets`, features: [{ form: "UNION" }, { form: "EXCEPT" }] },
          { type: `${F}adqlgeo`, features: [{ form: "CONTAINS" }, { form: "POINT" }, { form: "CIRCLE" }, { form: "DISTANCE" }] },
        ],
      },
    ],
    outputFormats: [
      { mime: "application/x-votable+xml", aliases: ["votable"] },
      { mime: "text/xml", aliases: [] },
      { mime: "text/xml", aliases: [] },
    ],
    uploadMethods: ["ivo://ivoa.net/std/TAPRegExt#upload-inline"],
    retentionPeriods: [{ default: 172800 }],
    executionDurations: [{ default: 3600, hard: 7200 }],
    outputLimits: [{ default: { value: 20000, unit: "row" }, hard: { value: 20000000, unit: "row" } }],
    uploadLimits: [{ hard: { value: 20000000, unit: "byte" } }],
  },
};

describe("summariseCapabilities", () => {
  it("answers what an astronomer asks first", () => {
    const summary = Object.fromEntries(summariseCapabilities(new TAPCapabilities([tapCapability])));
    expect(summary).toMatchObject({
      "ADQL versions": "2.0, 2.1",
      UNION: "yes (set operations: UNION, EXCEPT)",
      CAST: "no",
      geometry: "4 functions, CONTAINS and DISTANCE among them",
      uploads: "inline; 20 MB at most",
      "output formats": "2: votable, text/xml",
      "output limit": "20 000 rows by default, 20 000 000 at most",
      "run time (async)": "1 h by default, 2 h at most",
      "jobs kept": "48 h by default",
      "data models": "Obscore-1.1",
    });
  });

  it("says so when there is no TAPRegExt capability", () => {
    expect(summariseCapabilities(new TAPCapabilities([]))).toEqual([["TAP capability", "none declared (not a TAPRegExt service?)"]]);
  });

  it("aligns the labels", () => {
    const lines = capabilityLines(new TAPCapabilities([tapCapability]), "");
    expect(lines[0]).toMatch(/^ADQL versions +2\.0, 2\.1$/);
    expect(new Set(lines.map((l) => l.search(/ {2}\S/))).size).toBe(1);
    expect(formatCount(1234567)).toBe("1 234 567");
  });
});

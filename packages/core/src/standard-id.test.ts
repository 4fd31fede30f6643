import { describe, expect, it } from "vitest";
import { StandardId, StandardIdAliases, isKnownStandardId, normalizeStandardId, shortenStandardId, standardIdName } from "./standard-id.js";

describe("normalizeStandardId", () => {
  it.each([
    ["ivo://ivoa.net/std/TAP", StandardId.TAP],
    ["IVO://IVOA.NET/std/tap", StandardId.TAP],
    ["ivo://ivoa.net/std/TAP#sync-1.0", StandardId.TAP],
    ["ivo://ivoa.net/std/TAP#async-1.0", StandardId.TAP],
    ["ivo://ivoa.net/std/tap#query-1.0", StandardId.TAP],
    ["ivo://ivoa.net/std/TAP#aux", StandardId.TAP],
    ["ivo://ivoa.net/std/ConeSearch", StandardId.SCS],
    ["ivo://ivoa.net/std/conesearch#query-1.0", StandardId.SCS],
    ["ivo://ivoa.net/std/SIA", StandardId.SIA1],
    ["ivo://ivoa.net/std/SIA#query-1.0", StandardId.SIA1],
    ["ivo://ivoa.net/std/sia#query-2.0", StandardId.SIA2],
    ["ivo://ivoa.net/std/SIA#query-aux-2.0", StandardId.SIA2],
    ["ivo://ivoa.net/std/sia2", StandardId.SIA2],
    ["ivo://ivoa.net/std/SSA#query-1.1", StandardId.SSA],
    ["ivo://ivoa.net/std/ssa", StandardId.SSA],
    ["ivo://ivoa.net/std/SLAP", StandardId.SLA],
    ["ivo://ivoa.net/std/datalink#links-1.1", StandardId.DATALINK],
    ["ivo://ivoa.net/std/SODA#sync-1.0", StandardId.SODA],
    ["ivo://ivoa.net/std/soda#async-1.0", StandardId.SODA_ASYNC],
    ["ivo://ivoa.net/std/regtap#1.1", StandardId.REGTAP],
    ["ivo://ivoa.net/std/UWS#rest-1.0", StandardId.UWS],
    ["ivo://ivoa.net/std/VOSI#capabilities", StandardId.VOSI_CAPABILITIES],
    ["ivo://ivoa.net/std/vosi#tables-1.1", StandardId.VOSI_TABLES],
    ["ivo://ivoa.net/std/VOSI#availability", StandardId.VOSI_AVAILABILITY],
  ])("%s → %s", (input, expected) => {
    expect(normalizeStandardId(input)).toBe(expected);
  });

  it("resolves pyVO's aliases, case-insensitively", () => {
    expect(normalizeStandardId("tap")).toBe(StandardId.TAP);
    expect(normalizeStandardId("TAP")).toBe(StandardId.TAP);
    expect(normalizeStandardId("scs")).toBe(StandardId.SCS);
    expect(normalizeStandardId("conesearch")).toBe(StandardId.SCS);
    expect(normalizeStandardId("sia")).toBe(StandardId.SIA1);
    expect(normalizeStandardId("sia2")).toBe(StandardId.SIA2);
    expect(normalizeStandardId("ssa")).toBe(StandardId.SSA);
    expect(normalizeStandardId("sla")).toBe(StandardId.SLA);
    expect(normalizeStandardId("datalink")).toBe(StandardId.DATALINK);
    expect(normalizeStandardId("soda")).toBe(StandardId.SODA);
    expect(normalizeStandardId(" image ")).toBe(StandardId.SIA1);
  });

  it("keeps SIA v1 and v2 apart", () => {
    expect(normalizeStandardId("ivo://ivoa.net/std/SIA")).not.toBe(normalizeStandardId("ivo://ivoa.net/std/SIA#query-2.0"));
  });

  it("expands pyVO-shortened IDs of known standards", () => {
    expect(normalizeStandardId("SIA#query-2.0")).toBe(StandardId.SIA2);
    expect(normalizeStandardId("ConeSearch")).toBe(StandardId.SCS);
    for (const id of Object.values(StandardId)) expect(normalizeStandardId(shortenStandardId(id))).toBe(id);
  });

  it("lowercases only scheme and authority of unknown identifiers", () => {
    expect(normalizeStandardId("IVO://Example.ORG/std/Echo#v-1.0")).toBe("ivo://example.org/std/Echo#v-1.0");
    expect(normalizeStandardId("ivo://ivoa.net/std/Unknown")).toBe("ivo://ivoa.net/std/Unknown");
    expect(normalizeStandardId("ivo://ivoa.net/std/VOSI#other")).toBe("ivo://ivoa.net/std/VOSI#other");
    expect(normalizeStandardId("something-else")).toBe("something-else");
  });

  it("maps every alias to a canonical ID", () => {
    for (const id of Object.values(StandardIdAliases)) expect(isKnownStandardId(id)).toBe(true);
  });
});

describe("shortenStandardId", () => {
  it("removes ivo://ivoa.net/std/ as pyVO's shorten_stdid does", () => {
    expect(shortenStandardId(StandardId.TAP)).toBe("TAP");
    expect(shortenStandardId(StandardId.SIA2)).toBe("SIA#query-2.0");
    expect(shortenStandardId("IVO://ivoa.net/std/ssa")).toBe("ssa");
    expect(shortenStandardId("ivo://example.org/std/Echo")).toBe("ivo://example.org/std/Echo");
  });
});

describe("standardIdName", () => {
  it("names known standards and returns undefined otherwise", () => {
    expect(standardIdName("ivo://ivoa.net/std/TAP#sync-1.0")).toBe("TAP");
    expect(standardIdName("sia2")).toBe("SIA2");
    expect(standardIdName("ivo://example.org/std/Echo")).toBeUndefined();
  });
});

/**
 * ADQL generation and quoting of every built-in constraint, on two registries:
 * one with GAVO's features (pyVO's capabilities.xml fixture: UNION, ILIKE, MOC,
 * the ivo_* functions; MOC coverage) and a minimal one (no sets, no ILIKE, no
 * RegTAP 1.2 tables).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ParameterError } from "@vo/core";
import type { RegistryFeatures } from "@vo/core";
import { adql, parseCapabilities } from "@vo/protocol-tap";
import { sharedCorpusDir } from "@vo/testkit";
import { defineConstraint } from "./constraint.js";
import {
  authorConstraint,
  builtinConstraints,
  datamodelConstraint,
  includeAuxiliary,
  ivoidConstraint,
  keywordsConstraint,
  servicetypeConstraint,
  spatialConstraint,
  spectralConstraint,
  temporalConstraint,
  toMJD,
  ucdConstraint,
} from "./constraints.js";
import { RegTAPFeatureMissingError } from "./errors.js";
import { buildRegTAPQuery } from "./search.js";
import type { ResolvedConstraint } from "./search.js";
import { loadVocabulary, parseVocabulary } from "./vocabulary.js";

const corpus = sharedCorpusDir();
const data = (name: string): string => join(corpus ?? "/nonexistent", "pyvo/registry/tests/data", name);

let gavo: RegistryFeatures;
const minimal: RegistryFeatures = {
  url: "http://minimal.example/tap",
  hasFeature: (type, form) => type.endsWith("#features-udf") && /^ivo_(hasword|hashlist_has|nocasematch)$/.test(form),
  hasTable: (name) => !name.startsWith("rr.stc_"),
  column: () => undefined,
};
const polygonBed: RegistryFeatures = {
  url: "http://bed.example/tap",
  hasFeature: () => true,
  hasTable: () => true,
  column: (t, c) => (t === "rr.stc_spatial" && c === "coverage" ? { datatype: "char", xtype: "polygon" } : undefined),
};

beforeAll(async () => {
  if (!corpus) throw new Error("the shared corpus (pyVO's registry fixtures) is missing: set VO_CORPUS");
  const caps = parseCapabilities(readFileSync(data("capabilities.xml"), "utf8"));
  gavo = {
    url: "http://dc.zah.uni-heidelberg.de/tap",
    hasFeature: (type, form) => caps.supportsFeature(type, form),
    hasTable: () => true,
    column: (t, c) => (t === "rr.stc_spatial" && c === "coverage" ? { datatype: "char", xtype: "moc" } : undefined),
  };
  await Promise.all([loadVocabulary("messenger"), loadVocabulary("uat")]);
});

const [, , , wavebandC, , , , , , , uatC] = builtinConstraints();
const text = <V>(d: { parse(v: unknown): V; condition(v: V, r: RegistryFeatures): { text: string } }, value: unknown, reg: RegistryFeatures = gavo): string =>
  d.condition(d.parse(value), reg).text;

describe("keywords (Freetext)", () => {
  it("uses UNION subqueries and ILIKE where the registry declares them (GAVO's capabilities)", () => {
    expect(text(keywordsConstraint, "pulsar")).toBe(
      "ivoid IN (SELECT DISTINCT d.ivoid FROM rr.resource AS d WHERE 1 = ivo_hasword(d.res_description, 'pulsar') UNION " +
        "SELECT DISTINCT t.ivoid FROM rr.resource AS t WHERE 1 = ivo_hasword(t.res_title, 'pulsar') UNION " +
        "SELECT DISTINCT s.ivoid FROM rr.res_subject AS s WHERE s.res_subject ILIKE '%pulsar%')",
    );
  });

  it("falls back to OR and ivo_nocasematch without them; words are AND-ed", () => {
    const t = text(keywordsConstraint, ["gamma", "burst"], minimal);
    expect(t).toBe(
      "(ivoid IN (SELECT DISTINCT d.ivoid FROM rr.resource AS d WHERE 1 = ivo_hasword(d.res_description, 'gamma') OR 1 = ivo_hasword(d.res_title, 'gamma')) OR ivoid IN (SELECT DISTINCT s.ivoid FROM rr.res_subject AS s WHERE 1 = ivo_nocasematch(s.res_subject, '%gamma%'))) AND " +
        "(ivoid IN (SELECT DISTINCT d.ivoid FROM rr.resource AS d WHERE 1 = ivo_hasword(d.res_description, 'burst') OR 1 = ivo_hasword(d.res_title, 'burst')) OR ivoid IN (SELECT DISTINCT s.ivoid FROM rr.res_subject AS s WHERE 1 = ivo_nocasematch(s.res_subject, '%burst%')))",
    );
  });

  it("quotes hostile words", () => {
    const t = text(keywordsConstraint, "O'Brien'); DROP TABLE rr.resource; --");
    expect(t).toContain("ivo_hasword(d.res_description, 'O''Brien''); DROP TABLE rr.resource; --')");
    expect(t).toContain("ILIKE '%O''Brien''); DROP TABLE rr.resource; --%'");
    expect(t.split("'").length % 2).toBe(1); // balanced quotes
  });

  it("refuses empty and non-string words", () => {
    for (const bad of ["", "  ", [], [1], null, undefined, {}]) expect(() => keywordsConstraint.parse(bad)).toThrow(ParameterError);
  });
});

describe("author, ivoid, ucd", () => {
  it("author: LIKE on creators in rr.res_role", () => {
    expect(authorConstraint.tables).toEqual(["rr.res_role"]);
    expect(text(authorConstraint, "%O'Neil%")).toBe("role_name LIKE '%O''Neil%' AND base_role = 'creator'");
  });

  it("ivoid: lower-cased, IN list, quotes doubled", () => {
    expect(text(ivoidConstraint, ["IVO://A.example/X", "ivo://b'c"])).toBe("ivoid IN ('ivo://a.example/x', 'ivo://b''c')");
  });

  it("ucd: lower-cased LIKE patterns on rr.table_column, OR-ed", () => {
    expect(ucdConstraint.tables).toEqual(["rr.table_column"]);
    expect(text(ucdConstraint, ["POS.pm%", "phot.mag;em.opt.V"])).toBe("ucd LIKE 'pos.pm%' OR ucd LIKE 'phot.mag;em.opt.v'");
  });
});

describe("servicetype", () => {
  it("maps pyVO's short names to lower-case standard ids, sia2/hips to LIKE patterns", () => {
    expect(text(servicetypeConstraint, "scs")).toBe("standard_id IN ('ivo://ivoa.net/std/conesearch')");
    expect(text(servicetypeConstraint, ["tap", "image", "ivo://ivoa.net/std/SSA"])).toBe(
      "standard_id IN ('ivo://ivoa.net/std/sia', 'ivo://ivoa.net/std/ssa', 'ivo://ivoa.net/std/tap')",
    );
    expect(text(servicetypeConstraint, ["sia2", "hips"])).toBe("standard_id LIKE 'ivo://ivoa.net/std/hips#hips-1.%' OR standard_id LIKE 'ivo://ivoa.net/std/sia#query-2.%'");
  });

  it("includeaux adds #aux ids and the auxiliary SIA2 pattern", () => {
    const v = includeAuxiliary(servicetypeConstraint.parse(["tap", "sia2"]));
    expect(servicetypeConstraint.condition(v, gavo).text).toBe(
      "standard_id IN ('ivo://ivoa.net/std/tap', 'ivo://ivoa.net/std/tap#aux') OR standard_id LIKE 'ivo://ivoa.net/std/sia#query-2.%' OR standard_id LIKE 'ivo://ivoa.net/std/sia#query-aux-2.%'",
    );
  });

  it("refuses unknown short names, naming the known ones", () => {
    expect(() => servicetypeConstraint.parse("images")).toThrow(/sia2/);
    expect(() => servicetypeConstraint.parse("x' OR 1=1 --")).toThrow(ParameterError);
    expect(text(servicetypeConstraint, "ivo://x.example/std/a'b")).toBe("standard_id IN ('ivo://x.example/std/a''b')");
  });
});

describe("waveband", () => {
  it("checks terms against the messenger vocabulary, any case, and OR-s ivo_hashlist_has", () => {
    expect(text(wavebandC!, ["optical", "X-RAY"])).toBe("1 = ivo_hashlist_has(rr.resource.waveband, 'optical') OR 1 = ivo_hashlist_has(rr.resource.waveband, 'x-ray')");
    expect(() => wavebandC!.parse("visible")).toThrow(/messenger vocabulary \(Photon, Radio/);
    expect(() => wavebandC!.parse("optical'--")).toThrow(ParameterError);
  });

  it("a newer vocabulary given to the plugin is used", () => {
    const newer = parseVocabulary({ uri: "http://www.ivoa.net/rdf/messenger", terms: { "Gravitational-wave": { label: "GW" }, Optical: { label: "Optical" } } });
    const [, , , wb] = builtinConstraints((name) => (name === "messenger" ? newer : parseVocabulary({ terms: {} })));
    expect(text(wb!, "gravitational-wave")).toBe("1 = ivo_hashlist_has(rr.resource.waveband, 'gravitational-wave')");
  });
});

describe("datamodel", () => {
  it("obscore and regtap: dataModel ivo-ids in rr.res_detail, case-insensitively", () => {
    expect(text(datamodelConstraint, "ObsCore")).toBe(
      "ivoid IN (SELECT DISTINCT d.ivoid FROM rr.res_detail AS d WHERE d.detail_xpath = '/capability/dataModel/@ivo-id' AND (1 = ivo_nocasematch(d.detail_value, 'ivo://ivoa.net/std/obscore%')))",
    );
    expect(text(datamodelConstraint, "regtap")).toContain("'ivo://ivoa.net/std/regtap#1.%'");
  });

  it("epntap and obscore_new: table utypes", () => {
    expect(text(datamodelConstraint, "epntap")).toBe(
      "ivoid IN (SELECT DISTINCT t.ivoid FROM rr.res_table AS t NATURAL JOIN rr.resource AS r WHERE (t.table_utype LIKE 'ivo://vopdc.obspm/std/epncore#schema-2.%' OR t.table_utype LIKE 'ivo://ivoa.net/std/epntap#table-2.%'))",
    );
    expect(text(datamodelConstraint, "obscore_new")).toContain("AND r.res_type IN ('vs:catalogresource')");
  });

  it("a model definition's ivoids and utypes (what r.model() registrations carry)", () => {
    const t = text(datamodelConstraint, { name: "mine", ivoids: ["ivo://x.example/dm'1"], utypes: ["IVO://x.example/DM#table-1.%"] });
    expect(t).toContain("ivo_nocasematch(d.detail_value, 'ivo://x.example/dm''1')");
    expect(t).toContain("t.table_utype LIKE 'ivo://x.example/dm#table-1.%'");
    expect(() => datamodelConstraint.parse("nonsense")).toThrow(/obscore, obscore_new, epntap, regtap/);
  });
});

describe("uat", () => {
  it("a term, widened and narrowed through the UAT", () => {
    expect(uatC!.tables).toEqual(["rr.res_subject"]);
    expect(text(uatC!, "pulsars")).toBe("res_subject IN ('pulsars')");
    expect(text(uatC!, { term: "Pulsars", expandUp: 1 })).toBe("res_subject IN ('neutron-stars', 'pulsars')");
    const down = uatC!.parse({ term: "pulsars", expandDown: 1 });
    expect(down).toEqual(["binary-pulsars", "millisecond-pulsars", "optical-pulsars", "pulsars", "radio-pulsars", "rotation-powered-pulsars"]);
    expect(uatC!.parse({ term: "neutron-stars", expandDown: 2 })).toContain("millisecond-pulsars");
  });

  it("refuses terms the UAT does not have and bad levels", () => {
    expect(() => uatC!.parse("pulsar's")).toThrow(ParameterError);
    expect(() => uatC!.parse({ term: "pulsars", expandDown: -1 })).toThrow(ParameterError);
  });
});

describe("spatial", () => {
  it("MOC coverage: pyVO's MOC queries (covers, enclosed, overlaps; ASCII MOC literals)", () => {
    expect(text(spatialConstraint, [10.5, -3])).toBe("ivoid IN (SELECT DISTINCT c.ivoid FROM rr.stc_spatial AS c WHERE 1 = CONTAINS(MOC(6, POINT('ICRS', 10.5, -3)), coverage))");
    expect(text(spatialConstraint, { geometry: [10, 20, 1], order: 8, intersect: "enclosed" })).toContain("1 = CONTAINS(coverage, MOC(8, CIRCLE('ICRS', 10, 20, 1)))");
    expect(text(spatialConstraint, { geometry: "4/13 17-18 8/3002", intersect: "overlaps" })).toContain("1 = INTERSECTS(coverage, MOC('4/13 17-18 8/3002'))");
    expect(text(spatialConstraint, { geometry: [0, 0, 10, 0, 10, 10], inclusive: true })).toBe(
      "(ivoid IN (SELECT DISTINCT c.ivoid FROM rr.stc_spatial AS c WHERE 1 = CONTAINS(MOC(6, POLYGON('ICRS', 0, 0, 10, 0, 10, 10)), coverage)) OR ivoid NOT IN (SELECT DISTINCT n.ivoid FROM rr.stc_spatial AS n))",
    );
  });

  it("geometry coverage: plain ADQL geometries; a MOC literal is a missing feature", () => {
    expect(text(spatialConstraint, [83.8, -5.4, 0.5], polygonBed)).toContain("1 = CONTAINS(CIRCLE('ICRS', 83.8, -5.4, 0.5), coverage)");
    const moc = spatialConstraint.parse("6/100");
    expect(spatialConstraint.requires!(polygonBed, moc)).toMatch(/MOC coverage/);
    expect(spatialConstraint.requires!(minimal, moc)).toBe("the table rr.stc_spatial");
  });

  it("refuses malformed geometries, including injected MOC text", () => {
    for (const bad of [[1], [1, 2, 3, 4], [1, 2, -1], [1, Number.NaN], "4/1') OR (1=1", { geometry: [1, 2], intersect: "near" }, { geometry: [1, 2], order: 40 }]) {
      expect(() => spatialConstraint.parse(bad)).toThrow(ParameterError);
    }
  });
});

describe("spectral and temporal", () => {
  it("spectral: Joule points and intervals, units converted", () => {
    expect(text(spectralConstraint, 1e-19)).toBe("ivoid IN (SELECT DISTINCT c.ivoid FROM rr.stc_spectral AS c WHERE 1e-19 BETWEEN spectral_start AND spectral_end)");
    const v = spectralConstraint.parse({ value: [500, 600], unit: "nm" });
    expect(v.lo).toBeCloseTo(3.3107e-19, 22);
    expect(v.hi).toBeCloseTo(3.9729e-19, 22);
    expect(spectralConstraint.condition(v, gavo).text).toContain("1 = ivo_interval_overlaps(spectral_start, spectral_end, ");
    expect(spectralConstraint.parse({ value: 1, unit: "keV" }).lo).toBeCloseTo(1.602e-16, 18);
    expect(spectralConstraint.parse({ value: 1.42, unit: "GHz" }).lo).toBeCloseTo(9.409e-25, 27);
    expect(() => spectralConstraint.parse({ value: 1, unit: "parsec" })).toThrow(ParameterError);
    expect(spectralConstraint.requires!(minimal, spectralConstraint.parse(1))).toBe("the table rr.stc_spectral");
  });

  it("temporal: MJD numbers and Dates, inclusive keeps resources without coverage", () => {
    expect(toMJD(new Date("2000-01-01T12:00:00Z"))).toBe(51544.5);
    expect(text(temporalConstraint, { value: [new Date("2000-01-01T12:00:00Z"), 51545], inclusive: true })).toBe(
      "(ivoid IN (SELECT DISTINCT c.ivoid FROM rr.stc_temporal AS c WHERE 1 = ivo_interval_overlaps(time_start, time_end, 51544.5, 51545)) OR ivoid NOT IN (SELECT DISTINCT n.ivoid FROM rr.stc_temporal AS n))",
    );
    expect(() => temporalConstraint.parse(new Date("nonsense"))).toThrow(ParameterError);
  });
});

describe("buildRegTAPQuery", () => {
  const resolved = (d: { parse(v: unknown): unknown }, v: unknown): ResolvedConstraint => ({ definition: d as ResolvedConstraint["definition"], value: d.parse(v) });

  it("selects pyVO's columns, aggregates the interfaces, AND-s conditions, wraps table constraints in subqueries", () => {
    const q = buildRegTAPQuery([resolved(servicetypeConstraint, "tap"), resolved(ucdConstraint, "pos.pm%")], gavo).text;
    expect(q).toBe(
      "SELECT ivoid, res_type, short_name, res_title, content_level, res_description, reference_url, creator_seq, created, updated, rights, content_type, source_format, source_value, region_of_regard, waveband, " +
        "ivo_string_agg(COALESCE(access_url, ''), ':::py VO sep:::') AS access_urls, ivo_string_agg(COALESCE(standard_id, ''), ':::py VO sep:::') AS standard_ids, " +
        "ivo_string_agg(COALESCE(intf_type, ''), ':::py VO sep:::') AS intf_types, ivo_string_agg(COALESCE(intf_role, ''), ':::py VO sep:::') AS intf_roles, " +
        "ivo_string_agg(COALESCE(cap_description, ''), ':::py VO sep:::') AS cap_descriptions " +
        "FROM rr.resource NATURAL LEFT OUTER JOIN rr.capability NATURAL LEFT OUTER JOIN rr.interface " +
        "WHERE (standard_id IN ('ivo://ivoa.net/std/tap')) AND (ivoid IN (SELECT DISTINCT sub0.ivoid FROM rr.table_column AS sub0 WHERE ucd LIKE 'pos.pm%')) " +
        "GROUP BY ivoid, res_type, short_name, res_title, content_level, res_description, reference_url, creator_seq, created, updated, rights, content_type, source_format, source_value, region_of_regard, waveband",
    );
  });

  it("a custom constraint's tables are natural-joined under aliases", () => {
    const custom = defineConstraint({ keyword: "validatedTables", tables: ["rr.res_table", "rr.validation"], condition: () => adql`val_level >= ${3}` });
    expect(buildRegTAPQuery([resolved(custom, undefined)], gavo).text).toContain(
      "WHERE (ivoid IN (SELECT DISTINCT sub0.ivoid FROM rr.res_table AS sub0 NATURAL JOIN rr.validation AS sub1 WHERE val_level >= 3))",
    );
  });

  it("raises RegTAPFeatureMissingError naming the constraint, the feature and the registry", () => {
    const attempt = (): unknown => buildRegTAPQuery([resolved(keywordsConstraint, "x")], { ...minimal, hasFeature: () => false });
    expect(attempt).toThrow(RegTAPFeatureMissingError);
    expect(attempt).toThrow(/keywords constraint: it lacks the ADQL function ivo_hasword \(http:\/\/minimal.example\/tap\)/);
    try {
      attempt();
    } catch (e) {
      expect(e).toMatchObject({ code: "VO_ERR_QUERY", keyword: "keywords", feature: "the ADQL function ivo_hasword", url: "http://minimal.example/tap" });
    }
  });
});

describe("defineConstraint", () => {
  it("refuses keywords that are not identifiers, conditions that are not functions, unqualified tables", () => {
    expect(() => defineConstraint({ keyword: "bad keyword", condition: () => adql`1=1` })).toThrow(ParameterError);
    expect(() => defineConstraint({ keyword: "ok", condition: undefined as never })).toThrow(ParameterError);
    expect(() => defineConstraint({ keyword: "ok", tables: ["table_column; DROP"], condition: () => adql`1=1` })).toThrow(ParameterError);
  });
});

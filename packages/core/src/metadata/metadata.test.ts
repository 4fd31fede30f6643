import { describe, expect, it } from "vitest";
import type { Group, Param, ResourceMeta, VOTableMeta } from "@vo/votable";
import { ParameterError } from "@vo/votable";
import { interval } from "../dal/params.js";
import { describeInputParams } from "./input-params.js";
import { toJsonSchema, validateParams } from "./json-schema.js";

// Documents are built as the VOTable reader's model, mirroring what a FORMAT=METADATA answer holds.
function param(p: Partial<Param> & { name: string }): Param {
  const datatype = p.datatype ?? "char";
  return { datatype, ...(datatype === "char" ? { arraysize: "*" } : {}), value: "", parsed: null, ...p } as Param;
}
function resource(r: Partial<ResourceMeta>): ResourceMeta {
  return { infos: [], params: [], groups: [], links: [], coosys: [], timesys: [], tables: [], resources: [], ...r };
}
function group(g: Partial<Group>): Group {
  return { fieldRefs: [], paramRefs: [], params: [], groups: [], ...g };
}
function doc(resources: ResourceMeta[], params: Param[] = []): VOTableMeta {
  return { version: "1.4", infos: [], params, groups: [], coosys: [], timesys: [], resources };
}

/** A SIA 1.0 FORMAT=METADATA answer (SIA 1.0 §6.1), as DaCHS writes it. */
const sia1Metadata = doc([
  resource({
    type: "results",
    params: [
      param({ name: "INPUT:POS", unit: "deg", ucd: "pos.eq", description: "ICRS position of target object", value: "0,0" }),
      param({ name: "INPUT:SIZE", datatype: "double", unit: "deg", description: "Size in decimal degrees" }),
      param({
        name: "INPUT:FORMAT",
        values: { options: [{ value: "image/fits" }, { value: "image/jpeg" }, { value: "ALL" }, { value: "METADATA" }] },
      }),
      param({
        name: "INPUT:INTERSECT",
        value: "OVERLAPS",
        values: { options: [{ value: "COVERS" }, { value: "ENCLOSED" }, { value: "CENTER" }, { value: "OVERLAPS" }] },
      }),
      param({
        name: "INPUT:filter",
        description: "Photometric band",
        values: { options: [{ value: "r", name: "red" }, { value: "g", name: "green", options: [{ value: "g2" }] }] },
      }),
      param({
        name: "INPUT:seeing",
        datatype: "double",
        unit: "arcsec",
        values: { min: { value: "0.1", inclusive: true }, max: { value: "5", inclusive: false } },
      }),
      param({ name: "INPUT:BAND", datatype: "double", unit: "m" }),
      param({ name: "INPUT:exptime_MIN", datatype: "double", unit: "s" }),
      param({ name: "INPUT:exptime_MAX", datatype: "double", unit: "s" }),
      param({ name: "INPUT:nexp", datatype: "int", values: { min: { value: "1", inclusive: true } } }),
      param({ name: "OUTPUT:ignored", value: "x" }),
      param({ name: "INPUT:pos", description: "duplicate in another case: ignored" }),
    ],
  }),
]);

/** A DALI service descriptor (DataLink 1.1 §4) for an SIA2-like service. */
const descriptor = doc([
  resource({ type: "results" }),
  resource({
    type: "meta",
    utype: "adhoc:service",
    ID: "sia2svc",
    params: [
      param({ name: "standardID", value: "ivo://ivoa.net/std/SIA#query-2.0" }),
      param({ name: "accessURL", value: "http://example.org/sia2/query" }),
    ],
    groups: [
      group({
        name: "inputParams",
        params: [
          param({
            name: "BAND",
            datatype: "double",
            arraysize: "2",
            xtype: "interval",
            unit: "m",
            values: { min: { value: "1e-7", inclusive: true }, max: { value: "1e-5", inclusive: true } },
          }),
          param({ name: "CALIB", datatype: "int", values: { options: [0, 1, 2, 3, 4].map((n) => ({ value: String(n) })) } }),
          param({ name: "TIME", datatype: "double", arraysize: "2", unit: "d" }),
          param({ name: "obs_id", description: "observation id" }),
        ],
        paramRefs: [{ ref: "shared" }],
      }),
    ],
  }),
  resource({
    type: "meta",
    utype: "adhoc:service",
    ID: "soda",
    params: [param({ name: "standardID", value: "ivo://ivoa.net/std/SODA#sync-1.0" })],
    groups: [group({ name: "inputParams", params: [param({ name: "CIRCLE", datatype: "double", arraysize: "3", xtype: "circle" })] })],
  }),
], [param({ name: "maxrec_hint", ID: "shared", datatype: "int" })]);

describe("describeInputParams: INPUT: params (SIA1/SSA/SCS)", () => {
  const params = describeInputParams(sia1Metadata);
  const byName = (n: string) => params.find((p) => p.name === n);

  it("finds INPUT: params in document order, first declaration wins, OUTPUT: ignored", () => {
    expect(params.map((p) => p.name)).toEqual([
      "POS", "SIZE", "FORMAT", "INTERSECT", "filter", "seeing", "BAND", "exptime_MIN", "exptime_MAX", "nexp",
    ]);
    expect(params.every((p) => p.source === "input-param")).toBe(true);
  });
  it("keeps metadata, defaults and flattened options", () => {
    expect(byName("POS")).toMatchObject({ datatype: "char", unit: "deg", ucd: "pos.eq", defaultValue: "0,0" });
    expect(byName("INTERSECT")?.defaultValue).toBe("OVERLAPS");
    expect(byName("filter")?.options).toEqual([{ value: "r", name: "red" }, { value: "g", name: "green" }, { value: "g2" }]);
    expect(byName("seeing")).toMatchObject({ min: { value: 0.1, inclusive: true }, max: { value: 5, inclusive: false } });
  });
  it("classifies interval syntaxes", () => {
    expect(byName("BAND")?.interval).toBe("range");
    expect(byName("seeing")?.interval).toBeUndefined();
    expect(byName("exptime_MIN")).toMatchObject({ interval: "min-max-pair", pair: { base: "exptime", min: "exptime_MIN", max: "exptime_MAX" } });
    expect(byName("exptime_MAX")?.interval).toBe("min-max-pair");
    const pql = describeInputParams(sia1Metadata, { rangeSyntax: true });
    expect(pql.find((p) => p.name === "seeing")?.interval).toBe("range");
    expect(pql.find((p) => p.name === "FORMAT")?.interval).toBeUndefined();
  });
  it("accepts the parser's result object as well as its meta", () => {
    expect(describeInputParams({ meta: sia1Metadata })).toHaveLength(10);
  });
});

describe("describeInputParams: service descriptors (DALI/SIA2/datalink)", () => {
  it("reads the first inputParams group, resolving PARAMrefs", () => {
    const params = describeInputParams(descriptor);
    expect(params.map((p) => p.name)).toEqual(["BAND", "CALIB", "TIME", "obs_id", "maxrec_hint"]);
    expect(params[0]).toMatchObject({ interval: "dali", source: "service-descriptor", min: { value: 1e-7 } });
    expect(params[2]?.interval).toBe("dali"); // double[2] without xtype in a descriptor
  });
  it("picks a descriptor by ID or standardID", () => {
    expect(describeInputParams(descriptor, { descriptor: "soda" }).map((p) => p.name)).toEqual(["CIRCLE"]);
    expect(describeInputParams(descriptor, { descriptor: "ivo://ivoa.net/std/SODA#sync-1.0" })[0]?.xtype).toBe("circle");
    expect(describeInputParams(descriptor, { descriptor: "nope" })).toEqual([]);
  });
  it("returns [] for a document without declarations", () => {
    expect(describeInputParams(doc([resource({ type: "results" })]))).toEqual([]);
  });
});

describe("toJsonSchema", () => {
  it("describes one value per property with enum, bounds and annotations", () => {
    const schema = toJsonSchema(describeInputParams(sia1Metadata)) as {
      properties: { [k: string]: { [k: string]: unknown } };
      type: string;
      additionalProperties: boolean;
    };
    expect(schema.type).toBe("object");
    expect(schema.additionalProperties).toBe(true);
    expect(schema.properties.FORMAT).toMatchObject({ enum: ["image/fits", "image/jpeg", "ALL", "METADATA"], title: "FORMAT" });
    expect(schema.properties.seeing).toMatchObject({ type: "number", minimum: 0.1, exclusiveMaximum: 5, "x-vo-unit": "arcsec" });
    expect(schema.properties.nexp).toMatchObject({ type: "integer", minimum: 1 });
    expect(schema.properties.BAND).toMatchObject({ type: "array", minItems: 2, maxItems: 2, "x-vo-interval": "range" });
    expect(schema.properties.INTERSECT?.default).toBe("OVERLAPS");
    const dali = toJsonSchema(describeInputParams(descriptor)) as { properties: { [k: string]: { [k: string]: unknown } } };
    expect(dali.properties.CALIB).toMatchObject({ enum: [0, 1, 2, 3, 4] });
    expect(dali.properties.BAND).toMatchObject({ items: { type: ["number", "null"], minimum: 1e-7, maximum: 1e-5 } });
  });
});

describe("validateParams", () => {
  const siaSchema = toJsonSchema(describeInputParams(sia1Metadata));
  const daliSchema = toJsonSchema(describeInputParams(descriptor));
  const fails = (params: { [k: string]: unknown }, schema = siaSchema): ParameterError => {
    try {
      validateParams(params, schema);
    } catch (e) {
      expect(e).toBeInstanceOf(ParameterError);
      return e as ParameterError;
    }
    throw new Error("expected a ParameterError");
  };

  it("accepts good values, numeric strings, repetitions, case-insensitive keys, undeclared keys", () => {
    expect(() =>
      validateParams(
        { filter: ["r", "g2"], SEEING: "1.5", nexp: 3, format: "image/fits", BAND: "5e-7/6e-7", unknown: "x", exptime_min: 10 },
        siaSchema,
      ),
    ).not.toThrow();
    expect(() => validateParams({ BAND: "/6e-7", seeing: 0.1 }, siaSchema)).not.toThrow();
    // Range lists and a qualifier (SSA 1.1 §8.7.2): every range is checked on its own.
    expect(() => validateParams({ BAND: "5e-7/6e-7,7e-7/8e-7;source" }, siaSchema)).not.toThrow();
    expect(fails({ BAND: "5e-7/6e-7,x/8e-7" }).received).toBe("x/8e-7");
    expect(() => validateParams({ BAND: interval(2e-7, Infinity), CALIB: [1, "2"], TIME: "55000 55001" }, daliSchema)).not.toThrow();
    expect(() => validateParams({ BAND: [2e-7, 3e-7] }, daliSchema)).not.toThrow();
  });
  it("names the parameter and the allowed values", () => {
    const e = fails({ filter: "u" });
    expect(e.parameter).toBe("filter");
    expect(e.expected).toBe('one of "r", "g", "g2"');
    expect(e.received).toBe("u");
    expect(e.code).toBe("VO_ERR_PARAMETER");
    expect(fails({ filter: ["r", "x"] }).received).toBe("x");
    expect(fails({ CALIB: 7 }, daliSchema).expected).toBe("one of 0, 1, 2, 3, 4");
  });
  it("reports bounds and types", () => {
    expect(fails({ seeing: 5 }).expected).toBe("a number ≥ 0.1 and < 5 arcsec");
    expect(fails({ seeing: "bad" }).expected).toContain("a number");
    expect(fails({ nexp: 1.5 }).expected).toBe("an integer ≥ 1");
    expect(fails({ nexp: 0 }).parameter).toBe("nexp");
    expect(fails({ BAND: interval(1e-8, 2e-7) }, daliSchema).expected).toBe(
      'an interval "lo hi" (or interval(lo, hi)) of numbers ≥ 1e-7 and ≤ 0.00001 m',
    );
    expect(fails({ BAND: "a/b" }).expected).toContain('a range "lo/hi"');
  });
  it("takes the declared params directly", () => {
    expect(() => validateParams({ filter: "u" }, describeInputParams(sia1Metadata))).toThrow(ParameterError);
  });
});

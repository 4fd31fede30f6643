/**
 * describeInputParams on real service descriptors from pyVO's test data,
 * read in place from the shared corpus (../shared/corpus; never copied).
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ParameterError, parseVOTable } from "@vo/votable";
import { sharedCorpusDir } from "@vo/testkit";
import { interval } from "../dal/params.js";
import { describeInputParams } from "./input-params.js";
import { toJsonSchema, validateParams } from "./json-schema.js";

const CORPUS = sharedCorpusDir() ?? "";
const DATALINK = `${CORPUS}/pyvo/dal/tests/data/datalink`;
const read = async (file: string) => parseVOTable(new Uint8Array(readFileSync(`${DATALINK}/${file}`)));

describe.runIf(existsSync(DATALINK))("service descriptors from the pyVO corpus", () => {
  it("proc.xml (DaCHS SODA): intervals with bounds, options, polygon/circle arrays", async () => {
    const params = describeInputParams(await read("proc.xml"));
    const by = (n: string) => params.find((p) => p.name === n)!;
    expect(params.map((p) => p.name)).toEqual(expect.arrayContaining(["ID", "RA", "DEC", "SCALE", "POLYGON", "CIRCLE", "PIXEL_1", "KIND"]));
    expect(by("RA")).toMatchObject({ interval: "dali", unit: "deg", min: { value: 99.9141308131 }, max: { value: 102.31420252 } });
    expect(by("SCALE")).toMatchObject({ datatype: "int", min: { value: 2, inclusive: true }, max: { value: 32 } });
    expect(by("KIND").options?.map((o) => o.value)).toEqual(["HEADER", "DATA"]);
    expect(by("ID").defaultValue).toMatch(/^ivo:\/\/org\.gavo\.dc/);
    expect(by("CIRCLE").max?.value).toMatch(/^101\.11/); // a multi-number MAX stays a string

    const schema = toJsonSchema(params);
    expect(() => validateParams({ RA: interval(100, 101), SCALE: 4, KIND: "HEADER", CIRCLE: "101 -0.5 0.1" }, schema)).not.toThrow();
    expect(() => validateParams({ RA: interval(10, 11) }, schema)).toThrow(ParameterError);
    expect(() => validateParams({ SCALE: 64 }, schema)).toThrow(/≤ 32/);
    expect(() => validateParams({ PIXEL_1: "1 99999" }, schema)).toThrow(/PIXEL_1/);
    expect(() => validateParams({ CIRCLE: "1 2" }, schema)).toThrow(/CIRCLE/);
  });

  it("cutout1.xml (CADC): picks the sync or async SODA descriptor by standardID", async () => {
    const doc = await read("cutout1.xml");
    const sync = describeInputParams(doc, { descriptor: "ivo://ivoa.net/std/SODA#sync-1.0" });
    expect(sync.map((p) => p.name)).toEqual(expect.arrayContaining(["ID", "POS", "CIRCLE", "POLYGON", "BAND", "TIME"]));
    expect(sync.find((p) => p.name === "BAND")).toMatchObject({ interval: "dali", unit: "m" });
    const async_ = describeInputParams(doc, { descriptor: "ivo://ivoa.net/std/SODA#async-1.0" });
    expect(async_.length).toBeGreaterThan(0);
  });
});

/**
 * Checks written documents with STILTS `votlint`. Skipped when `stilts` is
 * not on PATH, unless VO_REQUIRE_INTEGRATION=1 makes it required.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Field, Row } from "./model.js";
import { writeVOTableToBytes } from "./writer.js";

const hasStilts = spawnSync("stilts", ["-version"], { stdio: "ignore" }).status === 0;
const required = process.env.VO_REQUIRE_INTEGRATION === "1";
const PYTHON = "/usr/bin/python3";
const hasAstropy = spawnSync(PYTHON, ["-c", "import astropy"], { stdio: "ignore" }).status === 0;

const fields: Field[] = [
  { name: "b", datatype: "boolean" },
  { name: "bits", datatype: "bit", arraysize: "8" },
  { name: "ub", datatype: "unsignedByte", values: { null: "255" } },
  { name: "s", datatype: "short", values: { null: "-32768" } },
  { name: "i", datatype: "int", values: { null: "-2147483648" }, unit: "count", ucd: "meta.number" },
  { name: "l", datatype: "long", values: { null: "-9223372036854775808" }, ucd: "meta.id;meta.main" },
  { name: "f", datatype: "float", unit: "mag" },
  { name: "d", datatype: "double", unit: "deg", ucd: "pos.eq.ra", description: "RA <ICRS> & more" },
  { name: "fc", datatype: "floatComplex" },
  { name: "dc", datatype: "doubleComplex" },
  { name: "c", datatype: "char", arraysize: "*" },
  { name: "c8", datatype: "char", arraysize: "8" },
  { name: "u", datatype: "unicodeChar", arraysize: "*" },
  { name: "fa3", datatype: "float", arraysize: "3" },
  { name: "md", datatype: "double", arraysize: "2x2" },
  { name: "iv", datatype: "int", arraysize: "*" },
  { name: "ts", datatype: "char", arraysize: "*", xtype: "timestamp" },
];

function row(i: number): Row {
  if (i % 5 === 4) {
    // Nulls wherever each serialisation can hold them (bit cannot be null in BINARY; fixed arrays stay filled).
    return [null, [true, false, true, false, true, false, true, false], null, null, null, null, null, null, null, null, null, null, null,
      new Float32Array([NaN, 1, 2]), new Float64Array(4), null, null];
  }
  return [
    i % 2 === 0, [true, false, false, true, false, false, true, true], i % 255, -i, i * 1000, BigInt(i) * 10n ** 17n, i / 3, -i * 1e10,
    [i, -i], [Infinity, NaN], `tab\there "q" <&> ${i}`, "12345678".slice(0, i % 9), "naïve €",
    new Float32Array([i, i + 1, i + 2]), new Float64Array([1, 2, 3, i]), new Int32Array(i % 4).fill(i), "2024-01-02T03:04:05",
  ];
}

describe.skipIf(!hasStilts && !required)("writer output passes STILTS votlint", () => {
  const dir = mkdtempSync(join(tmpdir(), "vo-writer-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const csv = new Map<string, string>();

  it("has stilts on PATH", () => {
    expect(hasStilts, "stilts not on PATH (apt-get install stilts)").toBe(true);
  });

  for (const serialization of ["TABLEDATA", "BINARY", "BINARY2"] as const) {
    for (const version of ["1.3", "1.4"] as const) {
      it(`${serialization}, VOTable ${version}`, async () => {
        const rows = Array.from({ length: 12 }, (_, i) => row(i));
        const bytes = await writeVOTableToBytes(
          {
            fields,
            rows,
            name: "lint",
            description: "written by @vo/votable",
            params: [{ name: "radius", datatype: "double", unit: "deg", parsed: 0.25 }],
            infos: [{ name: "QUERY_STATUS", value: "OK" }],
          },
          { serialization, version },
        );
        const file = join(dir, `${serialization}-${version}.vot`);
        writeFileSync(file, bytes);
        // votlint's version= checks against that schema; 1.5 is not known to STILTS 3.4, hence 1.3 and 1.4 only.
        const out = execFileSync("stilts", ["votlint", `votable=${file}`, `version=${version}`], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        expect(out.trim()).toBe("");
        const count = execFileSync("stilts", ["tpipe", `in=${file}`, "omode=count"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        expect(count).toMatch(new RegExp(`columns: ${fields.length}\\s+rows: ${rows.length}`));
        if (hasAstropy) {
          // astropy reads it too (optional: not every machine has it).
          const n = execFileSync(PYTHON, ["-W", "ignore", "-c", "import sys; from astropy.io.votable import parse; print(len(parse(sys.argv[1]).get_first_table().to_table()))", file], { encoding: "utf8" });
          expect(n.trim()).toBe(String(rows.length));
        }
        csv.set(`${serialization}-${version}`, execFileSync("stilts", ["tpipe", `in=${file}`, "ofmt=csv"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
      });
    }
  }

  it("STIL reads the same values from every serialisation", () => {
    const td = csv.get("TABLEDATA-1.4");
    expect(td).toBeDefined();
    // BINARY has no null flags (NaN and magic values instead), so BINARY2 is the one to match.
    // A null complex is "NaN NaN" in TABLEDATA (votlint wants two numbers), a flagged null in BINARY2.
    expect(csv.get("BINARY2-1.4")).toBe(td!.replaceAll('"(NaN, NaN)"', ""));
  });
});

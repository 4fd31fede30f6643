/**
 * Bit arrays between @vo and the peers: STILTS (STIL, the reference for
 * BINARY/BINARY2) reads what @vo writes, and @vo reads what astropy writes
 * (astropy's own layout for variable bit arrays). A missing peer fails.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Field, Row } from "./model.js";
import { sharedCorpusDir } from "@vo/testkit";
import { parseVOTable } from "./parse-votable.js";
import { writeVOTableToBytes } from "./writer.js";

const PYTHON = "/usr/bin/python3";
const hasStilts = spawnSync("stilts", ["-version"], { stdio: "ignore" }).status === 0;
const hasAstropy = spawnSync(PYTHON, ["-c", "import astropy"], { stdio: "ignore" }).status === 0;
const SIZES = [0, 1, 7, 8, 9, 16, 17, 100];

function bits(n: number, seed: number): boolean[] {
  return Array.from({ length: n }, (_, k) => ((k * 7 + seed * 3 + (k >> 2)) % 5) < 2);
}

const dir = mkdtempSync(join(tmpdir(), "vo-bits-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("bit arrays with STILTS", () => {
  it("has stilts on PATH (scripts/install-peers.sh)", () => {
    expect(hasStilts, "stilts not on PATH").toBe(true);
  });

  // No scalar bit: STILTS 3.4.7 fails on one (ClassCastException).
  const fields: Field[] = [
    { name: "v", datatype: "bit", arraysize: "*" },
    { name: "vb", datatype: "bit", arraysize: "100*" },
    { name: "v3", datatype: "bit", arraysize: "3x*" },
    { name: "f9", datatype: "bit", arraysize: "9" },
    { name: "f17", datatype: "bit", arraysize: "17" },
    { name: "s2", datatype: "short", arraysize: "2x*" },
    { name: "i", datatype: "int" },
  ];
  const rows: Row[] = SIZES.map((n, r) => [bits(n, r), bits(n, r + 1), bits(3 * n, r + 2), bits(9, r), bits(17, r), new Int16Array(2 * n).map((_, k) => k - r), r]);
  rows.push([null, null, null, bits(9, 9), bits(17, 9), null, 99]);

  for (const serialization of ["BINARY", "BINARY2"] as const) {
    it.runIf(hasStilts)(`reads @vo's ${serialization} bit arrays as @vo wrote them`, async () => {
      const file = join(dir, `ours-${serialization}.vot`);
      writeFileSync(file, await writeVOTableToBytes({ fields, rows }, { serialization }));
      // STIL reads bits as booleans; its TABLEDATA copy is read back by @vo's reader.
      const p = spawnSync("stilts", ["tpipe", `in=${file}`, "ifmt=votable", "ofmt=votable-tabledata"], { encoding: "utf8" });
      expect(p.status, p.stderr).toBe(0);
      const t = (await parseVOTable(p.stdout, { strict: true })).tables[0]!;
      expect(t.length).toBe(rows.length);
      rows.forEach((want, r) => {
        // A null variable array: BINARY has no null, BINARY2 flags it; STIL's empty TD reads as [].
        const w = want.map((x, j) => (x === null ? (fields[j]!.datatype === "short" ? new Int16Array(0) : []) : x));
        expect(t.row(r), `row ${r}`).toEqual(w);
      });
    });
  }
});

describe("bit arrays written by astropy", () => {
  it("has astropy for /usr/bin/python3 (scripts/install-peers.sh)", () => {
    expect(hasAstropy, "python3-astropy not installed").toBe(true);
  });

  for (const format of ["binary", "binary2"] as const) {
    it.runIf(hasAstropy)(`reads astropy's ${format} bool columns: scalar (0x08), fixed (packed) and variable (a byte per bit)`, async () => {
      const file = join(dir, `astropy-${format}.vot`);
      const script = `
import sys, numpy as np
from astropy.table import Table
from astropy.io.votable import from_table
sizes = [${SIZES.join(", ")}]
def bits(n, seed): return np.array([((k * 7 + seed * 3 + (k >> 2)) % 5) < 2 for k in range(n)], dtype=bool)
t = Table()
t["s"] = np.array([r % 2 == 0 for r in range(len(sizes))])
t["f9"] = np.array([bits(9, r) for r in range(len(sizes))])
v = np.empty(len(sizes), dtype=object)
for r, n in enumerate(sizes): v[r] = np.ma.array(bits(n, r), mask=np.zeros(n, dtype=bool))
t["v"] = v
t["i"] = np.arange(len(sizes), dtype=np.int32)
from_table(t).to_xml(sys.argv[1], tabledata_format="${format}")
`;
      const p = spawnSync(PYTHON, ["-c", script, file], { encoding: "utf8" });
      expect(p.status, p.stderr).toBe(0);
      const text = readFileSync(file, "utf8");
      expect(text).toMatch(/datatype="bit" name="v"|name="v"[^>]*datatype="bit"/);
      const d = await parseVOTable(text);
      expect(d.warnings.map((w) => w.code)).toEqual(["VO_WARN_VOTABLE_BIT_LAYOUT"]);
      const t = d.tables[0]!;
      SIZES.forEach((n, r) => expect(t.row(r), `row ${r}`).toEqual([r % 2 === 0, bits(9, r), bits(n, r), r]));
    });
  }
});

describe("multi-dimensional variable arrays written by STILTS", () => {
  it.runIf(hasStilts)("astropy's regression.xml (2x*, 2x3x* of every datatype) rewritten by STILTS in BINARY and BINARY2 reads as its TABLEDATA original", async () => {
    const corpus = sharedCorpusDir();
    expect(corpus, "the shared corpus (../shared/corpus)").toBeDefined();
    const source = join(corpus!, "astropy-votable/io/votable/tests/data/regression.xml");
    const original = (await parseVOTable(readFileSync(source))).tables[0]!;
    expect(original.length).toBeGreaterThan(3);
    const td = spawnSync("stilts", ["tpipe", `in=${source}`, "ifmt=votable", "ofmt=votable-tabledata"], { encoding: "utf8", maxBuffer: 1 << 26 });
    expect(td.status, td.stderr).toBe(0);
    const viaStil = (await parseVOTable(td.stdout)).tables[0]!;
    // long 2x*, bit 2x3x* (boolean to STIL), doubleComplex 2x* (double 2x* to STIL)
    const multi = viaStil.fields.filter((f) => /x[0-9]*\*$/.test(f.arraysize ?? "")).map((f) => f.name);
    expect(multi.length).toBe(3);
    for (const format of ["votable-binary", "votable-binary2"]) {
      const p = spawnSync("stilts", ["tpipe", `in=${source}`, "ifmt=votable", `ofmt=${format}`], { encoding: "utf8", maxBuffer: 1 << 26 });
      expect(p.status, p.stderr).toBe(0);
      const t = (await parseVOTable(p.stdout)).tables[0]!;
      expect(t.length).toBe(original.length);
      // STIL's own TABLEDATA copy is the reference for what STIL means (it turns bit into boolean).
      for (const name of multi) {
        for (let r = 0; r < t.length; r++) {
          const want = viaStil.column(name)!.get(r);
          const got = t.column(name)!.get(r);
          // Null and empty are one in TABLEDATA (read as empty) and in BINARY (no null); BINARY2 flags null.
          const empty = (v: unknown): boolean => v === null || (v as ArrayLike<unknown>).length === 0;
          if (empty(want) || empty(got)) expect([empty(got), empty(want)], `${format} ${name} row ${r}`).toEqual([true, true]);
          else expect(got, `${format} ${name} row ${r}`).toEqual(want);
        }
      }
    }
  });
});

/**
 * Runs the UWS and VOSI parsers over pyVO's real documents, read in place from
 * the shared corpus (never copied into the repository).
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DALFormatError } from "@vo/votable";
import { sharedCorpusDir } from "@vo/testkit";
import { parseAvailability } from "./availability.js";
import { parseCapabilities } from "./capabilities.js";
import { parseVOSITables } from "./tables.js";
import { parseUWSJob } from "./uws.js";

const CORPUS = sharedCorpusDir() ?? "";

interface Entry {
  kind: string;
  root?: string;
  note?: string;
}

function load(): [string, Entry][] {
  const path = `${CORPUS}/expected.json`;
  if (!existsSync(path)) return [];
  return Object.entries(JSON.parse(readFileSync(path, "utf8")) as { [file: string]: Entry });
}

/** Fills the two template documents the way pyVO's tests do, with nothing extra. */
function read(file: string): string {
  return readFileSync(`${CORPUS}/${file}`, "utf8").replace("$security_methods", "").replace("{extra_elements}", "");
}

const entries = load().filter(([, e]) => e.kind === "other");
const local = (root: string | undefined): string => (root ?? "").replace(/^.*:/, "");
// pyVO's own documents that break a rule VODataService makes mandatory.
const MUST_FAIL = /no_table_name|no_fromcolumn|no_targetcolumn/;

describe.runIf(CORPUS !== "")("shared corpus", () => {
  it("holds UWS and VOSI documents", () => {
    expect(entries.filter(([, e]) => ["job", "capabilities", "tableset", "availability"].includes(local(e.root))).length).toBeGreaterThan(40);
  });

  for (const [file, e] of entries) {
    const root = local(e.root);
    if (root === "job") {
      it(`UWS ${file}`, () => {
        const job = parseUWSJob(read(file));
        expect(job.jobId).not.toBe("");
        expect(job.phase).toMatch(/^(COMPLETED|ERROR)$/);
        if (job.phase === "ERROR") expect(job.errorSummary?.message).toBe("We have problem");
      });
    } else if (root === "capabilities") {
      it(`VOSI capabilities ${file}`, () => {
        const caps = parseCapabilities(read(file));
        expect(caps.capabilities.length).toBeGreaterThan(0);
        for (const c of caps.capabilities) expect(c.standardId).toMatch(/^ivo:\/\//);
      });
    } else if (root === "tableset" || root === "table") {
      it(`VOSI tables ${file}`, () => {
        if (MUST_FAIL.test(file)) {
          expect(() => parseVOSITables(read(file))).toThrow(DALFormatError);
          return;
        }
        const schemas = parseVOSITables(read(file));
        const declared = (read(file).match(/<table[\s>]/g) ?? []).length;
        expect(schemas.flatMap((s) => s.tables).length).toBe(declared);
      });
    } else if (root === "availability") {
      it(`VOSI availability ${file}`, () => {
        const a = parseAvailability(read(file));
        expect(a).toMatchObject({ available: true, notes: ["foo", "bar"] });
      });
    }
  }

  it("finds UNION, CAST and UDFs in GAVO's capabilities", () => {
    const caps = parseCapabilities(read("pyvo/dal/tests/data/tap/capabilities.xml"));
    expect(caps.supportsFeature("adql-sets", "UNION")).toBe(true);
    expect(caps.supportsFeature("adql-type", "CAST")).toBe(true);
    expect(caps.supportsFeature("adqlgeo", "CONTAINS")).toBe(true);
    expect(caps.getUdf("gavo_match")?.returns).toBe("INTEGER");
    expect(caps.supportsUploads("inline")).toBe(true);
    expect(caps.maxrecLimits()).toEqual({ default: 20000, hard: 10000000 });
    expect(caps.uploadLimit()?.hard).toEqual({ value: 100000000, unit: "byte" });
    expect(caps.supportsOutputFormat("votable/b2")).toBe(true);
  });

  it("reads pyVO's lazy table, which uses xsi: without declaring it", () => {
    const [s] = parseVOSITables(read("pyvo/dal/tests/data/tap/lazy-table1.xml"));
    const t = s!.tables[0]!;
    expect(t.name).toBe("test.table1");
    expect(t.columns[0]).toMatchObject({ name: "id", indexed: true, primary: true, datatype: { name: "VARCHAR", kind: "TAP", delim: ";", size: 42 } });
    expect(t.foreignKeys[0]!.targetTable).toBe("test.foreigntable");
  });
});

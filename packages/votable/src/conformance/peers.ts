/**
 * The peer part of the conformance run: VOTables written by other software,
 * read by @vo/votable and by astropy, compared value by value.
 *
 * - DaCHS (the local test server, `VO_DACHS_URL`, default
 *   http://localhost:8080): TAP answers in each serialisation (TABLEDATA,
 *   BINARY, BINARY2) and its SCS, SIA and SSA answers.
 * - STILTS: the corpus's VOTables with rows, rewritten by `stilts tmulti` in
 *   each serialisation (votable-tabledata, votable-binary, votable-binary2),
 *   one JVM per serialisation, then split into one document per table.
 *
 * A peer that is missing (DaCHS not answering, no `stilts`, no astropy) is a
 * failure, not a skip. A document astropy cannot read is skipped with its
 * reason (there is nothing to compare with); one @vo cannot read is a failure.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sameValue, show, type ExpectedValue } from "./compare.js";
import type { Field } from "../model.js";

const PYTHON = "/usr/bin/python3";
const ASTROPY_VALUES = fileURLToPath(new URL("../../conformance/astropy-values.py", import.meta.url));

/** What a parse in a worker gave: every table with its cells, or the error. */
export type FullOutcome =
  | { ok: true; tables: { rows: number; fields: Field[]; cells?: unknown[][] }[] }
  | { ok: false; error: { name: string; message: string } };

/** astropy's reading of one file. */
type AstropyReading = { tables: { fields: string[]; rows: ExpectedValue[][] }[] } | { error: string };

/** Counts of the peer run. */
export interface PeerTally {
  passed: number;
  failed: number;
  skipped: number;
}

/** One peer-written document to compare. */
interface PeerDoc {
  /** What it is, for the report: "DaCHS TAP vo_sample.cat (BINARY2)". */
  label: string;
  file: string;
}

const TAP_QUERIES = [
  "SELECT * FROM vo_sample.cat",
  "SELECT TOP 200 * FROM ivoa.obscore",
  "SELECT TOP 300 * FROM tap_schema.columns",
];
const TAP_FORMATS: [string, string][] = [["votable/td", "TABLEDATA"], ["votable", "BINARY"], ["votable/b2", "BINARY2"]];
const STILTS_FORMATS = ["votable-tabledata", "votable-binary", "votable-binary2"];

/** Fetches DaCHS answers into `dir`. */
async function dachsDocs(dir: string, failures: string[]): Promise<PeerDoc[]> {
  const base = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/$/, "");
  const urls: [string, string][] = [];
  TAP_QUERIES.forEach((q) => {
    for (const [fmt, name] of TAP_FORMATS) {
      const u = `${base}/tap/sync?${new URLSearchParams({ REQUEST: "doQuery", LANG: "ADQL", QUERY: q, RESPONSEFORMAT: fmt })}`;
      urls.push([`DaCHS TAP "${q}" (${name})`, u]);
    }
  });
  urls.push(["DaCHS SCS cone", `${base}/vosample/cat/cone/scs.xml?RA=10.6847&DEC=41.269&SR=2`]);
  urls.push(["DaCHS SIA 1 query", `${base}/vosample/img/siap/siap.xml?POS=10.6847,41.269&SIZE=5`]);
  urls.push(["DaCHS SSA query", `${base}/vosample/spec/ssa/ssap.xml?REQUEST=queryData&POS=10.6847,41.269&SIZE=5`]);
  const docs: PeerDoc[] = [];
  for (const [i, [label, url]] of urls.entries()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      const body = new Uint8Array(await res.arrayBuffer());
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const file = join(dir, `dachs-${i}.xml`);
      writeFileSync(file, body);
      docs.push({ label, file });
    } catch (e) {
      failures.push(`FAIL ${label}: the local DaCHS did not answer (${(e as Error).message}); start it with scripts/start-dachs.sh`);
    }
  }
  return docs;
}

/** Splits a STILTS multi-table document into one document per top-level RESOURCE holding a TABLE. */
export function splitByResource(xml: string): string[] {
  const start = xml.search(/<RESOURCE[\s>]/);
  if (start < 0) return [];
  const head = xml.slice(0, start);
  const out: string[] = [];
  let depth = 0;
  let from = -1;
  const tag = /<(\/?)RESOURCE[\s>]/g;
  tag.lastIndex = start;
  for (let m = tag.exec(xml); m !== null; m = tag.exec(xml)) {
    if (m[1] === "") {
      if (depth === 0) from = m.index;
      depth++;
    } else {
      depth--;
      if (depth === 0) {
        const end = xml.indexOf(">", m.index) + 1;
        const block = xml.slice(from, end);
        if (/<TABLE[\s>]/.test(block)) out.push(`${head}${block}\n</VOTABLE>\n`);
      }
    }
  }
  return out;
}

/** Rewrites the corpus's documents with rows through STILTS in each serialisation, one document per table. */
function stiltsDocs(corpus: string, dir: string, failures: string[]): PeerDoc[] {
  const expected = JSON.parse(readFileSync(join(corpus, "expected.json"), "utf8")) as Record<string, { kind: string; valid?: boolean; requires?: string; gzip?: boolean; tables?: { rows: number }[] }>;
  const sources = Object.entries(expected)
    .filter(([path, e]) => e.kind === "votable" && e.valid === true && !e.requires && !path.endsWith(".gz") && (e.tables?.[0]?.rows ?? 0) > 0)
    .map(([path]) => path);
  const docs: PeerDoc[] = [];
  for (const fmt of STILTS_FORMATS) {
    const out = join(dir, `stilts-${fmt}.xml`);
    const r = spawnSync("stilts", ["tmulti", "ifmt=votable", ...sources.map((s) => `in=${join(corpus, s)}`), `out=${out}`, `ofmt=${fmt}`], { encoding: "utf8", timeout: 300_000 });
    if (r.error !== undefined || r.status !== 0) {
      failures.push(`FAIL STILTS tmulti ofmt=${fmt}: ${r.error?.message ?? r.stderr.split("\n").filter((l) => !l.startsWith("WARNING")).join(" ").slice(0, 300)} (install Debian's stilts: scripts/install-peers.sh)`);
      continue;
    }
    const parts = splitByResource(readFileSync(out, "utf8"));
    if (parts.length !== sources.length) {
      failures.push(`FAIL STILTS tmulti ofmt=${fmt}: ${parts.length} tables written for ${sources.length} documents`);
      continue;
    }
    parts.forEach((xml, i) => {
      const file = join(dir, `stilts-${fmt}-${i}.xml`);
      writeFileSync(file, xml);
      docs.push({ label: `STILTS ${fmt} of ${sources[i]}`, file });
    });
  }
  return docs;
}

/** astropy's readings of the files (one Python process). */
function astropyReadings(files: string[], failures: string[]): Record<string, AstropyReading> | undefined {
  const r = spawnSync(PYTHON, [ASTROPY_VALUES, ...files], { encoding: "utf8", maxBuffer: 1 << 30, timeout: 600_000 });
  if (r.error !== undefined || r.status !== 0) {
    failures.push(`FAIL astropy (${PYTHON} with python3-astropy): ${r.error?.message ?? r.stderr.slice(-300)}`);
    return undefined;
  }
  return JSON.parse(r.stdout) as Record<string, AstropyReading>;
}

/**
 * sameValue, plus one known difference between the peers: astropy strips
 * the blanks around a TABLEDATA string (STILTS keeps them, as @vo does: the
 * TD's text is the value), so strings equal once trimmed match.
 */
function samePeerValue(a: unknown, e: ExpectedValue, f: Field): boolean {
  if (sameValue(a, e, f)) return true;
  if (typeof a === "string" && typeof e === "string") return a.trim() === e.trim();
  if (Array.isArray(a) && Array.isArray(e) && a.length === e.length) return a.every((x, i) => samePeerValue(x, e[i] as ExpectedValue, f));
  return false;
}

/** Compares @vo's reading of a document with astropy's, table by table and cell by cell (at most 5 failures). */
export function comparePeer(outcome: FullOutcome, reading: { tables: { fields: string[]; rows: ExpectedValue[][] }[] }): string[] {
  if (!outcome.ok) return [`${outcome.error.name}: ${outcome.error.message}`];
  const failures: string[] = [];
  if (outcome.tables.length !== reading.tables.length) return [`${outcome.tables.length} tables, astropy ${reading.tables.length}`];
  outcome.tables.forEach((t, k) => {
    const want = reading.tables[k]!;
    const names = t.fields.map((f) => f.name);
    if (names.join("\u0000") !== want.fields.join("\u0000")) failures.push(`table ${k}: fields [${names.join(", ")}], astropy [${want.fields.join(", ")}]`);
    const cells = t.cells ?? [];
    if (cells.length !== want.rows.length) {
      failures.push(`table ${k}: ${cells.length} rows, astropy ${want.rows.length}`);
      return;
    }
    want.rows.forEach((row, r) => {
      t.fields.forEach((f, j) => {
        const a = cells[r]![j];
        const e = row[j] ?? null;
        if (!samePeerValue(a, e, f) && failures.length < 5) failures.push(`table ${k} row ${r} ${f.name}: got ${show(a)}, astropy ${show(e)}`);
      });
    });
  });
  return failures;
}

/**
 * Runs the peer part; `parse` reads one file in a worker with the cells of
 * every table. Prints one line per failure or skip.
 */
export async function runPeers(corpus: string, parse: (file: string) => Promise<FullOutcome | { ok: false; crash: string }>): Promise<PeerTally> {
  const dir = mkdtempSync(join(tmpdir(), "vo-conformance-peers-"));
  const failures: string[] = [];
  const tally: PeerTally = { passed: 0, failed: 0, skipped: 0 };
  try {
    const docs = [...(await dachsDocs(dir, failures)), ...stiltsDocs(corpus, dir, failures)];
    const readings = docs.length > 0 ? astropyReadings(docs.map((d) => d.file), failures) : undefined;
    for (const line of failures) console.log(line);
    tally.failed += failures.length;
    if (readings === undefined) return tally;
    for (const d of docs) {
      const reading = readings[d.file];
      if (reading === undefined || "error" in reading) {
        tally.skipped++;
        console.log(`SKIP ${d.label}: astropy cannot read it (${reading?.error ?? "no answer"}); nothing to compare with`);
        continue;
      }
      const outcome = await parse(d.file);
      const problems = "crash" in outcome ? [outcome.crash] : comparePeer(outcome, reading);
      if (problems.length === 0) tally.passed++;
      else {
        tally.failed++;
        for (const p of problems) console.log(`FAIL ${d.label}: ${p}`);
      }
    }
    return tally;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

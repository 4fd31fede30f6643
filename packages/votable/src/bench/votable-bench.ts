/**
 * VOTable reader benchmark against PERF.md's targets (T1–T8):
 * `npm run bench:votable -- [--rows 100000] [--runs 3] [--regen] [--no-astropy] [--no-stilts]`.
 *
 * Files (1k, 100k and 1M rows, TABLEDATA/BINARY/BINARY2) are written once
 * into bench/out with the @vo/votable writer (not timed). Every measurement
 * is a fresh process, so peak RSS is per run: Node streaming rows
 * (openVOTable), Node to columns (parseVOTable), astropy
 * `parse().get_first_table().to_table()` and STILTS `tpipe omode=checksum`
 * when installed. Times are whole-process wall times, medians of `--runs`;
 * the runs of the tools alternate, so ratios are paired.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeBenchFile } from "./bench-data.js";

type Format = "TABLEDATA" | "BINARY" | "BINARY2";
const FORMATS: Format[] = ["TABLEDATA", "BINARY", "BINARY2"];
const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const MEASURE = fileURLToPath(new URL("./measure.js", import.meta.url));
const PYTHON = "/usr/bin/python3";
const ASTROPY = "import sys; from astropy.io.votable import parse; t = parse(sys.argv[1]).get_first_table().to_table(); print(len(t))";
const MiB = 1024 * 1024;

/** One process run: wall seconds, peak RSS (KiB) and, for Node, its own timing and row count. */
interface Run {
  wall: number;
  maxRssKiB: number | undefined;
  inner?: number;
  rows?: number;
}

/** Medians of the runs of one tool on one file. */
interface Stats {
  wall: number;
  inner: number;
  peakMiB: number;
  rows: number;
}

interface Args {
  sizes: number[];
  runs: number;
  regen: boolean;
  astropy: boolean;
  stilts: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { sizes: [1_000, 100_000, 1_000_000], runs: 3, regen: false, astropy: true, stilts: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--rows") args.sizes = [1_000, Number(argv[++i])];
    else if (a === "--runs") args.runs = Math.max(1, Number(argv[++i]));
    else if (a === "--regen") args.regen = true;
    else if (a === "--no-astropy") args.astropy = false;
    else if (a === "--no-stilts") args.stilts = false;
    else throw new Error(`unknown option ${a}; options: --rows N, --runs N, --regen, --no-astropy, --no-stilts`);
  }
  return args;
}

const hasTime = existsSync("/usr/bin/time");

/** Runs a command, timing the whole process; peak RSS from /usr/bin/time when present. */
function run(cmd: string, args: string[]): { run: Run; stdout: string } {
  const argv = hasTime ? ["-f", "%M", cmd, ...args] : args;
  const t0 = performance.now();
  const p = spawnSync(hasTime ? "/usr/bin/time" : cmd, argv, { encoding: "utf8", maxBuffer: 64 * MiB });
  const wall = (performance.now() - t0) / 1000;
  if (p.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${p.stderr.slice(-500)}`);
  const rss = hasTime ? Number(p.stderr.trim().split("\n").at(-1)) : undefined;
  return { run: { wall, maxRssKiB: rss }, stdout: p.stdout };
}

function node(mode: "stream" | "columns", file: string): Run {
  const { run: r, stdout } = run(process.execPath, [MEASURE, mode, file]);
  const own = JSON.parse(stdout.trim().split("\n").at(-1)!) as { rows: number; seconds: number; maxRssKiB: number };
  return { ...r, maxRssKiB: r.maxRssKiB ?? own.maxRssKiB, inner: own.seconds, rows: own.rows };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function stats(runs: Run[]): Stats {
  return {
    wall: median(runs.map((r) => r.wall)),
    inner: median(runs.map((r) => r.inner ?? r.wall)),
    peakMiB: median(runs.map((r) => (r.maxRssKiB ?? NaN) / 1024)),
    rows: runs[0]?.rows ?? NaN,
  };
}

function works(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: "ignore" }).status === 0;
}

const fmt = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : "—");
const pad = (s: string, n: number): string => s.padStart(n);

interface Result {
  rows: number;
  format: Format;
  bytes: number;
  stream: Stats;
  columns: Stats;
  astropy?: Stats;
  stilts?: Stats;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const outDir = join(REPO_ROOT, "bench/out");
  mkdirSync(outDir, { recursive: true });
  const astropy = args.astropy && works(PYTHON, ["-c", "import astropy"]);
  const stilts = args.stilts && works("stilts", ["-version"]);
  console.log(`astropy: ${astropy ? "yes" : "no"}, stilts: ${stilts ? "yes" : "no"}, runs: ${args.runs}, peak RSS from ${hasTime ? "/usr/bin/time" : "the Node process only"}`);

  const results: Result[] = [];
  for (const rows of args.sizes) {
    for (const format of FORMATS) {
      const file = join(outDir, `catalogue-${rows}-${format.toLowerCase()}.vot`);
      if (args.regen || !existsSync(file)) {
        const t0 = performance.now();
        await writeBenchFile(file, rows, format);
        console.log(`wrote ${file} in ${fmt((performance.now() - t0) / 1000, 1)} s`);
      }
      const runs: Record<"stream" | "columns" | "astropy" | "stilts", Run[]> = { stream: [], columns: [], astropy: [], stilts: [] };
      const external = rows >= 100_000;
      for (let r = 0; r < args.runs; r++) {
        runs.stream.push(node("stream", file));
        runs.columns.push(node("columns", file));
        if (astropy && external) runs.astropy.push(run(PYTHON, ["-c", ASTROPY, file]).run);
        if (stilts && external) runs.stilts.push(run("stilts", ["tpipe", `in=${file}`, "omode=checksum"]).run);
      }
      const res: Result = { rows, format, bytes: statSync(file).size, stream: stats(runs.stream), columns: stats(runs.columns) };
      if (runs.astropy.length) res.astropy = stats(runs.astropy);
      if (runs.stilts.length) res.stilts = stats(runs.stilts);
      if (res.columns.rows !== rows || res.stream.rows !== rows) throw new Error(`${file}: read ${res.columns.rows}/${res.stream.rows} rows, wrote ${rows}`);
      results.push(res);
      report(res);
    }
  }
  targets(results);
}

function report(r: Result): void {
  const mb = r.bytes / 1e6;
  const s = r.stream;
  const c = r.columns;
  let line =
    `${pad(String(r.rows), 8)} ${r.format.padEnd(9)} ${pad(fmt(mb, 1), 7)} MB | ` +
    `stream ${pad(fmt(r.rows / s.inner / 1e3, 0), 6)}k rows/s ${pad(fmt(mb / s.inner, 0), 4)} MB/s peak ${pad(fmt(s.peakMiB, 0), 4)} MiB | ` +
    `columns ${pad(fmt(c.wall, 3), 7)} s ${pad(fmt(mb / c.inner, 0), 4)} MB/s peak/size ${fmt((c.peakMiB * MiB) / r.bytes)}`;
  if (r.astropy) line += ` | astropy ${fmt(r.astropy.wall)} s (${fmt(r.astropy.wall / c.wall, 1)}x)`;
  if (r.stilts) line += ` | stilts ${fmt(r.stilts.wall)} s (${fmt(r.stilts.wall / c.wall, 1)}x)`;
  console.log(line);
}

/** Prints each PERF.md target with the measured figure and PASS/MISS (n/a when not measured). */
function targets(results: Result[]): void {
  const get = (rows: number, format: Format): Result | undefined => results.find((r) => r.rows === rows && r.format === format);
  const td = get(1_000_000, "TABLEDATA");
  const b2 = get(1_000_000, "BINARY2");
  const b1 = get(1_000_000, "BINARY");
  const lines: [string, string, boolean | undefined][] = [];
  const add = (id: string, text: string, ok: boolean | undefined): void => void lines.push([id, text, ok]);
  const ratio = (other: Stats | undefined, mine: Stats): number => (other ? other.wall / mine.wall : NaN);

  add("T1", `TABLEDATA 1M → columns ≤ 3.0 s (stretch 2.5): ${td ? fmt(td.columns.wall) : "—"} s`, td && td.columns.wall <= 3.0);
  add(
    "T2",
    `T1 ≥ 10× astropy, ≥ 2.5× STIL: ${td ? `${fmt(ratio(td.astropy, td.columns), 1)}×, ${fmt(ratio(td.stilts, td.columns), 1)}×` : "—"}`,
    td && td.astropy && td.stilts ? ratio(td.astropy, td.columns) >= 10 && ratio(td.stilts, td.columns) >= 2.5 : undefined,
  );
  add("T3", "saxes-only fallback ≤ 9 s: the reader has no switch to force its saxes path", undefined);
  add(
    "T4",
    `BINARY2 and BINARY 1M → columns ≤ 1.2 s: ${b2 ? fmt(b2.columns.wall) : "—"} s, ${b1 ? fmt(b1.columns.wall) : "—"} s`,
    b2 && b1 ? b2.columns.wall <= 1.2 && b1.columns.wall <= 1.2 : undefined,
  );
  add(
    "T5",
    `BINARY2 ≥ 30× astropy, ≥ 2.5× STIL: ${b2 ? `${fmt(ratio(b2.astropy, b2.columns), 1)}×, ${fmt(ratio(b2.stilts, b2.columns), 1)}×` : "—"}`,
    b2 && b2.astropy && b2.stilts ? ratio(b2.astropy, b2.columns) >= 30 && ratio(b2.stilts, b2.columns) >= 2.5 : undefined,
  );
  const ps = (r: Result | undefined): number => (r ? (r.columns.peakMiB * MiB) / r.bytes : NaN);
  add("T6", `peak/size to columns ≤ 0.8 TABLEDATA, ≤ 1.6 BINARY2: ${fmt(ps(td))}, ${fmt(ps(b2))}`, td && b2 ? ps(td) <= 0.8 && ps(b2) <= 1.6 : undefined);
  const big = FORMATS.map((f) => get(1_000_000, f)).filter((r): r is Result => r !== undefined);
  const small = FORMATS.map((f) => get(100_000, f));
  const peak1M = Math.max(...big.map((r) => r.stream.peakMiB));
  const growth = Math.max(...big.map((r, i) => r.stream.peakMiB / (small[i]?.stream.peakMiB ?? NaN)));
  const rate = (r: Result | undefined): number => (r ? r.rows / r.stream.inner : NaN);
  add(
    "T7",
    `streaming 1M: peak ≤ 150 MiB (${fmt(peak1M, 0)}), ≤ 1.3× the 100k peak (${fmt(growth)}×), TABLEDATA ≥ 300k rows/s (${fmt(rate(td) / 1e3, 0)}k), BINARY2 ≥ 1M rows/s (${fmt(rate(b2) / 1e3, 0)}k)`,
    big.length === 3 ? peak1M <= 150 && growth <= 1.3 && rate(td) >= 3e5 && rate(b2) >= 1e6 : undefined,
  );
  const t100 = get(100_000, "TABLEDATA");
  const b100 = get(100_000, "BINARY2");
  const t1k = get(1_000, "TABLEDATA");
  const b1k = get(1_000, "BINARY2");
  add(
    "T8",
    `100k: TABLEDATA ≤ 0.45 s (${t100 ? fmt(t100.columns.wall, 3) : "—"}), BINARY2 ≤ 0.20 s (${b100 ? fmt(b100.columns.wall, 3) : "—"}); 1k ≤ 0.1 s (${t1k ? fmt(t1k.columns.wall, 3) : "—"}, ${b1k ? fmt(b1k.columns.wall, 3) : "—"})`,
    t100 && b100 && t1k && b1k ? t100.columns.wall <= 0.45 && b100.columns.wall <= 0.2 && t1k.columns.wall <= 0.1 && b1k.columns.wall <= 0.1 : undefined,
  );
  console.log("\nPERF.md targets (whole-process medians; rows/s and MB/s from the time inside the process):");
  for (const [id, text, ok] of lines) console.log(`${id} ${ok === undefined ? "n/a " : ok ? "PASS" : "MISS"} ${text}`);
}

await main();

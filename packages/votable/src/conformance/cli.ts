/**
 * Conformance run of the VOTable reader over the shared corpus, then over
 * peer-written documents (DaCHS answers, STILTS rewrites; see peers.ts):
 * `npm run conformance -- [corpus dir] [--no-peers]` (default `../shared/corpus` from the
 * repository root). Prints one line per failure or skip and ends with
 * `N passed, M failed[, K skipped]`; exits with 1 when anything failed.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { checkEntry, type CorpusEntry, type ExpectedValues, type ParseOutcome } from "./compare.js";
import { runPeers, type FullOutcome } from "./peers.js";

/** Longest a single file may take before it counts as a hang. */
const TIMEOUT_MS = 30_000;
const WORKER = fileURLToPath(new URL("./parse-worker.js", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

type RunResult = ParseOutcome | { ok: false; crash: string };

/** Parses one file in its own worker, with a timeout. */
function parseInWorker(file: string, withCells: boolean | "all"): Promise<RunResult> {
  return new Promise((done) => {
    const worker = new Worker(WORKER, { workerData: { file, withCells } });
    const timer = setTimeout(() => {
      void worker.terminate();
      done({ ok: false, crash: `no result after ${TIMEOUT_MS / 1000} s (hang)` });
    }, TIMEOUT_MS);
    worker.once("message", (m: ParseOutcome) => {
      clearTimeout(timer);
      void worker.terminate();
      done(m);
    });
    worker.once("error", (e) => {
      clearTimeout(timer);
      done({ ok: false, crash: `crashed: ${e.message}` });
    });
    worker.once("exit", (code) => {
      clearTimeout(timer);
      done({ ok: false, crash: `worker exited with code ${code} before answering` });
    });
  });
}

async function main(): Promise<number> {
  const dir = resolve(process.argv.slice(2).find((a) => !a.startsWith("--")) ?? join(REPO_ROOT, "../shared/corpus"));
  const expected = JSON.parse(await readFile(join(dir, "expected.json"), "utf8")) as Record<string, CorpusEntry>;
  let values: Record<string, ExpectedValues> = {};
  try {
    values = JSON.parse(await readFile(join(dir, "generated/values.json"), "utf8")) as Record<string, ExpectedValues>;
  } catch {
    console.log("note: no generated/values.json; values are not compared");
  }
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const entries = Object.entries(expected).filter(([, e]) => e.kind === "votable");
  for (const [path, entry] of entries) {
    if (entry.requires) {
      skipped++;
      console.log(`SKIP ${path}: requires ${entry.requires} (not a VOTable serialisation this reader supports)`);
      continue;
    }
    const fileValues = path.startsWith("generated/") ? values[path.slice("generated/".length)] : undefined;
    const outcome = await parseInWorker(join(dir, path), fileValues !== undefined);
    const failures = "crash" in outcome ? [outcome.crash] : checkEntry(entry, outcome, fileValues);
    if (failures.length === 0) passed++;
    else {
      failed++;
      for (const f of failures) console.log(`FAIL ${path}: ${f}`);
    }
  }
  console.log(`corpus: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  if (!process.argv.includes("--no-peers")) {
    // Documents written by DaCHS and STILTS, compared value by value with astropy's reading.
    const peers = await runPeers(dir, (file) => parseInWorker(file, "all") as Promise<FullOutcome | { ok: false; crash: string }>);
    console.log(`peers: ${peers.passed} passed, ${peers.failed} failed${peers.skipped ? `, ${peers.skipped} skipped` : ""}`);
    passed += peers.passed;
    failed += peers.failed;
    skipped += peers.skipped;
  }
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();

/**
 * Worker of the conformance run: parses one file (gunzipping `.gz`) in lax
 * mode and posts a {@link ParseOutcome}. A worker per file lets the run
 * stop a hung or crashed parse without stopping itself.
 */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { parentPort, workerData } from "node:worker_threads";
import { parseVOTable } from "../parse-votable.js";
import type { ParseOutcome } from "./compare.js";

/** `withCells`: the cells of the first table (true) or of every table ("all"). */
const { file, withCells } = workerData as { file: string; withCells: boolean | "all" };

async function run(): Promise<ParseOutcome> {
  let bytes: Uint8Array = await readFile(file);
  if (file.endsWith(".gz")) bytes = gunzipSync(bytes);
  try {
    const doc = await parseVOTable(bytes, { strict: false });
    return {
      ok: true,
      tables: doc.tables.map((t, i) => ({
        rows: t.length,
        fields: t.fields,
        ...((withCells === "all" || (withCells && i === 0)) && { cells: [...t.rows()] }),
      })),
    };
  } catch (err) {
    const e = err as { name?: string; code?: string; message?: string; location?: { line?: number } };
    return { ok: false, error: { name: e.name ?? "Error", code: e.code, message: e.message ?? String(err), line: e.location?.line } };
  }
}

parentPort?.postMessage(await run());

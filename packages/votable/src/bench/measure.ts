/**
 * One measurement in a fresh process: `node measure.js stream|columns <file>`.
 * Prints `{"rows", "seconds", "maxRssKiB"}` as JSON on stdout.
 */
import { createReadStream } from "node:fs";
import { openVOTable } from "../open-votable.js";
import { parseVOTable } from "../parse-votable.js";

const [mode, file] = process.argv.slice(2);
if (!file || (mode !== "stream" && mode !== "columns")) {
  console.error("usage: node measure.js stream|columns <file>");
  process.exit(2);
}
const source = createReadStream(file, { highWaterMark: 1 << 20 });
const t0 = performance.now();
let rows = 0;
if (mode === "columns") {
  const doc = await parseVOTable(source);
  rows = doc.resultTable()?.length ?? 0;
} else {
  const reader = await openVOTable(source);
  for await (const row of reader.rows()) if (row) rows++;
  await reader.finish();
}
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ rows, seconds, maxRssKiB: process.resourceUsage().maxRSS }));

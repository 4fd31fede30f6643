#!/usr/bin/env node
// `npm run examples [-- name …]`: runs every course example against the local
// DaCHS (VO_DACHS_URL, default http://localhost:8080) and fails on any error.
//
// An example is a built module examples/course/dist/<section>.js (from
// src/<section>.ts; files starting with "_" are helpers) that exports
// `main({ dachs, log, signal })`. A module without `main`, a thrown error or
// a time-out fails the run. Arguments pick sections by name. To add an
// example, add a file; nothing here changes. Run `npm run build` first (the
// root script does).
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(repo, "examples", "course", "dist");
const dachs = (process.env.VO_DACHS_URL || "http://localhost:8080").replace(/\/+$/, "");
const limitMs = Number(process.env.VO_EXAMPLE_TIMEOUT_MS || 120_000);
const only = process.argv.slice(2);

/** Why DaCHS cannot serve the examples, or null. */
async function problem() {
  try {
    const res = await fetch(`${dachs}/tap/availability`, { signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    return res.ok && /<(?:\w+:)?available>\s*true/.test(text) ? null : `${dachs}/tap/availability answered HTTP ${res.status}`;
  } catch (err) {
    return `${dachs} does not answer (${err?.cause?.code ?? err?.message ?? err})`;
  }
}

const why = await problem();
if (why) {
  console.error(`[examples] ${why}: start the test bed with scripts/start-dachs.sh (see docs/integration.md)`);
  process.exit(1);
}

let files;
try {
  files = readdirSync(dist).filter((f) => f.endsWith(".js") && !f.startsWith("_") && !f.includes(".test"));
} catch {
  console.error(`[examples] ${dist} is missing: run npm run build first`);
  process.exit(1);
}
files.sort();
const wanted = only.length ? files.filter((f) => only.includes(f.replace(/\.js$/, ""))) : files;
if (only.length && wanted.length !== only.length) {
  console.error(`[examples] unknown example(s): ${only.filter((n) => !files.includes(`${n}.js`)).join(", ")} (have: ${files.map((f) => f.replace(/\.js$/, "")).join(", ")})`);
  process.exit(1);
}

const failures = [];
for (const file of wanted) {
  const name = file.replace(/\.js$/, "");
  const t0 = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`${name} took longer than ${limitMs} ms`)), limitMs);
  const lines = [];
  try {
    const mod = await import(pathToFileURL(join(dist, file)).href);
    if (typeof mod.main !== "function") throw new Error(`examples/course/src/${name}.ts exports no main(context)`);
    const aborted = new Promise((_, reject) => controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true }));
    await Promise.race([mod.main({ dachs, log: (line) => lines.push(String(line)), signal: controller.signal }), aborted]);
    console.log(`[examples] ✔ ${name} (${Math.round(performance.now() - t0)} ms)`);
    for (const line of lines) console.log(`    ${line}`);
  } catch (err) {
    failures.push(name);
    console.log(`[examples] ✘ ${name} (${Math.round(performance.now() - t0)} ms)`);
    for (const line of lines) console.log(`    ${line}`);
    console.log(`    ${err?.stack ?? err}`.replace(/\n/g, "\n    "));
  } finally {
    clearTimeout(timer);
  }
}
console.log(`[examples] ${wanted.length - failures.length}/${wanted.length} passed against ${dachs}${failures.length ? `; failed: ${failures.join(", ")}` : ""}`);
process.exit(failures.length ? 1 : 0);

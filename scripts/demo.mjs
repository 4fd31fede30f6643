#!/usr/bin/env node
// `npm run demo [-- <tap-url>]`: the main job. The demo itself is TypeScript in
// examples/demo (type-checked, built by `npm run build`); this launcher builds
// it when its output is missing, then runs it and exits with its code.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(repo, "examples", "demo", "dist", "index.js");

if (!existsSync(entry)) {
  console.log("demo: examples/demo is not built yet; running tsc -b examples/demo …");
  const tsc = join(repo, "node_modules", ".bin", "tsc");
  const build = spawnSync(existsSync(tsc) ? tsc : "npx", existsSync(tsc) ? ["-b", "examples/demo"] : ["tsc", "-b", "examples/demo"], {
    cwd: repo,
    stdio: "inherit",
  });
  if (build.status !== 0 || !existsSync(entry)) {
    console.error("demo: the build failed; run `npm run build` and look at its errors");
    process.exit(1);
  }
}

const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));

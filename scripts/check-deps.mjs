#!/usr/bin/env node
// Every bare import in packages/*/src (tests excluded) must be declared in that
// package's dependencies or peerDependencies, and only core/src/container/
// may import tsyringe (the design keeps the DI container private to core).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { builtinModules } from "node:module";

const root = new URL("..", import.meta.url).pathname;
const builtins = new Set(builtinModules);
const problems = [];

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.ts$/.test(name) && !/\.(test|test-d)\.ts$/.test(name) && !/\.[a-z]+\.test\.ts$/.test(name)) yield path;
  }
}

for (const pkgDir of readdirSync(join(root, "packages"))) {
  const dir = join(root, "packages", pkgDir);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})]);
  let src;
  try { src = [...sourceFiles(join(dir, "src"))]; } catch { continue; }
  for (const file of src) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^\s*import\s+["']([^"']+)["']/gm)) {
      const spec = m[1] ?? m[2] ?? m[3];
      // "#…" are the package's own subpath imports (package.json "imports"), not dependencies.
      if (!spec || spec.startsWith(".") || spec.startsWith("#") || spec.startsWith("node:") || builtins.has(spec)) continue;
      const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
      if (name === pkg.name) continue;
      const where = relative(root, file);
      if (!declared.has(name)) problems.push(`${where}: imports "${name}", which ${pkg.name} does not declare`);
      if (name === "tsyringe" && !where.startsWith("packages/core/src/container/")) {
        problems.push(`${where}: only packages/core/src/container/ may import tsyringe`);
      }
    }
  }
}

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("check-deps: every import is declared");

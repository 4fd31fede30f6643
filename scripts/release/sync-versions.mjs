#!/usr/bin/env node
// One source of truth for versions: each package's package.json.
//
// - Every reference from a publishable package to another workspace package
//   (dependencies, optionalDependencies, peerDependencies, devDependencies) becomes `^<its version>`,
//   and a peer on a workspace package is mirrored in devDependencies, so that
//   `lerna version` sees the dependent, bumps it and rewrites the range. In a
//   private workspace (examples/*, testkit) only the peers follow.
// - src/version.ts (where a package has one) is regenerated: VERSION and, for
//   a plugin, CORE_RANGE (its @vo/core peer range, the plugin's `core` field).
//
//   node scripts/release/sync-versions.mjs            rewrite what is out of date
//   node scripts/release/sync-versions.mjs --check    only report it (exit 1), for lint
//   node scripts/release/sync-versions.mjs --git-add  rewrite and `git add` (the root `version` lifecycle of lerna)
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { peerRangeFor, root, versionFilePath, versionFileText, workspacePackages } from "./workspace.mjs";

const check = process.argv.includes("--check");
const gitAdd = process.argv.includes("--git-add");
const packages = workspacePackages();
const versions = new Map(packages.map((p) => [p.manifest.name, p.manifest.version]));
const stale = [];

for (const pkg of packages) {
  const manifest = structuredClone(pkg.manifest);
  // A private workspace (an example, testkit) keeps "*" for what it merely uses; its peers follow like a package's.
  for (const field of pkg.publishable ? ["dependencies", "optionalDependencies", "peerDependencies", "devDependencies"] : ["peerDependencies"]) {
    for (const name of Object.keys(manifest[field] ?? {})) {
      if (!versions.has(name)) continue;
      manifest[field][name] = peerRangeFor(versions.get(name));
    }
  }
  for (const name of Object.keys(manifest.peerDependencies ?? {})) {
    if (!versions.has(name)) continue;
    manifest.devDependencies ??= {};
    manifest.devDependencies[name] = manifest.peerDependencies[name];
  }
  const manifestPath = join(pkg.path, "package.json");
  if (JSON.stringify(manifest) !== JSON.stringify(pkg.manifest)) {
    stale.push({ path: manifestPath, text: JSON.stringify(manifest, null, 2) + "\n", what: "workspace ranges" });
  }
  const versionPath = versionFilePath(pkg);
  if (existsSync(versionPath)) {
    const text = versionFileText(manifest);
    if (readFileSync(versionPath, "utf8") !== text) stale.push({ path: versionPath, text, what: `VERSION ${manifest.version}` });
  }
}

if (check) {
  for (const s of stale) console.error(`${relative(root, s.path)}: out of date with package.json (${s.what}); run npm run sync-versions`);
  if (stale.length) process.exit(1);
  console.log("sync-versions: every version file and workspace range follows package.json");
} else {
  for (const s of stale) {
    writeFileSync(s.path, s.text);
    console.log(`sync-versions: wrote ${relative(root, s.path)} (${s.what})`);
  }
  if (gitAdd && stale.length) execFileSync("git", ["add", ...stale.map((s) => s.path)], { cwd: root, stdio: "inherit" });
}

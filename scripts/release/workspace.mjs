// The workspace as the release scripts see it: every package under packages/,
// its manifest, and the rules that make a manifest follow the others (version
// file, peer ranges). Shared by sync-versions.mjs, check-packages.mjs and
// release-check.mjs so that each rule is written once.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const root = fileURLToPath(new URL("../../", import.meta.url));

/** Reads a JSON file. */
export function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

/**
 * Every workspace package under packages/ and examples/ (a folder with a
 * package.json), private ones included: `{ dir, path, manifest, publishable }`,
 * packages first, each group sorted by folder name.
 */
export function workspacePackages(base = root) {
  return ["packages", "examples"].flatMap((area) => {
    const areaDir = join(base, area);
    if (!existsSync(areaDir)) return [];
    return readdirSync(areaDir)
      .filter((dir) => existsSync(join(areaDir, dir, "package.json")))
      .sort()
      .map((dir) => {
        const path = join(areaDir, dir);
        const manifest = readJson(join(path, "package.json"));
        return { area, dir, path, manifest, publishable: area === "packages" && manifest.private !== true };
      });
  });
}

/** The packages that are published to npm (not `"private": true`). */
export function publishablePackages(base = root) {
  return workspacePackages(base).filter((p) => p.publishable);
}

/**
 * The peer range a package must declare on a workspace package: `^` and that
 * package's current version, i.e. the version it is built and tested with.
 * `lerna version` rewrites the devDependencies entry the same way; the root
 * `version` script copies it to peerDependencies (see sync-versions.mjs).
 */
export function peerRangeFor(version) {
  return `^${version}`;
}

/**
 * The text of a package's generated src/version.ts: its version and, for a
 * plugin, the @vo/core range of its peerDependencies (what `definePlugin`'s
 * `core` field is checked against at `createClient`).
 */
export function versionFileText(manifest) {
  const lines = [
    "// Generated from package.json by scripts/release/sync-versions.mjs (run by `lerna version`",
    "// and `npm run sync-versions`); do not edit. `npm run lint` fails when it is out of date.",
    "",
    `/** The version of \`${manifest.name}\` (its package.json \`version\`). */`,
    `export const VERSION = ${JSON.stringify(manifest.version)};`,
  ];
  const core = manifest.peerDependencies?.["@vo/core"];
  if (core !== undefined) {
    lines.push(
      "",
      "/** The `@vo/core` versions this package works with: its peerDependencies range, the plugin's `core` field. */",
      `export const CORE_RANGE = ${JSON.stringify(core)};`,
    );
  }
  return lines.join("\n") + "\n";
}

/** The path of a package's version file (only packages that have one get it regenerated). */
export function versionFilePath(pkg) {
  return join(pkg.path, "src", "version.ts");
}

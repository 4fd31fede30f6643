#!/usr/bin/env node
// The package.json rules every publishable package under packages/ follows
// (CONTRIBUTING.md, "Adding a package"). Run by `npm run lint`; release-check.mjs
// runs them too before it packs anything.
//
//   node scripts/release/check-packages.mjs [packages/<dir> ...]   (default: every publishable package)
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { readJson, root, workspacePackages } from "./workspace.mjs";

/** The repository's web address, from the root package.json `repository` (the one place to change it). */
export function repositoryWeb(rootManifest) {
  const url = typeof rootManifest.repository === "string" ? rootManifest.repository : rootManifest.repository?.url;
  if (!url) throw new Error("the root package.json has no repository.url");
  return url.replace(/^git\+/, "").replace(/\.git$/, "");
}

/** Resolves an export-map entry under a set of conditions (Node's algorithm: keys in order, first match that resolves). */
export function resolveExport(entry, conditions) {
  if (typeof entry === "string") return entry;
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return undefined;
  for (const [key, value] of Object.entries(entry)) {
    if (key !== "default" && !conditions.includes(key)) continue;
    const target = resolveExport(value, conditions);
    if (target !== undefined) return target;
  }
  return undefined;
}

/** The environments an export map is checked for: what each resolves to for code and for types. */
const ENVIRONMENTS = { node: ["node", "import"], browser: ["browser", "import"], default: ["import"] };

/** `./dist/x.js` → `./dist/x.d.ts` (and .mjs → .d.mts). */
function declarationOf(js) {
  return js.replace(/\.mjs$/, ".d.mts").replace(/\.cjs$/, ".d.cts").replace(/\.js$/, ".d.ts");
}

/**
 * Each export of each environment (node, browser, other) has declarations
 * that describe the code it loads: the types a browser build sees are the
 * browser entry's, and no types are offered where no code resolves.
 */
export function checkExportMap(manifest) {
  const problems = [];
  const exportsField = manifest.exports;
  if (exportsField === undefined) return ["has no exports map"];
  const entries = typeof exportsField === "string" || Object.keys(exportsField).every((k) => !k.startsWith(".")) ? { ".": exportsField } : exportsField;
  for (const [subpath, entry] of Object.entries(entries)) {
    if (subpath.endsWith(".json")) continue;
    for (const [env, conditions] of Object.entries(ENVIRONMENTS)) {
      const code = resolveExport(entry, conditions);
      const types = resolveExport(entry, ["types", ...conditions]);
      if (code === undefined && types === undefined) continue;
      if (code === undefined) problems.push(`exports["${subpath}"]: ${env} resolves types (${types}) but no code: put "types" inside the condition that has the code`);
      else if (types === undefined || types === code) problems.push(`exports["${subpath}"]: ${env} loads ${code} with no "types" beside it`);
      else if (types !== declarationOf(code)) problems.push(`exports["${subpath}"]: ${env} loads ${code} but its types are ${types} (expected ${declarationOf(code)})`);
    }
  }
  return problems;
}

/** Relative links in a Markdown text (`[x](path)` and `<img src="path">`), without #anchors. */
export function relativeLinks(markdown) {
  const links = [];
  for (const m of markdown.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|\bsrc="([^"]+)"/g)) {
    const target = (m[1] ?? m[2]).split("#")[0];
    if (!target || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) continue;
    links.push(target);
  }
  return links;
}

/** Every rule a publishable package's folder and manifest must follow; returns the problems found. */
export function checkPackage(pkg, { rootDir = root, workspace = workspacePackages(rootDir) } = {}) {
  const m = pkg.manifest;
  const problems = [];
  const rootManifest = readJson(join(rootDir, "package.json"));
  const web = repositoryWeb(rootManifest);
  const expect = (ok, text) => { if (!ok) problems.push(text); };

  expect(m.name === `@vo/${pkg.dir}`, `name must be "@vo/${pkg.dir}" (the folder's name), not ${JSON.stringify(m.name)}`);
  expect(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(m.version ?? ""), `version ${JSON.stringify(m.version)} is not semver`);
  expect(m.license === "BSD-3-Clause", `license must be "BSD-3-Clause"`);
  const license = join(pkg.path, "LICENSE");
  expect(existsSync(license) && readFileSync(license, "utf8") === readFileSync(join(rootDir, "LICENSE"), "utf8"), "LICENSE missing or different from the root LICENSE (copy it)");
  expect(typeof m.description === "string" && m.description.length > 0, "no description");
  expect(m.type === "module", `"type" must be "module"`);
  expect(typeof m.engines?.node === "string", "no engines.node");
  expect(m.sideEffects !== undefined, "no sideEffects (false, or the list of files with side effects)");
  expect(m.repository?.type === "git" && m.repository?.url === rootManifest.repository?.url && m.repository?.directory === `packages/${pkg.dir}`,
    `repository must be { type: "git", url: ${JSON.stringify(rootManifest.repository?.url)}, directory: "packages/${pkg.dir}" }`);
  expect(m.homepage === `${web}/tree/main/packages/${pkg.dir}#readme`, `homepage must be "${web}/tree/main/packages/${pkg.dir}#readme"`);
  expect(m.bugs?.url === `${web}/issues`, `bugs.url must be "${web}/issues"`);
  expect(m.publishConfig?.access === "public", `publishConfig.access must be "public" (a scoped package is private by default)`);
  expect(/\btsc -b\b/.test(m.scripts?.prepack ?? ""), `scripts.prepack must build ("tsc -b"), so a pack or publish never ships a stale dist`);
  expect(Array.isArray(m.files) && m.files.includes("dist"), `files must list "dist"`);
  problems.push(...checkExportMap(m));

  const byName = new Map(workspace.map((p) => [p.manifest.name, p]));
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    for (const name of Object.keys(m[field] ?? {})) {
      const dep = byName.get(name);
      if (dep && !dep.publishable) problems.push(`${field} names the private package ${name}, which is never published`);
    }
  }
  for (const name of Object.keys(m.peerDependencies ?? {})) {
    if (byName.has(name) && m.devDependencies?.[name] !== m.peerDependencies[name]) {
      problems.push(`peer ${name} must also be in devDependencies with the same range (lerna versions dependents through it); run npm run sync-versions`);
    }
  }

  const readme = join(pkg.path, "README.md");
  if (!existsSync(readme)) problems.push("no README.md");
  else {
    for (const link of relativeLinks(readFileSync(readme, "utf8"))) {
      const target = resolve(pkg.path, link);
      if (relative(pkg.path, target).startsWith("..")) problems.push(`README.md links ${link}, outside the package (broken on npm): link ${web}/blob/main/${relative(rootDir, target)} instead`);
      else if (!existsSync(target)) problems.push(`README.md links ${link}, which does not exist`);
    }
  }
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const workspace = workspacePackages();
  const selected = args.length ? workspace.filter((p) => args.some((a) => resolve(a) === p.path)) : workspace.filter((p) => p.publishable);
  let failed = 0;
  for (const pkg of selected) {
    if (!pkg.publishable) continue;
    const problems = checkPackage(pkg, { workspace });
    for (const p of problems) console.error(`packages/${pkg.dir}: ${p}`);
    if (problems.length) failed++;
  }
  if (failed) {
    console.error(`check-packages: ${failed} package(s) break the rules in CONTRIBUTING.md ("Adding a package")`);
    process.exit(1);
  }
  console.log(`check-packages: ${selected.length} publishable package(s) follow the rules`);
}

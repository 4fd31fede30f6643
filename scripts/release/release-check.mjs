#!/usr/bin/env node
// `npm run release:check`: would every publishable package under packages/
// work for someone who installs it from npm? (CONTRIBUTING.md, "Releases")
//
//  1. the package.json rules (check-packages.mjs) and the version sync;
//  2. `npm pack` each, then check the tarball: the allow-list, no tests, no
//     .tsbuildinfo, every dist module reachable from the export map (or bin),
//     every source map and declaration map resolving inside the tarball,
//     README links resolving; `publint` and `@arethetypeswrong/cli`;
//  3. a fresh temporary project that installs only the core, votable and
//     protocol-tap tarballs: it type-checks and runs a typed TAP query against
//     the local DaCHS (VO_DACHS_URL, default http://localhost:8080), type-checks
//     the browser entry (and fails to import Node-only code there), and bundles
//     it for the browser with esbuild, then runs that bundle's query too.
//
//   node scripts/release/release-check.mjs [--static] [--root DIR] [--keep] [packages/<dir> ...]
//     --static  steps 1-2 only (no build, no prepack, no install, no DaCHS)
//     --root    another repository root (the test of this check plants mistakes in a copy)
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix, relative, resolve } from "node:path";
import { checkPackage, relativeLinks, resolveExport } from "./check-packages.mjs";
import { root as repoRoot, workspacePackages } from "./workspace.mjs";

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const staticOnly = flag("--static");
const keep = flag("--keep");
const rootDir = resolve(option("--root") ?? repoRoot);
const selectedDirs = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--root").map((a) => resolve(rootDir, a));
const bin = (name) => join(repoRoot, "node_modules", ".bin", name);
const dachs = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");

const problems = [];
const report = (where, text) => problems.push(`${where}: ${text}`);
const step = (text) => console.log(`\n[release:check] ${text}`);

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, ...options });
  if (r.error) throw r.error;
  return r;
}

// ---------------------------------------------------------------- tarball rules

/** Files a tarball may hold (paths inside the package). */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^NOTICE$/,
  /^[A-Z][A-Z0-9_-]*\.md$/, // README, CHANGELOG, NOTICE, attribution notes such as @vo/registry's VOCABULARIES.md
  /^dist\/.+\.(js|mjs|d\.ts|d\.mts|js\.map|mjs\.map|d\.ts\.map|d\.mts\.map|json)$/,
  /^src\/.+\.(ts|mts|json)$/,
  // @vo/quickack's native addon: its source, its build file and script, and the binaries built for the platforms.
  /^src\/[a-z0-9-]+\.c$/,
  /^binding\.gyp$/,
  /^build-native\.mjs$/,
  /^prebuilds\/[a-z0-9]+-[a-z0-9]+\/[a-z0-9-]+\.node$/,
];
const TEST_FILE = /(^|\/)(__tests__|__fixtures__|fixtures|testdata)\/|\.(test|spec)(-d)?\.[a-z]+(\.map)?$|\.test\.|\.test-d\./;

/** Every target string in an export/imports map (all conditions), or a bin field. */
function targetsOf(entry) {
  if (typeof entry === "string") return [entry];
  if (entry === null || typeof entry !== "object") return [];
  return Object.values(entry).flatMap(targetsOf);
}

/** Relative module specifiers a built JS file loads: static and dynamic imports, re-exports, `new URL("./x.js", import.meta.url)`. */
function relativeImports(code) {
  const specs = [];
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\bnew\s+URL\s*\(\s*)["'](\.{1,2}\/[^"']+|#[^"']+)["']/g)) specs.push(m[1]);
  return specs;
}

/**
 * Checks an unpacked tarball (`dir`, the `package` folder npm packs into)
 * against the rules; `files` is npm's list of packed paths.
 */
function checkTarball(name, dir, files) {
  const set = new Set(files);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const binFiles = new Set(targetsOf(typeof manifest.bin === "string" ? { bin: manifest.bin } : manifest.bin).map((t) => posix.normalize(t)));
  for (const f of files) {
    if (binFiles.has(f)) continue; // an executable named by "bin"
    if (TEST_FILE.test(f)) report(name, `ships a test file: ${f} (exclude it in "files")`);
    else if (f.endsWith(".tsbuildinfo")) report(name, `ships ${f} (add "!**/*.tsbuildinfo" to "files")`);
    else if (!ALLOWED.some((re) => re.test(f))) report(name, `ships ${f}, which is not on the allow-list (scripts/release/release-check.mjs ALLOWED)`);
  }
  for (const required of ["package.json", "README.md", "LICENSE"]) {
    if (!set.has(required)) report(name, `the tarball has no ${required}`);
  }
  if (set.has("LICENSE") && readFileSync(join(dir, "LICENSE"), "utf8") !== readFileSync(join(rootDir, "LICENSE"), "utf8")) {
    report(name, "LICENSE differs from the root LICENSE");
  }

  // Every module in dist is reachable from the export map, the imports map or bin.
  const entries = [
    ...targetsOf(manifest.exports),
    ...targetsOf(manifest.imports),
    ...targetsOf(typeof manifest.bin === "string" ? { bin: manifest.bin } : manifest.bin),
    ...(manifest.main ? [manifest.main] : []),
  ].filter((t) => /\.(m?js)$/.test(t)).map((t) => posix.normalize(t));
  const reachable = new Set();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.pop();
    if (reachable.has(file)) continue;
    reachable.add(file);
    if (!set.has(file)) {
      report(name, `${file} is named by the export map or an import but not shipped`);
      continue;
    }
    for (const spec of relativeImports(readFileSync(join(dir, file), "utf8"))) {
      if (spec.startsWith("#")) continue; // package imports: their targets are entries already
      queue.push(posix.normalize(posix.join(posix.dirname(file), spec)));
    }
  }
  const moduleOf = (f) => f.replace(/\.(d\.)?(m?ts|m?js)(\.map)?$/, "");
  const reachableModules = new Set([...reachable].map(moduleOf));
  for (const f of files) {
    if (f.startsWith("dist/") && /\.(m?js|d\.m?ts)(\.map)?$/.test(f) && !reachableModules.has(moduleOf(f))) {
      // A declaration-only module (types.ts) compiles to an empty .js that nothing imports at run time.
      const js = moduleOf(f) + ".js";
      const typesOnly = set.has(js) && readFileSync(join(dir, js), "utf8").replace(/\/\/# sourceMappingURL=.*|export \{\};?/g, "").trim() === "";
      if (!typesOnly) report(name, `${f} cannot be reached from the export map or bin (a benchmark, tool or leftover?): leave it out of "files"`);
    }
  }

  // Source maps and declaration maps resolve inside the tarball.
  for (const f of files) {
    if (/\.(m?js|d\.m?ts)$/.test(f)) {
      const m = /\/[/*]# sourceMappingURL=(\S+?)(?:\s*\*\/)?\s*$/m.exec(readFileSync(join(dir, f), "utf8"));
      if (m && !m[1].startsWith("data:") && !set.has(posix.join(posix.dirname(f), m[1]))) report(name, `${f} points at the map ${m[1]}, which is not shipped`);
    }
    if (!f.endsWith(".map")) continue;
    let map;
    try {
      map = JSON.parse(readFileSync(join(dir, f), "utf8"));
    } catch {
      report(name, `${f} is not a JSON source map`);
      continue;
    }
    (map.sources ?? []).forEach((source, i) => {
      if (typeof map.sourcesContent?.[i] === "string") return;
      const path = posix.normalize(posix.join(posix.dirname(f), map.sourceRoot ?? "", source));
      if (!set.has(path)) report(name, `${f} maps to ${source} (${path}), which is not shipped: ship src or inline sourcesContent`);
    });
  }

  // README links that resolve on npm.
  if (set.has("README.md")) {
    for (const link of relativeLinks(readFileSync(join(dir, "README.md"), "utf8"))) {
      const path = posix.normalize(link.replace(/^\.\//, ""));
      if (!set.has(path) && ![...set].some((f) => f.startsWith(path.replace(/\/?$/, "/")))) report(name, `README.md links ${link}, which is not in the tarball`);
    }
  }
}

// ---------------------------------------------------------------- pack, publint, attw

const workspace = workspacePackages(rootDir);
const selected = workspace.filter((p) => p.publishable && (selectedDirs.length === 0 || selectedDirs.includes(p.path)));
const work = mkdtempSync(join(tmpdir(), "vo-release-check-"));
const tarballs = new Map();

if (!staticOnly) {
  step("build (tsc -b)");
  const b = run(bin("tsc"), ["-b"], { cwd: rootDir, stdio: "inherit" });
  if (b.status !== 0) report("build", "tsc -b failed");
}

step(`rules and tarballs of ${selected.length} package(s): ${selected.map((p) => p.manifest.name).join(", ")}`);
for (const pkg of selected) {
  const name = pkg.manifest.name;
  for (const p of checkPackage(pkg, { rootDir, workspace })) report(name, p);
  const packArgs = ["pack", "--json", "--pack-destination", work, ...(staticOnly ? ["--ignore-scripts"] : [])];
  const packed = run("npm", packArgs, { cwd: pkg.path });
  if (packed.status !== 0) {
    report(name, `npm pack failed: ${packed.stderr.trim().split("\n").slice(-5).join(" / ")}`);
    continue;
  }
  const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("[")))[0];
  const tarball = join(work, info.filename);
  tarballs.set(name, tarball);
  const unpacked = join(work, "unpacked", pkg.dir);
  mkdirSync(unpacked, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", unpacked]);
  checkTarball(name, join(unpacked, "package"), info.files.map((f) => f.path));
  console.log(`  ${name}: ${info.files.length} files, ${(info.size / 1024).toFixed(0)} KiB packed`);

  const lint = run(bin("publint"), ["run", tarball, "--level", "warning", "--strict"], { cwd: work });
  if (lint.status !== 0 || /\b(Errors?|Warnings?):/.test(lint.stdout)) report(name, `publint:\n${(lint.stdout + lint.stderr).trim()}`);

  if (!staticOnly) {
    // Node-only subpaths (no code outside the node condition) are left to check-packages' export-map rule:
    // attw's bundler resolution would report them as unresolvable, which is what they should be.
    const exportsField = pkg.manifest.exports ?? {};
    const subpaths = Object.keys(exportsField).filter((k) => k.startsWith("."));
    const nodeOnly = subpaths.filter((s) => !s.endsWith(".json") && resolveExport(exportsField[s], ["import"]) === undefined && resolveExport(exportsField[s], ["node", "import"]) !== undefined);
    const attwArgs = [tarball, "--profile", "esm-only", "--format", "ascii", "--no-emoji", "--no-color", ...(nodeOnly.length ? ["--exclude-entrypoints", ...nodeOnly] : [])];
    const attw = run(bin("attw"), attwArgs, { cwd: work });
    if (attw.status !== 0) report(name, `@arethetypeswrong/cli:\n${(attw.stdout + attw.stderr).trim()}`);
  }
}

// ---------------------------------------------------------------- a fresh project

const CONSUMER = {
  "query.ts": `// A user's first program, compiled with tsc against the installed tarballs.
import { createClient, DALQueryError, ResultSet } from "@vo/core";
import { tap } from "@vo/protocol-tap";
import type { TAPService } from "@vo/protocol-tap";

const base = process.argv[2] ?? "http://localhost:8080";
const vo = createClient({ plugins: [tap()] as const });
const service: TAPService = vo.service("tap", \`\${base}/tap\`);
/** Never called: only type-checked. */
export function notCalled(): void {
  // @ts-expect-error no installed plugin gives "sia2": a plain Service, which has no runSync
  void vo.service("sia2", \`\${base}/sia2\`).runSync;
}
const rs = await service.runSync("SELECT TOP 3 table_name FROM tap_schema.tables ORDER BY table_name", { signal: AbortSignal.timeout(60_000) });
const names: string[] = [];
for (const row of rs) names.push(String(row.get("table_name")));
let error = "";
try {
  await service.runSync("SELECT no_such_column FROM tap_schema.tables");
} catch (e) {
  if (e instanceof DALQueryError) error = e.code ?? "";
}
console.log(JSON.stringify({ resultSet: rs instanceof ResultSet, rows: names.length, names, error }));
await vo.close();
`,
  "browser.ts": `// The same query for a browser build: types from @vo/core's browser entry.
import { createClient } from "@vo/core";
import { tap } from "@vo/protocol-tap";

/** Runs a TAP query through the fetch transport and returns the table names. */
export async function tableNames(base: string): Promise<string[]> {
  const vo = createClient({ plugins: [tap()] as const });
  const rs = await vo.service("tap", \`\${base}/tap\`).runSync("SELECT TOP 3 table_name FROM tap_schema.tables ORDER BY table_name");
  const names: string[] = [];
  for (const row of rs) names.push(String(row.get("table_name")));
  await vo.close();
  return names;
}
`,
  "browser-node-only.ts": `// Must NOT type-check for a browser: the undici transport is Node's.
import { createUndiciTransport } from "@vo/core";
export const transport = createUndiciTransport();
`,
  "tsconfig.json": JSON.stringify({
    compilerOptions: { target: "es2022", module: "nodenext", moduleResolution: "nodenext", strict: true, outDir: "out", types: ["node"], lib: ["es2023"], skipLibCheck: false },
    files: ["query.ts"],
  }),
  "tsconfig.browser.json": JSON.stringify({
    compilerOptions: { target: "es2022", module: "esnext", moduleResolution: "bundler", customConditions: ["browser"], strict: true, noEmit: true, types: [], lib: ["es2023", "dom", "esnext.disposable"], skipLibCheck: false },
    files: ["browser.ts"],
  }),
  "tsconfig.browser-node-only.json": JSON.stringify({
    compilerOptions: { target: "es2022", module: "esnext", moduleResolution: "bundler", customConditions: ["browser"], strict: true, noEmit: true, types: [], lib: ["es2023", "dom"] },
    files: ["browser-node-only.ts"],
  }),
};

/** The tarballs `name` needs: itself and its @vo dependencies (optional ones too) and peers, transitively. */
function closure(names) {
  const out = new Set();
  const visit = (name) => {
    const pkg = workspace.find((p) => p.manifest.name === name);
    if (!pkg || out.has(name)) return;
    out.add(name);
    for (const dep of Object.keys({ ...pkg.manifest.dependencies, ...pkg.manifest.optionalDependencies, ...pkg.manifest.peerDependencies })) visit(dep);
  };
  names.forEach(visit);
  return [...out];
}

function consumerProject() {
  const wanted = closure(["@vo/core", "@vo/protocol-tap"]);
  const missing = wanted.filter((n) => !tarballs.has(n));
  if (missing.length) {
    report("fresh project", `no tarball for ${missing.join(", ")}`);
    return;
  }
  const project = join(work, "consumer");
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "vo-consumer", private: true, type: "module" }, null, 2));
  for (const [file, text] of Object.entries(CONSUMER)) writeFileSync(join(project, file), text);
  const typesNode = JSON.parse(readFileSync(join(repoRoot, "node_modules/@types/node/package.json"), "utf8")).version;

  step(`fresh project ${project}: npm install ${wanted.join(", ")} (tarballs only) and @types/node`);
  const install = run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...wanted.map((n) => tarballs.get(n)), `@types/node@${typesNode}`], { cwd: project });
  if (install.status !== 0) return report("fresh project", `npm install failed:\n${install.stderr.trim()}`);
  const installed = readdirSync(join(project, "node_modules/@vo")).sort();
  console.log(`  installed @vo/${installed.join(", @vo/")}`);

  step("type-check and run the typed query in Node");
  const tsc = run(bin("tsc"), ["-p", "tsconfig.json"], { cwd: project });
  if (tsc.status !== 0) return report("fresh project", `tsc (Node) failed:\n${tsc.stdout}${tsc.stderr}`);
  const query = run(process.execPath, [join(project, "out/query.js"), dachs], { cwd: project, timeout: 120_000 });
  const result = query.status === 0 ? JSON.parse(query.stdout.trim().split("\n").pop()) : undefined;
  if (!result || result.rows !== 3 || result.resultSet !== true || result.error !== "VO_ERR_QUERY") {
    report("fresh project", `the typed query against ${dachs}/tap did not give 3 rows, a ResultSet and a DALQueryError: ${query.stdout}${query.stderr}`);
  } else console.log(`  ${result.rows} rows from ${dachs}/tap: ${result.names.join(", ")}; a bad column gives ${result.error}`);

  if (process.platform === "linux") {
    // @vo/core's optional @vo/quickack comes with its binary: installing it ran no script (npm blocks them).
    const probe = run(process.execPath, ["--input-type=module", "-e", `import { quickAckSupport } from "@vo/quickack"; console.log(JSON.stringify(quickAckSupport));`], { cwd: project });
    const support = probe.status === 0 ? JSON.parse(probe.stdout.trim()) : undefined;
    if (!support?.available || !String(support.binary).includes(join("node_modules", "@vo", "quickack", "prebuilds"))) {
      report("fresh project", `@vo/quickack did not load its shipped binary: ${probe.stdout}${probe.stderr}`);
    } else console.log(`  @vo/quickack loaded ${relative(project, support.binary)}`);
  }

  step("type-check the browser entry, bundle it with esbuild, run the bundle");
  const tscBrowser = run(bin("tsc"), ["-p", "tsconfig.browser.json"], { cwd: project });
  if (tscBrowser.status !== 0) report("fresh project", `tsc (browser) failed:\n${tscBrowser.stdout}${tscBrowser.stderr}`);
  const nodeOnly = run(bin("tsc"), ["-p", "tsconfig.browser-node-only.json"], { cwd: project });
  if (nodeOnly.status === 0 || !/createUndiciTransport/.test(nodeOnly.stdout)) {
    report("fresh project", "a browser build type-checks an import of createUndiciTransport from @vo/core: the browser entry must have its own declarations");
  }
  const bundle = run(bin("esbuild"), ["browser.ts", "--bundle", "--format=esm", "--platform=browser", "--outfile=browser.bundle.js", "--log-level=warning"], { cwd: project });
  if (bundle.status !== 0) return report("fresh project", `esbuild (browser) failed:\n${bundle.stderr}`);
  const code = readFileSync(join(project, "browser.bundle.js"), "utf8");
  const size = statSync(join(project, "browser.bundle.js")).size;
  if (/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\(\s*)["'](?:undici|node:[^"']*)["']/.test(code)) report("fresh project", "the browser bundle contains undici or a node: import");
  const runBundle = run(process.execPath, ["--input-type=module", "-e", `import { tableNames } from ${JSON.stringify(join(project, "browser.bundle.js"))}; console.log(JSON.stringify(await tableNames(${JSON.stringify(dachs)})));`], { cwd: project, timeout: 120_000 });
  const names = runBundle.status === 0 ? JSON.parse(runBundle.stdout.trim()) : undefined;
  if (!Array.isArray(names) || names.length !== 3) report("fresh project", `the browser bundle's query failed: ${runBundle.stdout}${runBundle.stderr}`);
  else console.log(`  browser bundle ${(size / 1024).toFixed(0)} KiB; its query (fetch transport) gave ${names.length} rows`);
}

if (!staticOnly) consumerProject();

if (!keep) rmSync(work, { recursive: true, force: true });
else console.log(`\nkept ${work}`);
if (problems.length) {
  console.error(`\n${problems.join("\n")}\n\nrelease:check: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`\nrelease:check: ${selected.length} package(s) ready${staticOnly ? " (static checks)" : ""}`);

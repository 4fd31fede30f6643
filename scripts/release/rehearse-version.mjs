#!/usr/bin/env node
// `npm run release:rehearse`: cuts releases with `lerna version` on a scratch
// clone of HEAD (nothing is pushed, nothing here changes) and checks that each
// leaves a green build (CONTRIBUTING.md, "Releases"):
//
//  1. every publishable package is tagged as released at HEAD (@vo/<name>@<version>);
//  2. one package (a leaf: nothing depends on it; default the last one in
//     packages/ order, or --package <folder>) gets a `fix(...)` and a
//     `feat(...)` commit; `lerna version patch` must bump that package only,
//     regenerate its src/version.ts in the release commit, and write a
//     CHANGELOG.md naming both commits; then build, lint, `npm test`;
//  3. `@vo/core` gets a `fix(core)` commit; `lerna version minor` must bump
//     core to the next minor and every package that depends on core, whose
//     @vo/core ranges (peer, dev, CORE_RANGE in src/version.ts) must become
//     `^<new core>`; then build, lint, `npm test` (createClient checks each
//     plugin's range against the new core).
//
//   node scripts/release/rehearse-version.mjs [--package <folder>] [--skip-core] [--keep]
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root, workspacePackages } from "./workspace.mjs";

const argv = process.argv.slice(2);
const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const keep = argv.includes("--keep");
const problems = [];
const step = (text) => console.log(`\n[release:rehearse] ${text}`);
const expectThat = (ok, text) => {
  if (!ok) problems.push(text);
  console.log(`  ${ok ? "ok" : "FAILED"}: ${text}`);
};

const work = mkdtempSync(join(tmpdir(), "vo-release-rehearsal-"));
const repo = join(work, "repo");
const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).trim();

function sh(cmd, args, { allowFail = false, quiet = false } = {}) {
  const r = spawnSync(cmd, args, { cwd: repo, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: { ...process.env, CI: "true" } });
  if (r.error) throw r.error;
  if (r.status !== 0 && !allowFail) {
    throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${(r.stdout + r.stderr).split("\n").slice(-40).join("\n")}`);
  }
  if (!quiet && r.status === 0) process.stdout.write((r.stdout + r.stderr).split("\n").slice(-6).map((l) => `    ${l}`).join("\n") + "\n");
  return r;
}
const git = (...args) => sh("git", args, { quiet: true }).stdout.trim();
const manifestAt = (pkg) => JSON.parse(readFileSync(join(repo, pkg.area, pkg.dir, "package.json"), "utf8"));
const bump = (version, part) => {
  const [major, minor, patch] = version.split(/[.-]/).map(Number);
  return part === "minor" ? `${major}.${minor + 1}.0` : `${major}.${minor}.${patch + 1}`;
};

/** Build, the version-sync lint, and the unit + protocol tests of the clone. */
function green(label) {
  step(`${label}: npm run build, lint, npm test`);
  for (const script of ["build", "lint", "test"]) {
    const r = sh("npm", ["run", script], { allowFail: true, quiet: true });
    const tail = (r.stdout + r.stderr).split("\n").filter((l) => /Tests|Test Files|error|Error|FAIL/.test(l)).slice(-4).join(" / ");
    expectThat(r.status === 0, `npm run ${script} passes after ${label}${r.status === 0 ? "" : `: ${tail}`}`);
    if (r.status !== 0) break;
  }
}

/** Two conventional commits touching one package (its README). */
function commitTo(pkg, subjects) {
  for (const subject of subjects) {
    appendFileSync(join(repo, pkg.area, pkg.dir, "README.md"), `\n<!-- rehearsal: ${subject} -->\n`);
    git("commit", "-q", "-am", subject);
  }
}

try {
  step(`scratch clone of ${head.slice(0, 10)} in ${repo}`);
  execFileSync("git", ["clone", "-q", "--no-hardlinks", root, repo]);
  git("checkout", "-q", "-B", "rehearsal", head);
  git("config", "user.name", "release rehearsal");
  git("config", "user.email", "rehearsal@localhost");
  sh("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"]);
  sh("npm", ["run", "build"], { quiet: true });

  const packages = workspacePackages(repo);
  const publishable = packages.filter((p) => p.publishable);
  // Annotated, as lerna makes them: `git describe` (how lerna finds the last release) ignores lightweight tags.
  for (const p of publishable) git("tag", "-a", `${p.manifest.name}@${p.manifest.version}`, "-m", `${p.manifest.name}@${p.manifest.version}`);
  console.log(`  tagged ${publishable.map((p) => `${p.manifest.name}@${p.manifest.version}`).join(", ")}`);

  // ---- one leaf package, patch
  const dependsOn = (p, name) => Object.keys({ ...p.manifest.dependencies, ...p.manifest.optionalDependencies, ...p.manifest.peerDependencies, ...p.manifest.devDependencies }).includes(name);
  const leaves = publishable.filter((p) => !packages.some((q) => q !== p && q.area === "packages" && dependsOn(q, p.manifest.name)));
  const chosen = option("--package") ? publishable.find((p) => p.dir === option("--package")) : leaves.at(-1);
  if (!chosen) throw new Error(`no such leaf package: ${option("--package")}`);
  const name = chosen.manifest.name;
  const before = chosen.manifest.version;
  const subjects = [`fix(${chosen.dir}): rehearsal fix of ${name}`, `feat(${chosen.dir}): rehearsal feature of ${name}`];
  step(`${name}@${before}: ${subjects.join(" + ")}; lerna version patch`);
  commitTo(chosen, subjects);
  sh("npx", ["lerna", "version", "patch", "--yes", "--no-push", "--conventional-commits"]);
  const after = manifestAt(chosen).version;
  expectThat(after === bump(before, "patch"), `${name} bumped ${before} → ${after} (expected ${bump(before, "patch")})`);
  const others = publishable.filter((p) => p !== chosen && manifestAt(p).version !== p.manifest.version);
  expectThat(others.length === 0, `no other package bumped${others.length ? `: ${others.map((p) => p.manifest.name).join(", ")}` : ""}`);
  const versionFile = join(repo, chosen.area, chosen.dir, "src/version.ts");
  if (existsSync(versionFile)) {
    expectThat(readFileSync(versionFile, "utf8").includes(`VERSION = "${after}"`), `src/version.ts of ${name} says ${after}`);
    expectThat(git("show", "--name-only", "--format=", "HEAD").split("\n").includes(`${chosen.area}/${chosen.dir}/src/version.ts`), "the release commit includes src/version.ts");
  }
  const changelogPath = join(repo, chosen.area, chosen.dir, "CHANGELOG.md");
  const changelog = existsSync(changelogPath) ? readFileSync(changelogPath, "utf8") : "";
  for (const s of subjects) {
    const text = s.replace(/^\w+\([^)]*\): /, "");
    expectThat(changelog.includes(text), `CHANGELOG.md of ${name} names "${text}"`);
  }
  expectThat(/### Bug Fixes/.test(changelog) && /### Features/.test(changelog), "the CHANGELOG has Features and Bug Fixes sections");
  expectThat(git("tag", "--points-at", "HEAD").split("\n").includes(`${name}@${after}`), `tag ${name}@${after} on the release commit`);
  expectThat(git("status", "--porcelain") === "", "the work tree is clean after lerna version");
  green(`${name}@${after}`);

  // ---- core, minor: the ranges of every dependent follow
  if (!argv.includes("--skip-core") && problems.length === 0) {
    const core = publishable.find((p) => p.manifest.name === "@vo/core");
    const coreBefore = manifestAt(core).version;
    const coreAfter = bump(coreBefore, "minor");
    step(`@vo/core@${coreBefore}: fix(core) commit; lerna version minor`);
    commitTo(core, ["fix(core): rehearsal fix of @vo/core"]);
    sh("npx", ["lerna", "version", "minor", "--yes", "--no-push", "--conventional-commits"]);
    expectThat(manifestAt(core).version === coreAfter, `@vo/core bumped to ${manifestAt(core).version} (expected ${coreAfter})`);
    for (const p of packages.filter((q) => q.manifest.peerDependencies?.["@vo/core"] !== undefined)) {
      const m = manifestAt(p);
      const ranges = [m.peerDependencies["@vo/core"], m.devDependencies?.["@vo/core"]];
      expectThat(ranges.every((r) => r === `^${coreAfter}`), `${m.name}: @vo/core peer and dev ranges are ^${coreAfter} (${ranges.join(", ")})`);
      const file = join(repo, p.area, p.dir, "src/version.ts");
      if (existsSync(file)) expectThat(readFileSync(file, "utf8").includes(`CORE_RANGE = "^${coreAfter}"`), `${m.name}: CORE_RANGE is ^${coreAfter}`);
      if (p.publishable) expectThat(m.version !== p.manifest.version, `${m.name} is bumped with core (${p.manifest.version} → ${m.version})`);
    }
    expectThat(git("status", "--porcelain") === "", "the work tree is clean after lerna version");
    green(`@vo/core@${coreAfter}`);
  }
} catch (err) {
  problems.push(String(err?.message ?? err));
  console.error(String(err?.message ?? err));
} finally {
  if (keep) console.log(`\nkept ${repo}`);
  else rmSync(work, { recursive: true, force: true });
}

if (problems.length) {
  console.error(`\nrelease:rehearse: ${problems.length} problem(s):\n${problems.join("\n")}`);
  process.exit(1);
}
console.log("\nrelease:rehearse: lerna version leaves a green build, the changelog names the commits, the core ranges follow core");

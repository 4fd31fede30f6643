/**
 * The release check fails on planted mistakes: it runs (static mode: rules,
 * npm pack, tarball checks, publint) on a copy of the repository's root files
 * and built packages (run `npm run build` first; `npm test` does), once
 * untouched and once with one mistake planted in each package.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const script = join(repo, "scripts/release/release-check.mjs");
const copied = ["core", "votable", "protocol-scs", "protocol-sia"];
let base: string;

/** A copy of the root files and the copied packages (without node_modules). */
function copyRepo(into: string): void {
  for (const f of ["package.json", "LICENSE"]) cpSync(join(repo, f), join(into, f));
  for (const dir of copied) {
    cpSync(join(repo, "packages", dir), join(into, "packages", dir), { recursive: true, filter: (src) => !src.includes("node_modules") });
  }
}

function editManifest(root: string, dir: string, edit: (m: Record<string, unknown>) => void): void {
  const path = join(root, "packages", dir, "package.json");
  const m = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  edit(m);
  writeFileSync(path, JSON.stringify(m, null, 2));
}

function check(root: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [script, "--static", "--root", root], { encoding: "utf8" });
  return { status: r.status, out: r.stdout + r.stderr };
}

beforeAll(() => {
  for (const dir of copied) {
    if (!existsSync(join(repo, "packages", dir, "dist/index.js"))) throw new Error(`packages/${dir} is not built: run npm run build`);
  }
  base = mkdtempSync(join(tmpdir(), "vo-release-check-test-"));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("release:check", () => {
  it("passes on the packages as they are", () => {
    const root = join(base, "clean");
    copyRepo(root);
    const r = check(root);
    expect(r.out).toContain(`release:check: ${copied.length} package(s) ready`);
    expect(r.status).toBe(0);
  }, 60_000);

  it("fails on each planted mistake, naming the package and the file", () => {
    const root = join(base, "planted");
    copyRepo(root);
    // protocol-scs: test files in "files" and no LICENSE.
    writeFileSync(join(root, "packages/protocol-scs/src/planted.test.ts"), "export {};\n");
    editManifest(root, "protocol-scs", (m) => void (m.files = ["dist", "src"]));
    unlinkSync(join(root, "packages/protocol-scs/LICENSE"));
    // votable: the benchmark no longer excluded; a tsbuildinfo in dist.
    editManifest(root, "votable", (m) => void (m.files = ["dist", "src", "!**/*.test.*", "!**/*.test-d.ts"]));
    writeFileSync(join(root, "packages/votable/dist/.tsbuildinfo"), "{}");
    // core: the old export map (one "types" for Node and browser), a README link out of the package.
    editManifest(root, "core", (m) => {
      m.exports = { ".": { types: "./dist/index.d.ts", browser: "./dist/index.browser.js", node: "./dist/index.js", default: "./dist/index.browser.js" }, "./package.json": "./package.json" };
    });
    writeFileSync(join(root, "packages/core/README.md"), `${readFileSync(join(repo, "packages/core/README.md"), "utf8")}\nSee [errors](../../docs/errors.md).\n`);
    // protocol-sia: maps without their sources, no publishConfig.
    editManifest(root, "protocol-sia", (m) => {
      m.files = ["dist", "!**/*.tsbuildinfo"];
      delete m.publishConfig;
    });

    const r = check(root);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/@vo\/protocol-scs: ships a test file: src\/planted\.test\.ts/);
    expect(r.out).toMatch(/@vo\/protocol-scs: ships a test file: src\/[\w-]+\.test\.ts/);
    expect(r.out).toMatch(/@vo\/protocol-scs: LICENSE missing/);
    expect(r.out).toMatch(/@vo\/protocol-scs: the tarball has no LICENSE/);
    expect(r.out).toMatch(/@vo\/votable: dist\/bench\/votable-bench\.js cannot be reached from the export map/);
    expect(r.out).toMatch(/@vo\/votable: dist\/conformance\/cli\.js cannot be reached/);
    expect(r.out).toMatch(/@vo\/votable: ships dist\/\.tsbuildinfo/);
    expect(r.out).toMatch(/@vo\/core: exports\["\."\]: browser loads \.\/dist\/index\.browser\.js but its types are \.\/dist\/index\.d\.ts/);
    expect(r.out).toMatch(/@vo\/core: README\.md links \.\.\/\.\.\/docs\/errors\.md, outside the package/);
    expect(r.out).toMatch(/@vo\/core: README\.md links \.\.\/\.\.\/docs\/errors\.md, which is not in the tarball/);
    expect(r.out).toMatch(/@vo\/protocol-sia: dist\/[\w-]+\.js\.map maps to \.\.\/src\/[\w-]+\.ts .*which is not shipped/);
    expect(r.out).toMatch(/@vo\/protocol-sia: publishConfig\.access must be "public"/);
    expect(r.out).toMatch(/release:check: \d+ problem\(s\)/);
  }, 60_000);
});

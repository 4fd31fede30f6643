import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("./check-commits.mjs", import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), "vo-commits-"));
  dirs.push(dir);
  return dir;
}

/** Runs the hook mode on one message: exit code and stderr. */
function checkMessage(message: string): { status: number | null; stderr: string } {
  const file = join(temp(), "MSG");
  writeFileSync(file, message);
  const r = spawnSync(process.execPath, [script, "--file", file], { encoding: "utf8" });
  return { status: r.status, stderr: r.stderr };
}

describe("check-commits", () => {
  it.each([
    "feat(core): Record.download for every row",
    "fix(protocol-tap,core): retry the UWS phase poll",
    "feat(core)!: drop the old transport option\n\nBREAKING CHANGE: gone",
    "chore: package-lock",
    "docs(registry): README",
    "Merge branch 'registry'",
    "# a git comment line\nfix(votable): keep CR in TABLEDATA",
  ])("accepts %j", (message) => {
    expect(checkMessage(message)).toMatchObject({ status: 0 });
  });

  it.each([
    ["core: Record.download for every row", /unknown type "core"/],
    ["Feat(core): capitalised type", /unknown type "Feat"/],
    ["feat(Core): capitalised scope", /bad scope \(Core\)/],
    ["README: what exists today", /unknown type "README"/],
    ["tests find the shared corpus one way", /type\(scope\): subject/],
    ["feat(core):no space", /type\(scope\): subject/],
    ["feat(core): x", /too short/],
    ["fix(core): first line\nno blank line", /second line must be empty/],
    ["fixup! feat(core): something", /squash it/],
  ])("rejects %j", (message, why) => {
    const r = checkMessage(message);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(why);
  });

  it("checks every commit since CONTRIBUTING.md was added, and honours the exceptions file", () => {
    const repo = temp();
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], { cwd: repo, encoding: "utf8" });
    git("init", "-q", "-b", "main");
    git("commit", "-q", "--allow-empty", "-m", "old style: before the convention");
    writeFileSync(join(repo, "CONTRIBUTING.md"), "rules\n");
    git("add", "CONTRIBUTING.md");
    git("commit", "-q", "-m", "docs: CONTRIBUTING.md");
    git("commit", "-q", "--allow-empty", "-m", "feat(core): a good one");
    const run = () => spawnSync(process.execPath, [script], { cwd: repo, encoding: "utf8" });
    expect(run()).toMatchObject({ status: 0, stdout: expect.stringMatching(/2 commit\(s\)/) });

    git("commit", "-q", "--allow-empty", "-m", "core: a bad one");
    const bad = run();
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/core: a bad one\n\s+→ unknown type "core"/);

    const sha = git("rev-parse", "HEAD").trim();
    execFileSync("mkdir", ["-p", join(repo, "scripts/release")]);
    writeFileSync(join(repo, "scripts/release/commit-exceptions.txt"), `# landed before the hook\n${sha.slice(0, 10)} old habit\n`);
    expect(run()).toMatchObject({ status: 0 });
  });
});

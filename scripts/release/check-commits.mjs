#!/usr/bin/env node
// Commit messages follow Conventional Commits, the convention `lerna version
// --conventional-commits` reads to pick each package's bump and write its
// CHANGELOG (CONTRIBUTING.md, "Commit messages"):
//
//   type(scope)!: subject        type: feat fix perf refactor docs test build ci chore revert style
//                                scope: a package folder (core, protocol-tap, …) or an area (ci, dachs, release, …)
//
//   node scripts/release/check-commits.mjs                 every commit since CONTRIBUTING.md was added (CI)
//   node scripts/release/check-commits.mjs A..B            the commits of a range
//   node scripts/release/check-commits.mjs --file MSGFILE  one message (a commit-msg hook: .githooks/commit-msg)
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** The commit types lerna's changelog preset understands. */
export const TYPES = ["feat", "fix", "perf", "refactor", "docs", "test", "build", "ci", "chore", "revert", "style"];
const HEADER = new RegExp(`^(${TYPES.join("|")})(\\(([a-z0-9][a-z0-9./-]*)(,[a-z0-9][a-z0-9./-]*)*\\))?(!)?: (\\S.*)$`);

/** Why a commit message breaks the convention, or undefined when it follows it. */
export function checkMessage(message) {
  const header = message.split("\n")[0].trimEnd();
  // Made by git or lerna themselves.
  if (/^Merge (branch|pull request|remote-tracking branch) /.test(header) || /^Revert ".*"$/.test(header) || /^Publish$/.test(header)) return undefined;
  if (/^(fixup|squash|amend)! /.test(header)) return "a fixup!/squash! commit: squash it before landing";
  const m = HEADER.exec(header);
  if (!m) {
    const typo = /^([A-Za-z-]+)(\([^)]*\))?!?:/.exec(header);
    if (typo && !TYPES.includes(typo[1])) return `unknown type "${typo[1]}" (use one of ${TYPES.join(", ")})`;
    if (typo && typo[2] && !/^\([a-z0-9][a-z0-9./,-]*\)$/.test(typo[2])) return `bad scope ${typo[2]}: lower case, a package folder or an area, comma-separated`;
    return `the first line must read "type(scope): subject", e.g. "feat(core): …" or "fix(protocol-tap): …"`;
  }
  const subject = m[6];
  if (subject.length < 3) return "the subject is too short to say what changed";
  const body = message.split("\n");
  if (body.length > 1 && body[1].trim() !== "") return "the second line must be empty (first line, blank line, body)";
  return undefined;
}

function git(args, cwd) {
  return execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

/** The commits of a range (oldest first) as { sha, message }. */
export function commitsOf(range, cwd) {
  const out = git(["log", "--reverse", "--format=%H%x00%B%x01", range], cwd);
  return out.split("\x01").map((s) => s.replace(/^\n/, "")).filter((s) => s.includes("\x00")).map((s) => {
    const [sha, message] = s.split("\x00");
    return { sha, message: message.trim() };
  });
}

/** The default range: from the commit that added CONTRIBUTING.md (where the convention was written down) to HEAD. */
export function defaultRange(cwd) {
  const added = git(["log", "--diff-filter=A", "--format=%H", "--", "CONTRIBUTING.md"], cwd).trim().split("\n").filter(Boolean).at(-1);
  return added ? `${added}^..HEAD` : undefined;
}

/** Commits already on main that break the convention, by sha prefix (they cannot be reworded once landed). */
function exceptions(cwd) {
  const file = join(cwd, "scripts/release/commit-exceptions.txt");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8").split("\n").map((l) => l.trim().split(/\s+/)[0]).filter((s) => s && !s.startsWith("#"));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const cwd = process.cwd();
  if (args[0] === "--file") {
    const message = readFileSync(args[1], "utf8").replace(/^#.*\n?/gm, "").trim();
    const why = checkMessage(message);
    if (why) {
      console.error(`commit message: ${why}\n  ${message.split("\n")[0]}\n(see CONTRIBUTING.md, "Commit messages")`);
      process.exit(1);
    }
    process.exit(0);
  }
  const range = args[0] ?? defaultRange(cwd);
  if (!range) {
    console.log("check-commits: no CONTRIBUTING.md in the history yet, nothing to check");
    process.exit(0);
  }
  const skip = exceptions(cwd);
  const commits = commitsOf(range, cwd);
  const bad = commits.filter((c) => !skip.some((s) => c.sha.startsWith(s))).map((c) => ({ ...c, why: checkMessage(c.message) })).filter((c) => c.why);
  for (const c of bad) console.error(`${c.sha.slice(0, 10)} ${c.message.split("\n")[0].slice(0, 100)}\n  → ${c.why}`);
  if (bad.length) {
    console.error(`check-commits: ${bad.length} of ${commits.length} commit(s) in ${range} break the convention (CONTRIBUTING.md, "Commit messages").` +
      " Reword them before landing (git rebase -i); one already on main goes in scripts/release/commit-exceptions.txt with a reason.");
    process.exit(1);
  }
  console.log(`check-commits: ${commits.length} commit(s) in ${range} follow the convention`);
}

#!/usr/bin/env node
// Fails when a tracked file still holds the conflict markers of a merge or
// rebase (lines starting with <<<<<<< or >>>>>>>, or a lone =======), which
// a shell script or JSON file would otherwise carry into CI.
import { execFileSync } from "node:child_process";

let out = "";
try {
  out = execFileSync("git", ["grep", "-n", "-I", "-E", "^(<{7} |>{7} |={7}$)", "--", ".", ":!*.md"], { encoding: "utf8" });
} catch (error) {
  if (error.status !== 1) throw error; // 1: nothing found
}
if (out.trim()) {
  console.error("check-conflicts: conflict markers left by a merge or rebase:\n" + out);
  process.exit(1);
}
console.log("check-conflicts: no conflict markers");

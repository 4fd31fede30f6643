#!/usr/bin/env node
// Builds src/quickack.c with node-gyp and copies the addon to prebuilds/<platform>-<arch>/quickack.node, the
// path the package loads first (and ships: installing it runs no script). Linux only; up-to-date builds are
// skipped. `--require`: fail when it cannot be built (prepack); otherwise print why and succeed, so that a
// machine without a compiler still builds the rest (the transports then work without prompt ACKs).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const required = process.argv.includes("--require");
const target = join(here, "prebuilds", `${process.platform}-${process.arch}`, "quickack.node");
const source = join(here, "src", "quickack.c");

function fail(message) {
  console.error(`@vo/quickack: ${message}`);
  process.exit(required ? 1 : 0);
}

/** npm's own node-gyp (npm sets npm_config_node_gyp in scripts), else the one next to npm, else a local one. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), "..", "lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"),
  ];
  for (const c of candidates) if (c && existsSync(c)) return c;
  try {
    return createRequire(import.meta.url).resolve("node-gyp/bin/node-gyp.js");
  } catch {
    return undefined;
  }
}

if (process.platform !== "linux") fail(`nothing to build on ${process.platform} (TCP_QUICKACK is Linux-only)`);
if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs) process.exit(0);
const gyp = nodeGyp();
if (!gyp) fail("node-gyp not found (it comes with npm)");
// Build against this Node's own headers when it has them (offline machines), as npm's nodedir setting does.
const prefix = join(dirname(process.execPath), "..");
const args = [gyp, "rebuild", "--release"];
if (!process.env.npm_config_nodedir && existsSync(join(prefix, "include", "node", "node_api.h"))) args.push(`--nodedir=${prefix}`);
try {
  execFileSync(process.execPath, args, { cwd: here, stdio: ["ignore", "ignore", "pipe"] });
} catch (error) {
  fail(`node-gyp could not build src/quickack.c (needs python3, make and a C compiler):\n${error.stderr?.toString().trim() ?? error.message}`);
}
mkdirSync(dirname(target), { recursive: true });
copyFileSync(join(here, "build", "Release", "quickack.node"), target);
console.log(`@vo/quickack: built ${target}`);

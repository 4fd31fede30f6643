#!/usr/bin/env node
// Runs after `npm run build` (root "postbuild"): links and marks executable the
// `bin` of every workspace package, as npm does on install. In a fresh checkout
// `npm ci` runs before `tsc -b` has written dist/, and npm skips a bin whose file
// does not exist yet: without this, `node_modules/.bin/vo-samp-hub` (and `vo`)
// would be missing after `npm ci && npm run build`.
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const binDir = join(root, "node_modules", ".bin");
for (const group of ["packages", "examples"]) {
  for (const dir of readdirSync(join(root, group))) {
    let pkg;
    try {
      pkg = JSON.parse(readFileSync(join(root, group, dir, "package.json"), "utf8"));
    } catch {
      continue;
    }
    const bins = typeof pkg.bin === "string" ? { [pkg.name.split("/").pop()]: pkg.bin } : (pkg.bin ?? {});
    for (const [name, target] of Object.entries(bins)) {
      const file = join(root, group, dir, target);
      if (!existsSync(file)) continue;
      chmodSync(file, statSync(file).mode | 0o111);
      const link = join(binDir, name);
      let present = false;
      try {
        present = lstatSync(link) !== undefined;
      } catch {
        present = false;
      }
      if (present) continue;
      mkdirSync(binDir, { recursive: true });
      symlinkSync(relative(binDir, join(root, "node_modules", pkg.name, target)), link);
      console.log(`link-bins: node_modules/.bin/${name} -> ${pkg.name}/${target}`);
    }
  }
}

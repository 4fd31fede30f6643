#!/usr/bin/env node
// `npm run test:integ [-- vitest args]`: makes sure the local DaCHS test bed
// answers (starting it with scripts/start-dachs.sh when it does not), then runs
// `vitest run --project integ` with VO_DACHS_URL and VO_DACHS_SERVICES set and
// exits with vitest's code.  There is no silent skip: when DaCHS cannot be
// started this exits non-zero (with VO_REQUIRE_INTEGRATION=1 or without).
// See docs/integration.md.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const port = process.env.VO_DACHS_PORT || "8080";
const base = (process.env.VO_DACHS_URL || `http://localhost:${port}`).replace(/\/+$/, "");
const services = join(repo, "scripts", "dachs", "services.json");
const required = process.env.VO_REQUIRE_INTEGRATION === "1";
const log = (msg) => console.log(`[test-integ] ${msg}`);

async function get(url, init = {}) {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    return { ok: res.ok, status: res.status, text: await res.text() };
  } catch (err) {
    return { ok: false, status: 0, text: String(err?.cause?.code ?? err?.message ?? err) };
  }
}

/** Why the test bed is not usable at `base`, or null when it is. */
async function problem() {
  const avail = await get(`${base}/tap/availability`);
  if (!avail.ok) return `${base}/tap/availability: ${avail.status || avail.text}`;
  if (!/<(?:\w+:)?available>\s*true/.test(avail.text)) return `${base}/tap/availability does not say available=true`;
  const body = new URLSearchParams({
    LANG: "ADQL",
    FORMAT: "csv",
    QUERY: "SELECT COUNT(*) AS n FROM ivoa.obscore WHERE obs_collection LIKE 'vosample-%'",
  });
  const q = await get(`${base}/tap/sync`, { method: "POST", body });
  const n = q.text.trim().split(/\r?\n/).pop();
  if (!q.ok || n !== "11") return `DaCHS answers at ${base} but without the sample data (ObsCore count ${JSON.stringify(n)})`;
  return null;
}

function fail(reason) {
  console.error(`[test-integ] ${reason}`);
  console.error(
    "[test-integ] The integration tests need the local DaCHS test bed (Debian 12, root):\n" +
      "[test-integ]   bash scripts/start-dachs.sh     # see docs/integration.md\n" +
      (required
        ? "[test-integ] VO_REQUIRE_INTEGRATION=1: failing instead of skipping."
        : "[test-integ] Not running the integration tests; they are never skipped silently."),
  );
  process.exit(1);
}

// As root, start-dachs.sh always runs: its fast path (about a second) also
// checks the extra test beds of scripts/dachs/beds/ and installs what is missing.
let why = await problem();
if (why || process.getuid?.() === 0) {
  log(why ? `DaCHS not ready (${why}); running scripts/start-dachs.sh` : "checking the test beds with scripts/start-dachs.sh");
  const t0 = performance.now();
  const start = spawnSync("bash", [join(repo, "scripts", "start-dachs.sh")], {
    cwd: repo,
    stdio: "inherit",
    env: { ...process.env, VO_DACHS_PORT: new URL(base).port || "80" },
  });
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  if (start.status !== 0) fail(`scripts/start-dachs.sh failed after ${secs}s (exit ${start.status ?? start.signal})`);
  log(`scripts/start-dachs.sh took ${secs}s`);
  why = await problem();
  if (why) fail(`DaCHS still not ready after start-dachs.sh: ${why}`);
} else {
  log(`DaCHS answers at ${base} with the sample data`);
}

const localVitest = join(repo, "node_modules", ".bin", "vitest");
const [cmd, pre] = existsSync(localVitest) ? [localVitest, []] : ["npx", ["vitest"]];
const args = [...pre, "run", "--project", "integ", ...process.argv.slice(2)];
log(`VO_DACHS_URL=${base} ${existsSync(localVitest) ? "vitest" : "npx vitest"} ${args.slice(pre.length).join(" ")}`);
const run = spawnSync(cmd, args, {
  cwd: repo,
  stdio: "inherit",
  env: { ...process.env, VO_DACHS_URL: base, VO_DACHS_SERVICES: services },
});
if (run.error) fail(`could not run vitest: ${run.error.message}`);
process.exit(run.status ?? 1);

/**
 * JSAMP's conformance tester (`hubtester`) and stress test (`calcstorm`) against
 * our hub, started from the package's bin by the shared recipe (the issue's
 * acceptance command, run from the repository root).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { REPO, run } from "../../../../scripts/samp/peers.js";

const RECIPE = join(REPO, "..", "shared", "realvo", "samp", "hub-conformance.sh");

it("vo-samp-hub passes JSAMP's hubtester and calcstorm", async () => {
  expect(existsSync(RECIPE), `${RECIPE} is missing (the shared SAMP recipes sit beside the repository in CI)`).toBe(true);
  const { code, output } = await run("bash", [RECIPE, "custom", 'exec node_modules/.bin/vo-samp-hub --lockfile "$LOCK"'], { timeoutMs: 420_000, env: { ...process.env, HUBTESTER_TIMEOUT: "180" } });
  expect(output).toMatch(/hubtester PASSED/);
  expect(output).toMatch(/calcstorm PASSED/);
  expect(code, output).toBe(0);
}, 450_000);

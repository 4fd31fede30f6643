/**
 * Runs the three course examples against the local DaCHS test bed
 * (scripts/start-dachs.sh; `npm run test:integ`). An unreachable server fails
 * the suite, never a silent skip. When the examples are built, the compiled
 * `single-image.js` is also run with node, as a user would.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DACHS, SERVICES } from "./common.js";
import { manyServices } from "./many-services.js";
import { multiPosition } from "./multi-position.js";
import { singleImage } from "./single-image.js";

let dir: string;
const lines: string[] = [];
const log = (line: string): void => void lines.push(line);

beforeAll(async () => {
  const probe = await fetch(`${SERVICES.sia1}?FORMAT=METADATA`, { signal: AbortSignal.timeout(10_000) }).catch((e: unknown) => e);
  if (!(probe instanceof Response) || !probe.ok) {
    throw new Error(`DaCHS is not reachable at ${DACHS}; start it with scripts/start-dachs.sh or set VO_DACHS_URL`);
  }
  dir = await mkdtemp(join(tmpdir(), "vo-examples-"));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("image course examples against DaCHS", () => {
  it("single image: lists the M31 images and downloads a FITS file", async () => {
    const saved = await singleImage({ dir, log });
    expect(lines[0]).toBe("2 images around M31");
    expect((await readFile(saved.path)).subarray(0, 9).toString("latin1")).toBe("SIMPLE  =");
  });

  it("several positions with a date filter: one SIA2 request", async () => {
    const records = await multiPosition(new Date("2019-01-01T00:00:00Z"), new Date("2022-12-31T23:59:59Z"), { log });
    expect(records.map((r) => r.targetName).sort()).toEqual(["EQUATORFIELD", "M31FIELD", "M31FIELD", "ORIONFIELD"]);
    for (const r of records) expect(r.dateobs!.getUTCFullYear()).toBeGreaterThanOrEqual(2019);
  });

  it("many services: keeps the answers of the good ones and reports the broken one", async () => {
    const results = await manyServices(undefined, { log });
    expect(results.map((r) => (r.ok ? r.value : r.error.code))).toEqual([2, 2, "VO_ERR_SERVICE"]);
  });

  const compiled = fileURLToPath(new URL("../dist/single-image.js", import.meta.url));
  it.runIf(existsSync(compiled))("runs the compiled single-image example with node", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [compiled], { cwd: dir, env: { ...process.env, VO_DACHS_URL: DACHS }, timeout: 60_000 });
    expect(stdout).toMatch(/^2 images around M31/);
    expect(stdout).toMatch(/saved \d+ bytes to /);
  });
});

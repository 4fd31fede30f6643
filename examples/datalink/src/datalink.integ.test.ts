/**
 * Runs the datalink course examples against the local DaCHS test bed
 * (scripts/start-dachs.sh, bed scripts/dachs/beds/dlsoda; `npm run test:integ`).
 * An unreachable server fails the suite, never a silent skip. When the
 * examples are built, the compiled cutout example is also run with node.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DACHS, TAP_URL } from "./common.js";
import { cutoutDownload } from "./cutout-download.js";
import { previewsMontage } from "./previews-montage.js";
import { rowsWithLinks } from "./rows-with-links.js";

let dir: string;
const lines: string[] = [];
const log = (line: string): void => void lines.push(line);

beforeAll(async () => {
  const probe = await fetch(`${TAP_URL}/availability`, { signal: AbortSignal.timeout(10_000) }).catch((e: unknown) => e);
  if (!(probe instanceof Response) || !probe.ok) {
    throw new Error(`DaCHS is not reachable at ${DACHS}; start it with scripts/start-dachs.sh or set VO_DACHS_URL`);
  }
  dir = await mkdtemp(join(tmpdir(), "vo-examples-datalink-"));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("datalink course examples against DaCHS", () => {
  it("previews montage: 30 previews fetched in parallel, bounded, as JPEG tiles with an HTML page", async () => {
    const { tiles, failed, html } = await previewsMontage(30, { dir, log, concurrency: 3 });
    expect(failed).toBe(0);
    expect(tiles.length).toBe(30);
    for (const t of tiles) {
      const head = (await readFile(t.path)).subarray(0, 3);
      expect([...head]).toEqual([0xff, 0xd8, 0xff]); // JPEG
    }
    expect((await readFile(html, "utf8")).match(/<img /g)?.length).toBe(30);
  });

  it("rows with links: every row gets its dataset, preview and SODA range; the bright ones an H-gamma cutout", async () => {
    const walked = await rowsWithLinks(40, { log });
    expect(walked.length).toBeGreaterThan(10);
    for (const w of walked) {
      expect(w.format).toMatch(/votable/);
      expect(w.preview).toMatch(/^http/);
      expect(w.band![0]).toBeCloseTo(4e-7, 12);
    }
    const cut = walked.filter((w) => w.cutoutBytes !== undefined);
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.every((w) => w.cutoutBytes! > 0)).toBe(true);
  });

  it("cutout download: a FITS file smaller than the image", async () => {
    const { saved, fullBytes } = await cutoutDownload(200, 30, 0.02, { dir, log });
    const bytes = await readFile(saved.path);
    expect(bytes.subarray(0, 9).toString("latin1")).toBe("SIMPLE  =");
    expect(bytes.length).toBeLessThan(fullBytes!);
    expect(saved.path.startsWith(dir)).toBe(true);
  });

  it("cutout download: a position no image covers is said so", async () => {
    await expect(cutoutDownload(260, -60, 0.01, { dir, log })).rejects.toThrow(/no image covers \(260, -60\)/);
  });

  const compiled = fileURLToPath(new URL("../dist/cutout-download.js", import.meta.url));
  it.runIf(existsSync(compiled))("runs the compiled cutout example with node", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [compiled], { cwd: dir, env: { ...process.env, VO_DACHS_URL: DACHS }, timeout: 60_000 });
    expect(stdout).toMatch(/cutout of \d+ bytes \(the whole image: 14400 bytes\) saved to /);
  });
});

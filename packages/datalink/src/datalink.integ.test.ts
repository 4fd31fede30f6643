/**
 * DataLink and SODA against the local DaCHS (scripts/dachs/beds/dlsoda;
 * VO_DACHS_URL, default http://localhost:8080): links of TAP, ObsCore and SSA
 * results in ⌈N/batch⌉ requests (counted by a transport interceptor),
 * bySemantics, error rows, a SODA circle cutout of an image, a BAND cutout of
 * a spectrum, and the descriptor embedded in a TAP result called for one row.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClient, definePlugin, ParameterError } from "@vo/core";
import type { TransportRequest } from "@vo/core";
import { parseVOTable } from "@vo/votable";
import { tap } from "@vo/protocol-tap";
import { ssa } from "@vo/protocol-ssa";
import { datalink } from "./plugin.js";
import { datalinks, iterDatalinks, processed } from "./iter-datalinks.js";
import type { DatalinkResults } from "./links.js";

const base = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");
const IMG_DL = `${base}/dlsoda/img/dl/dlmeta`;
const SPEC_DL = `${base}/dlsoda/spec/sdl/dlmeta`;
const SSAP = `${base}/dlsoda/spec/ssa/ssap.xml`;

const sent: TransportRequest[] = [];
/** Counts every HTTP request the client sends. */
const counter = definePlugin({
  name: "request-counter",
  version: "1.0.0",
  core: "*",
  register(r) {
    r.interceptor((next) => (request) => {
      sent.push(request);
      return next(request);
    });
  },
});
const makeClient = () => createClient({ plugins: [tap(), ssa(), datalink(), counter], onWarning: () => undefined });
let client: ReturnType<typeof makeClient>;
const requestsTo = (url: string): TransportRequest[] => sent.filter((r) => String(r.url).startsWith(url));
const idsIn = (r: TransportRequest): string[] =>
  r.method === "POST" ? new URLSearchParams(String(r.body)).getAll("ID") : new URL(String(r.url)).searchParams.getAll("ID");

beforeAll(async () => {
  const probe = await fetch(`${IMG_DL}?ID=ivo://vo.integ.local/~?dlsoda/data/img/dlimg_000.fits`, { signal: AbortSignal.timeout(10_000) }).catch((e: unknown) => e);
  if (!(probe instanceof Response) || !probe.ok) {
    throw new Error(`the dlsoda test bed does not answer at ${IMG_DL} (${probe instanceof Response ? probe.status : String(probe)}); run scripts/start-dachs.sh`);
  }
  client = makeClient();
});
afterAll(async () => {
  await client?.close();
});
beforeEach(() => {
  sent.length = 0;
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** The primary header of a FITS file: keyword → value (numbers as numbers). */
function fitsHeader(bytes: Uint8Array): Map<string, string | number> {
  const text = new TextDecoder("latin1").decode(bytes.subarray(0, 2880 * 4));
  const out = new Map<string, string | number>();
  for (let i = 0; i + 80 <= text.length; i += 80) {
    const card = text.slice(i, i + 80);
    const key = card.slice(0, 8).trim();
    if (key === "END") break;
    if (card[8] !== "=") continue;
    const raw = card.slice(10).split("/")[0]!.trim();
    out.set(key, /^[-+0-9.eEdD]+$/.test(raw) ? Number(raw.replace(/[dD]/, "e")) : raw.replace(/^'|'$/g, "").trim());
  }
  return out;
}

describe("links of whole results, batched", () => {
  it("TAP: 125 images in ⌈125/40⌉ = 4 POSTs, rows in order, #this/#preview/#progenitor and bySemantics with narrower terms", async () => {
    const rs = await client.service("tap", `${base}/tap`).runSync("SELECT pub_did, accref, centerAlpha, centerDelta FROM vo_dlsoda_img.images ORDER BY pub_did");
    expect(rs.length).toBe(125);
    sent.length = 0;
    const all: DatalinkResults[] = await collect(iterDatalinks(rs, { batchSize: 40 }));
    expect(requestsTo(IMG_DL).map((r) => [r.method, idsIn(r).length])).toEqual([["POST", 40], ["POST", 40], ["POST", 40], ["POST", 5]]);
    expect(sent.length).toBe(4);
    expect(all.map((l) => l.originalRow?.getString("pub_did"))).toEqual(rs.toArray().map((r) => r.getString("pub_did")));
    for (const links of all) {
      expect(links.ids).toEqual([links.originalRow!.getString("pub_did")]);
      expect(links.thisLinks()[0]!.contentType).toBe("image/fits");
      expect(links.progenitors().length).toBe(1);
      expect(links.bySemantics("#preview").map((l) => l.semantics).sort()).toEqual(["#preview", "#preview-image"]);
      expect(links.bySemantics("#preview", { includeNarrower: false }).map((l) => l.semantics)).toEqual(["#preview"]);
      expect(links.getFirstProc()?.descriptor?.isSoda).toBe(true);
    }
  });

  it("respects the service's MAXREC: DaCHS stops after 250 link rows (42 images of 6 links) with OVERFLOW, the rest is asked again", async () => {
    const rs = await client.service("tap", `${base}/tap`).runSync("SELECT pub_did FROM vo_dlsoda_img.images ORDER BY pub_did");
    sent.length = 0;
    const all = await collect(iterDatalinks(rs, { batchSize: 100 }));
    expect(all.map((l) => l.length)).toEqual(new Array(125).fill(6)); // #this, #preview, #preview-image, #progenitor, 2 × #proc
    expect(all.map((l) => l.ids[0])).toEqual(rs.toArray().map((r) => r.getString("pub_did")));
    const sizes = requestsTo(IMG_DL).map((r) => idsIn(r).length);
    expect(sizes[0]).toBe(100);
    expect(sizes.slice(1).every((n) => n < 50)).toBe(true);
    expect(sizes.length).toBe(4);
  });

  it("ObsCore: the rows' access URLs are links documents; 125 spectra in ⌈125/40⌉ = 4 POSTs to the service they name", async () => {
    const stream = await client.service("tap", `${base}/tap`).streamSync(
      "SELECT obs_publisher_did, access_url, access_format FROM ivoa.obscore WHERE obs_collection = 'vodl-spec' ORDER BY obs_publisher_did",
    );
    sent.length = 0;
    let n = 0;
    for await (const links of iterDatalinks(stream, { batchSize: 40 })) {
      expect(links.ids).toEqual([links.originalRow!.getString("obs_publisher_did")]);
      expect(links.thisLinks().length).toBe(1);
      n++;
    }
    expect(n).toBe(125);
    expect(requestsTo(SPEC_DL).map((r) => idsIn(r).length)).toEqual([40, 40, 40, 5]);
  });

  it("SSA: the result's descriptor; 125 spectra in ⌈125/30⌉ = 5 requests, stopping early asks no more", async () => {
    const rs = await client.service("ssa", SSAP).search([200, 30], 5);
    expect(rs.length).toBe(125);
    sent.length = 0;
    expect((await collect(iterDatalinks(rs, { batchSize: 30 }))).length).toBe(125);
    expect(requestsTo(SPEC_DL).map((r) => idsIn(r).length)).toEqual([30, 30, 30, 30, 5]);
    sent.length = 0;
    let seen = 0;
    for await (const links of iterDatalinks(rs, { batchSize: 30 })) {
      expect(links.thisLinks().length).toBe(1);
      if (++seen === 31) break;
    }
    expect(requestsTo(SPEC_DL).length).toBe(2);
  });

  it("an unknown ID is an error row of its own, the others are served", async () => {
    const good = "ivo://vo.integ.local/~?dlsoda/data/img/dlimg_007.fits";
    const bad = "ivo://vo.integ.local/~?dlsoda/data/img/no-such-image.fits";
    const links = await client.service("datalink", IMG_DL).search([good, bad]);
    expect(links.byId(good).errors()).toEqual([]);
    const [error] = links.byId(bad).errors();
    expect(error?.errorMessage).toMatch(/NotFoundFault/);
    await expect(links.byId(bad).getDataset()).rejects.toMatchObject({ name: "DatalinkError", datasetId: bad });
    expect((await (await links.byId(good).getDataset()).bytes()).length).toBe(links.byId(good).thisLinks()[0]!.contentLength);
  });
});

describe("SODA against DaCHS", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "vo-datalink-integ-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("a circle cutout of an image is smaller than the image and covers the asked region", async () => {
    const rs = await client.service("tap", `${base}/tap`).runSync("SELECT pub_did, centerAlpha, centerDelta FROM vo_dlsoda_img.images WHERE pub_did LIKE '%dlimg_042.fits'");
    const row = rs.at(0)!;
    const [ra, dec] = [row.getNumber("centerAlpha")!, row.getNumber("centerDelta")!];
    const links = await datalinks(row);
    const full = fitsHeader(await (await links.getDataset()).bytes());
    const proc = links.getFirstProc()!;
    const out = await proc.downloadProcessed(dir, { circle: [ra + 0.01, dec, 0.02] });
    const bytes = await readFile(out.path);
    expect(bytes.subarray(0, 9).toString("latin1")).toBe("SIMPLE  =");
    expect(bytes.length).toBeLessThan(links.thisLinks()[0]!.contentLength!);
    const cut = fitsHeader(bytes);
    expect(full.get("NAXIS1")).toBe(48);
    const [nx, ny] = [cut.get("NAXIS1") as number, cut.get("NAXIS2") as number];
    expect(nx).toBeLessThan(48);
    expect(ny).toBeLessThan(48);
    // The asked circle lies inside the cutout: its centre and its extent in pixels (10"/px, TAN near the centre).
    const scale = Math.abs(cut.get("CD2_2") as number);
    const cx = (cut.get("CRPIX1") as number) - ((ra + 0.01 - (cut.get("CRVAL1") as number)) * Math.cos((dec * Math.PI) / 180)) / scale;
    const cy = (cut.get("CRPIX2") as number) + (dec - (cut.get("CRVAL2") as number)) / scale;
    const r = 0.02 / scale;
    expect(cx - r).toBeGreaterThanOrEqual(0);
    expect(cx + r).toBeLessThanOrEqual(nx + 1);
    expect(cy - r).toBeGreaterThanOrEqual(0);
    expect(cy + r).toBeLessThanOrEqual(ny + 1);
  });

  it("async SODA where offered: the UWS job runs, its result is the cutout", async () => {
    const rs = await client.service("tap", `${base}/tap`).runSync("SELECT pub_did, centerAlpha, centerDelta FROM vo_dlsoda_img.images WHERE pub_did LIKE '%dlimg_077.fits'");
    const row = rs.at(0)!;
    const links = await datalinks(row);
    const asyncProc = [...links.iterProcs()].find((l) => l.descriptor?.isSodaAsync);
    expect(asyncProc?.descriptor?.accessUrl).toBe(`${base}/dlsoda/img/dl/dlasync`);
    const phases: string[] = [];
    const response = await asyncProc!.processed(
      { circle: [row.getNumber("centerAlpha")!, row.getNumber("centerDelta")!, 0.015] },
      { pollInterval: 200, timeout: 60_000, onPhase: (p) => void phases.push(p) },
    );
    const header = fitsHeader(await response.bytes());
    expect(header.get("NAXIS1")).toBeLessThan(48);
    expect(phases.at(-1)).toBe("COMPLETED");
    await expect(asyncProc!.processed({ circle: [10, 10, 0.01] })).rejects.toMatchObject({ name: "ParameterError", parameter: "CIRCLE" });
  });

  it("a polygon cutout through processed(row); a region outside the image is a ParameterError before any request", async () => {
    const rs = await client.service("tap", `${base}/tap`).runSync("SELECT pub_did, centerAlpha, centerDelta FROM vo_dlsoda_img.images WHERE pub_did LIKE '%dlimg_010.fits'");
    const row = rs.at(0)!;
    const [ra, dec] = [row.getNumber("centerAlpha")!, row.getNumber("centerDelta")!];
    const cut = await processed(row, { polygon: [[ra - 0.02, dec - 0.02], [ra + 0.02, dec - 0.02], [ra, dec + 0.02]] });
    expect(cut.headers.get("content-type")).toMatch(/fits/);
    expect(fitsHeader(await cut.bytes()).get("NAXIS1")).toBeLessThan(48);
    sent.length = 0;
    const err = await processed(row, { circle: [ra + 5, dec, 0.01] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParameterError);
    expect(err).toMatchObject({ parameter: "CIRCLE" });
    expect((err as ParameterError).expected).toMatch(/footprint/);
    expect(requestsTo(`${base}/dlsoda/img/dl/dlget`)).toEqual([]);
  });

  it("a spectral BAND cutout of a spectrum through the SODA descriptor embedded in the SSA result", async () => {
    const rs = await client.service("ssa", SSAP).search([200, 30], 5, { maxrec: 3 });
    const row = rs.at(0)!;
    sent.length = 0;
    const response = await processed(row, { band: [4.2e-7, 4.4e-7] });
    expect(requestsTo(`${base}/dlsoda/spec/sdl/dlget`).length).toBe(1);
    expect(new URL(String(sent[0]!.url)).searchParams.get("ID")).toBe(row.getString("ssa_pubDID"));
    const doc = await parseVOTable(await response.bytes());
    const table = doc.resultTable()!;
    expect(table.length).toBeGreaterThan(10);
    expect(table.length).toBeLessThan(400);
    const spectral = table.columns[0]!;
    for (let i = 0; i < table.length; i++) {
      const wl = Number(spectral.values[i]);
      expect(wl).toBeGreaterThanOrEqual(4200 - 2);
      expect(wl).toBeLessThanOrEqual(4400 + 2);
    }
    await expect(processed(row, { band: [7e-7, 8e-7] })).rejects.toMatchObject({ name: "ParameterError", parameter: "BAND" });
  });

  it("the DataLink descriptor embedded in a TAP result, called for one row", async () => {
    const rs = await client.service("tap", `${base}/tap`).runSync("SELECT TOP 5 ssa_pubDID, ssa_targname FROM vo_dlsoda_spec.data ORDER BY ssa_pubDID");
    const row = rs.at(3)!;
    sent.length = 0;
    const links = await datalinks(row);
    expect(sent.length).toBe(1);
    const url = new URL(String(sent[0]!.url));
    expect(`${url.origin}${url.pathname}`).toBe(SPEC_DL);
    expect(url.searchParams.getAll("ID")).toEqual([row.getString("ssa_pubDID")]);
    expect(links.originalRow).toBe(row);
    expect(links.ids).toEqual([row.getString("ssa_pubDID")]);
    expect(links.previews().length).toBeGreaterThan(0);
    expect(links.getFirstProc()?.descriptor?.param("BAND")?.min?.value).toBeCloseTo(4e-7, 12);
  });
});

import { lstat, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hang, respond, slowBody, startTestServer, truncated } from "@vo/testkit";
import type { TestServer } from "@vo/testkit";
import { DALServiceError } from "@vo/votable";
import type { Transport, TransportRequest, TransportResponse } from "../transport/types.js";
import { downloadDataset } from "./download-dataset.js";
import type { DownloadProgress } from "./download-dataset.js";

/** A minimal fetch-based Transport, so this test depends only on the Transport interface. */
function fetchTransport(): Transport {
  return {
    async request(req: TransportRequest): Promise<TransportResponse> {
      const res = await fetch(req.url, { method: req.method ?? "GET", ...(req.signal ? { signal: req.signal } : {}) });
      const stream = res.body;
      return {
        status: res.status,
        statusText: res.statusText,
        url: res.url,
        headers: res.headers,
        body: (async function* () {
          if (!stream) return;
          const reader = stream.getReader();
          try {
            while (true) {
              const { done, value } = await reader.read();
              if (done) return;
              yield value;
            }
          } finally {
            reader.releaseLock();
          }
        })(),
        bytes: async () => new Uint8Array(await res.arrayBuffer()),
        text: () => res.text(),
        cancel: async () => {
          await stream?.cancel().catch(() => undefined);
        },
      };
    },
    async close() {},
  };
}

const FITS = Buffer.concat([Buffer.from("SIMPLE  =                    T".padEnd(80)), Buffer.alloc(2800, 32)]);

describe("downloadDataset against a local HTTP server", () => {
  let server: TestServer;
  let dir: string;
  const transport = fetchTransport();

  beforeAll(async () => {
    server = await startTestServer({
      "/image.fits": respond(200, FITS, { "content-type": "image/fits" }),
      "/cd": respond(200, FITS, { "content-type": "image/fits", "content-disposition": 'attachment; filename="../../../evil.fits"' }),
      "/cd-utf8": respond(200, "x", { "content-type": "text/plain", "content-disposition": "attachment; filename*=UTF-8''%E6%98%9F.txt" }),
      "/getproduct": respond(200, FITS, { "content-type": "application/fits" }),
      "/noname/": respond(200, "hello", { "content-type": "text/plain" }),
      "/missing": respond(404, "no such dataset", { "content-type": "text/plain" }),
      "/slow": slowBody(["a".repeat(1000), "b".repeat(1000), "c".repeat(1000)], 30, { "content-length": "3000" }),
      "/hang": slowBody(["partial"], 60_000),
      "/truncated": truncated(FITS, 100),
      "/never": hang(),
    });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "vo-dl-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("streams a FITS file to disk under the URL's name", async () => {
    const out = await downloadDataset(transport, `${server.url}/image.fits`, dir);
    expect(out.path).toBe(join(dir, "image.fits"));
    expect(out.bytes).toBe(FITS.length);
    expect(out.contentType).toBe("image/fits");
    const data = await readFile(out.path);
    expect(data.subarray(0, 9).toString()).toBe("SIMPLE  =");
  });

  it("never overwrites by default: adds (1), (2) …; overwrite: true replaces", async () => {
    const sub = await mkdtemp(join(dir, "ow-"));
    await writeFile(join(sub, "image.fits"), "precious");
    const a = await downloadDataset(transport, `${server.url}/image.fits`, sub);
    const b = await downloadDataset(transport, `${server.url}/image.fits`, sub);
    expect(a.path).toBe(join(sub, "image (1).fits"));
    expect(b.path).toBe(join(sub, "image (2).fits"));
    expect(await readFile(join(sub, "image.fits"), "utf8")).toBe("precious");
    const c = await downloadDataset(transport, `${server.url}/image.fits`, sub, { overwrite: true });
    expect(c.path).toBe(join(sub, "image.fits"));
    expect((await readFile(c.path)).length).toBe(FITS.length);
    expect((await readdir(sub)).sort()).toEqual(["image (1).fits", "image (2).fits", "image.fits"]);
  });

  it("runs many concurrent downloads of one name without losing any", async () => {
    const sub = await mkdtemp(join(dir, "race-"));
    const results = await Promise.all(
      Array.from({ length: 8 }, () => downloadDataset(transport, `${server.url}/image.fits`, sub)),
    );
    const names = new Set(results.map((r) => r.path));
    expect(names.size).toBe(8);
    expect((await readdir(sub)).filter((f) => f.endsWith(".part"))).toEqual([]);
  });

  it("keeps a hostile Content-Disposition inside the folder", async () => {
    const sub = await mkdtemp(join(dir, "cd-"));
    const out = await downloadDataset(transport, `${server.url}/cd`, sub);
    expect(out.path).toBe(join(sub, "evil.fits"));
    const utf = await downloadDataset(transport, `${server.url}/cd-utf8`, sub);
    expect(utf.path).toBe(join(sub, "星.txt"));
  });

  it("never writes through a symlink planted under the chosen name", async () => {
    const sub = await mkdtemp(join(dir, "ln-"));
    const outside = await mkdtemp(join(dir, "outside-"));
    await writeFile(join(outside, "victim"), "precious");
    await symlink(join(outside, "victim"), join(sub, "evil.fits"));
    const out = await downloadDataset(transport, `${server.url}/cd`, sub);
    expect(out.path).toBe(join(sub, "evil (1).fits"));
    expect(await readFile(join(outside, "victim"), "utf8")).toBe("precious");
    const replaced = await downloadDataset(transport, `${server.url}/cd`, sub, { overwrite: true });
    expect(replaced.path).toBe(join(sub, "evil.fits"));
    expect((await lstat(replaced.path)).isSymbolicLink()).toBe(false); // the link itself is replaced
    expect(await readFile(join(outside, "victim"), "utf8")).toBe("precious");
  });

  it("uses the suggested name and the MIME type's extension when the server names nothing", async () => {
    const sub = await mkdtemp(join(dir, "sg-"));
    const out = await downloadDataset(transport, `${server.url}/getproduct?key=x`, sub, { suggestedName: "M 51 / r-band" });
    expect(out.path).toBe(join(sub, "M 51 _ r-band.fits"));
    const plain = await downloadDataset(transport, `${server.url}/getproduct?key=x`, sub);
    expect(plain.path).toBe(join(sub, "getproduct.fits"));
    const fallback = await downloadDataset(transport, `${server.url}/noname/`, sub);
    expect(fallback.path).toBe(join(sub, "noname.txt"));
    const mine = await downloadDataset(transport, `${server.url}/getproduct`, sub, { filename: "../mine" });
    expect(mine.path).toBe(join(sub, "mine.fits"));
  });

  it("creates a missing folder", async () => {
    const sub = join(dir, "new", "deeper");
    const out = await downloadDataset(transport, `${server.url}/image.fits`, sub);
    expect(out.path).toBe(join(sub, "image.fits"));
  });

  it("reports progress with the Content-Length", async () => {
    const seen: DownloadProgress[] = [];
    const sub = await mkdtemp(join(dir, "pg-"));
    const out = await downloadDataset(transport, `${server.url}/slow`, sub, { onProgress: (p) => seen.push(p) });
    expect(out.bytes).toBe(3000);
    expect(seen.at(-1)).toEqual({ received: 3000, total: 3000 });
    expect(seen.length).toBeGreaterThanOrEqual(2);
  });

  it("turns an HTTP error into DALServiceError with status and body, writing nothing", async () => {
    const sub = await mkdtemp(join(dir, "err-"));
    const err = await downloadDataset(transport, `${server.url}/missing`, sub).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALServiceError);
    expect((err as DALServiceError).status).toBe(404);
    expect((err as DALServiceError).bodyExcerpt).toContain("no such dataset");
    expect(await readdir(sub)).toEqual([]);
  });

  it("an abort mid-body rejects with the signal's reason and leaves no partial file", async () => {
    const sub = await mkdtemp(join(dir, "ab-"));
    const controller = new AbortController();
    const reason = new Error("user gave up");
    const p = downloadDataset(transport, `${server.url}/hang`, sub, {
      signal: controller.signal,
      onProgress: () => controller.abort(reason),
    });
    await expect(p).rejects.toBe(reason);
    expect(await readdir(sub)).toEqual([]);
  });

  it("a truncated body fails and leaves no file", async () => {
    const sub = await mkdtemp(join(dir, "tr-"));
    await expect(downloadDataset(transport, `${server.url}/truncated`, sub)).rejects.toThrow();
    expect(await readdir(sub)).toEqual([]);
  });

  it("an already-aborted signal sends nothing", async () => {
    const before = server.requests.length;
    const reason = new Error("early");
    await expect(
      downloadDataset(transport, `${server.url}/never`, dir, { signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    expect(server.requests.length).toBe(before);
  });
});

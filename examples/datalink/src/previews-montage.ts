/**
 * Course: a previews montage. Query N images, get their links in batches,
 * fetch every preview in parallel (at most 4 at a time) and write them with
 * an HTML page that shows them side by side.
 *
 *   node examples/datalink/dist/previews-montage.js [N]
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createClient, fanOut } from "@vo/core";
import { datalink, iterDatalinks } from "@vo/datalink";
import type { DatalinkRecord } from "@vo/datalink";
import { tap } from "@vo/protocol-tap";
import { runIfMain, TAP_URL } from "./common.js";
import type { ExampleOptions } from "./common.js";

/** One tile of the montage. */
export interface Tile {
  /** The dataset's publisher DID. */
  id: string;
  /** The preview file written. */
  path: string;
  /** Its size in bytes. */
  bytes: number;
}

/** Makes a montage of the previews of the first `n` images; returns the tiles and the HTML page. */
export async function previewsMontage(n = 24, options: ExampleOptions & { concurrency?: number } = {}): Promise<{ tiles: Tile[]; failed: number; html: string }> {
  const log = options.log ?? console.log;
  const dir = resolve(options.dir ?? "downloads", "montage");
  const client = createClient({ plugins: [tap(), datalink()] });
  try {
    const images = await client.service("tap", TAP_URL).runSync(`SELECT TOP ${n} pub_did, imageTitle FROM vo_dlsoda_img.images ORDER BY pub_did`);
    log(`${images.length} images`);
    // The links of all rows, 50 IDs per request (one request here for up to 50 images).
    const previews: { id: string; link: DatalinkRecord }[] = [];
    for await (const links of iterDatalinks(images, { batchSize: 50 })) {
      // #preview-image is narrower than #preview: take the plain #preview when there is one.
      const link = links.bySemantics("#preview", { includeNarrower: false })[0] ?? links.previews()[0];
      if (link) previews.push({ id: links.originalRow!.getString("pub_did")!, link });
    }
    await mkdir(dir, { recursive: true });
    // At most `concurrency` downloads in flight; a failed preview is reported, the others kept.
    const results = await fanOut(
      previews,
      async ({ id, link }, { signal }) => {
        const bytes = await (await link.fetch({ signal })).bytes();
        const path = join(dir, `${id.replace(/^.*[/?]/, "").replace(/\.fits$/, "")}.jpg`);
        await writeFile(path, bytes);
        return { id, path, bytes: bytes.length };
      },
      { concurrency: options.concurrency ?? 4, timeout: 30_000 },
    );
    const tiles = results.flatMap((r) => (r.ok ? [r.value] : []));
    const failed = results.filter((r) => !r.ok).length;
    for (const r of results) if (!r.ok) log(`no preview for ${r.item.id}: ${r.error.message}`);
    const html = join(dir, "index.html");
    await writeFile(
      html,
      `<!doctype html><meta charset="utf-8"><title>Previews</title><style>img{width:128px;image-rendering:pixelated;margin:2px}</style>\n` +
        tiles.map((t) => `<img src="${t.path.slice(dir.length + 1)}" title="${t.id}" alt="">`).join("\n") + "\n",
    );
    log(`${tiles.length} previews (${tiles.reduce((s, t) => s + t.bytes, 0)} bytes), ${failed} failed; montage: ${html}`);
    return { tiles, failed, html };
  } finally {
    await client.close();
  }
}

runIfMain(import.meta.url, () => previewsMontage(Number(process.argv[2] ?? 24)));

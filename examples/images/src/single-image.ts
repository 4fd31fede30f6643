/**
 * Course step 1: find the images of one field with SIA 1.0 and download one.
 *
 *   node examples/images/dist/single-image.js
 */
import { createClient } from "@vo/core";
import { sia } from "@vo/protocol-sia";
import type { DownloadResult } from "@vo/core";
import { FIELDS, printTable, runIfMain, SERVICES } from "./common.js";
import type { ExampleOptions } from "./common.js";

/** Searches 0.2° around M31, lists the images and downloads the first FITS file. */
export async function singleImage(options: ExampleOptions = {}): Promise<DownloadResult> {
  const log = options.log ?? console.log;
  // One client per program: it owns the connections; close it at the end.
  const client = createClient({ plugins: [sia()] });
  try {
    const siap = client.service("sia", SERVICES.sia1);
    const images = await siap.search(FIELDS.M31, 0.2, { format: "image/fits" });
    log(`${images.length} images around M31`);
    printTable(log, ["title", "date", "pixels", "url"], images.toArray().map((img) => [
      img.title,
      img.dateobs?.toISOString().slice(0, 10),
      img.naxis?.join("x"),
      img.acref,
    ]));
    const first = images.at(0);
    if (!first) throw new Error("no image found");
    // Downloads stream to disk; an existing file is never overwritten ("name (1).fits" instead).
    const saved = await first.download(options.dir ?? "downloads");
    log(`saved ${saved.bytes} bytes to ${saved.path}`);
    return saved;
  } finally {
    await client.close();
  }
}

runIfMain(import.meta.url, () => singleImage());

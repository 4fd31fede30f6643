/**
 * Course: a cutout download. Find an image that covers a position, ask its
 * SODA service for a circle around it, and save the (much smaller) FITS file.
 *
 *   node examples/datalink/dist/cutout-download.js [ra dec radius]
 */
import { createClient } from "@vo/core";
import type { DownloadResult } from "@vo/core";
import { datalink, datalinks } from "@vo/datalink";
import { tap } from "@vo/protocol-tap";
import { runIfMain, TAP_URL } from "./common.js";
import type { ExampleOptions } from "./common.js";

/** Downloads a circle cutout (degrees) around (ra, dec) of an image that covers it; returns the file and the full image's size. */
export async function cutoutDownload(
  ra = 200.0,
  dec = 30.0,
  radius = 0.02,
  options: ExampleOptions = {},
): Promise<{ saved: DownloadResult; fullBytes: number | undefined }> {
  const log = options.log ?? console.log;
  const client = createClient({ plugins: [tap(), datalink()] });
  try {
    const found = await client.service("tap", TAP_URL).runSync(
      `SELECT TOP 1 pub_did, imageTitle FROM vo_dlsoda_img.images
       WHERE 1 = CONTAINS(POINT('ICRS', ${ra}, ${dec}), coverage) ORDER BY pub_did`,
    );
    const row = found.at(0);
    if (!row) throw new Error(`no image covers (${ra}, ${dec})`);
    const links = await datalinks(row);
    const soda = links.getFirstProc();
    if (!soda) throw new Error(`no cutout service for ${row.getString("pub_did")}`);
    const fullBytes = links.thisLinks()[0]?.contentLength;
    // The circle is checked against the image's footprint before the request; the answer streams to disk.
    const saved = await soda.downloadProcessed(options.dir ?? "downloads", { circle: [ra, dec, radius] }, { suggestedName: `cutout-${ra}-${dec}` });
    log(`${row.getString("imageTitle")}: cutout of ${saved.bytes} bytes (the whole image: ${fullBytes ?? "?"} bytes) saved to ${saved.path}`);
    return { saved, fullBytes };
  } finally {
    await client.close();
  }
}

runIfMain(import.meta.url, () =>
  process.argv.length >= 5 ? cutoutDownload(Number(process.argv[2]), Number(process.argv[3]), Number(process.argv[4])) : cutoutDownload(),
);

/**
 * Course section "Datalink" — a previews montage, walking the rows of a result
 * with their links, and a SODA cutout.
 *
 * The code lives in examples/datalink (also run by its integration test); this
 * section runs it against the dlsoda test bed of the local DaCHS
 * (scripts/dachs/beds/dlsoda) and checks the files it wrote.
 *
 * Differences from pyVO: `iterDatalinks(result)` asks for the links of many
 * rows in batches (one request per batch of IDs, as pyVO's `iter_datalinks`)
 * and the previews are fetched with bounded concurrency; a cutout's circle is
 * checked against the image's footprint before the request, and the answer is
 * streamed to disk. The montage is an HTML page of the JPEG previews where the
 * course draws them with matplotlib.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cutoutDownload, previewsMontage, rowsWithLinks } from "@vo-examples/datalink";
import { check, runIfMain } from "./_course.js";
import type { CourseContext } from "./_course.js";

/** Runs the section against the local DaCHS; its files go to a temporary folder, removed at the end. */
export async function main({ log }: CourseContext): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "vo-course-datalink-"));
  try {
    const { tiles, failed, html } = await previewsMontage(12, { dir, log, concurrency: 3 });
    check(failed === 0 && tiles.length === 12, "12 previews, none failed");
    check((await readFile(html, "utf8")).split("<img ").length - 1 === 12, "the montage page shows all 12");

    const walked = await rowsWithLinks(40, { log });
    check(walked.length > 0 && walked.every((w) => w.preview !== undefined), "every bright row has a preview link");

    const { saved, fullBytes } = await cutoutDownload(200, 30, 0.02, { dir, log });
    const head = (await readFile(saved.path)).subarray(0, 9).toString("latin1");
    check(head === "SIMPLE  =" && saved.bytes < (fullBytes ?? Infinity), "the cutout is a FITS file smaller than the image");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);

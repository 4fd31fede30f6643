/**
 * Course section "The simple protocols" — cone search, image search (SIA 1
 * and 2), spectrum search and a TAP query, each in one call, then a dataset
 * in memory and as a stream.
 *
 * Differences from pyVO: the shortcuts are `conesearch`, `imagesearch`,
 * `imagesearch2`, `spectrumsearch` and `tablesearch` (pyVO:
 * `pyvo.conesearch`, …, `pyvo.dal.tap.search`), imported from the protocol
 * packages; `record.getDataset()` gives bytes and `record.getDatasetStream()`
 * a web stream (pyVO's `getdataset()` a file-like object); both also work in
 * browsers. SIA2 `time` takes a DALI interval string ("58000 59000") as well
 * as Dates or MJDs.
 */
import { conesearch } from "@vo/protocol-scs";
import { imagesearch, imagesearch2 } from "@vo/protocol-sia";
import { spectrumsearch } from "@vo/protocol-ssa";
import { tablesearch } from "@vo/protocol-tap";
import { check, FIELDS, runIfMain, services } from "./_course.js";
import type { CourseContext } from "./_course.js";

/** Runs the section against the local DaCHS. */
export async function main({ dachs, log, signal }: CourseContext): Promise<void> {
  const urls = services(dachs);

  const stars = await conesearch(urls.scs, FIELDS.m31, 0.05, { signal });
  log(`conesearch: ${stars.length} stars within 0.05° of M31`);
  check(stars.length === 6, "six stars (scripts/dachs/services.json)");

  const bright = await conesearch(urls.scs, FIELDS.m31, 0.5, { VMAG: [10, 14.2], signal });
  log(`conesearch with VMAG=[10, 14.2] (sent as the DALI interval the service declares): ${bright.length} stars`);
  check(bright.toArray().every((r) => (r.getNumber("vmag") ?? 0) >= 10 && (r.getNumber("vmag") ?? 99) <= 14.2), "magnitudes within the interval");

  const images = await imagesearch(urls.sia, FIELDS.m31, 0.2, { format: "image/fits", signal });
  log(`imagesearch: ${images.length} images; ${images.toArray().map((i) => `${i.title} (${i.dateobs?.toISOString()})`).join(", ")}`);
  check(images.length === 2, "two images of M31");

  const obs = await imagesearch2(urls.sia2, { pos: [FIELDS.m31[0], FIELDS.m31[1], 0.2], signal });
  const recent = await imagesearch2(urls.sia2, { pos: [FIELDS.m31[0], FIELDS.m31[1], 0.2], time: "58000 59000", signal });
  log(`imagesearch2: ${obs.length} observations, ${recent.length} with time "58000 59000"`);
  check(obs.length === 2 && recent.length === 1, "SIA2: two observations, one in MJD 58000–59000");

  const spectra = await spectrumsearch(urls.ssa, FIELDS.m31, 0.2, { signal });
  log(`spectrumsearch: ${spectra.length} spectra; dates ${spectra.toArray().map((s) => s.dateobs?.toISOString()).join(", ")}`);
  check(spectra.length === 2, "two spectra of M31");
  check(spectra.toArray().some((s) => s.dateobs?.toISOString() === "2022-09-22T01:00:00.000Z"), "spectrum B observed at 01:00:00.000 (MJD rounded to the millisecond)");

  const rs = await tablesearch(urls.tap, "SELECT COUNT(*) AS n FROM vo_sample.cat", { signal });
  log(`tablesearch: ${rs.at(0)?.getNumber("n")} rows in vo_sample.cat`);
  check(rs.at(0)?.getNumber("n") === 2000, "2000 catalogue rows");

  // A dataset in memory, and the same one as a stream.
  const image = images.at(0)!;
  const bytes = await image.getDataset({ signal });
  const head = new TextDecoder().decode(bytes.subarray(0, 6));
  let streamed = 0;
  for await (const chunk of (await image.getDatasetStream({ signal })) as unknown as AsyncIterable<Uint8Array>) streamed += chunk.byteLength;
  log(`getDataset: ${bytes.byteLength} bytes starting "${head}"; getDatasetStream: ${streamed} bytes`);
  check(head === "SIMPLE" && streamed === bytes.byteLength, "a FITS file, the same bytes both ways");
}

runIfMain(import.meta.url, main);

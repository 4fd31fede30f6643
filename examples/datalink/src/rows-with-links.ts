/**
 * Course: the rows-with-links walk (the CALIFA pattern). Run a TAP query,
 * walk its rows together with their links, and for each row pick what the
 * science needs: here the dataset itself, its preview, and, for the
 * spectra with a good signal-to-noise ratio, a cutout around H-gamma made
 * by the SODA service the links point to.
 *
 *   node examples/datalink/dist/rows-with-links.js
 */
import { createClient } from "@vo/core";
import { datalink, iterDatalinks } from "@vo/datalink";
import { tap } from "@vo/protocol-tap";
import { printTable, runIfMain, TAP_URL } from "./common.js";
import type { ExampleOptions } from "./common.js";

/** What the walk found for one row. */
export interface Walked {
  /** The target's name (a column of the row). */
  target: string;
  /** The media type of the dataset (`#this`). */
  format: string | undefined;
  /** The preview's URL. */
  preview: string | undefined;
  /** The spectral range the SODA service declares (metres). */
  band: [number, number] | undefined;
  /** Bytes of the H-gamma cutout, for the rows that got one. */
  cutoutBytes: number | undefined;
}

/** Walks the spectra with SNR ≥ `minSnr` and their links. */
export async function rowsWithLinks(minSnr = 40, options: ExampleOptions = {}): Promise<Walked[]> {
  const log = options.log ?? console.log;
  const client = createClient({ plugins: [tap(), datalink()] });
  try {
    const spectra = await client
      .service("tap", TAP_URL)
      .runSync(`SELECT ssa_pubDID, ssa_targname, ssa_snr FROM vo_dlsoda_spec.data WHERE ssa_snr >= ${minSnr} ORDER BY ssa_targname`);
    const out: Walked[] = [];
    for await (const links of iterDatalinks(spectra)) {
      const row = links.originalRow!;
      for (const error of links.errors()) log(`${row.getString("ssa_targname")}: ${error.errorMessage}`);
      const proc = links.getFirstProc();
      const band = proc?.descriptor?.param("BAND");
      const range: [number, number] | undefined =
        typeof band?.min?.value === "number" && typeof band.max?.value === "number" ? [band.min.value, band.max.value] : undefined;
      let cutoutBytes: number | undefined;
      if (proc && (row.getNumber("ssa_snr") ?? 0) >= minSnr + 10) {
        // H-gamma at 434.05 nm: 4 nm either side, checked against the declared BAND first.
        const cutout = await proc.processed({ band: [430.05e-9, 438.05e-9] });
        cutoutBytes = (await cutout.bytes()).length;
      }
      out.push({
        target: row.getString("ssa_targname") ?? "?",
        format: links.thisLinks()[0]?.contentType,
        preview: links.previews()[0]?.accessUrl,
        band: range,
        cutoutBytes,
      });
    }
    printTable(log, ["target", "format", "band [nm]", "cutout"], out.map((w) => [
      w.target,
      w.format,
      w.band ? `${(w.band[0] * 1e9).toFixed(1)}–${(w.band[1] * 1e9).toFixed(1)}` : undefined,
      w.cutoutBytes === undefined ? undefined : `${w.cutoutBytes} B`,
    ]));
    return out;
  } finally {
    await client.close();
  }
}

runIfMain(import.meta.url, () => rowsWithLinks());

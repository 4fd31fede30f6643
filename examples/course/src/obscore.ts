/**
 * Course section "ObsCore" — find observations in `ivoa.obscore` with ADQL
 * and read them as typed records.
 *
 * Differences from pyVO: rows come as `ObsCoreRecord`s, which are core
 * records like every other (`get("s_ra")`, `getNumber`, `getDate`, `dataUrl`,
 * `getDataset()`), plus typed getters (`sRa`, `emMin`, `timeRange`, …). MJD
 * columns become Dates rounded to the millisecond, as astropy's do.
 */
import { createClient } from "@vo/core";
import { ObsCoreService } from "@vo/obscore";
import { adql, tap } from "@vo/protocol-tap";
import { check, runIfMain, services } from "./_course.js";
import type { CourseContext } from "./_course.js";

/** Runs the section against the local DaCHS. */
export async function main({ dachs, log, signal }: CourseContext): Promise<void> {
  const client = createClient({ plugins: [tap()] });
  try {
    const obscore = new ObsCoreService(client.service("tap", services(dachs).tap));
    const spectra = await obscore.search(adql`dataproduct_type = ${"spectrum"} AND obs_collection = ${"vosample-spec"}`, { signal });
    for (const r of spectra) {
      log(`  ${String(r.get("target_name")).padEnd(14)} ra=${r.getNumber("s_ra")?.toFixed(3)} t_min=${r.getDate("t_min")?.toISOString()} ${r.accessFormat ?? ""}`);
    }
    check(spectra.length === 5, "five spectra (scripts/dachs/services.json)");
    check(spectra.every((r) => r.get("s_ra") === r.sRa), "get() and the typed getter agree");
    const b = spectra.find((r) => r.targetName === "M31 star B");
    check(b?.getDate("t_min")?.toISOString() === b?.timeRange.start?.toISOString(), "getDate and timeRange agree");
  } finally {
    await client.close();
  }
}

runIfMain(import.meta.url, main);

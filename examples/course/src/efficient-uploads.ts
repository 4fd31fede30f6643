/**
 * Course section "Efficient Uploads" — send a table along with a query and
 * join it on the server as TAP_UPLOAD.<name>: first a result of an earlier
 * query as it is, then a hand-made list of positions.
 *
 * Differences from pyVO: `uploads` takes the `ResultSet` itself (pyVO: an
 * astropy Table or a file), its `toTable()`, `{ fields, rows }`, an array of
 * plain objects or an object of columns; no temporary file is written.
 */
import { createClient } from "@vo/core";
import { tap } from "@vo/protocol-tap";
import { check, FIELDS, runIfMain, services } from "./_course.js";
import type { CourseContext } from "./_course.js";

/** Runs the section against the local DaCHS. */
export async function main({ dachs, log, signal }: CourseContext): Promise<void> {
  const client = createClient({ plugins: [tap()] });
  try {
    const svc = client.service("tap", services(dachs).tap);

    // 1. A result of an earlier query, uploaded as it is.
    const bright = await svc.runSync("SELECT TOP 20 source_id, ra, dec FROM vo_sample.cat WHERE vmag < 10 ORDER BY source_id", { signal });
    const joined = await svc.runSync(
      "SELECT u.source_id, c.name, c.vmag FROM TAP_UPLOAD.bright AS u JOIN vo_sample.cat AS c ON u.source_id = c.source_id",
      { uploads: { bright }, signal },
    );
    log(`uploaded ${bright.length} rows of an earlier result, joined back: ${joined.length} rows`);
    check(bright.length === 20 && joined.length === 20, "every uploaded row joins back");
    check(joined.toArray().every((r) => (r.getNumber("vmag") ?? 99) < 10), "the joined magnitudes are those of the first query");

    // 2. Positions typed in by hand, one object per row (column names from the keys).
    const targets = [
      { target: "M31", ra: FIELDS.m31[0], dec: FIELDS.m31[1] },
      { target: "Orion", ra: FIELDS.orion[0], dec: FIELDS.orion[1] },
    ];
    const near = await svc.runSync(
      `SELECT u.target, COUNT(*) AS n FROM TAP_UPLOAD.targets AS u JOIN vo_sample.cat AS c
         ON 1 = CONTAINS(POINT('ICRS', c.ra, c.dec), CIRCLE('ICRS', u.ra, u.dec, 0.05))
       GROUP BY u.target ORDER BY u.target`,
      { uploads: { targets }, signal },
    );
    for (const r of near) log(`  ${r.getString("target")}: ${r.getNumber("n")} stars within 0.05°`);
    check(near.toArray().find((r) => r.getString("target") === "M31")?.getNumber("n") === 6, "six stars within 0.05° of M31 (as the cone search finds)");
  } finally {
    await client.close();
  }
}

runIfMain(import.meta.url, main);

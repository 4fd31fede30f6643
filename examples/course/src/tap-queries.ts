/**
 * Course section "TAP: querying tables" — a synchronous ADQL query, its
 * metadata, and its rows.
 *
 * Differences from pyVO: `runSync` returns a `ResultSet` whose records answer
 * `get(name)` (pyVO: `row["name"]`); a service comes from a client that owns
 * the connections (`createClient`), closed at the end.
 */
import { createClient } from "@vo/core";
import { tap } from "@vo/protocol-tap";
import { check, runIfMain, services } from "./_course.js";
import type { CourseContext } from "./_course.js";

/** Runs the section against the local DaCHS. */
export async function main({ dachs, log, signal }: CourseContext): Promise<void> {
  const client = createClient({ plugins: [tap()] });
  try {
    const svc = client.service("tap", services(dachs).tap);
    const rs = await svc.runSync("SELECT TOP 5 source_id, name, ra, dec, vmag FROM vo_sample.cat WHERE vmag IS NOT NULL ORDER BY vmag", { signal });
    log(`${rs.length} rows; columns ${rs.fieldnames.join(", ")}; vmag unit ${rs.getField("vmag")?.unit ?? "none"}`);
    for (const row of rs) log(`  ${String(row.get("name")).padEnd(24)} ${row.getNumber("vmag")?.toFixed(2)}`);
    check(rs.length === 5, "five rows");
    check(rs.fieldnames.join() === "source_id,name,ra,dec,vmag", "the selected columns, in order");
    const mags = rs.toArray().map((r) => r.getNumber("vmag") ?? NaN);
    check(mags.every((m, i) => i === 0 || m >= mags[i - 1]!), "rows sorted by vmag");
  } finally {
    await client.close();
  }
}

runIfMain(import.meta.url, main);

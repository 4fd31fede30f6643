/**
 * The course's "EPN-TAP 3: Global Discovery" (`iter_epncore_tables`): every
 * EPN-TAP table a RegTAP registry lists, then the same search on all of them
 * at once. Services that fail (here: the fictitious planetary.example ones)
 * are reported, not fatal.
 *
 * Differences from pyVO: the loop over services is core's `fanOut`
 * (concurrency, per-service time limit, typed errors kept per service).
 */
import { createClient } from "@vo/core";
import { epntap, findEpncoreTables, searchEpncoreTables } from "@vo/epntap";
import { tap } from "@vo/protocol-tap";

/** Runs the discovery with the local DaCHS as registry (`dachs`, e.g. http://localhost:8080); returns the counts. */
export async function main(dachs: string, log: (line: string) => void = console.log): Promise<{ tables: number; answered: number; granules: number }> {
  const client = createClient({ plugins: [tap(), epntap()] });
  try {
    const registry = client.service("tap", `${dachs}/tap`); // the RegTAP test bed
    const tables = await findEpncoreTables(registry);
    for (const t of tables) log(`  ${t.tableName.padEnd(28)} ${t.accessUrl}`);
    const results = await searchEpncoreTables(client, tables, { target: "Mars", processingLevel: 3 }, { timeout: 20_000, concurrency: 4 });
    let granules = 0;
    for (const r of results) {
      if (r.ok) {
        granules += r.value.records.length;
        log(`  ${r.item.tableName}: ${r.value.records.length} Mars granules at level 3`);
      } else log(`  ${r.item.tableName} at ${r.item.accessUrl}: ${r.error.code} ${r.error.message.slice(0, 80)}`);
    }
    return { tables: tables.length, answered: results.filter((r) => r.ok).length, granules };
  } finally {
    await client.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main((process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, ""));

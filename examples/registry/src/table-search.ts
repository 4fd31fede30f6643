/**
 * Course: a table search over many services — find the ObsCore tables the
 * registry knows (TAP services declaring ObsCore, and ObsCore tables with
 * auxiliary TAP access), then run the same ADQL on each TAP endpoint once, at
 * most four at a time; services that fail are reported, not fatal.
 *
 *   node dist/table-search.js
 */
import { createClient, fanOut } from "@vo/core";
import type { FanOutResult } from "@vo/core";
import { tap, type TAPService } from "@vo/protocol-tap";
import { registry, search, type RegistryResource } from "@vo/registry";
import { isMain, REGISTRY, type ExampleOptions } from "./common.js";

/** Counts images in every ObsCore table found; one outcome per TAP endpoint. */
export async function tableSearch(options: ExampleOptions = {}): Promise<FanOutResult<RegistryResource, number>[]> {
  const log = options.log ?? console.log;
  const client = createClient({ plugins: [registry({ endpoint: REGISTRY }), tap()] });
  try {
    const services = await search(client, { datamodel: "obscore" });
    const tables = await search(client, { datamodel: "obscore_new", servicetype: "tap", includeaux: true });
    log(`${services.length} TAP services with ObsCore, ${tables.length} ObsCore tables with TAP access`);
    // one resource per TAP endpoint: a table resource and its TAP service share one
    const byUrl = new Map<string, RegistryResource>();
    for (const r of [...services, ...tables]) {
      const url = r.getInterface("tap", { lax: true }).accessUrl;
      if (!byUrl.has(url)) byUrl.set(url, r);
    }
    const query = "SELECT COUNT(*) AS n FROM ivoa.obscore WHERE dataproduct_type = 'image'";
    const outcomes = await fanOut(
      byUrl.values(),
      async (r, { signal }) => {
        const rs = await (r.getService("tap", { lax: true }) as TAPService).runSync(query, { signal });
        return Number(rs.at(0)?.get("n") ?? 0);
      },
      { concurrency: 4, timeout: 15_000 },
    );
    for (const o of outcomes) log(o.ok ? `  ${o.item.ivoid}: ${o.value} images` : `  ${o.item.ivoid}: failed (${o.error.code})`);
    return outcomes;
  } finally {
    await client.close();
  }
}

if (isMain(import.meta.url)) await tableSearch();

/**
 * Course: "catalogues with proper motions" — the pos.pm% catalogue search,
 * once with the built-in `ucd` constraint and once with the third-party
 * `properMotion` constraint plugin, then a cone search on a catalogue found.
 *
 *   node dist/pm-catalogues.js
 */
import { createClient } from "@vo/core";
import { scs, type SCSService } from "@vo/protocol-scs";
import { tap } from "@vo/protocol-tap";
import { registry, search } from "@vo/registry";
import { isMain, REGISTRY, type ExampleOptions } from "./common.js";
import { properMotion } from "./proper-motion.js";

/** The ivoids of catalogues with proper motions (both ways), and the rows of a cone search on the first local one. */
export async function pmCatalogues(options: ExampleOptions = {}): Promise<{ byUcd: string[]; byPlugin: string[]; coneRows: number }> {
  const log = options.log ?? console.log;
  const client = createClient({ plugins: [registry({ endpoint: REGISTRY }), tap(), scs(), properMotion()] });
  try {
    const byUcd = await search(client, { ucd: "pos.pm%" });
    const byPlugin = await search(client, { properMotion: { minColumns: 2 }, servicetype: "scs" });
    log(`${byUcd.length} resources with pos.pm% columns; ${byPlugin.length} cone searches over catalogues with both components`);
    for (const r of byPlugin) log(`  ${r.shortName}: ${r.getInterface("scs").accessUrl}`);
    const local = byPlugin.toArray().find((r) => r.getInterface("scs").accessUrl.startsWith(REGISTRY.replace(/\/tap$/, "")));
    let coneRows = 0;
    if (local) {
      const stars = await (local.getService("scs") as SCSService).search([10.6847, 41.269], 0.05);
      coneRows = stars.length;
      log(`${local.shortName}: ${coneRows} stars within 3' of M31`);
    }
    return { byUcd: byUcd.ivoids(), byPlugin: byPlugin.ivoids(), coneRows };
  } finally {
    await client.close();
  }
}

if (isMain(import.meta.url)) await pmCatalogues();

/**
 * Course: "all image services with optical data" — a registry search by
 * service type and waveband, then every service found queried at one position
 * (pyVO: `registry.search(servicetype="sia", waveband="optical")` and a loop).
 *
 *   node dist/services-by-band.js
 */
import { createClient } from "@vo/core";
import type { FanOutResult } from "@vo/core";
import { sia, type SIAService } from "@vo/protocol-sia";
import { tap } from "@vo/protocol-tap";
import { registry, search, type RegistryResource } from "@vo/registry";
import { isMain, REGISTRY, type ExampleOptions } from "./common.js";

/** Finds SIA 1 services with optical data and asks each for images around M31; returns one outcome per service. */
export async function servicesByBand(options: ExampleOptions = {}): Promise<FanOutResult<RegistryResource, number>[]> {
  const log = options.log ?? console.log;
  const client = createClient({ plugins: [registry({ endpoint: REGISTRY }), tap(), sia()] });
  try {
    const found = await search(client, { servicetype: "sia", waveband: "optical" });
    log(`${found.length} optical SIA services`);
    for (const r of found) log(`  ${r.shortName} — ${r.resTitle}`);
    const outcomes = await found.queryEach(
      "sia",
      async (service, _resource, { signal }) => (await (service as SIAService).search([10.6847, 41.269], 0.2, { signal })).length,
      { concurrency: 4, timeout: 15_000 },
    );
    for (const o of outcomes) log(o.ok ? `  ${o.item.shortName}: ${o.value} images` : `  ${o.item.shortName}: failed (${o.error.code})`);
    return outcomes;
  } finally {
    await client.close();
  }
}

if (isMain(import.meta.url)) await servicesByBand();

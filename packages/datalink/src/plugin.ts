import { definePlugin, StandardId } from "@vo/core";
import type { Plugin } from "@vo/core";
import { DatalinkService } from "./datalink-service.js";
import { SodaService } from "./soda-service.js";
import { CORE_RANGE, VERSION } from "./version.js";

/**
 * The DataLink and SODA plugin: `client.service("datalink", url)` gives a
 * {@link DatalinkService}, `client.service("soda", url)` a {@link SodaService};
 * `iterDatalinks` and `datalinks` on a client's results go through it.
 * Registers `ivo://ivoa.net/std/DataLink#links-1.0` (which `#links-1.1`
 * normalises to) and `ivo://ivoa.net/std/SODA#sync-1.0`.
 *
 * @example const client = createClient({ plugins: [tap(), datalink()] });
 */
export function datalink(): Plugin<{ datalink: DatalinkService; soda: SodaService }> {
  return definePlugin({
    name: "@vo/datalink",
    version: VERSION,
    core: CORE_RANGE,
    register(r) {
      r.service(StandardId.DATALINK, (ctx, url) => new DatalinkService(url, ctx));
      r.service(StandardId.SODA, (ctx, url) => new SodaService(url, ctx));
    },
  });
}

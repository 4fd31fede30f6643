import { definePlugin, StandardId } from "@vo/core";
import type { Plugin } from "@vo/core";
import { SCSService } from "./scs-service.js";
import { CORE_RANGE, VERSION } from "./version.js";

/**
 * The Simple Cone Search plugin: `client.service("scs", url)` gives an {@link SCSService}.
 *
 * @example const client = createClient({ plugins: [scs()] });
 */
export function scs(): Plugin<{ scs: SCSService; conesearch: SCSService }> {
  return definePlugin({
    name: "@vo/protocol-scs",
    version: VERSION,
    core: CORE_RANGE,
    register(r) {
      r.service(StandardId.SCS, (ctx, url) => new SCSService(url, { context: ctx }));
    },
  });
}

import { definePlugin, StandardId } from "@vo/core";
import type { Plugin } from "@vo/core";
import { SIA2Service } from "./sia2-service.js";
import { SIAService } from "./sia-service.js";
import { CORE_RANGE, VERSION } from "./version.js";

/**
 * The Simple Image Access plugin: `client.service("sia", url)` gives an
 * {@link SIAService} (SIA 1.0), `client.service("sia2", url)` an {@link SIA2Service}.
 *
 * @example const client = createClient({ plugins: [sia()] });
 */
export function sia(): Plugin<{ sia: SIAService; sia1: SIAService; image: SIAService; sia2: SIA2Service }> {
  return definePlugin({
    name: "@vo/protocol-sia",
    version: VERSION,
    core: CORE_RANGE,
    register(r) {
      r.service(StandardId.SIA1, (ctx, url) => new SIAService(url, { context: ctx }));
      r.service(StandardId.SIA2, (ctx, url) => new SIA2Service(url, { context: ctx }));
    },
  });
}

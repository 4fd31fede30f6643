import { definePlugin, StandardId } from "@vo/core";
import type { Plugin } from "@vo/core";
import { SLAService } from "./sla-service.js";
import { SSAService } from "./ssa-service.js";
import { CORE_RANGE, VERSION } from "./version.js";

/**
 * The Simple Spectral Access plugin (with Simple Line Access):
 * `client.service("ssa", url)` gives an {@link SSAService}, `client.service("sla", url)`
 * (also "slap", "line") an {@link SLAService}.
 *
 * @example const client = createClient({ plugins: [ssa()] });
 */
export function ssa(): Plugin<{ ssa: SSAService; ssap: SSAService; spectrum: SSAService; sla: SLAService; slap: SLAService; line: SLAService }> {
  return definePlugin({
    name: "@vo/protocol-ssa",
    version: VERSION,
    core: CORE_RANGE,
    register(r) {
      r.service(StandardId.SSA, (ctx, url) => new SSAService(url, { context: ctx }));
      r.service(StandardId.SLA, (ctx, url) => new SLAService(url, { context: ctx }));
    },
  });
}

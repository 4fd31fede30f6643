import { definePlugin } from "@vo/core";
import type { Plugin } from "@vo/core";
import { EPNTAP_MODEL } from "./model.js";
import { CORE_RANGE, VERSION } from "./version.js";

/**
 * The EPN-TAP plugin: registers the EPN-TAP 2.0 data model under each of its
 * ids (`client.model("ivo://ivoa.net/std/epntap#table-2.0")`), so that
 * registry searches and table checks recognise it. Needs the TAP plugin.
 * @example const client = createClient({ plugins: [tap(), epntap()] });
 */
export function epntap(): Plugin {
  return definePlugin({
    name: "@vo/epntap",
    version: VERSION,
    core: CORE_RANGE,
    dependencies: ["@vo/protocol-tap"],
    register(r) {
      for (const id of EPNTAP_MODEL.ids) r.model(id, EPNTAP_MODEL);
    },
  });
}

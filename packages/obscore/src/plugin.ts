import { definePlugin } from "@vo/core";
import type { ModelDefinition, Plugin } from "@vo/core";
import { OBSCORE_COLUMNS, OBSCORE_DATAMODEL_IDS } from "./obscore-columns.js";
import { CORE_RANGE, VERSION } from "./version.js";

/**
 * ObsCore 1.1 as a data model: TAP services declare it by a capability
 * `dataModel/@ivo-id` (`…/ObsCore#core-1.1`, older spellings too), table
 * resources by the table utype `ivo://ivoa.net/std/obscore#table-1.x`.
 */
export const OBSCORE_MODEL: ModelDefinition = Object.freeze({
  name: "ObsCore",
  version: "1.1",
  ivoids: Object.freeze([...OBSCORE_DATAMODEL_IDS]),
  utypes: Object.freeze(["ivo://ivoa.net/std/obscore#table-1.%"]),
  mandatoryColumns: Object.freeze(OBSCORE_COLUMNS.filter((c) => c.mandatory).map((c) => c.name)),
});

/**
 * The ObsCore plugin: registers {@link OBSCORE_MODEL} under each of its
 * ivo-ids (`client.model("ivo://ivoa.net/std/ObsCore#core-1.1")`), so that
 * registry searches (`datamodel`) and table checks recognise it.
 * @example const client = createClient({ plugins: [tap(), obscore()] });
 */
export function obscore(): Plugin {
  return definePlugin({
    name: "@vo/obscore",
    version: VERSION,
    core: CORE_RANGE,
    register(r) {
      for (const id of OBSCORE_DATAMODEL_IDS) r.model(id, OBSCORE_MODEL);
    },
  });
}

/** EPN-TAP 2.0 as a data model plugins register (`r.model`). */
import type { ModelDefinition } from "@vo/core";
import { EPNTAP_MANDATORY_COLUMNS } from "./columns.js";

/** The EPN-TAP data model: the ids it is registered under, and the table utype patterns of any 2.x version. */
export interface EPNTAPModelDefinition extends ModelDefinition {
  /** The exact utypes the plugin registers the model under (`client.model(id)`). */
  readonly ids: readonly string[];
  /** Table utypes of every EPN-TAP 2.x version (SQL LIKE patterns, lower case). */
  readonly utypes: readonly string[];
}

/**
 * EPN-TAP 2.0: a table declares it with the utype
 * `ivo://ivoa.net/std/epntap#table-2.0` (the standard) or the older
 * `ivo://vopdc.obspm/std/epncore#schema-2.0`.
 */
export const EPNTAP_MODEL: EPNTAPModelDefinition = Object.freeze({
  name: "EPN-TAP",
  version: "2.0",
  ids: Object.freeze(["ivo://ivoa.net/std/epntap#table-2.0", "ivo://vopdc.obspm/std/epncore#schema-2.0"]),
  utypes: Object.freeze(["ivo://ivoa.net/std/epntap#table-2.%", "ivo://vopdc.obspm/std/epncore#schema-2.%"]),
  mandatoryColumns: EPNTAP_MANDATORY_COLUMNS,
});

/** Whether a table utype is an EPN-TAP 2.x one (any minor version, either id family, any case). */
export function isEpntapUtype(utype: string | undefined): boolean {
  const u = utype?.trim().toLowerCase();
  return u !== undefined && EPNTAP_MODEL.utypes.some((p) => u.startsWith(p.replace(/%$/, "")));
}

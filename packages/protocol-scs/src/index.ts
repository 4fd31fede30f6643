/** @vo/protocol-scs: Simple Cone Search (SCS 1.03). */
export { scs } from "./plugin.js";
export { SCSService, SCSResults, toRaDec } from "./scs-service.js";
export type { SCSSearchOptions, SkyPosition } from "./scs-service.js";
export { SCSRecord } from "./scs-record.js";
export { conesearch } from "./conesearch.js";
export { VERSION } from "./version.js";

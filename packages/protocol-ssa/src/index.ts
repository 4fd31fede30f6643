/** @vo/protocol-ssa: Simple Spectral Access 1.1 and Simple Line Access 1.0. */
export { ssa } from "./plugin.js";
export { SSAService, SSAResults, toRaDec } from "./ssa-service.js";
export type { SkyPosition, SSAQueryOptions, SSASearchOptions } from "./ssa-service.js";
export { SSARecord } from "./ssa-record.js";
export { SLAService, SLAResults } from "./sla-service.js";
export type { SLASearchOptions } from "./sla-service.js";
export { SLARecord } from "./sla-record.js";
export { spectrumsearch, linesearch } from "./spectrumsearch.js";
export { VERSION } from "./version.js";

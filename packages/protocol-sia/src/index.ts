/** @vo/protocol-sia: Simple Image Access 1.0 and 2.0. */
export { sia } from "./plugin.js";
export { SIAService, SIAResults, toRaDec } from "./sia-service.js";
export type { SIAIntersect, SIAQueryOptions, SIASearchOptions, SkyPosition } from "./sia-service.js";
export { SIARecord } from "./sia-record.js";
export { SIA2Service, SIA2Results } from "./sia2-service.js";
export type { OneOrMore, SIA2CapabilitiesOptions, SIA2Constraints, SIA2Interval, SIA2SearchOptions, SIA2Shape, SIA2Time } from "./sia2-service.js";
export { parseCapabilities, sia2Endpoints } from "./endpoints.js";
export type { VOSICapability, VOSIInterface } from "./endpoints.js";
export { SIA2Record } from "./sia2-record.js";
export { imagesearch, imagesearch2 } from "./imagesearch.js";
export { dateToMjd, mjdToDate } from "./cells.js";
export { VERSION } from "./version.js";

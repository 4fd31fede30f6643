/** The registry part of the course, as functions the integration test runs. */
export { servicesByBand } from "./services-by-band.js";
export { uatSubjects } from "./uat-subjects.js";
export { tableSearch } from "./table-search.js";
export { pmCatalogues } from "./pm-catalogues.js";
export { properMotion, properMotionConstraint } from "./proper-motion.js";
export type { ProperMotionValue } from "./proper-motion.js";

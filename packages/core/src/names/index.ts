/** Object names to sky positions (CDS Sesame). */
export { parseSesame, resolveName, SESAME_ENDPOINT, SesameResolver } from "./sesame.js";
export type { ResolvedName, SesameOptions } from "./sesame.js";

/** The SAMP examples of the course, as functions the integration test runs. */
export { sendTapResult, DEFAULT_QUERY } from "./send-tap-result.js";
export type { SendTapResultOptions } from "./send-tap-result.js";
export { startVicinitySearcher } from "./vicinity-searcher.js";
export type { VicinitySearcher, VicinitySearcherOptions } from "./vicinity-searcher.js";

/** The course's EPN-TAP examples, as functions (run by examples/course and by this workspace's integration test). */
export { main as oddsAndEnds } from "./odds-and-ends.js";
export { main as globalDiscovery } from "./global-discovery.js";

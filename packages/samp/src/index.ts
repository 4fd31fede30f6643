/**
 * @vo/samp, Node entry (package condition `node`): the shared client and sends,
 * plus the Standard Profile's lockfile helpers and the hub.
 */
export * from "./exports.js";
export { lockfileLocation, readLockfile, parseLockfile } from "./lockfile.node.js";
export type { LockInfo } from "./lockfile.node.js";
export { startHub } from "./hub/hub.node.js";
export type { HubStartOptions, SAMPHub, WebRegistrationRequest } from "./hub/hub.node.js";

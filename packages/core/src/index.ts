/**
 * @vo/core: the framework every @vo package builds on. This is the Node entry
 * (package condition `node`): the shared exports of `exports.ts` plus the
 * Node-only undici transport and file downloads.
 */
export * from "./exports.js";
export { createUndiciTransport, DEFAULT_TIMEOUTS } from "./transport/undici-transport.js";
export type { UndiciTransportOptions } from "./transport/undici-transport.js";
export { downloadDataset } from "./download/download-dataset.js";
export { downloadRecordDataset } from "./download/download-record.js";

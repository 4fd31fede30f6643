/**
 * @vo/core for browsers and any runtime that is not Node (package conditions
 * `browser` and `default`): the shared exports of `exports.ts`, with stand-ins
 * for the Node-only downloads that reject with a `VOError`. It names no
 * `node:` module and no undici; the client's default transport is `fetch`.
 */
export * from "./exports.js";
export { downloadDataset, downloadRecordDataset } from "./download/download-dataset.browser.js";

/**
 * @vo/samp, browser entry (package conditions `browser` and `default`): the Web
 * Profile client and the sends; no Node built-in module is reachable from here.
 */
export * from "./exports.js";

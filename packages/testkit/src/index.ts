export * from "./test-server.js";
export * from "./corpus.js";
export * from "./rejection.js";
export * from "./tls.js";
export * from "./browser.js";
export * from "./sesame.js";

export type { HttpMethod, RequestBody, Timeouts, Transport, TransportRequest, TransportResponse } from "./types.js";
export { createUndiciTransport, DEFAULT_TIMEOUTS } from "./undici-transport.js";
export type { UndiciTransportOptions } from "./undici-transport.js";
export { createFetchTransport } from "./fetch-transport.js";
export type { FetchTransportOptions } from "./fetch-transport.js";
export { parseRetryAfter } from "./retry-policy.js";
export type { RetryOptions } from "./retry-policy.js";
export { defaultUserAgent } from "./user-agent.js";

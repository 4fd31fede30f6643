/**
 * Transports, the part that runs anywhere. The undici transport is Node-only:
 * the Node entry (`../index.ts`) and `@vo/core/transport/undici` export it.
 */
export type {
  AppliedCredentials,
  ClientCertificate,
  HttpMethod,
  RequestAuth,
  RequestBody,
  Timeouts,
  Transport,
  TransportRequest,
  TransportResponse,
} from "./types.js";
export { createFetchTransport } from "./fetch-transport.js";
export type { FetchTransportOptions } from "./fetch-transport.js";
export { parseRetryAfter } from "./retry-policy.js";
export type { RetryOptions } from "./retry-policy.js";
export { defaultUserAgent } from "./user-agent.js";

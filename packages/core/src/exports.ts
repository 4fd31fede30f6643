/**
 * The exports of @vo/core that every platform shares: one flat list of
 * re-exports; each module appends its own line. The entries `index.ts` (Node)
 * and `index.browser.ts` (browsers and other runtimes) add their platform's
 * few exports to it. Nothing here may import `node:` modules or undici.
 */
export {
  VOError,
  DALAccessError,
  DALProtocolError,
  DALServiceError,
  DALRateLimitError,
  DALAuthError,
  DALQueryError,
  DALFormatError,
  ParameterError,
  PluginError,
  DALOverflowWarning,
  redactUrl,
  mjdToDate,
  dateToMjd,
  asTimestamp,
  redactSecrets,
  registerSecret,
  forgetSecret,
} from "@vo/votable";
export type { VOErrorCode, DALProtocolErrorCode, VOErrorOptions, DALServiceErrorOptions, DALAuthErrorOptions, FormatLocation } from "@vo/votable";
export type {
  Datatype,
  Values,
  Option,
  Link,
  Field,
  Param,
  Info,
  CooSys,
  TimeSys,
  Group,
  Serialization,
  TableMeta,
  ResourceMeta,
  Complex,
  CellValue,
  Row,
  VOTableWarning,
  VOTableMeta,
} from "@vo/votable";
export type * from "./types.js";
export type * from "./transport/types.js";
export * from "./version.js";
export * from "./standard-id.js";
export * from "./plugin.js";
export * from "./client.js";
export * from "./shortcut-client.js";
export * from "./names/index.js";
export * from "./fan-out.js";
export * from "./download/index.js";
export * from "./metadata/index.js";
export * from "./dal/index.js";
export * from "./transport/index.js";
export * from "./vosi/index.js";

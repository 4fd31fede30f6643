/**
 * @vo/protocol-tap: TAP 1.1 (sync, async via UWS 1.1, uploads), VOSI
 * capabilities/tables/availability with TAPRegExt feature detection, and ADQL helpers.
 */
export { tap } from "./plugin.js";
export type { TAPServices } from "./plugin.js";
export { VERSION } from "./version.js";
export { TAPService } from "./tap-service.js";
export type { TAPServiceOptions, TAPQueryOptions, RunAsyncOptions, ListJobsOptions } from "./tap-service.js";
export { AsyncJob, QUICK_POLL_MS, DEFAULT_JOB_WAIT_TIMEOUT } from "./async-job.js";
export { tablesearch } from "./tablesearch.js";
export type { WaitOptions, FetchResultOptions, AsyncJobOptions } from "./async-job.js";
export type { TAPContext, RequestOptions } from "./http.js";
export { prepareUploads, toUploadTable, uploadColumns, tableRows } from "./upload.js";
export type { UploadSource, UploadTable, UploadRows, TableProvider, ColumnsObject, UploadColumn, Uploads, PreparedUploads, UploadByteLimits } from "./upload.js";
export { batchedUploadQuery, matchesByKey } from "./batched-upload-query.js";
export type { BatchedUploadOptions, BatchedResult } from "./batched-upload-query.js";
export {
  adql,
  adqlLiteral,
  ident,
  tableName,
  stringLiteral,
  escapeString,
  needsQuoting,
  rawAdql,
  joinAdql,
  isAdqlFragment,
  findColumnByUcd,
  ADQL_RESERVED_WORDS,
} from "./adql.js";
export type { AdqlFragment, AdqlValue, QuoteOptions, ColumnSource } from "./adql.js";
export { parseUWSJob, parseUWSJobList, parseUWSPhase, isUWSPhase, UWS_PHASES, FINAL_PHASES, ACTIVE_PHASES } from "./uws.js";
export type { UWSJob, UWSJobRef, UWSPhase, UWSParameter, UWSResult, UWSErrorSummary, UWSJobInfoItem, UWSParseOptions } from "./uws.js";
export {
  parseCapabilities,
  parseCapabilityList,
  parseUdf,
  featureTypeId,
  uploadMethodId,
  TAPCapabilities,
  TapCapability,
  TapLanguage,
  TAP_STANDARD_ID,
  TAPREGEXT,
} from "./capabilities.js";
export type {
  Capability,
  CapabilityInterface,
  AccessURL,
  TableAccess,
  QueryLanguage,
  LanguageFeature,
  LanguageFeatureList,
  OutputFormat,
  TimeLimit,
  DataLimit,
  UDF,
} from "./capabilities.js";
export { parseVOSITables, parseVOSITable, VOSITables } from "./tables.js";
export type { VOSISchema, VOSITable, VOSIColumn, VOSIDataType, VOSIForeignKey } from "./tables.js";
export { parseExamples } from "./examples.js";
export type { TAPExample, ExamplesDocument } from "./examples.js";
export { parseAvailability } from "./availability.js";
export type { Availability } from "./availability.js";
export type { ParseOptions, ParseWarning, XmlSource } from "@vo/core";

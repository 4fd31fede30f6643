/** DAL plumbing shared by every protocol: parameters, requests, response classification, results. */
export * from "./params.js";
export { dalRequest, appendQuery } from "./query.js";
export type { DALTarget, DALRequestOptions, MultipartPart } from "./query.js";
export {
  classifyResponse,
  isVOTableContentType,
  findQueryStatus,
  checkQueryStatus,
  queryError,
  resultsResource,
  VOTABLE_MEDIA_TYPES,
} from "./classify.js";
export type { ClassifyOptions, ExpectedBody } from "./classify.js";
export { Record, FieldIndex, defaultRecordFactory } from "./record.js";
export type { RecordFactory } from "./record.js";
export type { DataObject } from "./data-object.js";
export { POLARIZATION_STATES, CALIBRATION_LEVELS } from "./obscore-values.js";
export type { PolarizationState, CalibrationLevel } from "./obscore-values.js";
export { DEFAULT_MAX_RESULT_BYTES, ResultSet, queryResultSet, readResultDocument } from "./result-set.js";
export type { ResultColumn, ResultSetInit, ResultSetFactory, QueryResultOptions } from "./result-set.js";
export { ResultStream, queryResultStream } from "./result-stream.js";
export type { ResultStreamInit } from "./result-stream.js";
export * from "./spectral.js";

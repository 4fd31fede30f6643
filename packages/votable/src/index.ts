/**
 * @vo/votable: streaming VOTable 1.1–1.5 reader (and writer).
 */
export * from "./model.js";
export * from "./errors.js";
export type { ByteSource } from "./byte-source.js";
export type { ReadOptions } from "./votable-engine.js";
export type { Column } from "./column-builder.js";
export { parseVOTable, type VOTableDocument, type ColumnarTable } from "./parse-votable.js";
export { openVOTable, type VOTableReader } from "./open-votable.js";
export { parseValue } from "./parse-value.js";
export { EntityTable, ENTITY_LIMITS, type EntityHooks } from "./dtd-entities.js";
export { asTimestamp, asPoint, asCircle, asPolygon, asInterval } from "./xtype-accessors.js";
export { mjdToDate, dateToMjd, MJD_UNIX_EPOCH } from "./time.js";
export * from "./writer.js";

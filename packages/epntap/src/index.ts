/**
 * @vo/epntap: EPN-TAP 2.0 (planetary science over TAP): the epn_core columns,
 * typed granules, hash lists, searches, discovery of every epncore table
 * through a RegTAP registry, and the data model as a plugin.
 */
export { epntap } from "./plugin.js";
export { VERSION } from "./version.js";
export { EPNTAP_COLUMNS, EPNTAP_COLUMN_BY_NAME, EPNTAP_MANDATORY_COLUMNS } from "./columns.js";
export type { EPNTAPColumn } from "./columns.js";
export { splitHashlist, hashlistHas } from "./hashlist.js";
export { EPNTAPRecord, epntapRecords, missingEpncoreColumns, jdToDate, dateToJd } from "./record.js";
export { EPNTAPService, epntapQuery, epntapCondition } from "./search.js";
export type { EPNTAPSearch, EPNTAPSearchOptions, EPNTAPResults, Interval, OneOrMore } from "./search.js";
export { EPNTAP_MODEL, isEpntapUtype } from "./model.js";
export type { EPNTAPModelDefinition } from "./model.js";
export { findEpncoreTables, searchEpncoreTables, epncoreTablesQuery } from "./discovery.js";
export type { EpncoreTable, ServiceSource } from "./discovery.js";

/** @vo/obscore: the ObsCore 1.1 data model over TAP: columns, typed records and query helpers. */
export { obscore, OBSCORE_MODEL } from "./plugin.js";
export { VERSION } from "./version.js";
export { OBSCORE_COLUMNS, OBSCORE_COLUMN_BY_NAME, OBSCORE_TABLE, OBSCORE_DATAMODEL_IDS, DATAPRODUCT_TYPES, POLARIZATION_STATES, CALIBRATION_LEVELS } from "./obscore-columns.js";
export type { ObsCoreColumn, DataproductType, PolarizationState, CalibrationLevel } from "./obscore-columns.js";
export { ObsCoreRecord, obscoreResults, obscoreStream } from "./obscore-record.js";
export { ObsCoreService, findObscoreTable } from "./obscore-service.js";
export type { SkyPosition, SearchPositionsOptions, PositionMatch } from "./obscore-service.js";

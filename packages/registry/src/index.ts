/**
 * @vo/registry: RegTAP discovery (pyVO's `pyvo.registry`): `search` with
 * constraints that are plugins, `RegistryResource` with `getService` through the
 * client's plugins, `getTables`, `getContact`, `describe`, and querying every
 * service found.
 */
export { registry } from "./plugin.js";
export type { RegistryOptions, RegistryServices } from "./plugin.js";
export { VERSION } from "./version.js";
export { search, getRegTAPService, getRegTAPQuery, buildRegTAPQuery, resolveConstraints, AGGREGATE_SEPARATOR } from "./search.js";
export type { RegistryClient, SearchOptions, SearchArg, SearchKeywordArgs, ResolvedConstraint } from "./search.js";
export { regsearch } from "./regsearch.js";
export { resolve } from "./resolve.js";
export { RegTAPService, DEFAULT_REGTAP_ENDPOINT } from "./regtap-service.js";
export { RegistryResults, RegistryResource, RegistryInterface } from "./resource.js";
export type { RegistryTable, RegistryColumn, RegistryContact, GetServiceOptions, QueryEachOptions } from "./resource.js";
export { defineConstraint, stringList } from "./constraint.js";
export type { ConstraintSpec, DefinedConstraint } from "./constraint.js";
export {
  builtinConstraints,
  keywordsConstraint,
  authorConstraint,
  servicetypeConstraint,
  datamodelConstraint,
  ivoidConstraint,
  ucdConstraint,
  spatialConstraint,
  spectralConstraint,
  temporalConstraint,
  includeAuxiliary,
  toMJD,
  freetext,
  author,
  servicetype,
  waveband,
  datamodel,
  ivoid,
  ucd,
  spatial,
  spectral,
  temporal,
  uat,
  SERVICE_TYPES,
  PATTERN_SERVICE_TYPES,
  DATA_MODELS,
} from "./constraints.js";
export type {
  SearchKeywords,
  ServicetypeValue,
  DatamodelValue,
  SpatialValue,
  SpatialGeometry,
  SpatialMode,
  ParsedSpatial,
  SpectralValue,
  TemporalValue,
  ParsedInterval,
  UATValue,
  VocabularyLookup,
} from "./constraints.js";
export { RegTAPFeatureMissingError } from "./errors.js";
export { Vocabulary, parseVocabulary, loadVocabulary } from "./vocabulary.js";
export type { VocabularyTerm, VocabularyName } from "./vocabulary.js";
/** The spectral units the `spectral` constraint accepts: `@vo/core`'s, re-exported. */
export { SPECTRAL_UNITS } from "@vo/core";

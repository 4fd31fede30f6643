/** `@vo/datalink`: DataLink 1.1 and SODA 1.0 for `@vo` results. */
export { datalink } from "./plugin.js";
export {
  DATALINK_IVOID,
  SODA_SYNC_IVOID,
  SODA_ASYNC_IVOID,
  DATALINK_MIME_TYPE,
  DATALINK_CORE_URI,
  DEFAULT_BATCH_SIZE,
  DATALINK_BATCH_CALL_SIZE,
  isDatalinkMediaType,
  isDatalinkStandardId,
  isSodaStandardId,
} from "./constants.js";
export { ServiceDescriptor, serviceDescriptors, descriptorById, descriptorByIvoid, isServiceDescriptor } from "./descriptor.js";
export type { DescriptorParam } from "./descriptor.js";
export { DatalinkRecord, DatalinkResults, DatalinkError, datalinkRecordFactory } from "./links.js";
export type { BySemanticsOptions, LinkRequestOptions } from "./links.js";
export { DatalinkService, checkLinksDocument } from "./datalink-service.js";
export type { DatalinkSearchOptions } from "./datalink-service.js";
export { iterDatalinks, datalinks, getDataset, processed, datalinkDescriptor, sodaDescriptor } from "./iter-datalinks.js";
export type { IterDatalinksOptions, DatalinksOptions, LinkableResult } from "./iter-datalinks.js";
export { sodaRequest, sodaFields } from "./soda.js";
export type { SodaParams, SodaValue, SodaRequestOptions } from "./soda.js";
export { sodaAsyncRequest, sodaAsyncResultUrl } from "./soda-async.js";
export type { SodaAsyncOptions } from "./soda-async.js";
export { SodaService } from "./soda-service.js";
export type { SodaRunParams } from "./soda-service.js";
export { DATALINK_CORE, expandSemantics, normalizeSemantics } from "./vocabulary.js";
export type { Vocabulary, VocabularyTerm } from "./vocabulary.js";
export { VERSION } from "./version.js";

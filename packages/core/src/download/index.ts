/**
 * Dataset download, the part that runs anywhere: safe file naming and the
 * option types. `downloadDataset` and `downloadRecordDataset` are exported by
 * each platform entry (`../index.ts` for Node, `../index.browser.ts` with
 * stand-ins that reject).
 */
export {
  DEFAULT_DATASET_BASENAME,
  MAX_FILENAME_BYTES,
  chooseDatasetFilename,
  extensionForMediaType,
  filenameFromContentDisposition,
  filenameFromUrl,
  numberedFilename,
  sanitizeFilename,
  splitExtension,
} from "./filename.js";
export type { FilenameSources } from "./filename.js";
export type { DownloadOptions, DownloadProgress, DownloadResult } from "./download-dataset.js";
export type { DatasetSource } from "./download-record.js";
export { openDataset, fetchDatasetBytes, fetchDatasetStream } from "./fetch-dataset.js";
export type { FetchDatasetOptions } from "./fetch-dataset.js";

/**
 * Dataset download: safe file naming (pure, browser-safe) and
 * {@link downloadDataset} (Node-only: it loads `node:fs` lazily when called).
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
export { downloadDataset } from "./download-dataset.js";
export type { DownloadOptions, DownloadProgress, DownloadResult } from "./download-dataset.js";
export { downloadRecordDataset } from "./download-record.js";
export type { DatasetSource } from "./download-record.js";

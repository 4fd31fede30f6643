import { DALFormatError } from "@vo/votable";
import type { Transport } from "../transport/types.js";
import { downloadDataset } from "./download-dataset.js";
import type { DownloadOptions, DownloadResult } from "./download-dataset.js";

/** What {@link downloadRecordDataset} needs of a record (core's `Record` has both methods). */
export interface DatasetSource {
  /** The dataset's URL (pyVO's `getdataurl`). */
  getDatasetUrl(): string | undefined;
  /** The dataset's MIME type, when the record says. */
  getDatasetFormat(): string | undefined;
}

/**
 * Downloads a record's dataset with {@link downloadDataset}, passing the
 * record's format as the MIME-type hint and `suggestedName` (a title, a
 * publisher DID…) for the file name. **Node-only.**
 *
 * @throws {DALFormatError} when the record has no dataset URL.
 * @throws {DALServiceError} on HTTP or network failure.
 */
export function downloadRecordDataset(
  transport: Transport,
  record: DatasetSource,
  dir: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const url = record.getDatasetUrl();
  if (url === undefined) {
    return Promise.reject(new DALFormatError("the record has no dataset URL (no Access.Reference / access_url column)"));
  }
  const mediaType = options.mediaType ?? record.getDatasetFormat();
  return downloadDataset(transport, url, dir, { ...options, ...(mediaType ? { mediaType } : {}) });
}

/**
 * Browser stand-ins for the Node-only dataset downloads, exported by the
 * browser entry of `@vo/core` so that code naming them (the SIA and SSA
 * records) still bundles. They import nothing from Node and only fail when
 * called.
 */
import { VOError } from "@vo/votable";
import type { Transport } from "../transport/types.js";
import type { DownloadOptions, DownloadResult } from "./download-dataset.js";
import type { DatasetSource } from "./download-record.js";

/** Rejects with a {@link VOError}: writing files needs Node. In a browser, fetch the dataset URL with the client's transport. */
export function downloadDataset(
  _transport: Transport,
  _url: string | URL,
  _dir: string,
  _options?: DownloadOptions,
): Promise<DownloadResult> {
  return Promise.reject(nodeOnly("downloadDataset"));
}

/** Rejects with a {@link VOError}: writing files needs Node. In a browser, fetch `record.getDatasetUrl()` with the client's transport. */
export function downloadRecordDataset(
  _transport: Transport,
  _record: DatasetSource,
  _dir: string,
  _options?: DownloadOptions,
): Promise<DownloadResult> {
  return Promise.reject(nodeOnly("downloadRecordDataset"));
}

function nodeOnly(name: string): VOError {
  return new VOError(
    `${name} is Node-only: it writes files to disk, which the browser build of @vo/core cannot do; ` +
      "fetch the dataset URL with the client's transport instead",
  );
}

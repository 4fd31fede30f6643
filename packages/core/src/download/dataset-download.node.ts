/**
 * The dataset download `Record.download()` loads under Node, chosen by the
 * `#dataset-download` package import (condition `node`). A module of its own
 * so that the dynamic import stays a separate chunk in bundles.
 */
export { downloadRecordDataset } from "./download-record.js";

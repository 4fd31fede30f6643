/**
 * The dataset download `Record.download()` loads in browsers and any runtime
 * that is not Node, chosen by the `#dataset-download` package import
 * (conditions `browser` and `default`): the stand-in that rejects with a
 * `VOError` ("… is Node-only").
 */
export { downloadRecordDataset } from "./download-dataset.browser.js";

/** The datalink course examples, runnable against the local DaCHS test bed. */
export { previewsMontage } from "./previews-montage.js";
export type { Tile } from "./previews-montage.js";
export { rowsWithLinks } from "./rows-with-links.js";
export type { Walked } from "./rows-with-links.js";
export { cutoutDownload } from "./cutout-download.js";

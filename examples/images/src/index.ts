/** The image-search course, as functions the integration test runs. */
export { singleImage } from "./single-image.js";
export { multiPosition } from "./multi-position.js";
export { manyServices, DEFAULT_SERVICES } from "./many-services.js";
export type { ImageService } from "./many-services.js";
export { DACHS, FIELDS, SERVICES, printTable } from "./common.js";
export type { ExampleOptions } from "./common.js";

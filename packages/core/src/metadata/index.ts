/** Service self-description: declared input parameters, their JSON Schema, and validation before a request. */
export { describeInputParams, isNumericDatatype } from "./input-params.js";
export type {
  DescribeInputParamsOptions,
  InputParam,
  InputParamBound,
  InputParamOption,
  IntervalSyntax,
} from "./input-params.js";
export { toJsonSchema, validateParams } from "./json-schema.js";
export type { JsonSchema } from "./json-schema.js";
export { queryServiceMetadata, SimpleDALService } from "./service-metadata.js";
export type { ServiceMetadata, ServiceMetadataOptions, SimpleSearchOptions, SimpleServiceOptions } from "./service-metadata.js";

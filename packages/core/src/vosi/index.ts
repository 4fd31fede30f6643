/** VOSI (capabilities) and the small XML element tree the UWS/VOSI parsers of every protocol package share. */
export {
  capabilityElements,
  parseVOSICapabilities,
  readVOSICapability,
  readVOSIInterface,
  VOSI_CAPABILITIES_STANDARD,
} from "./capabilities.js";
export type { VOSIAccessURL, VOSICapability, VOSIInterface, VOSIMirrorURL, VOSIValidationLevel } from "./capabilities.js";
export {
  attr,
  child,
  childrenNamed,
  childText,
  formatError,
  isNil,
  parseInteger,
  parseTimestamp,
  parseXml,
  warnAt,
  XLINK_NS,
  XSI_NS,
  xsiType,
} from "./xml.js";
export type { ParseOptions, ParseWarning, XmlAttribute, XmlElement, XmlSource } from "./xml.js";

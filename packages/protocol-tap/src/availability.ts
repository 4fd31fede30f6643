/** VOSI availability (VOSI 1.1 §3.3). */
import type { ParseOptions, XmlSource } from "@vo/core";
import { child, childText, childrenNamed, formatError, parseTimestamp, parseXml } from "@vo/core";

const STANDARD = "VOSI 1.1 availability";

/** A parsed VOSI availability document. */
export interface Availability {
  /** True when the service says it is accepting requests. */
  readonly available: boolean;
  /** Since when it has been up, when stated. */
  readonly upSince?: Date | undefined;
  /** When a planned outage starts, when stated. */
  readonly downAt?: Date | undefined;
  /** When it is expected back after an outage, when stated. */
  readonly backAt?: Date | undefined;
  /** Free-text notes of the operators. */
  readonly notes: readonly string[];
}

/**
 * Parses a VOSI availability document. Invalid timestamps (pyVO's own test data
 * has `2000-00-00T00:00:00Z`) are reported through `onWarning` and left out.
 * @throws {DALFormatError} when the document is not XML, not an availability document, or `available` is missing or not a boolean.
 */
export function parseAvailability(source: XmlSource, options: ParseOptions = {}): Availability {
  const root = parseXml(source, STANDARD, options);
  if (root.local !== "availability") {
    throw formatError(`expected an <availability> root element, found <${root.local}>`, root, STANDARD, options);
  }
  const availableEl = child(root, "available");
  const text = childText(root, "available")?.toLowerCase();
  if (!availableEl || text === undefined) throw formatError("missing <available>", root, STANDARD, options);
  if (text !== "true" && text !== "false" && text !== "1" && text !== "0") {
    throw formatError(`<available> must be true or false, found "${text}"`, availableEl, STANDARD, options);
  }
  const time = (name: string): Date | undefined => {
    const el = child(root, name);
    return el ? parseTimestamp(childText(root, name), el, options) : undefined;
  };
  return {
    available: text === "true" || text === "1",
    upSince: time("upSince"),
    downAt: time("downAt"),
    backAt: time("backAt"),
    notes: childrenNamed(root, "note").map((n) => n.text.trim()).filter((n) => n !== ""),
  };
}

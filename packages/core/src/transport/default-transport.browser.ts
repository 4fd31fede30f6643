/**
 * The default transport of `createClient` in browsers and any runtime that is
 * not Node, chosen by the `#default-transport` package import (conditions
 * `browser` and `default`). It imports nothing from Node.
 */
import { createFetchTransport } from "./fetch-transport.js";
import type { Transport } from "./types.js";

/** Makes the default transport outside Node: the platform's `fetch`. */
export function createDefaultTransport(): Transport {
  return createFetchTransport();
}

/**
 * The default transport of `createClient` under Node, chosen by the
 * `#default-transport` package import (condition `node`).
 */
import type { Transport } from "./types.js";
import { createUndiciTransport } from "./undici-transport.js";

/** Makes the default transport under Node: undici, with gzip/deflate/br decoding, proxies and separate connect timeouts. */
export function createDefaultTransport(): Transport {
  return createUndiciTransport();
}

/**
 * The User-Agent @vo sends: who we are and on what runtime, so service operators can see VO traffic
 * and reach the project. No Node imports.
 */
import { VERSION } from "../version.js";

/**
 * `@vo/core/<version> (<runtime>)`, e.g. `@vo/core/0.1.0 (Node.js v20.20.2)`.
 * The runtime is read from `globalThis.process` when there is one (Node, Bun, Deno's Node layer).
 */
export function defaultUserAgent(): string {
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  return `@vo/core/${VERSION} (${node === undefined ? "JavaScript" : `Node.js v${node}`})`;
}

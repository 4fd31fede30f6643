/** pyVO's top-level `regsearch`: a registry search without a client of one's own. */
import { createClient } from "@vo/core";
import type { Client } from "@vo/core";
import { tap } from "@vo/protocol-tap";
import { registry } from "./plugin.js";
import type { RegistryResults } from "./resource.js";
import { search } from "./search.js";
import type { SearchArg } from "./search.js";

let shared: Client | undefined;

/**
 * One-call registry search (pyVO's `regsearch`, i.e. `registry.search`): the same arguments as
 * {@link search} without the client. It runs on a client made on first use and kept for the program's
 * life (the default registry: `$IVOA_REGISTRY`, else GAVO's; `{ service: url }` picks another), with the
 * `registry` and `tap` plugins: `getService("tap")` works on the resources found; for other service
 * types, make a client with their plugins and call {@link search} on it.
 * @throws as {@link search}.
 * @example const found = await regsearch({ servicetype: "tap", waveband: "Optical" }, "quasar");
 */
export function regsearch(...args: SearchArg[]): Promise<RegistryResults> {
  shared ??= createClient({ plugins: [registry(), tap()] });
  return search(shared, ...args);
}

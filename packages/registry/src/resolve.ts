import { ivoid as ivoidConstraint } from "./constraints.js";
import { search } from "./search.js";
import type { RegistryClient, SearchOptions } from "./search.js";
import type { RegistryResource } from "./resource.js";

/**
 * The registry record of one IVOA identifier (any case), or undefined when the
 * registry does not have it (pyVO's `ivoid2service` without the service step).
 * @example const res = await resolve(client, "ivo://vo.integ.local/tap"); res?.getService("tap")
 */
export async function resolve(client: RegistryClient, ivoid: string, options: SearchOptions = {}): Promise<RegistryResource | undefined> {
  const found = await search(client, ivoidConstraint(ivoid), options);
  return found.at(0);
}

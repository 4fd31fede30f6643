/**
 * The profile `connect()` uses in browsers (package import `#default-profile`, condition
 * `browser` and `default`): always the Web Profile.
 * @internal
 */
import { ParameterError } from "@vo/core";
import { WebProfile } from "./web-profile.js";
import type { HubOptions, HubProfile } from "./profile.js";

/** The Web Profile connection for these options. @internal */
export async function createProfile(options: HubOptions): Promise<HubProfile> {
  if (options.profile === "standard") throw new ParameterError("profile", '"web" (the Standard Profile needs Node)', options.profile);
  return new WebProfile(options.webHubUrl, options.pollSeconds);
}

/** Browsers have no process to watch: nothing to do. @internal */
export function trackForExit(_client: { close(): Promise<void> }): () => void {
  return () => undefined;
}

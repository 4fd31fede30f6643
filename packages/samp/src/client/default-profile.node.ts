/**
 * The profile `connect()` uses in Node (package import `#default-profile`, condition `node`):
 * the Standard Profile unless `profile: "web"`. Open clients unregister when the process
 * is ended by SIGINT, SIGTERM or SIGHUP, or runs out of work.
 * @internal
 */
import { StandardProfile } from "./standard-profile.node.js";
import { WebProfile } from "./web-profile.js";
import type { HubOptions, HubProfile } from "./profile.js";

/** Finds the hub for these options. @internal */
export async function createProfile(options: HubOptions, signal?: AbortSignal): Promise<HubProfile> {
  if (options.profile === "web") return new WebProfile(options.webHubUrl, options.pollSeconds);
  return StandardProfile.find(options.lockfile, options.callbackHost, signal);
}

const open = new Set<{ close(): Promise<void> }>();
let hooked = false;

/** Keeps `client` in the set that is unregistered when the process ends. @internal */
export function trackForExit(client: { close(): Promise<void> }): () => void {
  open.add(client);
  if (!hooked) {
    hooked = true;
    const closeAll = (): Promise<unknown> => Promise.allSettled([...open].map((c) => c.close()));
    process.once("beforeExit", () => void closeAll());
    for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      const onSignal = (): void => {
        // Only when nobody else handles the signal: then end the process as the signal would have.
        if (process.listenerCount(sig) > 1) return;
        void closeAll().finally(() => {
          process.off(sig, onSignal);
          process.kill(process.pid, sig);
        });
      };
      process.on(sig, onSignal);
    }
  }
  return () => open.delete(client);
}

import { definePlugin, StandardId } from "@vo/core";
import type { Plugin } from "@vo/core";
import { TAPService } from "./tap-service.js";
import { CORE_RANGE, VERSION } from "./version.js";

/** The services the TAP plugin adds to a client, by alias. */
export interface TAPServices {
  /** `client.service("tap", url)` gives a {@link TAPService}. */
  tap: TAPService;
}

/**
 * The TAP plugin: registers {@link TAPService} for `ivo://ivoa.net/std/TAP`
 * (alias "tap") in a client.
 * @example
 * const client = createClient({ plugins: [tap()] });
 * const service = client.service("tap", "http://localhost:8080/tap"); // TAPService
 */
export function tap(): Plugin<TAPServices> {
  return definePlugin<TAPServices>({
    name: "@vo/protocol-tap",
    version: VERSION,
    core: CORE_RANGE,
    register(r) {
      r.service(StandardId.TAP, (ctx, url) => new TAPService(url, { context: ctx }), { aliases: ["tap"] });
    },
  });
}

/** The `auth()` plugin: puts an {@link AuthSession} on every request of a client. */
import { definePlugin } from "@vo/core";
import type { Plugin } from "@vo/core";
import type { AuthSession } from "./auth-session.js";
import { CORE_RANGE, VERSION } from "./version.js";

/**
 * Authenticates a client's requests with `session`: TAP (sync, async and every job URL), SCS, SIA, SSA,
 * datalink, SODA and downloads all go through the client's transport, so all of them carry the credentials
 * that belong to their URL. Registers one transport interceptor and no service.
 *
 * @example
 * const session = new AuthSession();
 * session.credentials.setToken(token, "https://archive.example.org/");
 * const vo = createClient({ plugins: [tap(), auth(session)] as const });
 */
export function auth(session: AuthSession): Plugin {
  return definePlugin({
    name: "@vo/auth",
    version: VERSION,
    core: CORE_RANGE,
    register(registry) {
      registry.interceptor(session.interceptor);
    },
  });
}

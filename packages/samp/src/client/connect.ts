/**
 * `connect()`: register a SAMP client with the running hub (pyVO's `SAMPIntegratedClient.connect`),
 * and `withConnection()`, which always unregisters afterwards (pyVO's `connection()`).
 */
import { createProfile, trackForExit } from "#default-profile";
import { SAMPClient } from "./samp-client.js";
import type { SAMPClientOptions } from "./samp-client.js";
import type { HubOptions } from "./profile.js";

/** Options of {@link connect}. */
export type ConnectOptions = SAMPClientOptions & HubOptions;

/**
 * Registers with the hub: in Node the Standard Profile hub named by `SAMP_HUB`
 * (`std-lockurl:`) or `~/.samp`, in browsers the Web Profile hub on
 * `http://localhost:21012/`. Then declares metadata and subscriptions and
 * starts receiving (unless `callable: false`).
 * @throws {SAMPHubError} `VO_ERR_SAMP_NO_HUB` when no hub runs (no lockfile, a stale one, nothing on the port); `VO_ERR_SAMP_FAULT` when the hub refuses (e.g. Web Profile consent denied).
 */
export async function connect(options: ConnectOptions = {}): Promise<SAMPClient> {
  const hub = await createProfile(options, options.signal);
  const name = options.name ?? "@vo client";
  const reg = await hub.register(name, options.signal);
  const client = new SAMPClient(hub, reg, options);
  const untrack = trackForExit(client);
  client.on("disconnect", () => untrack());
  try {
    await client.start(reg, options.signal);
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
  return client;
}

/** Connects, runs `fn`, and always closes the client (pyVO's `connection()` context manager). */
export async function withConnection<T>(options: ConnectOptions, fn: (client: SAMPClient) => Promise<T>): Promise<T> {
  const client = await connect(options);
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

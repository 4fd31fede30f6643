/**
 * The client behind the one-call shortcuts (`conesearch`, `imagesearch`,
 * `spectrumsearch`, `tablesearch`, …): one per plugin, made on first use
 * with the default transport and kept for the life of the program, so that
 * records keep a live transport for `download()` and `getDataset()`. Its idle
 * connections do not keep Node from exiting.
 */
import { createClient } from "./client.js";
import type { Client, ServicesOf } from "./client.js";
import type { Plugin } from "./plugin.js";
import type { Transport } from "./transport/types.js";
import type { VOWarning } from "./types.js";

const shared = new Map<string, Client>();

/**
 * The shared client for the plugin `make()` builds (keyed by the plugin's name).
 * Pass a transport or your own client to the shortcut instead when you need control over connections.
 */
export function shortcutClient<P extends Plugin>(make: () => P): Client<ServicesOf<[P]>> {
  const plugin = make();
  let client = shared.get(plugin.name);
  if (!client) {
    client = createClient({ plugins: [plugin] });
    shared.set(plugin.name, client);
  }
  return client as Client<ServicesOf<[P]>>;
}

/** What every one-call shortcut takes besides the search itself. */
export interface ShortcutOptions {
  /** The transport to use (it is not closed). Default: the shared client's (see {@link shortcutClient}). */
  transport?: Transport | undefined;
  /** Where warnings go when `transport` is given (default: `console.warn`, once per distinct warning). */
  onWarning?: ((warning: VOWarning) => void) | undefined;
}

/**
 * Makes the service a shortcut queries: with the caller's transport when
 * given, else from the shared client of the plugin.
 * @internal for the protocol packages' shortcuts
 */
export function shortcutService<P extends Plugin, S>(
  options: ShortcutOptions,
  make: () => P,
  alias: string,
  url: string | URL,
  direct: (url: string | URL, transport: Transport, onWarning: ((warning: VOWarning) => void) | undefined) => S,
): S {
  if (options.transport) return direct(url, options.transport, options.onWarning);
  return (shortcutClient(make) as unknown as { service(alias: string, url: string | URL): S }).service(alias, url);
}

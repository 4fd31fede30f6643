import { shortcutService } from "@vo/core";
import type { ResultSet, ShortcutOptions } from "@vo/core";
import type { AdqlFragment } from "./adql.js";
import { tap } from "./plugin.js";
import { TAPService } from "./tap-service.js";
import type { TAPQueryOptions } from "./tap-service.js";

/**
 * One-call synchronous TAP query (pyVO's `pyvo.dal.tap.search(url, query)`):
 * no client to make or close. Options are those of {@link TAPService.runSync}
 * (`maxrec`, `uploads`, …), plus `transport`/`onWarning` (default: a client
 * shared by the shortcuts, kept for the program's life).
 * @throws as {@link TAPService.runSync}.
 * @example const rs = await tablesearch("http://localhost:8080/tap", "SELECT TOP 5 * FROM ivoa.obscore");
 */
export function tablesearch(url: string | URL, query: string | AdqlFragment, options: TAPQueryOptions & ShortcutOptions = {}): Promise<ResultSet> {
  const { transport, onWarning, ...run } = options;
  const service = shortcutService({ transport, onWarning }, tap, "tap", url, (u, t, w) => new TAPService(u, { transport: t, onWarning: w }));
  return service.runSync(query, run);
}

import { shortcutService } from "@vo/core";
import type { ShortcutOptions } from "@vo/core";
import { scs } from "./plugin.js";
import { SCSService } from "./scs-service.js";
import type { SCSResults, SCSSearchOptions, SkyPosition } from "./scs-service.js";

/**
 * One-call cone search (pyVO's `conesearch(url, pos, radius)`): no client to
 * make or close. Options are those of {@link SCSService.search} (any other key
 * is a custom parameter), plus `transport`/`onWarning` (default: a client
 * shared by the shortcuts, kept for the program's life).
 * @throws as {@link SCSService.search}.
 * @example const stars = await conesearch("http://localhost:8080/vosample/cat/cone/scs.xml", [10.68, 41.27], 0.05);
 */
export function conesearch(url: string | URL, pos: SkyPosition, radius = 1.0, options: SCSSearchOptions & ShortcutOptions = {}): Promise<SCSResults> {
  const { transport, onWarning, ...search } = options;
  const service = shortcutService({ transport, onWarning }, scs, "scs", url, (u, t, w) => new SCSService(u, { transport: t, onWarning: w }));
  return service.search(pos, radius, search);
}

import { shortcutService } from "@vo/core";
import type { ShortcutOptions } from "@vo/core";
import { sia } from "./plugin.js";
import { SIAService } from "./sia-service.js";
import type { SIAResults, SIASearchOptions, SkyPosition } from "./sia-service.js";
import { SIA2Service } from "./sia2-service.js";
import type { SIA2Results, SIA2SearchOptions } from "./sia2-service.js";

/**
 * One-call SIA 1.0 image search (pyVO's `imagesearch(url, pos, size)`): no
 * client to make or close. Options are those of {@link SIAService.search}
 * (any other key is a custom parameter), plus `transport`/`onWarning`
 * (default: a client shared by the shortcuts, kept for the program's life).
 * @throws as {@link SIAService.search}.
 * @example const images = await imagesearch(url, [10.68, 41.27], 0.2, { format: "image/fits" });
 */
export function imagesearch(
  url: string | URL,
  pos: SkyPosition,
  size: number | readonly [number, number] = 1.0,
  options: SIASearchOptions & ShortcutOptions = {},
): Promise<SIAResults> {
  const { transport, onWarning, ...search } = options;
  const service = shortcutService({ transport, onWarning }, sia, "sia", url, (u, t, w) => new SIAService(u, { transport: t, onWarning: w }));
  return service.search(pos, size, search);
}

/**
 * One-call SIA 2.0 search (pyVO's `imagesearch2`): the constraints of
 * {@link SIA2Service.search}, `url` being the query endpoint.
 * @throws as {@link SIA2Service.search}.
 * @example const obs = await imagesearch2(url, { pos: [10.68, 41.27, 0.2], time: "58000 59000" });
 */
export function imagesearch2(url: string | URL, options: SIA2SearchOptions & ShortcutOptions = {}): Promise<SIA2Results> {
  const { transport, onWarning, ...search } = options;
  const service = shortcutService({ transport, onWarning }, sia, "sia2", url, (u, t, w) => new SIA2Service(u, { transport: t, onWarning: w }));
  return service.search(search);
}

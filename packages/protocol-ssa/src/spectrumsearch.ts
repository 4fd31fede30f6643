import { shortcutService } from "@vo/core";
import type { ShortcutOptions } from "@vo/core";
import { ssa } from "./plugin.js";
import { SLAService } from "./sla-service.js";
import type { SLAResults, SLASearchOptions } from "./sla-service.js";
import { SSAService } from "./ssa-service.js";
import type { SkyPosition, SSAResults, SSASearchOptions } from "./ssa-service.js";

/**
 * One-call SSA spectrum search (pyVO's `spectrumsearch(url, pos, diameter)`):
 * no client to make or close. Options are those of {@link SSAService.search}
 * (any other key is a custom parameter), plus `transport`/`onWarning`
 * (default: a client shared by the shortcuts, kept for the program's life).
 * @throws as {@link SSAService.search}.
 * @example const spectra = await spectrumsearch(url, [10.68, 41.27], 0.2, { band: "4e-7 7e-7" });
 */
export function spectrumsearch(
  url: string | URL,
  pos?: SkyPosition,
  diameter?: number,
  options: SSASearchOptions & ShortcutOptions = {},
): Promise<SSAResults> {
  const { transport, onWarning, ...search } = options;
  const service = shortcutService({ transport, onWarning }, ssa, "ssa", url, (u, t, w) => new SSAService(u, { transport: t, onWarning: w }));
  return service.search(pos, diameter, search);
}

/**
 * One-call SLAP line search (pyVO's `linesearch(url, wavelength)`).
 * @throws as {@link SLAService.search}.
 */
export function linesearch(
  url: string | URL,
  wavelength: readonly [number, number] | string,
  options: SLASearchOptions & ShortcutOptions = {},
): Promise<SLAResults> {
  const { transport, onWarning, ...search } = options;
  const service = shortcutService({ transport, onWarning }, ssa, "sla", url, (u, t, w) => new SLAService(u, { transport: t, onWarning: w }));
  return service.search(wavelength, search);
}

/**
 * Learning a service's security methods from its VOSI capabilities when a request meets a 401/403: which
 * capabilities document belongs to a request URL, read at most once per service, with a bounded cache.
 */
import { parseVOSICapabilities } from "@vo/core";
import type { RequestAuth, RequestHandler, VOSICapability } from "@vo/core";

/** How many path levels above a request URL are tried for a `capabilities` endpoint. */
export const MAX_CAPABILITY_LEVELS = 4;
/** How many services' capabilities a session remembers (the oldest are forgotten first). */
export const MAX_DISCOVERED_SERVICES = 64;
/** Largest capabilities document read (bytes). */
const MAX_CAPABILITIES_BYTES = 4 * 1024 * 1024;

/**
 * The capabilities URLs that may describe `url`, nearest first: `<parent>/capabilities` for the parent of the
 * URL and up to {@link MAX_CAPABILITY_LEVELS} levels above it (`…/tap/sync` → `…/tap/capabilities`, a job URL
 * `…/tap/async/42/phase` → … → `…/tap/capabilities`). Query and fragment are dropped.
 */
export function capabilityUrls(url: URL): string[] {
  const segments = url.pathname.split("/").filter((s) => s !== "");
  const out: string[] = [];
  for (let keep = segments.length - 1, n = 0; keep >= 1 && n < MAX_CAPABILITY_LEVELS; keep--, n++) {
    const path = segments.slice(0, keep).join("/");
    if (segments[keep - 1] === "capabilities") continue;
    out.push(`${url.origin}/${path}/capabilities`);
  }
  return out;
}

/** What the session learnt about one service. */
export interface Discovered {
  /** The capabilities URL that answered. */
  readonly capabilitiesUrl: string;
  /** The parsed capabilities. */
  readonly capabilities: readonly VOSICapability[];
}

/** A bounded cache of capabilities reads: each capabilities URL is fetched at most once (failures too). */
export class CapabilityCache {
  readonly #reads = new Map<string, Promise<Discovered | undefined>>();

  /** Whether the service behind `url` has already been looked for (read or in flight). */
  tried(url: URL): boolean {
    return capabilityUrls(url).some((c) => this.#reads.has(c));
  }

  /**
   * The capabilities of the service `url` belongs to, reading the candidate URLs nearest first through `send`
   * (the transport below the session, so no read ever comes back to the session) with `auth`. Undefined when none
   * answers with a capabilities document.
   */
  async find(url: URL, send: RequestHandler, auth: RequestAuth, signal: AbortSignal | undefined): Promise<Discovered | undefined> {
    for (const candidate of capabilityUrls(url)) {
      let read = this.#reads.get(candidate);
      if (read === undefined) {
        read = readCapabilities(candidate, send, auth, signal);
        this.#reads.set(candidate, read);
        // An aborted read is not remembered: the next request reads again.
        read.catch(() => this.#reads.delete(candidate));
        if (this.#reads.size > MAX_DISCOVERED_SERVICES) this.#reads.delete(this.#reads.keys().next().value as string);
      }
      const found = await read;
      if (found) return found;
    }
    return undefined;
  }
}

async function readCapabilities(url: string, send: RequestHandler, auth: RequestAuth, signal: AbortSignal | undefined): Promise<Discovered | undefined> {
  try {
    const response = await send({ url, auth, maxResponseBytes: MAX_CAPABILITIES_BYTES, ...(signal ? { signal } : {}) });
    if (response.status !== 200) {
      await response.cancel();
      return undefined;
    }
    const capabilities = parseVOSICapabilities(await response.bytes(), { onWarning: () => {} });
    return capabilities.length ? { capabilitiesUrl: url, capabilities } : undefined;
  } catch (error) {
    // A refused, failed or malformed read means "no capabilities here"; only the caller's abort goes through.
    if (signal?.aborted) throw error;
    return undefined;
  }
}

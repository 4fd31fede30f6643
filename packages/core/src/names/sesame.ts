/**
 * Object names to positions with CDS Sesame (the service behind astropy's
 * `SkyCoord.from_name`): `resolveName("M31")` → `{ ra, dec, … }` in ICRS
 * degrees. The endpoint is configurable (a mirror, or a local test double such
 * as @vo/testkit's `sesameDouble`), and every request goes through a @vo
 * transport, so it works in Node and browsers alike.
 */
import { DALFormatError, DALQueryError, DALServiceError, ParameterError } from "@vo/votable";
import { createClient } from "../client.js";
import type { Timeouts, Transport } from "../transport/types.js";
import { child, childrenNamed, childText, parseXml } from "../vosi/xml.js";

/** CDS's Sesame endpoint (the French site; `https://vizier.cfa.harvard.edu/viz-bin/nph-sesame` is a mirror). */
export const SESAME_ENDPOINT = "https://cds.unistra.fr/cgi-bin/nph-sesame";

/** Options of {@link SesameResolver} and {@link resolveName}. */
export interface SesameOptions {
  /** The Sesame endpoint, without the `/-ox/…` part. Default {@link SESAME_ENDPOINT}. */
  endpoint?: string | undefined;
  /** The databases to ask, in order: `S` Simbad, `N` NED, `V` VizieR, `A` all. Default `"SNV"` (the first that knows the name wins). */
  databases?: string | undefined;
  /** The transport to use. Default: a client's default transport, made on first use. */
  transport?: Transport | undefined;
  /** Time limits of each request. */
  timeouts?: Timeouts | undefined;
}

/** What Sesame knows about a name. */
export interface ResolvedName {
  /** The name asked for. */
  readonly name: string;
  /** ICRS right ascension, degrees. */
  readonly ra: number;
  /** ICRS declination, degrees. */
  readonly dec: number;
  /** The database that answered, as Sesame names it (e.g. "S=Simbad (via url)"). */
  readonly resolver: string;
  /** The object type (Simbad's `otype`, e.g. "G"), when given. */
  readonly objectType?: string | undefined;
  /** The main identifier in that database (e.g. "M  31"), when given. */
  readonly mainId?: string | undefined;
  /** Other names, when the answer lists them. */
  readonly aliases: readonly string[];
}

const STANDARD = "CDS Sesame XML";
let sharedTransport: Transport | undefined;

/**
 * A Sesame client. Names are cached per resolver (the same name is asked once).
 * @example
 * const sesame = new SesameResolver({ endpoint: "http://127.0.0.1:4000/sesame" });
 * const { ra, dec } = await sesame.resolve("M31");
 */
export class SesameResolver {
  readonly #options: SesameOptions;
  readonly #cache = new Map<string, Promise<ResolvedName>>();

  constructor(options: SesameOptions = {}) {
    const databases = options.databases ?? "SNV";
    if (!/^~?[SNVA]+$/.test(databases)) throw new ParameterError("databases", 'letters of "SNVA" (Simbad, NED, VizieR, all)', databases);
    this.#options = { ...options, databases };
  }

  /**
   * The position of an object by name.
   * @throws {ParameterError} for an empty name.
   * @throws {DALQueryError} when no database knows the name (its message says which name).
   * @throws {DALServiceError} HTTP or network failure; {@link DALFormatError} when the answer is not Sesame XML.
   */
  resolve(name: string, options: { signal?: AbortSignal | undefined } = {}): Promise<ResolvedName> {
    if (typeof name !== "string" || name.trim() === "") throw new ParameterError("name", "an object name, e.g. \"M31\"", name);
    const key = name.trim().replace(/\s+/g, " ").toLowerCase();
    let pending = this.#cache.get(key);
    if (!pending) {
      pending = this.#fetch(name.trim(), options.signal);
      this.#cache.set(key, pending);
      pending.catch(() => this.#cache.delete(key));
    }
    return pending;
  }

  async #fetch(name: string, signal: AbortSignal | undefined): Promise<ResolvedName> {
    const endpoint = (this.#options.endpoint ?? SESAME_ENDPOINT).replace(/\/+$/, "");
    const url = `${endpoint}/-ox/${this.#options.databases}?${encodeURIComponent(name)}`;
    const transport = this.#options.transport ?? (sharedTransport ??= createClient({ plugins: [] }).transport);
    const response = await transport.request({
      url,
      ...(signal ? { signal } : {}),
      ...(this.#options.timeouts ? { timeouts: this.#options.timeouts } : {}),
    });
    const text = await response.text();
    if (response.status < 200 || response.status > 299) {
      throw new DALServiceError(`Sesame answered HTTP ${response.status} for "${name}"`, {
        url,
        status: response.status,
        contentType: response.headers.get("content-type") ?? undefined,
        bodyExcerpt: text.slice(0, 2048),
      });
    }
    return parseSesame(text, name, url);
  }
}

/**
 * Reads a Sesame XML answer (`-ox`): the first resolver that gives a position.
 * @throws {DALQueryError} when none does; {@link DALFormatError} when the text is not Sesame XML.
 */
export function parseSesame(xml: string, name: string, url?: string): ResolvedName {
  const root = parseXml(xml, STANDARD, url === undefined ? {} : { url });
  if (root.local !== "Sesame") throw new DALFormatError(`${STANDARD}: expected a <Sesame> root element, found <${root.local}>`, { url, standard: STANDARD });
  const notes: string[] = [];
  for (const target of childrenNamed(root, "Target")) {
    for (const resolver of childrenNamed(target, "Resolver")) {
      const ra = Number(childText(resolver, "jradeg"));
      const dec = Number(childText(resolver, "jdedeg"));
      const info = childrenNamed(resolver, "INFO").map((i) => i.text.trim()).filter((t) => t !== "");
      notes.push(...info);
      if (child(resolver, "jradeg") === undefined || !Number.isFinite(ra) || !Number.isFinite(dec)) continue;
      return {
        name,
        ra,
        dec,
        resolver: resolver.attributes.find((a) => a.local === "name")?.value ?? "",
        objectType: childText(resolver, "otype"),
        mainId: childText(resolver, "oname"),
        aliases: childrenNamed(resolver, "alias").map((a) => a.text.trim()).filter((a) => a !== ""),
      };
    }
    notes.push(...childrenNamed(target, "INFO").map((i) => i.text.trim()).filter((t) => t !== ""));
  }
  throw new DALQueryError(`Sesame knows no object named "${name}"${notes.length ? ` (${notes.join("; ")})` : ""}`, { url });
}

let defaultResolver: SesameResolver | undefined;

/**
 * The position of an object by name, with Sesame (astropy's
 * `SkyCoord.from_name`): `{ ra, dec }` in ICRS degrees, plus what Sesame says
 * about it. With options, a resolver for them is made; without, one shared resolver (and cache) is used.
 * @throws as {@link SesameResolver.resolve}.
 * @example const m31 = await resolveName("M31"); await conesearch(url, [m31.ra, m31.dec], 0.1);
 */
export function resolveName(name: string, options: SesameOptions & { signal?: AbortSignal | undefined } = {}): Promise<ResolvedName> {
  const { signal, ...resolverOptions } = options;
  const resolver = Object.values(resolverOptions).some((v) => v !== undefined)
    ? new SesameResolver(resolverOptions)
    : (defaultResolver ??= new SesameResolver());
  return resolver.resolve(name, { signal });
}

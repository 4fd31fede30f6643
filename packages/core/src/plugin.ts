/**
 * How a plugin is declared: `definePlugin` checks the metadata a client will
 * check again at creation (fastify-plugin's name, core range, dependencies),
 * and types the services the plugin provides so that `createClient` can infer
 * the client's service map from the plugin tuple (octokit).
 */
import { ParameterError } from "@vo/votable";
import type { AppliedCredentials, TransportRequest, TransportResponse } from "./transport/types.js";
import type { ConstraintDefinition, Decoder, ModelDefinition, Service, ServiceContext } from "./types.js";

/** Sends one request and resolves with its response: what a transport interceptor wraps. */
export type RequestHandler = (request: TransportRequest) => Promise<TransportResponse>;

/**
 * A transport interceptor, undici-style: gets the next handler and returns a
 * handler that may change the request, the response, or retry. The first
 * interceptor registered is the outermost (it sees the request first).
 * A client passes `context`, which looks up what the client's plugins registered.
 */
export type TransportInterceptor = (next: RequestHandler, context?: InterceptorContext) => RequestHandler;

/** What a client tells its interceptors about its plugins' registrations. */
export interface InterceptorContext {
  /** The security method registered under `standardId` (case-sensitive, as in VOSI capabilities), if any. */
  securityMethod(standardId: string): SecurityMethodDefinition | undefined;
}

/**
 * A security method a plugin adds (an API-key header, a signed request…), used by `@vo/auth` when a service's
 * capabilities declare its standardID and the user stored a credential for it. `C` is the credential's shape.
 */
export interface SecurityMethodDefinition<C = unknown> {
  /** The method's standardID (`securityMethod/@standardID` in VOSI capabilities). */
  readonly standardId: string;
  /** What goes on a request to `url` (headers and/or a client certificate). Only called for URLs in the credential's scope. */
  apply(credential: C, url: URL): Omit<AppliedCredentials, "method"> | Promise<Omit<AppliedCredentials, "method">>;
  /** The secret values inside `credential`, kept out of every error and warning. */
  secrets(credential: C): readonly string[];
}

/** Makes a service for one access URL. Called by `client.service(key, url)`, once per call. */
export type ServiceFactory<S extends Service = Service> = (ctx: ServiceContext, accessUrl: string) => S;

/** Options of a registration. */
export interface RegisterOptions {
  /** Replace an earlier registration under the same key instead of failing with `VO_ERR_PLUGIN_CONFLICT`. */
  override?: boolean;
}

/** Options of a service registration. */
export interface ServiceRegisterOptions extends RegisterOptions {
  /** More names that find this service, beyond the built-in aliases of known standards ("tap", "sia2", …). */
  aliases?: readonly string[];
}

/**
 * What `register` receives: the only way a plugin adds to a client.
 * A second registration under a key throws `PluginError` `VO_ERR_PLUGIN_CONFLICT`
 * naming both plugins, unless it passes `{ override: true }` (an override must
 * come after the plugin it replaces). The registry refuses calls once `register` has returned.
 */
export interface PluginRegistry {
  /** Registers a service factory for a standardID (normalised: any TAP fragment is TAP, and so on). */
  service<S extends Service>(standardId: string, factory: ServiceFactory<S>, options?: ServiceRegisterOptions): void;
  /** Registers a registry constraint definition under its keyword (case-sensitive). */
  constraint(keyword: string, definition: ConstraintDefinition, options?: RegisterOptions): void;
  /** Registers a data model definition under a utype or ivoid (case-insensitive). */
  model(utypeOrIvoid: string, definition: ModelDefinition, options?: RegisterOptions): void;
  /** Registers a response decoder for a media type (case-insensitive; parameters such as `;serialization=binary2` are part of the key). */
  decoder(mediaType: string, decoder: Decoder, options?: RegisterOptions): void;
  /** Adds a transport interceptor (retry, auth, logging). Interceptors never conflict. */
  interceptor(interceptor: TransportInterceptor): void;
  /** Registers a security method under its standardID, for `@vo/auth` (see {@link SecurityMethodDefinition}). */
  securityMethod<C>(definition: SecurityMethodDefinition<C>, options?: RegisterOptions): void;
}

/** What a plugin author passes to {@link definePlugin}. */
export interface PluginDefinition {
  /** The plugin's name: by convention its npm package name (`@vo/protocol-tap`). Unique within a client. */
  readonly name: string;
  /** The plugin's own version (its package's). */
  readonly version: string;
  /** The `@vo/core` versions it works with, as a semver range (`^0.1.0`, `~0.1`, `0.x`, `>=0.1.0 <0.3.0`, `||`). */
  readonly core: string;
  /** Names of plugins that must be in the same client. */
  readonly dependencies?: readonly string[];
  /** Adds the plugin's services, constraints, models, decoders, interceptors and security methods. Called once per client. */
  register(registry: PluginRegistry): void;
}

/**
 * A plugin, as made by a factory such as `tap()`. `S` maps the short aliases
 * the plugin serves to service classes (`{ tap: TAPService }`); `C` maps the
 * registry constraint keywords it registers to their value types
 * (`{ properMotion: { minColumns: number } }`), so that `@vo/registry`'s
 * `search` accepts them typed. Both exist only for type inference.
 */
export interface Plugin<S extends object = object, C extends object = object> extends PluginDefinition {
  /** Type-only carrier of `S`; never set at runtime. */
  readonly "~services"?: S;
  /** Type-only carrier of `C`; never set at runtime. */
  readonly "~constraints"?: C;
}

/**
 * Declares a plugin. Checks the metadata now so a broken plugin fails where it is written.
 *
 * @throws ParameterError when the name, version, core range, dependencies or register function is invalid.
 * @example
 * export function tap(options: TAPOptions = {}): Plugin<{ tap: TAPService }> {
 *   return definePlugin({ name: "@vo/protocol-tap", version: VERSION, core: CORE_RANGE,
 *     register(r) { r.service(StandardId.TAP, (ctx, url) => new TAPService(url, ctx, options)); } });
 * }
 */
export function definePlugin<S extends object = object, C extends object = object>(definition: PluginDefinition): Plugin<S, C> {
  const { name, version, core, dependencies = [], register } = definition;
  if (typeof name !== "string" || name.trim() === "") throw new ParameterError("name", "a non-empty plugin name", name);
  if (typeof version !== "string" || parseVersion(version) === undefined) {
    throw new ParameterError(`${name}: version`, "a semver version such as 1.0.0", version);
  }
  if (typeof core !== "string" || parseRange(core) === undefined) {
    throw new ParameterError(`${name}: core`, "a semver range such as ^0.1.0", core);
  }
  if (!Array.isArray(dependencies) || dependencies.some((d) => typeof d !== "string")) {
    throw new ParameterError(`${name}: dependencies`, "an array of plugin names", dependencies);
  }
  if (typeof register !== "function") throw new ParameterError(`${name}: register`, "a function", register);
  return Object.freeze({ name, version, core, dependencies: Object.freeze([...dependencies]), register });
}

// A tiny semver subset, so core has no dependency for it: caret, tilde,
// x-ranges, comparators (>=, >, <=, <, =), space-separated sets and `||`.
// A prerelease never satisfies a bound at its own release; ranges' prereleases are ignored.

type Triple = [number, number, number];
interface Version {
  readonly triple: Triple;
  readonly prerelease: boolean;
}
type Comparator = { op: "<" | "<=" | ">" | ">=" | "="; triple: Triple };

const VERSION_RE = /^v?(\d+)\.(\d+)\.(\d+)(-[0-9a-z.-]+)?(\+[0-9a-z.-]+)?$/i;
const PARTIAL_RE = /^(\^|~|>=|<=|>|<|=)?\s*v?(\d+|[x*])(?:\.(\d+|[x*]))?(?:\.(\d+|[x*]))?(?:-[0-9a-z.-]+)?(?:\+[0-9a-z.-]+)?$/i;

function parseVersion(text: string): Version | undefined {
  const m = VERSION_RE.exec(text.trim());
  if (!m) return undefined;
  return { triple: [Number(m[1]), Number(m[2]), Number(m[3])], prerelease: m[4] !== undefined };
}

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Parses a range into alternatives, each a list of comparators; undefined when malformed. */
function parseRange(range: string): Comparator[][] | undefined {
  const sets: Comparator[][] = [];
  for (const alternative of range.split("||")) {
    const parts = alternative.trim().replace(/(\^|~|>=|<=|>|<|=)\s+/g, "$1").split(/\s+/).filter(Boolean);
    const set: Comparator[] = [];
    for (const part of parts.length ? parts : ["*"]) {
      const comparators = parseComparator(part);
      if (!comparators) return undefined;
      set.push(...comparators);
    }
    sets.push(set);
  }
  return sets;
}

function parseComparator(text: string): Comparator[] | undefined {
  const m = PARTIAL_RE.exec(text);
  if (!m) return undefined;
  const op = m[1] ?? "";
  const nums = [m[2], m[3], m[4]].map((n) => (n === undefined || /^[x*]$/i.test(n) ? undefined : Number(n)));
  const given = nums.indexOf(undefined) === -1 ? 3 : nums.indexOf(undefined);
  if (nums.slice(given).some((n) => n !== undefined)) return undefined; // "1.x.3"
  const [M = 0, m2 = 0, p = 0] = nums;
  const low: Triple = [M, m2, p];
  if (given === 0) return op === "<" || op === ">" ? [{ op: "<", triple: [0, 0, 0] }] : [];
  // The first version past the partial: 1 → 2.0.0, 1.2 → 1.3.0, 1.2.3 → 1.2.4.
  const next: Triple = given === 1 ? [M + 1, 0, 0] : given === 2 ? [M, m2 + 1, 0] : [M, m2, p + 1];
  switch (op) {
    case "^": {
      const upper: Triple = M > 0 || given === 1 ? [M + 1, 0, 0] : m2 > 0 || given === 2 ? [0, m2 + 1, 0] : [0, 0, p + 1];
      return [{ op: ">=", triple: low }, { op: "<", triple: upper }];
    }
    case "~":
      return [{ op: ">=", triple: low }, { op: "<", triple: given === 1 ? [M + 1, 0, 0] : [M, m2 + 1, 0] }];
    case ">=":
      return [{ op: ">=", triple: low }];
    case ">":
      return [given === 3 ? { op: ">", triple: low } : { op: ">=", triple: next }];
    case "<":
      return [{ op: "<", triple: low }];
    case "<=":
      return [given === 3 ? { op: "<=", triple: low } : { op: "<", triple: next }];
    default:
      return given === 3 ? [{ op: "=", triple: low }] : [{ op: ">=", triple: low }, { op: "<", triple: next }];
  }
}

function test(version: Version, c: Comparator): boolean {
  // A prerelease of X must pass both as X and as just below X, so it never
  // satisfies a bound at X itself: 0.2.0-beta is not in ^0.1.0, 0.1.0-beta is not either.
  const d = compare(version.triple, c.triple);
  return holds(d, c.op) && (!version.prerelease || holds(d || -1, c.op));
}

function holds(d: number, op: Comparator["op"]): boolean {
  switch (op) {
    case "<":
      return d < 0;
    case "<=":
      return d <= 0;
    case ">":
      return d > 0;
    case ">=":
      return d >= 0;
    case "=":
      return d === 0;
  }
}

/**
 * Whether `version` lies in the semver `range`. Supports `^`, `~`, x-ranges
 * (`1.x`, `1.2.*`, `*`), comparators, space-separated sets and `||`; false for
 * a malformed version or range.
 *
 * @example satisfiesRange("0.1.4", "^0.1.0") // true
 */
export function satisfiesRange(version: string, range: string): boolean {
  const v = parseVersion(version);
  const sets = parseRange(range);
  if (!v || !sets) return false;
  return sets.some((set) => set.every((c) => test(v, c)));
}

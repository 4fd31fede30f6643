/**
 * The client: the one object that holds plugins, transport and warning sink.
 * `createClient` checks every plugin (core range, dependencies, duplicate
 * names), lets each register into a fresh registry, then freezes. Everything
 * lives in the client's own tsyringe child container, so two clients in one
 * process never see each other's plugins.
 */
import { ClientContainer, OnWarningToken, ServiceContextToken, TransportToken, token } from "./container/index.js";
import type { Token } from "./container/index.js";
import { ParameterError, PluginError, VOError, redactSecrets } from "@vo/votable";
import type { InterceptorContext, Plugin, PluginRegistry, RegisterOptions, RequestHandler, SecurityMethodDefinition, ServiceFactory, ServiceRegisterOptions, TransportInterceptor } from "./plugin.js";
import { satisfiesRange } from "./plugin.js";
import { StandardIdAliases, normalizeStandardId, shortenStandardId, standardIdName } from "./standard-id.js";
import type { StandardIdAlias, StandardIdName } from "./standard-id.js";
import { closedReason, closedWhileInFlight } from "./transport/request-scope.js";
import type { Transport, TransportRequest, TransportResponse } from "./transport/types.js";
import type { ConstraintDefinition, Decoder, ModelDefinition, RegistryKind, Service, ServiceContext, VOWarning } from "./types.js";
import { VERSION } from "./version.js";

/** Options of {@link createClient}. */
export interface ClientOptions<P extends readonly Plugin[] = readonly Plugin[]> {
  /** The plugins, e.g. `[tap(), sia()]`. Their order matters only for `override` registrations. */
  plugins: P;
  /** The HTTP transport. Default: the undici transport, created on first request and closed by `client.close()`. A transport you pass is never closed by the client. */
  transport?: Transport;
  /** Where non-fatal problems go (overflow, lax parsing). Default: `console.warn`, once per distinct warning. */
  onWarning?: (warning: VOWarning) => void;
  /** A `User-Agent` header added to requests that have none. */
  userAgent?: string;
}

/** Options of {@link Client.with}. */
export interface ClientWithOptions<P extends readonly Plugin[] = readonly Plugin[]> {
  /** Plugins added to this client's; one with the name of an existing plugin replaces it. */
  plugins: P;
}

/** A plugin as a client knows it. */
export interface PluginInfo {
  /** The plugin's name (by convention its npm package name). */
  readonly name: string;
  /** The plugin's own version. */
  readonly version: string;
}

/** The intersection of the members of a union (`A | B` → `A & B`); how plugin maps combine in {@link ServicesOf}. */
export type UnionToIntersection<U> = (U extends unknown ? (arg: U) => void : never) extends (arg: infer I) => void ? I : never;

/** The service map (alias → service class) of a plugin tuple: the intersection of each plugin's map. */
export type ServicesOf<P extends readonly Plugin[]> = [P[number]] extends [never]
  ? object
  : UnionToIntersection<{ [I in keyof P]: P[I] extends Plugin<infer S> ? S : never }[number]> & object;

/** The constraint map (keyword → value type) of a plugin tuple: the intersection of each plugin's map. */
export type ConstraintsOf<P extends readonly Plugin[]> = [P[number]] extends [never]
  ? object
  : UnionToIntersection<{ [I in keyof P]: P[I] extends Plugin<object, infer C> ? C : never }[number]> & object;

/** A service map extended with the full standardIDs of its known aliases (`tap` → also `ivo://ivoa.net/std/TAP`). */
export type ServiceKeys<S extends object> = S & {
  [K in keyof S as K extends StandardIdAlias ? (typeof StandardIdAliases)[K] : never]: S[K];
};

/**
 * A frozen set of plugins with a transport. `S` is the service map inferred from
 * the plugins, `C` their registry constraint map (used by `@vo/registry`'s `search`).
 */
export interface Client<S extends object = object, C extends object = object> {
  /** Type-only carrier of the constraint map `C`; never set at runtime. */
  readonly "~constraints"?: C;
  /**
   * Makes the service registered for a standardID or alias, reached at `accessUrl`.
   * Typed from the plugins for their aliases (`"tap"` → `TAPService`); any other string gives `Service`.
   * @throws PluginError `VO_ERR_PLUGIN_MISSING` naming the standardID, the package that provides it and its factory.
   * @throws ParameterError when `accessUrl` is not an absolute URL.
   */
  service<K extends keyof ServiceKeys<S> & string>(key: K, accessUrl: string | URL): ServiceKeys<S>[K];
  /** Any other standardID: the registered service, typed as the base `Service`. */
  service(key: string, accessUrl: string | URL): Service;
  /**
   * The decoder for a media type: an exact (case-insensitive) match first, then without parameters.
   * @throws PluginError `VO_ERR_PLUGIN_MISSING`.
   */
  decoder(mediaType: string): Decoder;
  /** The constraint definition for a keyword. @throws PluginError `VO_ERR_PLUGIN_MISSING`. */
  constraint(keyword: string): ConstraintDefinition;
  /** The data model definition for a utype or ivoid. @throws PluginError `VO_ERR_PLUGIN_MISSING`. */
  model(key: string): ModelDefinition;
  /** Whether something of this kind is registered under this key (same matching as the lookups). */
  has(kind: RegistryKind, key: string): boolean;
  /** The transport with the plugins' interceptors applied. Its `close()` does nothing: close the client. */
  readonly transport: Transport;
  /** The plugins, in registration order. */
  readonly plugins: readonly PluginInfo[];
  /** Whether `close()` was called. */
  readonly closed: boolean;
  /**
   * A new client with more plugins (a plugin with an existing name replaces that one), in a new container.
   * It shares this client's transport: the transport the client created is closed when the last client sharing it closes.
   */
  with<const P extends readonly Plugin[]>(options: ClientWithOptions<P>): Client<S & ServicesOf<P>, C & ConstraintsOf<P>>;
  /**
   * Ends the client: after `graceMs` (default 0) every request still in flight through it (headers or body) is
   * aborted with a `VOError` code `VO_ERR_CLOSED`, then the container is disposed and the transport the client
   * created is closed (not one it was given). Returns promptly whatever the servers do. Idempotent.
   */
  close(options?: CloseOptions): Promise<void>;
}

/** Options of {@link Client.close}. */
export interface CloseOptions {
  /** Milliseconds to let requests in flight finish before they are aborted (default 0: abort at once). */
  graceMs?: number;
}

/**
 * Creates a client from plugins.
 *
 * @throws PluginError `VO_ERR_PLUGIN_VERSION` (core range), `VO_ERR_PLUGIN_DEPENDENCY`, `VO_ERR_PLUGIN_CONFLICT` (duplicate plugin name or key).
 * @throws ParameterError when `plugins` holds something that is not a plugin.
 * @example
 * const client = createClient({ plugins: [tap(), sia()] });
 * const tapService = client.service("tap", "https://dc.g-vo.org/tap"); // TAPService
 * await client.close();
 */
export function createClient<const P extends readonly Plugin[]>(options: ClientOptions<P>): Client<ServicesOf<P>, ConstraintsOf<P>> {
  const lease = options.transport ? new TransportLease(options.transport, false) : new TransportLease(lazyDefaultTransport(), true);
  const settings: Settings = { onWarning: redactingWarnings(options.onWarning ?? warnOnce()), userAgent: options.userAgent };
  try {
    return new VOClient(options.plugins, lease, settings) as unknown as Client<ServicesOf<P>, ConstraintsOf<P>>;
  } catch (error) {
    void lease.release();
    throw error;
  }
}

interface Settings {
  readonly onWarning: (warning: VOWarning) => void;
  readonly userAgent: string | undefined;
}

/** Shares one base transport among a client and those made by `with()`; closes it when the last one closes, if owned. */
class TransportLease {
  #refs = 1;
  constructor(
    readonly base: Transport,
    readonly owned: boolean,
  ) {}
  acquire(): this {
    this.#refs++;
    return this;
  }
  async release(): Promise<void> {
    if (--this.#refs === 0 && this.owned) await this.base.close();
  }
}

/**
 * The platform's default transport, imported on first request so that merely
 * creating a client loads nothing. The package import `#default-transport`
 * picks it: undici under the `node` condition, fetch in browsers and elsewhere.
 */
function lazyDefaultTransport(): Transport {
  let made: Promise<Transport> | undefined;
  const get = (): Promise<Transport> => (made ??= import("#default-transport").then((m) => m.createDefaultTransport()));
  return {
    request: async (request) => (await get()).request(request),
    close: async () => {
      if (made) await (await made).close();
    },
  };
}

/** Passes warnings on with registered secrets (credentials) removed from their message and URL. */
function redactingWarnings(sink: (warning: VOWarning) => void): (warning: VOWarning) => void {
  return (warning) => {
    const message = redactSecrets(warning.message);
    const url = warning.url === undefined ? undefined : redactSecrets(warning.url);
    if (message === warning.message && url === warning.url) {
      sink(warning);
      return;
    }
    sink({ name: warning.name, code: warning.code, message, ...(url === undefined ? {} : { url }) });
  };
}

function warnOnce(): (warning: VOWarning) => void {
  const seen = new Set<string>();
  return (warning) => {
    const key = `${warning.code}\u0000${warning.message}\u0000${warning.url ?? ""}`;
    if (seen.has(key)) return;
    seen.add(key);
    // The URL once: many messages name it already.
    const where = warning.url && !warning.message.includes(warning.url) ? ` (${warning.url})` : "";
    console.warn(`${warning.name} ${warning.code}: ${warning.message}${where}`);
  };
}

// ---------------------------------------------------------------------------
// Registrations

interface Entry<V> {
  readonly value: V;
  readonly plugin: string;
  /** The key as the plugin wrote it (normalised for standardIDs). */
  readonly key: string;
}

/** The package and factory that provide each known standard, for `VO_ERR_PLUGIN_MISSING` messages. */
const PROVIDERS: { readonly [N in StandardIdName]?: { readonly pkg: string; readonly factory: string } } = {
  TAP: { pkg: "@vo/protocol-tap", factory: "tap()" },
  UWS: { pkg: "@vo/protocol-tap", factory: "tap()" },
  VOSI_CAPABILITIES: { pkg: "@vo/protocol-tap", factory: "tap()" },
  VOSI_TABLES: { pkg: "@vo/protocol-tap", factory: "tap()" },
  VOSI_AVAILABILITY: { pkg: "@vo/protocol-tap", factory: "tap()" },
  SIA1: { pkg: "@vo/protocol-sia", factory: "sia()" },
  SIA2: { pkg: "@vo/protocol-sia", factory: "sia()" },
  SCS: { pkg: "@vo/protocol-scs", factory: "scs()" },
  SSA: { pkg: "@vo/protocol-ssa", factory: "ssa()" },
  SLA: { pkg: "@vo/protocol-ssa", factory: "ssa()" },
  DATALINK: { pkg: "@vo/datalink", factory: "datalink()" },
  SODA: { pkg: "@vo/datalink", factory: "datalink()" },
  SODA_ASYNC: { pkg: "@vo/datalink", factory: "datalink()" },
  REGTAP: { pkg: "@vo/registry", factory: "registry()" },
  SAMP: { pkg: "@vo/samp", factory: "samp()" },
};

/** The factory of a plugin package, by package name, for dependency hints. */
function factoryOf(pkg: string): string | undefined {
  return Object.values(PROVIDERS).find((p) => p.pkg === pkg)?.factory;
}

function mediaTypeKey(mediaType: string): string {
  return mediaType.trim().toLowerCase().replace(/\s*;\s*/g, ";");
}

/** Collects what the plugins register, checking conflicts; read-only once built. */
class Registrations {
  readonly services = new Map<string, Entry<ServiceFactory>>();
  readonly aliases = new Map<string, Entry<string>>();
  readonly constraints = new Map<string, Entry<ConstraintDefinition>>();
  readonly models = new Map<string, Entry<ModelDefinition>>();
  readonly decoders = new Map<string, Entry<Decoder>>();
  readonly interceptors: TransportInterceptor[] = [];
  readonly securityMethods = new Map<string, Entry<SecurityMethodDefinition>>();

  /** A registry API bound to one plugin; `seal()` makes it refuse further calls. */
  registryFor(plugin: string): { registry: PluginRegistry; seal(): void } {
    let sealed = false;
    const open = (): void => {
      if (sealed) throw new VOError(`plugin "${plugin}" tried to register after its register() returned; a client is frozen once created`);
    };
    const registry: PluginRegistry = {
      service: <S extends Service>(standardId: string, factory: ServiceFactory<S>, options: ServiceRegisterOptions = {}) => {
        open();
        if (typeof factory !== "function") throw new ParameterError(`${plugin}: service factory`, "a function", factory);
        const id = normalizeStandardId(String(standardId));
        this.#put(this.services, "service", id.toLowerCase(), id, factory, plugin, options);
        for (const alias of options.aliases ?? []) {
          const builtin = (StandardIdAliases as { readonly [a: string]: string })[alias.toLowerCase()];
          if (builtin !== undefined && builtin !== id && !options.override) {
            throw new PluginError(
              `plugin "${plugin}" registers alias "${alias}" for ${id}, but "${alias}" is the built-in alias of ${builtin}; pass { override: true } to take it`,
              { code: "VO_ERR_PLUGIN_CONFLICT", plugin, key: alias },
            );
          }
          this.#put(this.aliases, "alias", alias.toLowerCase(), alias, id, plugin, options);
        }
      },
      constraint: (keyword, definition, options = {}) => {
        open();
        const d = definition as Partial<ConstraintDefinition> | null;
        if (typeof d !== "object" || d === null || typeof d.condition !== "function" || typeof d.parse !== "function") {
          throw new ParameterError(`${plugin}: constraint ${keyword}`, "a constraint definition with parse() and condition() (@vo/registry defineConstraint)", definition);
        }
        if (d.keyword !== keyword) {
          throw new ParameterError(`${plugin}: constraint ${keyword}`, `the definition of keyword "${keyword}"`, d.keyword);
        }
        this.#put(this.constraints, "constraint", keyword, keyword, definition, plugin, options);
      },
      model: (key, definition, options = {}) => {
        open();
        this.#put(this.models, "model", key.trim().toLowerCase(), key, definition, plugin, options);
      },
      decoder: (mediaType, decoder, options = {}) => {
        open();
        if (typeof decoder !== "function") throw new ParameterError(`${plugin}: decoder`, "a function", decoder);
        this.#put(this.decoders, "decoder", mediaTypeKey(mediaType), mediaType, decoder, plugin, options);
      },
      interceptor: (interceptor) => {
        open();
        if (typeof interceptor !== "function") throw new ParameterError(`${plugin}: interceptor`, "a function", interceptor);
        this.interceptors.push(interceptor);
      },
      securityMethod: (definition, options = {}) => {
        open();
        const d = definition as Partial<SecurityMethodDefinition> | null;
        if (typeof d !== "object" || d === null || typeof d.standardId !== "string" || d.standardId === "" || typeof d.apply !== "function" || typeof d.secrets !== "function") {
          throw new ParameterError(`${plugin}: securityMethod`, "a definition with standardId, apply() and secrets()", definition);
        }
        this.#put(this.securityMethods, "security method", d.standardId, d.standardId, definition as SecurityMethodDefinition, plugin, options);
      },
    };
    return { registry, seal: () => void (sealed = true) };
  }

  #put<V>(map: Map<string, Entry<V>>, kind: string, mapKey: string, key: string, value: V, plugin: string, options: RegisterOptions): void {
    const existing = map.get(mapKey);
    if (existing && !options.override) {
      throw new PluginError(
        `plugin "${plugin}" registers ${kind} ${key}, already registered by plugin "${existing.plugin}"; ` +
          `pass { override: true } to replace it (the overriding plugin must come after "${existing.plugin}")`,
        { code: "VO_ERR_PLUGIN_CONFLICT", plugin, key },
      );
    }
    map.set(mapKey, { value, plugin, key });
  }
}

/** Checks the plugin list and registers every plugin, in order. */
function registerAll(plugins: readonly Plugin[]): Registrations {
  if (!Array.isArray(plugins)) throw new ParameterError("plugins", "an array of plugins such as [tap(), sia()]", plugins);
  const names = new Set<string>();
  plugins.forEach((plugin: unknown, i) => {
    if (typeof plugin === "function") {
      throw new ParameterError(`plugins[${i}]`, "a plugin; call the factory (tap(), not tap)", plugin);
    }
    if (typeof plugin !== "object" || plugin === null || typeof (plugin as Plugin).register !== "function") {
      throw new ParameterError(`plugins[${i}]`, "a plugin made by definePlugin()", plugin);
    }
    const { name, version, core } = plugin as Plugin;
    if (names.has(name)) {
      throw new PluginError(`plugin "${name}" is listed twice; pass each plugin once`, { code: "VO_ERR_PLUGIN_CONFLICT", plugin: name, key: name });
    }
    names.add(name);
    if (!satisfiesRange(VERSION, core)) {
      throw new PluginError(`plugin "${name}"@${version} needs @vo/core ${core}, but this is @vo/core ${VERSION}`, {
        code: "VO_ERR_PLUGIN_VERSION",
        plugin: name,
        key: core,
      });
    }
  });
  for (const plugin of plugins) {
    for (const dependency of plugin.dependencies ?? []) {
      if (names.has(dependency)) continue;
      const factory = factoryOf(dependency);
      throw new PluginError(
        `plugin "${plugin.name}" needs plugin "${dependency}"; add it to createClient({ plugins })` +
          (factory ? `: install ${dependency} and add ${factory}` : ""),
        { code: "VO_ERR_PLUGIN_DEPENDENCY", plugin: plugin.name, key: dependency, packageHint: dependency },
      );
    }
  }
  const registrations = new Registrations();
  for (const plugin of plugins) {
    const { registry, seal } = registrations.registryFor(plugin.name);
    try {
      plugin.register(registry);
    } catch (error) {
      if (error instanceof VOError) throw error;
      throw new VOError(`plugin "${plugin.name}" failed to register: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      seal();
    }
  }
  return registrations;
}

// ---------------------------------------------------------------------------
// The client

type ServiceMaker = (accessUrl: string) => Service;

class VOClient implements Client {
  readonly #container = new ClientContainer();
  readonly #plugins: readonly Plugin[];
  readonly #registrations: Registrations;
  readonly #serviceTokens = new Map<string, Token<ServiceMaker>>();
  readonly #lease: TransportLease;
  readonly #settings: Settings;
  /** Aborted by `close()`: every request in flight through this client listens to it. */
  readonly #lifetime = new AbortController();
  /** One promise per request in flight (until its body is read or cancelled), for the grace period of `close()`. */
  readonly #inFlight = new Set<Promise<void>>();
  #closed = false;
  readonly transport: Transport;
  readonly plugins: readonly PluginInfo[];

  constructor(plugins: readonly Plugin[], lease: TransportLease, settings: Settings) {
    this.#registrations = registerAll(plugins);
    this.#plugins = [...plugins];
    this.#lease = lease;
    this.#settings = settings;
    this.plugins = Object.freeze(plugins.map(({ name, version }) => Object.freeze({ name, version })));
    this.transport = this.#composeTransport();

    const c = this.#container;
    c.value(TransportToken, this.transport);
    c.value(OnWarningToken, settings.onWarning);
    c.factory(ServiceContextToken, (k) => this.#context(k));
    for (const [mapKey, entry] of this.#registrations.services) {
      const t = token<ServiceMaker>(`@vo/core:service ${entry.key}`);
      const factory = entry.value;
      c.factory(t, (k) => {
        const ctx = k.resolve(ServiceContextToken);
        return (accessUrl) => factory(ctx, accessUrl);
      });
      this.#serviceTokens.set(mapKey, t);
    }
    Object.freeze(this);
  }

  get closed(): boolean {
    return this.#closed;
  }

  service(key: string, accessUrl: string | URL): Service {
    this.#assertOpen();
    const id = this.#serviceId(key);
    const t = this.#serviceTokens.get(id.toLowerCase());
    if (!t) throw this.#missingService(key, id);
    return this.#container.resolve(t)(absoluteUrl(accessUrl));
  }

  decoder(mediaType: string): Decoder {
    this.#assertOpen();
    const entry = this.#decoderEntry(mediaType);
    if (!entry) {
      throw new PluginError(`no plugin registered a decoder for media type "${mediaType}"`, { code: "VO_ERR_PLUGIN_MISSING", key: mediaType });
    }
    return entry.value;
  }

  constraint(keyword: string): ConstraintDefinition {
    this.#assertOpen();
    const entry = this.#registrations.constraints.get(keyword);
    if (!entry) {
      throw new PluginError(
        `no plugin registered the constraint "${keyword}"; the standard constraints come with @vo/registry (add registry())`,
        { code: "VO_ERR_PLUGIN_MISSING", key: keyword, packageHint: "@vo/registry" },
      );
    }
    return entry.value;
  }

  model(key: string): ModelDefinition {
    this.#assertOpen();
    const entry = this.#registrations.models.get(key.trim().toLowerCase());
    if (!entry) throw new PluginError(`no plugin registered the data model "${key}"`, { code: "VO_ERR_PLUGIN_MISSING", key });
    return entry.value;
  }

  has(kind: RegistryKind, key: string): boolean {
    if (this.#closed) return false;
    const r = this.#registrations;
    switch (kind) {
      case "service":
        return r.services.has(this.#serviceId(key).toLowerCase());
      case "constraint":
        return r.constraints.has(key);
      case "model":
        return r.models.has(key.trim().toLowerCase());
      case "decoder":
        return this.#decoderEntry(key) !== undefined;
    }
  }

  with<const P extends readonly Plugin[]>(options: ClientWithOptions<P>): Client<ServicesOf<P>, ConstraintsOf<P>> {
    this.#assertOpen();
    const added = options.plugins;
    const kept = this.#plugins.filter((p) => !added.some((a) => a.name === p.name));
    const lease = this.#lease.acquire();
    try {
      return new VOClient([...kept, ...added], lease, this.#settings) as unknown as Client<ServicesOf<P>, ConstraintsOf<P>>;
    } catch (error) {
      void lease.release();
      throw error;
    }
  }

  async close(options: CloseOptions = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const grace = options.graceMs ?? 0;
    if (grace > 0 && this.#inFlight.size > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.all(this.#inFlight), new Promise((resolve) => (timer = setTimeout(resolve, grace)))]);
      clearTimeout(timer);
    }
    this.#lifetime.abort(closedReason("client"));
    await this.#container.dispose();
    await this.#lease.release();
  }

  #assertOpen(): void {
    if (this.#closed) throw new VOError("the client is closed", { code: "VO_ERR_CLOSED" });
  }

  /** A plugin-registered alias first, then the built-in aliases and standardID normalisation. */
  #serviceId(key: string): string {
    return this.#registrations.aliases.get(key.trim().toLowerCase())?.value ?? normalizeStandardId(key);
  }

  #decoderEntry(mediaType: string): Entry<Decoder> | undefined {
    const k = mediaTypeKey(mediaType);
    const decoders = this.#registrations.decoders;
    return decoders.get(k) ?? decoders.get(k.split(";")[0] ?? k);
  }

  #missingService(key: string, id: string): PluginError {
    const name = standardIdName(id);
    const provider = name ? PROVIDERS[name] : undefined;
    const asked = key === id ? "" : ` (asked for as "${key}")`;
    const known = [...this.#registrations.services.values()].map((e) => shortenStandardId(e.key));
    const registered = known.length ? ` This client has: ${known.join(", ")}.` : " This client has no service plugins.";
    const fix = provider
      ? `install ${provider.pkg} and add ${provider.factory} to createClient({ plugins })`
      : "add a plugin that registers it to createClient({ plugins })";
    return new PluginError(`no plugin provides the service ${id}${asked}: ${fix}.${registered}`, {
      code: "VO_ERR_PLUGIN_MISSING",
      key: id,
      ...(provider ? { packageHint: provider.pkg } : {}),
    });
  }

  #composeTransport(): Transport {
    const base = this.#lease.base;
    const interceptors = [...this.#registrations.interceptors];
    const userAgent = this.#settings.userAgent;
    if (userAgent !== undefined) interceptors.unshift(userAgentInterceptor(userAgent));
    const methods = this.#registrations.securityMethods;
    const context: InterceptorContext = Object.freeze({ securityMethod: (id: string) => methods.get(id)?.value });
    const send = interceptors.reduceRight<RequestHandler>((next, interceptor) => interceptor(next, context), (request) => base.request(request));
    return Object.freeze({
      request: async (request: TransportRequest) => {
        this.#assertOpen();
        return this.#track(request, send);
      },
      close: async () => {},
    });
  }

  /** Sends a request that `close()` can end: its signal follows the client's lifetime until its body is done. */
  async #track(request: TransportRequest, send: RequestHandler): Promise<TransportResponse> {
    const link = linkSignals(request.signal, this.#lifetime.signal);
    let finish!: () => void;
    const settled = new Promise<void>((resolve) => (finish = resolve));
    this.#inFlight.add(settled);
    const done = (): void => {
      link.dispose();
      this.#inFlight.delete(settled);
      finish();
    };
    const url = (): URL => new URL(String(request.url));
    try {
      const response = await send({ ...request, signal: link.signal });
      return trackedResponse(response, done, (err) => closedWhileInFlight(err, url()));
    } catch (err) {
      done();
      throw closedWhileInFlight(err, url());
    }
  }

  #context(container: ClientContainer): ServiceContext {
    return Object.freeze({
      transport: container.resolve(TransportToken),
      onWarning: container.resolve(OnWarningToken),
      service: (key: string, accessUrl: string | URL) => this.service(key, accessUrl),
      decoder: (mediaType: string) => this.decoder(mediaType),
      constraint: (keyword: string) => this.constraint(keyword),
      model: (key: string) => this.model(key),
      has: (kind: RegistryKind, key: string) => this.has(kind, key),
    });
  }
}

/** A signal aborted by whichever of `a` and `b` aborts first, with its reason; `dispose()` detaches it. */
function linkSignals(a: AbortSignal | undefined, b: AbortSignal): { signal: AbortSignal; dispose(): void } {
  if (!a) return { signal: b, dispose: () => undefined };
  const controller = new AbortController();
  const sources = [a, b];
  const onAbort = (event: Event): void => controller.abort((event.target as AbortSignal).reason);
  const dispose = (): void => sources.forEach((s) => s.removeEventListener("abort", onAbort));
  const first = sources.find((s) => s.aborted);
  if (first) controller.abort(first.reason);
  else sources.forEach((s) => s.addEventListener("abort", onAbort, { once: true }));
  return { signal: controller.signal, dispose };
}

/** `response` with `done` called once its body has been read, has failed or was cancelled; body errors pass `mapError`. */
function trackedResponse(response: TransportResponse, done: () => void, mapError: (err: unknown) => unknown): TransportResponse {
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    done();
  };
  async function* body(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of response.body) yield chunk;
    } catch (err) {
      throw mapError(err);
    } finally {
      end();
    }
  }
  const settle = async <T>(reading: Promise<T>): Promise<T> => {
    try {
      return await reading;
    } catch (err) {
      throw mapError(err);
    } finally {
      end();
    }
  };
  let iterable: AsyncGenerator<Uint8Array> | undefined;
  return {
    status: response.status,
    statusText: response.statusText,
    url: response.url,
    headers: response.headers,
    body: {
      [Symbol.asyncIterator]: () => {
        if (iterable) return response.body[Symbol.asyncIterator](); // throws "already read" as the transport does
        iterable = body();
        return iterable;
      },
    },
    bytes: () => settle(response.bytes()),
    text: () => settle(response.text()),
    cancel: async () => {
      try {
        if (iterable) await iterable.return(undefined);
        else await response.cancel();
      } finally {
        end();
      }
    },
  };
}

function absoluteUrl(accessUrl: string | URL): string {
  const text = String(accessUrl);
  if (!URL.canParse(text)) throw new ParameterError("accessUrl", "an absolute URL", accessUrl);
  return text;
}

function userAgentInterceptor(userAgent: string): TransportInterceptor {
  return (next) => (request) => {
    const headers = request.headers ?? {};
    if (Object.keys(headers).some((h) => h.toLowerCase() === "user-agent")) return next(request);
    return next({ ...request, headers: { ...headers, "user-agent": userAgent } });
  };
}

/**
 * The credentials of one client (pyVO's `CredentialStore`), each bound to the origin or URL prefix it was given
 * for: HTTP Basic, bearer tokens, cookies (a real cookie jar), TLS client certificates, the browser's own
 * credentials, and custom methods. Every secret is registered with `registerSecret`, so no @vo error or warning
 * ever shows it. Nothing is written to disk.
 */
import { ParameterError, forgetSecret, registerSecret } from "@vo/core";
import type { AppliedCredentials, ClientCertificate, InterceptorContext, SecurityMethodDefinition } from "@vo/core";
import { CookieJar } from "./cookie-jar.js";
import type { SetCookieOptions } from "./cookie-jar.js";
import { inScope, parseScope, specificity } from "./scope.js";
import type { Scope } from "./scope.js";
import { METHOD_PREFERENCE, SecurityMethod } from "./security-method.js";
import type { SecurityMethodId } from "./security-method.js";

/**
 * A security method of your own (a signed header, an API key, a token that refreshes), stored with
 * {@link CredentialStore.set} under its standardID.
 */
export interface CustomSecurityMethod {
  /** The headers (and/or certificate) for a request to `url`, which is always in the scope the method was set for. */
  credentialsFor(url: URL): Omit<AppliedCredentials, "method"> | Promise<Omit<AppliedCredentials, "method">>;
  /** Values to keep out of every message (e.g. the API key), registered with `registerSecret` when the method is set. */
  readonly secrets?: readonly string[];
}

/** One stored credential. */
interface Entry {
  readonly method: string;
  readonly scope: Scope;
  readonly apply: (url: URL) => Omit<AppliedCredentials, "method"> | Promise<Omit<AppliedCredentials, "method">>;
  readonly secrets: readonly string[];
  /** Custom methods: registers the header values they produce (the first {@link MAX_SEEN_VALUES} distinct ones). */
  readonly seen?: (values: readonly string[]) => void;
  /** Credentials of a plugin's method: usable only once a client's plugin defines it. */
  readonly plugin?: { readonly credential: unknown; registered: readonly string[] };
}

/** How many distinct header values of a custom method are registered as secrets (a per-request signature is not kept forever). */
const MAX_SEEN_VALUES = 64;

/** Registers as secrets the header values a custom method produces: each once, the first MAX_SEEN_VALUES distinct ones. */
function secretRecorder(): (values: readonly string[]) => void {
  const registered = new Set<string>();
  return (values) => {
    for (const value of values) {
      if (registered.size >= MAX_SEEN_VALUES || registered.has(value)) continue;
      registered.add(value);
      registerSecret(value);
    }
  };
}

/** A credential that fits a URL, as {@link CredentialStore.candidates} lists them. */
export interface Candidate {
  /** The security method's standardID. */
  readonly method: string;
  /** The scope it was set for, e.g. `https://archive.example.org/tap`. */
  readonly scope: string;
}

/** Credentials per security method and scope, plus one cookie jar. */
export class CredentialStore {
  #entries: Entry[] = [];
  #jar = new CookieJar();
  readonly #sources = new Set<InterceptorContext>();

  /** The cookie jar: cookies set here or by servers (`Set-Cookie`), sent by the cookie rules. */
  get cookies(): CookieJar {
    return this.#jar;
  }

  /**
   * HTTP Basic credentials (`ivo://ivoa.net/sso#BasicAA`) for `scope`: an origin, or a URL prefix such as the
   * service's base URL (`https://archive.example.org/tap` also covers `/tap/sync` and every job URL).
   * @throws {ParameterError} when the user name holds a colon or `scope` is not an http(s) URL.
   */
  setPassword(username: string, password: string, scope: string | URL): void {
    if (username.includes(":")) throw new ParameterError("username", "a user name without ':' (HTTP Basic)", username);
    const encoded = base64(`${username}:${password}`);
    const header = `Basic ${encoded}`;
    this.#put({ method: SecurityMethod.BASIC, scope: parseScope(scope), apply: () => ({ headers: { authorization: header } }), secrets: [password, encoded] });
  }

  /**
   * A bearer token (`ivo://ivoa.net/sso#token`, `Authorization: Bearer …`) for `scope`.
   * @throws {ParameterError} for an empty token or one with whitespace.
   */
  setToken(token: string, scope: string | URL): void {
    if (token === "" || /\s/.test(token)) throw new ParameterError("token", "a non-empty token without whitespace", "[REDACTED]");
    const header = `Bearer ${token}`;
    this.#put({ method: SecurityMethod.TOKEN, scope: parseScope(scope), apply: () => ({ headers: { authorization: header } }), secrets: [token] });
  }

  /**
   * A cookie (pyVO's `set_cookie`): for a `domain` (and its subdomains) and `path`, or host-only for a `url`.
   * Stored in the jar with the cookies servers set.
   */
  setCookie(name: string, value: string, options: SetCookieOptions): void {
    this.#jar.set(name, value, options);
  }

  /** Replaces the cookie jar (e.g. with `CookieJar.fromJSON(saved)`). */
  setCookieJar(jar: CookieJar): void {
    this.#jar = jar;
  }

  /**
   * A TLS client certificate (`ivo://ivoa.net/sso#tls-with-certificate`) for `scope`: PEM `cert` + `key`, or a
   * PKCS#12 `pfx`, with its `passphrase`. Needs the undici transport (Node's default); in browsers use
   * {@link useBrowserCredentials}, as the browser holds the certificates.
   * @throws {ParameterError} without `cert` + `key` or `pfx`.
   */
  setClientCertificate(certificate: ClientCertificate, scope: string | URL): void {
    const hasPem = certificate.cert !== undefined && certificate.key !== undefined;
    if (!hasPem && certificate.pfx === undefined) {
      throw new ParameterError("certificate", "PEM `cert` and `key`, or a PKCS#12 `pfx`", Object.keys(certificate).join(", "));
    }
    const frozen: ClientCertificate = Object.freeze({ ...certificate });
    const secrets = certificate.passphrase === undefined ? [] : [certificate.passphrase];
    this.#put({ method: SecurityMethod.CLIENT_CERTIFICATE, scope: parseScope(scope), apply: () => ({ clientCertificate: frozen }), secrets });
  }

  /**
   * Browsers: send the browser's own credentials (its cookies and client certificates) to `scope`, with
   * `fetch(…, { credentials: "include" })`. The service must allow it by CORS (`Access-Control-Allow-Credentials`).
   */
  useBrowserCredentials(scope: string | URL): void {
    this.#put({ method: SecurityMethod.COOKIE, scope: parseScope(scope), apply: () => ({ includeBrowserCredentials: true }), secrets: [] });
  }

  /**
   * A custom security method under its standardID (pyVO's `set(method_uri, …)`): anything that puts a header or
   * a certificate on a request, such as a signed header or a token that refreshes.
   */
  set(methodId: SecurityMethodId, method: CustomSecurityMethod, scope: string | URL): void {
    if (typeof method?.credentialsFor !== "function") throw new ParameterError("method", "an object with credentialsFor(url)", method);
    const seen = secretRecorder();
    this.#put({ method: methodId, scope: parseScope(scope), apply: (url) => method.credentialsFor(url), secrets: method.secrets ?? [], seen });
  }

  /**
   * A credential for a security method a plugin defines (`registry.securityMethod`, e.g. an API-key header):
   * used for URLs in `scope` once a client with that plugin sends a request, with the plugin's `apply`; its
   * secrets (the plugin's `secrets(credential)` and the header values it makes) are kept out of every message.
   */
  setCredential<C>(method: SecurityMethodDefinition<C> | SecurityMethodId, credential: C, scope: string | URL): void {
    const methodId = typeof method === "string" ? method : method.standardId;
    if (typeof methodId !== "string" || methodId === "") throw new ParameterError("method", "a security method standardID or definition", method);
    const seen = secretRecorder();
    const plugin = { credential, registered: [] as readonly string[] };
    const apply = (url: URL): Omit<AppliedCredentials, "method"> | Promise<Omit<AppliedCredentials, "method">> => {
      const definition = this.#definition(methodId);
      if (!definition) throw new ParameterError("method", `a plugin that defines ${methodId}`, methodId);
      this.#registerPluginSecrets(plugin, definition);
      return definition.apply(credential, url);
    };
    this.#put({ method: methodId, scope: parseScope(scope), apply, secrets: [], seen, plugin });
    const definition = this.#definition(methodId);
    if (definition) this.#registerPluginSecrets(plugin, definition);
  }

  /**
   * Lets this store use the security methods a client's plugins define (the `auth()` interceptor does it).
   * @internal
   */
  useDefinitions(context: InterceptorContext): void {
    if (this.#sources.has(context)) return;
    this.#sources.add(context);
    for (const entry of this.#entries) {
      const definition = entry.plugin && this.#definition(entry.method);
      if (entry.plugin && definition) this.#registerPluginSecrets(entry.plugin, definition);
    }
  }

  /** Removes the credentials of a method (for one scope, or all of them); cookies are removed with `cookies.delete()`. */
  remove(methodId: SecurityMethodId, scope?: string | URL): void {
    const only = scope === undefined ? undefined : parseScope(scope).text;
    const [gone, kept] = partition(this.#entries, (e) => e.method === methodId && (only === undefined || e.scope.text === only));
    this.#entries = kept;
    for (const entry of gone) for (const secret of [...entry.secrets, ...(entry.plugin?.registered ?? [])]) forgetSecret(secret);
  }

  /** The methods that have credentials for `url`, most preferred first: the most specific scope, then custom methods, certificate, token, Basic, browser credentials. */
  candidates(url: string | URL): Candidate[] {
    const u = new URL(String(url));
    return this.#fitting(u).map((e) => ({ method: e.method, scope: e.scope.text }));
  }

  /** Whether there are credentials of `methodId` for `url` (the cookie method counts the jar's cookies too). */
  has(methodId: SecurityMethodId, url: string | URL): boolean {
    const u = new URL(String(url));
    if (methodId === SecurityMethod.COOKIE && this.#jar.headerFor(u) !== undefined) return true;
    return this.#fitting(u).some((e) => e.method === methodId);
  }

  /**
   * pyVO's `negotiate_method`: the first of `allowed` (standardIDs; "" is anonymous) that has credentials for
   * `url`, in this store's order of preference; "" when only anonymous access fits; undefined when nothing does.
   */
  negotiateMethod(allowed: readonly string[], url: string | URL): string | undefined {
    const u = new URL(String(url));
    const fit = this.#fitting(u).find((e) => allowed.includes(e.method));
    if (fit) return fit.method;
    if (allowed.includes(SecurityMethod.COOKIE) && this.#jar.headerFor(u) !== undefined) return SecurityMethod.COOKIE;
    return allowed.includes(SecurityMethod.ANONYMOUS) ? SecurityMethod.ANONYMOUS : undefined;
  }

  /**
   * The credentials of `method` for `url` (the most specific scope wins), with the jar's cookies added; only
   * the jar's cookies for `method` undefined. Undefined when nothing applies.
   * @internal used by AuthSession
   */
  async apply(method: string | undefined, url: URL): Promise<AppliedCredentials | undefined> {
    const entry = method === undefined ? undefined : this.#fitting(url).find((e) => e.method === method);
    const cookie = this.#jar.headerFor(url);
    if (!entry) return cookie === undefined ? undefined : { method: SecurityMethod.COOKIE, headers: { cookie } };
    const applied = await entry.apply(url);
    const headers: Record<string, string> = { ...applied.headers };
    entry.seen?.(Object.values(headers));
    if (cookie !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "cookie")) headers.cookie = cookie;
    return { ...applied, method: entry.method, headers };
  }

  #definition(methodId: string): SecurityMethodDefinition | undefined {
    for (const source of this.#sources) {
      const definition = source.securityMethod(methodId);
      if (definition) return definition;
    }
    return undefined;
  }

  #registerPluginSecrets(plugin: { readonly credential: unknown; registered: readonly string[] }, definition: SecurityMethodDefinition): void {
    if (plugin.registered.length) return;
    const secrets = definition.secrets(plugin.credential).filter((v) => typeof v === "string" && v !== "");
    for (const secret of secrets) registerSecret(secret);
    plugin.registered = secrets;
  }

  /** Entries whose scope holds `url` (a plugin's method only when a plugin defines it): the most specific scope first, then by method preference. */
  #fitting(url: URL): Entry[] {
    return this.#entries.filter((e) => inScope(e.scope, url) && (!e.plugin || this.#definition(e.method) !== undefined)).sort((a, b) => specificity(b.scope) - specificity(a.scope) || rank(a.method) - rank(b.method));
  }

  #put(entry: Entry): void {
    for (const secret of entry.secrets) registerSecret(secret);
    const [replaced, kept] = partition(this.#entries, (e) => e.method === entry.method && e.scope.text === entry.scope.text);
    for (const old of replaced) for (const secret of [...old.secrets, ...(old.plugin?.registered ?? [])]) forgetSecret(secret);
    this.#entries = [...kept, entry];
  }
}

/** Custom methods first (the user added them on purpose), then the built-ins in {@link METHOD_PREFERENCE} order. */
function rank(method: string): number {
  const i = METHOD_PREFERENCE.indexOf(method);
  return i < 0 ? -1 : i;
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}

/** Base64 of the UTF-8 bytes of `text` (no Node Buffer: this runs in browsers too). */
function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

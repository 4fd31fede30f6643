/**
 * pyVO's `AuthSession`: a credential store plus the URL → security method map, deciding for each request which
 * credentials go with it. It acts in the transport layer (`TransportRequest.auth`), so every protocol, every
 * UWS job URL, datalink, SODA and dataset downloads get it without knowing about it.
 */
import { DALAuthError } from "@vo/core";
import type { AppliedCredentials, RequestAuth, RequestHandler, Transport, TransportInterceptor, TransportRequest, TransportResponse, VOSICapability, VOSIInterface } from "@vo/core";
import { AuthURLs } from "./auth-urls.js";
import { CapabilityCache } from "./discovery.js";
import { CredentialStore } from "./credential-store.js";
import { inScope, parseScope, specificity } from "./scope.js";
import type { Scope } from "./scope.js";
import { SecurityMethod } from "./security-method.js";
import type { SecurityMethodId } from "./security-method.js";

/** Options of {@link AuthSession}. */
export interface AuthSessionOptions {
  /** A store to use (default: a new, empty one). */
  credentials?: CredentialStore;
  /**
   * On a 401/403, read the service's VOSI capabilities (once per service) to learn its security methods and
   * interfaces, then retry once with the interface and credentials that match (default true).
   */
  discover?: boolean;
}

/** What {@link AuthSession.selectInterface} chose. */
export interface InterfaceChoice {
  /** The capability the interface belongs to. */
  readonly capability: VOSICapability;
  /** The chosen interface. */
  readonly interface: VOSIInterface;
  /** Its (first) access URL. */
  readonly accessUrl: string;
  /** The security method that will be used there ("" for anonymous). */
  readonly securityMethod: string;
}

/**
 * Credentials and security methods for one client.
 *
 * Per request URL: a method pinned for the URL's prefix wins; else, when the service declared methods (VOSI
 * capabilities, {@link addSecurityMethodForUrl}), the first declared method with credentials for the URL; else
 * the best credential scoped to the URL. Cookies in the jar go where the cookie rules send them. Credentials
 * never reach a URL outside the scope they were set for, and never follow a redirect to another origin.
 *
 * @example
 * const session = new AuthSession();
 * session.credentials.setPassword("alice", process.env.ARCHIVE_PASSWORD!, "https://archive.example.org/tap");
 * const vo = createClient({ plugins: [tap(), auth(session)] as const });
 */
export class AuthSession {
  /** The credentials (pyVO's `credentials`). */
  readonly credentials: CredentialStore;
  /** The URL → security methods map (from capabilities and {@link addSecurityMethodForUrl}). */
  readonly urls = new AuthURLs();
  readonly #pins: { scope: Scope; method: string }[] = [];
  readonly #discover: boolean;
  readonly #capabilities = new CapabilityCache();

  /** What the transport consults on every hop of every request; see `TransportRequest.auth`. */
  readonly requestAuth: RequestAuth;

  constructor(options: AuthSessionOptions = {}) {
    this.credentials = options.credentials ?? new CredentialStore();
    this.#discover = options.discover ?? true;
    this.requestAuth = Object.freeze({
      credentialsFor: (url: URL) => this.credentialsFor(url),
      securityMethodsFor: (url: URL) => this.urls.declared(url) ?? [],
      onResponse: (url: URL, headers: Headers) => {
        const cookies = setCookieValues(headers);
        if (cookies.length) this.credentials.cookies.setFromResponse(url, cookies);
      },
    });
  }

  /** Declares that `url` (and, unless `exact`, every URL below it) accepts `method` (pyVO's `add_security_method_for_url`). */
  addSecurityMethodForUrl(url: string | URL, method: SecurityMethodId, options: { exact?: boolean } = {}): void {
    this.urls.add(url, method, options.exact ?? false);
  }

  /** Uses `method` for every URL under `prefix`, whatever the service declares (`SecurityMethod.ANONYMOUS` sends nothing there). */
  pinSecurityMethod(prefix: string | URL, method: SecurityMethodId): void {
    const scope = parseScope(prefix, "prefix");
    const i = this.#pins.findIndex((p) => p.scope.text === scope.text);
    if (i >= 0) this.#pins.splice(i, 1);
    this.#pins.push({ scope, method });
  }

  /**
   * Learns the security methods of each interface from VOSI capabilities (pyVO's `update_from_capabilities`):
   * every accessURL becomes a prefix accepting the interface's methods (anonymous when it lists none). Takes
   * core's `parseVOSICapabilities` list or anything holding one, such as `await tapService.capabilities()`.
   */
  updateFromCapabilities(capabilities: readonly VOSICapability[] | { readonly capabilities: readonly VOSICapability[] }): void {
    const list = "capabilities" in capabilities ? capabilities.capabilities : capabilities;
    for (const capability of list) {
      for (const iface of capability.interfaces) {
        const methods = iface.securityMethods.length ? iface.securityMethods : [SecurityMethod.ANONYMOUS];
        for (const access of iface.accessUrls) {
          if (!URL.canParse(access.url)) continue;
          for (const method of methods) this.urls.add(access.url, method);
        }
      }
    }
  }

  /** pyVO's `allowed_auth_methods`: the methods declared for `url` (anonymous alone when none is). */
  allowedAuthMethods(url: string | URL): string[] {
    return this.urls.allowedAuthMethods(url);
  }

  /**
   * The security method a request to `url` will use: a pinned one, else the first declared method this session
   * has credentials for, else the best credential scoped to `url`. "" means anonymous (the jar's cookies still
   * go by the cookie rules).
   */
  methodFor(url: string | URL): string {
    const u = new URL(String(url));
    const pin = this.#pinFor(u);
    if (pin !== undefined) return pin;
    const declared = this.urls.declared(u);
    if (declared) return this.credentials.negotiateMethod(declared, u) ?? SecurityMethod.ANONYMOUS;
    return this.credentials.candidates(u)[0]?.method ?? SecurityMethod.ANONYMOUS;
  }

  /** The credentials for a request to `url` (what the transport asks on every hop). */
  async credentialsFor(url: URL): Promise<AppliedCredentials | undefined> {
    if (this.#pinFor(url) === SecurityMethod.ANONYMOUS) return undefined;
    const method = this.methodFor(url);
    return this.credentials.apply(method === SecurityMethod.ANONYMOUS ? undefined : method, url);
  }

  /**
   * Picks, among the interfaces of the capabilities with `standardId` (any when undefined), the one this session
   * can use: an interface whose security methods it has credentials for is preferred (the authenticated
   * interface of an archive that has both), then an anonymous one; standard interfaces (`role="std"`) first.
   * Undefined when no interface can be used.
   */
  selectInterface(capabilities: readonly VOSICapability[], standardId?: string): InterfaceChoice | undefined {
    const wanted = standardId?.toLowerCase();
    let anonymous: InterfaceChoice | undefined;
    for (const capability of capabilities) {
      if (wanted !== undefined && !capability.standardId?.toLowerCase().startsWith(wanted)) continue;
      const interfaces = [...capability.interfaces].sort((a, b) => Number(b.role === "std") - Number(a.role === "std"));
      for (const iface of interfaces) {
        const accessUrl = iface.accessUrls[0]?.url;
        if (accessUrl === undefined || !URL.canParse(accessUrl)) continue;
        const methods = iface.securityMethods.length ? iface.securityMethods : [SecurityMethod.ANONYMOUS];
        const method = this.credentials.negotiateMethod(methods, accessUrl);
        if (method === undefined) continue;
        const choice = { capability, interface: iface, accessUrl, securityMethod: method };
        if (method !== SecurityMethod.ANONYMOUS) return choice;
        anonymous ??= choice;
      }
    }
    return anonymous;
  }

  /**
   * A transport interceptor that attaches this session to every request (what the `auth()` plugin registers).
   * When a request meets a 401/403 and the service has not been looked at yet, it reads the service's VOSI
   * capabilities (`<parent>/capabilities`, up to four levels above the URL, each read once and cached), learns the
   * methods each interface declares and the methods the `WWW-Authenticate` challenge names, and sends the request
   * once more if that changes the interface or the credentials (never more than once; a streamed body is not
   * sent twice). A pin ({@link pinSecurityMethod}) still wins.
   */
  readonly interceptor: TransportInterceptor = (next, context) => {
    if (context) this.credentials.useDefinitions(context);
    return (request) => this.#send(request, next);
  };

  #send(request: TransportRequest, next: RequestHandler): Promise<TransportResponse> {
    if (request.auth) return next(request);
    const sent = { ...request, auth: this.requestAuth };
    return this.#discover ? this.#withDiscovery(sent, next) : next(sent);
  }

  async #withDiscovery(request: TransportRequest, next: RequestHandler): Promise<TransportResponse> {
    const url = new URL(String(request.url));
    const fresh = !this.#capabilities.tried(url);
    try {
      return await next(request);
    } catch (error) {
      if (!(error instanceof DALAuthError) || !replayable(request) || request.signal?.aborted) throw error;
      const before = this.methodFor(url);
      // The capabilities are read with what the challenge asks for, when this session has it.
      const challenged = this.credentials.negotiateMethod(error.securityMethods, url);
      const readAuth: RequestAuth = {
        credentialsFor: (u) => (challenged ? this.credentials.apply(challenged, u) : this.credentialsFor(u)),
      };
      const found = fresh ? await this.#capabilities.find(url, next, readAuth, request.signal) : undefined;
      if (found) this.updateFromCapabilities(found.capabilities);
      if (!this.urls.declared(url) && error.securityMethods.length) {
        for (const method of error.securityMethods) this.urls.add(url, method, true);
      }
      const target = (found && this.#pinFor(url) === undefined && this.#switchInterface(url, found.capabilities)) || url;
      // Sent again only when something changed, or once after a first capabilities read (so the error names
      // what the service declares).
      if (target.href === url.href && this.methodFor(target) === before && !found) throw error;
      return next({ ...request, url: target });
    }
  }

  /**
   * `url` moved to the interface this session should use: the capability interface whose access URL is the
   * longest prefix of `url`, replaced by the interface {@link selectInterface} picks in that capability (same
   * origin only; never for a pinned URL). Undefined when `url` stays.
   */
  #switchInterface(url: URL, capabilities: readonly VOSICapability[]): URL | undefined {
    let best: { capability: VOSICapability; access: string } | undefined;
    for (const capability of capabilities) {
      for (const iface of capability.interfaces) {
        for (const { url: access } of iface.accessUrls) {
          if (!URL.canParse(access) || !underPrefix(url, access)) continue;
          if (!best || access.length > best.access.length) best = { capability, access };
        }
      }
    }
    if (!best) return undefined;
    const choice = this.selectInterface([best.capability]);
    if (!choice || choice.accessUrl === best.access) return undefined;
    const to = new URL(choice.accessUrl);
    if (to.origin !== url.origin) return undefined;
    const from = new URL(best.access);
    const rest = url.href.slice(from.href.replace(/\/$/, "").length);
    return new URL(to.href.replace(/\/$/, "") + rest);
  }

  /** `transport` with this session on every request, for code that uses a bare transport rather than a client. */
  wrap(transport: Transport): Transport {
    const send = this.interceptor((request) => transport.request(request));
    return { request: send, close: () => transport.close() };
  }

  #pinFor(url: URL): string | undefined {
    let best: { scope: Scope; method: string } | undefined;
    for (const pin of this.#pins) {
      if (inScope(pin.scope, url) && (!best || specificity(pin.scope) > specificity(best.scope))) best = pin;
    }
    return best?.method;
  }
}

/** Whether `url` is `prefix` or below it (path-segment boundaries; query ignored). */
function underPrefix(url: URL, prefix: string): boolean {
  const p = new URL(prefix);
  if (p.origin !== url.origin) return false;
  const base = p.pathname.replace(/\/$/, "");
  return url.pathname === base || url.pathname.startsWith(`${base}/`) || base === "";
}

/** Whether a request can be sent a second time (a streamed body cannot). */
function replayable(request: TransportRequest): boolean {
  const body = request.body;
  return body === undefined || typeof body === "string" || body instanceof Uint8Array || body instanceof URLSearchParams || (typeof FormData !== "undefined" && body instanceof FormData);
}

/** The Set-Cookie values of a response (several headers, never joined). */
function setCookieValues(headers: Headers): string[] {
  const all = (headers as Headers & { getSetCookie?: () => string[] }).getSetCookie?.();
  if (all) return all;
  const one = headers.get("set-cookie");
  return one === null ? [] : [one];
}

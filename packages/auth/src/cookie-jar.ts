/**
 * A cookie jar that follows the cookie rules of RFC 6265 (§5.2–5.4) as a non-browser client does: Domain (with
 * host-only cookies when it is absent), Path (with the default path), Secure, Expires and Max-Age. SameSite and
 * HttpOnly concern scripts in browsers and are ignored. Without a public-suffix list, a Domain attribute is
 * accepted only when it names the responding host or a parent of it with at least one dot; cookies for an IP
 * address are host-only. The jar lives in memory: it is written nowhere unless you save `toJSON()` yourself.
 */
import { ParameterError, forgetSecret, registerSecret } from "@vo/core";

/** A stored cookie. */
export interface Cookie {
  readonly name: string;
  readonly value: string;
  /** Lower-case host (host-only) or domain, without a leading dot. */
  readonly domain: string;
  /** True when the cookie goes to `domain` exactly (no Domain attribute was given). */
  readonly hostOnly: boolean;
  /** The path prefix, starting with "/". */
  readonly path: string;
  /** Only over https (and to loopback hosts). */
  readonly secure: boolean;
  /** Expiry in ms since the epoch; undefined for a session cookie. */
  readonly expires: number | undefined;
  /** Creation time, for ordering. */
  readonly created: number;
}

/** Options of {@link CookieJar.set}. */
export interface SetCookieOptions {
  /** A URL the cookie is for: host-only for its host, path from its path. Give this or `domain`. */
  url?: string | URL;
  /** The domain (and its subdomains) the cookie goes to. */
  domain?: string;
  /** The path prefix (default "/"). */
  path?: string;
  /** Only over https. */
  secure?: boolean;
  /** Expiry; a session cookie when absent. */
  expires?: Date | number;
}

/** The cookies of a jar as plain data, for saving where you choose. */
export type CookieJarJSON = readonly Cookie[];

/** RFC 6265 cookie storage for one client. */
export class CookieJar {
  #cookies: Cookie[] = [];
  /** Clock, for tests. */
  readonly #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  /** The number of cookies stored (expired ones dropped first). */
  get size(): number {
    this.#purge();
    return this.#cookies.length;
  }

  /**
   * Stores a cookie given by the user (pyVO's `set_cookie`).
   * @throws {ParameterError} without `url` or `domain`, or with a name or value a Cookie header cannot carry.
   */
  set(name: string, value: string, options: SetCookieOptions): void {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new ParameterError("name", "a cookie name (an HTTP token)", name);
    if (/[\s;,"\\]|[^\x21-\x7e]/.test(value)) throw new ParameterError("value", "a cookie value without spaces, ';', ',', '\"' or '\\'", "[REDACTED]");
    let domain: string;
    let hostOnly: boolean;
    let path = options.path ?? "/";
    if (options.domain !== undefined && options.domain.replace(/^\./, "") !== "") {
      domain = options.domain.replace(/^\./, "").toLowerCase();
      hostOnly = false;
    } else if (options.url !== undefined) {
      const url = new URL(String(options.url));
      domain = url.hostname.toLowerCase();
      hostOnly = true;
      if (options.path === undefined) path = defaultPath(url.pathname);
    } else {
      throw new ParameterError("options", "a `domain` or a `url` the cookie is for", options);
    }
    if (!path.startsWith("/")) throw new ParameterError("path", "a path starting with /", path);
    const expires = options.expires === undefined ? undefined : Number(options.expires);
    this.#store({ name, value, domain, hostOnly, path, secure: options.secure ?? false, expires, created: this.#now() });
  }

  /**
   * Stores the cookies of `Set-Cookie` header values received from `url`, by the RFC 6265 rules; a cookie the
   * rules reject is ignored (as browsers do).
   */
  setFromResponse(url: URL, setCookieHeaders: readonly string[]): void {
    for (const header of setCookieHeaders) {
      const cookie = parseSetCookie(header, url, this.#now());
      if (cookie) this.#store(cookie);
    }
  }

  /** The cookies that go with a request to `url`: longest path first, then oldest first. */
  cookiesFor(url: URL): Cookie[] {
    this.#purge();
    const host = url.hostname.toLowerCase();
    const secureChannel = url.protocol === "https:" || isLoopback(host);
    return this.#cookies
      .filter((c) => (c.hostOnly ? host === c.domain : domainMatch(host, c.domain)))
      .filter((c) => pathMatch(url.pathname || "/", c.path))
      .filter((c) => !c.secure || secureChannel)
      .sort((a, b) => b.path.length - a.path.length || a.created - b.created);
  }

  /** The `Cookie` header value for `url`, or undefined when no cookie goes there. */
  headerFor(url: URL): string | undefined {
    const cookies = this.cookiesFor(url);
    return cookies.length === 0 ? undefined : cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  }

  /** Removes cookies: all, or those with this name (and domain). */
  delete(name?: string, domain?: string): void {
    const host = domain?.replace(/^\./, "").toLowerCase();
    this.#drop((c) => (name === undefined || c.name === name) && (host === undefined || c.domain === host));
  }

  /** The stored cookies as plain data (session cookies included); nothing is written anywhere by the jar itself. */
  toJSON(): CookieJarJSON {
    this.#purge();
    return this.#cookies.map((c) => ({ ...c }));
  }

  /** A jar holding cookies saved with `toJSON()`. */
  static fromJSON(cookies: CookieJarJSON): CookieJar {
    const jar = new CookieJar();
    for (const c of cookies) jar.#store({ ...c });
    return jar;
  }

  #store(cookie: Cookie): void {
    const same = (c: Cookie): boolean => c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path;
    this.#drop(same);
    if (cookie.expires === undefined || cookie.expires > this.#now()) {
      registerSecret(cookie.value);
      this.#cookies.push(Object.freeze(cookie));
    }
  }

  #purge(): void {
    const now = this.#now();
    this.#drop((c) => c.expires !== undefined && c.expires <= now);
  }

  /** Removes the cookies `gone` selects and unregisters their values (a server that rotates its session cookie does not grow the secret registry). */
  #drop(gone: (c: Cookie) => boolean): void {
    const kept = this.#cookies.filter((c) => !gone(c));
    const removed = this.#cookies.filter(gone);
    this.#cookies = kept;
    for (const c of removed) forgetSecret(c.value);
  }
}

/** Parses one Set-Cookie value received from `url` (RFC 6265 §5.2, §5.3); undefined when the rules reject it. */
export function parseSetCookie(header: string, url: URL, now: number): Cookie | undefined {
  const [pair = "", ...attributes] = header.split(";");
  const eq = pair.indexOf("=");
  if (eq < 0) return undefined;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
  if (name === "") return undefined;
  const host = url.hostname.toLowerCase();
  let domain = "";
  let path: string | undefined;
  let secure = false;
  let maxAge: number | undefined;
  let expires: number | undefined;
  for (const attribute of attributes) {
    const i = attribute.indexOf("=");
    const key = (i < 0 ? attribute : attribute.slice(0, i)).trim().toLowerCase();
    const val = i < 0 ? "" : attribute.slice(i + 1).trim();
    if (key === "domain") domain = val.replace(/^\./, "").toLowerCase();
    else if (key === "path") path = val.startsWith("/") ? val : undefined;
    else if (key === "secure") secure = true;
    else if (key === "max-age" && /^-?\d+$/.test(val)) maxAge = Number(val);
    else if (key === "expires") {
      const t = Date.parse(val);
      if (!Number.isNaN(t)) expires = t;
    }
  }
  if (maxAge !== undefined) expires = maxAge <= 0 ? 0 : now + maxAge * 1000;
  let hostOnly = true;
  if (domain !== "") {
    if (!domainMatch(host, domain)) return undefined; // a cookie for someone else
    if (domain !== host && !domain.includes(".")) return undefined; // a top-level domain ("com")
    hostOnly = isIp(host); // an IP address has no subdomains
  } else {
    domain = host;
  }
  // A Secure cookie needs a secure channel to be set (RFC 6265bis §5.6); loopback counts as secure.
  if (secure && url.protocol !== "https:" && !isLoopback(host)) return undefined;
  return { name, value, domain, hostOnly, path: path ?? defaultPath(url.pathname), secure, expires, created: now };
}

/** RFC 6265 §5.1.4 default path: the request path up to, not including, its last "/"; "/" when that is empty. */
function defaultPath(requestPath: string): string {
  if (!requestPath.startsWith("/")) return "/";
  const last = requestPath.lastIndexOf("/");
  return last <= 0 ? "/" : requestPath.slice(0, last);
}

/** RFC 6265 §5.1.3: `host` is `domain` or a subdomain of it (never for an IP address). */
function domainMatch(host: string, domain: string): boolean {
  if (host === domain) return true;
  return !isIp(host) && host.endsWith(`.${domain}`);
}

/** RFC 6265 §5.1.4 path-match. */
function pathMatch(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

function isIp(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith("[") || host.includes(":");
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host.endsWith(".localhost") || /^127\./.test(host) || host === "[::1]";
}

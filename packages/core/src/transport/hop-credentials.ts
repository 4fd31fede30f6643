/**
 * Credentials hop by hop: what `TransportRequest.auth` supplies is applied to the first URL and again after each
 * same-origin redirect (for the new URL, so a credential scoped to a path prefix does not follow a redirect out
 * of it); after a redirect to another origin nothing is applied any more. Also turns 401/403 answers into
 * `DALAuthError`s that name the security methods on offer. No Node imports.
 */
import { DALAuthError, redactUrl } from "@vo/votable";
import type { Hop } from "./redirect-policy.js";
import type { RequestAuth } from "./types.js";

/** IVOA security method standardIDs, and the name used for each in messages. */
const METHOD_NAMES: Readonly<Record<string, string>> = {
  "": "anonymous",
  "ivo://ivoa.net/sso#BasicAA": "HTTP Basic",
  "ivo://ivoa.net/sso#tls-with-certificate": "TLS client certificate",
  "ivo://ivoa.net/sso#cookie": "cookie",
  "ivo://ivoa.net/sso#token": "bearer token",
  "ivo://ivoa.net/sso#tls-with-password": "password login",
};

/** `WWW-Authenticate` schemes (lower case) and the security method each stands for. */
const SCHEME_METHODS: Readonly<Record<string, string>> = {
  basic: "ivo://ivoa.net/sso#BasicAA",
  bearer: "ivo://ivoa.net/sso#token",
  ivoa_bearer: "ivo://ivoa.net/sso#token",
  ivoa_cookie: "ivo://ivoa.net/sso#cookie",
  ivoa_x509: "ivo://ivoa.net/sso#tls-with-certificate",
};

/** A security method standardID as people read it: `HTTP Basic (ivo://ivoa.net/sso#BasicAA)`. @internal */
export function describeSecurityMethod(id: string): string {
  const name = METHOD_NAMES[id];
  if (id === "") return "anonymous";
  return name ? `${name} (${id})` : id;
}

/** Applies a request's credentials hop by hop and remembers what the current hop carries. @internal */
export class HopCredentials {
  readonly #auth: RequestAuth | undefined;
  #added: string[] = [];
  #crossedOrigin = false;
  #method: string | undefined;

  constructor(auth: RequestAuth | undefined) {
    this.#auth = auth;
  }

  /** The security method the current hop carries, or undefined when it goes anonymously. */
  get method(): string | undefined {
    return this.#method;
  }

  /** Removes what the previous hop got and adds the credentials for this hop's URL (none after a cross-origin redirect). */
  async apply(hop: Hop): Promise<void> {
    for (const name of this.#added) delete hop.headers[name];
    this.#added = [];
    this.#method = undefined;
    hop.clientCertificate = undefined;
    hop.includeBrowserCredentials = undefined;
    if (!this.#auth || this.#crossedOrigin) return;
    const credentials = await this.#auth.credentialsFor(new URL(hop.url));
    if (!credentials) return;
    this.#method = credentials.method;
    for (const [name, value] of Object.entries(credentials.headers ?? {})) {
      const key = name.toLowerCase();
      if (key in hop.headers) continue; // a header the caller set wins
      hop.headers[key] = value;
      this.#added.push(key);
    }
    hop.clientCertificate = credentials.clientCertificate;
    hop.includeBrowserCredentials = credentials.includeBrowserCredentials;
  }

  /** Notes a redirect: once the request has left its origin, it never carries credentials again. */
  redirected(from: URL, to: URL): void {
    if (from.origin !== to.origin) this.#crossedOrigin = true;
  }

  /** Passes a response's headers to the auth (Set-Cookie). Never throws. */
  observe(url: URL, headers: Headers): void {
    try {
      this.#auth?.onResponse?.(new URL(url), headers);
    } catch {
      // Storing a cookie is best effort; the request goes on.
    }
  }

  /** The 401/403 as a `DALAuthError`: what the service offers (challenge and capabilities) and what was sent. */
  error(status: number, statusText: string, url: URL, headers: Headers, bodyExcerpt: string | undefined): DALAuthError {
    const challenges = challengeSchemes(headers.get("www-authenticate"));
    const offered = new Set<string>();
    try {
      for (const id of this.#auth?.securityMethodsFor?.(new URL(url)) ?? []) offered.add(id);
    } catch {
      // Only for the message.
    }
    for (const scheme of challenges) {
      const id = SCHEME_METHODS[scheme.toLowerCase()];
      if (id) offered.add(id);
    }
    const securityMethods = [...offered];
    const what =
      status === 401
        ? this.#method === undefined
          ? "the service requires credentials and the request carried none"
          : `the service refused the credentials sent (${describeSecurityMethod(this.#method)})`
        : this.#method === undefined
          ? "the service forbids anonymous access here"
          : `the service forbids access with the credentials sent (${describeSecurityMethod(this.#method)})`;
    const offers = securityMethods.length
      ? `it offers: ${securityMethods.map(describeSecurityMethod).join(", ")}`
      : "it declares no security method (look for one in its VOSI capabilities)";
    const reason = statusText || (status === 401 ? "Unauthorized" : "Forbidden");
    return new DALAuthError(`HTTP ${status} ${reason}: ${what}; ${offers} (${redactUrl(url)})`, {
      url,
      status,
      contentType: headers.get("content-type") ?? undefined,
      bodyExcerpt,
      securityMethods,
      challenges,
      methodSent: this.#method,
    });
  }
}

/** The auth-scheme names of a `WWW-Authenticate` value (RFC 9110 §11.6.1), in order, without duplicates. @internal */
export function challengeSchemes(value: string | null): string[] {
  if (!value) return [];
  const unquoted = value.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const schemes: string[] = [];
  for (const part of unquoted.split(",")) {
    const m = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?=\s|$)/.exec(part);
    if (m?.[1] && !schemes.some((s) => s.toLowerCase() === m[1]!.toLowerCase())) schemes.push(m[1]);
  }
  return schemes;
}

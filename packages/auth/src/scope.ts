/**
 * Where a credential may go: one origin (scheme, host and port) and, below it, a path prefix. A credential is
 * never sent to another scheme, host or port, and never outside its path prefix.
 */
import { ParameterError } from "@vo/core";

/** A credential's scope, parsed. */
export interface Scope {
  /** `https://archive.example.org:443` style origin. */
  readonly origin: string;
  /** The path prefix, without a trailing slash ("" for the whole origin). */
  readonly path: string;
  /** The scope as given, for display (no user info). */
  readonly text: string;
}

/**
 * Parses a scope: an absolute http(s) URL whose path is the prefix (`https://archive.example.org/tap`), or an
 * origin for the whole server. Query, fragment and user info are ignored.
 * @throws {ParameterError} when `url` is not an absolute http(s) URL.
 */
export function parseScope(url: string | URL, parameter = "scope"): Scope {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    throw new ParameterError(parameter, "an absolute http(s) URL (the origin or URL prefix the credential is for)", String(url));
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new ParameterError(parameter, "an http(s) URL (the origin or URL prefix the credential is for)", u.protocol);
  }
  const path = u.pathname.replace(/\/+$/, "");
  return { origin: u.origin, path, text: `${u.origin}${path}` };
}

/** Whether `url` lies in `scope`: same origin, and its path is the prefix or below it (`/tap` covers `/tap/async/1`, not `/tapx`). */
export function inScope(scope: Scope, url: URL): boolean {
  if (url.origin !== scope.origin) return false;
  if (scope.path === "") return true;
  return url.pathname === scope.path || url.pathname.startsWith(`${scope.path}/`);
}

/** How specific a scope is: longer prefixes win. */
export function specificity(scope: Scope): number {
  return scope.path.length;
}

/**
 * Which security methods each URL accepts (pyVO's `AuthURLs`): exact URLs, and URL prefixes filled from VOSI
 * capabilities (each interface's accessURL with its `securityMethod`s) or added by the user.
 */
import { inScope, parseScope, specificity } from "./scope.js";
import type { Scope } from "./scope.js";
import { SecurityMethod } from "./security-method.js";

/** The URL → security methods map of an {@link AuthSession}. */
export class AuthURLs {
  readonly #exact = new Map<string, Set<string>>();
  readonly #prefixes: { scope: Scope; methods: Set<string> }[] = [];

  /** Declares that `url` accepts `method`; with `exact`, only that URL (query ignored), else every URL below it. */
  add(url: string | URL, method: string, exact = false): void {
    const scope = parseScope(url, "url");
    if (exact) {
      const key = scope.text;
      let methods = this.#exact.get(key);
      if (!methods) this.#exact.set(key, (methods = new Set()));
      methods.add(method);
      return;
    }
    let entry = this.#prefixes.find((p) => p.scope.text === scope.text);
    if (!entry) this.#prefixes.push((entry = { scope, methods: new Set() }));
    entry.methods.add(method);
  }

  /**
   * The methods declared for `url`: an exact entry first, then the longest matching prefix; undefined when
   * nothing is declared for it.
   */
  declared(url: string | URL): string[] | undefined {
    const u = new URL(String(url));
    const exact = this.#exact.get(`${u.origin}${u.pathname.replace(/\/+$/, "")}`);
    if (exact) return [...exact];
    let best: { scope: Scope; methods: Set<string> } | undefined;
    for (const p of this.#prefixes) {
      if (inScope(p.scope, u) && (!best || specificity(p.scope) > specificity(best.scope))) best = p;
    }
    return best ? [...best.methods] : undefined;
  }

  /** pyVO's `allowed_auth_methods`: the declared methods, or anonymous alone when nothing is declared. */
  allowedAuthMethods(url: string | URL): string[] {
    return this.declared(url) ?? [SecurityMethod.ANONYMOUS];
  }
}

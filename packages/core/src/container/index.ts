import { reflectInstalled } from "./reflect.js"; // first: tsyringe throws at import without the polyfill (see reflect.ts)
/**
 * The only module that touches tsyringe. A client owns one child container of
 * tsyringe's global container and registers only private symbol tokens on it
 * (see tokens.ts); the global container itself is never written to. Callers
 * get typed methods, and tsyringe's untyped errors never escape: resolving an
 * unregistered token is a bug in core, reported as such.
 */
import { container as globalContainer, instancePerContainerCachingFactory } from "tsyringe";
import type { DependencyContainer } from "tsyringe";
import { VOError } from "@vo/votable";
import type { Token } from "./tokens.js";

export { token, TransportToken, OnWarningToken, ServiceContextToken } from "./tokens.js";
export type { Token } from "./tokens.js";

/** A typed view of one client's tsyringe child container. */
export class ClientContainer {
  readonly #container: DependencyContainer;
  #disposed = false;

  constructor() {
    if (!reflectInstalled) throw new VOError("the Reflect metadata polyfill is missing: @vo/core's bundle dropped reflect-metadata");
    this.#container = globalContainer.createChildContainer();
  }

  /** Registers a value. */
  value<T>(token: Token<T>, value: T): void {
    this.#container.register<T>(token, { useValue: value });
  }

  /** Registers a factory called once, on first resolution, with this container. */
  factory<T>(token: Token<T>, make: (container: ClientContainer) => T): void {
    this.#container.register<T>(token, { useFactory: instancePerContainerCachingFactory<T>(() => make(this)) });
  }

  /** Whether the token is registered here (the global container is not consulted). */
  has<T>(token: Token<T>): boolean {
    return !this.#disposed && this.#container.isRegistered(token, false);
  }

  /** Resolves a registered token. */
  resolve<T>(token: Token<T>): T {
    if (this.#disposed) throw new VOError("the client is closed");
    if (!this.has(token)) throw new VOError(`@vo/core internal error: ${token.description ?? "a token"} is not registered`);
    return this.#container.resolve<T>(token);
  }

  /** Disposes the container (idempotent). */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.#container.dispose();
  }
}

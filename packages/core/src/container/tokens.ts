/**
 * Typed injection tokens. Each is a fresh `Symbol()` (never `Symbol.for`), so
 * nothing an application registers in tsyringe can collide with core's
 * registrations, and they stay internal to `@vo/core`.
 */
import type { Transport } from "../transport/types.js";
import type { ServiceContext, VOWarning } from "../types.js";

/** A symbol carrying, at the type level only, the type of what it resolves to. */
export type Token<T> = symbol & { readonly "~token"?: T };

/** Makes a private token for values of type `T`. */
export function token<T>(description: string): Token<T> {
  return Symbol(description) as Token<T>;
}

/** The client's transport, interceptors applied. */
export const TransportToken = token<Transport>("@vo/core:transport");

/** The client's warning sink. */
export const OnWarningToken = token<(warning: VOWarning) => void>("@vo/core:on-warning");

/** The context every service factory receives (one per client). */
export const ServiceContextToken = token<ServiceContext>("@vo/core:service-context");

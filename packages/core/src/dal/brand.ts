/**
 * `instanceof` for core's result classes that holds across two installed
 * copies of `@vo/core` (a plugin built against another core next to the
 * application's), the way the error classes of `@vo/votable` do it.
 *
 * A branded class carries a static id under `Symbol.for("@vo/core.class")`;
 * `value instanceof Branded` is true when `value` is an instance by the
 * prototype chain, or when some class on its prototype chain carries the same
 * id (the other copy's class). A subclass without its own id (`SIARecord`)
 * keeps the ordinary prototype-chain check, so no Record passes as one.
 * Nothing is stored per instance: records stay as cheap as before.
 */
export const CLASS_ID: unique symbol = Symbol.for("@vo/core.class") as never;

/** The `Symbol.hasInstance` of a branded class: see the module comment. */
export function brandedInstanceOf(cls: object, value: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(cls, value)) return true;
  if (typeof value !== "object" || value === null || !Object.hasOwn(cls, CLASS_ID)) return false;
  const id = (cls as { [CLASS_ID]: unknown })[CLASS_ID];
  for (let p: unknown = Object.getPrototypeOf(value); p !== null && typeof p === "object"; p = Object.getPrototypeOf(p)) {
    const ctor: unknown = Object.hasOwn(p, "constructor") ? (p as { constructor: unknown }).constructor : undefined;
    if (typeof ctor === "function" && Object.hasOwn(ctor, CLASS_ID) && (ctor as unknown as { [CLASS_ID]: unknown })[CLASS_ID] === id) return true;
  }
  return false;
}

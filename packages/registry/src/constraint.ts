/**
 * Defining registry constraints: {@link defineConstraint} turns a keyword, a
 * value parser and an `adql` condition into core's `ConstraintDefinition`,
 * which a plugin registers with `r.constraint(...)`; `definition.of(value)`
 * makes a positional constraint for `search`.
 */
import { ParameterError } from "@vo/core";
import type { Constraint, ConstraintDefinition, RegistryFeatures } from "@vo/core";
import type { AdqlFragment } from "@vo/protocol-tap";

/** What {@link defineConstraint} takes. */
export interface ConstraintSpec<K extends string, V> {
  /** The keyword in `search({ keyword: value })`. */
  readonly keyword: K;
  /** One line for listings and error messages. */
  readonly description?: string | undefined;
  /**
   * The `rr` tables the condition reads (`["rr.table_column"]`): the condition
   * then runs in `ivoid IN (SELECT DISTINCT ivoid FROM <tables, natural-joined> WHERE …)`.
   * Leave out for conditions on `rr.resource`, `rr.capability` or `rr.interface`.
   */
  readonly tables?: readonly string[] | undefined;
  /** Checks and normalises a value given to `search` (default: the value as is). @throws ParameterError. */
  parse?(value: unknown): V;
  /** The feature the registry lacks for this value, or undefined (then `RegTAPFeatureMissingError`). */
  requires?(registry: RegistryFeatures, value: V): string | undefined;
  /** The condition, written with `@vo/protocol-tap`'s `adql` template so that every value is escaped. */
  condition(value: V, registry: RegistryFeatures): AdqlFragment;
}

/** A constraint definition made by {@link defineConstraint}: core's type plus `of(value)`. */
export interface DefinedConstraint<K extends string, V> extends ConstraintDefinition<V> {
  readonly keyword: K;
  /** A positional constraint for `search(client, definition.of(value))`. */
  of(value: V): Constraint<K, V>;
}

/**
 * Defines a registry constraint. Register it in a plugin with
 * `r.constraint(def.keyword, def)` and type the plugin as
 * `Plugin<object, { [keyword]: V }>` so that `search(client, { keyword: value })` is typed.
 * @throws ParameterError for a keyword that is not an identifier or a missing condition.
 * @example
 * const pmCatalogues = defineConstraint({
 *   keyword: "properMotion",
 *   tables: ["rr.table_column"],
 *   parse: (v) => Boolean(v),
 *   condition: () => adql`ucd LIKE ${"pos.pm%"}`,
 * });
 */
export function defineConstraint<K extends string, V>(spec: ConstraintSpec<K, V>): DefinedConstraint<K, V> {
  const { keyword, description, tables, requires, condition } = spec;
  if (typeof keyword !== "string" || !/^[A-Za-z_$][\w$]*$/.test(keyword)) {
    throw new ParameterError("keyword", "an identifier such as properMotion", keyword);
  }
  if (typeof condition !== "function") throw new ParameterError(`${keyword}: condition`, "a function returning adql`…`", condition);
  for (const t of tables ?? []) {
    if (!/^[A-Za-z_][\w]*\.[A-Za-z_][\w]*$/.test(t)) throw new ParameterError(`${keyword}: tables`, "qualified table names such as rr.table_column", t);
  }
  const parse = spec.parse ?? ((value: unknown) => value as V);
  const definition: DefinedConstraint<K, V> = {
    keyword,
    description,
    tables: tables ? Object.freeze([...tables]) : undefined,
    parse: (value) => parse(value),
    condition: (value, registry) => condition(value, registry),
    of: (value) => Object.freeze({ keyword, value }),
    ...(requires ? { requires: (registry: RegistryFeatures, value: V) => requires(registry, value) } : {}),
  };
  return Object.freeze(definition);
}

/** A list of non-empty strings from a string or an array of strings. @throws ParameterError. */
export function stringList(keyword: string, value: unknown, what = "a string or an array of strings"): string[] {
  const list = typeof value === "string" ? [value] : Array.isArray(value) ? value : undefined;
  if (!list || list.length === 0 || list.some((v) => typeof v !== "string" || v.trim() === "")) throw new ParameterError(keyword, what, value);
  return list.map((v: string) => v.trim());
}

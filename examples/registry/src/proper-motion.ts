/**
 * A third-party registry constraint, written exactly as @vo/registry writes
 * its own: "catalogues with proper motions" — tables with at least two
 * `pos.pm*` columns (the course's `ucd LIKE 'pos.pm%'` query, made reusable).
 * `properMotion()` is the plugin; `search(client, { properMotion: … })` is
 * then typed from it.
 */
import { definePlugin, ParameterError } from "@vo/core";
import type { Plugin } from "@vo/core";
import { adql } from "@vo/protocol-tap";
import { defineConstraint } from "@vo/registry";

/** The value of the `properMotion` keyword. */
export interface ProperMotionValue {
  /** How many `pos.pm*` columns one table must have (default 2: both components). */
  minColumns?: number;
}

/** The constraint definition; `properMotionConstraint.of({})` is a positional constraint. */
export const properMotionConstraint = defineConstraint({
  keyword: "properMotion",
  description: "catalogues with a table holding at least minColumns pos.pm* columns",
  tables: ["rr.table_column"],
  parse: (value: unknown): Required<ProperMotionValue> => {
    const n = value === true ? 2 : ((value as ProperMotionValue | undefined)?.minColumns ?? 2);
    if (!Number.isInteger(n) || n < 1) throw new ParameterError("properMotion.minColumns", "a positive integer", n);
    return { minColumns: n };
  },
  // runs in: ivoid IN (SELECT DISTINCT sub0.ivoid FROM rr.table_column AS sub0 WHERE …)
  condition: ({ minColumns }) =>
    adql`sub0.ucd LIKE ${"pos.pm%"} AND sub0.table_index IN (SELECT pm.table_index FROM rr.table_column AS pm WHERE pm.ivoid = sub0.ivoid AND pm.ucd LIKE ${"pos.pm%"} GROUP BY pm.table_index HAVING COUNT(*) >= ${minColumns})`,
});

/** The plugin: add it to `createClient({ plugins })` next to `registry()`. */
export function properMotion(): Plugin<object, { properMotion: ProperMotionValue | boolean }> {
  return definePlugin({
    name: "@vo-examples/proper-motion",
    version: "0.1.0",
    core: "^0.1.0",
    dependencies: ["@vo/registry"],
    register: (r) => r.constraint(properMotionConstraint.keyword, properMotionConstraint),
  });
}

/** Builds small tables (listings, summaries) that go through the same output formats as query results. */
import type { CellValue, Field } from "@vo/core";
import type { TableSource } from "../output/index.js";

/** A table of text columns from plain rows. */
export function textTable(columns: readonly (string | Field)[], rows: readonly (readonly (CellValue | undefined)[])[]): TableSource {
  const fields: Field[] = columns.map((c) => (typeof c === "string" ? { name: c, datatype: "char", arraysize: "*" } : c));
  return {
    fields,
    rows: (async function* () {
      for (const row of rows) yield row.map((c) => c ?? null);
    })(),
  };
}

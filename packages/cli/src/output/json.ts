/** JSON output: an array of records, one object per row keyed by field name, streamed. */
import type { TableSource } from "./table-source.js";
import { cellJson } from "./cells.js";
import type { Json } from "./cells.js";
import type { TextSink } from "./sink.js";

/** Writes the table as a JSON array of objects, row by row; resolves with the number of rows. */
export async function writeJson(source: TableSource, sink: TextSink): Promise<number> {
  const names = uniqueNames(source.fields.map((f) => f.name));
  const f32 = source.fields.map((f) => f.datatype === "float");
  let n = 0;
  let buffer = "[";
  for await (const row of source.rows) {
    const record: { [key: string]: Json } = {};
    names.forEach((name, i) => (record[name] = cellJson(row[i], f32[i])));
    buffer += (n ? ",\n" : "\n") + JSON.stringify(record);
    n++;
    if (buffer.length > 65_536) {
      await sink.write(buffer);
      buffer = "";
    }
  }
  await sink.write(buffer + (n ? "\n]\n" : "]\n"));
  return n;
}

/** Field names made unique ("ra", "ra_2", …): JSON objects cannot hold two keys of one name. */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}_${count}`;
  });
}

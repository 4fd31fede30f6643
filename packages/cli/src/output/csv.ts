/** CSV output (RFC 4180): a header of field names, then one line per row. */
import type { TableSource } from "./table-source.js";
import { cellText } from "./cells.js";
import type { TextSink } from "./sink.js";

/** Quotes a CSV field when it holds a comma, quote, CR or LF (or starts/ends with a space). */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes the table as CSV, row by row; resolves with the number of rows. */
export async function writeCsv(source: TableSource, sink: TextSink): Promise<number> {
  await sink.write(source.fields.map((f) => csvField(f.name)).join(",") + "\r\n");
  const f32 = source.fields.map((f) => f.datatype === "float");
  let n = 0;
  let buffer = "";
  for await (const row of source.rows) {
    let line = "";
    for (let i = 0; i < source.fields.length; i++) line += (i ? "," : "") + csvField(cellText(row[i], f32[i]));
    buffer += line + "\r\n";
    n++;
    if (buffer.length > 65_536) {
      await sink.write(buffer);
      buffer = "";
    }
  }
  if (buffer) await sink.write(buffer);
  return n;
}

/**
 * The table a person reads in a terminal: aligned columns (numbers to the
 * right), units under the names, long cells cut with "…". Column widths come
 * from the first rows, so the output still streams.
 */
import type { Field } from "@vo/core";
import type { TableSource } from "./table-source.js";
import { cellText } from "./cells.js";
import type { TextSink } from "./sink.js";

/** Options of {@link writePretty}. */
export interface PrettyOptions {
  /** Bold header with ANSI escapes (terminals only; off with NO_COLOR). */
  color?: boolean;
  /** Widest a column may be, in characters (default 40). */
  maxWidth?: number;
  /** Rows read ahead to size the columns (default 200). */
  lookahead?: number;
}

const NUMERIC = new Set(["unsignedByte", "short", "int", "long", "float", "double"]);

function isNumeric(f: Field): boolean {
  return NUMERIC.has(f.datatype) && (f.arraysize === undefined || f.arraysize === "1");
}

function fit(text: string, width: number, right: boolean): string {
  const clean = text.replace(/[\r\n\t]/g, " ");
  const cut = clean.length > width ? clean.slice(0, Math.max(0, width - 1)) + "…" : clean;
  return right ? cut.padStart(width) : cut.padEnd(width);
}

/** Writes the table for a person; resolves with the row count. */
export async function writePretty(source: TableSource, sink: TextSink, options: PrettyOptions = {}): Promise<number> {
  const maxWidth = options.maxWidth ?? 40;
  const fields = source.fields;
  const iterator = source.rows[Symbol.asyncIterator]();
  const ahead: string[][] = [];
  let done = false;
  while (ahead.length < (options.lookahead ?? 200)) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    ahead.push(fields.map((f, i) => cellText(next.value[i], f.datatype === "float")));
  }
  const units = fields.map((f) => (f.unit ? `[${f.unit}]` : ""));
  const hasUnits = units.some(Boolean);
  const widths = fields.map((f, i) =>
    Math.min(maxWidth, Math.max(f.name.length, hasUnits ? units[i]!.length : 0, ...ahead.map((r) => r[i]!.length), 1)),
  );
  const right = fields.map(isNumeric);
  const line = (cells: readonly string[]): string => cells.map((c, i) => fit(c, widths[i]!, right[i]!)).join("  ").trimEnd() + "\n";
  const bold = (s: string): string => (options.color ? `\x1b[1m${s.trimEnd()}\x1b[0m\n` : s);
  await sink.write(bold(line(fields.map((f) => f.name))));
  if (hasUnits) await sink.write(line(units));
  await sink.write(widths.map((w) => "-".repeat(w)).join("  ") + "\n");
  let n = 0;
  let buffer = "";
  for (const row of ahead) {
    buffer += line(row);
    n++;
  }
  await sink.write(buffer);
  if (!done) {
    buffer = "";
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      buffer += line(fields.map((f, i) => cellText(next.value[i], f.datatype === "float")));
      n++;
      if (buffer.length > 65_536) {
        await sink.write(buffer);
        buffer = "";
      }
    }
    await sink.write(buffer);
  }
  await sink.write(`(${n} row${n === 1 ? "" : "s"})\n`);
  return n;
}

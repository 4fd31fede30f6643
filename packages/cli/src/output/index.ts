/** The output formats of the `vo` command. */
import type { TableSource } from "./table-source.js";
import type { TextSink } from "./sink.js";
import { writeCsv } from "./csv.js";
import { writeJson } from "./json.js";
import { writeArrow } from "./arrow.js";
import { writeVOTableOutput } from "./votable.js";
import { writePretty } from "./pretty.js";

/** The formats `-f/--format` takes. */
export const FORMATS = ["table", "csv", "json", "votable", "votable-binary2", "arrow"] as const;

/** One of {@link FORMATS}. */
export type OutputFormat = (typeof FORMATS)[number];

/** The format for an output file's extension, if it names one. */
export function formatOfPath(path: string): OutputFormat | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  switch (ext) {
    case "csv":
      return "csv";
    case "json":
      return "json";
    case "vot":
    case "xml":
    case "votable":
      return "votable";
    case "arrow":
    case "arrows":
    case "ipc":
      return "arrow";
    default:
      return undefined;
  }
}

/** Writes a table in a format; resolves with the row count. */
export function writeTable(source: TableSource, sink: TextSink, format: OutputFormat, options: { color?: boolean } = {}): Promise<number> {
  switch (format) {
    case "table":
      return writePretty(source, sink, { color: options.color ?? false });
    case "csv":
      return writeCsv(source, sink);
    case "json":
      return writeJson(source, sink);
    case "votable":
      return writeVOTableOutput(source, sink, "TABLEDATA");
    case "votable-binary2":
      return writeVOTableOutput(source, sink, "BINARY2");
    case "arrow":
      return writeArrow(source, sink);
  }
}

export type { TableSource, RecordsLike } from "./table-source.js";
export { sourceOfResult } from "./table-source.js";
export type { TextSink } from "./sink.js";
export { streamSink, fileSink } from "./sink.js";
export { toArrow, writeArrow, arrowSchemaOf, arrowTypeOf } from "./arrow.js";
export { cellText, cellJson } from "./cells.js";
export type { Json } from "./cells.js";

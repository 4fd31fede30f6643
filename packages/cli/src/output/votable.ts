/** VOTable output, through @vo/votable's streaming writer. */
import { writeVOTable } from "@vo/votable";
import type { Row, WriteDocumentInput, WriteTableInput } from "@vo/votable";
import type { TableSource } from "./table-source.js";
import type { TextSink } from "./sink.js";

/**
 * Writes the table as a VOTable in the given serialisation; resolves with the row count.
 * A source read from a document (`document` and `table`) is written with the whole document
 * around its rows; any other source as one table with its PARAMs and INFOs.
 */
export async function writeVOTableOutput(source: TableSource, sink: TextSink, serialization: "TABLEDATA" | "BINARY2"): Promise<number> {
  let n = 0;
  const rows = (async function* () {
    for await (const row of source.rows) {
      n++;
      yield row as Row;
    }
  })();
  const { document, table } = source;
  let input: WriteDocumentInput | WriteTableInput;
  if (document !== undefined && table !== undefined) input = { meta: document, tables: [{ meta: table, fields: [...source.fields], rows }] };
  else {
    const params = source.params?.map((p) => ({ ...p }));
    const infos = source.infos?.map((i) => ({ ...i }));
    input = { fields: [...source.fields], rows, ...(params?.length ? { params } : {}), ...(infos?.length ? { infos } : {}), ...(source.name ? { name: source.name } : {}) };
  }
  for await (const chunk of writeVOTable(input, { serialization })) await sink.write(chunk);
  return n;
}

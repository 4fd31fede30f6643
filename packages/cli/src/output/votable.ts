/** VOTable output, through @vo/votable's streaming writer. */
import { writeVOTable } from "@vo/votable";
import type { Row } from "@vo/votable";
import type { TableSource } from "./table-source.js";
import type { TextSink } from "./sink.js";

/** Writes the table as a VOTable in the given serialisation; resolves with the row count. */
export async function writeVOTableOutput(source: TableSource, sink: TextSink, serialization: "TABLEDATA" | "BINARY2"): Promise<number> {
  let n = 0;
  const rows = (async function* () {
    for await (const row of source.rows) {
      n++;
      yield row as Row;
    }
  })();
  const params = source.params?.map((p) => ({ ...p }));
  const infos = source.infos?.map((i) => ({ ...i }));
  for await (const chunk of writeVOTable(
    { fields: [...source.fields], rows, ...(params?.length ? { params } : {}), ...(infos?.length ? { infos } : {}), ...(source.name ? { name: source.name } : {}) },
    { serialization },
  )) {
    await sink.write(chunk);
  }
  return n;
}

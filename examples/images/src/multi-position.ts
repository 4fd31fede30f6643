/**
 * Course step 2: several fields at once, only images taken in a date range.
 * SIA 2.0 ORs repeated POS values and ANDs them with TIME, so this is one request.
 *
 *   node examples/images/dist/multi-position.js
 */
import { createClient } from "@vo/core";
import { sia } from "@vo/protocol-sia";
import type { SIA2Record } from "@vo/protocol-sia";
import { FIELDS, printTable, runIfMain, SERVICES } from "./common.js";
import type { ExampleOptions } from "./common.js";

/** Images of every field in FIELDS observed between `from` and `to`. */
export async function multiPosition(
  from = new Date("2019-01-01T00:00:00Z"),
  to = new Date("2022-12-31T23:59:59Z"),
  options: ExampleOptions = {},
): Promise<SIA2Record[]> {
  const log = options.log ?? console.log;
  const client = createClient({ plugins: [sia()] });
  try {
    const sia2 = client.service("sia2", SERVICES.sia2);
    const circles = Object.values(FIELDS).map(([ra, dec]) => [ra, dec, 0.2] as const);
    // Dates go out as an MJD interval (SIA 2.0 TIME); dataType keeps to images.
    const rs = await sia2.search({ pos: circles, time: [from, to], dataType: "image" });
    const records = rs.toArray();
    log(`${records.length} images in ${circles.length} fields between ${from.toISOString().slice(0, 10)} and ${to.toISOString().slice(0, 10)}`);
    printTable(log, ["target", "date", "collection", "url"], records.map((r) => [
      r.targetName,
      r.dateobs?.toISOString().slice(0, 10),
      r.obsCollection,
      r.accessUrl,
    ]));
    return records;
  } finally {
    await client.close();
  }
}

runIfMain(import.meta.url, () => multiPosition());

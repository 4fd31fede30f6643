/**
 * The course's EPN-TAP snippets ("Odds and Ends"): query an epn_core table,
 * read its hash lists, and select granules with `ivo_hashlist_has`.
 *
 * Differences from pyVO: granules are typed records (`instrumentNames` is
 * already split, `timeMin` a Date from the Julian Day), and `hashlistHas`
 * quotes the value (pyVO users write the ADQL string by hand).
 */
import { createClient } from "@vo/core";
import { EPNTAPService, epntap, epntapRecords, hashlistHas, splitHashlist } from "@vo/epntap";
import { tap } from "@vo/protocol-tap";

/** Runs the snippets against the local DaCHS (`dachs`, e.g. http://localhost:8080); returns what it found. */
export async function main(dachs: string, log: (line: string) => void = console.log): Promise<{ virtis: number; titan: number }> {
  const client = createClient({ plugins: [tap(), epntap()] });
  try {
    const service = client.service("tap", `${dachs}/tap`);

    // Which instruments does the table have? instrument_name is a hash list.
    const rs = await service.runSync("SELECT DISTINCT instrument_name FROM vo_epntap.epn_core");
    for (const row of rs) log(`  ${splitHashlist(row.getString("instrument_name")).join("  |  ")}`);

    // Granules of one instrument, by its acronym or its full name.
    const virtis = epntapRecords(await service.runSync(`SELECT * FROM vo_epntap.epn_core WHERE ${hashlistHas("instrument_name", "VIRTIS")}`));
    log(`VIRTIS: ${virtis.length} granules on ${[...new Set(virtis.flatMap((g) => g.targetNames))].join(", ")}`);

    // The same with the search helper: Titan seen by VIMS in 2008-2010.
    const epn = new EPNTAPService(service, "vo_epntap.epn_core");
    const { records } = await epn.search({ target: "Titan", instrument: "VIMS", time: [new Date("2008-01-01"), new Date("2011-01-01")] });
    for (const g of records.slice(0, 3)) log(`  ${g.granuleUid} ${g.timeMin?.toISOString()} lon ${g.c1min}..${g.c1max}`);
    log(`Titan/VIMS 2008-2010: ${records.length} granules`);
    return { virtis: virtis.length, titan: records.length };
  } finally {
    await client.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main((process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, ""));

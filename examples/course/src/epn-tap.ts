/**
 * Course section "EPN-TAP" — odds and ends (hash lists, `ivo_hashlist_has`,
 * typed granules on one epn_core table) and global discovery (every EPN-TAP
 * table a registry lists, then one search over all of them).
 *
 * The code lives in examples/epntap (also run by its integration test), on
 * @vo/epntap, against the epntap and regtap test beds of the local DaCHS. This
 * section runs it, then finds the same tables the pyVO registry way
 * (`registry.search(registry.Datamodel("epntap"), includeaux=True)`) with
 * @vo/registry and checks that both agree.
 *
 * Differences from pyVO: granules are typed records (`instrumentNames` split,
 * `timeMin` a Date from the Julian Day); `hashlistHas` quotes its value; the
 * search over all tables is core's `fanOut` (bounded, a time limit per service,
 * failures kept per service: the planetary.example records of the test bed
 * point at hosts that do not exist). The registry is the local DaCHS's RegTAP
 * service (`IVOA_REGISTRY` is not used here, so that both lookups ask the same one).
 */
import { createClient } from "@vo/core";
import { tap } from "@vo/protocol-tap";
import { registry, search } from "@vo/registry";
import { globalDiscovery, oddsAndEnds } from "@vo-examples/epntap";
import { check, runIfMain, services } from "./_course.js";
import type { CourseContext } from "./_course.js";

/** Runs the section against the local DaCHS. */
export async function main({ dachs, log, signal }: CourseContext): Promise<void> {
  const odds = await oddsAndEnds(dachs, log);
  check(odds.virtis === 50 && odds.titan > 0, "50 VIRTIS granules (two campaigns of 25) and some of Titan");

  const found = await globalDiscovery(dachs, log);
  check(found.answered >= 1 && found.granules > 0, "the local epn_core table answers the search over all tables");

  const client = createClient({ plugins: [registry({ endpoint: services(dachs).tap }), tap()] });
  try {
    const resources = await search(client, { datamodel: "epntap", servicetype: "tap", includeaux: true, signal });
    // A table can be registered twice (its own record, and the table list of its TAP service's record):
    // one table is one (access URL, table name).
    const tables = new Set<string>();
    for (const r of resources) {
      const url = r.getInterface("tap", { lax: true }).accessUrl;
      for (const t of (await r.getTables({ signal })).values()) if (/epntap#table-2|epncore#schema-2/i.test(t.utype ?? "")) tables.add(`${url} ${t.name}`);
    }
    log(`@vo/registry: ${resources.length} resources with ${tables.size} distinct EPN-TAP tables`);
    check(tables.size === found.tables, `the registry search and the EPN-TAP discovery find the same ${found.tables} tables`);
  } finally {
    await client.close();
  }
}

runIfMain(import.meta.url, main);

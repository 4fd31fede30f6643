/**
 * Course section "EPN-TAP" — global discovery: every EPN-TAP table the
 * registry knows, with the TAP service that serves it and the query the course
 * would send to each.
 *
 * What runs here: the discovery part, against the RegTAP test bed of the local
 * DaCHS (its planetary.example records declare `ivo://ivoa.net/std/epntap#table-2.0`
 * tables with auxiliary TAP access), then the course's granule query on every
 * table found, each an outcome (the planetary.example records point at hosts
 * that do not exist, so those fail; a table on the local DaCHS must answer).
 * The course's "odds and ends" (hash lists, c1min/c1max conventions, typed
 * granules) belong to @vo/epntap, which has not landed yet; until it does this
 * section uses plain TAP and the EPN-TAP column names.
 *
 * Differences from pyVO: pyVO's
 * `registry.search(registry.Datamodel("epntap"), includeaux=True)` is
 * `search(client, { datamodel: "epntap", servicetype: "tap", includeaux: true })`;
 * `getTables()` gives the registered table names (VOSI tables when the registry
 * lists none), and `getService("tap", { lax: true })` the `tap#aux` endpoint.
 * The registry is `IVOA_REGISTRY`, else the local DaCHS's RegTAP service.
 */
import { createClient, fanOut } from "@vo/core";
import { stringLiteral, tap } from "@vo/protocol-tap";
import type { TAPService } from "@vo/protocol-tap";
import { registry, search } from "@vo/registry";
import { check, runIfMain, services } from "./_course.js";
import type { CourseContext } from "./_course.js";

/** Runs the discovery against the RegTAP test bed, then the query on every table found. */
export async function main({ dachs, log, signal }: CourseContext): Promise<void> {
  const endpoint = process.env.IVOA_REGISTRY ?? services(dachs).tap;
  const client = createClient({ plugins: [registry({ endpoint }), tap()] });
  try {
    const found = await search(client, { datamodel: "epntap", servicetype: "tap", includeaux: true, signal });
    log(`${found.length} EPN-TAP tables with TAP access`);
    const targets: { ivoid: string; table: string; service: TAPService }[] = [];
    for (const r of found) {
      const tables = [...(await r.getTables({ signal })).values()].filter((t) => /epntap#table-2|epncore#schema-2/i.test(t.utype ?? ""));
      for (const t of tables) targets.push({ ivoid: r.ivoid, table: t.name, service: r.getService("tap", { lax: true }) as TAPService });
    }
    for (const id of ["ivo://planetary.example/planets", "ivo://planetary.example/mars/crism"]) {
      check(targets.some((t) => t.ivoid === id), `the registry lists the EPN-TAP table of ${id}`);
    }
    // The same granule query on every table (the course's loop), bounded and with a time limit per service.
    const outcomes = await fanOut(
      targets,
      async ({ table, service }, { signal }) =>
        (await service.runSync(`SELECT TOP 10 granule_uid, target_name, time_min FROM ${table} WHERE target_name = ${stringLiteral("Mars")}`, { signal })).length,
      { concurrency: 4, timeout: 15_000, signal },
    );
    for (const o of outcomes) log(`  ${o.item.table} (${o.item.ivoid}): ${o.ok ? `${o.value} Mars granules` : `failed (${o.error.code})`}`);
    // A table the registry places on the local DaCHS must answer (the epntap test bed, where installed).
    for (const o of outcomes.filter((x) => x.item.service.baseUrl.startsWith(dachs))) check(o.ok, `${o.item.table} on the local DaCHS answers`);
  } finally {
    await client.close();
  }
}

runIfMain(import.meta.url, main);

/**
 * Course section "Finding resources" — the registry: services by type and
 * waveband, UAT subjects with `expand_down`, the same query on every ObsCore
 * table found, and the `pos.pm%` catalogue search.
 *
 * The code lives in examples/registry (one file per course example, also run by
 * its integration test); this section runs it and checks what it found.
 *
 * Differences from pyVO: `search(client, { servicetype, waveband, uat, … })`
 * takes one object instead of keyword arguments and returns typed
 * `RegistryResource`s; the loop over services is `found.queryEach(…)` (bounded
 * concurrency, a time limit, one outcome per service instead of the first
 * exception stopping the loop); the UAT ships with @vo/registry, so
 * `expandDown` needs no network. The registry is the RegTAP test bed of the
 * local DaCHS (`IVOA_REGISTRY` names another, e.g. http://reg.g-vo.org/tap).
 * The registry examples read VO_DACHS_URL themselves, as `npm run examples` does.
 */
import { pmCatalogues, servicesByBand, tableSearch, uatSubjects } from "@vo-examples/registry";
import { check, runIfMain } from "./_course.js";
import type { CourseContext } from "./_course.js";

/** Runs the section against the RegTAP test bed of the local DaCHS. */
export async function main({ log }: CourseContext): Promise<void> {
  // registry.search(servicetype="sia", waveband="optical"), then each service at M31.
  const bands = await servicesByBand({ log });
  const local = bands.find((o) => o.item.ivoid === "ivo://vo.integ.local/vosample/img/siap");
  check(local?.ok === true && local.value === 2, "the local SIA service is an optical one and has 2 images at M31");
  check(bands.some((o) => !o.ok), "a registered service that does not answer is an outcome, not a crash");

  // registry.UAT("neutron-stars", expand_down=2)
  const gamma = await uatSubjects("gamma-ray-sources", 1, { log });
  check(gamma.expanded.includes("ivo://astro-archive.example/gamma/grb") && !gamma.exact.includes("ivo://astro-archive.example/gamma/grb"), "expandDown finds the GRB archive under a narrower term");

  // servicetype="tap", datamodel="obscore": the same ADQL on every ObsCore table.
  const tables = await tableSearch({ log });
  check(tables.some((o) => o.ok && o.value >= 6), "the local ObsCore table answers the query");

  // Catalogues whose columns carry pos.pm UCDs, then a cone search on one of them.
  const pm = await pmCatalogues({ log });
  check(pm.byUcd.includes("ivo://survey.example/ppm") && pm.coneRows === 6, "the pos.pm% search finds PPM, and the local catalogue has 6 stars at M31");
}

runIfMain(import.meta.url, main);

/**
 * Course: resources about a topic, by the Unified Astronomy Thesaurus — the
 * term itself, then its narrower terms too (pyVO: `registry.UAT("neutron-stars",
 * expand_down=2)`). The UAT ships with @vo/registry, so this works offline.
 *
 *   node dist/uat-subjects.js
 */
import { createClient } from "@vo/core";
import { registry, search, uat } from "@vo/registry";
import { isMain, REGISTRY, type ExampleOptions } from "./common.js";

/** The ivoids found for a UAT term alone and with `expandDown` levels of narrower terms. */
export async function uatSubjects(term = "neutron-stars", expandDown = 2, options: ExampleOptions = {}): Promise<{ exact: string[]; expanded: string[] }> {
  const log = options.log ?? console.log;
  const client = createClient({ plugins: [registry({ endpoint: REGISTRY })] });
  try {
    const exact = await search(client, uat(term));
    const expanded = await search(client, { uat: { term, expandDown } });
    log(`"${term}": ${exact.length} resources; with ${expandDown} levels of narrower terms: ${expanded.length}`);
    for (const r of expanded) log(`  ${r.ivoid}  ${r.resTitle}`);
    return { exact: exact.ivoids(), expanded: expanded.ivoids() };
  } finally {
    await client.close();
  }
}

if (isMain(import.meta.url)) await uatSubjects();

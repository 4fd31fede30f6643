/**
 * Course section "What a service offers" — a TAP service's capabilities
 * (languages, ADQL features, limits) and table metadata, and a simple
 * service's declared parameters.
 *
 * Differences from pyVO: `await svc.capabilities()` and
 * `await svc.getTapCapability()` are fetched once and cached (pyVO: the
 * `capabilities` property). pyVO's `get_tap_capability().get_adql()
 * .get_feature(type, form)` is `getTapCapability().getAdql()?.getFeature(type,
 * form)`; the TAPRegExt lists have pyVO's names (`languages`,
 * `outputFormats`, `uploadMethods`, `outputLimit`, …) on both. Table
 * columns report the VODataService defaults (`arraysize` "1") as pyVO does.
 */
import { createClient } from "@vo/core";
import { scs } from "@vo/protocol-scs";
import { tap } from "@vo/protocol-tap";
import { check, runIfMain, services } from "./_course.js";
import type { CourseContext } from "./_course.js";

/** Runs the section against the local DaCHS. */
export async function main({ dachs, log, signal }: CourseContext): Promise<void> {
  const client = createClient({ plugins: [tap(), scs()] });
  try {
    const svc = client.service("tap", services(dachs).tap);
    const caps = await svc.capabilities({ signal });
    log(`languages: ${caps.languages.map((l) => `${l.name} ${l.versions.map((v) => v.version).join("/")}`).join(", ")}`);
    log(`output formats: ${caps.outputFormats.flatMap((o) => o.aliases).slice(0, 6).join(", ")}, …`);
    check(caps.languages.some((l) => l.name === "ADQL"), "ADQL is offered");

    const tapCap = await svc.getTapCapability({ signal });
    const union = tapCap.getAdql()?.getFeature("ivo://ivoa.net/std/TAPRegExt#features-adql-sets", "UNION");
    const contains = tapCap.getAdql()?.getFeature("adqlgeo", "CONTAINS");
    log(`UNION: ${union ? "yes" : "no"}; CONTAINS: ${contains ? "yes" : "no"}; default MAXREC ${tapCap.outputLimit?.default?.value}; uploads ${tapCap.uploadMethods.length}`);
    check(union !== undefined && contains !== undefined, "UNION and CONTAINS are declared");
    check(tapCap.outputLimit?.default?.value === 20000, "default MAXREC 20000 (scripts/dachs/services.json)");

    const tables = await svc.tables({ signal });
    const cat = await tables.get("vo_sample.cat");
    for (const c of cat.columns.slice(0, 4)) log(`  ${c.name.padEnd(10)} ${c.datatype?.name}[${c.datatype?.arraysize}] ${c.unit ?? ""} ${c.ucd ?? ""}`);
    check(cat.columns.find((c) => c.name === "ra")?.datatype?.arraysize === "1", 'a scalar column reports arraysize "1"');

    const cone = await client.service("scs", services(dachs).scs).describe({ signal });
    const vmag = cone.inputParams.find((p) => p.name.toLowerCase() === "vmag");
    log(`the cone search declares ${cone.inputParams.map((p) => p.name).join(", ")}; vmag takes a ${vmag?.interval} interval`);
    check(vmag?.interval === "dali", "VMAG is a DALI interval, so { VMAG: [lo, hi] } is sent as one");
  } finally {
    await client.close();
  }
}

runIfMain(import.meta.url, main);

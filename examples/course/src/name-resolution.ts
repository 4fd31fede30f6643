/**
 * Course section "Object names" — the course writes `SkyCoord.from_name("M31")`
 * and searches around the position it gets.
 *
 * Differences from pyVO/astropy: `resolveName(name)` (from @vo/core) asks CDS
 * Sesame and returns `{ ra, dec, objectType, aliases, … }` in ICRS degrees;
 * the endpoint is an option. This example runs without the network: it
 * starts @vo/testkit's Sesame double on loopback unless VO_SESAME_URL names
 * a real Sesame endpoint.
 */
import { resolveName, SesameResolver } from "@vo/core";
import { conesearch } from "@vo/protocol-scs";
import { startSesameDouble } from "@vo/testkit";
import { check, runIfMain, services } from "./_course.js";
import type { CourseContext } from "./_course.js";

/** Runs the section against the local DaCHS (and a local Sesame unless VO_SESAME_URL is set). */
export async function main({ dachs, log, signal }: CourseContext): Promise<void> {
  const double = process.env.VO_SESAME_URL ? undefined : await startSesameDouble();
  try {
    const endpoint = process.env.VO_SESAME_URL ?? double!.endpoint;
    const m31 = await resolveName("M31", { endpoint, signal });
    log(`M31 is at ra=${m31.ra.toFixed(5)} dec=${m31.dec.toFixed(5)} (${m31.objectType ?? "?"}, also ${m31.aliases.join(", ")})`);

    const stars = await conesearch(services(dachs).scs, [m31.ra, m31.dec], 0.05, { signal });
    log(`${stars.length} catalogue stars within 0.05° of it`);
    check(stars.length === 6, "the six stars of the M31 field");

    // One resolver, many names: each name is asked once.
    const sesame = new SesameResolver({ endpoint });
    const [a, b] = await Promise.all([sesame.resolve("NGC 224", { signal }), sesame.resolve("Orion Nebula", { signal })]);
    log(`NGC 224 → ${a.mainId}; Orion Nebula → ra=${b.ra.toFixed(4)} dec=${b.dec.toFixed(4)}`);
    check(a.ra === m31.ra, "NGC 224 is M31");

    const unknown = await resolveName("no such object", { endpoint, signal }).catch((err: unknown) => err);
    log(`an unknown name: ${unknown instanceof Error ? unknown.message : String(unknown)}`);
    check(unknown instanceof Error && unknown.message.includes('"no such object"'), "an unknown name is an error that names it");
  } finally {
    await double?.server.close();
  }
}

runIfMain(import.meta.url, main);

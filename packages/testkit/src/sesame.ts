/**
 * A local stand-in for CDS Sesame, so that name resolution is tested without
 * the network: it answers `<endpoint>/-ox/<databases>?<name>` with Sesame XML
 * for the objects it knows and "Nothing found" for the others.
 */
import { respond, startTestServer } from "./test-server.js";
import type { RouteHandler, TestServer } from "./test-server.js";

/** An object the double knows. */
export interface SesameObject {
  /** ICRS right ascension, degrees. */
  ra: number;
  /** ICRS declination, degrees. */
  dec: number;
  /** Simbad's object type, e.g. "G". */
  otype?: string;
  /** The main identifier, e.g. "M  31". */
  mainId?: string;
  /** Other names the double also answers to. */
  aliases?: string[];
}

/** The objects of the local DaCHS test bed's fields (positions as Simbad gives them). */
export const SESAME_TEST_OBJECTS: Readonly<Record<string, SesameObject>> = {
  M31: { ra: 10.684708333, dec: 41.26875, otype: "AGN", mainId: "M  31", aliases: ["NGC 224", "Andromeda Galaxy", "Andromeda"] },
  M42: { ra: 83.82208, dec: -5.39111, otype: "HII", mainId: "M  42", aliases: ["NGC 1976", "Orion Nebula"] },
};

const norm = (s: string): string => s.trim().replace(/\s+/g, "").toLowerCase();
const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The Sesame XML answer for `name`: the object's position, or "Nothing found". */
export function sesameXml(name: string, found: SesameObject | undefined): string {
  const body = found
    ? `<Resolver name="S=Simbad (test double)"><INFO>from the @vo test double</INFO><otype>${esc(found.otype ?? "")}</otype>` +
      `<jradeg>${found.ra}</jradeg><jdedeg>${found.dec}</jdedeg><oname>${esc(found.mainId ?? name)}</oname>` +
      (found.aliases ?? []).map((a) => `<alias>${esc(a)}</alias>`).join("") +
      `</Resolver>`
    : `<Resolver name="S=Simbad (test double)"><INFO>*** Nothing found ***</INFO></Resolver>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Sesame><Target option="S"><name>${esc(name)}</name>${body}</Target></Sesame>\n`;
}

/**
 * A route handler that answers Sesame requests (`…/-ox/<databases>?<name>`) for `objects`
 * (by name or alias, ignoring case and blanks); mount it as `"*"` or at the endpoint's path.
 */
export function sesameDouble(objects: Readonly<Record<string, SesameObject>> = SESAME_TEST_OBJECTS): RouteHandler {
  const byName = new Map<string, SesameObject>();
  for (const [name, o] of Object.entries(objects)) for (const n of [name, ...(o.aliases ?? []), o.mainId ?? name]) byName.set(norm(n), o);
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (!/\/-ox?\/~?[SNVA]+$/.test(url.pathname)) return respond(404, "not a Sesame request", { "content-type": "text/plain" })(req, res);
    const name = decodeURIComponent(url.search.slice(1).replace(/\+/g, " "));
    return respond(200, sesameXml(name, byName.get(norm(name))), { "content-type": "text/xml" })(req, res);
  };
}

/** Starts the double on loopback; `endpoint` is what `SesameResolver({ endpoint })` takes. */
export async function startSesameDouble(objects?: Readonly<Record<string, SesameObject>>): Promise<{ endpoint: string; server: TestServer }> {
  const server = await startTestServer({ "*": sesameDouble(objects) });
  return { endpoint: `${server.url}/sesame`, server };
}

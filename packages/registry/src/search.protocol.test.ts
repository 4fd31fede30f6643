/**
 * search against an in-process RegTAP stand-in that answers with pyVO's
 * fixtures (GAVO's capabilities, the regtap.xml and multi-interface.xml search
 * results): the ADQL sent, results read into RegistryResources, interfaces and
 * getService's choices.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, definePlugin } from "@vo/core";
import type { Client } from "@vo/core";
import { adql, tap, TAPService } from "@vo/protocol-tap";
import { hang, htmlError, respond, sharedCorpusDir, startTestServer, votableError } from "@vo/testkit";
import type { TestServer } from "@vo/testkit";
import { registry } from "./plugin.js";
import { defineConstraint } from "./constraint.js";
import { RegTAPFeatureMissingError } from "./errors.js";
import { regsearch } from "./regsearch.js";
import { search } from "./search.js";

const corpus = sharedCorpusDir();
const fixture = (name: string): string => readFileSync(join(corpus ?? "/nonexistent", "pyvo/registry/tests/data", name), "utf8");
// a VOSI tableset of the project's own: the rr tables, with a MOC coverage column
const TABLES = `<?xml version="1.0"?>
<vtm:tableset xmlns:vtm="http://www.ivoa.net/xml/VOSITables/v1.0" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <schema><name>rr</name>
    ${["resource", "capability", "interface", "res_subject", "res_role", "res_table", "table_column", "res_detail", "stc_spectral", "stc_temporal"].map((t) => `<table><name>rr.${t}</name></table>`).join("")}
    <table><name>rr.stc_spatial</name>
      <column><name>ivoid</name><dataType xsi:type="vs:VOTableType" arraysize="*">char</dataType></column>
      <column><name>coverage</name><dataType xsi:type="vs:VOTableType" arraysize="*" extendedType="moc">char</dataType></column>
    </table>
  </schema>
</vtm:tableset>`;

let server: TestServer;
let client: Client;
let answer = "regtap.xml";

beforeAll(async () => {
  if (!corpus) throw new Error("the shared corpus (pyVO's registry fixtures) is missing: set VO_CORPUS");
  server = await startTestServer({
    "/tap/capabilities": respond(200, fixture("capabilities.xml"), { "content-type": "text/xml" }),
    "/tap/tables": respond(200, TABLES, { "content-type": "text/xml" }),
    "/tap/sync": (req, res) => respond(200, fixture(answer), { "content-type": "application/x-votable+xml" })(req, res),
  });
  client = createClient({ plugins: [registry({ endpoint: `${server.url}/tap` }), tap()] });
});
afterAll(async () => {
  await client?.close();
  await server?.close();
});

function lastQuery(): string {
  const req = server.requests.filter((r) => r.url.startsWith("/tap/sync")).at(-1)!;
  return new URLSearchParams(req.body.toString("utf8")).get("QUERY") ?? "";
}

describe("search against pyVO's RegTAP fixtures", () => {
  it("sends one RegTAP query with the constraints AND-ed, and MAXREC", async () => {
    answer = "regtap.xml";
    const found = await search(client, "pulsar", { ucd: "pos.distance", waveband: "Radio", maxrec: 50 });
    const q = lastQuery();
    expect(q).toMatch(/^SELECT ivoid, res_type, .* FROM rr\.resource NATURAL LEFT OUTER JOIN rr\.capability NATURAL LEFT OUTER JOIN rr\.interface WHERE /);
    expect(q).toContain("(ivoid IN (SELECT DISTINCT d.ivoid FROM rr.resource AS d WHERE 1 = ivo_hasword(d.res_description, 'pulsar') UNION");
    expect(q).toContain(" AND (ivoid IN (SELECT DISTINCT sub0.ivoid FROM rr.table_column AS sub0 WHERE ucd LIKE 'pos.distance'))");
    expect(q).toContain(" AND (1 = ivo_hashlist_has(rr.resource.waveband, 'radio'))");
    const body = new URLSearchParams(server.requests.filter((r) => r.url.startsWith("/tap/sync")).at(-1)!.body.toString("utf8"));
    expect(body.get("MAXREC")).toBe("50");
    expect(found.length).toBe(30);
  });

  it("reads pyVO's columns into RegistryResources", async () => {
    answer = "regtap.xml";
    const found = await search(client, { keywords: "pulsar" });
    const r = found.at(0)!;
    expect(r.ivoid).toBe("ivo://cds.vizier/j/a+a/492/923");
    expect(r.shortName).toBe("J/A+A/492/923");
    expect(r.resType).toBe("vs:catalogservice");
    expect(r.waveband).toEqual(["gamma-ray", "radio"]);
    expect(r.creators.slice(0, 3)).toEqual(["Smith D.A.", "Guillemot L.", "Camilo F."]);
    expect(r.regionOfRegard).toBeUndefined();
    expect(r.accessModes()).toEqual(new Set(["conesearch", "tap#aux", "web"]));
    expect(found.get("J/A+A/492/923")).toBe(r);
    expect(found.get("IVO://CDS.VIZIER/J/A+A/492/923")).toBe(r);
    expect(found.getSummary()[0]).toMatchObject({ index: 0, shortName: "J/A+A/492/923", interfaces: "conesearch, tap#aux, web" });
    expect(r.describe()).toContain("IVOA Identifier: ivo://cds.vizier/j/a+a/492/923");
  });

  it("regsearch, pyVO's top-level shorthand, searches without a client of one's own", async () => {
    answer = "regtap.xml";
    const found = await regsearch({ keywords: "pulsar" }, { service: `${server.url}/tap` });
    expect(found.at(0)!.ivoid).toBe("ivo://cds.vizier/j/a+a/492/923");
    expect(lastQuery()).toContain("ivo_hasword(d.res_description, 'pulsar')");
    expect(found.at(0)!.getService("tap")).toBeInstanceOf(TAPService);
  });

  it("picks among several interfaces as pyVO does (multi-interface.xml)", async () => {
    answer = "multi-interface.xml";
    const r = (await search(client, { ivoid: "ivo://org.gavo.dc/flashheros/q/ssa" })).at(0)!;
    expect(r.interfaces.length).toBeGreaterThan(6);
    expect(r.accessModes()).toEqual(new Set(["datalink#links-1.1", "soda#sync-1.0", "tap#aux", "ssa", "web"]));
    expect(r.listInterfaces().map((i) => i.shortName)).not.toContain("vosi#tables");
    expect(r.getInterface("tap").accessUrl).toBe("http://dc.zah.uni-heidelberg.de/tap");
    const svc = r.getService("tap");
    expect(svc).toBeInstanceOf(TAPService);
    expect(() => r.getService()).toThrow(/pass \{ lax: true \}/);
    expect(r.getInterface(undefined, { lax: true }).standardId).toBe("ivo://ivoa.net/std/datalink#links-1.1");
    // pyVO's `service`: the lax choice, here a datalink service, for which this client has no plugin.
    expect(() => r.service).toThrow(expect.objectContaining({ code: "VO_ERR_PLUGIN_MISSING" }));
    const withLinks = client.with({
      plugins: [definePlugin({ name: "links", version: "1.0.0", core: "*", register: (reg) => reg.service("ivo://ivoa.net/std/datalink#links-1.1", (_ctx, url) => ({ standardId: "links", baseUrl: String(url) })) })],
    });
    const r2 = (await search(withLinks, { ivoid: "ivo://org.gavo.dc/flashheros/q/ssa" })).at(0)!;
    expect(r2.service.baseUrl).toBe(r2.getInterface(undefined, { lax: true }).accessUrl);
    expect(r2.service).toBe(r2.service);
    expect(r.getInterface("web").accessUrl).toMatch(/^http/);
    expect(() => r.getService("ssa")).toThrow(expect.objectContaining({ code: "VO_ERR_PLUGIN_MISSING", packageHint: "@vo/protocol-ssa" }));
    expect(() => r.getInterface("sia2")).toThrow(/offers \(/);
  });
});

describe("a misbehaving registry", () => {
  let bad: TestServer;
  let capabilitiesOk = false;
  let badClient: Client;
  beforeAll(async () => {
    bad = await startTestServer({
      "/tap/capabilities": (req, res) => (capabilitiesOk ? respond(200, fixture("capabilities.xml"), { "content-type": "text/xml" }) : htmlError(502))(req, res),
      "/tap/tables": respond(200, TABLES, { "content-type": "text/xml" }),
      "/tap/sync": votableError("Could not parse your query: Expected boolean expression"),
      "/slow/capabilities": hang(),
      "/slow/tables": hang(),
    });
    badClient = createClient({ plugins: [registry({ endpoint: `${bad.url}/tap` }), tap()] });
  });
  afterAll(async () => {
    await badClient?.close();
    await bad?.close();
  });

  it("an HTML error page for its capabilities is a DALServiceError with status and URL, and is not memoised", async () => {
    await expect(search(badClient, { servicetype: "tap" })).rejects.toMatchObject({ name: "DALServiceError", status: 502, url: `${bad.url}/tap/capabilities` });
    capabilitiesOk = true;
    await expect(search(badClient, { servicetype: "tap" })).rejects.toMatchObject({ name: "DALQueryError", message: expect.stringContaining("Expected boolean expression") });
  });

  it("an error the registry reports for the query is a DALQueryError with its message", async () => {
    capabilitiesOk = true;
    await expect(search(badClient, "pulsar")).rejects.toMatchObject({ code: "VO_ERR_QUERY", url: expect.stringContaining("/tap/sync") });
  });

  it("a registry that does not answer: the caller's signal aborts the search", async () => {
    const controller = new AbortController();
    const p = search(badClient, { servicetype: "tap", service: `${bad.url}/slow`, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user gave up")), 100);
    await expect(p).rejects.toThrow("user gave up");
  });

  it("missing features are reported before any query is sent", async () => {
    capabilitiesOk = true;
    const validated = defineConstraint({
      keyword: "validated",
      tables: ["rr.validation"],
      requires: (reg) => (reg.hasTable("rr.validation") ? undefined : "the table rr.validation"),
      condition: () => adql`val_level >= ${3}`,
    });
    const c2 = badClient.with({ plugins: [definePlugin({ name: "v", version: "1.0.0", core: "*", register: (r) => r.constraint(validated.keyword, validated) })] });
    try {
      const before = bad.requests.filter((r) => r.url.startsWith("/tap/sync")).length;
      const attempt = search(c2, validated.of(undefined), { servicetype: "tap" });
      await expect(attempt).rejects.toBeInstanceOf(RegTAPFeatureMissingError);
      await expect(attempt).rejects.toMatchObject({ keyword: "validated", feature: "the table rr.validation", url: `${bad.url}/tap` });
      expect(bad.requests.filter((r) => r.url.startsWith("/tap/sync")).length).toBe(before);
    } finally {
      await c2.close();
    }
  });
});

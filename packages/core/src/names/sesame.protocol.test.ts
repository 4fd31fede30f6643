/** Name resolution against @vo/testkit's Sesame double: no real network. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DALFormatError, DALQueryError, DALServiceError, ParameterError } from "@vo/votable";
import { respond, startSesameDouble, startTestServer } from "@vo/testkit";
import type { TestServer } from "@vo/testkit";
import { createUndiciTransport } from "../transport/undici-transport.js";
import type { Transport } from "../transport/types.js";
import { parseSesame, resolveName, SesameResolver } from "./sesame.js";

let double: { endpoint: string; server: TestServer };
let broken: TestServer;
let transport: Transport;
beforeAll(async () => {
  double = await startSesameDouble();
  broken = await startTestServer({
    "/down/-ox/SNV": respond(503, "maintenance", { "content-type": "text/plain" }),
    "/html/-ox/SNV": respond(200, "<html><body>hello</body></html>", { "content-type": "text/html" }),
  });
  transport = createUndiciTransport({ retries: { max: 0 } });
});
afterAll(async () => {
  await transport.close();
  await double.server.close();
  await broken.close();
});

describe("SesameResolver against a local double", () => {
  it("resolves a name (and its aliases, any case and spacing) to ICRS degrees, asking once per name", async () => {
    const sesame = new SesameResolver({ endpoint: double.endpoint, transport });
    const m31 = await sesame.resolve("M31");
    expect(m31).toMatchObject({ name: "M31", ra: 10.684708333, dec: 41.26875, objectType: "AGN", mainId: "M  31" });
    expect(m31.aliases).toContain("NGC 224");
    expect((await sesame.resolve("ngc  224")).ra).toBe(10.684708333);
    const before = double.server.requests.length;
    await sesame.resolve("m31");
    expect(double.server.requests.length).toBe(before);
    expect(double.server.requests[0]!.url).toBe("/sesame/-ox/SNV?M31");
  });

  it("sends the databases asked for and encodes the name", async () => {
    await new SesameResolver({ endpoint: `${double.endpoint}/`, transport, databases: "N" }).resolve("Orion Nebula");
    expect(double.server.requests.at(-1)!.url).toBe("/sesame/-ox/N?Orion%20Nebula");
    expect(() => new SesameResolver({ databases: "X" })).toThrow(ParameterError);
  });

  it("says which name is unknown, and refuses an empty one", async () => {
    const err = await resolveName("no such thing", { endpoint: double.endpoint, transport }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALQueryError);
    expect((err as Error).message).toBe('Sesame knows no object named "no such thing" (*** Nothing found ***)');
    expect(() => resolveName(" ", { endpoint: double.endpoint })).toThrow(ParameterError);
  });

  it("reports HTTP errors and answers that are not Sesame XML", async () => {
    await expect(resolveName("M31", { endpoint: `${broken.url}/down`, transport })).rejects.toMatchObject({ status: 503, bodyExcerpt: "maintenance" });
    await expect(resolveName("M31", { endpoint: `${broken.url}/down`, transport })).rejects.toBeInstanceOf(DALServiceError);
    await expect(resolveName("M31", { endpoint: `${broken.url}/html`, transport })).rejects.toBeInstanceOf(DALFormatError);
  });
});

describe("parseSesame", () => {
  it("reads CDS's answer: the first resolver with a position wins", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Sesame xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://vizier.u-strasbg.fr/xml/sesame_4x.xsd">
<Target option="NS">
  <name>M 1</name>
  <INFO>*** NED: nothing found</INFO>
  <Resolver name="N=NED (local)"><INFO>*** Nothing found ***</INFO></Resolver>
  <Resolver name="S=Simbad (via url):    1">
    <INFO>from cache</INFO><oid>3266434</oid><otype>SNR</otype>
    <jpos>05:34:31.93 +22:00:52.1</jpos><jradeg>83.63308</jradeg><jdedeg>22.01450</jdedeg>
    <refPos>2011A&amp;A...533A..10L</refPos><oname>M   1</oname><alias>NGC 1952</alias><alias>Crab Nebula</alias>
  </Resolver>
</Target>
</Sesame>`;
    expect(parseSesame(xml, "M 1")).toEqual({
      name: "M 1",
      ra: 83.63308,
      dec: 22.0145,
      resolver: "S=Simbad (via url):    1",
      objectType: "SNR",
      mainId: "M   1",
      aliases: ["NGC 1952", "Crab Nebula"],
    });
  });
});

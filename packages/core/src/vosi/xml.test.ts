/**
 * The element tree of UWS, VOSI and error documents expands internal DTD
 * entities with the VOTable reader's limits (one implementation, @vo/votable's
 * EntityTable) and never fetches external ones (issue #12).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { DALFormatError } from "@vo/votable";
import { parseXml, type ParseWarning } from "./xml.js";
import { parseVOSICapabilities } from "./capabilities.js";

const UWS = "http://www.ivoa.net/xml/UWS/v1.0";
const withDoctype = (subset: string, body: string): string => `<?xml version="1.0"?>\n<!DOCTYPE job [\n${subset}\n]>\n${body}`;

describe("parseXml: DTD entities", () => {
  it("expands internal entities in text and attribute values, nested ones and character references included", () => {
    const text = withDoctype(
      `<!ENTITY star "Vega"><!ENTITY msg "query on &star; failed &#8212; &amp; stopped">`,
      `<uws:job xmlns:uws="${UWS}"><uws:jobId>&star;</uws:jobId><uws:errorSummary type="&star;"><uws:message>&msg;</uws:message></uws:errorSummary></uws:job>`,
    );
    const root = parseXml(text, "UWS");
    expect(root.children[0]!.text).toBe("Vega");
    expect(root.children[1]!.attributes[0]!.value).toBe("Vega");
    expect(root.children[1]!.children[0]!.text).toBe("query on Vega failed — & stopped");
  });

  it("reads the same whatever the source type (string, bytes, ArrayBuffer)", () => {
    const text = withDoctype(`<!ENTITY a "alpha">`, `<r>&a;</r>`);
    const bytes = new TextEncoder().encode(text);
    for (const src of [text, bytes, bytes.buffer]) expect(parseXml(src, "VOSI").text).toBe("alpha");
  });

  it("billion laughs ends at once with a DALFormatError (reason VO_LIMIT_ENTITIES), in text or in an attribute", () => {
    const laughs = [`<!ENTITY lol "lol">`, ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? "" : i};`.repeat(10)}">`)].join("");
    for (const body of [`<r>&lol9;</r>`, `<r a="&lol9;"/>`, `<r><s><t>&lol5;&lol9;</t></s></r>`]) {
      const t0 = performance.now();
      let err: unknown;
      try {
        parseXml(withDoctype(laughs, body), "UWS");
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DALFormatError);
      expect((err as DALFormatError).reason).toBe("VO_LIMIT_ENTITIES");
      expect((err as DALFormatError).message).toMatch(/^UWS: entity &lol\d; expands to more than/);
      expect(performance.now() - t0).toBeLessThan(1000);
    }
  });

  it("never fetches an external entity: its reference reads as a note, with a warning", async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end("secret");
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    try {
      const warnings: ParseWarning[] = [];
      const root = parseXml(withDoctype(`<!ENTITY xxe SYSTEM "${url}"><!ENTITY f SYSTEM "file:///etc/passwd">`, `<m>error: &xxe; &f;</m>`), "UWS", { onWarning: (w) => warnings.push(w) });
      expect(root.text).toBe("error: [external entity xxe not fetched] [external entity f not fetched]");
      expect(warnings.map((w) => w.message)).toEqual([
        `entity &xxe; is external (${url}) and is never fetched`,
        "entity &f; is external (file:///etc/passwd) and is never fetched",
      ]);
      await new Promise((done) => setTimeout(done, 50));
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });

  it("VOSI capabilities use entities in access URLs", () => {
    const caps = withDoctype(
      `<!ENTITY base "http://example.org/tap">`,
      `<vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1"><capability standardID="ivo://ivoa.net/std/TAP"><interface xsi:type="vs:ParamHTTP" role="std"><accessURL use="base">&base;</accessURL></interface></capability></vosi:capabilities>`,
    );
    const parsed = parseVOSICapabilities(caps);
    expect(JSON.stringify(parsed)).toContain("http://example.org/tap");
    expect(JSON.stringify(parsed)).not.toContain("&base;");
  });
});

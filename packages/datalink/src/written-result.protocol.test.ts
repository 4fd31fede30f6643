/**
 * A result written to a VOTable and read back answers DataLink and SODA as
 * the server's own answer does: the same descriptors, the same links per row
 * (iterDatalinks, datalinks), the same SODA request.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUndiciTransport, queryResultSet, queryResultStream, ResultSet } from "@vo/core";
import type { Record, Transport } from "@vo/core";
import { respond, sharedCorpusDir, startTestServer } from "@vo/testkit";
import type { TestServer } from "@vo/testkit";
import { parseVOTable, writeVOTableToBytes } from "@vo/votable";
import type { Row } from "@vo/votable";
import { serviceDescriptors } from "./descriptor.js";
import { datalinkDescriptor, datalinks, iterDatalinks, processed, sodaDescriptor } from "./iter-datalinks.js";

const VOT = { "content-type": "application/x-votable+xml" };
const SERIALIZATIONS = ["TABLEDATA", "BINARY", "BINARY2"] as const;

/** A result whose only way to links is its DataLink descriptor (after the table, as DaCHS writes it), with a SODA descriptor too. */
function resultDocument(base: string, n: number): string {
  const rows = Array.from({ length: n }, (_, i) => `<TR><TD>${i}</TD><TD>ivo://example/data?${i}</TD><TD>${10 + i / 100}</TD></TR>`).join("");
  return (
    `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">` +
    `<INFO name="QUERY_STATUS" value="OK"/><COOSYS ID="sys" system="ICRS"/><TABLE>` +
    `<FIELD name="n" datatype="int"/><FIELD name="obs_publisher_did" ID="did" datatype="char" arraysize="*" ucd="meta.id;meta.main"/>` +
    `<FIELD name="ra" ID="ra" datatype="double" unit="deg" ref="sys" ucd="pos.eq.ra;meta.main"/>` +
    `<DATA><TABLEDATA>${rows}</TABLEDATA></DATA></TABLE><INFO name="QUERY_STATUS" value="OK">trailing</INFO></RESOURCE>` +
    `<RESOURCE type="meta" utype="adhoc:service" name="links"><DESCRIPTION>links of each row</DESCRIPTION>` +
    `<GROUP name="inputParams"><PARAM name="ID" datatype="char" arraysize="*" ref="did" value=""/></GROUP>` +
    `<PARAM name="standardID" datatype="char" arraysize="*" value="ivo://ivoa.net/std/DataLink#links-1.1"/>` +
    `<PARAM name="accessURL" datatype="char" arraysize="*" value="${base}/links"/></RESOURCE>` +
    `<RESOURCE type="meta" utype="adhoc:service" ID="cut"><GROUP name="inputParams">` +
    `<PARAM name="ID" datatype="char" arraysize="*" ref="did" value=""/>` +
    `<PARAM name="BAND" datatype="double" arraysize="2" xtype="interval" unit="m" value=""><VALUES><MIN value="1e-7"/><MAX value="1e-5"/></VALUES></PARAM>` +
    `</GROUP><PARAM name="standardID" datatype="char" arraysize="*" value="ivo://ivoa.net/std/SODA#sync-1.0"/>` +
    `<PARAM name="accessURL" datatype="char" arraysize="*" value="${base}/soda"/></RESOURCE></VOTABLE>`
  );
}

function linksDocument(base: string, ids: readonly string[]): string {
  const rows = ids
    .map((id) => `<TR><TD>${id}</TD><TD>${base}/data/${encodeURIComponent(id)}</TD><TD/><TD/><TD>#this</TD></TR><TR><TD>${id}</TD><TD>${base}/pre/${encodeURIComponent(id)}</TD><TD/><TD/><TD>#preview</TD></TR>`)
    .join("");
  return (
    `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results"><TABLE>` +
    ["ID", "access_url", "service_def", "error_message", "semantics"].map((n) => `<FIELD name="${n}" datatype="char" arraysize="*"/>`).join("") +
    `<DATA><TABLEDATA>${rows}</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`
  );
}

const idsOf = (body: Buffer | string): string[] => new URLSearchParams(String(body)).getAll("ID");

let server: TestServer;
let transport: Transport;

beforeEach(async () => {
  server = await startTestServer({
    "/result": (req, res) => respond(200, resultDocument(server.url, 7), VOT)(req, res),
    // The same, in two parts: the descriptors arrive after the reader has started on the rows.
    "/slow": (_req, res) => {
      const text = resultDocument(server.url, 7);
      const cut = text.indexOf("</TABLEDATA>");
      res.writeHead(200, VOT);
      res.write(text.slice(0, cut));
      setTimeout(() => res.end(text.slice(cut)), 100);
    },
    "/links": (req, res) => respond(200, linksDocument(server.url, req.method === "POST" ? idsOf(req.body) : idsOf((req.url ?? "").split("?")[1] ?? "")), VOT)(req, res),
    "/soda": (req, res) => respond(200, "cutout", { "content-type": "application/fits" })(req, res),
  });
  transport = createUndiciTransport();
});
afterEach(async () => {
  await transport.close?.();
  await server.close();
});

/** Every link of every row: row, ID, semantics, access URL. */
async function allLinks(rs: ResultSet): Promise<string[][]> {
  const out: string[][] = [];
  let row = 0;
  for await (const links of iterDatalinks(rs, { batchSize: 3 })) {
    for (const l of links) out.push([String(row), l.id ?? "", l.semantics ?? "", l.accessUrl ?? ""]);
    row++;
  }
  return out;
}

/** The written result, read back as a file is (`vo datalink x.vot`). */
async function reread(bytes: Uint8Array): Promise<ResultSet> {
  const doc = await parseVOTable(bytes);
  return new ResultSet(doc.resultTable()!, doc.meta, "file:///x.vot", undefined, { transport });
}

describe("a written result answers like the server's", () => {
  for (const serialization of SERIALIZATIONS) {
    it(`${serialization}: a ResultSet's table, written and read back`, async () => {
      const original = await queryResultSet(transport, `${server.url}/result`);
      const again = await reread(await writeVOTableToBytes(original.toTable(), { serialization }));
      expect(serviceDescriptors(again.document)).toEqual(serviceDescriptors(original.document));
      expect(sodaDescriptor(again.document)).toEqual(sodaDescriptor(original.document));
      expect(datalinkDescriptor(again.document)?.accessUrl).toBe(`${server.url}/links`);
      expect(again.getField("ra")).toEqual(original.getField("ra"));
      expect(again.infos).toEqual(original.infos);
      expect(again.document.resources[0]!.coosys).toEqual([{ ID: "sys", system: "ICRS" }]);
      const want = await allLinks(original);
      expect(want).toHaveLength(14);
      expect(await allLinks(again)).toEqual(want);
      const one = await datalinks(again.at(4)!);
      expect(one.toArray().map((l) => [l.id, l.semantics])).toEqual([["ivo://example/data?4", "#this"], ["ivo://example/data?4", "#preview"]]);
    });

    it(`${serialization}: a streamed result, written as it is read (the CLI's -o)`, async () => {
      const stream = await queryResultStream(transport, `${server.url}/slow`);
      // The descriptors come after the table: not read yet when the writing starts.
      expect(serviceDescriptors(stream.document)).toHaveLength(0);
      const rows = (async function* (): AsyncGenerator<Row> {
        for await (const r of stream as AsyncIterable<Record>) yield [...r.cells];
      })();
      const bytes = await writeVOTableToBytes({ meta: stream.document, tables: [{ meta: stream.table, fields: [...stream.fields], rows }] }, { serialization });
      const again = await reread(bytes);
      const original = await queryResultSet(transport, `${server.url}/result`);
      expect(serviceDescriptors(again.document)).toEqual(serviceDescriptors(original.document));
      expect(again.infos).toEqual(original.infos);
      expect(await allLinks(again)).toEqual(await allLinks(original));
      // A SODA request through the file goes to the descriptor's URL with the row's ID.
      const before = server.requests.length;
      const response = await processed(again.at(2)!, { band: [2e-7, 3e-7] });
      expect(await response.text()).toBe("cutout");
      const sent = server.requests.slice(before).find((r) => r.url.startsWith("/soda"))!;
      const query = new URLSearchParams(sent.method === "POST" ? String(sent.body) : sent.url.split("?")[1]);
      expect(query.get("ID")).toBe("ivo://example/data?2");
      expect(query.get("BAND")).toBe("2e-7 3e-7");
    });
  }
});

const corpusDir = sharedCorpusDir();

describe.runIf(corpusDir !== undefined)("corpus results keep their descriptors through a write", () => {
  for (const name of ["datalink-ssa.xml", "datalink-obscore.xml", "cutout1.xml", "proc.xml", "datalink.xml"]) {
    it(name, async () => {
      const doc = await parseVOTable(readFileSync(join(corpusDir!, "pyvo/dal/tests/data/datalink", name)));
      const original = new ResultSet(doc.resultTable()!, doc.meta, name);
      expect(serviceDescriptors(original.document).length).toBeGreaterThan(0);
      for (const serialization of SERIALIZATIONS) {
        const bytes = await writeVOTableToBytes(original.toTable(), { serialization }).catch((e: unknown) => {
          // BINARY cannot hold a null integer without VALUES null; the writer says so.
          if (serialization === "BINARY" && /BINARY needs <VALUES null/.test(String(e))) return undefined;
          throw e;
        });
        if (bytes === undefined) continue;
        const again = await reread(bytes);
        expect(serviceDescriptors(again.document), serialization).toEqual(serviceDescriptors(original.document));
        expect(datalinkDescriptor(again.document)).toEqual(datalinkDescriptor(original.document));
        expect(sodaDescriptor(again.document)).toEqual(sodaDescriptor(original.document));
        expect(again.fields).toEqual(original.fields);
        expect(again.infos).toEqual(original.infos);
        expect(again.params).toEqual(original.params);
      }
    });
  }
});

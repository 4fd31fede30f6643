import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClient, createUndiciTransport, DALServiceError, definePlugin, PluginError, queryResultSet, queryResultStream } from "@vo/core";
import type { Record, ResultSet, ServiceContext, Transport } from "@vo/core";
import { respond, sharedCorpusDir, startTestServer } from "@vo/testkit";
import type { TestServer } from "@vo/testkit";
import { datalink } from "./plugin.js";
import { datalinks, getDataset, iterDatalinks, processed } from "./iter-datalinks.js";
import type { DatalinkResults } from "./links.js";

const VOT = { "content-type": "application/x-votable+xml" };
const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

/** A DataLink-like service: #this and #preview per ID, an error row for IDs starting with "bad", at most `limit` IDs answered (then OVERFLOW). */
function linksDocument(base: string, ids: readonly string[], limit = Infinity): string {
  const answered = ids.slice(0, limit);
  const rows = answered
    .map((id) =>
      id.startsWith("bad")
        ? `<TR><TD>${esc(id)}</TD><TD/><TD/><TD>NotFoundFault: ${esc(id)} is unknown</TD><TD>#this</TD><TD/><TD/><TD>-1</TD></TR>`
        : `<TR><TD>${esc(id)}</TD><TD>${base}/data/${encodeURIComponent(id)}</TD><TD/><TD/><TD>#this</TD><TD>the data</TD><TD>image/fits</TD><TD>11</TD></TR>` +
          `<TR><TD>${esc(id)}</TD><TD>${base}/preview/${encodeURIComponent(id)}</TD><TD/><TD/><TD>#preview-image</TD><TD>a preview</TD><TD>image/png</TD><TD>-1</TD></TR>` +
          `<TR><TD>${esc(id)}</TD><TD/><TD>cut</TD><TD/><TD>#cutout</TD><TD>a cutout</TD><TD/><TD>-1</TD></TR>`,
    )
    .join("");
  const status = answered.length < ids.length ? "OVERFLOW" : "OK";
  return (
    `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">` +
    `<INFO name="QUERY_STATUS" value="OK"/><TABLE>` +
    ["ID", "access_url", "service_def", "error_message", "semantics", "description", "content_type"].map((n) => `<FIELD name="${n}" datatype="char" arraysize="*"/>`).join("") +
    `<FIELD name="content_length" datatype="long"><VALUES null="-1"/></FIELD><DATA><TABLEDATA>${rows}</TABLEDATA></DATA></TABLE>` +
    `<INFO name="QUERY_STATUS" value="${status}"/></RESOURCE>` +
    `<RESOURCE type="meta" utype="adhoc:service" ID="cut"><GROUP name="inputParams">` +
    `<PARAM name="ID" datatype="char" arraysize="*" value="${esc(answered[0] ?? "")}"/>` +
    `<PARAM name="CIRCLE" datatype="double" arraysize="3" xtype="circle" unit="deg" value=""><VALUES><MAX value="10 20 0.5"/></VALUES></PARAM>` +
    `</GROUP><PARAM name="standardID" datatype="char" arraysize="*" value="ivo://ivoa.net/std/SODA#sync-1.0"/>` +
    `<PARAM name="accessURL" datatype="char" arraysize="*" value="${base}/soda"/></RESOURCE></VOTABLE>`
  );
}

/** A TAP-like result of `n` rows whose descriptor (after the table, as DaCHS writes it) points at /links. */
function resultDocument(base: string, dids: readonly string[], opts: { rowLevel?: boolean } = {}): string {
  const rows = dids
    .map((d, i) => `<TR><TD>${i}</TD><TD>${esc(d)}</TD><TD>${base}/links?ID=${encodeURIComponent(d)}</TD><TD>application/x-votable+xml;content=datalink</TD></TR>`)
    .join("");
  const descriptor = opts.rowLevel
    ? ""
    : `<RESOURCE type="meta" utype="adhoc:service"><GROUP name="inputParams"><PARAM name="ID" datatype="char" arraysize="*" ref="did" value=""/></GROUP>` +
      `<PARAM name="standardID" datatype="char" arraysize="*" value="ivo://ivoa.net/std/DataLink#links-1.1"/>` +
      `<PARAM name="accessURL" datatype="char" arraysize="*" value="${base}/links"/></RESOURCE>`;
  return (
    `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">` +
    `<INFO name="QUERY_STATUS" value="OK"/><TABLE><FIELD name="n" datatype="int"/><FIELD name="obs_publisher_did" ID="did" datatype="char" arraysize="*"/>` +
    `<FIELD name="access_url" datatype="char" arraysize="*"/><FIELD name="access_format" datatype="char" arraysize="*"/>` +
    `<DATA><TABLEDATA>${rows}</TABLEDATA></DATA></TABLE></RESOURCE>${descriptor}</VOTABLE>`
  );
}

const idsOf = (body: Buffer | string): string[] => new URLSearchParams(String(body)).getAll("ID");

let server: TestServer;
let transport: Transport;
let dids: string[];
let limit: number;
let rowLevel: boolean;
const linkRequests = (): { method: string; ids: string[] }[] =>
  server.requests
    .filter((r) => r.url.startsWith("/links"))
    .map((r) => ({ method: r.method, ids: r.method === "POST" ? idsOf(r.body) : idsOf(r.url.split("?")[1] ?? "") }));

beforeEach(async () => {
  dids = Array.from({ length: 120 }, (_, i) => `ivo://example/data?${i}`);
  limit = Infinity;
  rowLevel = false;
  server = await startTestServer({
    "/result": (req, res) => respond(200, resultDocument(server.url, dids, { rowLevel }), VOT)(req, res),
    "/links": (req, res) => {
      const ids = req.method === "POST" ? idsOf(req.body) : idsOf((req.url ?? "").split("?")[1] ?? "");
      respond(200, linksDocument(server.url, ids, limit), VOT)(req, res);
    },
    "/data/*": respond(200, "SIMPLE  = T", { "content-type": "image/fits" }),
    "*": (req, res) => {
      if ((req.url ?? "").startsWith("/data/")) return respond(200, "SIMPLE  = T", { "content-type": "image/fits" })(req, res);
      if ((req.url ?? "").startsWith("/soda")) return respond(200, "CUTOUT", { "content-type": "image/fits" })(req, res);
      return respond(404, "not here")(req, res);
    },
  });
  transport = createUndiciTransport({ retries: { max: 0 } });
});
afterEach(async () => {
  await transport.close();
  await server.close();
});

async function collect<R extends Record>(it: AsyncIterable<DatalinkResults<R>>): Promise<DatalinkResults<R>[]> {
  const out: DatalinkResults<R>[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("iterDatalinks", () => {
  it("asks for ⌈N/batch⌉ batches of IDs by POST and yields every row's links in row order", async () => {
    const rs = await queryResultSet(transport, `${server.url}/result`);
    const all = await collect(iterDatalinks(rs, { batchSize: 50 }));
    expect(linkRequests().map((r) => [r.method, r.ids.length])).toEqual([["POST", 50], ["POST", 50], ["POST", 20]]);
    expect(linkRequests().flatMap((r) => r.ids)).toEqual(dids);
    expect(all.length).toBe(120);
    all.forEach((links, i) => {
      expect(links.originalRow?.getNumber("n")).toBe(i);
      expect(links.ids).toEqual([dids[i]]);
      expect(links.thisLinks()[0]?.accessUrl).toBe(`${server.url}/data/${encodeURIComponent(dids[i]!)}`);
      expect(links.previews().length).toBe(1); // #preview-image is narrower than #preview
      expect(links.bySemantics("#preview", { includeNarrower: false }).length).toBe(0);
    });
  });

  it("requests a batch only when iteration reaches it", async () => {
    const rs = await queryResultSet(transport, `${server.url}/result`);
    let seen = 0;
    for await (const links of iterDatalinks(rs, { batchSize: 25 })) {
      expect(links.length).toBe(3);
      if (++seen === 30) break;
    }
    expect(linkRequests().length).toBe(2);
  });

  it("follows a service that truncates (OVERFLOW): asks again for what is missing, in smaller batches, without an overflow warning", async () => {
    limit = 20;
    const warnings: string[] = [];
    const rs = await queryResultSet({ transport, onWarning: (w) => void warnings.push(w.code) }, `${server.url}/result`);
    const all = await collect(iterDatalinks(rs, { batchSize: 50 }));
    expect(all.map((l) => l.ids[0])).toEqual(dids);
    expect(all.every((l) => l.length === 3)).toBe(true);
    const sizes = linkRequests().map((r) => r.ids.length);
    expect(sizes[0]).toBe(50);
    expect(sizes.slice(1).every((n) => n <= 20)).toBe(true);
    // Every ID is asked for until answered, none more than twice.
    const counts = new Map<string, number>();
    for (const id of linkRequests().flatMap((r) => r.ids)) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
    expect(warnings).not.toContain("VO_WARN_OVERFLOW");
  });

  it("keeps error rows per ID instead of throwing", async () => {
    dids = ["ivo://example/data?1", "bad-one", "ivo://example/data?2"];
    const rs = await queryResultSet(transport, `${server.url}/result`);
    const all = await collect(iterDatalinks(rs));
    expect(linkRequests().length).toBe(1);
    expect(all.map((l) => l.errors().length)).toEqual([0, 1, 0]);
    expect(all[1]!.errors()[0]!.errorMessage).toBe("NotFoundFault: bad-one is unknown");
    await expect(all[1]!.getDataset()).rejects.toMatchObject({ name: "DatalinkError", datasetId: "bad-one" });
    expect(await (await all[0]!.getDataset()).text()).toBe("SIMPLE  = T");
  });

  it("a links service that answers a VOTable without DataLink's columns is a DALFormatError naming them", async () => {
    const local = await startTestServer({
      "/result": (req, res) => respond(200, resultDocument(local.url, dids.slice(0, 3)).replaceAll(`${local.url}/links`, `${local.url}/other`), VOT)(req, res),
      "/other": respond(200, resultDocument("http://x", ["a"], { rowLevel: true }), VOT),
    });
    try {
      const rs = await queryResultSet(transport, `${local.url}/result`);
      const err = await collect(iterDatalinks(rs)).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: "DALFormatError", code: "VO_ERR_FORMAT" });
      expect((err as Error).message).toMatch(/no ID, service_def, error_message, semantics columns/);
    } finally {
      await local.close();
    }
  });

  it("fails with DALServiceError when the service answers none of the IDs", async () => {
    limit = 0;
    const rs = await queryResultSet(transport, `${server.url}/result`);
    await expect(collect(iterDatalinks(rs))).rejects.toBeInstanceOf(DALServiceError);
  });

  it("streams: a result stream whose descriptor follows the table gets the same batches", async () => {
    const stream = await queryResultStream(transport, `${server.url}/result`);
    const all = await collect(iterDatalinks(stream, { batchSize: 40 }));
    expect(all.length).toBe(120);
    expect(linkRequests().map((r) => r.ids.length)).toEqual([40, 40, 40]);
  });

  it("batches rows whose own access URL is a links document (ObsCore access_format), stream or not", async () => {
    rowLevel = true;
    const stream = await queryResultStream(transport, `${server.url}/result`);
    let n = 0;
    for await (const links of iterDatalinks(stream, { batchSize: 60 })) {
      expect(links.ids).toEqual([dids[n++]]);
      if (n === 60) expect(linkRequests().length).toBe(1); // the second batch is not asked for yet
    }
    expect(linkRequests().map((r) => [r.method, r.ids.length])).toEqual([["POST", 60], ["POST", 60]]);
  });

  it("gives one row its links, its dataset and a SODA cutout through its processing link", async () => {
    const rs = await queryResultSet(transport, `${server.url}/result`);
    const row = rs.at(7)!;
    const links = await datalinks(row);
    expect(links.originalRow).toBe(row);
    expect(linkRequests()).toEqual([{ method: "GET", ids: [dids[7]] }]);
    expect(await (await getDataset(row)).text()).toBe("SIMPLE  = T");
    const cut = await processed(row, { circle: [10, 20.1, 0.05] });
    expect(await cut.text()).toBe("CUTOUT");
    const sent = server.requests.find((r) => r.url.startsWith("/soda"))!;
    expect(new URL(sent.url, server.url).searchParams.get("CIRCLE")).toBe("10 20.1 0.05");
    await expect(processed(row, { circle: [200, -20, 0.05] })).rejects.toMatchObject({ name: "ParameterError", parameter: "CIRCLE" });
  });
});

describe("the datalink() plugin", () => {
  /** A plugin that hands out the client's service context, as protocol plugins receive it. */
  const capture = definePlugin<{ capture: { standardId: string; baseUrl: string; ctx: ServiceContext } }>({
    name: "capture",
    version: "1.0.0",
    core: "*",
    register(r) {
      r.service("ivo://example/capture", (ctx, url) => ({ standardId: "ivo://example/capture", baseUrl: url, ctx }), { aliases: ["capture"] });
    },
  });

  it("carries a client's results to their links; a client without it says which plugin to add", async () => {
    const withDl = createClient({ plugins: [capture, datalink()], transport });
    const without = createClient({ plugins: [capture], transport });
    try {
      const ctxOf = (c: typeof without): ServiceContext => (c.service("capture", server.url) as unknown as { ctx: ServiceContext }).ctx;
      const rs: ResultSet = await queryResultSet(ctxOf(withDl), `${server.url}/result`);
      expect((await collect(iterDatalinks(rs))).length).toBe(120);
      expect(withDl.service("datalink", `${server.url}/links`).baseUrl).toBe(`${server.url}/links`);
      const bare = await queryResultSet(ctxOf(without), `${server.url}/result`);
      const err = await collect(iterDatalinks(bare)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PluginError);
      expect(err).toMatchObject({ code: "VO_ERR_PLUGIN_MISSING", packageHint: "@vo/datalink" });
    } finally {
      await withDl.close();
      await without.close();
    }
  });
});

const CORPUS = sharedCorpusDir() ?? "";
describe.runIf(CORPUS !== "")("pyVO's batched exchange (datalink-obscore.xml → cutout1.xml + cutout2.xml)", () => {
  it("maps the links of two answers back to the three ObsCore rows, in order", async () => {
    const dir = `${CORPUS}/pyvo/dal/tests/data/datalink`;
    const read = (f: string): string => readFileSync(`${dir}/${f}`, "utf8");
    let calls = 0;
    const local = await startTestServer({
      "/obscore": (req, res) => respond(200, read("datalink-obscore.xml").replace("https://example.com/obscore-datalink", `${local.url}/dl`), VOT)(req, res),
      "/dl": (req, res) => respond(200, read(++calls === 1 ? "cutout1.xml" : "cutout2.xml"), VOT)(req, res),
    });
    try {
      const rs = await queryResultSet(transport, `${local.url}/obscore`);
      const all = await collect(iterDatalinks(rs));
      expect(calls).toBe(2);
      expect(all.map((l) => l.originalRow?.getString("obs_publisher_did"))).toEqual(all.map((l) => l.ids[0]));
      expect(all.map((l) => l.length)).toEqual([3, 3, 3]);
      expect(all.map((l) => l.bySemantics("#cutout").length)).toEqual([2, 2, 2]);
      // The second request asked only for the ID the first answer lacked.
      const second = local.requests[2]!;
      expect(second.method).toBe("GET");
      expect(idsOf(second.url.split("?")[1] ?? "")).toEqual(["ivo://cadc.nrc.ca/MACHO?54151/cal054151r"]);
    } finally {
      await local.close();
    }
  });
});

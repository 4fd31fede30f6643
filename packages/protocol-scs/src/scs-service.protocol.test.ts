import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, DALQueryError, DALServiceError, ParameterError } from "@vo/core";
import type { Client } from "@vo/core";
import { htmlError, respond, startTestServer, votableError } from "@vo/testkit";
import type { RouteHandler, TestServer } from "@vo/testkit";
import { scs } from "./plugin.js";
import type { SCSService } from "./scs-service.js";

const VOT = "application/x-votable+xml";
const RESULT = `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
<RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/><TABLE>
<FIELD name="id" datatype="char" arraysize="*" ucd="ID_MAIN"/><FIELD name="ra" datatype="double" ucd="POS_EQ_RA_MAIN"/>
<FIELD name="dec" datatype="double" ucd="POS_EQ_DEC_MAIN"/>
<DATA><TABLEDATA><TR><TD>a</TD><TD>10.6</TD><TD>41.2</TD></TR><TR><TD>b</TD><TD>10.7</TD><TD>41.3</TD></TR></TABLEDATA></DATA>
</TABLE></RESOURCE></VOTABLE>`;
const METADATA = `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
<RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/>
<PARAM name="INPUT:RA" datatype="double" unit="deg" value=""/><PARAM name="INPUT:DEC" datatype="double" unit="deg" value=""/>
<PARAM name="INPUT:SR" datatype="double" unit="deg" value=""/>
<PARAM name="INPUT:CAT" datatype="char" arraysize="*" value="main"><VALUES><OPTION value="main"/><OPTION value="faint"/></VALUES></PARAM>
<TABLE><FIELD name="id" datatype="char" arraysize="*" ucd="ID_MAIN"/></TABLE></RESOURCE></VOTABLE>`;
// Custom parameters of every interval kind, as DaCHS declares them.
const INTERVAL_METADATA = `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
<RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/>
<PARAM name="INPUT:vmag" datatype="float" arraysize="2" xtype="interval" unit="mag" value=""/>
<PARAM name="INPUT:flux_min" datatype="double" value=""/><PARAM name="INPUT:flux_max" datatype="double" value=""/>
<PARAM name="INPUT:nobs" datatype="int" value=""/>
<TABLE><FIELD name="id" datatype="char" arraysize="*" ucd="ID_MAIN"/></TABLE></RESOURCE></VOTABLE>`;
const byFormatIntervals: RouteHandler = (req, res) => {
  const metadata = new URL(req.url ?? "/", "http://x").searchParams.get("FORMAT") === "METADATA";
  return respond(200, metadata ? INTERVAL_METADATA : RESULT, { "content-type": VOT })(req, res);
};
// A catalogue whose rows link a dataset each.
const WITH_URLS = (base: string): string => `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
<RESOURCE type="results"><TABLE>
<FIELD name="id" datatype="char" arraysize="*" ucd="meta.id;meta.main"/><FIELD name="preview" datatype="char" arraysize="*" ucd="meta.ref.url;meta.dataset"/>
<DATA><TABLEDATA><TR><TD>NGC 224</TD><TD>${base}/spectrum</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;
// SCS 1.03 §3.3: an error is an INFO named "Error", without a table.
const SCS_ERROR = `<?xml version="1.0"?><VOTABLE version="1.1"><INFO name="Error" value="SR must be positive"/><RESOURCE/></VOTABLE>`;

const byFormat: RouteHandler = (req, res) => {
  const metadata = new URL(req.url ?? "/", "http://x").searchParams.get("FORMAT") === "METADATA";
  return respond(200, metadata ? METADATA : RESULT, { "content-type": VOT })(req, res);
};

let server: TestServer;
let client: Client<{ scs: SCSService }>;
beforeAll(async () => {
  server = await startTestServer({
    "/scs": byFormat,
    "/scs-error": respond(200, SCS_ERROR, { "content-type": "text/xml" }),
    "/scs-intervals": byFormatIntervals,
    "/scs-urls": (req, res) => respond(200, WITH_URLS(server.url), { "content-type": VOT })(req, res),
    "/spectrum": respond(200, "SIMPLE  =                    T", { "content-type": "application/fits" }),
    "/status-error": votableError("cone search failed: no such catalogue"),
    "/html": htmlError(502),
    // A strict SCS 1.03 service: FORMAT=METADATA is an error, a zero-radius cone gives the columns.
    "/plain-scs": (req, res) => {
      const metadata = new URL(req.url ?? "/", "http://x").searchParams.get("FORMAT") === "METADATA";
      return metadata ? votableError("unknown parameter FORMAT")(req, res) : respond(200, RESULT, { "content-type": VOT })(req, res);
    },
  });
  client = createClient({ plugins: [scs()] }) as typeof client;
});
afterAll(async () => {
  await client.close();
  await server.close();
});

describe("SCSService over HTTP", () => {
  it("sends RA, DEC, SR, VERB and custom params after the URL's own query", async () => {
    const rs = await client.service("scs", `${server.url}/scs?cat=x&`).search([10.68, 41.27], 0.1, { verbosity: 3, CAT: "faint" });
    expect(rs.length).toBe(2);
    expect(rs.at(1)!.id).toBe("b");
    expect(server.requests.at(-1)!.url).toBe("/scs?cat=x&RA=10.68&DEC=41.27&SR=0.1&VERB=3&CAT=faint");
  });

  it("validates custom params against FORMAT=METADATA before searching, fetching the metadata once", async () => {
    const svc = client.service("scs", `${server.url}/scs`);
    const before = server.requests.length;
    await expect(svc.search([1, 2], 0.1, { CAT: "nope", validate: true })).rejects.toMatchObject({
      parameter: "CAT",
      expected: 'one of "main", "faint"',
    });
    await expect(svc.search([1, 2], 0.1, { cat: "bad", validate: true })).rejects.toBeInstanceOf(ParameterError);
    const sent = server.requests.slice(before).map((r) => r.url);
    expect(sent).toEqual(["/scs?FORMAT=METADATA"]);
    await svc.search([1, 2], 0.1, { CAT: "main", validate: true });
    expect(server.requests.slice(before).map((r) => r.url)).toEqual(["/scs?FORMAT=METADATA", "/scs?RA=1&DEC=2&SR=0.1&CAT=main"]);
  });

  it("sends a custom [lo, hi] as the metadata declares it: DALI interval, MIN/MAX pair, or repeated", async () => {
    const svc = client.service("scs", `${server.url}/scs-intervals`);
    const sent = async (custom: Record<string, unknown>): Promise<string> => {
      await svc.search([1, 2], 0.1, custom);
      return decodeURIComponent(server.requests.at(-1)!.url.replace(/\+/g, " "));
    };
    expect(await sent({ VMAG: [10, 14.2] })).toBe("/scs-intervals?RA=1&DEC=2&SR=0.1&VMAG=10 14.2");
    expect(await sent({ vmag: [-Infinity, 14.2] })).toBe("/scs-intervals?RA=1&DEC=2&SR=0.1&vmag=-Inf 14.2");
    expect(await sent({ FLUX: [1, 2] })).toBe("/scs-intervals?RA=1&DEC=2&SR=0.1&flux_min=1&flux_max=2");
    expect(await sent({ nobs: [3, 4] })).toBe("/scs-intervals?RA=1&DEC=2&SR=0.1&nobs=3&nobs=4");
    // a declared string parameter of a DALI protocol: two numbers mean nothing definite
    await expect(client.service("scs", `${server.url}/scs`).search([1, 2], 0.1, { CAT: [1, 2] })).rejects.toMatchObject({ parameter: "CAT" });
    expect(await sent({ VMAG: "10 14.2" })).toBe("/scs-intervals?RA=1&DEC=2&SR=0.1&VMAG=10 14.2");
    expect(server.requests.filter((r) => r.url.includes("scs-intervals?FORMAT=METADATA"))).toHaveLength(1);
  });

  it("refuses a custom [lo, hi] the metadata does not explain, before searching", async () => {
    for (const path of ["/scs-intervals", "/scs", "/plain-scs"]) {
      const before = server.requests.length;
      const err = await client.service("scs", `${server.url}${path}`).search([1, 2], 0.1, { other: [10, 14.2] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ParameterError);
      expect(err).toMatchObject({ parameter: "other" });
      expect((err as Error).message).toContain('interval(10, 14.2) for a DALI interval "lo hi", "10/14.2" for a range, or ["10", "14.2"]');
      expect(server.requests.slice(before).some((r) => r.url.includes("RA=1"))).toBe(false);
    }
  });

  it("falls back to a zero-radius cone for the columns when FORMAT=METADATA is not understood", async () => {
    const meta = await client.service("scs", `${server.url}/plain-scs`).describe();
    expect(meta.inputParams).toEqual([]);
    expect(meta.fields.map((f) => f.name)).toEqual(["id", "ra", "dec"]);
    expect(server.requests.slice(-2).map((r) => r.url)).toEqual(["/plain-scs?FORMAT=METADATA", "/plain-scs?RA=0&DEC=0&SR=0"]);
  });

  it("turns an SCS Error INFO into DALQueryError with the service's message", async () => {
    const err = await client.service("scs", `${server.url}/scs-error`).search([1, 2], 0.1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALQueryError);
    expect((err as Error).message).toContain("SR must be positive");
  });

  it("turns QUERY_STATUS=ERROR into DALQueryError and an HTML page into DALServiceError", async () => {
    await expect(client.service("scs", `${server.url}/status-error`).search([1, 2], 0.1)).rejects.toThrow(/no such catalogue/);
    const err = await client.service("scs", `${server.url}/html`).search([1, 2], 0.1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALServiceError);
    expect((err as DALServiceError).status).toBe(502);
  });

  it("downloads the dataset a catalogue row links, named after the row's id", async () => {
    const dir = await mkdtemp(join(tmpdir(), "vo-scs-dl-"));
    try {
      const rec = (await client.service("scs", `${server.url}/scs-urls`).search([1, 2], 0.1)).at(0)!;
      expect(rec.dataUrl).toBe(`${server.url}/spectrum`);
      const out = await rec.download(dir);
      expect(out.path).toBe(join(dir, "NGC 224.fits"));
      expect((await readFile(out.path, "latin1")).startsWith("SIMPLE  =")).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("rejects a bad position without sending anything", async () => {
    const before = server.requests.length;
    await expect(client.service("scs", `${server.url}/scs`).search([10, 95], 0.1)).rejects.toBeInstanceOf(ParameterError);
    expect(server.requests.length).toBe(before);
  });

  it("refuses a custom parameter that would replace a checked standard one, sending nothing", async () => {
    const before = server.requests.length;
    const svc = client.service("scs", `${server.url}/scs`);
    await expect(svc.search([10, 41], 0.1, { RA: 999 })).rejects.toMatchObject({ parameter: "RA" });
    await expect(svc.search([10, 41], 0.1, { params: { sr: -1 } })).rejects.toMatchObject({ parameter: "sr" });
    expect(server.requests.length).toBe(before);
  });
});

describe("conesearch (one call, pyVO's shortcut)", () => {
  it("searches without a client, and the records keep a live transport for getDataset", async () => {
    const { conesearch } = await import("./conesearch.js");
    const rs = await conesearch(`${server.url}/scs`, [10.68, 41.27], 0.1, { CAT: "faint" });
    expect(rs.length).toBe(2);
    expect(server.requests.at(-1)!.url).toBe("/scs?RA=10.68&DEC=41.27&SR=0.1&CAT=faint");
    const withUrls = await conesearch(`${server.url}/scs-urls`, [10.68, 41.27]);
    expect(new TextDecoder().decode(await withUrls.at(0)!.getDataset())).toBe("SIMPLE  =                    T");
  });

  it("uses a transport given to it, and never sends transport/onWarning as parameters", async () => {
    const { conesearch } = await import("./conesearch.js");
    const { createUndiciTransport } = await import("@vo/core");
    const transport = createUndiciTransport();
    try {
      const rs = await conesearch(`${server.url}/scs`, { ra: 1, dec: 2 }, 0.5, { transport, onWarning: () => undefined });
      expect(rs.length).toBe(2);
      expect(server.requests.at(-1)!.url).toBe("/scs?RA=1&DEC=2&SR=0.5");
      const linked = await conesearch(`${server.url}/scs-urls`, [1, 2], 0.5, { transport });
      expect(new TextDecoder().decode(await linked.at(0)!.getDataset())).toBe("SIMPLE  =                    T");
    } finally {
      await transport.close();
    }
  });
});

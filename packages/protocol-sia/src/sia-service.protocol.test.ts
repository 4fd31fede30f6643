import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, DALFormatError, DALServiceError, ParameterError } from "@vo/core";
import type { Client, VOWarning } from "@vo/core";
import { respond, startTestServer } from "@vo/testkit";
import type { TestServer } from "@vo/testkit";
import { sia } from "./plugin.js";
import { SIA2Service } from "./sia2-service.js";
import type { SIAService } from "./sia-service.js";

const VOT = { "content-type": "application/x-votable+xml" };
const FITS = Buffer.concat([Buffer.from("SIMPLE  =                    T".padEnd(80)), Buffer.alloc(2800, 32)]);

let server: TestServer;
let client: Client<{ sia: SIAService; sia2: SIA2Service }>;
let dir: string;

const sia1Doc = (url: string): string => `<?xml version="1.0"?><VOTABLE version="1.1"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/>
<TABLE><FIELD name="title" datatype="char" arraysize="*" ucd="VOX:Image_Title"/>
<FIELD name="fmt" datatype="char" arraysize="*" ucd="VOX:Image_Format"/>
<FIELD name="url" datatype="char" arraysize="*" ucd="VOX:Image_AccessReference"/>
<DATA><TABLEDATA>
<TR><TD>M31 V</TD><TD>image/fits</TD><TD>${url}/evil</TD></TR>
<TR><TD>M31 / B band</TD><TD>image/fits</TD><TD>${url}/getproduct?k=2</TD></TR>
<TR><TD>no url</TD><TD>image/fits</TD><TD></TD></TR>
<TR><TD>gone</TD><TD>image/fits</TD><TD>${url}/gone</TD></TR>
</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;

const obscoreDoc = (url: string): string => `<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/>
<TABLE><FIELD name="obs_publisher_did" datatype="char" arraysize="*"/><FIELD name="access_url" datatype="char" arraysize="*"/>
<FIELD name="access_format" datatype="char" arraysize="*"/>
<DATA><TABLEDATA><TR><TD>ivo://x/~?img/m31_V</TD><TD>${url}/getproduct?k=3</TD><TD>image/fits</TD></TR></TABLEDATA></DATA>
</TABLE></RESOURCE></VOTABLE>`;

const XML = { "content-type": "text/xml" };
const capsDoc = (capabilities: string): string => `<?xml version="1.0"?><cap:capabilities xmlns:cap="http://www.ivoa.net/xml/VOSICapabilities/v1.0"
 xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${capabilities}
<capability><interface xsi:type="vr:WebBrowser"><accessURL use="full">http://example.org/form</accessURL></interface></capability></cap:capabilities>`;
const sia2Cap = (url: string): string => `<capability standardID="ivo://ivoa.net/std/SIA#query-2.0"><interface role="std" xsi:type="vs:ParamHTTP">
<accessURL use="base">${url.replace(/&/g, "&amp;")}</accessURL></interface></capability>`;

beforeAll(async () => {
  server = await startTestServer({
    "/root/capabilities": (req, res) => respond(200, capsDoc(sia2Cap(`${server.url}/root/images/siap2.xml?svc=a&x=1`)), XML)(req, res),
    "/root/images/siap2.xml": (req, res) => respond(200, obscoreDoc(server.url), VOT)(req, res),
    "/std/capabilities": (req, res) => respond(200, capsDoc(sia2Cap(`${server.url}/std/query`)), XML)(req, res),
    "/std/query": (req, res) => respond(200, obscoreDoc(server.url), VOT)(req, res),
    "/other/capabilities": respond(200, capsDoc(""), XML),
    "/other/query": (req, res) => respond(200, obscoreDoc(server.url), VOT)(req, res),
    "/html/capabilities": respond(200, "<html><body>hello</body></html>", { "content-type": "text/html" }),
    "/siap": (req, res) => respond(200, sia1Doc(server.url), VOT)(req, res),
    "/siap2": (req, res) => respond(200, obscoreDoc(server.url), VOT)(req, res),
    "/evil": respond(200, FITS, { "content-type": "image/fits", "content-disposition": `attachment; filename*=UTF-8''..%2F..%2F.bashrc` }),
    "/getproduct": respond(200, FITS, { "content-type": "image/fits" }),
    "/gone": respond(404, "expired", { "content-type": "text/plain" }),
  });
  client = createClient({ plugins: [sia()] }) as typeof client;
  dir = await mkdtemp(join(tmpdir(), "vo-sia-proto-"));
});
afterAll(async () => {
  await client.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("SIA records download safely", () => {
  it("SIA1: hostile names stay in the folder, titles become names, nothing is overwritten", async () => {
    const rs = await client.service("sia", `${server.url}/siap`).search([10, 41], 0.2, { format: "image/fits", intersect: "OVERLAPS" });
    expect(server.requests.at(-1)!.url).toBe("/siap?POS=10%2C41&SIZE=0.2&FORMAT=image%2Ffits&INTERSECT=OVERLAPS");
    const a = await rs.at(0)!.download(dir);
    expect(a.path).toBe(join(dir, "bashrc.fits"));
    const b = await rs.at(1)!.download(dir);
    expect(b.path).toBe(join(dir, "M31___B_band.fits")); // "M31 / B band": blanks and the slash become "_"
    const again = await rs.at(1)!.download(dir);
    expect(again.path).toBe(join(dir, "M31___B_band (1).fits"));
    expect((await readFile(a.path)).subarray(0, 9).toString()).toBe("SIMPLE  =");
    await expect(rs.at(2)!.download(dir)).rejects.toBeInstanceOf(DALFormatError);
    const gone = await rs.at(3)!.download(dir).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(DALServiceError);
    expect((gone as DALServiceError).status).toBe(404);
    expect((await readdir(dir)).sort()).toEqual(["M31___B_band (1).fits", "M31___B_band.fits", "bashrc.fits"]);
  });

  it("SIA2: sends DALI-encoded constraints and downloads under the publisher DID's name", async () => {
    const rs = await client.service("sia2", `${server.url}/siap2`).search({ pos: [10, 41, 0.1], band: [5e-7, 6e-7], maxrec: 10 });
    expect(server.requests.at(-1)!.url).toBe("/siap2?POS=CIRCLE+10+41+0.1&BAND=5e-7+6e-7&MAXREC=10");
    const out = await rs.at(0)!.download(dir, { onProgress: () => undefined });
    expect(out.path).toBe(join(dir, "m31_V.fits"));
    expect(out.contentType).toBe("image/fits");
  });
});

describe("SIA2Service.fromCapabilities (pyVO's check_baseurl)", () => {
  const warnings: VOWarning[] = [];
  const make = (url: string): Promise<SIA2Service> =>
    SIA2Service.fromCapabilities(url, { transport: client.transport, onWarning: (w) => warnings.push(w) });

  it("takes the query endpoint from the service root's capabilities (entities decoded, trailing slash ok)", async () => {
    warnings.length = 0;
    const svc = await make(`${server.url}/root/`);
    expect(server.requests.at(-1)!.url).toBe("/root/capabilities");
    expect(svc.baseUrl).toBe(`${server.url}/root/images/siap2.xml?svc=a&x=1`);
    const rs = await svc.search({ pos: [10, 41, 0.1] });
    expect(server.requests.at(-1)!.url).toBe("/root/images/siap2.xml?svc=a&x=1&POS=CIRCLE+10+41+0.1");
    expect(rs.length).toBe(1);
    expect(warnings).toEqual([]);
  });

  it("accepts the query endpoint itself: <url>/capabilities is a 404, the sibling capabilities confirm it", async () => {
    warnings.length = 0;
    const before = server.requests.length;
    const svc = await make(`${server.url}/std/query`);
    expect(server.requests.slice(before).map((r) => r.url)).toEqual(["/std/query/capabilities", "/std/capabilities"]);
    expect(svc.baseUrl).toBe(`${server.url}/std/query`);
    expect(warnings).toEqual([]);
  });

  it("falls back to the URL as given, with a warning, on 404s, no SIA2 capability, or an HTML page", async () => {
    warnings.length = 0;
    const svc = await make(`${server.url}/siap2`);
    expect(svc.baseUrl).toBe(`${server.url}/siap2`);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: "VO_WARN_VOSI", url: `${server.url}/siap2` });
    expect(warnings[0]!.message).toContain("HTTP 404");
    await expect(svc.search({ maxrec: 1 })).resolves.toHaveLength(1);

    const other = await make(`${server.url}/other/query`);
    expect(other.baseUrl).toBe(`${server.url}/other/query`);
    expect(warnings[1]!.message).toContain("lists no usable SIA#query-2.0 capability");

    const html = await make(`${server.url}/html`);
    expect(html.baseUrl).toBe(`${server.url}/html`);
    expect(warnings[2]!.message).toContain("is not a VOSI capabilities document");
  });

  it("resolveQueryEndpoint() on a client's service keeps the client's transport", async () => {
    const root = client.service("sia2", `${server.url}/root`);
    const svc = await root.resolveQueryEndpoint();
    expect(svc).not.toBe(root);
    expect(svc.baseUrl).toBe(`${server.url}/root/images/siap2.xml?svc=a&x=1`);
    const std = client.service("sia2", `${server.url}/std/query`);
    expect(await std.resolveQueryEndpoint()).toBe(std);
  });

  it("rethrows aborts and refuses relative URLs", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(SIA2Service.fromCapabilities(`${server.url}/root`, { transport: client.transport, signal: controller.signal })).rejects.toThrow("stop");
    await expect(SIA2Service.fromCapabilities("/root", { transport: client.transport })).rejects.toBeInstanceOf(ParameterError);
  });
});

import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, DALFormatError, DALServiceError } from "@vo/core";
import type { Client } from "@vo/core";
import { respond, startTestServer } from "@vo/testkit";
import type { TestServer } from "@vo/testkit";
import { sia } from "./plugin.js";
import type { SIA2Service } from "./sia2-service.js";
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

beforeAll(async () => {
  server = await startTestServer({
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

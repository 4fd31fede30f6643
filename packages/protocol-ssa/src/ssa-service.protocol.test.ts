import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, DALQueryError } from "@vo/core";
import type { Client } from "@vo/core";
import { respond, startTestServer, votableError } from "@vo/testkit";
import type { TestServer } from "@vo/testkit";
import { ssa } from "./plugin.js";
import type { SLAService } from "./sla-service.js";
import type { SSAService } from "./ssa-service.js";

const VOT = { "content-type": "application/x-votable+xml" };
const ssaDoc = (url: string): string => `<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="OVERFLOW"/>
<TABLE><FIELD name="title" datatype="char" arraysize="*" utype="ssa:DataID.Title"/>
<FIELD name="acref" datatype="char" arraysize="*" utype="ssa:Access.Reference"/>
<FIELD name="fmt" datatype="char" arraysize="*" utype="ssa:Access.Format"/>
<DATA><TABLEDATA><TR><TD>Star A</TD><TD>${url}/spec?id=1</TD><TD>application/x-votable+xml</TD></TR></TABLEDATA></DATA>
</TABLE></RESOURCE></VOTABLE>`;
const slaDoc = `<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/>
<TABLE><FIELD name="t" datatype="char" arraysize="*" utype="ssldm:Line.title"/><FIELD name="w" datatype="double" utype="ssldm:Line.wavelength.value"/>
<DATA><TABLEDATA><TR><TD>H alpha</TD><TD>6.5628e-7</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;

let server: TestServer;
let client: Client<{ ssa: SSAService; sla: SLAService }>;
let dir: string;
const warnings: string[] = [];

beforeAll(async () => {
  server = await startTestServer({
    "/ssap": (req, res) => respond(200, ssaDoc(server.url), VOT)(req, res),
    "/spec": respond(200, "<VOTABLE/>", { "content-type": "application/x-votable+xml" }),
    "/slap": respond(200, slaDoc, VOT),
    "/broken": votableError("BAND: cannot parse 'x'"),
  });
  client = createClient({ plugins: [ssa()], onWarning: (w) => warnings.push(w.code) }) as typeof client;
  dir = await mkdtemp(join(tmpdir(), "vo-ssa-proto-"));
});
afterAll(async () => {
  await client.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("SSA and SLA over HTTP", () => {
  it("sends the SSA query, reports the overflow and downloads a spectrum with a MIME-type extension", async () => {
    const rs = await client.service("ssa", `${server.url}/ssap`).search([10, 41], 0.1, { band: [5e-7, 4e-7], maxrec: 1 });
    expect(server.requests.at(-1)!.url).toBe("/ssap?REQUEST=queryData&POS=10%2C41&SIZE=0.1&BAND=4e-7%2F5e-7&FORMAT=all&MAXREC=1");
    expect(rs.overflow?.maxrec).toBe(1);
    expect(warnings).toContain("VO_WARN_OVERFLOW");
    const out = await rs.at(0)!.download(dir);
    expect(out.path).toBe(join(dir, "Star_A.xml"));
  });

  it("sends the SLA query", async () => {
    const rs = await client.service("sla", `${server.url}/slap`).search([6.6e-7, 6.5e-7]);
    expect(server.requests.at(-1)!.url).toBe("/slap?REQUEST=queryData&WAVELENGTH=6.5e-7%2F6.6e-7");
    expect(rs.at(0)!.wavelength).toBe(6.5628e-7);
  });

  it("reports the service's error", async () => {
    await expect(client.service("ssa", `${server.url}/broken`).search([10, 41], 0.1)).rejects.toBeInstanceOf(DALQueryError);
  });
});

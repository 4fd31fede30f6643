/** Record.getDataObj (pyVO's getdataobj) against @vo/testkit's in-process server: one dataset of each kind. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DALQueryError, DALServiceError } from "@vo/votable";
import { respond, startTestServer } from "@vo/testkit";
import type { TestServer } from "@vo/testkit";
import { createUndiciTransport } from "../transport/undici-transport.js";
import type { Transport } from "../transport/types.js";
import { queryResultSet } from "./result-set.js";
import type { ResultSet } from "./result-set.js";

const VOT = { "content-type": "application/x-votable+xml" };
const votable = (status: string, rows: string): string =>
  `<?xml version="1.0"?>\n<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">` +
  `<INFO name="QUERY_STATUS" value="${status}">${status === "ERROR" ? "no such table" : ""}</INFO><TABLE><FIELD name="name" datatype="char" arraysize="*"/>` +
  `<FIELD name="access_url" datatype="char" arraysize="*"/><FIELD name="access_format" datatype="char" arraysize="*"/>` +
  `<DATA><TABLEDATA>${rows}</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>\n`;
const row = (name: string, url: string, format: string): string => `<TR><TD>${name}</TD><TD>${url}</TD><TD>${format}</TD></TR>`;

let server: TestServer;
let transport: Transport;
let rs: ResultSet;
beforeEach(async () => {
  const names = ["vot", "xmlvot", "latin1", "fits", "err", "missing", "untyped", "xml"];
  server = await startTestServer({
    "/sync": (req, res) =>
      respond(200, votable("OK", names.map((n) => row(n, `${server.url}/obj/${n}`, n === "untyped" ? "text/csv" : "application/octet-stream")).join("")), VOT)(req, res),
    "/obj/vot": (req, res) => respond(200, votable("OK", row("inner", "http://x/y", "image/fits")), VOT)(req, res),
    "/obj/xmlvot": (req, res) => respond(200, votable("OK", row("xml", "http://x/z", "image/fits")), { "content-type": "text/xml" })(req, res),
    "/obj/latin1": respond(200, Buffer.from("caf\xe9", "latin1"), { "content-type": "text/plain; charset=iso-8859-1" }),
    "/obj/fits": respond(200, Buffer.from("SIMPLE  =                    T"), { "content-type": "application/fits" }),
    "/obj/err": (req, res) => respond(200, votable("ERROR", ""), VOT)(req, res),
    "/obj/missing": respond(404, "no such dataset", { "content-type": "text/plain" }),
    "/obj/untyped": respond(200, "a,b\n1,2\n", {}),
    "/obj/xml": respond(200, "<?xml version='1.0'?><!-- not a table --><other/>", { "content-type": "application/xml" }),
  });
  transport = createUndiciTransport({ retries: { max: 0 } });
  rs = await queryResultSet({ transport, onWarning: () => undefined }, `${server.url}/sync`, {});
});
afterEach(async () => {
  await transport.close();
  await server.close();
});

const rec = (name: string) => rs.toArray().find((r) => r.get("name") === name)!;

describe("Record.getDataObj (pyVO's getdataobj)", () => {
  it("makes a ResultSet of a VOTable, by media type or by an XML body's VOTABLE root", async () => {
    const obj = await rec("vot").getDataObj();
    expect(obj.kind).toBe("votable");
    if (obj.kind !== "votable") return;
    expect(obj.result.getValue("name", 0)).toBe("inner");
    expect(obj.result.index.transport).toBe(transport); // its records can download in turn
    const xml = await rec("xmlvot").getDataObj();
    expect(xml.kind === "votable" && xml.result.getValue("name", 0)).toBe("xml");
    const other = await rec("xml").getDataObj();
    expect(other).toMatchObject({ kind: "text", mediaType: "application/xml" });
  });

  it("decodes text in its charset, keeps binary data as bytes, and falls back to the row's format", async () => {
    expect(await rec("latin1").getDataObj()).toEqual({ kind: "text", mediaType: "text/plain; charset=iso-8859-1", text: "café" });
    const fits = await rec("fits").getDataObj();
    expect(fits.kind).toBe("bytes");
    expect(fits.kind === "bytes" && new TextDecoder().decode(fits.bytes)).toMatch(/^SIMPLE {2}=/);
    expect(await rec("untyped").getDataObj()).toEqual({ kind: "text", mediaType: "text/csv", text: "a,b\n1,2\n" });
  });

  it("raises the service's VOTable error and HTTP errors as typed errors", async () => {
    await expect(rec("err").getDataObj()).rejects.toThrow(DALQueryError);
    await expect(rec("err").getDataObj()).rejects.toThrow(/no such table/);
    await expect(rec("missing").getDataObj()).rejects.toThrow(DALServiceError);
  });

  it("stops at maxBytes and honours the caller's abort", async () => {
    await expect(rec("fits").getDataObj({ maxBytes: 5 })).rejects.toThrow(DALServiceError);
    const abort = new AbortController();
    abort.abort(new Error("stop"));
    await expect(rec("vot").getDataObj({ signal: abort.signal })).rejects.toThrow("stop");
  });
});

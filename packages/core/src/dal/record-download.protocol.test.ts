import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DALFormatError, DALServiceError, ParameterError } from "@vo/votable";
import { respond, startTestServer } from "@vo/testkit";
import type { TestServer } from "@vo/testkit";
import { createUndiciTransport } from "../transport/undici-transport.js";
import type { Transport } from "../transport/types.js";
import { FieldIndex, Record } from "./record.js";
import { queryResultSet } from "./result-set.js";
import { queryResultStream } from "./result-stream.js";

const VOT = { "content-type": "application/x-votable+xml" };
/** A TAP-like result: plain columns, the dataset in `access_url`. */
const result = (base: string): string =>
  `<?xml version="1.0"?>\n<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">` +
  `<INFO name="QUERY_STATUS" value="OK"/><TABLE><FIELD name="obs_id" datatype="char" arraysize="*"/>` +
  `<FIELD name="access_url" datatype="char" arraysize="*"/><FIELD name="access_format" datatype="char" arraysize="*"/>` +
  `<DATA><TABLEDATA><TR><TD>a</TD><TD>${base}/data/a</TD><TD>application/fits</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>\n`;

let server: TestServer;
let transport: Transport;
let dir: string;
beforeEach(async () => {
  server = await startTestServer({
    "/sync": (req, res) => respond(200, result(server.url), VOT)(req, res),
    "/data/a": respond(200, "SIMPLE  = T", { "content-type": "application/fits" }),
    "/data/missing": respond(404, "no such dataset", { "content-type": "text/plain" }),
  });
  transport = createUndiciTransport({ retries: { max: 0 } });
  dir = await mkdtemp(join(tmpdir(), "vo-record-download-"));
});
afterEach(async () => {
  await transport.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("Record.download", () => {
  it("downloads the access_url of a queryResultSet row with the query's transport", async () => {
    const target = { transport, onWarning: () => undefined };
    const rs = await queryResultSet(target, `${server.url}/sync`, { REQUEST: "doQuery" });
    expect(rs.index.transport).toBe(transport);
    expect(rs.index.target).toBe(target);
    expect(rs.at(0)!.index.result).toBe(rs);
    const rec = rs.at(0)!;
    expect(rec.dataUrl).toBe(`${server.url}/data/a`);
    const out = await rec.download(dir);
    expect(out.path.startsWith(dir)).toBe(true);
    expect(out.path).toMatch(/\.fits$/);
    expect(await readFile(out.path, "utf8")).toBe("SIMPLE  = T");
  });

  it("downloads a queryResultStream row (a bare transport as the target)", async () => {
    const stream = await queryResultStream(transport, `${server.url}/sync`);
    expect(stream.index.target).toBe(transport);
    expect(stream.index.result).toBe(stream);
    for await (const rec of stream) {
      const out = await rec.download(dir, { suggestedName: "streamed" });
      expect(out.path).toBe(join(dir, "streamed.fits"));
    }
    expect(stream.rowsRead).toBe(1);
  });

  it("rejects with ParameterError(transport) for a record built by hand", async () => {
    const rec = new Record(new FieldIndex([{ name: "access_url", datatype: "char", arraysize: "*" }]), [`${server.url}/data/a`]);
    expect(rec.dataUrl).toBe(`${server.url}/data/a`);
    const err = await rec.download(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParameterError);
    expect(err).toMatchObject({ parameter: "transport" });
    expect(server.requests.length).toBe(0);
  });
});

describe("Record.getDataset / getDatasetStream (pyVO's getdataset, no file system)", () => {
  it("reads the dataset into memory and as a web stream, with the query's transport", async () => {
    const rs = await queryResultSet({ transport, onWarning: () => undefined }, `${server.url}/sync`, { REQUEST: "doQuery" });
    const rec = rs.at(0)!;
    expect(new TextDecoder().decode(await rec.getDataset())).toBe("SIMPLE  = T");
    const stream = await rec.getDatasetStream();
    expect(stream).toBeInstanceOf(ReadableStream);
    const chunks: Uint8Array[] = [];
    for await (const c of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(c);
    expect(Buffer.concat(chunks).toString()).toBe("SIMPLE  = T");
  });

  it("fails with the status and the body excerpt on HTTP errors, and says what is missing", async () => {
    const fields = new FieldIndex([{ name: "access_url", datatype: "char", arraysize: "*" }], transport);
    const missing = new Record(fields, [`${server.url}/data/missing`]);
    const err = await missing.getDataset().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALServiceError);
    expect(err).toMatchObject({ status: 404, bodyExcerpt: "no such dataset" });
    await expect(missing.getDatasetStream()).rejects.toBeInstanceOf(DALServiceError);
    await expect(new Record(fields, [null]).getDataset()).rejects.toBeInstanceOf(DALFormatError);
    const byHand = new Record(new FieldIndex([{ name: "access_url", datatype: "char", arraysize: "*" }]), [`${server.url}/data/a`]);
    await expect(byHand.getDataset()).rejects.toMatchObject({ parameter: "transport" });
  });

  it("stops at maxBytes", async () => {
    const rs = await queryResultSet({ transport, onWarning: () => undefined }, `${server.url}/sync`, { REQUEST: "doQuery" });
    await expect(rs.at(0)!.getDataset({ maxBytes: 4 })).rejects.toBeInstanceOf(DALServiceError);
  });
});

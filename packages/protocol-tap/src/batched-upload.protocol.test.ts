/** batchedUploadQuery and uploadColumns against @vo/testkit's in-process server. */
import { afterEach, describe, expect, it } from "vitest";
import { createClient, DALQueryError, ParameterError } from "@vo/core";
import type { Row } from "@vo/core";
import { respond, startTestServer, votableError } from "@vo/testkit";
import type { RouteHandler, TestServer } from "@vo/testkit";
import { batchedUploadQuery, matchesByKey } from "./batched-upload-query.js";
import { tap } from "./plugin.js";
import type { TAPService } from "./tap-service.js";
import { uploadColumns } from "./upload.js";

let server: TestServer | undefined;
const makeClient = () => createClient({ plugins: [tap()] });
let client: ReturnType<typeof makeClient> | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function setup(handler: RouteHandler): Promise<{ service: TAPService; server: TestServer }> {
  server = await startTestServer({ "POST /tap/sync": handler });
  client = makeClient();
  return { service: client.service("tap", `${server.url}/tap`), server };
}

/** The rows of the TABLEDATA upload in a multipart body, as strings. */
function uploadedRows(body: Buffer): string[][] {
  return [...body.toString().matchAll(/<TR>(.*?)<\/TR>/g)].map((m) => [...m[1]!.matchAll(/<TD>(.*?)<\/TD>/g)].map((td) => td[1]!));
}

/** Answers each upload with one row per uploaded row: its key (last column), after `delay(firstKey)` ms. */
const echoKeys =
  (delay: (firstKey: number) => number = () => 0): RouteHandler =>
  async (req, res) => {
    const keys = uploadedRows(req.body).map((r) => r.at(-1)!);
    await new Promise((r) => setTimeout(r, delay(Number(keys[0]))));
    const trs = keys.map((k) => `<TR><TD>${k}</TD></TR>`).join("");
    respond(
      200,
      `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="OK"/><TABLE><FIELD name="row_id" datatype="long"/><DATA><TABLEDATA>${trs}</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`,
      { "content-type": "application/x-votable+xml" },
    )(req, res);
  };

const TABLE = {
  fields: [
    { name: "ra", datatype: "double" as const },
    { name: "dec", datatype: "double" as const },
    { name: "label", datatype: "char" as const, arraysize: "*" },
  ],
  rows: Array.from({ length: 7 }, (_, i): Row => [i, 10 + i, `s${i}`]),
};

describe("batchedUploadQuery", () => {
  it("uploads slices with a key column and returns the records in slice order, also when later slices finish first", async () => {
    const { service, server } = await setup(echoKeys((first) => (first === 0 ? 150 : 0)));
    const seen: number[] = [];
    const r = await batchedUploadQuery(service, TABLE, {
      batchSize: 3,
      key: "row_id",
      concurrency: 3,
      uploadName: "pos",
      uploadSerialization: "TABLEDATA",
      adql: (t) => `SELECT u.row_id FROM TAP_UPLOAD.${t} AS u`,
      onBatch: (i) => seen.push(i),
    });
    expect(r.batches).toBe(3);
    expect(r.records.map((rec) => rec.get("row_id"))).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n]);
    expect(r.fields.map((f) => f.name)).toEqual(["row_id"]);
    expect(r.overflowed).toEqual([]);
    expect(seen[seen.length - 1]).toBe(0); // the slow first slice came back last
    expect(server.requests).toHaveLength(3);
    const bodies = server.requests.map((q) => q.body.toString());
    expect(bodies.every((b) => /name="UPLOAD"\r\n\r\npos,param:pos\r\n/.test(b) && /TAP_UPLOAD\.pos/.test(b))).toBe(true);
    expect(bodies.every((b) => /<FIELD name="row_id" datatype="long"/.test(b))).toBe(true);
    const sent = server.requests.map((q) => uploadedRows(q.body));
    expect(sent.map((s) => s.length).sort()).toEqual([1, 3, 3]);
    expect(sent.flat().sort((a, b) => Number(a[3]) - Number(b[3]))).toEqual(TABLE.rows.map((row, i) => [String(row[0]), String(row[1]), row[2], String(i)]));
  });

  it("stops at the first failing slice and rejects with its error", async () => {
    let calls = 0;
    const ok = echoKeys();
    const failing = votableError("slice 2 is bad");
    const { service, server } = await setup((req, res) => (++calls === 2 ? failing(req, res) : ok(req, res)));
    const err = await batchedUploadQuery(service, TABLE, { batchSize: 2, key: "row_id", uploadSerialization: "TABLEDATA", adql: (t) => `SELECT * FROM TAP_UPLOAD.${t}` }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DALQueryError);
    expect((err as Error).message).toMatch(/slice 2 is bad/);
    expect(server.requests).toHaveLength(2); // slices 3 and 4 were never sent
  });

  it("refuses a bad batch size or concurrency before any request", async () => {
    const { service, server } = await setup(echoKeys());
    await expect(batchedUploadQuery(service, TABLE, { batchSize: 0, adql: () => "SELECT 1" })).rejects.toBeInstanceOf(ParameterError);
    await expect(batchedUploadQuery(service, TABLE, { concurrency: 1.5, adql: () => "SELECT 1" })).rejects.toBeInstanceOf(ParameterError);
    expect(server.requests).toHaveLength(0);
  });
});

describe("matchesByKey", () => {
  it("joins the records back to the input rows by the key column, slimmed upload included", async () => {
    // two matches for row 1, none for row 2, one for each other row
    const { service } = await setup(async (req, res) => {
      const rows = uploadedRows(req.body);
      expect(rows.every((r) => r.length === 3)).toBe(true); // ra, dec, row_id: label stayed local
      const keys = rows.map((r) => r.at(-1)!).flatMap((k) => (k === "1" ? [k, k] : k === "2" ? [] : [k]));
      const trs = keys.map((k) => `<TR><TD>${k}</TD><TD>src${k}</TD></TR>`).join("");
      respond(
        200,
        `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/>
<TABLE><FIELD name="row_id" datatype="long"/><FIELD name="match" datatype="char" arraysize="*"/><DATA><TABLEDATA>${trs}</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`,
        { "content-type": "application/x-votable+xml" },
      )(req, res);
    });
    const r = await batchedUploadQuery(service, uploadColumns(TABLE, ["ra", "dec"]), {
      batchSize: 4,
      key: "row_id",
      uploadSerialization: "TABLEDATA",
      adql: (t) => `SELECT u.row_id, c.match FROM TAP_UPLOAD.${t} AS u JOIN c`,
    });
    const byRow = matchesByKey(r.records, "row_id");
    expect([...byRow.keys()].sort()).toEqual([0, 1, 3, 4, 5, 6]);
    expect(byRow.get(1)!.map((rec) => rec.get("match"))).toEqual(["src1", "src1"]);
    expect(byRow.get(2)).toBeUndefined();
    // the local join: each input row with its matches
    const joined = TABLE.rows.map((row, i) => [row[2], (byRow.get(i) ?? []).length]);
    expect(joined).toEqual([["s0", 1], ["s1", 2], ["s2", 0], ["s3", 1], ["s4", 1], ["s5", 1], ["s6", 1]]);
    expect(() => matchesByKey(r.records, "nope")).toThrow(ParameterError);
    expect(matchesByKey([], "nope").size).toBe(0);
  });
});

describe("uploadColumns", () => {
  it("uploads only the named columns, in the order given", async () => {
    const { service, server } = await setup(echoKeys());
    await service.runSync("SELECT * FROM TAP_UPLOAD.t", { uploads: { t: uploadColumns(TABLE, ["label", "RA"]) }, uploadSerialization: "TABLEDATA" });
    const body = server.requests[0]!.body.toString();
    expect(body).not.toMatch(/name="dec"/);
    expect(uploadedRows(server.requests[0]!.body)[2]).toEqual(["s2", "2"]);
    expect(() => uploadColumns(TABLE, ["nope"])).toThrow(ParameterError);
  });
});

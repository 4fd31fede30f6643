import { afterEach, describe, expect, it } from "vitest";
import { DALFormatError, DALQueryError, DALServiceError, VOError } from "@vo/votable";
import { hang, htmlError, rejection, respond, startTestServer, truncated, votableError } from "@vo/testkit";
import type { RecordedRequest, RouteHandler, Routes, TestServer } from "@vo/testkit";
import { createUndiciTransport } from "../transport/undici-transport.js";
import type { Transport } from "../transport/types.js";
import type { VOWarning } from "../types.js";
import { circleShape, interval } from "./params.js";
import { dalRequest } from "./query.js";
import { queryResultSet } from "./result-set.js";
import { queryResultStream } from "./result-stream.js";

const VOT = { "content-type": "application/x-votable+xml" };
const head = (extra = ""): string =>
  `<?xml version="1.0"?>\n<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">` +
  `<INFO name="QUERY_STATUS" value="OK"/>${extra}<TABLE><FIELD name="id" datatype="int"/><FIELD name="name" datatype="char" arraysize="*"/>` +
  `<DATA><TABLEDATA>`;
const row = (i: number): string => `<TR><TD>${i}</TD><TD>source ${i}</TD></TR>`;
const tail = (after = ""): string => `</TABLEDATA></DATA></TABLE>${after}</RESOURCE></VOTABLE>\n`;
const RESULT = head() + row(1) + row(2) + tail();

let server: TestServer | undefined;
let transport: Transport | undefined;
afterEach(async () => {
  await transport?.close();
  await server?.close();
  transport = undefined;
  server = undefined;
});

async function setup(routes: Routes) {
  server = await startTestServer(routes);
  transport = createUndiciTransport({ retries: { max: 0 } });
  const warnings: VOWarning[] = [];
  return { base: server.url, ctx: { transport, onWarning: (w: VOWarning) => warnings.push(w) }, warnings, requests: server.requests };
}

function lastRequest(requests: RecordedRequest[]): RecordedRequest {
  const req = requests.at(-1);
  if (!req) throw new Error("no request arrived");
  return req;
}


describe("requests arrive encoded by DALI rules", () => {
  it("GET: parameters in the query string, after the URL's own", async () => {
    const { base, ctx, requests } = await setup({ "/sia2": respond(200, RESULT, VOT) });
    await queryResultSet(ctx, `${base}/sia2?CAT=x&`, {
      pos: circleShape(10, 20, 0.1),
      band: interval(5e-7, Infinity),
      time: new Date(Date.UTC(2021, 5, 1)),
      collection: ["a b", "c&d"],
      maxrec: 0,
      myParam: "ü",
    });
    const req = lastRequest(requests);
    expect(req.method).toBe("GET");
    const query = new URL(req.url, base).searchParams;
    expect(query.get("CAT")).toBe("x");
    expect(query.get("POS")).toBe("CIRCLE 10 20 0.1");
    expect(query.get("BAND")).toBe("5e-7 +Inf");
    expect(query.get("TIME")).toBe("2021-06-01T00:00:00");
    expect(query.getAll("COLLECTION")).toEqual(["a b", "c&d"]);
    expect(query.get("MAXREC")).toBe("0");
    expect(query.get("myParam")).toBe("ü");
  });

  it("POST: form-urlencoded body", async () => {
    const { base, ctx, requests } = await setup({ "POST /tap/sync": respond(200, RESULT, VOT) });
    await queryResultSet(ctx, `${base}/tap/sync`, { request: "doQuery", lang: "ADQL", query: "SELECT * FROM t WHERE a = '+'" }, { method: "POST" });
    const req = lastRequest(requests);
    expect(req.method).toBe("POST");
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(req.body.toString("utf8"));
    expect([...form]).toEqual([
      ["REQUEST", "doQuery"],
      ["LANG", "ADQL"],
      ["QUERY", "SELECT * FROM t WHERE a = '+'"],
    ]);
  });

  it("POST multipart: fields, then text, bytes, streamed and Blob parts", async () => {
    const { base, ctx, requests } = await setup({ "POST /tap/sync": respond(200, RESULT, VOT) });
    async function* stream(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode("<VOTABLE>");
      yield new TextEncoder().encode("</VOTABLE>");
    }
    await queryResultSet(ctx, `${base}/tap/sync`, { request: "doQuery", upload: "t1,param:t1;t2,param:t2" }, {
      multipart: [
        { name: "note", value: "plain text" },
        { name: "t1", value: new TextEncoder().encode("<VOTABLE/>"), filename: "t1.xml" },
        { name: "t2", value: stream(), filename: "t2.xml" },
        { name: "t3", value: new Blob(["a,b\n1,2\n"]), filename: "t3.csv", contentType: "text/csv" },
      ],
    });
    const req = lastRequest(requests);
    expect(req.method).toBe("POST");
    const contentType = String(req.headers["content-type"]);
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Response(new Uint8Array(req.body), { headers: { "content-type": contentType } }).formData();
    expect(form.get("REQUEST")).toBe("doQuery");
    expect(form.get("UPLOAD")).toBe("t1,param:t1;t2,param:t2");
    expect(form.get("note")).toBe("plain text");
    const t1 = form.get("t1") as File;
    expect(t1.name).toBe("t1.xml");
    expect(t1.type).toBe("application/x-votable+xml");
    expect(await t1.text()).toBe("<VOTABLE/>");
    expect(await (form.get("t2") as File).text()).toBe("<VOTABLE></VOTABLE>");
    const t3 = form.get("t3") as File;
    expect(t3.type).toBe("text/csv");
    expect(await t3.text()).toBe("a,b\n1,2\n");
  });

  it("POST multipart: a FormData is sent as it is, after the parameters", async () => {
    const { base, ctx, requests } = await setup({ "POST /tap/sync": respond(200, RESULT, VOT) });
    const parts = new FormData();
    parts.append("t1", new Blob(["<VOTABLE/>"], { type: "application/x-votable+xml" }), "t1.xml");
    await queryResultSet(ctx, `${base}/tap/sync`, { lang: "ADQL" }, { multipart: parts });
    const req = lastRequest(requests);
    const form = await new Response(new Uint8Array(req.body), { headers: { "content-type": String(req.headers["content-type"]) } }).formData();
    expect(form.get("LANG")).toBe("ADQL");
    expect(await (form.get("t1") as File).text()).toBe("<VOTABLE/>");
  });
});

describe("responses are classified", () => {
  it("500 with a VOTable error document → DALQueryError with the service's message", async () => {
    const { base, ctx } = await setup({ "/sync": votableError("Column 'foo' not found", 500) });
    const err = await rejection(queryResultSet(ctx, `${base}/sync`, { query: "SELECT foo FROM t" }));
    expect(err).toBeInstanceOf(DALQueryError);
    expect(err.message).toContain("Column 'foo' not found");
    expect((err as DALQueryError).url).toContain("/sync?QUERY=");
  });

  it("200 with a VOTable error document → DALQueryError, also when streaming", async () => {
    const { base, ctx } = await setup({ "/sync": votableError("bad query") });
    expect(await rejection(queryResultSet(ctx, `${base}/sync`))).toBeInstanceOf(DALQueryError);
    expect(await rejection(queryResultStream(ctx, `${base}/sync`))).toBeInstanceOf(DALQueryError);
  });

  it("HTML error page → DALServiceError with status, content type and excerpt", async () => {
    const { base, ctx } = await setup({ "/sync": htmlError(502) });
    const err = await rejection(queryResultSet(ctx, `${base}/sync`));
    expect(err).toBeInstanceOf(DALServiceError);
    const e = err as DALServiceError;
    expect(e.status).toBe(502);
    expect(e.contentType).toContain("text/html");
    expect(e.bodyExcerpt).toContain("<h1>502 Error</h1>");
    expect(e.message).toContain("502 Error Something went wrong.");
    expect(e.message).not.toContain("<");
  });

  it("a truncated VOTable (body ends early) → DALFormatError, not a partial result", async () => {
    const partial = head() + row(1) + row(2);
    const { base, ctx } = await setup({ "/sync": respond(200, partial, VOT) });
    const err = await rejection(queryResultSet(ctx, `${base}/sync`));
    expect(err).toBeInstanceOf(DALFormatError);
    expect((err as DALFormatError).url).toContain(base);
    const stream = await queryResultStream(ctx, `${base}/sync`);
    const seen: unknown[] = [];
    const streamErr = await rejection(
      (async () => {
        for await (const rec of stream) seen.push(rec.get("id"));
      })(),
    );
    expect(streamErr).toBeInstanceOf(DALFormatError);
    expect(seen).toEqual([1, 2]);
  });

  it("a connection dropped mid-body → an error, never a hang or a silent partial result", async () => {
    const body = head() + Array.from({ length: 200 }, (_, i) => row(i)).join("") + tail();
    const { base, ctx } = await setup({ "/sync": withHeaders(truncated(body, 3000), VOT) });
    const err = await rejection(queryResultSet(ctx, `${base}/sync`));
    expect(err).toBeInstanceOf(VOError);
    expect(err instanceof DALFormatError || err instanceof DALServiceError).toBe(true);
    const stream = await queryResultStream(ctx, `${base}/sync`);
    expect(await rejection(stream.toArray())).toBeInstanceOf(VOError);
  });

  it("passes timeouts to the transport: a hanging service → VO_ERR_TIMEOUT", async () => {
    const { base, ctx } = await setup({ "/sync": hang() });
    const err = await rejection(queryResultSet(ctx, `${base}/sync`, {}, { timeouts: { headers: 200 } }));
    expect(err).toBeInstanceOf(DALServiceError);
    expect((err as DALServiceError).code).toBe("VO_ERR_TIMEOUT");
  });

  it("a caller's abort rejects with the signal's reason", async () => {
    const { base, ctx } = await setup({ "/sync": hang() });
    const controller = new AbortController();
    const reason = new Error("user gave up");
    setTimeout(() => controller.abort(reason), 50);
    expect(await rejection(queryResultSet(ctx, `${base}/sync`, {}, { signal: controller.signal }))).toBe(reason);
  });

  it("an error status whose body stalls → VO_ERR_TIMEOUT (not VO_ERR_SERVICE), and an abort meanwhile → the reason", async () => {
    const stalled: RouteHandler = (_req, res) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.write("Internal error, details follow:");
    };
    const { base, ctx } = await setup({ "/sync": stalled });
    const err = await rejection(queryResultSet(ctx, `${base}/sync`, {}, { timeouts: { body: 200 } }));
    expect(err).toBeInstanceOf(DALServiceError);
    expect((err as DALServiceError).code).toBe("VO_ERR_TIMEOUT");
    expect((err as DALServiceError).url).toBe(`${base}/sync`);
    const controller = new AbortController();
    const reason = new Error("user gave up");
    setTimeout(() => controller.abort(reason), 200);
    expect(await rejection(queryResultSet(ctx, `${base}/sync`, {}, { signal: controller.signal }))).toBe(reason);
  });

  it("dalRequest with expect 'any' passes a CSV through", async () => {
    const { base, ctx } = await setup({ "/sync": respond(200, "a,b\n1,2\n", { "content-type": "text/csv" }) });
    const response = await dalRequest(ctx, `${base}/sync`, { responseFormat: "csv" }, { expect: "any" });
    expect(await response.text()).toBe("a,b\n1,2\n");
  });
});

describe("streaming", () => {
  it("knows the fields before the rows arrive, and the trailing OVERFLOW at the end", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { base, ctx, warnings } = await setup({
      "/sync": async (_req, res) => {
        res.writeHead(200, VOT);
        res.write(head());
        await gate;
        res.end(row(1) + row(2) + tail(`<INFO name="QUERY_STATUS" value="OVERFLOW"/>`));
      },
    });
    const stream = await queryResultStream(ctx, `${base}/sync`, { maxrec: 2 });
    expect(stream.fieldnames).toEqual(["id", "name"]);
    expect(stream.queryStatus).toBe("OK");
    release();
    const names = (await stream.toArray()).map((r) => r.get("name"));
    expect(names).toEqual(["source 1", "source 2"]);
    expect(stream.queryStatus).toBe("OVERFLOW");
    expect(stream.overflow).toMatchObject({ maxrec: 2, returned: 2 });
    expect(warnings.filter((w) => w.code === "VO_WARN_OVERFLOW")).toHaveLength(1);
  });

  it("break frees the connection of a body that never ends", async () => {
    let closed: () => void = () => undefined;
    const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
    const { base, ctx } = await setup({
      "/sync": (_req, res) => {
        res.on("close", () => closed());
        res.writeHead(200, VOT);
        res.write(head() + row(1) + row(2));
        // never ends
      },
    });
    const stream = await queryResultStream(ctx, `${base}/sync`);
    for await (const rec of stream) {
      expect(rec.get("id")).toBe(1);
      break;
    }
    await connectionClosed;
  });
});

function withHeaders(handler: RouteHandler, headers: { [name: string]: string }): RouteHandler {
  return (req, res) => {
    const writeHead = res.writeHead.bind(res);
    res.writeHead = ((status: number, h?: { [name: string]: string }) => writeHead(status, { ...h, ...headers })) as typeof res.writeHead;
    return handler(req, res);
  };
}

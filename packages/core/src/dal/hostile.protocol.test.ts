/**
 * Hostile servers against the DAL plumbing, under both transports: whatever a server sends ends in a
 * `VOError` within the limits the caller set.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { VOError } from "@vo/votable";
import { DALFormatError, DALQueryError, DALServiceError } from "@vo/votable";
import { endlessBody, rejection, respond, slowBody, startTestServer } from "@vo/testkit";
import type { RouteHandler, Routes, TestServer } from "@vo/testkit";
import { createFetchTransport } from "../transport/fetch-transport.js";
import { createUndiciTransport } from "../transport/undici-transport.js";
import type { Transport } from "../transport/types.js";
import { parseVOSICapabilities } from "../vosi/capabilities.js";
import { DEFAULT_MAX_RESULT_BYTES, queryResultSet } from "./result-set.js";
import { queryResultStream } from "./result-stream.js";

const VOT = { "content-type": "application/x-votable+xml" };

const TRANSPORTS: readonly [string, () => Transport][] = [
  ["undici", () => createUndiciTransport({ retries: { max: 0 } })],
  ["fetch", () => createFetchTransport({ retries: { max: 0 } })],
];

let server: TestServer | undefined;
let transport: Transport | undefined;
afterEach(async () => {
  await transport?.close();
  await server?.close();
  transport = undefined;
  server = undefined;
});

async function setup(make: () => Transport, routes: Routes) {
  server = await startTestServer(routes);
  transport = make();
  return { base: server.url, ctx: { transport, onWarning: () => undefined } };
}

/** Sends `text` in pieces of `size` bytes (0: all at once). */
function chunked(text: string, size: number, status = 200, headers: Record<string, string> = VOT): RouteHandler {
  if (size === 0) return respond(status, text, headers);
  const bytes = Buffer.from(text);
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return status === 200 ? slowBody(pieces, 0, headers) : respond(status, text, headers);
}

/** A VOTable whose `element` nests `depth` times inside the results RESOURCE. */
function nested(element: string, depth: number, attrs = ' name="x"'): string {
  const open = element === "RESOURCE" ? `<RESOURCE type="results"${attrs}>` : `<${element}${attrs}>`;
  return (
    `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE>` +
    open.repeat(depth) +
    `</${element}>`.repeat(depth) +
    `</RESOURCE></VOTABLE>`
  );
}

describe.each(TRANSPORTS)("a response nested thousands of elements deep (%s)", (_name, make) => {
  for (const [element, depth, chunk] of [
    ["RESOURCE", 20_000, 0],
    ["RESOURCE", 5_000, 4096],
    ["GROUP", 20_000, 65_536],
    ["INFO", 1_000, 7],
    ["DESCRIPTION", 50_000, 0],
  ] as const) {
    it(`${element} × ${depth} (chunks of ${chunk || "all"}): DALFormatError with the URL, from queryResultSet and queryResultStream`, async () => {
      const { base, ctx } = await setup(make, { "/deep": chunked(nested(element, depth), chunk) });
      for (const run of [() => queryResultSet(ctx, `${base}/deep`), () => queryResultStream(ctx, `${base}/deep`)]) {
        const error = await rejection(run());
        expect(error).toBeInstanceOf(DALFormatError);
        expect((error as DALFormatError).message).toMatch(/nested deeper than \d+ levels/);
        expect((error as DALFormatError).url).toBe(`${base}/deep`);
      }
    });
  }

  it("an HTTP error whose body is nested deeply: a DALServiceError with the status, not a RangeError", async () => {
    const { base, ctx } = await setup(make, { "/deep": respond(500, nested("RESOURCE", 30_000), VOT) });
    const error = await rejection(queryResultSet(ctx, `${base}/deep`));
    expect(error).toBeInstanceOf(DALServiceError);
    expect(error).toMatchObject({ status: 500 });
  });

  it("the depth limit leaves real nesting alone (RESOURCE in RESOURCE, GROUP in GROUP)", async () => {
    const doc =
      `<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE><RESOURCE type="results"><INFO name="QUERY_STATUS" value="ERROR">deep but fine</INFO>` +
      `<GROUP><GROUP><GROUP><PARAM name="p" datatype="int" value="1"/></GROUP></GROUP></GROUP></RESOURCE></RESOURCE></VOTABLE>`;
    const { base, ctx } = await setup(make, { "/ok": respond(200, doc, VOT) });
    const error = await rejection(queryResultSet(ctx, `${base}/ok`));
    expect(error).toBeInstanceOf(DALQueryError);
    expect((error as VOError).message).toMatch(/^deep but fine/);
  });
});

describe("UWS/VOSI documents nested thousands of elements deep", () => {
  for (const depth of [300, 10_000, 100_000]) {
    it(`capabilities with ${depth} nested elements: DALFormatError`, () => {
      const doc = `<capabilities><capability>${"<interface>".repeat(depth)}${"</interface>".repeat(depth)}</capability></capabilities>`;
      let caught: unknown;
      try {
        parseVOSICapabilities(doc, { url: "http://example.org/caps" });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(DALFormatError);
      expect((caught as Error).message).toMatch(/nested deeper than 256 levels/);
      expect((caught as DALFormatError).url).toBe("http://example.org/caps");
    });
  }
});

const HEAD =
  `<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE type="results"><TABLE>` +
  `<FIELD name="id" datatype="int"/><FIELD name="name" datatype="char" arraysize="*"/><DATA><TABLEDATA>`;
const ROWS = (n: number): string => "<TR><TD>1</TD><TD>a source</TD></TR>".repeat(n);

/** Awaits `p` and how long it took, in ms. */
async function timed<T>(p: Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await p;
  return [value, performance.now() - t0];
}

describe.each(TRANSPORTS)("a result that never ends (%s)", (_name, make) => {
  for (const [label, rows, gzip, limit] of [
    ["small chunks", 10, false, 1 << 20],
    ["large chunks", 20_000, false, 3 << 20],
    ["gzip, expanding without end", 5_000, true, 2 << 20],
  ] as const) {
    it(`queryResultSet stops at maxResultBytes with VO_ERR_TOO_LARGE that suggests streaming (${label})`, async () => {
      const { base, ctx } = await setup(make, { "/endless": endlessBody(HEAD, ROWS(rows), { gzip }) });
      const [error, ms] = await timed(rejection(queryResultSet(ctx, `${base}/endless`, {}, { maxResultBytes: limit })));
      expect(error).toBeInstanceOf(DALServiceError);
      expect(error).toMatchObject({ code: "VO_ERR_TOO_LARGE", url: `${base}/endless` });
      expect((error as Error).message).toMatch(/limit of a result read into memory \(maxResultBytes\)/);
      expect((error as Error).message).toMatch(/streamSync/);
      expect(ms).toBeLessThan(10_000);
    });
  }

  for (const [label, delayMs] of [
    ["as fast as it can be read", 0],
    ["a chunk every 20 ms", 20],
  ] as const) {
    it(`the total timeout bounds the whole call, parsing included, without a size limit (${label})`, async () => {
      const { base, ctx } = await setup(make, { "/endless": endlessBody(HEAD, ROWS(2000), { delayMs }) });
      const before = process.memoryUsage().rss;
      const [error, ms] = await timed(
        rejection(queryResultSet(ctx, `${base}/endless`, {}, { maxResultBytes: Infinity, timeouts: { total: 1500 } })),
      );
      expect(error).toBeInstanceOf(DALServiceError);
      expect(error).toMatchObject({ code: "VO_ERR_TIMEOUT" });
      expect((error as Error).message).toMatch(/total timeout/);
      expect(ms).toBeGreaterThanOrEqual(1400);
      expect(ms).toBeLessThan(4000);
      expect(process.memoryUsage().rss - before).toBeLessThan(1 << 30);
    });
  }

  it("a stream reads past maxResultBytes (only materialising calls are limited), and stops at the total timeout", async () => {
    const { base, ctx } = await setup(make, { "/endless": endlessBody(HEAD, ROWS(2000)) });
    const stream = await queryResultStream(ctx, `${base}/endless`, {}, { maxResultBytes: 1000, timeouts: { total: 1500 } });
    let rows = 0;
    const error = await rejection(
      (async () => {
        for await (const _ of stream) rows++;
      })(),
    );
    expect(error).toMatchObject({ code: "VO_ERR_TIMEOUT" });
    expect(rows).toBeGreaterThan(1000);
  });
});

describe("the default result-size limit", () => {
  it(`is ${DEFAULT_MAX_RESULT_BYTES / (1 << 20)} MiB and applies without options`, async () => {
    const { base, ctx } = await setup(TRANSPORTS[0]![1], { "/endless": endlessBody(HEAD, ROWS(20_000)) });
    const error = await rejection(queryResultSet(ctx, `${base}/endless`));
    expect(error).toMatchObject({ code: "VO_ERR_TOO_LARGE" });
    expect((error as Error).message).toContain(`larger than ${DEFAULT_MAX_RESULT_BYTES / (1 << 20)} MiB`);
  }, 120_000);
});

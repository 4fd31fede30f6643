/**
 * `client.close()` and `transport.close()` against servers that stall: requests still in flight end promptly
 * with `VO_ERR_CLOSED`, with and without time limits, before the headers and in the middle of the body.
 */
import { afterEach, describe, expect, it } from "vitest";
import { VOError } from "@vo/votable";
import { hang, rejection, respond, slowBody, startTestServer } from "@vo/testkit";
import type { TestServer } from "@vo/testkit";
import { createClient } from "./client.js";
import type { Client } from "./client.js";
import { queryResultStream } from "./dal/result-stream.js";
import { createFetchTransport } from "./transport/fetch-transport.js";
import { createUndiciTransport } from "./transport/undici-transport.js";
import type { Timeouts, Transport } from "./transport/types.js";

const VOT = { "content-type": "application/x-votable+xml" };
const HEAD =
  `<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE type="results"><TABLE><FIELD name="id" datatype="int"/><DATA><TABLEDATA>` +
  `<TR><TD>1</TD></TR>`;
const NO_LIMITS: Timeouts = { connect: 0, headers: 0, body: 0, total: 0 };

let server: TestServer | undefined;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
  await server?.close();
  server = undefined;
});

async function stallingServer(): Promise<string> {
  server = await startTestServer({
    "/hang": hang(),
    "/stall-body": slowBody([HEAD, "<TR><TD>2</TD></TR>"], 600_000, VOT),
    "/quick": respond(200, "done", { "content-type": "text/plain" }),
    "/slowish": slowBody(["a", "b"], 150, { "content-type": "text/plain" }),
  });
  return server.url;
}

/** Awaits `p` and how long it took, in ms. */
async function timed<T>(p: Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await p;
  return [value, performance.now() - t0];
}

function expectClosed(error: unknown, what: "client" | "transport", url: string): void {
  expect(error).toBeInstanceOf(VOError);
  expect((error as VOError).code).toBe("VO_ERR_CLOSED");
  expect((error as VOError).message).toContain(`the ${what} was closed`);
  expect((error as VOError).message).toContain(url);
  expect((error as VOError).url).toBe(url);
}

type MakeClient = () => { client: Client; transport?: Transport };
const CLIENTS: readonly [string, MakeClient][] = [
  ["default transport", () => ({ client: createClient({ plugins: [] }) })],
  ["undici transport given", () => {
    const transport = createUndiciTransport({ retries: { max: 0 } });
    cleanup.push(() => transport.close());
    return { client: createClient({ plugins: [], transport }), transport };
  }],
  ["fetch transport given", () => {
    const transport = createFetchTransport({ retries: { max: 0 } });
    cleanup.push(() => transport.close());
    return { client: createClient({ plugins: [], transport }), transport };
  }],
];

describe.each(CLIENTS)("client.close() with requests in flight (%s)", (_name, make) => {
  for (const [label, timeouts] of [
    ["default timeouts", undefined],
    ["no time limits", NO_LIMITS],
  ] as const) {
    it(`ends a request waiting for headers, promptly (${label})`, async () => {
      const base = await stallingServer();
      const { client } = make();
      const pending = rejection(client.transport.request({ url: `${base}/hang`, ...(timeouts ? { timeouts } : {}) }));
      await new Promise((r) => setTimeout(r, 100));
      const [, ms] = await timed(client.close());
      expect(ms).toBeLessThan(1500);
      expectClosed(await pending, "client", `${base}/hang`);
    });

    it(`ends a body that stalls mid-stream, promptly (${label})`, async () => {
      const base = await stallingServer();
      const { client } = make();
      const stream = await queryResultStream(
        { transport: client.transport },
        `${base}/stall-body`,
        {},
        timeouts ? { timeouts } : {},
      );
      const rows: unknown[] = [];
      const reading = rejection(
        (async () => {
          for await (const row of stream) rows.push(row);
        })(),
      );
      await new Promise((r) => setTimeout(r, 150));
      const [, ms] = await timed(client.close());
      expect(ms).toBeLessThan(1500);
      const error = await reading;
      expectClosed(error, "client", `${base}/stall-body`);
      expect(rows).toHaveLength(1);
    });
  }

  it("lets requests finish within the grace period, then aborts the rest", async () => {
    const base = await stallingServer();
    const { client } = make();
    const slowish = client.transport.request({ url: `${base}/slowish` }).then((r) => r.text());
    const hung = rejection(client.transport.request({ url: `${base}/hang`, timeouts: NO_LIMITS }));
    await new Promise((r) => setTimeout(r, 50));
    const [, ms] = await timed(client.close({ graceMs: 600 }));
    expect(ms).toBeGreaterThanOrEqual(500);
    expect(ms).toBeLessThan(2000);
    expect(await slowish).toBe("ab");
    expectClosed(await hung, "client", `${base}/hang`);
  });

  it("returns at once when nothing is in flight, and refuses new requests after", async () => {
    const base = await stallingServer();
    const { client } = make();
    expect(await (await client.transport.request({ url: `${base}/quick` })).text()).toBe("done");
    const [, ms] = await timed(client.close({ graceMs: 5000 }));
    expect(ms).toBeLessThan(200);
    const error = await rejection(client.transport.request({ url: `${base}/quick` }));
    expect(error).toMatchObject({ code: "VO_ERR_CLOSED" });
  });

  it("a caller's own abort still rejects with the caller's reason", async () => {
    const base = await stallingServer();
    const { client } = make();
    const controller = new AbortController();
    const pending = rejection(client.transport.request({ url: `${base}/hang`, signal: controller.signal }));
    const reason = new Error("mine");
    controller.abort(reason);
    expect(await pending).toBe(reason);
    await client.close();
  });
});

describe("closing a derived client ends only its own requests", () => {
  it("with() shares the transport, not the lifetime", async () => {
    const base = await stallingServer();
    const parent = createClient({ plugins: [] });
    const child = parent.with({ plugins: [] });
    const childRequest = child.transport.request({ url: `${base}/slowish` }).then((r) => r.text());
    const parentRequest = rejection(parent.transport.request({ url: `${base}/hang` }));
    await new Promise((r) => setTimeout(r, 30));
    await parent.close();
    expectClosed(await parentRequest, "client", `${base}/hang`);
    expect(await childRequest).toBe("ab");
    await child.close();
  });
});

describe.each([
  ["undici", () => createUndiciTransport({ retries: { max: 0 }, timeouts: NO_LIMITS })],
  ["fetch", () => createFetchTransport({ retries: { max: 0 }, timeouts: NO_LIMITS })],
] as const)("transport.close() with requests in flight (%s)", (_name, make) => {
  it("ends requests waiting for headers and bodies, promptly, without time limits", async () => {
    const base = await stallingServer();
    const transport = make();
    const headers = rejection(transport.request({ url: `${base}/hang` }));
    const response = await transport.request({ url: `${base}/stall-body` });
    const body = rejection(response.text());
    await new Promise((r) => setTimeout(r, 100));
    const [, ms] = await timed(transport.close());
    expect(ms).toBeLessThan(1500);
    expectClosed(await headers, "transport", `${base}/hang`);
    expectClosed(await body, "transport", `${base}/stall-body`);
    expect(await rejection(transport.request({ url: `${base}/quick` }))).toMatchObject({ code: "VO_ERR_CLOSED" });
  });
});

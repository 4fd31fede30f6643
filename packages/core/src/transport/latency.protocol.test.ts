/**
 * Small sequential requests on one kept-alive connection do not stall, for both transports:
 * - 50 GETs and 50 POSTs (form body) to a server that answers in one write: a client that let Nagle's algorithm
 *   hold the request body behind its head would show ~40 ms steps;
 * - the same to a server that leaves Nagle on and writes the head and the body in two writes (as Twisted, hence
 *   DaCHS, does): without prompt ACKs (`@vo/quickack`, Linux TCP_QUICKACK) the client kernel delays the ACK of the
 *   head by up to 40 ms on a kept-alive connection, and the server's body waits for it (bench/network/README.md).
 *   p90 must stay within a few ms of p50; a control run with `quickAck: false` shows that the server does stall a
 *   client without them.
 */
import type { ServerResponse } from "node:http";
import { createServer } from "node:net";
import type { Server, Socket } from "node:net";
import { quickAckSupport } from "@vo/quickack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "@vo/testkit";
import type { TestServer } from "@vo/testkit";
import { createFetchTransport } from "./fetch-transport.js";
import { createUndiciTransport } from "./undici-transport.js";
import type { Transport } from "./types.js";

const BODY = `<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE type="results"><TABLE><FIELD name="id" datatype="int"/><DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;
let server: TestServer;
let splitWriter: Server;
let splitWriterUrl: string;
beforeAll(async () => {
  splitWriter = await startSplitWriter();
  const address = splitWriter.address();
  splitWriterUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const answer = (_req: unknown, res: ServerResponse): void => {
    res.writeHead(200, { "content-type": "application/x-votable+xml", "content-length": String(Buffer.byteLength(BODY)) });
    res.end(BODY);
  };
  server = await startTestServer({ "/scs": answer, "/sync": answer });
});
afterAll(async () => {
  await server.close();
  await new Promise((resolve) => splitWriter.close(resolve));
});

/**
 * A raw HTTP/1.1 keep-alive server with Nagle's algorithm on that writes each answer's head, then its body on the
 * next event-loop turn (two segments, the second held until the first is acknowledged).
 */
function startSplitWriter(): Promise<Server> {
  const sockets = new Set<Socket>();
  const listener = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.setNoDelay(false);
    let pending = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const end = pending.indexOf("\r\n\r\n");
        if (end < 0) return;
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(pending.subarray(0, end).toString("latin1"))?.[1] ?? 0);
        if (pending.length < end + 4 + length) return;
        pending = pending.subarray(end + 4 + length);
        socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/x-votable+xml\r\ncontent-length: ${Buffer.byteLength(BODY)}\r\n\r\n`);
        setImmediate(() => socket.write(BODY));
      }
    });
    socket.on("error", () => undefined);
  });
  // Kept-alive connections would hold close() open.
  const close = listener.close.bind(listener);
  listener.close = (callback) => {
    for (const socket of sockets) socket.destroy();
    return close(callback);
  };
  return new Promise((resolve) => listener.listen(0, "127.0.0.1", () => resolve(listener)));
}

/** Times 50 sequential GETs or form POSTs through one transport (one kept-alive connection). */
async function time50(transport: Transport, base: string, method: "GET" | "POST"): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    const response =
      method === "GET"
        ? await transport.request({ url: `${base}/scs?RA=10.68&DEC=41.27&SR=0.05&n=${i}` })
        : await transport.request({ url: `${base}/sync`, method: "POST", body: new URLSearchParams({ REQUEST: "doQuery", LANG: "ADQL", QUERY: `SELECT TOP ${i} * FROM t` }) });
    expect(await response.text()).toBe(BODY);
    times.push(performance.now() - started);
  }
  return times;
}

const quantile = (times: number[], p: number): number => [...times].sort((a, b) => a - b)[Math.floor(p * (times.length - 1))] ?? NaN;

describe.each([
  ["undici", () => createUndiciTransport({ retries: { max: 0 } })],
  ["fetch", () => createFetchTransport({ retries: { max: 0 } })],
] as [string, () => Transport][])("50 sequential small requests (%s)", (_name, make) => {
  it.each(["GET", "POST"] as const)("%s: no request stalls", async (method) => {
    const transport = make();
    try {
      const times = await time50(transport, server.url, method);
      // A delayed-ACK stall adds ~40 ms to every second request or more (24–49 of 50 in bench/network/nagle.mjs);
      // counting requests over 35 ms rather than comparing p90 with p50 keeps a loaded 2-core CI machine's noise out.
      expect(times.filter((t) => t > 35).length, times.map((t) => t.toFixed(1)).join(" ")).toBeLessThan(8);
      expect(quantile(times, 0.5)).toBeLessThan(35);
    } finally {
      await transport.close();
    }
  });
});

describe.each([
  ["undici", (quickAck: boolean) => createUndiciTransport({ retries: { max: 0 }, quickAck })],
  ["fetch", (quickAck: boolean) => createFetchTransport({ retries: { max: 0 }, quickAck })],
] as [string, (quickAck: boolean) => Transport][])("50 sequential small requests to a split-writing Nagle server (%s)", (_name, make) => {
  it("the prompt-ACK addon is loaded (Linux)", () => {
    // Without it the next test fails for a reason this one names.
    expect(quickAckSupport.reason).toBeUndefined();
    expect(quickAckSupport.available).toBe(true);
  });

  it.each(["GET", "POST"] as const)("%s: p90 stays within a few ms of p50", async (method) => {
    const transport = make(true);
    try {
      const times = await time50(transport, splitWriterUrl, method);
      const detail = times.map((t) => t.toFixed(1)).join(" ");
      // Stalled, half the requests or more take ~40 ms more (p90 ≥ 40 ms, 24–49 of 50 over 35 ms).
      expect(quantile(times, 0.9) - quantile(times, 0.5), detail).toBeLessThan(15);
      expect(times.filter((t) => t > 35).length, detail).toBeLessThan(5);
    } finally {
      await transport.close();
    }
  });

  it("control: without prompt ACKs the same server stalls the client", async () => {
    // A server of its own: Node's fetch keeps its connections for the whole process, and those opened by the
    // tests above acknowledge promptly for life.
    const own = await startSplitWriter();
    const address = own.address();
    const transport = make(false);
    try {
      const times = await time50(transport, `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`, "GET");
      // If this fails, the server no longer reproduces the stall and the test above proves nothing.
      expect(times.filter((t) => t > 35).length, times.map((t) => t.toFixed(1)).join(" ")).toBeGreaterThanOrEqual(10);
    } finally {
      await transport.close();
      await new Promise((resolve) => own.close(resolve));
    }
  });
});

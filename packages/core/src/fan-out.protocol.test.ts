/**
 * Fan-out over 20 in-process services through one transport (one connection pool): 3 answer after 2 s and 1 is
 * dead. The whole run takes about as long as the slowest live service (not the sum), the fast services' results
 * are yielded before the slow ones', and the dead one fails without delaying anyone.
 */
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hang, respond, startTestServer } from "@vo/testkit";
import type { RouteHandler, TestServer } from "@vo/testkit";
import { fanOutIter } from "./fan-out.js";
import type { FanOutResult } from "./fan-out.js";
import { createFetchTransport } from "./transport/fetch-transport.js";
import { createUndiciTransport } from "./transport/undici-transport.js";
import type { Transport } from "./transport/types.js";

const SLOW_MS = 2000;
const servers: TestServer[] = [];

/** Answers "ok <name>" after `delayMs`. */
function late(name: string, delayMs: number): RouteHandler {
  return (_req, res) => {
    setTimeout(() => respond(200, `ok ${name}`, { "content-type": "text/plain" })(_req, res), delayMs);
  };
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}

let fast: string[] = [];
let slow: string[] = [];
let hanging = "";
beforeAll(async () => {
  for (let i = 0; i < 16; i++) servers.push(await startTestServer({ "/": respond(200, `ok fast${i}`, { "content-type": "text/plain" }) }));
  for (let i = 0; i < 3; i++) servers.push(await startTestServer({ "/": late(`slow${i}`, SLOW_MS) }));
  servers.push(await startTestServer({ "/": hang() }));
  fast = servers.slice(0, 16).map((s) => `${s.url}/`);
  slow = servers.slice(16, 19).map((s) => `${s.url}/`);
  hanging = `${servers[19]!.url}/`;
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const transports: [string, () => Transport][] = [
  ["undici", () => createUndiciTransport({ retries: { max: 0 } })],
  ["fetch", () => createFetchTransport({ retries: { max: 0 } })],
];

async function run(transport: Transport, urls: string[], timeout: number): Promise<{ order: FanOutResult<string, string>[]; ms: number }> {
  const started = performance.now();
  const order: FanOutResult<string, string>[] = [];
  const get = async (url: string, { signal }: { signal: AbortSignal }): Promise<string> => (await transport.request({ url, signal })).text();
  for await (const outcome of fanOutIter(urls, get, { concurrency: 8, perHost: 2, timeout })) order.push(outcome);
  return { order, ms: performance.now() - started };
}

describe.each(transports)("fan-out of 20 services, 3 slow and 1 dead (%s)", (_name, make) => {
  // The slow and dead ones come first, so a fan-out that kept input order or held their slots would wait on them.
  it.each([
    ["a closed port", async () => closedPort(), 10_000],
    ["a service that never answers", async () => hanging, 2600],
  ] as const)("with %s: total ≈ the slowest live service, fast results first", async (_what, dead, timeout) => {
    const transport = make();
    try {
      const urls = [...slow, await dead(), ...fast];
      const { order, ms } = await run(transport, urls, timeout);
      expect(order).toHaveLength(20);
      const okNames = order.filter((o) => o.ok).map((o) => (o.ok ? o.value : ""));
      expect(okNames).toHaveLength(19);
      // Every fast result arrives before any slow one.
      const firstSlow = okNames.findIndex((v) => v.startsWith("ok slow"));
      expect(firstSlow).toBe(16);
      const failure = order.find((o) => !o.ok);
      expect(failure?.index).toBe(3);
      // Sum would be > 6 s; the bound is the slowest live service (2 s) or the dead one's timeout, plus slack for a loaded CI machine.
      expect(ms).toBeLessThan(Math.max(SLOW_MS, timeout > 5000 ? 0 : timeout) + 1500);
    } finally {
      await transport.close();
    }
  }, 20_000);
});

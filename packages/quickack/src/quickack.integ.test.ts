/**
 * @vo/quickack against the real peer whose stall it exists for: the local GAVO DaCHS (Twisted writes a response's
 * head and body separately, with Nagle's algorithm on). 60 sequential cone searches on one kept-alive undici
 * connection: without prompt ACKs a good share of them wait ~40 ms for the client's delayed ACK; with
 * `ackPromptly` on the connection, none does and p90 stays near p50. DaCHS comes from scripts/start-dachs.sh
 * (`npm run test:integ`) or VO_DACHS_URL; an unreachable server fails the suite (never a silent skip).
 */
import type { Socket } from "node:net";
import { Agent, buildConnector, request } from "undici";
import { beforeAll, describe, expect, it } from "vitest";
import { ackPromptly, quickAckSupport } from "./index.js";

const base = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");
const cone = (i: number): string => `${base}/vosample/cat/cone/scs.xml?RA=${(10.6 + (i % 7) * 0.02).toFixed(2)}&DEC=41.27&SR=0.05`;
const N = 60;

beforeAll(async () => {
  const probe = await fetch(cone(0), { signal: AbortSignal.timeout(30_000) }).catch((e: unknown) => e);
  if (!(probe instanceof Response) || !probe.ok) {
    throw new Error(`DaCHS is not reachable at ${base} (${probe instanceof Response ? `HTTP ${probe.status}` : String(probe)}); start it with scripts/start-dachs.sh or set VO_DACHS_URL`);
  }
  await probe.arrayBuffer();
});

/** Times N sequential cone searches through one undici pool (one kept-alive connection), prompt ACKs or not. */
async function coneSearches(prompt: boolean): Promise<number[]> {
  const connect = buildConnector({});
  const agent = new Agent({
    connections: 1,
    connect: (options, callback) =>
      connect(options, (error, socket) => {
        if (error || !socket) return callback(error ?? new Error("no socket"), null);
        if (prompt) expect(ackPromptly(socket as Socket)).toBe(true);
        callback(null, socket);
      }),
  });
  try {
    const times: number[] = [];
    for (let i = 0; i < N; i++) {
      const started = performance.now();
      const response = await request(cone(i), { dispatcher: agent });
      expect(response.statusCode).toBe(200);
      expect(await response.body.text()).toContain("<VOTABLE");
      times.push(performance.now() - started);
    }
    return times.slice(5); // the first ones warm up the connection and the JIT
  } finally {
    await agent.close();
  }
}

const quantile = (times: number[], p: number): number => [...times].sort((a, b) => a - b)[Math.floor(p * (times.length - 1))] ?? NaN;
const detail = (times: number[]): string => times.map((t) => t.toFixed(1)).join(" ");

describe.runIf(process.platform === "linux")("prompt ACKs against DaCHS", () => {
  it("the addon is loaded", () => {
    expect(quickAckSupport.reason).toBeUndefined();
    expect(quickAckSupport.available).toBe(true);
  });

  it("control: without them, DaCHS's split answers stall a kept-alive connection", async () => {
    const times = await coneSearches(false);
    // If this fails, DaCHS no longer splits its answers and the next test proves nothing.
    expect(times.filter((t) => t > 38).length, detail(times)).toBeGreaterThanOrEqual(10);
  });

  it("with ackPromptly, no cone search waits for a delayed ACK", async () => {
    const times = await coneSearches(true);
    expect(times.filter((t) => t > 38).length, detail(times)).toBeLessThanOrEqual(1);
    expect(quantile(times, 0.9) - quantile(times, 0.5), detail(times)).toBeLessThan(15);
  });
});

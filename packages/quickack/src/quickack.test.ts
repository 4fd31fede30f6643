import { createServer, connect } from "node:net";
import type { Server, Socket } from "node:net";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { ackPromptly, quickAckSupport, setQuickAck } from "./index.js";

const linux = process.platform === "linux";
const opened: (Server | Socket)[] = [];
afterEach(() => {
  for (const o of opened.splice(0)) {
    if ("destroy" in o) o.destroy();
    else o.close();
  }
});

async function connectedPair(): Promise<{ client: Socket; server: Socket }> {
  const listener = createServer();
  opened.push(listener);
  listener.listen(0, "127.0.0.1");
  await once(listener, "listening");
  const address = listener.address();
  const client = connect(typeof address === "object" && address ? address.port : 0, "127.0.0.1");
  const [server] = (await Promise.all([once(listener, "connection"), once(client, "connect")]))[0] as [Socket];
  opened.push(client, server);
  return { client, server };
}

describe("quickAckSupport", () => {
  it.runIf(linux)("loads the addon on Linux, and names it", () => {
    expect(quickAckSupport).toMatchObject({ available: true, reason: undefined });
    expect(quickAckSupport.binary).toMatch(/quickack\.node$/);
  });
  it.runIf(!linux)("says why not elsewhere", () => {
    expect(quickAckSupport.available).toBe(false);
    expect(quickAckSupport.reason).toMatch(/Linux only/);
  });
});

describe.runIf(linux)("setQuickAck and ackPromptly", () => {
  it("set the option on a connected TCP socket, not on a closed one", async () => {
    const { client } = await connectedPair();
    expect(setQuickAck(client)).toBe(true);
    client.destroy();
    expect(setQuickAck(client)).toBe(false);
    expect(ackPromptly(client)).toBe(false);
  });

  it("keeps a socket read through 'readable' working, once per socket", async () => {
    const { client, server } = await connectedPair();
    expect(ackPromptly(client)).toBe(true);
    expect(ackPromptly(client)).toBe(true);
    expect(client.listenerCount("readable")).toBe(1);
    const chunks: Buffer[] = [];
    client.on("readable", () => {
      for (let chunk: Buffer | null; (chunk = client.read() as Buffer | null) !== null; ) chunks.push(chunk);
    });
    server.write("head ");
    setImmediate(() => server.end("body"));
    await once(client, "end");
    expect(Buffer.concat(chunks).toString()).toBe("head body");
  });

  it("leaves a socket that flows through 'data' alone (a 'readable' listener would pause it)", async () => {
    const { client, server } = await connectedPair();
    const chunks: Buffer[] = [];
    client.on("data", (chunk: Buffer) => chunks.push(chunk));
    expect(ackPromptly(client)).toBe(false);
    expect(client.listenerCount("readable")).toBe(0);
    server.end("still flowing");
    await once(client, "end");
    expect(Buffer.concat(chunks).toString()).toBe("still flowing");
  });
});

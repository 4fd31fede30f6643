/**
 * SAMP peers that misbehave: a hub that answers faults or broken XML-RPC, a
 * stale lockfile, a receiver that never replies, and the Web Profile's consent.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DALFormatError, DALServiceError } from "@vo/core";
import { respond, startTestServer, hang } from "@vo/testkit";
import type { TestServer } from "@vo/testkit";
import { connect } from "./connect.js";
import type { SAMPClient } from "./samp-client.js";
import { SAMPHubError } from "../errors.js";
import { startHub } from "../hub/hub.node.js";
import type { SAMPHub } from "../hub/hub.node.js";
import { encodeFault, encodeResponse } from "../xmlrpc/codec.js";

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f().catch(() => undefined);
});

async function lockfileFor(url: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "vo-samp-bad-"));
  const path = join(dir, "samp.lock");
  await writeFile(path, `samp.secret=s3cret\nsamp.hub.xmlrpc.url=${url}\nsamp.profile.version=1.3\n`);
  return path;
}

async function fakeHub(answer: (method: string) => string | undefined): Promise<TestServer> {
  const server = await startTestServer({
    "POST /xmlrpc": (req, res) => {
      const method = /<methodName>([^<]*)<\/methodName>/.exec(req.body.toString())?.[1] ?? "";
      const body = answer(method);
      if (body === undefined) return;
      res.writeHead(200, { "Content-Type": "text/xml" });
      res.end(body);
    },
  });
  cleanup.push(() => server.close());
  return server;
}

async function ourHub(options: Parameters<typeof startHub>[0] = {}): Promise<SAMPHub> {
  const dir = await mkdtemp(join(tmpdir(), "vo-samp-bad-"));
  const hub = await startHub({ lockfile: join(dir, "samp.lock"), ...options });
  cleanup.push(() => hub.stop());
  return hub;
}

async function client(options: Parameters<typeof connect>[0]): Promise<SAMPClient> {
  const c = await connect(options);
  cleanup.push(() => c.close());
  return c;
}

describe("a hub that misbehaves", () => {
  it("answers register with a fault: SAMPHubError VO_ERR_SAMP_FAULT with the hub's text", async () => {
    const server = await fakeHub((m) => (m === "samp.hub.ping" ? encodeResponse("") : encodeFault({ faultCode: 7, faultString: "Hub is full" })));
    const err = await connect({ lockfile: await lockfileFor(`${server.url}/xmlrpc`) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SAMPHubError);
    expect(err).toMatchObject({ code: "VO_ERR_SAMP_FAULT", method: "samp.hub.register", faultCode: 7, faultString: "Hub is full" });
    expect((err as Error).message).toMatch(/SAMP hub refused samp\.hub\.register: Hub is full/);
  });

  it("answers malformed XML-RPC: DALFormatError naming XML-RPC and the hub URL", async () => {
    const server = await fakeHub((m) => (m === "samp.hub.ping" ? encodeResponse("") : "<methodResponse><params><param><value><struct><member><value>x</value></member></struct></value></param></params></methodResponse>"));
    const err = await connect({ lockfile: await lockfileFor(`${server.url}/xmlrpc`) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALFormatError);
    expect(err).toMatchObject({ code: "VO_ERR_FORMAT", standard: "XML-RPC", url: `${server.url}/xmlrpc` });
    expect((err as Error).message).toMatch(/member> without <name>/);
  });

  it("answers an HTML error page: SAMPHubError VO_ERR_SAMP_NO_HUB with the HTTP status in the cause", async () => {
    const server = await startTestServer({ "*": respond(500, "<html><body>oops</body></html>", { "Content-Type": "text/html" }) });
    cleanup.push(() => server.close());
    const err = await connect({ lockfile: await lockfileFor(`${server.url}/xmlrpc`) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "VO_ERR_SAMP_NO_HUB" });
    expect((err as Error).message).toMatch(/stale lockfile/);
    expect(((err as SAMPHubError).cause as SAMPHubError).cause).toBeInstanceOf(DALServiceError);
  });

  it("hangs on ping: the lookup gives up after its time limit", async () => {
    const server = await startTestServer({ "*": hang() });
    cleanup.push(() => server.close());
    const t0 = Date.now();
    const err = await connect({ lockfile: await lockfileFor(`${server.url}/xmlrpc`) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "VO_ERR_SAMP_NO_HUB" });
    expect(Date.now() - t0).toBeLessThan(15_000);
  }, 20_000);
});

describe("lockfiles", () => {
  it("a stale lockfile (the hub was killed) is a clear 'no hub' error", async () => {
    const err = await connect({ lockfile: await lockfileFor("http://127.0.0.1:9/xmlrpc") }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "VO_ERR_SAMP_NO_HUB", lockfile: expect.stringContaining("samp.lock") });
    expect((err as Error).message).toMatch(/names a hub at http:\/\/127\.0\.0\.1:9\/xmlrpc that does not answer \(a stale lockfile\?\)/);
  });

  it("no lockfile at all says no hub is running", async () => {
    await expect(connect({ lockfile: "/nonexistent/vo-samp/samp.lock" })).rejects.toMatchObject({ code: "VO_ERR_SAMP_NO_HUB", message: /no SAMP hub is running/ });
  });
});

describe("a receiver that never replies", () => {
  it("callAndWait times out with VO_ERR_TIMEOUT naming the client and the MType", async () => {
    const hub = await ourHub();
    const silent = await client({ lockfile: hub.lockfile, name: "silent", onCall: { "test.slow": () => new Promise(() => undefined) } });
    const sender = await client({ lockfile: hub.lockfile, name: "sender" });
    const t0 = Date.now();
    const err = await sender.callAndWait(silent.selfId, { "samp.mtype": "test.slow" }, { timeout: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALServiceError);
    expect(err).toMatchObject({ code: "VO_ERR_TIMEOUT", message: `SAMP client ${silent.selfId} did not reply to test.slow within 1 s` });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("a non-callable client's callAndWait (the hub waits) also ends with a fault in time", async () => {
    const hub = await ourHub();
    const silent = await client({ lockfile: hub.lockfile, name: "silent", onCall: { "test.slow": () => new Promise(() => undefined) } });
    const sender = await client({ lockfile: hub.lockfile, name: "sender", callable: false });
    const err = await sender.callAndWait(silent.selfId, { "samp.mtype": "test.slow" }, { timeout: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "VO_ERR_SAMP_FAULT", faultString: expect.stringMatching(/Timeout: no reply from .* within 1 s/) });
  });

  it("a caller's abort rejects with the signal's reason", async () => {
    const hub = await ourHub();
    const silent = await client({ lockfile: hub.lockfile, name: "silent", onCall: { "test.slow": () => new Promise(() => undefined) } });
    const sender = await client({ lockfile: hub.lockfile, name: "sender" });
    const reason = new Error("user gave up");
    const ac = new AbortController();
    setTimeout(() => ac.abort(reason), 100);
    await expect(sender.callAndWait(silent.selfId, { "samp.mtype": "test.slow" }, { timeout: 0, signal: ac.signal })).rejects.toBe(reason);
  });
});

describe("the Web Profile of our hub", () => {
  it("refuses registration by default", async () => {
    const hub = await ourHub({ web: { port: 0 } });
    const err = await connect({ profile: "web", webHubUrl: hub.webUrl, name: "page" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "VO_ERR_SAMP_FAULT", method: "samp.webhub.register", faultString: expect.stringMatching(/refused/) });
  });

  it("asks the consent callback with the page's name and origin, answers CORS, and delivers by long polling", async () => {
    const asked: unknown[] = [];
    const hub = await ourHub({ web: { port: 0 }, consent: (r) => (asked.push(r), true) });
    const pre = await fetch(hub.webUrl as string, { method: "OPTIONS", headers: { Origin: "http://example.test", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" } });
    expect(pre.status).toBe(200);
    expect(pre.headers.get("access-control-allow-origin")).toBe("http://example.test");
    expect(pre.headers.get("access-control-allow-methods")).toMatch(/POST/);
    expect(await (await fetch(`${hub.webUrl}crossdomain.xml`)).text()).toMatch(/allow-access-from domain="\*"/);

    const got: string[] = [];
    const page = await client({ profile: "web", webHubUrl: hub.webUrl, name: "page", pollSeconds: 2, onNotification: { "table.load.votable": (m) => void got.push(String(m["samp.params"]["url"])) } });
    expect(asked).toEqual([{ name: "page", origin: undefined, address: expect.stringMatching(/127\.0\.0\.1|::1/) }]);
    expect(page.urlTranslator).toMatch(new RegExp(`^${hub.webUrl}translator/`));
    const desk = await client({ lockfile: hub.lockfile, name: "desktop" });
    expect(await desk.findClient("page")).toBe(page.selfId);
    await desk.notify(page.selfId, { "samp.mtype": "table.load.votable", "samp.params": { url: "http://127.0.0.1:1/t.vot" } });
    const end = Date.now() + 5000;
    while (got.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual(["http://127.0.0.1:1/t.vot"]);
    // The translator fetches only URLs that were sent to this client.
    const denied = await fetch(`${page.urlTranslator}${encodeURIComponent("file:///etc/passwd")}`);
    expect(denied.status).toBe(403);
  });
});

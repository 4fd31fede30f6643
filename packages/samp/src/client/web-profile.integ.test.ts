/**
 * The Web Profile client in a real browser: Debian's Chromium (playwright-core,
 * never a downloaded browser) loads the browser bundle of the BUILT @vo/samp from
 * a loopback page, registers with our hub and with JSAMP's, sends a table to the
 * independent recorder (which fetches it and reads it with astropy), and receives
 * a message from a desktop client.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { buildBrowserBundle, launchChromium, serveBrowserPage } from "@vo/testkit";
import type { BrowserBundle, TestServer } from "@vo/testkit";
import { astropyHub, jsampHub, recorder, scratch, untilRecorded } from "../../../../scripts/samp/peers.js";
import type { Peer, Scratch } from "../../../../scripts/samp/peers.js";
import { startHub } from "../hub/hub.node.js";
import type { SAMPHub, WebRegistrationRequest } from "../hub/hub.node.js";
import { connect } from "./connect.js";
import type * as SampBrowser from "../index.browser.js";

const MESSIER = `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE name="messier">
<FIELD name="name" datatype="char" arraysize="*"/><FIELD name="ra" datatype="double" unit="deg" ucd="pos.eq.ra;meta.main"/>
<DATA><TABLEDATA><TR><TD>M31</TD><TD>10.6847</TD></TR><TR><TD>M42</TD><TD>83.8221</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;

/** The page's part: register, send the table, wait for one notification, unregister. Runs in Chromium. */
async function inPage(tab: Page, webHubUrl: string | undefined, tableUrl: string): Promise<{ selfId: string; response: string; translator: string | undefined }> {
  return tab.evaluate(
    async ([hubUrl, url]) => {
      const samp = (globalThis as unknown as { samp: typeof SampBrowser }).samp;
      const got: string[] = [];
      (globalThis as unknown as { got: string[] }).got = got;
      const client = await samp.connect({
        name: "browser page",
        ...(hubUrl ? { webHubUrl: hubUrl } : {}),
        pollSeconds: 2,
        onNotification: { "coord.pointAt.sky": (m) => void got.push(`${String(m["samp.params"]["ra"])},${String(m["samp.params"]["dec"])}`) },
      });
      (globalThis as unknown as { client: unknown }).client = client;
      const report = await samp.sendTable(client, url as string, { to: "recorder", name: "messier", timeout: 30 });
      return { selfId: client.selfId, response: String([...report.responses.values()][0]?.["samp.status"]), translator: client.urlTranslator };
    },
    [webHubUrl, tableUrl] as const,
  );
}

let browser: Browser;
let bundle: BrowserBundle;
let site: TestServer;

beforeAll(async () => {
  bundle = await buildBrowserBundle(`import * as samp from "@vo/samp";\nglobalThis.samp = samp;\nglobalThis.sampReady = true;\n`);
  site = await serveBrowserPage(bundle, {
    routes: {
      "/messier.vot": (_q, res) => {
        res.writeHead(200, { "content-type": "application/x-votable+xml" });
        res.end(MESSIER);
      },
    },
  });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

it("the browser bundle of @vo/samp has no node: module, no hub and no lockfile code", () => {
  const code = [...bundle.files.values()].join("\n");
  expect(code).not.toMatch(/["'`]node:|__vite-browser-external/);
  expect(code).not.toMatch(/writeLockfile|startXmlRpcServer|setXmlrpcCallback/);
  expect(code).toMatch(/samp\.webhub\.|pullCallbacks/);
});

async function openPage(): Promise<Page> {
  const tab = await browser.newPage();
  await tab.goto(`${site.url}/`);
  await tab.waitForFunction(() => (globalThis as { sampReady?: boolean }).sampReady === true);
  return tab;
}

async function rowsOf(file: string): Promise<unknown[][] | undefined> {
  const line = await untilRecorded(file, (l) => l.mtype === "table.load.votable" && l.sender_name === "browser page");
  expect(line.table_error).toBeUndefined();
  expect(line.params).toMatchObject({ url: `${site.url}/messier.vot`, name: "messier" });
  return line.table?.rows;
}

describe("in Chromium, with our hub's Web Profile", () => {
  let s: Scratch;
  let hub: SAMPHub;
  let rec: Peer;
  const asked: WebRegistrationRequest[] = [];

  beforeAll(async () => {
    s = await scratch();
    hub = await startHub({ lockfile: s.lockfile, web: { port: 0 }, consent: (r) => (asked.push(r), r.origin === site.url) });
    rec = await recorder(s, join(s.dir, "record.jsonl"), { fetch: true });
  });
  afterAll(async () => {
    await rec?.stop();
    await hub?.stop();
  });

  it("registers (consent sees the page's origin), sends a table the recorder reads, and receives a notification", async () => {
    const tab = await openPage();
    const out = await inPage(tab, hub.webUrl, `${site.url}/messier.vot`);
    expect(asked).toEqual([{ name: "browser page", origin: site.url, address: expect.stringMatching(/127\.0\.0\.1|::1/) }]);
    expect(out.response).toBe("samp.ok");
    expect(out.translator).toMatch(/\/translator\/.*\?ref=$/);
    expect(await rowsOf(join(s.dir, "record.jsonl"))).toEqual([
      ["M31", 10.6847],
      ["M42", 83.8221],
    ]);
    const desk = await connect({ lockfile: s.lockfile, name: "desktop" });
    try {
      await desk.notify(await desk.findClient("browser page"), { "samp.mtype": "coord.pointAt.sky", "samp.params": { ra: 83.8221, dec: -5.3911 } });
      await tab.waitForFunction(() => (globalThis as unknown as { got: string[] }).got.length > 0, undefined, { timeout: 20_000 });
      expect(await tab.evaluate(() => (globalThis as unknown as { got: string[] }).got)).toEqual(["83.8221,-5.3911"]);
      await tab.evaluate(() => (globalThis as unknown as { client: { close(): Promise<void> } }).client.close());
      await expect(desk.findClient("browser page")).rejects.toMatchObject({ code: "VO_ERR_SAMP_NO_CLIENT" });
    } finally {
      await desk.close();
      await tab.close();
    }
  });
});

describe("in Chromium, with astropy's hub (pyVO's; pullCallbacks answers at once)", () => {
  let s: Scratch;
  let hub: Peer;
  let rec: Peer;
  let port: number;

  beforeAll(async () => {
    s = await scratch();
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    hub = await astropyHub(s, { web: port });
    rec = await recorder(s, join(s.dir, "record.jsonl"), { fetch: true });
  });
  afterAll(async () => {
    await rec?.stop();
    await hub?.stop();
  });

  it("registers, sends a table the recorder reads, and receives a notification", async () => {
    const tab = await openPage();
    const out = await inPage(tab, `http://localhost:${port}/`, `${site.url}/messier.vot`);
    expect(out.response).toBe("samp.ok");
    expect(await rowsOf(join(s.dir, "record.jsonl"))).toEqual([
      ["M31", 10.6847],
      ["M42", 83.8221],
    ]);
    const desk = await connect({ lockfile: s.lockfile, name: "desktop" });
    try {
      await desk.notify(out.selfId, { "samp.mtype": "coord.pointAt.sky", "samp.params": { ra: 1.5, dec: -2.5 } });
      await tab.waitForFunction(() => (globalThis as unknown as { got: string[] }).got.length > 0, undefined, { timeout: 20_000 });
      expect(await tab.evaluate(() => (globalThis as unknown as { got: string[] }).got)).toEqual(["1.5,-2.5"]);
      await tab.evaluate(() => (globalThis as unknown as { client: { close(): Promise<void> } }).client.close());
    } finally {
      await desk.close();
      await tab.close();
    }
  });
});

describe("in Chromium, with JSAMP's hub (Web Profile on the standard port 21012)", () => {
  let s: Scratch;
  let hub: Peer;
  let rec: Peer;

  beforeAll(async () => {
    s = await scratch();
    hub = await jsampHub(s, { web: true });
    rec = await recorder(s, join(s.dir, "record.jsonl"), { fetch: true });
  });
  afterAll(async () => {
    await rec?.stop();
    await hub?.stop();
  });

  it("registers at http://localhost:21012/ (the default), sends a table the recorder reads, and receives a notification", async () => {
    const tab = await openPage();
    const out = await inPage(tab, undefined, `${site.url}/messier.vot`);
    expect(out.response).toBe("samp.ok");
    expect(await rowsOf(join(s.dir, "record.jsonl"))).toEqual([
      ["M31", 10.6847],
      ["M42", 83.8221],
    ]);
    const desk = await connect({ lockfile: s.lockfile, name: "desktop" });
    try {
      await desk.notify(out.selfId, { "samp.mtype": "coord.pointAt.sky", "samp.params": { ra: 10.6847, dec: 41.2687 } });
      await tab.waitForFunction(() => (globalThis as unknown as { got: string[] }).got.length > 0, undefined, { timeout: 20_000 });
      expect(await tab.evaluate(() => (globalThis as unknown as { got: string[] }).got)).toEqual(["10.6847,41.2687"]);
      await tab.evaluate(() => (globalThis as unknown as { client: { close(): Promise<void> } }).client.close());
    } finally {
      await desk.close();
      await tab.close();
    }
  });
});

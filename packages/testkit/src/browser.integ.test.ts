/**
 * The browser launcher itself: Debian's Chromium starts, loads a bundle of the built @vo packages from
 * loopback, and runs it with the browser entry (fetch transport).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { buildBrowserBundle, launchChromium, serveBrowserPage } from "./browser.js";
import type { TestServer } from "./test-server.js";

let browser: Browser;
let page: TestServer;
beforeAll(async () => {
  browser = await launchChromium();
  const bundle = await buildBrowserBundle(
    `import { createClient, VOError, VERSION } from "@vo/core";\n` +
      `globalThis.vo = { createClient, VOError, VERSION };\n` +
      `globalThis.voReady = true;\n`,
  );
  page = await serveBrowserPage(bundle, { routes: { "/hello": (_q, res) => void res.end("hello from loopback") } });
});
afterAll(async () => {
  await browser?.close();
  await page?.close();
});

describe("launchChromium + buildBrowserBundle + serveBrowserPage", () => {
  it("runs the bundle in Chromium and requests through the default (fetch) transport", async () => {
    const tab = await browser.newPage();
    await tab.goto(`${page.url}/`);
    await tab.waitForFunction(() => (globalThis as { voReady?: boolean }).voReady === true);
    const out = await tab.evaluate(async (url) => {
      const { vo } = globalThis as unknown as { vo: { createClient(o: object): { transport: { request(r: object): Promise<{ text(): Promise<string> }> }; close(): Promise<void> }; VERSION: string } };
      const client = vo.createClient({ plugins: [] });
      const text = await (await client.transport.request({ url })).text();
      await client.close();
      return { text, version: vo.VERSION, ua: navigator.userAgent };
    }, `${page.url}/hello`);
    expect(out.text).toBe("hello from loopback");
    expect(out.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(out.ua).toMatch(/HeadlessChrome|Chrome/);
    const hello = page.requests.find((r) => r.url === "/hello");
    expect(hello?.headers["sec-fetch-mode"]).toBe("cors"); // a real browser fetch, not Node's
  });
});

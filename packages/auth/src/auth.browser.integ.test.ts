/**
 * @vo/auth in a real browser (Debian's Chromium, the built packages bundled with the browser condition): a
 * bearer token goes to a cross-origin service through CORS, and the browser's own cookies go along only when
 * the session opts in (`useBrowserCredentials`, i.e. `credentials: "include"`). Needs `npm run build`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { buildBrowserBundle, launchChromium, serveBrowserPage, startTestServer } from "@vo/testkit";
import type { RouteHandler, TestServer } from "@vo/testkit";

let browser: Browser;
let page: TestServer;
let service: TestServer;

/** CORS for the page's origin, credentials allowed (the service side of `credentials: "include"`). */
function cors(handler: RouteHandler): RouteHandler {
  return (req, res) => {
    res.setHeader("access-control-allow-origin", String(req.headers.origin ?? "*"));
    res.setHeader("access-control-allow-credentials", "true");
    res.setHeader("access-control-allow-headers", "authorization");
    if (req.method === "OPTIONS") {
      res.writeHead(204).end();
      return;
    }
    return handler(req, res);
  };
}

beforeAll(async () => {
  browser = await launchChromium();
  service = await startTestServer(
    {
      "/login": (_req, res) => void res.writeHead(200, { "set-cookie": "sid=browser-cookie-42; Path=/; SameSite=Lax", "content-type": "text/plain" }).end("logged in"),
      "*": cors((_req, res) => void res.writeHead(200, { "content-type": "text/plain" }).end("ok")),
    },
    { host: "localhost" },
  );
  const bundle = await buildBrowserBundle(
    `import { createClient } from "@vo/core";\nimport { AuthSession, auth } from "@vo/auth";\n` +
      `globalThis.vo = { createClient, AuthSession, auth };\nglobalThis.voReady = true;\n`,
  );
  page = await serveBrowserPage(bundle, { host: "localhost" });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await page?.close();
  await service?.close();
});

async function open(): Promise<Page> {
  const tab = await browser.newPage();
  await tab.goto(`${page.url}/`);
  await tab.waitForFunction(() => (globalThis as { voReady?: boolean }).voReady === true);
  return tab;
}

type Setup = "token" | "browser" | "none";

/** Runs one request to `url` from the page, with a session set up as `setup` says. */
async function requestFrom(tab: Page, url: string, setup: Setup): Promise<string> {
  return tab.evaluate(
    async ({ url, setup, scope }) => {
      interface Api {
        createClient(o: object): { transport: { request(r: object): Promise<{ text(): Promise<string> }> }; close(): Promise<void> };
        AuthSession: new () => { credentials: { setToken(t: string, s: string): void; useBrowserCredentials(s: string): void } };
        auth(session: object): object;
      }
      const { vo } = globalThis as unknown as { vo: Api };
      const session = new vo.AuthSession();
      if (setup === "token") session.credentials.setToken("browser-token-7", scope);
      if (setup === "browser") session.credentials.useBrowserCredentials(scope);
      const client = vo.createClient({ plugins: [vo.auth(session)] });
      try {
        return await (await client.transport.request({ url })).text();
      } finally {
        await client.close();
      }
    },
    { url, setup, scope: service.url },
  );
}

describe("@vo/auth in Chromium", () => {
  it("sends a bearer token to its scope across origins (CORS preflight included)", async () => {
    const tab = await open();
    expect(await requestFrom(tab, `${service.url}/tap/sync`, "token")).toBe("ok");
    const sent = service.requests.filter((r) => r.method === "GET" && r.url === "/tap/sync");
    expect(sent.at(-1)?.headers.authorization).toBe("Bearer browser-token-7");
    expect(service.requests.some((r) => r.method === "OPTIONS")).toBe(true);
    await tab.close();
  });

  it("sends the browser's cookies only when the session opts in", async () => {
    const tab = await open();
    await tab.goto(`${service.url}/login`); // the browser stores the service's cookie
    await tab.goto(`${page.url}/`);
    await tab.waitForFunction(() => (globalThis as { voReady?: boolean }).voReady === true);
    await requestFrom(tab, `${service.url}/without`, "none");
    await requestFrom(tab, `${service.url}/with`, "browser");
    const cookieOf = (path: string) => service.requests.find((r) => r.url === path && r.method === "GET")?.headers.cookie;
    expect(cookieOf("/without")).toBeUndefined();
    expect(cookieOf("/with")).toBe("sid=browser-cookie-42");
    await tab.close();
  });
});

/**
 * @vo in a real browser (Debian's Chromium via @vo/testkit's launcher), the built bundle served from loopback:
 * TAP sync and async against the local DaCHS (counting the jobs the server saw), SCS with `validate: true`
 * under a Content-Security-Policy without 'unsafe-eval', and a request that CORS blocks. Needs `npm run build`
 * and DaCHS (VO_DACHS_URL); a missing peer fails the suite.
 */
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { buildBrowserBundle, launchChromium, respond, serveBrowserPage, startTestServer } from "@vo/testkit";
import type { BrowserBundle, RecordedRequest, RouteHandler, TestServer } from "@vo/testkit";

interface Services {
  baseUrl: string;
  scs: { url: string; expect: { ra: number; dec: number; sr: number; rows: number; custom: { rows: number } } };
}
const base = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");
const raw = JSON.parse(readFileSync(new URL("../../../scripts/dachs/services.json", import.meta.url), "utf8")) as Services;
const SCS = base + raw.scs.url.slice(raw.baseUrl.length);
const E = raw.scs.expect;

const ENTRY = `
import { createClient, interval, VOError } from "@vo/core";
import { tap } from "@vo/protocol-tap";
import { scs } from "@vo/protocol-scs";
globalThis.vo = { createClient, interval, VOError, tap, scs };
try { new Function("return 1"); globalThis.voEvalAllowed = true; } catch { globalThis.voEvalAllowed = false; }
// Runs fn from a page task (setTimeout), outside the test driver's evaluate, where the page's CSP applies in full.
globalThis.voInPage = (fn) => new Promise((resolve, reject) => setTimeout(() => fn().then(resolve, reject), 0));
globalThis.voReady = true;
`;

/** A reverse proxy to DaCHS on loopback that records every request (the browser talks to DaCHS through it). */
function dachsProxy(seen: RecordedRequest[]): RouteHandler {
  return (req, res) => {
    seen.push({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body: req.body, remotePort: undefined });
    const target = new URL(req.url ?? "/", base);
    const headers = { ...req.headers, host: target.host };
    const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
      const out = { ...answer.headers };
      // Keep the browser on the proxy: rewrite DaCHS's absolute redirects.
      if (typeof out.location === "string") out.location = out.location.replace(base, proxyBase);
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    upstream.end(req.body);
  };
}

let browser: Browser;
let bundle: BrowserBundle;
let proxy: TestServer;
let proxyBase = "";
const proxied: RecordedRequest[] = [];
const servers: TestServer[] = [];

beforeAll(async () => {
  const probe = await fetch(`${base}/tap/availability`, { signal: AbortSignal.timeout(10_000) }).catch((e: unknown) => e);
  if (!(probe instanceof Response) || !probe.ok) throw new Error(`DaCHS is not reachable at ${base}: start it with scripts/start-dachs.sh`);
  browser = await launchChromium();
  bundle = await buildBrowserBundle(ENTRY);
  proxy = await startTestServer({ "*": dachsProxy(proxied) });
  proxyBase = proxy.url;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  for (const s of [...servers, proxy]) await s?.close();
});

/** Opens the bundle in a new tab, the page served with `headers`; returns the tab and the console errors it logs. */
async function open(headers: Record<string, string> = {}): Promise<{ tab: Page; errors: string[] }> {
  const page = await serveBrowserPage(bundle, { headers });
  servers.push(page);
  const tab = await browser.newPage();
  const errors: string[] = [];
  tab.on("pageerror", (e) => errors.push(e.message));
  await tab.goto(`${page.url}/`);
  await tab.waitForFunction(() => (globalThis as { voReady?: boolean }).voReady === true, undefined, { timeout: 30_000 });
  return { tab, errors };
}

// The page's globals, as the evaluated functions see them.
type VO = {
  createClient(o: object): {
    service(kind: string, url: string): {
      runSync(q: string, o?: object): Promise<{ length: number; fieldnames: string[] }>;
      runAsync(q: string, o?: object): Promise<{ length: number }>;
      search(pos: number[], sr: number, o?: object): Promise<{ length: number }>;
    };
    transport: { request(r: object): Promise<{ text(): Promise<string> }> };
    close(): Promise<void>;
  };
  interval(lo: number, hi: number): unknown;
  VOError: new (...a: never[]) => Error;
  tap(): object;
  scs(): object;
};

describe("TAP in Chromium against DaCHS", () => {
  it("runSync reads the rows", async () => {
    const { tab, errors } = await open();
    const out = await tab.evaluate(async (url) => {
      const vo = (globalThis as unknown as { vo: VO }).vo;
      const client = vo.createClient({ plugins: [vo.tap()] });
      const rs = await client.service("tap", url).runSync("SELECT TOP 5 * FROM vo_sample.cat");
      await client.close();
      return { rows: rs.length, fields: rs.fieldnames.length };
    }, `${base}/tap`);
    expect(out.rows).toBe(5);
    expect(out.fields).toBeGreaterThan(3);
    expect(errors).toEqual([]);
  });

  it("runAsync creates exactly one job per call and deletes it, without warnings", async () => {
    const { tab, errors } = await open();
    const before = proxied.length;
    const out = await tab.evaluate(async (url) => {
      const vo = (globalThis as unknown as { vo: VO }).vo;
      const warnings: string[] = [];
      const logged: string[] = [];
      const warn = console.warn;
      console.warn = (...a: unknown[]) => void logged.push(a.join(" "));
      try {
        const client = vo.createClient({ plugins: [vo.tap()], onWarning: (w: { message: string }) => warnings.push(w.message) });
        const service = client.service("tap", url);
        const sizes: number[] = [];
        for (let i = 0; i < 2; i++) sizes.push((await service.runAsync("SELECT TOP 3 * FROM vo_sample.cat", { runId: `browser-${i}` })).length);
        await client.close();
        return { sizes, warnings, logged };
      } finally {
        console.warn = warn;
      }
    }, `${proxyBase}/tap`);
    expect(out.sizes).toEqual([3, 3]);
    expect(out.warnings).toEqual([]);
    expect(out.logged).toEqual([]);
    const seen = proxied.slice(before);
    const creations = seen.filter((r) => r.method === "POST" && new URL(r.url, base).pathname === "/tap/async");
    expect(creations).toHaveLength(2); // exactly one per runAsync: the POST is never sent again
    const deletions = seen.filter((r) => r.method === "POST" && r.body.toString() === "ACTION=DELETE");
    expect(deletions).toHaveLength(2);
    expect(seen.filter((r) => r.method === "DELETE" || r.method === "OPTIONS")).toEqual([]); // no preflight needed
    // Every job the service saw is gone.
    for (const deletion of deletions) {
      const job = await fetch(new URL(deletion.url, base), { redirect: "manual" });
      expect(job.status).toBe(404);
    }
    expect(errors).toEqual([]);
  });
});

describe("SCS with validate: true under a strict Content-Security-Policy", () => {
  const CSP = "default-src 'self'; script-src 'self'; connect-src *";

  it("validates and searches without unsafe-eval; a bad value is a ParameterError", async () => {
    const { tab, errors } = await open({ "content-security-policy": CSP });
    const out = await tab.evaluate(
      async ({ url, e }) => {
        const vo = (globalThis as unknown as { vo: VO }).vo;
        const g = globalThis as unknown as { voEvalAllowed: boolean; voInPage<T>(fn: () => Promise<T>): Promise<T> };
        const evalRefused = !g.voEvalAllowed; // the CSP really forbids eval in this page
        return g.voInPage(async () => {
        const client = vo.createClient({ plugins: [vo.scs()] });
        const service = client.service("scs", url);
        const rows = (await service.search([e.ra, e.dec], e.sr, { VMAG: vo.interval(10, 14.2), validate: true })).length;
        const bad = await service.search([e.ra, e.dec], e.sr, { VMAG: "ten", validate: true }).catch((err: Error & { code?: string }) => ({ name: err.name, code: err.code, message: err.message }));
        await client.close();
        return { evalRefused, rows, bad };
        });
      },
      { url: SCS, e: E },
    );
    expect(out.evalRefused).toBe(true);
    expect(out.rows).toBe(E.custom.rows);
    expect(out.bad).toMatchObject({ name: "ParameterError", code: "VO_ERR_PARAMETER" });
    expect(errors).toEqual([]);
  });
});

describe("a request that CORS blocks", () => {
  it("says that CORS may be the cause and what the service must allow", async () => {
    const blocked = await startTestServer({ "/tap/sync": respond(200, "<VOTABLE/>", { "content-type": "application/x-votable+xml" }) });
    servers.push(blocked);
    const { tab } = await open();
    const out = await tab.evaluate(async (url) => {
      const vo = (globalThis as unknown as { vo: VO }).vo;
      const client = vo.createClient({ plugins: [] });
      const err = await client.transport
        .request({ url, method: "DELETE" })
        .then(() => undefined, (e: Error & { code?: string }) => ({ name: e.name, code: e.code, message: e.message, vo: e instanceof vo.VOError }));
      const get = await client.transport
        .request({ url })
        .then((r) => r.text())
        .then(() => undefined, (e: Error) => e.message);
      await client.close();
      return { err, get, origin: location.origin };
    }, `${blocked.url}/tap/sync`);
    expect(out.err).toMatchObject({ name: "DALServiceError", code: "VO_ERR_SERVICE", vo: true });
    expect(out.err?.message).toContain(`This page (${out.origin}) is on another origin than the service (${blocked.url})`);
    expect(out.err?.message).toMatch(/CORS may be the cause: the service must answer with Access-Control-Allow-Origin/);
    expect(out.err?.message).toMatch(/preflight OPTIONS request with Access-Control-Allow-Methods: DELETE/);
    expect(out.get).toMatch(/CORS may be the cause/);
    expect(out.get).toContain(`${blocked.url}/tap/sync`);
  });
});

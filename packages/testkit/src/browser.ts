/**
 * A real browser for integration tests: Debian's Chromium driven by playwright-core (never a downloaded
 * browser), and the built @vo packages bundled for it by vite and served from loopback.
 *
 * playwright-core and vite are imported on first use, so protocol tests that import @vo/testkit do not load them.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { startTestServer } from "./test-server.js";
import type { RouteHandler, TestServer, TestServerOptions } from "./test-server.js";

/** Chromium's command line for tests: headless, no sandbox (containers), nothing that phones home. */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
]);

/** Where Chromium is: `$VO_CHROMIUM`, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(): string {
  return process.env.VO_CHROMIUM ?? "/usr/bin/chromium";
}

/**
 * Launches Chromium headless. Rejects (never skips) when it is missing, saying how to install it.
 *
 * @example
 * const browser = await launchChromium();
 * try { const page = await browser.newPage(); … } finally { await browser.close(); }
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath}: run scripts/install-peers.sh (Debian package chromium) or set VO_CHROMIUM; ` +
        "the browser tests never download a browser",
    );
  }
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS], timeout: 60_000 });
}

/** A browser bundle: ES module files by name, and the name of the entry. */
export interface BrowserBundle {
  /** The entry module's file name (load it with `<script type="module" src="/<entry>">`). */
  readonly entry: string;
  /** Every output file (entry and dynamic-import chunks), by file name. */
  readonly files: ReadonlyMap<string, string>;
}

/**
 * Bundles `entryCode` (an ES module that imports `@vo/*` packages) for the browser with vite: the `browser`
 * export condition, the BUILT packages through node_modules (run `npm run build` first), not minified.
 */
export async function buildBrowserBundle(entryCode: string): Promise<BrowserBundle> {
  const { build } = await import("vite");
  const root = fileURLToPath(new URL("../../../", import.meta.url));
  const ENTRY = "vo-browser-entry.js";
  const ENTRY_ID = `\0${ENTRY}`;
  const result = await build({
    configFile: false,
    root,
    logLevel: "silent",
    publicDir: false,
    resolve: { conditions: ["browser"] },
    plugins: [
      {
        name: "vo-browser-entry",
        enforce: "pre",
        resolveId: (id: string) => (id.endsWith(ENTRY) ? ENTRY_ID : null),
        load: (id: string) => (id === ENTRY_ID ? entryCode : null),
      },
    ],
    build: { write: false, minify: false, lib: { entry: ENTRY, formats: ["es"], fileName: "vo-bundle" } },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as { output: { type: string; fileName: string; code?: string; isEntry?: boolean }[] }[];
  const files = new Map<string, string>();
  let entry: string | undefined;
  for (const chunk of outputs.flatMap((o) => o.output)) {
    if (chunk.type !== "chunk" || chunk.code === undefined) continue;
    files.set(chunk.fileName, chunk.code);
    if (chunk.isEntry) entry = chunk.fileName;
  }
  if (entry === undefined) throw new Error("vite produced no entry chunk");
  return { entry, files };
}

/** Options of {@link serveBrowserPage}. */
export interface BrowserPageOptions extends TestServerOptions {
  /** The page's `<body>` HTML; the bundle's entry is loaded as a module script after it. */
  body?: string;
  /** Headers of the HTML page, e.g. a `content-security-policy`. */
  headers?: Record<string, string>;
  /** More routes on the same origin (e.g. a service the page calls). */
  routes?: Record<string, RouteHandler>;
}

/**
 * Serves a page that loads `bundle` at `/` (and the bundle's files beside it) from a loopback test server.
 * The entry module usually assigns what the test calls to `globalThis`.
 */
export async function serveBrowserPage(bundle: BrowserBundle, options: BrowserPageOptions = {}): Promise<TestServer> {
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>@vo browser test</title></head><body>${options.body ?? ""}<script type="module" src="/${bundle.entry}"></script></body></html>`;
  const routes: Record<string, RouteHandler> = {
    ...options.routes,
    "/": (_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", ...options.headers });
      res.end(html);
    },
  };
  for (const [name, code] of bundle.files) {
    routes[`/${name}`] = (_req, res) => {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
      res.end(code);
    };
  }
  return startTestServer(routes, options.host ? { host: options.host } : {});
}

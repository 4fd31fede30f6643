/**
 * The platform entries of the BUILT packages (`packages/*\/dist`, so run
 * `npm run build` first): a browser bundle of @vo/core and the protocol
 * packages names no undici and no `node:` module and gets the fetch transport
 * by default, while Node resolves @vo/core to the undici transport.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "vite";
import type { Rolldown } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const bundled = ["core", "votable", "protocol-tap", "protocol-sia", "protocol-ssa", "protocol-scs", "obscore", "auth", "datalink"];
const needed = [
  ...bundled.map((dir) => `packages/${dir}/dist/index.js`),
  "packages/core/dist/index.browser.js",
  "packages/core/dist/transport/default-transport.browser.js",
  "packages/core/dist/transport/default-transport.node.js",
  "packages/core/dist/download/dataset-download.browser.js",
  "packages/core/dist/download/dataset-download.node.js",
];

/** Every namespace of every bundled package, so nothing is tree-shaken away unseen. */
const ENTRY_CODE =
  bundled.map((dir, i) => `import * as p${i} from "@vo/${dir}";`).join("\n") +
  `\nexport { ${bundled.map((_, i) => `p${i}`).join(", ")} };\n` +
  `export { createClient } from "@vo/core";\nexport { tap } from "@vo/protocol-tap";\n`;
const ENTRY = "vo-bundle-entry.js";
const ENTRY_ID = `\0${ENTRY}`;

interface Bundle {
  chunks: Rolldown.OutputChunk[];
  code: string;
  moduleIds: string[];
  warnings: string[];
}

/** Bundles {@link ENTRY_CODE} with vite for the browser, resolving @vo/* through node_modules to the built packages. */
async function bundle(condition: "browser" | "node"): Promise<Bundle> {
  const warnings: string[] = [];
  const result = await build({
    configFile: false,
    root,
    logLevel: "silent",
    publicDir: false,
    resolve: { conditions: [condition] },
    plugins: [
      {
        name: "vo-bundle-entry",
        enforce: "pre",
        resolveId: (id) => (id.endsWith(ENTRY) ? ENTRY_ID : null),
        load: (id) => (id === ENTRY_ID ? ENTRY_CODE : null),
      },
    ],
    build: {
      write: false,
      minify: true, // no comments left to mention undici or node: in prose
      lib: { entry: ENTRY, formats: ["es"], fileName: "bundle" },
      rolldownOptions: { onwarn: (warning) => void warnings.push(warning.message) },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunks = outputs.flatMap((o) => o.output).filter((c): c is Rolldown.OutputChunk => c.type === "chunk");
  return { chunks, code: chunks.map((c) => c.code).join("\n"), moduleIds: chunks.flatMap((c) => c.moduleIds), warnings };
}

const NODE_IMPORT = /["'`]node:|__vite-browser-external/;

beforeAll(() => {
  const missing = needed.filter((file) => !existsSync(`${root}${file}`));
  if (missing.length) throw new Error(`built packages missing (${missing.join(", ")}): run npm run build first`);
});

describe("browser bundle of @vo/core and the protocol packages", () => {
  let browser: Bundle;
  beforeAll(async () => {
    browser = await bundle("browser");
  }, 60_000);

  it("names no node: module and no undici", () => {
    expect(browser.code).not.toMatch(NODE_IMPORT);
    expect(browser.code).not.toMatch(/undici/);
    expect(browser.moduleIds.filter((id) => /undici|download-dataset\.js|download-record\.js/.test(id))).toEqual([]);
    expect(browser.warnings).toEqual([]);
  });

  it("uses the browser entry and the fetch transport as the default transport, in a chunk of its own", () => {
    expect(browser.moduleIds).toContain(`${root}packages/core/dist/index.browser.js`);
    expect(browser.moduleIds).not.toContain(`${root}packages/core/dist/index.js`);
    const chunk = browser.chunks.find((c) => c.moduleIds.some((id) => id.endsWith("/default-transport.browser.js")));
    expect(chunk?.isDynamicEntry).toBe(true);
    expect(browser.moduleIds.filter((id) => id.endsWith("/default-transport.node.js"))).toEqual([]);
    expect(browser.moduleIds).toContain(`${root}packages/core/dist/transport/fetch-transport.js`);
  });

  it("gives Record.download the rejecting stand-in (#dataset-download), in a chunk of its own", () => {
    const chunk = browser.chunks.find((c) => c.moduleIds.some((id) => id.endsWith("/dataset-download.browser.js")));
    expect(chunk?.isDynamicEntry).toBe(true);
    expect(browser.moduleIds.filter((id) => id.endsWith("/dataset-download.node.js"))).toEqual([]);
  });

  it("would see undici and node: if the node condition chose them (the checks above are not vacuous)", async () => {
    const node = await bundle("node");
    expect(node.code).toMatch(/undici/);
    expect(node.code).toMatch(NODE_IMPORT);
    expect(node.moduleIds.some((id) => id.endsWith("/default-transport.node.js"))).toBe(true);
    expect(node.moduleIds.some((id) => id.endsWith("/download-dataset.js"))).toBe(true);
    expect(node.moduleIds.some((id) => id.endsWith("/dataset-download.node.js"))).toBe(true);
  }, 60_000);
});

describe("@vo/core resolved by Node itself", () => {
  const seen = new Map<string, IncomingHttpHeaders>();
  const server = createServer((request, response) => {
    seen.set(request.url ?? "", request.headers);
    response.end("ok");
  });
  let base: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Imports the built @vo/core in a child `node` (optionally with `--conditions=browser`) and requests `path` with the default transport. */
  async function probe(path: string, flags: string[]): Promise<{ undici: string; download: { name: string; message: string; voError: boolean } }> {
    const script = `
      const core = await import("@vo/core");
      const client = core.createClient({ plugins: [] });
      await (await client.transport.request({ url: ${JSON.stringify(base + path)} })).text();
      await client.close();
      const offline = { request: () => Promise.reject(new Error("offline")), close: async () => {} };
      const error = await core.downloadDataset(offline, "http://example.invalid/x.fits", "unused").catch((e) => e);
      console.log(JSON.stringify({
        undici: typeof core.createUndiciTransport,
        download: { name: error.name, message: error.message, voError: error instanceof core.VOError },
      }));`;
    const { stdout } = await promisify(execFile)(process.execPath, [...flags, "--input-type=module", "-e", script], { cwd: root });
    return JSON.parse(stdout) as Awaited<ReturnType<typeof probe>>;
  }

  it("gets the undici transport by default, and the Node-only exports", async () => {
    const out = await probe("/node", []);
    const headers = seen.get("/node");
    expect(headers?.["accept-encoding"]).toBe("gzip, deflate, br"); // undici transport's own
    expect(headers?.["sec-fetch-mode"]).toBeUndefined(); // fetch would send "cors"
    expect(headers?.["user-agent"]).toMatch(/^@vo\/core\//);
    expect(out.undici).toBe("function");
    expect(out.download).toMatchObject({ message: "offline", voError: false }); // the real downloadDataset ran
  }, 20_000);

  it("gets the browser entry and the fetch transport under --conditions=browser", async () => {
    const out = await probe("/browser", ["--conditions=browser"]);
    expect(seen.get("/browser")?.["sec-fetch-mode"]).toBe("cors");
    expect(out.undici).toBe("undefined");
    expect(out.download).toMatchObject({ name: "VOError", voError: true });
    expect(out.download.message).toMatch(/^downloadDataset is Node-only/);
  }, 20_000);
});

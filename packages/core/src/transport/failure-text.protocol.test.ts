/**
 * Low-level failures (undici, sockets, llhttp, zlib, brotli, fetch) under both transports: every message says
 * in words what happened and where (the redacted URL), never just a library's code; the code stays in `cause`.
 */
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { DALServiceError } from "@vo/votable";
import { rejection, startTestServer } from "@vo/testkit";
import type { RouteHandler, TestServer } from "@vo/testkit";
import { queryResultSet } from "../dal/result-set.js";
import { createFetchTransport } from "./fetch-transport.js";
import { failureText } from "./failure-text.js";
import { errorCode } from "./request-scope.js";
import type { Transport } from "./types.js";
import { createUndiciTransport } from "./undici-transport.js";

const VOTABLE =
  `<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE type="results"><TABLE><FIELD name="id" datatype="int"/><DATA><TABLEDATA>` +
  `${"<TR><TD>1</TD></TR>".repeat(2000)}</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;

/** Writes raw bytes on the socket (bypassing Node's HTTP server), then ends or destroys it. */
function raw(head: string, body: Uint8Array | string = "", end: "end" | "destroy" = "end"): RouteHandler {
  return (req) => {
    const socket = req.socket;
    socket.write(head);
    socket.write(body, () => (end === "end" ? socket.end() : setTimeout(() => socket.destroy(), 20)));
  };
}

const gz = gzipSync(VOTABLE);
const FAULTS: readonly [string, RouteHandler][] = [
  ["socket destroyed mid-body", raw(`HTTP/1.1 200 OK\r\ncontent-type: application/x-votable+xml\r\ncontent-length: ${VOTABLE.length}\r\n\r\n`, VOTABLE.slice(0, 3000), "destroy")],
  ["body shorter than Content-Length, connection ended", raw(`HTTP/1.1 200 OK\r\ncontent-type: application/x-votable+xml\r\ncontent-length: ${VOTABLE.length + 500}\r\n\r\n`, VOTABLE)],
  ["corrupt gzip", raw(`HTTP/1.1 200 OK\r\ncontent-type: application/x-votable+xml\r\ncontent-encoding: gzip\r\ncontent-length: 4000\r\n\r\n`, Buffer.concat([gz.subarray(0, 20), Buffer.alloc(3980, 0x41)]))],
  ["corrupt deflate", raw(`HTTP/1.1 200 OK\r\ncontent-type: application/x-votable+xml\r\ncontent-encoding: deflate\r\ncontent-length: 64\r\n\r\n`, Buffer.alloc(64, 0xff))],
  ["corrupt brotli", raw(`HTTP/1.1 200 OK\r\ncontent-type: application/x-votable+xml\r\ncontent-encoding: br\r\ncontent-length: 64\r\n\r\n`, Buffer.alloc(64, 0xff))],
  ["truncated gzip cut by the socket", raw(`HTTP/1.1 200 OK\r\ncontent-type: application/x-votable+xml\r\ncontent-encoding: gzip\r\ncontent-length: ${gz.length}\r\n\r\n`, gz.subarray(0, 40), "destroy")],
  ["malformed status line", raw("HTTP/1.1 OK-ish\r\n\r\n")],
  ["invalid chunk size", raw("HTTP/1.1 200 OK\r\ncontent-type: application/x-votable+xml\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")],
  ["response headers of 100 KiB", raw(`HTTP/1.1 200 OK\r\nx-big: ${"a".repeat(100 * 1024)}\r\ncontent-length: 2\r\n\r\nok`)],
  ["connection closed before any response", (req) => void req.socket.destroy()],
];

const TRANSPORTS: readonly [string, () => Transport][] = [
  ["undici", () => createUndiciTransport({ retries: { max: 0 } })],
  ["fetch", () => createFetchTransport({ retries: { max: 0 } })],
];

let server: TestServer | undefined;
let transport: Transport | undefined;
afterEach(async () => {
  await transport?.close();
  await server?.close();
  server = transport = undefined;
});

/** A code-like token as it appears in library errors. */
const CODE = /\b(UND_ERR_[A-Z_]+|Z_[A-Z_]+|HPE_[A-Z_]+|ERR_[A-Z_]+|E[A-Z]{4,})\b/;

function expectWords(error: unknown, url: string): void {
  expect(error).toBeInstanceOf(DALServiceError);
  const message = (error as Error).message;
  expect(message).not.toMatch(CODE);
  expect(message).toContain(url);
  // Words before the URL: more than a code or "fetch failed".
  const words = message.slice(0, message.lastIndexOf("(")).replace(/^[^:]*failed: /, "");
  expect(words.split(/\s+/).length).toBeGreaterThanOrEqual(4);
  expect((error as Error).cause).toBeDefined();
}

describe.each(TRANSPORTS)("low-level failures in words (%s)", (_name, make) => {
  for (const [fault, handler] of FAULTS) {
    it(`${fault}: transport.request + text()`, async () => {
      server = await startTestServer({ "/x": handler });
      transport = make();
      const url = `${server.url}/x?token=secret`;
      const error = await rejection((async () => (await transport!.request({ url })).text())());
      expectWords(error, `${server.url}/x?token=%5BREDACTED%5D`);
      expect((error as Error).message).not.toContain("secret");
    });

    it(`${fault}: queryResultSet`, async () => {
      server = await startTestServer({ "/x": handler });
      transport = make();
      const error = await rejection(queryResultSet({ transport }, `${server.url}/x`));
      if (process.env.SHOW_MESSAGES) console.log(`[${_name}] ${fault}: ${(error as Error).message}`);
      expectWords(error, `${server.url}/x`);
    });
  }

  it("connection refused", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    transport = make();
    const error = await rejection(transport.request({ url: `http://127.0.0.1:${port}/gone` }));
    expectWords(error, `http://127.0.0.1:${port}/gone`);
    expect((error as Error).message).toMatch(/refused/);
    expect(errorCode(error instanceof Error ? error.cause : undefined)).toBe("ECONNREFUSED");
  });
});

describe("failureText", () => {
  const coded = (code: string, message = code): Error => Object.assign(new Error(message), { code });
  it.each([
    ["UND_ERR_SOCKET", /connection broke/],
    ["UND_ERR_HEADERS_OVERFLOW", /headers larger/],
    ["UND_ERR_RES_CONTENT_LENGTH_MISMATCH", /Content-Length/],
    ["Z_DATA_ERROR", /compressed response body is corrupt/],
    ["Z_BUF_ERROR", /ends too early/],
    ["ERR__ERROR_FORMAT_PADDING_1", /brotli/],
    ["HPE_INVALID_CONSTANT", /malformed HTTP response/],
    ["ENOTFOUND", /could not be resolved/],
    ["CERT_HAS_EXPIRED", /expired/],
    ["ERR_SSL_WRONG_VERSION_NUMBER", /TLS/],
    ["UND_ERR_SOMETHING_NEW", /a network error/],
  ])("%s", (code, words) => {
    expect(failureText(coded(code))).toMatch(words);
    expect(failureText(new TypeError("fetch failed", { cause: coded(code) }))).toMatch(words);
  });

  it("a fetch failure without a code says the browser gives no reason", () => {
    expect(failureText(new TypeError("Failed to fetch"))).toMatch(/^fetch failed \("Failed to fetch"\) without saying why/);
    expect(failureText(new TypeError("fetch failed", { cause: new Error("Response does not match the HTTP/1.1 protocol") }))).toBe(
      "Response does not match the HTTP/1.1 protocol",
    );
  });
});

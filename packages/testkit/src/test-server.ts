/**
 * A misbehaving in-process HTTP server for `*.protocol.test.ts` files.
 *
 * It listens on 127.0.0.1 on a random port, records every request (with its
 * whole body), and answers through route handlers. The helpers below produce
 * the handlers real services rarely trigger on request: hanging, slow or
 * truncated bodies, resets, redirects, compression, 503 + Retry-After, HTML
 * error pages and VOTable error documents.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, request as httpRequest } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Server as HttpsServer, ServerOptions as HttpsServerOptions } from "node:https";
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from "node:http";
import { connect as netConnect } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import { brotliCompressSync, createGzip, deflateRawSync, deflateSync, gzipSync } from "node:zlib";

/** A request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent on the request line. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The whole request body. */
  body: Buffer;
  /** The client's port of the connection it came on: equal ports mean a reused (keep-alive) connection. */
  remotePort: number | undefined;
}

/** Answers one request. `req.body` holds the whole request body, already read. */
export type RouteHandler = (req: IncomingMessage & { body: Buffer }, res: ServerResponse) => void | Promise<void>;

/**
 * Handlers by path (`"/sync"`) or by method and path (`"POST /sync"`); the query string is ignored.
 * `"*"` catches everything else; without it an unknown path gets a 404.
 */
export type Routes = Record<string, RouteHandler>;

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  /**
   * The host name put in `url`. The server always listens on 127.0.0.1; use
   * `"localhost"` for a second origin in cross-origin tests.
   */
  host?: "127.0.0.1" | "localhost";
  /**
   * Serve https with these TLS options (key, cert, and for client certificates `ca` + `requestCert`); the URL
   * then starts with `https://`. `createTestPki()` makes the keys and certificates.
   */
  tls?: HttpsServerOptions;
}

/** A running test server. */
export interface TestServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Every request received so far, in order. */
  readonly requests: RecordedRequest[];
  /** Stops the server and destroys open connections (hanging requests included). */
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 with a random port.
 *
 * @example
 * const server = await startTestServer({ "/slow": slowBody(["a", "b"], 100), "/gone": htmlError(404) });
 * try { ... fetch(`${server.url}/slow`) ... } finally { await server.close(); }
 */
export async function startTestServer(routes: Routes, options: TestServerOptions = {}): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse): void => void handle(routes, requests, req, res);
  const server = options.tls ? createHttpsServer(options.tls, handler) : createServer(handler);
  return listen(server, options.host ?? "127.0.0.1", requests, options.tls ? "https" : "http");
}

async function handle(routes: Routes, requests: RecordedRequest[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } catch {
    return; // the client went away mid-body
  }
  const body = Buffer.concat(chunks);
  const method = req.method ?? "GET";
  requests.push({ method, url: req.url ?? "/", headers: req.headers, body, remotePort: req.socket.remotePort });
  const path = new URL(req.url ?? "/", "http://x").pathname;
  const route = routes[`${method} ${path}`] ?? routes[path] ?? routes["*"] ?? respond(404, "no such route");
  try {
    await route(Object.assign(req, { body }), res);
  } catch (err) {
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end(String(err));
  }
}

async function listen(server: Server | HttpsServer, host: string, requests: RecordedRequest[], scheme: "http" | "https" = "http"): Promise<TestServer> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://${host}:${port}`,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
}

/** Answers with a status, a body and headers (Content-Length is set unless `headers` sets Transfer-Encoding). */
export function respond(status: number, body: string | Uint8Array = "", headers: Record<string, string> = {}): RouteHandler {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const chunked = Object.keys(headers).some((name) => name.toLowerCase() === "transfer-encoding");
  return (_req, res) => {
    res.writeHead(status, chunked ? headers : { "content-length": String(bytes.byteLength), ...headers });
    res.end(bytes);
  };
}

/** Never answers: the request waits until the client gives up or the server closes. */
export function hang(): RouteHandler {
  return () => undefined;
}

/** Sends the headers at once, then one chunk every `delayMs` milliseconds (the first one immediately). */
export function slowBody(chunks: (string | Uint8Array)[], delayMs: number, headers: Record<string, string> = {}): RouteHandler {
  return async (_req, res) => {
    res.writeHead(200, { "content-type": "application/octet-stream", ...headers });
    res.flushHeaders();
    for (const [i, chunk] of chunks.entries()) {
      if (i > 0) await delay(delayMs);
      if (res.destroyed) return;
      res.write(chunk);
    }
    res.end();
  };
}

/** Options of {@link endlessBody}. */
export interface EndlessBodyOptions {
  /** Response headers (default Content-Type `application/x-votable+xml`). */
  headers?: Record<string, string>;
  /** Send the stream gzip-compressed (`Content-Encoding: gzip`): a small transfer that expands without end. */
  gzip?: boolean;
  /** Pause this many ms between chunks (default 0: as fast as the client reads). */
  delayMs?: number;
}

/**
 * Sends `head`, then `chunk` again and again until the client goes away: a result that never ends.
 * @example endlessBody(VOTABLE_HEAD, "<TR><TD>1</TD></TR>".repeat(1000))
 */
export function endlessBody(head: string | Uint8Array, chunk: string | Uint8Array, options: EndlessBodyOptions = {}): RouteHandler {
  const piece = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
  return (_req, res) => {
    res.writeHead(200, {
      "content-type": "application/x-votable+xml",
      ...(options.gzip ? { "content-encoding": "gzip" } : {}),
      ...options.headers,
    });
    const out = options.gzip ? createGzip() : res;
    if (options.gzip) {
      out.pipe(res);
      res.on("close", () => out.destroy());
    }
    let stopped = false;
    res.on("close", () => (stopped = true));
    out.write(head);
    const pump = (): void => {
      if (stopped) return;
      if (options.delayMs) {
        out.write(piece);
        setTimeout(pump, options.delayMs);
        return;
      }
      while (!stopped && out.write(piece));
      if (!stopped) out.once("drain", pump);
    };
    pump();
  };
}

/** Announces the whole body in Content-Length, sends `afterBytes` bytes of it, then destroys the socket. */
export function truncated(body: string | Uint8Array, afterBytes: number): RouteHandler {
  const bytes = typeof body === "string" ? Buffer.from(body) : Buffer.from(body);
  return (_req, res) => {
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(bytes.length) });
    res.write(bytes.subarray(0, afterBytes), () => setTimeout(() => res.socket?.destroy(), 20));
  };
}

/** Redirects to `location` with the given 3xx status. */
export function redirect(status: 301 | 302 | 303 | 307 | 308, location: string): RouteHandler {
  return respond(status, "", { location });
}

/** Sends `body` compressed with the given Content-Encoding ("deflate-raw" is raw deflate labelled "deflate", as some servers do). */
export function gzip(
  body: string | Uint8Array,
  encoding: "gzip" | "deflate" | "deflate-raw" | "br" = "gzip",
  headers: Record<string, string> = {},
): RouteHandler {
  const compress = { gzip: gzipSync, deflate: deflateSync, "deflate-raw": deflateRawSync, br: brotliCompressSync }[encoding];
  const data = compress(typeof body === "string" ? Buffer.from(body) : body);
  const label = encoding === "deflate-raw" ? "deflate" : encoding;
  return respond(200, data, { "content-type": "text/plain", "content-encoding": label, ...headers });
}

/** Answers 503 with `Retry-After: seconds` to the first `times` requests, then hands over to `then`. */
export function retryAfter503(times: number, seconds: number | string, then: RouteHandler): RouteHandler {
  let count = 0;
  return (req, res) => {
    if (count++ < times) return respond(503, "busy", { "retry-after": String(seconds), "content-type": "text/plain" })(req, res);
    return then(req, res);
  };
}

/** Destroys the connection without answering. */
export function resetConnection(): RouteHandler {
  return (req) => {
    req.socket.destroy();
  };
}

/** Uses the i-th handler for the i-th request, and the last one for every request after that. */
export function sequence(...handlers: RouteHandler[]): RouteHandler {
  let count = 0;
  return (req, res) => {
    const handler = handlers[Math.min(count++, handlers.length - 1)];
    return handler ? handler(req, res) : respond(500)(req, res);
  };
}

/** An HTML error page, as a misconfigured front-end proxy would send. */
export function htmlError(status: number): RouteHandler {
  const page = `<!DOCTYPE html>\n<html><head><title>${status} Error</title></head><body><h1>${status} Error</h1><p>Something went wrong.</p></body></html>\n`;
  return respond(status, page, { "content-type": "text/html; charset=utf-8" });
}

/** A VOTable error document (`INFO name="QUERY_STATUS" value="ERROR"`, DALI 1.1 §4.4), by default with status 200. */
export function votableError(message: string, status = 200): RouteHandler {
  return respond(status, votableErrorDocument(message), { "content-type": "application/x-votable+xml" });
}

/** The text of a VOTable error document carrying `message`. */
export function votableErrorDocument(message: string): string {
  const escaped = message.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">\n` +
    `  <RESOURCE type="results">\n` +
    `    <INFO name="QUERY_STATUS" value="ERROR">${escaped}</INFO>\n` +
    `  </RESOURCE>\n` +
    `</VOTABLE>\n`
  );
}

/** A running forward proxy. */
export interface TestProxy {
  /** The proxy URL, e.g. `http://127.0.0.1:40125`. */
  readonly url: string;
  /** Targets asked for, in order: `host:port` for CONNECT tunnels, the absolute URL for forwarded requests. */
  readonly targets: string[];
  /** Stops the proxy and destroys open connections. */
  close(): Promise<void>;
}

/** Starts a tiny HTTP proxy on 127.0.0.1: CONNECT tunnels and absolute-URI forwarding, for plain-HTTP targets. */
export async function startTestProxy(): Promise<TestProxy> {
  const targets: string[] = [];
  const server = createServer((req, res) => {
    targets.push(req.url ?? "");
    const upstream = httpRequest(req.url ?? "", { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    targets.push(req.url ?? "");
    const [host = "", port = "80"] = (req.url ?? "").split(":");
    const upstream = netConnect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    client.on("close", () => upstream.destroy());
  });
  const { url, close } = await listen(server, "127.0.0.1", []);
  return { url, targets, close };
}

/** A port where TCP connections are never established. */
export interface Blackhole {
  /** e.g. `http://127.0.0.1:40127`. */
  readonly url: string;
  /** Stops the listener. */
  close(): Promise<void>;
}

/**
 * Starts a listener that never accepts, with its backlog already full, so that connecting hangs (for connect
 * timeouts). Node cannot listen without accepting, so this runs a few lines of python3; it rejects when
 * python3 is missing.
 */
export async function startBlackhole(): Promise<Blackhole> {
  const script = "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(600)";
  const child = spawn("python3", ["-c", script], { stdio: ["ignore", "pipe", "ignore"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.stdout.once("data", (data: Buffer) => resolve(Number(data.toString().trim())));
  });
  const filler = netConnect(port, "127.0.0.1"); // takes the only backlog slot
  await once(filler, "connect");
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      filler.destroy();
      child.kill();
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

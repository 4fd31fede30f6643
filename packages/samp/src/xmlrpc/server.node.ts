/**
 * A small XML-RPC HTTP server for Node, used by the callback server of the
 * Standard Profile client and by the hub. Handlers run concurrently; faults are
 * thrown as {@link XmlRpcFaultError}; malformed calls get a fault, never a crash.
 * @internal
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SampValue } from "../types.js";
import { decodeCall, encodeFault, encodeResponse } from "./codec.js";

/** Thrown by a handler to answer with an XML-RPC fault. @internal */
export class XmlRpcFaultError extends Error {
  constructor(
    message: string,
    readonly faultCode = 1,
  ) {
    super(message);
  }
}

/** Handles one call; `req` is there for the peer's address and headers. @internal */
export type XmlRpcHandler = (method: string, params: readonly SampValue[], req: IncomingMessage) => SampValue | Promise<SampValue>;

/** Handles a request that is not an XML-RPC POST (return false for 404). @internal */
export type OtherHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** Options of {@link startXmlRpcServer}. @internal */
export interface XmlRpcServerOptions {
  readonly host: string;
  readonly port?: number | undefined;
  readonly handler: XmlRpcHandler;
  /** GETs and anything else. */
  readonly other?: OtherHandler | undefined;
  /** Answer CORS (Web Profile): echo `Origin`, answer preflights. */
  readonly cors?: boolean | undefined;
  /** Largest request body in bytes (default 16 MiB). */
  readonly maxBody?: number | undefined;
  /** Let response strings carry any XML character. */
  readonly allowUnicode?: boolean | undefined;
}

/** A running server. @internal */
export interface XmlRpcServer {
  readonly server: Server;
  readonly port: number;
  /** Stops listening and drops every connection. */
  close(): Promise<void>;
}

/** Starts an XML-RPC server. @internal */
export async function startXmlRpcServer(options: XmlRpcServerOptions): Promise<XmlRpcServer> {
  const maxBody = options.maxBody ?? 16 * 1024 * 1024;
  const server = createServer((req, res) => {
    void serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 60_000;
  server.requestTimeout = 0;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (options.cors) {
      const origin = req.headers.origin;
      res.setHeader("Access-Control-Allow-Origin", origin ?? "*");
      res.setHeader("Vary", "Origin");
      if (req.method === "OPTIONS") {
        res.writeHead(200, {
          "Access-Control-Allow-Methods": "POST, GET, OPTIONS",
          "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] ?? "Content-Type",
          "Access-Control-Allow-Private-Network": "true",
          "Access-Control-Max-Age": "600",
          "Content-Length": "0",
        });
        res.end();
        return;
      }
    }
    if (req.method !== "POST") {
      if (options.other && (await options.other(req, res))) return;
      res.writeHead(req.method === "GET" || req.method === "HEAD" ? 404 : 405, { "Content-Type": "text/plain" });
      res.end(req.method === "GET" || req.method === "HEAD" ? "not found\n" : "XML-RPC: POST only\n");
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBody) {
        res.writeHead(413, { "Content-Type": "text/plain", Connection: "close" });
        res.end("request too large\n");
        req.destroy();
        return;
      }
      chunks.push(chunk);
    }
    let body: string;
    try {
      const call = decodeCall(Buffer.concat(chunks));
      const value = await options.handler(call.method, call.params, req);
      body = encodeResponse(value, { allowUnicode: options.allowUnicode ?? false });
    } catch (err) {
      const code = err instanceof XmlRpcFaultError ? err.faultCode : 1;
      body = encodeFault({ faultCode: code, faultString: err instanceof Error ? err.message : String(err) });
    }
    if (res.destroyed) return;
    res.writeHead(200, { "Content-Type": "text/xml; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

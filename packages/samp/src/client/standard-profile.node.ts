/**
 * The SAMP Standard Profile client side (SAMP 1.3 §4), Node only: the hub is
 * found through its lockfile, called by XML-RPC, and calls back into a small
 * XML-RPC server of ours on 127.0.0.1, which also serves the tables we send.
 */
import { randomBytes } from "node:crypto";
import { callHubMethod, stringField } from "./hub-call.js";
import type { CallbackMethod, CallbackSink, HubProfile, Registration } from "./profile.js";
import { SAMPHubError } from "../errors.js";
import { readLockfile } from "../lockfile.node.js";
import type { LockInfo } from "../lockfile.node.js";
import type { SampValue } from "../types.js";
import { startXmlRpcServer, XmlRpcFaultError } from "../xmlrpc/server.node.js";
import type { XmlRpcServer } from "../xmlrpc/server.node.js";

const CALLBACKS = new Set<string>(["receiveNotification", "receiveCall", "receiveResponse"]);

/** A Standard Profile connection. @internal */
export class StandardProfile implements HubProfile {
  readonly kind = "standard";
  readonly hubUrl: string;
  readonly lockfile: string;
  readonly #secret: string;
  readonly #host: string;
  #server: Promise<XmlRpcServer> | undefined;
  #sink: CallbackSink | undefined;
  #key: string | undefined;
  readonly #published = new Map<string, { bytes: Uint8Array; contentType: string }>();

  constructor(lock: LockInfo & { readonly location: string }, callbackHost = "127.0.0.1") {
    this.hubUrl = lock["samp.hub.xmlrpc.url"];
    this.lockfile = lock.location;
    this.#secret = lock["samp.secret"];
    this.#host = callbackHost;
  }

  /**
   * Reads the lockfile and pings the hub.
   * @throws {SAMPHubError} `VO_ERR_SAMP_NO_HUB` when there is no lockfile or the hub it names does not answer (a stale lockfile).
   */
  static async find(lockfile: string | undefined, callbackHost?: string, signal?: AbortSignal): Promise<StandardProfile> {
    const lock = await readLockfile(lockfile);
    const profile = new StandardProfile(lock, callbackHost);
    try {
      await callHubMethod(profile.hubUrl, "samp.hub.ping", [], { signal, timeoutMs: 5000 });
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      throw new SAMPHubError(`the SAMP lockfile ${lock.location} names a hub at ${profile.hubUrl} that does not answer (a stale lockfile?)`, {
        code: "VO_ERR_SAMP_NO_HUB",
        url: profile.hubUrl,
        lockfile: lock.location,
        method: "samp.hub.ping",
        cause: err,
      });
    }
    return profile;
  }

  async register(_name: string, signal?: AbortSignal): Promise<Registration> {
    const v = await callHubMethod(this.hubUrl, "samp.hub.register", [this.#secret], { signal });
    const reg = {
      privateKey: stringField(v, "samp.private-key", "samp.hub.register", this.hubUrl),
      selfId: stringField(v, "samp.self-id", "samp.hub.register", this.hubUrl),
      hubId: stringField(v, "samp.hub-id", "samp.hub.register", this.hubUrl),
    };
    this.#key = reg.privateKey;
    return reg;
  }

  call(method: string, params: readonly SampValue[], signal?: AbortSignal): Promise<SampValue> {
    return callHubMethod(this.hubUrl, `samp.hub.${method}`, params, { signal });
  }

  async startCallbacks(reg: Registration, sink: CallbackSink): Promise<void> {
    this.#sink = sink;
    const server = await this.#ensureServer();
    await this.call("setXmlrpcCallback", [reg.privateKey, `http://${this.#host}:${server.port}/xmlrpc`]);
  }

  async publish(bytes: Uint8Array, contentType: string, filename: string): Promise<string> {
    const server = await this.#ensureServer();
    const token = randomBytes(12).toString("hex");
    const name = encodeURIComponent(filename.replace(/[/\\]/g, "_"));
    this.#published.set(`/published/${token}/${name}`, { bytes, contentType });
    return `http://${this.#host}:${server.port}/published/${token}/${name}`;
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.#published.clear();
    if (server) await (await server).close();
  }

  #ensureServer(): Promise<XmlRpcServer> {
    this.#server ??= startXmlRpcServer({
      host: this.#host,
      handler: (method, params) => {
        const name = method.replace(/^samp\.client\./, "");
        if (!method.startsWith("samp.client.") || !CALLBACKS.has(name)) throw new XmlRpcFaultError(`no such method ${method}`);
        if (params[0] !== this.#key) throw new XmlRpcFaultError("wrong private key");
        this.#sink?.(name as CallbackMethod, params.slice(1));
        return "";
      },
      other: (req, res) => {
        const item = req.method === "GET" || req.method === "HEAD" ? this.#published.get(new URL(req.url ?? "/", "http://x").pathname) : undefined;
        if (!item) return false;
        res.writeHead(200, { "Content-Type": item.contentType, "Content-Length": item.bytes.byteLength });
        res.end(req.method === "HEAD" ? undefined : item.bytes);
        return true;
      },
    });
    return this.#server;
  }
}

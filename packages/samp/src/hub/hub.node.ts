/**
 * A SAMP 1.3 hub in Node: the Standard Profile (lockfile, XML-RPC on 127.0.0.1)
 * and, on request, the Web Profile (CORS, consent, long-polled callbacks,
 * URL translator). `startHub()` runs one; the `vo-samp-hub` bin wraps it.
 */
import { randomBytes } from "node:crypto";
import { readFile, unlink } from "node:fs/promises";
import { isIP } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";
import { DALServiceError, ParameterError } from "@vo/core";
import { lockfileLocation, parseLockfile, writeLockfile } from "../lockfile.node.js";
import { isSampMap, mtypeMatches } from "../types.js";
import type { SampMap, SampMessage, SampResponse, SampValue } from "../types.js";
import { postXmlRpc } from "../xmlrpc/post.js";
import { startXmlRpcServer, XmlRpcFaultError } from "../xmlrpc/server.node.js";
import type { XmlRpcServer } from "../xmlrpc/server.node.js";
import { VERSION } from "../version.js";

/** What the Web Profile consent callback is told about a registration. */
export interface WebRegistrationRequest {
  /** The `samp.name` the page gave. */
  readonly name: string;
  /** The page's `Origin` header, when sent. */
  readonly origin: string | undefined;
  /** The connecting address (always a loopback address; others are refused before asking). */
  readonly address: string;
}

/** Options of {@link startHub}. */
export interface HubStartOptions {
  /** Lockfile path; default `SAMP_HUB`'s `std-lockurl:file:` path, else `~/.samp`. */
  readonly lockfile?: string | undefined;
  /** Address the Standard Profile listens on and writes in the lockfile; default `127.0.0.1`. */
  readonly host?: string | undefined;
  /** Standard Profile port; default any free port. */
  readonly port?: number | undefined;
  /** Serve the Web Profile too (default false). */
  readonly web?: boolean | { readonly port?: number | undefined; readonly host?: string | undefined } | undefined;
  /** Asked before each Web Profile registration; resolves true to accept. Default: refuse every one. */
  readonly consent?: ((request: WebRegistrationRequest) => boolean | Promise<boolean>) | undefined;
  /** `samp.name` of the hub's own client; default `"@vo hub"`. */
  readonly name?: string | undefined;
  /** Receives one line per event (registrations, deliveries that failed, stop); never secrets or private keys. */
  readonly log?: ((line: string) => void) | undefined;
  /** Seconds a Web Profile client may go without polling before it is dropped; default 60. */
  readonly webClientTimeout?: number | undefined;
  /** Every this many seconds, Standard Profile clients whose callback server refuses connections are unregistered; default 30, 0 = never. */
  readonly clientCheckSeconds?: number | undefined;
}

/** A running hub. */
export interface SAMPHub {
  /** The Standard Profile XML-RPC URL (as in the lockfile). */
  readonly url: string;
  /** The lockfile written. */
  readonly lockfile: string;
  /** The Web Profile URL, when served. */
  readonly webUrl: string | undefined;
  /** The hub's client id. */
  readonly id: string;
  /** Public ids of the registered clients (the hub's own included). */
  clients(): string[];
  /** Notifies `samp.hub.event.shutdown`, closes the servers and removes the lockfile. */
  stop(): Promise<void>;
}

interface WebState {
  readonly origin: string | undefined;
  allow: boolean;
  readonly queue: SampMap[];
  waiter: (() => void) | undefined;
  lastSeen: number;
  /** URLs seen in messages delivered to this client: the only ones its translator fetches. */
  readonly urls: Set<string>;
}

interface HubClient {
  readonly id: string;
  readonly key: string;
  metadata: SampMap;
  subscriptions: SampMap;
  callbackUrl: string | undefined;
  readonly web: WebState | undefined;
}

interface PendingCall {
  readonly senderId: string;
  readonly recipientId: string;
  readonly tag: string;
  readonly sync: ((r: SampResponse) => void) | undefined;
}

const HUB_ID = "hub";

type HubMethod = (args: readonly SampValue[]) => SampValue | Promise<SampValue>;

/**
 * Starts a hub and writes its lockfile (mode 0600).
 * @throws {ParameterError} when a hub that answers already owns the lockfile (a stale lockfile is replaced).
 */
export async function startHub(options: HubStartOptions = {}): Promise<SAMPHub> {
  const lockfile = options.lockfile ?? lockfileLocation();
  if (/^https?:/.test(lockfile)) throw new ParameterError("lockfile", "a local path (a hub writes its lockfile)", lockfile);
  await refuseLiveHub(lockfile);

  const log = options.log ?? ((): void => undefined);
  const secret = randomBytes(16).toString("hex");
  const host = options.host ?? "127.0.0.1";
  const clients = new Map<string, HubClient>();
  const byKey = new Map<string, HubClient>();
  const pending = new Map<string, PendingCall>();
  let nextClient = 1;
  let nextMsg = 1;
  let stopping = false;
  const hubClient: HubClient = {
    id: HUB_ID,
    key: randomBytes(16).toString("hex"),
    metadata: {
      "samp.name": options.name ?? "@vo hub",
      "samp.description.text": "SAMP hub of @vo/samp (TypeScript, Node)",
      "hub.version": VERSION,
    },
    subscriptions: { "samp.app.ping": {}, "x-samp.query.by-meta": {}, "samp.query.by-meta": {} },
    callbackUrl: undefined,
    web: undefined,
  };
  clients.set(HUB_ID, hubClient);

  const client = (key: SampValue | undefined): HubClient => {
    const c = typeof key === "string" ? byKey.get(key) : undefined;
    if (!c) throw new XmlRpcFaultError("Unknown private key");
    if (c.web) c.web.lastSeen = Date.now();
    return c;
  };
  const other = (id: SampValue | undefined): HubClient => {
    const c = typeof id === "string" ? clients.get(id) : undefined;
    if (!c) throw new XmlRpcFaultError(`No registered client with id ${JSON.stringify(id)}`);
    return c;
  };
  const subscribed = (c: HubClient, mtype: string): SampMap | undefined => {
    const exact = c.subscriptions[mtype];
    if (isSampMap(exact)) return exact;
    for (const [p, ann] of Object.entries(c.subscriptions)) if (mtypeMatches(p, mtype) && isSampMap(ann)) return ann;
    return undefined;
  };
  const callable = (c: HubClient): boolean => c.id === HUB_ID || c.callbackUrl !== undefined || (c.web?.allow ?? false);
  const asMessage = (m: SampValue | undefined): SampMessage => {
    if (!isSampMap(m) || typeof m["samp.mtype"] !== "string" || m["samp.mtype"] === "") throw new XmlRpcFaultError("Message has no samp.mtype");
    if (m["samp.params"] !== undefined && !isSampMap(m["samp.params"])) throw new XmlRpcFaultError("samp.params is not a map");
    return m as SampMessage;
  };
  const checkTarget = (recipient: HubClient, mtype: string): void => {
    if (!subscribed(recipient, mtype)) throw new XmlRpcFaultError(`Client ${recipient.id} is not subscribed to ${mtype}`);
    if (!callable(recipient)) throw new XmlRpcFaultError(`Client ${recipient.id} is not callable`);
  };
  const recipientsOf = (sender: HubClient, mtype: string): HubClient[] =>
    [...clients.values()].filter((c) => c !== sender && subscribed(c, mtype) !== undefined && callable(c));

  /** Delivers a client callback; a client whose callback server refuses connections is unregistered. */
  const deliver = (to: HubClient, method: "receiveNotification" | "receiveCall" | "receiveResponse", args: SampValue[]): Promise<boolean> => {
    if (to.id === HUB_ID) {
      hubReceives(method, args);
      return Promise.resolve(true);
    }
    if (to.web) {
      collectUrls(args, to.web.urls);
      to.web.queue.push({ "samp.methodName": method, "samp.params": args });
      to.web.waiter?.();
      return Promise.resolve(true);
    }
    const url = to.callbackUrl;
    if (!url) return Promise.resolve(false);
    const attempt = async (tries: number): Promise<boolean> => {
      try {
        const res = await postXmlRpc(url, `samp.client.${method}`, [to.key, ...args], { timeoutMs: 60_000, allowUnicode: true });
        if ("fault" in res) log(`client ${to.id} answered ${method} with a fault: ${res.fault.faultString}`);
        return true;
      } catch (err) {
        const refused = err instanceof DALServiceError && /ECONNREFUSED|EHOSTUNREACH/.test(String((err.cause as { cause?: { code?: string } })?.cause?.code ?? err.message));
        if (!refused && tries < 2 && !stopping) return attempt(tries + 1);
        log(`cannot deliver ${method} to client ${to.id}: ${(err as Error).message}`);
        if (refused && clients.get(to.id) === to && !stopping) {
          log(`client ${to.id} is gone: unregistering it`);
          unregister(to);
        }
        return false;
      }
    };
    return attempt(1);
  };

  const hubEvent = (mtype: string, params: SampMap, except?: HubClient): void => {
    const message = { "samp.mtype": mtype, "samp.params": params };
    for (const c of recipientsOf(hubClient, mtype)) if (c !== except) void deliver(c, "receiveNotification", [HUB_ID, message]);
  };

  const unregister = (c: HubClient): void => {
    if (clients.get(c.id) !== c) return;
    clients.delete(c.id);
    byKey.delete(c.key);
    c.web?.waiter?.();
    // Calls the client still owed an answer to: tell their senders.
    for (const [msgId, p] of pending) {
      if (p.recipientId === c.id) {
        pending.delete(msgId);
        const response: SampResponse = { "samp.status": "samp.error", "samp.error": { "samp.errortxt": `client ${c.id} unregistered before replying` } };
        if (p.sync) p.sync(response);
        else {
          const sender = clients.get(p.senderId);
          if (sender) void deliver(sender, "receiveResponse", [c.id, p.tag, response]);
        }
      } else if (p.senderId === c.id && !p.sync) pending.delete(msgId);
    }
    hubEvent("samp.hub.event.unregister", { id: c.id });
  };

  const newClient = (web: WebState | undefined): HubClient => {
    const c: HubClient = { id: `c${nextClient++}`, key: `k${randomBytes(16).toString("hex")}`, metadata: {}, subscriptions: {}, callbackUrl: undefined, web };
    clients.set(c.id, c);
    byKey.set(c.key, c);
    hubEvent("samp.hub.event.register", { id: c.id });
    return c;
  };

  const startCall = (sender: HubClient, recipient: HubClient, tag: string, message: SampMessage, sync?: (r: SampResponse) => void): string => {
    const msgId = `${sender.id}_m${nextMsg++}_${randomBytes(4).toString("hex")}`;
    pending.set(msgId, { senderId: sender.id, recipientId: recipient.id, tag, sync });
    void deliver(recipient, "receiveCall", [sender.id, msgId, message]).then((ok) => {
      if (!ok && pending.delete(msgId)) {
        const response: SampResponse = { "samp.status": "samp.error", "samp.error": { "samp.errortxt": `the hub could not deliver the call to ${recipient.id}` } };
        if (sync) sync(response);
        else if (clients.has(sender.id)) void deliver(sender, "receiveResponse", [recipient.id, tag, response]);
      }
    });
    return msgId;
  };

  /** The hub as a client: answers samp.app.ping and the by-meta queries. */
  const hubReceives = (method: string, args: SampValue[]): void => {
    if (method !== "receiveCall") return;
    const [, msgId, message] = args;
    if (typeof msgId !== "string" || !isSampMap(message)) return;
    let response: SampResponse = { "samp.status": "samp.ok", "samp.result": {} };
    const mtype = message["samp.mtype"];
    if (mtype === "x-samp.query.by-meta" || mtype === "samp.query.by-meta") {
      const params = isSampMap(message["samp.params"]) ? message["samp.params"] : {};
      const ids = [...clients.values()].filter((c) => c.metadata[String(params["key"])] === params["value"]).map((c) => c.id);
      response = { "samp.status": "samp.ok", "samp.result": { ids } };
    }
    queueMicrotask(() => {
      try {
        reply(hubClient, msgId, response);
      } catch {
        // The caller went away.
      }
    });
  };

  const reply = (from: HubClient, msgId: SampValue | undefined, response: SampValue | undefined): void => {
    const p = typeof msgId === "string" ? pending.get(msgId) : undefined;
    if (!p || p.recipientId !== from.id) throw new XmlRpcFaultError(`No call ${JSON.stringify(msgId)} awaits a reply from ${from.id}`);
    if (!isSampMap(response)) throw new XmlRpcFaultError("The response is not a map");
    pending.delete(msgId as string);
    if (p.sync) return p.sync(response as SampResponse);
    const sender = clients.get(p.senderId);
    if (sender) void deliver(sender, "receiveResponse", [from.id, p.tag, response]);
  };

  /** Every hub method, for both profiles (`web` says which one called). */
  const methods = (web: { origin: string | undefined; address: string } | undefined): { [name: string]: HubMethod | undefined } => ({
      ping: () => "1",
      register: async ([arg]) => {
        let c: HubClient;
        if (web) {
          const name = typeof arg === "string" ? arg : isSampMap(arg) && typeof arg["samp.name"] === "string" ? arg["samp.name"] : "";
          if (!name) throw new XmlRpcFaultError("Registration needs samp.name");
          const ok = options.consent ? await Promise.resolve(options.consent({ name, origin: web.origin, address: web.address })).catch(() => false) : false;
          if (!ok) {
            log(`Web Profile registration of ${JSON.stringify(name)} from ${web.origin ?? "no origin"} refused`);
            throw new XmlRpcFaultError("Registration refused by the hub's user");
          }
          c = newClient({ origin: web.origin, allow: false, queue: [], waiter: undefined, lastSeen: Date.now(), urls: new Set() });
          log(`Web Profile client ${c.id} (${JSON.stringify(name)}, origin ${web.origin ?? "none"}) registered`);
          return { "samp.private-key": c.key, "samp.self-id": c.id, "samp.hub-id": HUB_ID, "samp.url-translator": `${webUrl}translator/${c.key}?ref=` };
        }
        if (arg !== secret) throw new XmlRpcFaultError("Wrong samp.secret");
        c = newClient(undefined);
        log(`client ${c.id} registered`);
        return { "samp.private-key": c.key, "samp.self-id": c.id, "samp.hub-id": HUB_ID };
      },
      unregister: ([key]) => {
        const c = client(key);
        unregister(c);
        log(`client ${c.id} unregistered`);
        return "";
      },
      setXmlrpcCallback: ([key, url]) => {
        const c = client(key);
        if (web) throw new XmlRpcFaultError("setXmlrpcCallback is not a Web Profile method");
        if (typeof url !== "string" || !/^https?:\/\//.test(url)) throw new XmlRpcFaultError("The callback URL is not an http URL");
        c.callbackUrl = url;
        return "";
      },
      declareMetadata: ([key, meta]) => {
        const c = client(key);
        if (!isSampMap(meta)) throw new XmlRpcFaultError("Metadata is not a map");
        c.metadata = meta;
        hubEvent("samp.hub.event.metadata", { id: c.id, metadata: meta });
        return "";
      },
      getMetadata: ([key, id]) => (client(key), other(id).metadata),
      declareSubscriptions: ([key, subs]) => {
        const c = client(key);
        if (!isSampMap(subs) || Object.values(subs).some((v) => !isSampMap(v))) throw new XmlRpcFaultError("Subscriptions are not a map of maps");
        c.subscriptions = subs;
        hubEvent("samp.hub.event.subscriptions", { id: c.id, subscriptions: subs });
        return "";
      },
      getSubscriptions: ([key, id]) => (client(key), other(id).subscriptions),
      getRegisteredClients: ([key]) => {
        const c = client(key);
        return [...clients.keys()].filter((id) => id !== c.id);
      },
      getSubscribedClients: ([key, mtype]) => {
        const c = client(key);
        if (typeof mtype !== "string") throw new XmlRpcFaultError("The MType is not a string");
        const out: { [id: string]: SampMap } = {};
        for (const r of clients.values()) {
          const ann = r === c ? undefined : subscribed(r, mtype);
          if (ann) out[r.id] = ann;
        }
        return out;
      },
      notify: ([key, id, msg]) => {
        const c = client(key);
        const r = other(id);
        const m = asMessage(msg);
        checkTarget(r, m["samp.mtype"]);
        void deliver(r, "receiveNotification", [c.id, m]);
        return "";
      },
      notifyAll: ([key, msg]) => {
        const c = client(key);
        const m = asMessage(msg);
        const rs = recipientsOf(c, m["samp.mtype"]);
        for (const r of rs) void deliver(r, "receiveNotification", [c.id, m]);
        return rs.map((r) => r.id);
      },
      call: ([key, id, tag, msg]) => {
        const c = client(key);
        const r = other(id);
        const m = asMessage(msg);
        if (typeof tag !== "string") throw new XmlRpcFaultError("The msg-tag is not a string");
        if (!callable(c)) throw new XmlRpcFaultError("A client must be callable to send calls");
        checkTarget(r, m["samp.mtype"]);
        return startCall(c, r, tag, m);
      },
      callAll: ([key, tag, msg]) => {
        const c = client(key);
        const m = asMessage(msg);
        if (typeof tag !== "string") throw new XmlRpcFaultError("The msg-tag is not a string");
        if (!callable(c)) throw new XmlRpcFaultError("A client must be callable to send calls");
        const out: { [id: string]: string } = {};
        for (const r of recipientsOf(c, m["samp.mtype"])) out[r.id] = startCall(c, r, tag, m);
        return out;
      },
      callAndWait: async ([key, id, msg, timeout]) => {
        const c = client(key);
        const r = other(id);
        const m = asMessage(msg);
        checkTarget(r, m["samp.mtype"]);
        const secs = typeof timeout === "string" && timeout.trim() !== "" ? Number(timeout) : 0;
        let msgId = "";
        let timer: ReturnType<typeof setTimeout> | undefined;
        try {
          return await new Promise<SampValue>((resolve, reject) => {
            msgId = startCall(c, r, "", m, (resp) => resolve(resp));
            if (Number.isFinite(secs) && secs > 0) {
              timer = setTimeout(() => reject(new XmlRpcFaultError(`Timeout: no reply from ${r.id} within ${secs} s`)), secs * 1000);
            }
          });
        } finally {
          if (timer) clearTimeout(timer);
          pending.delete(msgId);
        }
      },
      reply: ([key, msgId, response]) => {
        reply(client(key), msgId, response);
        return "";
      },
      allowReverseCallbacks: ([key, flag]) => {
        const c = client(key);
        if (!c.web) throw new XmlRpcFaultError("allowReverseCallbacks is a Web Profile method");
        c.web.allow = flag === "1" || flag === "true";
        return "";
      },
      pullCallbacks: async ([key, timeout]) => {
        const c = client(key);
        if (!c.web) throw new XmlRpcFaultError("pullCallbacks is a Web Profile method");
        const w: WebState = c.web;
        if (!w.allow) throw new XmlRpcFaultError("Reverse callbacks are not allowed for this client");
        if (w.queue.length === 0) {
          const secs = Math.min(Math.max(Number(timeout) || 0, 0), 600);
          await new Promise<void>((resolve) => {
            const t = setTimeout(done, secs * 1000);
            w.waiter?.();
            w.waiter = done;
            function done(): void {
              clearTimeout(t);
              if (w.waiter === done) w.waiter = undefined;
              resolve();
            }
          });
        }
        w.lastSeen = Date.now();
        return w.queue.splice(0, w.queue.length);
      },
  });

  const stdMethods = methods(undefined);
  const std = await startXmlRpcServer({
    host,
    port: options.port,
    allowUnicode: true,
    handler: (method, params) => {
      if (stopping) throw new XmlRpcFaultError("The hub is shutting down");
      const fn = method.startsWith("samp.hub.") ? stdMethods[method.slice(9)] : undefined;
      if (!fn || method === "samp.hub.allowReverseCallbacks" || method === "samp.hub.pullCallbacks") throw new XmlRpcFaultError(`No such method ${method}`);
      return fn(params);
    },
  });
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${std.port}/xmlrpc`;

  let web: XmlRpcServer | undefined;
  let webUrl = "";
  if (options.web) {
    const w = typeof options.web === "object" ? options.web : {};
    const webHost = w.host ?? "127.0.0.1";
    web = await startXmlRpcServer({
      host: webHost,
      port: w.port ?? 21012,
      cors: true,
      allowUnicode: true,
      handler: (method, params, req) => {
        if (stopping) throw new XmlRpcFaultError("The hub is shutting down");
        if (!isLoopback(req.socket.remoteAddress)) throw new XmlRpcFaultError("Web Profile connections are accepted from this host only");
        const fn = method.startsWith("samp.webhub.") ? methods({ origin: header(req, "origin"), address: req.socket.remoteAddress ?? "" })[method.slice(12)] : undefined;
        if (!fn || method === "samp.webhub.setXmlrpcCallback") throw new XmlRpcFaultError(`No such method ${method}`);
        return fn(params);
      },
      other: (req, res) => webExtras(req, res),
    });
    webUrl = `http://${webHost.includes(":") ? `[${webHost}]` : webHost}:${web.port}/`;
  }

  /** crossdomain.xml, clientaccesspolicy.xml and the URL translator. */
  async function webExtras(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const u = new URL(req.url ?? "/", "http://localhost");
    if (u.pathname === "/crossdomain.xml") {
      res.writeHead(200, { "Content-Type": "text/x-cross-domain-policy" });
      res.end('<?xml version="1.0"?>\n<cross-domain-policy><site-control permitted-cross-domain-policies="all"/><allow-access-from domain="*"/><allow-http-request-headers-from domain="*" headers="*"/></cross-domain-policy>\n');
      return true;
    }
    if (u.pathname === "/clientaccesspolicy.xml") {
      res.writeHead(200, { "Content-Type": "text/xml" });
      res.end('<?xml version="1.0" encoding="utf-8"?>\n<access-policy><cross-domain-access><policy><allow-from http-request-headers="*"><domain uri="*"/></allow-from><grant-to><resource path="/" include-subpaths="true"/></grant-to></policy></cross-domain-access></access-policy>\n');
      return true;
    }
    const m = /^\/translator\/([^/]+)$/.exec(u.pathname);
    if (!m || (req.method !== "GET" && req.method !== "HEAD")) return false;
    const c = byKey.get(decodeURIComponent(m[1] as string));
    const target = u.searchParams.get("ref") ?? "";
    if (!c?.web || !isLoopback(req.socket.remoteAddress)) {
      res.writeHead(403, { "Content-Type": "text/plain" });
      res.end("forbidden\n");
      return true;
    }
    if (!c.web.urls.has(target)) {
      res.writeHead(403, { "Content-Type": "text/plain" });
      res.end("the translator only fetches URLs that were sent to this client\n");
      return true;
    }
    try {
      if (target.startsWith("file:")) {
        const { fileURLToPath } = await import("node:url");
        const bytes = await readFile(fileURLToPath(target));
        res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": bytes.byteLength });
        res.end(req.method === "HEAD" ? undefined : bytes);
      } else {
        const r = await fetch(target, { signal: AbortSignal.timeout(60_000) });
        const bytes = new Uint8Array(await r.arrayBuffer());
        res.writeHead(r.status, { "Content-Type": r.headers.get("content-type") ?? "application/octet-stream", "Content-Length": bytes.byteLength });
        res.end(req.method === "HEAD" ? undefined : bytes);
      }
    } catch (err) {
      res.writeHead(502, { "Content-Type": "text/plain" });
      res.end(`cannot fetch: ${(err as Error).message}\n`);
    }
    return true;
  }

  // Web clients that stop polling (a closed tab) are dropped.
  const webTimeout = (options.webClientTimeout ?? 60) * 1000;
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const c of [...clients.values()]) {
      if (c.web && now - c.web.lastSeen > (c.web.allow ? webTimeout : 10 * webTimeout) && !c.web.waiter) {
        log(`Web Profile client ${c.id} stopped polling: unregistering it`);
        unregister(c);
      }
    }
  }, Math.min(webTimeout, 10_000));
  sweeper.unref();

  // Standard Profile clients that died quietly (no message sent to them since): their callback
  // server refuses connections. Any HTTP answer, even a 404, means alive.
  const checkEvery = (options.clientCheckSeconds ?? 30) * 1000;
  const checker =
    checkEvery > 0
      ? setInterval(() => {
          for (const c of [...clients.values()]) {
            const cb = c.callbackUrl;
            if (!cb || c.web) continue;
            fetch(cb, { method: "GET", signal: AbortSignal.timeout(5000) }).then(
              (res) => void res.body?.cancel().catch(() => undefined),
              (err: unknown) => {
                const code = String((err as { cause?: { code?: string } })?.cause?.code ?? "");
                if (/ECONNREFUSED|EHOSTUNREACH/.test(code) && clients.get(c.id) === c && !stopping) {
                  log(`client ${c.id} is gone (its callback server refuses connections): unregistering it`);
                  unregister(c);
                }
              },
            );
          }
        }, checkEvery)
      : undefined;
  checker?.unref();

  await writeLockfile(lockfile, {
    "samp.secret": secret,
    "samp.hub.xmlrpc.url": url,
    "samp.profile.version": "1.3",
    "hub.impl": `@vo/samp ${VERSION}`,
    "hub.start.date": new Date().toISOString(),
  });
  log(`hub ready at ${url}, lockfile ${lockfile}${web ? `, Web Profile at ${webUrl}` : ""}`);

  let stopped: Promise<void> | undefined;
  return {
    url,
    lockfile,
    webUrl: web ? webUrl : undefined,
    id: HUB_ID,
    clients: () => [...clients.keys()],
    stop: () =>
      (stopped ??= (async () => {
        const shutdown = { "samp.mtype": "samp.hub.event.shutdown", "samp.params": {} };
        const rs = recipientsOf(hubClient, "samp.hub.event.shutdown");
        stopping = true;
        clearInterval(sweeper);
        if (checker) clearInterval(checker);
        await Promise.race([Promise.allSettled(rs.map((c) => deliver(c, "receiveNotification", [HUB_ID, shutdown]))), sleep(3000)]);
        for (const c of clients.values()) c.web?.waiter?.();
        await sleep(web ? 50 : 0);
        await Promise.all([std.close(), web?.close()]);
        // Remove the lockfile only if it is still ours.
        try {
          const now = parseLockfile(await readFile(lockfile, "utf8"));
          if (now["samp.secret"] === secret) await unlink(lockfile);
        } catch {
          // Already gone or replaced.
        }
        log("hub stopped");
      })()),
  };
}

/** Fails when the lockfile names a hub that answers; a stale one is overwritten. */
async function refuseLiveHub(lockfile: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(lockfile, "utf8");
  } catch {
    return;
  }
  let hubUrl: string;
  try {
    hubUrl = parseLockfile(text)["samp.hub.xmlrpc.url"];
  } catch {
    await unlink(lockfile).catch(() => undefined);
    return;
  }
  const alive = await postXmlRpc(hubUrl, "samp.hub.ping", [], { timeoutMs: 3000 }).then(
    () => true,
    () => false,
  );
  if (alive) throw new ParameterError("lockfile", `a lockfile no running hub uses (a hub answers at ${hubUrl})`, lockfile);
  await unlink(lockfile).catch(() => undefined);
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/, "");
  return a === "::1" || (isIP(a) === 4 && a.startsWith("127."));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Collects the strings that look like URLs in a message, for the translator's URL control. */
function collectUrls(v: SampValue, into: Set<string>): void {
  if (typeof v === "string") {
    if (/^(https?|file|ftp):/i.test(v)) into.add(v);
  } else if (Array.isArray(v)) for (const x of v as readonly SampValue[]) collectUrls(x, into);
  else for (const x of Object.values(v as SampMap)) collectUrls(x, into);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

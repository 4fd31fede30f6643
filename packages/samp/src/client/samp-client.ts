/**
 * A registered SAMP client, for either profile: every hub method, MType
 * handlers with wildcard subscriptions, the live list of other clients, and
 * events for the hub going away (pyVO's `SAMPIntegratedClient`).
 */
import { DALServiceError, ParameterError } from "@vo/core";
import { SAMPClientError, SAMPHubError } from "../errors.js";
import { isSampMap, mtypeMatches, toSampMap, toSampValue } from "../types.js";
import type { SampInput, SampMap, SampMessage, SampMetadata, SampResponse, SampSubscriptions, SampValue } from "../types.js";
import type { CallbackMethod, HubProfile, Registration } from "./profile.js";

/** Who sent a message, and (for calls) its msg-id. */
export interface MessageContext {
  /** The sender's public id. */
  readonly senderId: string;
  /** The msg-id to reply to (calls only). */
  readonly msgId?: string | undefined;
  /** The client that received it. */
  readonly client: SAMPClient;
}

/** Handles a notification. */
export type NotificationHandler = (message: SampMessage, context: MessageContext) => void | Promise<void>;

/**
 * Handles a call. Return the `samp.result` map (numbers and booleans allowed) or a whole
 * {@link SampResponse}; throw to answer `samp.error` with the error's message. The reply is sent for you.
 */
export type CallHandler = (
  message: SampMessage,
  context: MessageContext & { readonly msgId: string },
) => SampResponse | { readonly [key: string]: SampInput | undefined } | void | Promise<SampResponse | { readonly [key: string]: SampInput | undefined } | void>;

/** What the client knows about another registered client. */
export interface ClientInfo {
  readonly id: string;
  readonly metadata: SampMetadata;
  readonly subscriptions: SampSubscriptions;
}

/** Events of a {@link SAMPClient}. */
export interface SAMPClientEvents {
  /** The live client list changed (register, unregister, metadata, subscriptions). */
  clients: (clients: ReadonlyMap<string, ClientInfo>) => void;
  /** The connection ended: `"closed"` by `close()`, `"shutdown"` by the hub, `"disconnected"` by the hub, `"lost"` when the hub stopped answering. */
  disconnect: (reason: "closed" | "shutdown" | "disconnected" | "lost", detail?: unknown) => void;
  /** A handler threw or a background step failed; the client goes on. */
  error: (err: unknown) => void;
}

/** Options of {@link SAMPClient} (through `connect`). */
export interface SAMPClientOptions {
  /** `samp.name`; default `"@vo client"`. */
  readonly name?: string | undefined;
  /** `samp.description.text`. */
  readonly description?: string | undefined;
  /** More metadata (`samp.icon.url`, `author.name`, …). */
  readonly metadata?: { readonly [key: string]: SampInput | undefined } | undefined;
  /** Receive messages (default true). A non-callable client can only send and cannot use {@link SAMPClient.call} replies. */
  readonly callable?: boolean | undefined;
  /** Keep the live list of other clients from `samp.hub.event.*` (default true; needs `callable`). */
  readonly trackClients?: boolean | undefined;
  /** Handlers for notifications, by MType or pattern (`table.*`, `*`). */
  readonly onNotification?: { readonly [pattern: string]: NotificationHandler } | undefined;
  /** Handlers for calls, by MType or pattern. */
  readonly onCall?: { readonly [pattern: string]: CallHandler } | undefined;
  /** Abort the connection attempt. */
  readonly signal?: AbortSignal | undefined;
}

/** Options of the sending methods that wait. */
export interface WaitOptions {
  /** Seconds to wait for the reply (default 30); `0` waits for ever. */
  readonly timeout?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

type Listener<K extends keyof SAMPClientEvents> = SAMPClientEvents[K];

const HUB_EVENT = "samp.hub.event.";
let tagCounter = 0;

/** A registered SAMP client. Make one with `connect()`. */
export class SAMPClient {
  /** This client's public id. */
  readonly selfId: string;
  /** The hub's client id. */
  readonly hubId: string;
  /** Which profile connects it. */
  readonly profile: "standard" | "web";
  /** Web Profile: the hub's URL translator prefix (append an encoded URL to fetch it through the hub). */
  readonly urlTranslator: string | undefined;

  readonly #hub: HubProfile;
  readonly #key: string;
  readonly #callable: boolean;
  readonly #track: boolean;
  readonly #notificationHandlers = new Map<string, NotificationHandler>();
  readonly #callHandlers = new Map<string, CallHandler>();
  readonly #pending = new Map<string, { resolve: (r: SampResponse) => void; reject: (e: unknown) => void; responder?: string }>();
  readonly #responseListeners = new Map<string, (responderId: string, response: SampResponse) => void>();
  readonly #clients = new Map<string, ClientInfo>();
  readonly #listeners: { [K in keyof SAMPClientEvents]: Set<Listener<K>> } = { clients: new Set(), disconnect: new Set(), error: new Set() };
  #metadata: SampMap;
  #connected = true;
  #redeclare: Promise<void> | undefined;

  /** @internal Use `connect()`. */
  constructor(hub: HubProfile, reg: Registration, options: SAMPClientOptions) {
    this.#hub = hub;
    this.#key = reg.privateKey;
    this.selfId = reg.selfId;
    this.hubId = reg.hubId;
    this.profile = hub.kind;
    this.urlTranslator = reg.urlTranslator;
    this.#callable = options.callable ?? true;
    this.#track = this.#callable && (options.trackClients ?? true);
    this.#metadata = toSampMap({
      "samp.name": options.name ?? "@vo client",
      "samp.description.text": options.description,
      ...options.metadata,
    });
    for (const [p, h] of Object.entries(options.onNotification ?? {})) this.#notificationHandlers.set(p, h);
    for (const [p, h] of Object.entries(options.onCall ?? {})) this.#callHandlers.set(p, h);
  }

  /** @internal Finishes the connection: callbacks, metadata, subscriptions, client list. */
  async start(reg: Registration, signal?: AbortSignal): Promise<void> {
    if (this.#callable) {
      await this.#hub.startCallbacks(reg, (method, params) => this.#onCallback(method, params), (err) => this.#lost(err));
    }
    await this.#hubCall("declareMetadata", [this.#metadata], signal);
    if (this.#callable) await this.#hubCall("declareSubscriptions", [this.#subscriptions()], signal);
    if (this.#track) await this.#refreshClients(signal);
  }

  /** True until `close()`, the hub's shutdown or disconnect, or a lost hub. */
  get connected(): boolean {
    return this.#connected;
  }

  /** The metadata this client declared. */
  get metadata(): SampMetadata {
    return this.#metadata;
  }

  /** The other registered clients (the hub included, this client not), kept live from the hub's events. Empty unless `trackClients`. */
  get clients(): ReadonlyMap<string, ClientInfo> {
    return this.#clients;
  }

  /** Adds an event listener; returns a function that removes it. */
  on<K extends keyof SAMPClientEvents>(event: K, listener: SAMPClientEvents[K]): () => void {
    const set = this.#listeners[event] as Set<SAMPClientEvents[K]>;
    set.add(listener);
    return () => set.delete(listener);
  }

  // ---- hub methods (SAMP 1.3 §3.11), with the private key supplied ----

  /** `ping`: resolves when the hub answers. */
  async ping(signal?: AbortSignal): Promise<void> {
    await this.#hub.call("ping", [], signal);
  }

  /** `declareMetadata`: replaces this client's metadata (numbers and booleans become SAMP strings). */
  async declareMetadata(metadata: { readonly [key: string]: SampInput | undefined }, signal?: AbortSignal): Promise<void> {
    const map = toSampMap(metadata);
    await this.#hubCall("declareMetadata", [map], signal);
    this.#metadata = map;
  }

  /** `getMetadata` of a client. */
  async getMetadata(clientId: string, signal?: AbortSignal): Promise<SampMetadata> {
    return asMap(await this.#hubCall("getMetadata", [clientId], signal)) as SampMetadata;
  }

  /**
   * `declareSubscriptions`. Without an argument, declares the MTypes of this client's
   * handlers (and the hub events it uses); handlers added later are declared automatically.
   */
  async declareSubscriptions(subscriptions?: SampSubscriptions, signal?: AbortSignal): Promise<void> {
    await this.#hubCall("declareSubscriptions", [subscriptions ?? this.#subscriptions()], signal);
  }

  /** `getSubscriptions` of a client. */
  async getSubscriptions(clientId: string, signal?: AbortSignal): Promise<SampSubscriptions> {
    return asMap(await this.#hubCall("getSubscriptions", [clientId], signal)) as SampSubscriptions;
  }

  /** `getRegisteredClients`: every other client's id, the hub's included. */
  async getRegisteredClients(signal?: AbortSignal): Promise<string[]> {
    const v = await this.#hubCall("getRegisteredClients", [], signal);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  }

  /** `getSubscribedClients`: id → annotations of every other client subscribed to `mtype`. */
  async getSubscribedClients(mtype: string, signal?: AbortSignal): Promise<SampSubscriptions> {
    return asMap(await this.#hubCall("getSubscribedClients", [mtype], signal)) as SampSubscriptions;
  }

  /** `notify` one client. */
  async notify(recipientId: string, message: MessageInput, signal?: AbortSignal): Promise<void> {
    await this.#hubCall("notify", [recipientId, toMessage(message)], signal);
  }

  /** `notifyAll`: returns the ids the hub delivered to. */
  async notifyAll(message: MessageInput, signal?: AbortSignal): Promise<string[]> {
    const v = await this.#hubCall("notifyAll", [toMessage(message)], signal);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  }

  /** `call`: returns the msg-id; the response goes to {@link onResponse} listeners for `msgTag`. */
  async call(recipientId: string, msgTag: string, message: MessageInput, signal?: AbortSignal): Promise<string> {
    this.#requireCallable("call");
    const v = await this.#hubCall("call", [recipientId, msgTag, toMessage(message)], signal);
    return typeof v === "string" ? v : "";
  }

  /** `callAll`: returns recipient id → msg-id; the responses go to {@link onResponse} listeners for `msgTag`. */
  async callAll(msgTag: string, message: MessageInput, signal?: AbortSignal): Promise<{ [recipientId: string]: string }> {
    this.#requireCallable("callAll");
    const v = asMap(await this.#hubCall("callAll", [msgTag, toMessage(message)], signal));
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"));
  }

  /**
   * Sends a call and waits for the response (SAMP's `callAndWait`). A callable client
   * sends `call` and waits itself; a non-callable one uses the hub's `callAndWait`.
   * @throws {DALServiceError} `VO_ERR_TIMEOUT` when no response came within `timeout` seconds.
   * @throws {SAMPHubError} `VO_ERR_SAMP_FAULT` when the hub refuses (unknown client, not subscribed).
   */
  async callAndWait(recipientId: string, message: MessageInput, options: WaitOptions = {}): Promise<SampResponse> {
    const msg = toMessage(message);
    const timeout = options.timeout ?? 30;
    if (!(timeout >= 0)) throw new ParameterError("timeout", "seconds >= 0", timeout);
    const timeoutError = (): DALServiceError =>
      new DALServiceError(`SAMP client ${recipientId} did not reply to ${msg["samp.mtype"]} within ${timeout} s`, { url: this.#hub.hubUrl, code: "VO_ERR_TIMEOUT" });
    if (!this.#callable) {
      const timer = timeout > 0 ? AbortSignal.timeout(timeout * 1000 + 2000) : undefined;
      const signal = timer && options.signal ? AbortSignal.any([timer, options.signal]) : (timer ?? options.signal);
      try {
        return asMap(await this.#hubCall("callAndWait", [recipientId, msg, String(Math.ceil(timeout))], signal)) as SampResponse;
      } catch (err) {
        if (timer?.aborted && !options.signal?.aborted) throw timeoutError();
        throw err;
      }
    }
    const tag = `vo-wait-${++tagCounter}-${Date.now().toString(36)}`;
    const done = new Promise<SampResponse>((resolve, reject) => this.#pending.set(tag, { resolve, reject, responder: recipientId }));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = (): void => this.#pending.get(tag)?.reject(options.signal?.reason);
    try {
      options.signal?.throwIfAborted();
      options.signal?.addEventListener("abort", onAbort, { once: true });
      await this.#hubCall("call", [recipientId, tag, msg], options.signal);
      if (timeout > 0) timer = setTimeout(() => this.#pending.get(tag)?.reject(timeoutError()), timeout * 1000);
      return await done;
    } finally {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      this.#pending.delete(tag);
    }
  }

  /**
   * Calls every subscribed client (`callAll`) and waits for their responses.
   * Returns recipient id → response; a client that did not answer in time gets a
   * `samp.error` response saying so (the others are not lost).
   */
  async callAllAndWait(message: MessageInput, options: WaitOptions = {}): Promise<Map<string, SampResponse>> {
    this.#requireCallable("callAllAndWait");
    const msg = toMessage(message);
    const timeout = options.timeout ?? 30;
    const tag = `vo-all-${++tagCounter}-${Date.now().toString(36)}`;
    const got = new Map<string, SampResponse>();
    let wake: (() => void) | undefined;
    this.#responseListeners.set(tag, (responder, response) => {
      got.set(responder, response);
      wake?.();
    });
    try {
      const ids = Object.keys(await this.callAll(tag, msg, options.signal));
      const deadline = timeout > 0 ? Date.now() + timeout * 1000 : Infinity;
      while (ids.some((id) => !got.has(id)) && Date.now() < deadline && this.#connected) {
        options.signal?.throwIfAborted();
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, Math.min(250, Math.max(0, deadline - Date.now())));
        });
      }
      const out = new Map<string, SampResponse>();
      for (const id of ids) {
        out.set(id, got.get(id) ?? { "samp.status": "samp.error", "samp.error": { "samp.errortxt": `no reply within ${timeout} s` } });
      }
      return out;
    } finally {
      this.#responseListeners.delete(tag);
    }
  }

  /** `reply` to a call received by a handler that answered nothing itself (handlers reply automatically). */
  async reply(msgId: string, response: SampResponse, signal?: AbortSignal): Promise<void> {
    await this.#hubCall("reply", [msgId, toSampValue(response as SampInput)], signal);
  }

  // ---- handlers ----

  /** Handles notifications of an MType or pattern; returns a function that removes the handler. */
  onNotification(pattern: string, handler: NotificationHandler): () => void {
    this.#notificationHandlers.set(pattern, handler);
    this.#scheduleRedeclare();
    return () => {
      if (this.#notificationHandlers.get(pattern) === handler) this.#notificationHandlers.delete(pattern);
      this.#scheduleRedeclare();
    };
  }

  /** Handles calls of an MType or pattern (the handler's result is the reply); returns a function that removes the handler. */
  onCall(pattern: string, handler: CallHandler): () => void {
    this.#callHandlers.set(pattern, handler);
    this.#scheduleRedeclare();
    return () => {
      if (this.#callHandlers.get(pattern) === handler) this.#callHandlers.delete(pattern);
      this.#scheduleRedeclare();
    };
  }

  /** Receives the responses to `call`/`callAll` sent with this msg-tag; returns a function that stops it. */
  onResponse(msgTag: string, listener: (responderId: string, response: SampResponse) => void): () => void {
    this.#responseListeners.set(msgTag, listener);
    return () => this.#responseListeners.delete(msgTag);
  }

  // ---- lookup ----

  /**
   * The id of the first other client whose `samp.name` is `name` (pyVO's `find_client_id`).
   * @throws {SAMPClientError} `VO_ERR_SAMP_NO_CLIENT` when there is none.
   */
  async findClient(name: string, signal?: AbortSignal): Promise<string> {
    const ids = this.#track ? [...this.#clients.keys()] : await this.getRegisteredClients(signal);
    for (const id of ids) {
      const meta = this.#track ? this.#clients.get(id)?.metadata : await this.getMetadata(id, signal).catch(() => undefined);
      if (meta?.["samp.name"] === name) return id;
    }
    throw new SAMPClientError(`no SAMP client named "${name}" is registered with the hub`, { code: "VO_ERR_SAMP_NO_CLIENT", client: name });
  }

  /** Publishes bytes at a URL that other clients on this host can fetch until `close()` (Standard Profile in Node only). @internal */
  async publish(bytes: Uint8Array, contentType: string, filename: string): Promise<string> {
    if (!this.#hub.publish) {
      throw new ParameterError("table", "a URL (a browser page cannot serve a table to other SAMP clients)", "bytes");
    }
    return this.#hub.publish(bytes, contentType, filename);
  }

  /** Unregisters and frees the callback server or polling. Safe to call twice; never throws when the hub is gone. */
  async close(): Promise<void> {
    if (!this.#connected) {
      await this.#hub.close();
      return;
    }
    this.#connected = false;
    try {
      await this.#hub.call("unregister", [this.#key], AbortSignal.timeout(5000));
    } catch {
      // The hub is gone or forgot us: nothing to undo.
    }
    await this.#hub.close();
    this.#failPending(new SAMPHubError("the SAMP client was closed", { code: "VO_ERR_SAMP_CLOSED", url: this.#hub.hubUrl }));
    this.#emit("disconnect", "closed");
  }

  // ---- internals ----

  async #hubCall(method: string, args: readonly SampValue[], signal?: AbortSignal): Promise<SampValue> {
    if (!this.#connected) {
      throw new SAMPHubError(`SAMP client is not connected (${method})`, { code: "VO_ERR_SAMP_CLOSED", url: this.#hub.hubUrl, method });
    }
    try {
      return await this.#hub.call(method, [this.#key, ...args], signal);
    } catch (err) {
      if (err instanceof SAMPHubError && err.code === "VO_ERR_SAMP_NO_HUB") this.#lost(err);
      throw err;
    }
  }

  #requireCallable(what: string): void {
    if (!this.#callable) throw new ParameterError("callable", `a callable client for ${what} (its responses come back by callback)`, false);
  }

  #subscriptions(): SampSubscriptions {
    const subs: { [p: string]: SampMap } = {};
    for (const p of this.#notificationHandlers.keys()) subs[p] = {};
    for (const p of this.#callHandlers.keys()) subs[p] = {};
    subs["samp.app.ping"] = {};
    subs["samp.hub.event.shutdown"] = {};
    subs["samp.hub.disconnect"] = {};
    if (this.#track) {
      for (const e of ["register", "unregister", "metadata", "subscriptions"]) subs[HUB_EVENT + e] = {};
    }
    return subs;
  }

  #scheduleRedeclare(): void {
    if (!this.#connected || !this.#callable || this.#redeclare) return;
    this.#redeclare = Promise.resolve().then(async () => {
      this.#redeclare = undefined;
      if (!this.#connected) return;
      try {
        await this.declareSubscriptions();
      } catch (err) {
        this.#emit("error", err);
      }
    });
  }

  #emit<K extends keyof SAMPClientEvents>(event: K, ...args: Parameters<SAMPClientEvents[K]>): void {
    for (const l of [...this.#listeners[event]]) {
      try {
        (l as (...a: unknown[]) => void)(...args);
      } catch (err) {
        if (event !== "error") this.#emit("error", err);
      }
    }
  }

  #lost(err: unknown): void {
    if (!this.#connected) return;
    this.#end("lost", err);
  }

  #end(reason: "shutdown" | "disconnected" | "lost", detail?: unknown): void {
    this.#connected = false;
    this.#failPending(new SAMPHubError(`the SAMP hub went away (${reason})`, { code: "VO_ERR_SAMP_CLOSED", url: this.#hub.hubUrl, cause: detail }));
    void this.#hub.close().catch(() => undefined);
    this.#emit("disconnect", reason, detail);
  }

  #failPending(err: unknown): void {
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
  }

  #onCallback(method: CallbackMethod, params: readonly SampValue[]): void {
    if (method === "receiveResponse") {
      const [responder, tag, response] = params;
      if (typeof responder !== "string" || typeof tag !== "string" || !isSampMap(response)) return;
      const pending = this.#pending.get(tag);
      if (pending) pending.resolve(response as SampResponse);
      else this.#responseListeners.get(tag)?.(responder, response as SampResponse);
      return;
    }
    const isCall = method === "receiveCall";
    const [sender, a, b] = params;
    const msgId = isCall ? a : undefined;
    const message = isCall ? b : a;
    if (typeof sender !== "string" || !isSampMap(message) || (isCall && typeof msgId !== "string")) return;
    const mtype = message["samp.mtype"];
    if (typeof mtype !== "string") return;
    const msg = { ...message, "samp.params": isSampMap(message["samp.params"]) ? message["samp.params"] : {} } as SampMessage;
    void this.#dispatch(isCall, sender, msgId as string | undefined, mtype, msg);
  }

  async #dispatch(isCall: boolean, senderId: string, msgId: string | undefined, mtype: string, msg: SampMessage): Promise<void> {
    if (mtype.startsWith(HUB_EVENT) || mtype === "samp.hub.disconnect") this.#hubEvent(mtype, msg["samp.params"]);
    const context = { senderId, msgId, client: this } as const;
    try {
      if (!isCall) {
        const h = pick(this.#notificationHandlers, mtype) ?? pick(this.#callHandlers, mtype);
        if (h) await (h as NotificationHandler)(msg, context);
        return;
      }
      let response: SampResponse;
      const h = pick(this.#callHandlers, mtype);
      if (h) {
        try {
          const out = await h(msg, context as MessageContext & { msgId: string });
          response = isResponse(out) ? out : { "samp.status": "samp.ok", "samp.result": out ? toSampMap(out as { [k: string]: SampInput | undefined }) : {} };
        } catch (err) {
          response = { "samp.status": "samp.error", "samp.error": { "samp.errortxt": err instanceof Error ? err.message : String(err) } };
          this.#emit("error", err);
        }
      } else if (pick(this.#notificationHandlers, mtype)) {
        await (pick(this.#notificationHandlers, mtype) as NotificationHandler)(msg, context);
        response = { "samp.status": "samp.ok", "samp.result": {} };
      } else if (mtype === "samp.app.ping" || mtype.startsWith(HUB_EVENT)) {
        response = { "samp.status": "samp.ok", "samp.result": {} };
      } else {
        response = { "samp.status": "samp.error", "samp.error": { "samp.errortxt": `no handler for ${mtype}` } };
      }
      if (this.#connected) await this.reply(msgId as string, response);
    } catch (err) {
      this.#emit("error", err);
    }
  }

  #hubEvent(mtype: string, params: SampMap): void {
    if (mtype === "samp.hub.event.shutdown") return this.#end("shutdown");
    if (mtype === "samp.hub.disconnect") return this.#end("disconnected", params["reason"]);
    if (!this.#track) return;
    const id = params["id"];
    if (typeof id !== "string" || id === this.selfId) return;
    const prev = this.#clients.get(id) ?? { id, metadata: {}, subscriptions: {} };
    switch (mtype) {
      case "samp.hub.event.register":
        this.#clients.set(id, prev);
        break;
      case "samp.hub.event.unregister":
        this.#clients.delete(id);
        break;
      case "samp.hub.event.metadata":
        this.#clients.set(id, { ...prev, metadata: asMap(params["metadata"]) as SampMetadata });
        break;
      case "samp.hub.event.subscriptions":
        this.#clients.set(id, { ...prev, subscriptions: asMap(params["subscriptions"]) as SampSubscriptions });
        break;
      default:
        return;
    }
    this.#emit("clients", this.#clients);
  }

  async #refreshClients(signal?: AbortSignal): Promise<void> {
    const ids = await this.getRegisteredClients(signal);
    await Promise.all(
      ids.map(async (id) => {
        try {
          const [metadata, subscriptions] = await Promise.all([this.getMetadata(id, signal), this.getSubscriptions(id, signal)]);
          if (!this.#clients.has(id)) this.#clients.set(id, { id, metadata, subscriptions });
        } catch {
          // It unregistered meanwhile.
        }
      }),
    );
    this.#emit("clients", this.#clients);
  }
}

/** A message as callers write it: `samp.params` values may be numbers and booleans. */
export interface MessageInput {
  readonly "samp.mtype": string;
  readonly "samp.params"?: { readonly [key: string]: SampInput | undefined } | undefined;
  readonly [key: string]: SampInput | undefined;
}

function toMessage(m: MessageInput): SampMessage {
  if (typeof m["samp.mtype"] !== "string" || m["samp.mtype"] === "") throw new ParameterError("samp.mtype", "a non-empty MType", m["samp.mtype"]);
  return toSampMap({ ...m, "samp.params": m["samp.params"] ?? {} }) as SampMessage;
}

function asMap(v: SampValue | undefined): SampMap {
  return isSampMap(v) ? v : {};
}

function isResponse(v: unknown): v is SampResponse {
  return typeof v === "object" && v !== null && typeof (v as { "samp.status"?: unknown })["samp.status"] === "string";
}

/** The handler whose pattern matches: the exact MType first, then the longest wildcard. */
function pick<H>(handlers: Map<string, H>, mtype: string): H | undefined {
  const exact = handlers.get(mtype);
  if (exact) return exact;
  let best: [string, H] | undefined;
  for (const [p, h] of handlers) if (mtypeMatches(p, mtype) && (!best || p.length > best[0].length)) best = [p, h];
  return best?.[1];
}

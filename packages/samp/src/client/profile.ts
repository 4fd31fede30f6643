/**
 * What a SAMP profile provides to {@link SAMPClient}: how to register, how to
 * call the hub, how callbacks arrive. The Standard Profile (Node: lockfile,
 * XML-RPC callback server) and the Web Profile (fetch, long polling) implement it.
 */
import type { SampValue } from "../types.js";

/** The client-side callback methods a hub invokes (without the `samp.client.` prefix). */
export type CallbackMethod = "receiveNotification" | "receiveCall" | "receiveResponse";

/** Receives one callback: the method and its arguments after the private key. */
export type CallbackSink = (method: CallbackMethod, params: readonly SampValue[]) => void;

/** What `register` answered. */
export interface Registration {
  readonly privateKey: string;
  readonly selfId: string;
  readonly hubId: string;
  /** Web Profile: the hub's URL translator prefix. */
  readonly urlTranslator?: string | undefined;
}

/** A connection to one hub through one profile. @internal */
export interface HubProfile {
  /** `"standard"` or `"web"`. */
  readonly kind: "standard" | "web";
  /** The hub's XML-RPC endpoint (for messages). */
  readonly hubUrl: string;
  /** Registers; `name` is the client's `samp.name` (the Web Profile sends it with the registration). */
  register(name: string, signal?: AbortSignal): Promise<Registration>;
  /** Calls `samp.hub.<method>` (or `samp.webhub.<method>`) with these arguments; rejects with a `SAMPHubError`. */
  call(method: string, params: readonly SampValue[], signal?: AbortSignal): Promise<SampValue>;
  /** Starts delivering callbacks to `sink` (callback server or polling). */
  startCallbacks(reg: Registration, sink: CallbackSink, onLost: (err: unknown) => void): Promise<void>;
  /** Serves bytes at a URL other clients can fetch, for as long as the client is open. Node only. */
  publish?(bytes: Uint8Array, contentType: string, filename: string): Promise<string>;
  /** Stops callbacks and frees sockets (does not unregister). */
  close(): Promise<void>;
}

/** Options for choosing and reaching a hub. */
export interface HubOptions {
  /**
   * `"standard"` (Node default: lockfile from `SAMP_HUB` or `~/.samp`) or `"web"`
   * (browser default: `http://localhost:21012/`).
   */
  readonly profile?: "standard" | "web" | undefined;
  /** Standard Profile: the lockfile to read, instead of `SAMP_HUB` / `~/.samp` (a path or a `file:`/`http:` URL). */
  readonly lockfile?: string | undefined;
  /** Web Profile: the hub endpoint; default `http://localhost:21012/`. */
  readonly webHubUrl?: string | undefined;
  /** Standard Profile: the address the callback server listens on and advertises; default `127.0.0.1`. */
  readonly callbackHost?: string | undefined;
  /** Web Profile: seconds each `pullCallbacks` may wait at the hub; default 10. */
  readonly pollSeconds?: number | undefined;
}

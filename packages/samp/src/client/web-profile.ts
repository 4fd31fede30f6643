/**
 * The SAMP Web Profile client side (SAMP 1.3 §5): XML-RPC by `fetch` to the hub's
 * web endpoint (`http://localhost:21012/` by default), registration with the
 * client's name (the hub asks its user for consent), callbacks by long polling
 * `pullCallbacks`. Browser-safe: it imports no Node built-in module.
 */
import { callHubMethod, stringField } from "./hub-call.js";
import type { CallbackMethod, CallbackSink, HubProfile, Registration } from "./profile.js";
import { isSampMap } from "../types.js";
import type { SampValue } from "../types.js";

/** The Web Profile's standard endpoint. */
export const WEB_HUB_URL = "http://localhost:21012/";

const CALLBACKS = new Set<string>(["receiveNotification", "receiveCall", "receiveResponse"]);

/** A Web Profile connection. @internal */
export class WebProfile implements HubProfile {
  readonly kind = "web";
  readonly hubUrl: string;
  readonly #pollSeconds: number;
  #stop = new AbortController();

  constructor(url: string = WEB_HUB_URL, pollSeconds = 10) {
    this.hubUrl = url;
    this.#pollSeconds = pollSeconds;
  }

  async register(name: string, signal?: AbortSignal): Promise<Registration> {
    const v = await callHubMethod(this.hubUrl, "samp.webhub.register", [{ "samp.name": name }], { signal });
    return {
      privateKey: stringField(v, "samp.private-key", "samp.webhub.register", this.hubUrl),
      selfId: stringField(v, "samp.self-id", "samp.webhub.register", this.hubUrl),
      hubId: stringField(v, "samp.hub-id", "samp.webhub.register", this.hubUrl),
      urlTranslator: isSampMap(v) && typeof v["samp.url-translator"] === "string" ? v["samp.url-translator"] : undefined,
    };
  }

  call(method: string, params: readonly SampValue[], signal?: AbortSignal): Promise<SampValue> {
    return callHubMethod(this.hubUrl, `samp.webhub.${method}`, params, { signal });
  }

  async startCallbacks(reg: Registration, sink: CallbackSink, onLost: (err: unknown) => void): Promise<void> {
    await this.call("allowReverseCallbacks", [reg.privateKey, "1"]);
    const stop = this.#stop.signal;
    const loop = async (): Promise<void> => {
      let failures = 0;
      while (!stop.aborted) {
        let got: SampValue;
        try {
          got = await this.call("pullCallbacks", [reg.privateKey, String(this.#pollSeconds)], stop);
          failures = 0;
        } catch (err) {
          if (stop.aborted) return;
          // One retry covers a dropped keep-alive connection; two failures in a row mean the hub is gone.
          if (++failures >= 2) return onLost(err);
          continue;
        }
        const list = Array.isArray(got) ? (got as readonly SampValue[]) : [];
        for (const cb of list) {
          if (!isSampMap(cb)) continue;
          const name = String(cb["samp.methodName"] ?? "").replace(/^samp\.client\./, "");
          const params = cb["samp.params"];
          if (CALLBACKS.has(name) && Array.isArray(params)) sink(name as CallbackMethod, params as readonly SampValue[]);
        }
        // Hubs that answer at once (astropy) need a pause between empty polls.
        if (list.length === 0) await pause(200, stop);
      }
    };
    void loop();
  }

  async close(): Promise<void> {
    this.#stop.abort();
    this.#stop = new AbortController();
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });
}

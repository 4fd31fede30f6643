/**
 * Prompt TCP acknowledgements for the Node.js transports, through the optional `@vo/quickack` addon (Linux
 * TCP_QUICKACK). Without it, a server that leaves Nagle's algorithm on and writes a response head and body in
 * two writes (Twisted, hence GAVO DaCHS) holds the body until the client acknowledges the head, which the
 * client's kernel delays by up to 40 ms on a kept-alive connection: small requests then take 40 ms instead of
 * one or two. Chosen by the `#prompt-acks` package import (condition `node`); elsewhere nothing is done.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { Socket } from "node:net";

/** The part of `@vo/quickack` used here (typed locally: the package is optional). */
interface QuickAck {
  ackPromptly(socket: Socket): boolean;
}

let loading: Promise<QuickAck | undefined> | undefined;
/** The addon once loaded (`null`: not installed). */
let loaded: QuickAck | null | undefined;

/**
 * The optional package, named through a variable so that bundlers neither fail on it when it is not installed
 * nor try to inline its native addon: it is found in node_modules at run time, or not at all.
 */
const QUICKACK_PACKAGE = "@vo/quickack";

/** Loads `@vo/quickack` once; `undefined` when it is not installed. */
function loadQuickAck(): Promise<QuickAck | undefined> {
  return (loading ??= (import(/* @vite-ignore */ /* webpackIgnore: true */ QUICKACK_PACKAGE) as Promise<QuickAck>).then(
    (m): QuickAck => (loaded = m),
    () => {
      loaded = null;
      return undefined;
    },
  ));
}

/** Makes a socket acknowledge promptly (at once when the addon is loaded, else once it is; never throws). */
export function ackPromptly(socket: Socket): void {
  if (loaded) loaded.ackPromptly(socket);
  else if (loaded === undefined) void loadQuickAck().then((quickAck) => quickAck?.ackPromptly(socket));
}

/** Published by undici (Node's fetch included) for every request it sends, with the socket it goes on. */
const SEND_HEADERS = "undici:client:sendHeaders";
let holders = 0;

function onSendHeaders(message: unknown): void {
  const socket = (message as { socket?: Socket } | undefined)?.socket;
  if (socket) ackPromptly(socket);
}

/**
 * While held, every connection undici sends a request on in this process acknowledges promptly (from then on):
 * the only way to reach the sockets of Node's `fetch`, whose connection pool is the process's (undici publishes
 * each request with its socket on the `undici:client:sendHeaders` diagnostics channel). Returns the release;
 * holds are counted.
 */
export function holdPromptAcks(): () => void {
  if (holders++ === 0) subscribe(SEND_HEADERS, onSendHeaders);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) unsubscribe(SEND_HEADERS, onSendHeaders);
  };
}

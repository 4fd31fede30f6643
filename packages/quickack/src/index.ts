/**
 * Prompt TCP acknowledgements for Node.js sockets on Linux.
 *
 * Why: a server that leaves Nagle's algorithm on and writes a response in two pieces (head, then body; Twisted
 * and so GAVO DaCHS do) sends the second piece only when the first is acknowledged. A client that reuses a
 * connection has, in the kernel's eyes, an interactive ("ping-pong") conversation, so it delays that ACK by up
 * to 40 ms: every small request on a kept-alive connection takes 40 ms instead of one. `TCP_QUICKACK` leaves
 * that mode; Node.js has no API for it, hence this small native addon (`src/quickack.c`, Node-API).
 *
 * @example
 * import { ackPromptly, quickAckSupport } from "@vo/quickack";
 * socket.on("connect", () => ackPromptly(socket));
 * if (!quickAckSupport.available) console.warn(quickAckSupport.reason);
 */
import { createRequire } from "node:module";
import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";

/** Whether prompt acknowledgements work in this process, and why not when they do not. */
export interface QuickAckSupport {
  /** True when the native addon is loaded and sets TCP_QUICKACK. */
  readonly available: boolean;
  /** Why not, when `available` is false (platform, missing binary, load error). */
  readonly reason: string | undefined;
  /** The path of the loaded addon, when one is. */
  readonly binary: string | undefined;
}

interface Binding {
  setQuickAck(fd: number): boolean;
}

/** Where the addon may be: the binary shipped for this platform, then a local `node-gyp` build. */
const CANDIDATES = [`../prebuilds/${process.platform}-${process.arch}/quickack.node`, "../build/Release/quickack.node"];

function load(): { binding: Binding | undefined; support: QuickAckSupport } {
  if (process.platform !== "linux") {
    return { binding: undefined, support: { available: false, reason: `TCP_QUICKACK exists on Linux only (this is ${process.platform})`, binary: undefined } };
  }
  const require = createRequire(import.meta.url);
  const errors: string[] = [];
  for (const candidate of CANDIDATES) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    try {
      const binding = require(path) as Partial<Binding>;
      if (typeof binding.setQuickAck === "function") {
        return { binding: binding as Binding, support: { available: true, reason: undefined, binary: path } };
      }
      errors.push(`${path}: no setQuickAck function`);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== "MODULE_NOT_FOUND") errors.push(`${path}: ${(error as Error).message}`);
    }
  }
  const detail = errors.length > 0 ? errors.join("; ") : `no quickack.node for linux-${process.arch}`;
  return {
    binding: undefined,
    support: { available: false, reason: `${detail} (build it with \`npm run build:native\` in @vo/quickack: needs python3, make and a C compiler)`, binary: undefined },
  };
}

const loaded = load();

/** Whether {@link ackPromptly} works here (Linux with the addon loaded), and why not otherwise. */
export const quickAckSupport: QuickAckSupport = Object.freeze(loaded.support);

/** The file descriptor behind a net or TLS socket (`undefined` once closed, or for a socket without one). */
function fdOf(socket: Socket): number | undefined {
  const fd = (socket as unknown as { _handle?: { fd?: unknown } | null })._handle?.fd;
  return typeof fd === "number" && fd >= 0 ? fd : undefined;
}

/**
 * Sets TCP_QUICKACK once on a connected socket: a delayed ACK still pending goes out now. The kernel falls back
 * into delayed ACKs at the connection's next exchange; {@link ackPromptly} keeps a socket acknowledging.
 * Returns false where that is not possible (see {@link quickAckSupport}), or for a closed socket.
 */
export function setQuickAck(socket: Socket): boolean {
  const fd = fdOf(socket);
  return loaded.binding !== undefined && fd !== undefined && loaded.binding.setQuickAck(fd);
}

const prompt = new WeakSet<Socket>();

/**
 * Makes a socket acknowledge the data it receives at once, for its whole life: each time data is ready to be
 * read ('readable'), it sets TCP_QUICKACK, so the kernel leaves its delayed-ACK mode and sends the pending ACK
 * (one system call per read). Meant for sockets that are read through 'readable' (undici's, hence Node's fetch):
 * a socket already flowing (read through 'data' events) is left alone, because a 'readable' listener would pause
 * it. Idempotent. Returns whether the socket now acknowledges promptly.
 */
export function ackPromptly(socket: Socket): boolean {
  const binding = loaded.binding;
  if (binding === undefined || socket.destroyed) return false;
  if (prompt.has(socket)) return true;
  if (socket.readableFlowing === true) return false;
  prompt.add(socket);
  socket.prependListener("readable", () => {
    const fd = fdOf(socket);
    if (fd !== undefined) binding.setQuickAck(fd);
  });
  return true;
}

#!/usr/bin/env node
/**
 * `vo-samp-hub --lockfile PATH [--port N] [--web [--web-port N] [--web-consent ask|accept|refuse]]`:
 * runs a SAMP hub in the foreground until SIGTERM or SIGINT, then stops it
 * cleanly (clients get samp.hub.event.shutdown) and removes the lockfile.
 * Logs events to stderr, never secrets or private keys.
 */
import { parseArgs } from "node:util";
import { createInterface } from "node:readline/promises";
import { startHub } from "../hub/hub.node.js";
import type { WebRegistrationRequest } from "../hub/hub.node.js";
import { VERSION } from "../version.js";

const usage = `usage: vo-samp-hub [--lockfile PATH] [--host ADDR] [--port N] [--web] [--web-port N] [--web-consent ask|accept|refuse] [--quiet]
  --lockfile     where to write the lockfile (default: SAMP_HUB's std-lockurl:file: path, else ~/.samp)
  --web          also serve the SAMP Web Profile (default port 21012)
  --web-consent  how Web Profile registrations are approved: ask on this terminal (the default when
                 stdin is a terminal), accept every one (tests only), or refuse every one (otherwise)`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        lockfile: { type: "string" },
        host: { type: "string" },
        port: { type: "string" },
        web: { type: "boolean", default: false },
        "web-port": { type: "string" },
        "web-consent": { type: "string" },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
        version: { type: "boolean", default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    console.error(`vo-samp-hub: ${(err as Error).message}\n${usage}`);
    return 2;
  }
  if (args.help) return (console.log(usage), 0);
  if (args.version) return (console.log(VERSION), 0);
  const consentMode = args["web-consent"] ?? (process.stdin.isTTY ? "ask" : "refuse");
  if (!["ask", "accept", "refuse"].includes(consentMode)) {
    console.error(`vo-samp-hub: --web-consent must be ask, accept or refuse\n${usage}`);
    return 2;
  }
  const log = args.quiet ? undefined : (line: string): void => console.error(`[vo-samp-hub] ${line}`);
  const ask = async (r: WebRegistrationRequest): Promise<boolean> => {
    if (consentMode === "accept") return true;
    if (consentMode === "refuse") return false;
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(`A web page (origin ${r.origin ?? "unknown"}) asks to register with this SAMP hub as "${r.name}". Allow? [y/N] `);
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  };
  const hub = await startHub({
    lockfile: args.lockfile,
    host: args.host,
    port: args.port !== undefined ? Number(args.port) : undefined,
    web: args.web ? { port: args["web-port"] !== undefined ? Number(args["web-port"]) : undefined } : false,
    consent: ask,
    log,
  });
  await new Promise<void>((resolve) => {
    process.once("SIGTERM", resolve);
    process.once("SIGINT", resolve);
  });
  await hub.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`vo-samp-hub: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);

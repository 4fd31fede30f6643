/**
 * Real SAMP peers for @vo/samp's integration tests: astropy's hub and test
 * clients (scripts/samp/peers.py), JSAMP's hub and tools (scripts/samp/jsamp.sh),
 * our own `vo-samp-hub`. Each test gets a private scratch directory, lockfile
 * and HOME, so nothing touches ~/.samp and tests can run beside other work.
 * Every wait is bounded; a missing peer fails the test (never a skip).
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PY = "/usr/bin/python3";
const PEERS_PY = join(REPO, "scripts", "samp", "peers.py");
const JSAMP_SH = join(REPO, "scripts", "samp", "jsamp.sh");

/** A private place for one test: scratch dir, HOME, lockfile and the environment that points every peer at it. */
export interface Scratch {
  readonly dir: string;
  readonly lockfile: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Makes a {@link Scratch}. */
export async function scratch(prefix = "vo-samp-integ-"): Promise<Scratch> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await mkdir(join(dir, "home"));
  const lockfile = join(dir, "samp.lock");
  return { dir, lockfile, env: { ...process.env, HOME: join(dir, "home"), SAMP_HUB: `std-lockurl:file://${lockfile}` } };
}

/** A running peer process. */
export interface Peer {
  readonly proc: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** The first `READY <value>` line's value, once printed. */
  readonly ready: string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<number | null>;
}

/** Starts `cmd args`, waiting (bounded) for a `READY x` line or for `readyFile` to exist. */
export async function startPeer(
  cmd: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; readyFile?: string; timeoutMs?: number; cwd?: string },
): Promise<Peer> {
  if (cmd.startsWith("/") && !existsSync(cmd)) throw new Error(`${cmd} is missing: run scripts/install-peers.sh`);
  const proc = spawn(cmd, args, { env: options.env, cwd: options.cwd ?? REPO, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  let spawnError: Error | undefined;
  proc.once("error", (e) => (spawnError = e));
  const end = Date.now() + (options.timeoutMs ?? 60_000);
  let ready = "";
  for (;;) {
    const m = /^READY (.*)$/m.exec(out);
    if (m) {
      ready = (m[1] as string).trim();
      break;
    }
    if (options.readyFile && existsSync(options.readyFile)) {
      const text = await readFile(options.readyFile, "utf8").catch(() => "");
      if (text.trim()) break;
    }
    if (spawnError || proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`${cmd} ${args.join(" ")} failed to start (${spawnError?.message ?? `exit ${proc.exitCode ?? proc.signalCode}`}):\n${out}`);
    }
    if (Date.now() > end) {
      proc.kill("SIGKILL");
      throw new Error(`${cmd} ${args.join(" ")} not ready after ${options.timeoutMs ?? 60_000} ms:\n${out}`);
    }
    await sleep(50);
  }
  return {
    proc,
    ready,
    output: () => out,
    stop: async (graceMs = 10_000) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      proc.kill("SIGTERM");
      const t = setTimeout(() => proc.kill("SIGKILL"), graceMs);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
}

/** astropy's hub (pyVO's since 1.9) on the scratch lockfile; `web` also serves the Web Profile on that port. */
export function astropyHub(s: Scratch, options: { web?: number } = {}): Promise<Peer> {
  return startPeer(PY, [PEERS_PY, "hub", s.lockfile, ...(options.web ? ["--web", String(options.web)] : [])], { env: s.env });
}

/** JSAMP's hub on the scratch lockfile; `web` also serves the Web Profile on 21012, approving every page. */
export function jsampHub(s: Scratch, options: { web?: boolean } = {}): Promise<Peer> {
  return startPeer(JSAMP_SH, ["hub", s.lockfile, ...(options.web ? ["web"] : [])], { env: s.env, readyFile: s.lockfile });
}

/** Our own hub, through the package's bin as a user would run it. */
export function voHub(s: Scratch, extra: string[] = []): Promise<Peer> {
  return startPeer(join(REPO, "node_modules", ".bin", "vo-samp-hub"), ["--lockfile", s.lockfile, ...extra], { env: s.env, readyFile: s.lockfile });
}

/** The recording receiver (astropy client): one JSON line per message in `out`. */
export function recorder(s: Scratch, out: string, options: { name?: string; reply?: string; fetch?: boolean } = {}): Promise<Peer> {
  const args = [PEERS_PY, "recorder", out, "--name", options.name ?? "recorder"];
  if (options.reply) args.push("--reply", options.reply);
  if (options.fetch) args.push("--fetch");
  return startPeer(PY, args, { env: s.env });
}

/** What the one-shot sender printed, and its exit code. */
export interface SendResult {
  readonly code: number | null;
  readonly json: { [key: string]: unknown };
  readonly output: string;
}

/** Sends once with the astropy sender (`to` a samp.name, or all subscribed when undefined). */
export async function send(
  s: Scratch,
  options: { to?: string; mtype: string; params?: { [key: string]: string }; mode?: "call" | "notify"; timeout?: number },
): Promise<SendResult> {
  const args = [PEERS_PY, "send", ...(options.to ? ["--to", options.to] : ["--all"]), "--mtype", options.mtype, "--mode", options.mode ?? "call"];
  for (const [k, v] of Object.entries(options.params ?? {})) args.push("--param", k, v);
  if (options.timeout) args.push("--timeout", String(options.timeout));
  const proc = spawn(PY, args, { env: s.env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const t = setTimeout(() => proc.kill("SIGKILL"), ((options.timeout ?? 10) + 30) * 1000);
  const code = await new Promise<number | null>((resolve) => proc.once("exit", resolve));
  clearTimeout(t);
  const line = out.split("\n").reverse().find((l) => l.startsWith("{"));
  return { code, json: line ? (JSON.parse(line) as { [key: string]: unknown }) : {}, output: out };
}

/** One line of the recorder's file. */
export interface Recorded {
  readonly kind: "call" | "notification";
  readonly mtype: string;
  readonly params: { [key: string]: unknown };
  readonly sender: string;
  readonly sender_name: string | null;
  readonly msg_id: string | null;
  readonly extra: { [key: string]: unknown };
  readonly table?: { columns: { name: string; unit: string | null; ucd: string | null }[]; rows: unknown[][] };
  readonly table_error?: string;
}

/** The recorder's lines so far. */
export async function recorded(path: string): Promise<Recorded[]> {
  const text = await readFile(path, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Recorded);
}

/** Waits (bounded) until the recorder has a line matching `pred`. */
export async function untilRecorded(path: string, pred: (r: Recorded) => boolean, ms = 20_000): Promise<Recorded> {
  const end = Date.now() + ms;
  for (;;) {
    const hit = (await recorded(path)).find(pred);
    if (hit) return hit;
    if (Date.now() > end) throw new Error(`the recorder got no matching message in ${ms} ms: ${JSON.stringify(await recorded(path))}`);
    await sleep(100);
  }
}

/** Waits (bounded) until `check` holds. */
export async function until(check: () => boolean | Promise<boolean>, ms = 20_000, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what} not met within ${ms} ms`);
    await sleep(50);
  }
}

/** Runs a command to completion (bounded), returning its exit code and output. */
export async function run(cmd: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number; cwd?: string }): Promise<{ code: number | null; output: string }> {
  const proc = spawn(cmd, args, { env: options.env ?? process.env, cwd: options.cwd ?? REPO, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const t = setTimeout(() => proc.kill("SIGKILL"), options.timeoutMs);
  const code = await new Promise<number | null>((resolve) => {
    proc.once("exit", resolve);
    proc.once("error", (e) => ((out += String(e)), resolve(127)));
  });
  clearTimeout(t);
  return { code, output: out };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A virtual X display. */
export interface Display {
  /** `:N`, for `DISPLAY`. */
  readonly name: string;
  stop(): Promise<void>;
}

/** Starts Xvfb on a free display number (it picks one and reports it on fd 3). */
export async function xvfb(): Promise<Display> {
  if (!existsSync("/usr/bin/Xvfb")) throw new Error("/usr/bin/Xvfb is missing: run scripts/install-peers.sh (Debian package xvfb)");
  const proc = spawn("/usr/bin/Xvfb", ["-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp"], { stdio: ["ignore", "ignore", "pipe", "pipe"] });
  let err = "";
  proc.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const fd3 = proc.stdio[3] as NodeJS.ReadableStream;
  const number = await new Promise<string>((resolve, reject) => {
    let got = "";
    const t = setTimeout(() => (proc.kill("SIGKILL"), reject(new Error(`Xvfb did not start in 20 s: ${err}`))), 20_000);
    fd3.on("data", (d: Buffer) => {
      got += d.toString();
      if (got.includes("\n")) {
        clearTimeout(t);
        resolve(got.trim());
      }
    });
    proc.once("exit", (code) => (clearTimeout(t), reject(new Error(`Xvfb exited (${code}): ${err}`))));
  });
  return {
    name: `:${number}`,
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await Promise.race([exited, sleep(5000)]);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    },
  };
}

/**
 * TOPCAT (`topcat -samp -nohub`) on `display`, finding the hub through the scratch lockfile.
 * `/usr/bin/topcat` is a shell wrapper around java: it runs in its own process group, which stop() ends.
 */
export function topcat(s: Scratch, display: Display): { proc: ChildProcess; output(): string; stop(): Promise<void> } {
  if (!existsSync("/usr/bin/topcat")) throw new Error("/usr/bin/topcat is missing: run scripts/install-peers.sh (Debian package topcat)");
  const proc = spawn("/usr/bin/topcat", ["-samp", "-nohub"], { env: { ...s.env, DISPLAY: display.name }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const group = proc.pid as number;
  const exited = new Promise((r) => proc.once("exit", r));
  return {
    proc,
    output: () => out,
    stop: async () => {
      try {
        process.kill(-group, "SIGTERM");
      } catch {
        return; // already gone
      }
      await Promise.race([exited, sleep(10_000)]);
      try {
        process.kill(-group, "SIGKILL");
      } catch {
        // ended
      }
    },
  };
}

/** A PNG screenshot of `display` (Pillow's ImageGrab). */
export async function screenshot(display: Display, out: string): Promise<void> {
  const r = await run(PY, [PEERS_PY, "shot", display.name, out], { timeoutMs: 30_000 });
  if (r.code !== 0) throw new Error(`screenshot failed: ${r.output}`);
}

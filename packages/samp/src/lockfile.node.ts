/**
 * The Standard Profile lockfile (SAMP 1.3 §4.2): where it is, how it reads, how a hub writes it.
 */
import { readFile, writeFile, rename, unlink } from "node:fs/promises";
import { homedir } from "node:os";
import { join, dirname, basename } from "node:path";
import { fileURLToPath } from "node:url";
import { DALFormatError } from "@vo/core";
import { SAMPHubError } from "./errors.js";

/** The lockfile's keys; the three `samp.*` ones are required, hubs add others. */
export interface LockInfo {
  readonly "samp.secret": string;
  readonly "samp.hub.xmlrpc.url": string;
  readonly "samp.profile.version": string;
  readonly [key: string]: string;
}

/**
 * Where the Standard Profile hub's lockfile is: `SAMP_HUB=std-lockurl:<url>` when set,
 * else `~/.samp` (`%USERPROFILE%\.samp` on Windows). Returns a path or an `http(s):` URL.
 * @throws {SAMPHubError} `VO_ERR_SAMP_NO_HUB` for a `SAMP_HUB` form other than `std-lockurl:`.
 */
export function lockfileLocation(env: { readonly [k: string]: string | undefined } = process.env): string {
  const hub = env["SAMP_HUB"];
  if (hub !== undefined && hub !== "") {
    if (!hub.startsWith("std-lockurl:")) {
      throw new SAMPHubError(`SAMP_HUB=${hub}: only the std-lockurl: form is supported`, { code: "VO_ERR_SAMP_NO_HUB" });
    }
    const url = hub.slice("std-lockurl:".length);
    return url.startsWith("file:") ? fileURLToPath(url) : url;
  }
  const home = process.platform === "win32" ? (env["USERPROFILE"] ?? homedir()) : (env["HOME"] ?? homedir());
  return join(home, ".samp");
}

/**
 * Parses lockfile text: `#` comments, blank lines, `name=value` lines.
 * @throws {DALFormatError} when a line is not of that form or a required key is missing.
 */
export function parseLockfile(text: string, where?: string): LockInfo {
  const out: { [k: string]: string } = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === "" || line.startsWith("#")) continue;
    const m = /^([A-Za-z0-9._-]+)=(.*)$/.exec(line);
    if (!m) throw new DALFormatError(`SAMP lockfile line is not name=value: ${JSON.stringify(line.slice(0, 80))}`, { url: where, standard: "SAMP 1.3", location: { line: i + 1 } });
    out[m[1] as string] = m[2] as string;
  }
  for (const key of ["samp.secret", "samp.hub.xmlrpc.url", "samp.profile.version"]) {
    if (!out[key]) throw new DALFormatError(`SAMP lockfile has no ${key}`, { url: where, standard: "SAMP 1.3" });
  }
  return out as LockInfo;
}

/**
 * Reads the lockfile at `location` (a path or URL; default {@link lockfileLocation}).
 * @throws {SAMPHubError} `VO_ERR_SAMP_NO_HUB` when there is none (no hub running) or it is unreadable.
 */
export async function readLockfile(location: string = lockfileLocation()): Promise<LockInfo & { readonly location: string }> {
  let text: string;
  try {
    if (/^https?:/.test(location)) {
      const res = await fetch(location, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      text = await res.text();
    } else {
      text = await readFile(location.startsWith("file:") ? fileURLToPath(location) : location, "utf8");
    }
  } catch (err) {
    const missing = (err as { code?: string }).code === "ENOENT";
    throw new SAMPHubError(missing ? `no SAMP hub is running: there is no lockfile at ${location}` : `cannot read the SAMP lockfile ${location}: ${(err as Error).message}`, {
      code: "VO_ERR_SAMP_NO_HUB",
      lockfile: location,
      cause: err,
    });
  }
  let info: LockInfo;
  try {
    info = parseLockfile(text, location);
  } catch (err) {
    throw new SAMPHubError(`the SAMP lockfile ${location} is not valid: ${(err as Error).message}`, { code: "VO_ERR_SAMP_NO_HUB", lockfile: location, cause: err });
  }
  return { ...info, location };
}

/** Writes a lockfile with mode 0600, atomically (write a sibling, then rename). @internal */
export async function writeLockfile(path: string, entries: { readonly [key: string]: string }): Promise<void> {
  const lines = [`# SAMP lockfile written by @vo/samp on ${new Date().toISOString()}`, "# Standard Profile required keys"];
  for (const [k, v] of Object.entries(entries)) lines.push(`${k}=${v}`);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  await writeFile(tmp, lines.join("\n") + "\n", { mode: 0o600, flag: "wx" });
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

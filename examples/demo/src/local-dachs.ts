/**
 * The local GAVO DaCHS test bed: where it is, whether it answers, and bringing
 * it up with `scripts/start-dachs.sh` when it does not.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Availability, TAPService } from "@vo/protocol-tap";

/** The repository root (this file is in examples/demo/src or examples/demo/dist). */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The local DaCHS server base: `$VO_DACHS_URL`, default http://localhost:8080. */
export function localDachsBase(env: NodeJS.ProcessEnv = process.env): string {
  return (env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "").replace(/\/tap$/, "");
}

/** The local DaCHS TAP service URL: `<base>/tap`. */
export function localTapUrl(env: NodeJS.ProcessEnv = process.env): string {
  return `${localDachsBase(env)}/tap`;
}

/** The service's VOSI availability, or the reason it could not be read (within `timeoutMs`). */
export async function probeAvailability(service: TAPService, timeoutMs = 5000): Promise<Availability | { error: unknown }> {
  try {
    return await service.availability({ signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return { error };
  }
}

/**
 * Runs `bash scripts/start-dachs.sh` (idempotent; installs and imports the
 * first time, which takes minutes), passing each output line to `print`.
 * Resolves with the script's exit code.
 */
export function startLocalDachs(print: (line: string) => void, base = localDachsBase()): Promise<number> {
  const port = new URL(base).port || "80";
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["scripts/start-dachs.sh"], {
      cwd: REPO_ROOT,
      env: { ...process.env, VO_DACHS_PORT: port },
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => print(line));
    }
    child.on("error", reject);
    child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

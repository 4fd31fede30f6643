#!/usr/bin/env node
/**
 * `node examples/tap-async/dist/index.js [tap-url]`: runs the sample batch of
 * async jobs ({@link SAMPLE_QUERIES}) against the local DaCHS (or the given TAP
 * service). Exits 0 when every job ended as the service decided (COMPLETED, or
 * ERROR with the service's message), 1 on trouble talking to the service.
 */
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { DALQueryError, VOError } from "@vo/core";
import { defaultTapUrl, runTapAsync } from "./tap-async.js";

export * from "./tap-async.js";

/** Runs the example from the command line; resolves with the exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  if (argv.includes("-h") || argv.includes("--help")) {
    console.log("usage: node examples/tap-async/dist/index.js [tap-url]   (default $VO_DACHS_URL/tap or http://localhost:8080/tap)");
    return 0;
  }
  const url = argv[0] ?? defaultTapUrl();
  try {
    const { outcomes, deleteErrors } = await runTapAsync({ url });
    const trouble = outcomes.some((o) => !o.ok && !(o.error instanceof DALQueryError)) || deleteErrors.length > 0;
    return trouble ? 1 : 0;
  } catch (err) {
    console.error(err instanceof VOError ? `error ${err.code ?? err.name}: ${err.message}` : `error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

/** True when this module is the program node was started with. */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return pathToFileURL(realpathSync(entry)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = await main();

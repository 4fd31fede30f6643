/**
 * `npm run demo [-- <tap-url>]` (scripts/demo.mjs runs {@link main}): the
 * main job of the repository, a TAP session through @vo told step by step.
 */
import { describeError } from "./report.js";
import { runDemo } from "./demo.js";

export { runDemo } from "./demo.js";
export type { DemoOptions, DemoResult } from "./demo.js";
export { formatTable, formatCell } from "./text-table.js";
export type { TextTableOptions } from "./text-table.js";
export { summariseCapabilities, capabilityLines } from "./capabilities-summary.js";
export { followAsyncJob } from "./async-trace.js";
export { localTapUrl, startLocalDachs } from "./local-dachs.js";

const USAGE = `usage: npm run demo [-- <tap-url>]

Without a URL: runs a TAP session on the local GAVO DaCHS ($VO_DACHS_URL/tap,
default http://localhost:8080/tap), starting it with scripts/start-dachs.sh
when it does not answer: capabilities, a sync query, an async job followed
through its phases, an upload join, and the time each took.

With a URL: the same kind of session with queries that work on any TAP service.`;

/** Runs the demo from the command line; resolves with the exit code (0 ok, 1 failed, 2 usage). */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  if (argv.includes("-h") || argv.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  if (argv.length > 1 || (argv[0] !== undefined && !/^https?:\/\//i.test(argv[0]))) {
    console.error(`demo: expected at most one http(s) TAP URL, got ${argv.join(" ")}\n\n${USAGE}`);
    return 2;
  }
  const result = await runDemo({ url: argv[0] });
  if (result.ok) return 0;
  console.error(`\ndemo failed on ${result.url}: ${describeError(result.error)}`);
  return 1;
}

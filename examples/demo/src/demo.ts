/**
 * The main job: a real TAP session through @vo, told step by step. Without a
 * URL it runs on the local DaCHS (brought up with scripts/start-dachs.sh when
 * it does not answer) and its sample catalogue; with one, it runs generic
 * queries against that service.
 */
import { createClient, DALServiceError } from "@vo/core";
import type { VOWarning } from "@vo/core";
import { tap } from "@vo/protocol-tap";
import type { TAPService } from "@vo/protocol-tap";
import { genericSession } from "./generic-session.js";
import { localDachsBase, localTapUrl, probeAvailability, startLocalDachs } from "./local-dachs.js";
import { describeError, Report } from "./report.js";
import type { StepTiming } from "./report.js";
import { sampleSession } from "./sample-session.js";
import { truncate } from "./text-table.js";
import type { SessionOptions } from "./sample-session.js";

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** A TAP service to query; default the local DaCHS (`$VO_DACHS_URL/tap`, http://localhost:8080/tap). */
  url?: string | undefined;
  /** Where the narration goes; default `console.log`. */
  print?: ((line: string) => void) | undefined;
  /** Start the local DaCHS when it does not answer (default true; only without `url`). */
  startDachs?: boolean | undefined;
  /** The widest a table line may be (default: the terminal's width, at most 160, else 120). */
  maxWidth?: number | undefined;
  /** How long an async job may take, in ms (default 120 000). */
  jobTimeout?: number | undefined;
}

/** How the demo went. */
export interface DemoResult {
  /** True when every step succeeded. */
  readonly ok: boolean;
  /** The TAP service used. */
  readonly url: string;
  /** Each step run, in order, with its duration. */
  readonly steps: readonly StepTiming[];
  /** The error that stopped it, when `ok` is false. */
  readonly error?: unknown;
}

/** Makes sure the local DaCHS answers, starting it when allowed. */
async function localDachsStep(service: TAPService, report: Report, start: boolean): Promise<void> {
  const base = localDachsBase();
  let status = await probeAvailability(service);
  if ("error" in status || !status.available) {
    const why = "error" in status ? describeError(status.error) : "it says it is not available";
    if (!start) throw new DALServiceError(`DaCHS does not answer at ${service.baseUrl} (${why})`, { url: service.baseUrl });
    report.detail(`DaCHS does not answer at ${base} (${why}).`);
    report.detail("Starting it with bash scripts/start-dachs.sh (the first time installs and imports: minutes)…");
    const code = await startLocalDachs((line) => report.detail(`│ ${line}`), base);
    if (code !== 0) throw new DALServiceError(`scripts/start-dachs.sh failed (exit ${code}); see its output above`, { url: service.baseUrl });
    status = await probeAvailability(service, 15_000);
    if ("error" in status) throw status.error;
    if (!status.available) throw new DALServiceError(`DaCHS at ${base} says it is not available`, { url: service.baseUrl });
  }
  const since = status.upSince ? `, up since ${status.upSince.toISOString().replace(".000", "")}` : "";
  report.detail(`DaCHS answers at ${service.baseUrl}: available${since}`);
}

/** Reads VOSI availability of any service; services without it are not refused (it is optional in TAP 1.1). */
async function availabilityStep(service: TAPService, report: Report): Promise<void> {
  const status = await probeAvailability(service, 15_000);
  if ("error" in status) {
    // No answer at all (refused, DNS, timeout): nothing else will work either.
    if (!(status.error instanceof DALServiceError) || status.error.status === undefined) throw status.error;
    report.detail(`no VOSI availability (${truncate(describeError(status.error), 100)}); going on`);
    return;
  }
  const since = status.upSince ? `, up since ${status.upSince.toISOString().replace(".000", "")}` : "";
  report.detail(`${status.available ? "available" : "NOT available"}${since}${status.notes.length ? ` — ${status.notes.join("; ")}` : ""}`);
  if (!status.available) throw new DALServiceError(`${service.baseUrl} says it is not available`, { url: service.baseUrl });
}

/**
 * Runs the demo session and narrates it through `print`. Never throws: a
 * failing step ends the session, is reported in the narration, and comes back
 * as `error`.
 * @example
 * const { ok, error } = await runDemo({ url: "https://dc.g-vo.org/tap" });
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const print = options.print ?? ((line: string) => console.log(line));
  const local = options.url === undefined;
  const url = options.url ?? localTapUrl();
  const report = new Report(print);
  const width = process.stdout.isTTY ? Math.min(160, process.stdout.columns) : 120;
  const session: SessionOptions = { maxWidth: options.maxWidth ?? width, jobTimeout: options.jobTimeout ?? 120_000 };
  const onWarning = (w: VOWarning): void => {
    // Overflows are reported with their results.
    if (w.code !== "VO_WARN_OVERFLOW") report.detail(`note (${w.code}): ${w.message}`);
  };

  report.say(`@vo demo — a TAP session with ${url}${local ? " (the local GAVO DaCHS and its sample data)" : ""}`);
  report.say(`${new Date().toISOString().replace(/\.\d+Z$/, "Z")}, Node.js ${process.versions.node}`);
  const client = createClient({ plugins: [tap()] as const, onWarning });
  let error: unknown;
  try {
    const service = client.service("tap", url);
    if (local) {
      await report.step("Local DaCHS up? (VOSI availability; scripts/start-dachs.sh if not)", () => localDachsStep(service, report, options.startDachs ?? true));
      await sampleSession(service, report, session);
    } else {
      await report.step("Is the service up? (VOSI availability)", () => availabilityStep(service, report));
      await genericSession(service, report, session);
    }
  } catch (err) {
    error = err;
  } finally {
    await client.close();
  }
  report.timings();
  return error === undefined ? { ok: true, url, steps: report.steps } : { ok: false, url, steps: report.steps, error };
}

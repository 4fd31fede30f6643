/**
 * An async TAP job followed step by step: created, started, each phase change
 * with its time, the server's own times, the result, and the deletion.
 */
import type { ResultSet } from "@vo/core";
import type { AsyncJob, TAPService, Uploads } from "@vo/protocol-tap";
import { describeError, formatMs } from "./report.js";
import type { Report } from "./report.js";

/** Options of {@link followAsyncJob}. */
export interface FollowOptions {
  /** MAXREC of the job. */
  maxrec?: number | undefined;
  /** RUNID of the job. */
  runId?: string | undefined;
  /** How long to wait for the job, in ms (default 120 000). */
  timeout?: number | undefined;
  /** Uploads, as for `submitJob`. */
  uploads?: Uploads | undefined;
}

/** A time of day in UTC with milliseconds: "17:58:01.123Z". */
export function clock(date: Date): string {
  return `${date.toISOString().slice(11, 23)}Z`;
}

/** The server's times of a finished job, as one line. */
function serverTimes(job: AsyncJob): string {
  const parts: string[] = [];
  const time = (d: Date): string => (d.getUTCMilliseconds() === 0 ? `${d.toISOString().slice(11, 19)}Z` : clock(d));
  if (job.creationTime) parts.push(`created ${time(job.creationTime)}`);
  if (job.startTime) parts.push(`started ${time(job.startTime)}`);
  if (job.endTime) parts.push(`ended ${time(job.endTime)}`);
  if (job.startTime && job.endTime) {
    const ms = job.endTime.getTime() - job.startTime.getTime();
    const wholeSeconds = job.startTime.getUTCMilliseconds() === 0 && job.endTime.getUTCMilliseconds() === 0;
    parts.push(`ran ${wholeSeconds ? (ms === 0 ? "< 1 s" : `${ms / 1000} s`) : formatMs(ms)}`);
  }
  if (job.destruction) parts.push(`would be destroyed ${job.destruction.toISOString().slice(0, 16)}Z`);
  return parts.length ? parts.join(", ") : "no times given";
}

/**
 * Submits `query` as an async job, starts it, waits for it while printing
 * every phase change (UTC time and time since submission), fetches the
 * result and deletes the job, also when something fails.
 * @throws {DALQueryError} when the job ends in ERROR or ABORTED; whatever the service calls throw.
 */
export async function followAsyncJob(service: TAPService, query: string, report: Report, options: FollowOptions = {}): Promise<ResultSet> {
  const t0 = performance.now();
  const stamp = (text: string): void =>
    report.detail(`${clock(new Date())}  +${((performance.now() - t0) / 1000).toFixed(2).padStart(6)} s  ${text}`);
  const job = await service.submitJob(query, { maxrec: options.maxrec, runId: options.runId, uploads: options.uploads });
  stamp(`job ${job.jobId} created, phase ${job.phase}`);
  report.detail(`${" ".repeat(25)}${job.url}`);
  try {
    await job.run();
    stamp(`PHASE=RUN sent`);
    await job.wait({ timeout: options.timeout ?? 120_000, onPhase: (phase) => stamp(`phase ${phase}`) });
    await job.raiseIfError();
    report.detail(`server: ${serverTimes(job)}`);
    const rs = await job.fetchResult();
    stamp(`result fetched: ${rs.length} row${rs.length === 1 ? "" : "s"}${rs.overflow ? ` (${rs.overflow.message})` : ""}`);
    return rs;
  } finally {
    try {
      await job.delete();
      stamp(`job ${job.jobId} deleted`);
    } catch (err) {
      stamp(`could not delete job ${job.jobId}: ${describeError(err)}`);
    }
  }
}

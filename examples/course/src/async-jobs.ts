/**
 * Course section "Asynchronous queries" — several async jobs at once, polled
 * in one loop until each has finished, each result handled as it arrives,
 * every job deleted at the end.
 *
 * Difference from pyVO: `job.phase` is the phase *last read* (pyVO's property
 * silently makes a request each time). A polling loop asks the server with
 * `await job.fetchPhase()`; a loop over `job.phase` alone would never end.
 * (For one job, `await job.wait()` does the polling with back-off.)
 */
import { createClient } from "@vo/core";
import { FINAL_PHASES, tap } from "@vo/protocol-tap";
import type { AsyncJob } from "@vo/protocol-tap";
import { check, runIfMain, services, sleep } from "./_course.js";
import type { CourseContext } from "./_course.js";

const QUERIES = {
  bright: "SELECT source_id, vmag FROM vo_sample.cat WHERE vmag < 12",
  variable: "SELECT source_id, vmag FROM vo_sample.cat WHERE variable = 'true'",
  broken: "SELECT nonsense FROM no_such_table",
} as const;

/** Runs the section against the local DaCHS. */
export async function main({ dachs, log, signal }: CourseContext): Promise<void> {
  const client = createClient({ plugins: [tap()] });
  const submitted: AsyncJob[] = [];
  try {
    const svc = client.service("tap", services(dachs).tap);
    const pending = new Map<AsyncJob, string>();
    for (const [label, query] of Object.entries(QUERIES)) {
      const job = await svc.submitJob(query, { signal });
      submitted.push(job);
      pending.set(job, label);
      await job.run({ signal });
    }

    // The course's loop: look at every unfinished job, handle the finished ones, sleep, repeat.
    const rows = new Map<string, number>();
    const failed = new Map<string, string>();
    while (pending.size > 0) {
      for (const [job, label] of pending) {
        const phase = await job.fetchPhase({ signal }); // one request; `job.phase` now says the same
        if (!FINAL_PHASES.includes(phase)) continue;
        pending.delete(job);
        if (phase === "COMPLETED") {
          const rs = await job.fetchResult({ signal });
          rows.set(label, rs.length);
          log(`${label}: ${rs.length} rows`);
        } else {
          await job.refresh({ signal }); // the error summary is in the job document
          failed.set(label, job.errorSummary?.message ?? phase);
          log(`${label}: ${phase} (${job.errorSummary?.message ?? "no message"})`);
        }
      }
      if (pending.size > 0) await sleep(300, signal);
    }

    check(rows.get("bright")! > 0, "the bright-star job has rows");
    check(rows.get("variable") === 211, "211 variable stars (scripts/dachs/services.json)");
    check(failed.has("broken"), "the broken query ends in ERROR with the service's message");
  } finally {
    for (const job of submitted) await job.dispose(); // deletes; never throws
    await client.close();
  }
}

runIfMain(import.meta.url, main);

/**
 * The async TAP pattern of the course, in TypeScript: submit several UWS jobs
 * at once, start them, collect them as they finish (whichever is first), print
 * each result or error as it arrives, and delete every job at the end, also
 * when something went wrong.
 */
import { createClient, fanOutIter, VOError } from "@vo/core";
import type { ResultSet } from "@vo/core";
import { tap } from "@vo/protocol-tap";
import type { AsyncJob, UWSPhase } from "@vo/protocol-tap";

/** One query of a batch. */
export interface AsyncQuery {
  /** A short name, printed with everything about the job. */
  readonly label: string;
  /** The ADQL query of the job. */
  readonly adql: string;
}

/** Where a job failed: creating it, starting it, the job itself (ERROR, ABORTED, timeout), or fetching its result. */
export type JobStage = "submit" | "run" | "job" | "result";

/** What happened to one job: its rows, or the error that ended it. */
export type JobOutcome = {
  readonly label: string;
  readonly adql: string;
  /** The UWS job id, when the service accepted the job. */
  readonly jobId: string | undefined;
  /** The phases seen while waiting, in order. */
  readonly phases: readonly UWSPhase[];
  /** Milliseconds from submission to result (or error). */
  readonly ms: number;
} & ({ readonly ok: true; readonly rows: number; readonly result: ResultSet } | { readonly ok: false; readonly stage: JobStage; readonly error: VOError });

/** Options of {@link runTapAsync}. */
export interface TapAsyncOptions {
  /** The TAP service's base URL. */
  url: string;
  /** The queries; default {@link SAMPLE_QUERIES}. */
  queries?: readonly AsyncQuery[] | undefined;
  /** Where the lines go; default `console.log`. */
  print?: ((line: string) => void) | undefined;
  /** How long each job may take, in ms (default 120 000). */
  timeout?: number | undefined;
  /** Aborting it stops waiting; the jobs are still deleted. */
  signal?: AbortSignal | undefined;
}

/** The result of {@link runTapAsync}. */
export interface TapAsyncSummary {
  /** One outcome per query, in the order the queries were given. */
  readonly outcomes: readonly JobOutcome[];
  /** The labels in the order their jobs finished. */
  readonly finishOrder: readonly string[];
  /** Jobs deleted at the end. */
  readonly deleted: number;
  /** Deletions the service refused. */
  readonly deleteErrors: readonly VOError[];
}

/** The sample catalogue of the local DaCHS test bed (scripts/dachs/services.json). */
const CATALOGUE = "vo_sample.cat";

/** A cone over the sample catalogue as ADQL. */
function cone(ra: number, dec: number, radiusDeg: number): string {
  return (
    `SELECT source_id, name, ra, dec, vmag FROM ${CATALOGUE} ` +
    `WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', ${ra}, ${dec}, ${radiusDeg})) ORDER BY vmag`
  );
}

/**
 * Four queries over the sample catalogue of the local DaCHS: two sky regions, a
 * magnitude range, and one with an ADQL typo (`FORM`) so the service's error
 * message shows.
 */
export const SAMPLE_QUERIES: readonly AsyncQuery[] = [
  { label: "M31 field, r=0.25°", adql: cone(10.6847, 41.269, 0.25) },
  { label: "Orion field, r=0.25°", adql: cone(83.8221, -5.3911, 0.25) },
  { label: "bright stars, V<10", adql: `SELECT source_id, name, ra, dec, vmag FROM ${CATALOGUE} WHERE vmag < 10 ORDER BY vmag` },
  { label: "broken ADQL", adql: `SELECT TOP 5 source_id, vmag FORM ${CATALOGUE}` },
];

/** The TAP URL of the local DaCHS: `$VO_DACHS_URL/tap`, default http://localhost:8080/tap. */
export function defaultTapUrl(env: NodeJS.ProcessEnv = process.env): string {
  const base = (env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");
  return base.endsWith("/tap") ? base : `${base}/tap`;
}

/** Any thrown value as a VOError (what @vo throws already is one). */
function asVOError(err: unknown): VOError {
  if (err instanceof VOError) return err;
  return new VOError(err instanceof Error ? err.message : String(err), { cause: err });
}

/** A value of a result cell, short. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(3);
  return String(value);
}

/** Indentation of the rows printed under a result. */
const INDENT = " ".repeat(12);

/** One job in flight: its query, its job, and what was seen so far. */
interface Running {
  readonly index: number;
  readonly query: AsyncQuery;
  readonly job: AsyncJob;
  readonly phases: UWSPhase[];
}

/**
 * Runs the queries as async jobs in parallel against a TAP service and prints,
 * as it happens: each submission, each phase change of each job, each result
 * (row count and the first rows) or error (code and the service's message) as
 * soon as its job finishes, and the deletions at the end. A failing job never
 * stops the others; every job that was created is deleted (`finally`).
 * @throws only when creating the client fails or `signal` aborts; job failures are outcomes.
 * @example
 * const { outcomes } = await runTapAsync({ url: "http://localhost:8080/tap" });
 * for (const o of outcomes) console.log(o.label, o.ok ? o.rows : o.error.code);
 */
export async function runTapAsync(options: TapAsyncOptions): Promise<TapAsyncSummary> {
  const print = options.print ?? ((line: string) => console.log(line));
  const queries = options.queries ?? SAMPLE_QUERIES;
  const timeout = options.timeout ?? 120_000;
  const signal = options.signal;
  const t0 = performance.now();
  const since = (): string => `+${((performance.now() - t0) / 1000).toFixed(2)}s`;
  const width = Math.max(...queries.map((q) => q.label.length));
  const tag = (q: AsyncQuery): string => `[${q.label.padEnd(width)}]`;

  const client = createClient({ plugins: [tap()] as const, onWarning: (w) => print(`${since()} note: ${w.message}`) });
  const service = client.service("tap", options.url);
  const outcomes: JobOutcome[] = [];
  const finishOrder: string[] = [];
  const jobs: AsyncJob[] = [];
  const fail = (query: AsyncQuery, index: number, job: AsyncJob | undefined, stage: JobStage, err: unknown, phases: readonly UWSPhase[] = []): void => {
    const error = asVOError(err);
    outcomes[index] = { label: query.label, adql: query.adql, jobId: job?.jobId, phases, ms: performance.now() - t0, ok: false, stage, error };
    finishOrder.push(query.label);
    const where = stage === "job" && job ? `job ${job.jobId} ${job.phase}` : `${job ? `job ${job.jobId} ` : ""}failed at ${stage}`;
    print(`${since()} ✘ ${tag(query)} ${where}: ${error.code ?? error.name}: ${error.message}`);
  };

  print(`${since()} ${queries.length} async jobs on ${options.url}`);
  let deleted = 0;
  const deleteErrors: VOError[] = [];
  try {
    // 1. Submit every job at once; each is created PENDING.
    const submitted = await Promise.allSettled(queries.map((q) => service.submitJob(q.adql, { runId: `tap-async ${q.label}`, signal })));
    const running: Running[] = [];
    submitted.forEach((s, index) => {
      const query = queries[index]!;
      if (s.status === "rejected") return fail(query, index, undefined, "submit", s.reason);
      jobs.push(s.value);
      running.push({ index, query, job: s.value, phases: [] });
      print(`${since()}   ${tag(query)} submitted: job ${s.value.jobId} ${s.value.phase}`);
    });
    signal?.throwIfAborted();

    // 2. Start them all (POST PHASE=RUN).
    const started = await Promise.allSettled(running.map((r) => r.job.run({ signal })));
    const live = running.filter((r, i) => {
      const s = started[i]!;
      if (s.status === "rejected") fail(r.query, r.index, r.job, "run", s.reason);
      return s.status === "fulfilled";
    });
    signal?.throwIfAborted();

    // 3. Collect them as they finish, whichever comes first.
    const collect = async (r: Running, { signal: itemSignal }: { signal: AbortSignal }): Promise<ResultSet> => {
      await r.job.wait({
        timeout,
        signal: itemSignal,
        onPhase: (phase) => {
          r.phases.push(phase);
          print(`${since()}   ${tag(r.query)} job ${r.job.jobId} → ${phase}`);
        },
      });
      await r.job.raiseIfError({ signal: itemSignal });
      return r.job.fetchResult({ signal: itemSignal });
    };
    const iterOptions = signal ? { concurrency: Math.max(1, live.length), signal } : { concurrency: Math.max(1, live.length) };
    for await (const outcome of fanOutIter(live, collect, iterOptions)) {
      const r = outcome.item;
      if (!outcome.ok) {
        fail(r.query, r.index, r.job, r.job.phase === "COMPLETED" ? "result" : "job", outcome.error, r.phases);
        continue;
      }
      const rs = outcome.value;
      outcomes[r.index] = { label: r.query.label, adql: r.query.adql, jobId: r.job.jobId, phases: r.phases, ms: performance.now() - t0, ok: true, rows: rs.length, result: rs };
      finishOrder.push(r.query.label);
      const overflow = rs.overflow ? ` (${rs.overflow.message})` : "";
      print(`${since()} ✔ ${tag(r.query)} job ${r.job.jobId} COMPLETED: ${rs.length} rows${overflow}; columns ${rs.fieldnames.join(", ")}`);
      for (const rec of rs.toArray().slice(0, 3)) print(`${INDENT}${rec.cells.map(cell).join("  ")}`);
      if (rs.length > 3) print(`${INDENT}… ${rs.length - 3} more`);
    }
  } finally {
    // 4. Delete every job that was created, whatever happened above.
    const results = await Promise.allSettled(jobs.map((job) => job.delete()));
    for (const r of results) {
      if (r.status === "fulfilled") deleted++;
      else deleteErrors.push(asVOError(r.reason));
    }
    print(`${since()} deleted ${deleted} of ${jobs.length} jobs${deleteErrors.map((e) => `; could not delete: ${e.message}`).join("")}`);
    await client.close();
  }
  const good = outcomes.filter((o) => o.ok).length;
  print(`${since()} done: ${good} completed, ${outcomes.length - good} failed`);
  return { outcomes, finishOrder, deleted, deleteErrors };
}

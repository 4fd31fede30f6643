/**
 * What every course example shares: where the local DaCHS is, the context
 * `npm run examples` passes to each `main`, a check that fails loudly, and
 * running a file on its own (`node examples/course/dist/<section>.js`).
 *
 * Files whose name starts with `_` are helpers; every other file is one course
 * section and exports `main(context)` (scripts/run-examples.mjs enforces it).
 */
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";

/** What `npm run examples` hands to each section's `main`. */
export interface CourseContext {
  /** The DaCHS base URL, no trailing slash (VO_DACHS_URL, default http://localhost:8080). */
  readonly dachs: string;
  /** Where the example prints. */
  readonly log: (line: string) => void;
  /** Aborts the example (the runner's time limit). */
  readonly signal: AbortSignal;
}

/** The DaCHS base URL: VO_DACHS_URL, else http://localhost:8080. */
export function dachsBase(): string {
  return (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");
}

/** The services of the local DaCHS test bed (scripts/dachs/services.json), under `base`. */
export function services(base: string) {
  return {
    tap: `${base}/tap`,
    scs: `${base}/vosample/cat/cone/scs.xml`,
    sia: `${base}/vosample/img/siap/siap.xml`,
    sia2: `${base}/__system__/siap2/sitewide/siap2.xml`,
    ssa: `${base}/vosample/spec/ssa/ssap.xml`,
  } as const;
}

/** Three fields of the test bed, ICRS degrees. */
export const FIELDS = {
  m31: [10.6847, 41.269],
  orion: [83.8221, -5.3911],
  equator: [180.0, 0.0],
} as const;

/** Throws when `ok` is false: an example that prints the wrong thing must fail, not pass quietly. */
export function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Error(`course example check failed: ${what}`);
}

/** Waits `ms` milliseconds (rejects when `signal` aborts). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason as Error);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Runs `main` when this file is the program node started (not when imported by the runner). */
export function runIfMain(url: string, main: (context: CourseContext) => Promise<void>): void {
  const entry = process.argv[1];
  let isMain = false;
  try {
    isMain = entry !== undefined && pathToFileURL(realpathSync(entry)).href === url;
  } catch {
    isMain = false;
  }
  if (!isMain) return;
  main({ dachs: dachsBase(), log: (line) => console.log(line), signal: new AbortController().signal }).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}

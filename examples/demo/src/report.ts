/**
 * The demo's narration: numbered steps, each timed, with indented details,
 * and a timing summary at the end.
 */
import { VOError } from "@vo/core";

/** One step as it went. */
export interface StepTiming {
  /** What the step did. */
  readonly title: string;
  /** How long it took, in milliseconds. */
  readonly ms: number;
  /** False when it failed. */
  readonly ok: boolean;
}

/** Milliseconds for people: "85 ms", "1.42 s", "2 min 5 s". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** An error in one line: a @vo error's code and message, else the message; never a stack. */
export function describeError(err: unknown): string {
  if (err instanceof VOError) return `${err.code ?? err.name}: ${err.message}`;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

/** Prints numbered, timed steps with details below each. */
export class Report {
  /** Every step run so far. */
  readonly steps: StepTiming[] = [];
  readonly #print: (line: string) => void;
  readonly #t0 = performance.now();

  /** @param print where the lines go. */
  constructor(print: (line: string) => void) {
    this.#print = print;
  }

  /** A line at the top level (no indent). */
  say(text = ""): void {
    this.#print(text);
  }

  /** A detail line under the current step. */
  detail(text = ""): void {
    this.#print(text ? `    ${text}` : "");
  }

  /** Detail lines as they are. */
  lines(lines: readonly string[]): void {
    for (const l of lines) this.#print(l);
  }

  /** Runs one step: prints its title, runs `fn`, prints how long it took (or that it failed) and records it. */
  async step<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.#print("");
    this.#print(`[${this.steps.length + 1}] ${title}`);
    const t0 = performance.now();
    try {
      const value = await fn();
      const ms = performance.now() - t0;
      this.steps.push({ title, ms, ok: true });
      this.#print(`    ✔ ${formatMs(ms)}`);
      return value;
    } catch (err) {
      const ms = performance.now() - t0;
      this.steps.push({ title, ms, ok: false });
      this.#print(`    ✘ failed after ${formatMs(ms)}: ${describeError(err)}`);
      throw err;
    }
  }

  /** Milliseconds since the report began. */
  get elapsed(): number {
    return performance.now() - this.#t0;
  }

  /** Prints every step's time and the total. */
  timings(): void {
    this.#print("");
    this.#print("Timing");
    const width = Math.max(5, ...this.steps.map((s) => s.title.length));
    for (const [i, s] of this.steps.entries()) {
      this.#print(`  ${String(i + 1).padStart(2)}. ${s.title.padEnd(width)}  ${formatMs(s.ms).padStart(10)}${s.ok ? "" : "  (failed)"}`);
    }
    this.#print(`      ${"total".padEnd(width)}  ${formatMs(this.elapsed).padStart(10)}`);
  }
}

/**
 * Progress of long work — downloads, async jobs, fan-out — on stderr: a bar
 * that redraws itself on a terminal, JSON lines with `--json` (for scripts),
 * nothing when stderr is not a terminal or with `--quiet`.
 */
import type { Writable } from "node:stream";

/** How progress is shown. */
export type ProgressMode = "tty" | "json" | "quiet";

/** A progress event as `--json` writes it, one JSON object per line. */
export type ProgressEvent =
  | { readonly event: "phase"; readonly phase: string; readonly seconds: number; readonly job?: string }
  | { readonly event: "progress"; readonly label: string; readonly done: number; readonly total: number | null; readonly unit: "bytes" | "items" }
  | { readonly event: "item"; readonly label: string; readonly ok: boolean; readonly detail: string }
  | { readonly event: "done"; readonly rows?: number; readonly seconds: number };

/** The reporter commands talk to. */
export interface Progress {
  /** A new phase of an async job (or any named step). */
  phase(phase: string, job?: string): void;
  /** Counted progress: bytes of a download, items of a fan-out. */
  count(label: string, done: number, total: number | undefined, unit: "bytes" | "items"): void;
  /** One item finished (a file downloaded, a service answered or failed). */
  item(label: string, ok: boolean, detail: string): void;
  /** The work is over: clears the bar, reports the row count in JSON mode. */
  done(rows?: number): void;
}

const BAR = 24;

function human(n: number, unit: "bytes" | "items"): string {
  if (unit === "items") return String(n);
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  let x = n;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${i === 0 ? x : x.toFixed(1)} ${units[i]}`;
}

/** A reporter writing to `stream` (stderr) in `mode`. */
export function createProgress(stream: Writable, mode: ProgressMode, now: () => number = () => performance.now()): Progress {
  const t0 = now();
  const seconds = (): number => Math.round((now() - t0) / 10) / 100;
  let lastDraw = 0;
  let drawn = false;
  const json = (event: ProgressEvent): void => void stream.write(JSON.stringify(event) + "\n");
  const draw = (text: string, force: boolean): void => {
    const t = now();
    if (!force && t - lastDraw < 100) return;
    lastDraw = t;
    stream.write(`\r\x1b[2K${text}`);
    drawn = true;
  };
  const clear = (): void => {
    if (drawn) stream.write("\r\x1b[2K");
    drawn = false;
  };
  return {
    phase(phase, job) {
      if (mode === "json") json({ event: "phase", phase, seconds: seconds(), ...(job ? { job } : {}) });
      else if (mode === "tty") draw(`job ${phase} (+${seconds().toFixed(2)} s)`, true);
    },
    count(label, done, total, unit) {
      if (mode === "json") json({ event: "progress", label, done, total: total ?? null, unit });
      else if (mode === "tty") {
        const known = total !== undefined && total > 0;
        const filled = known ? Math.min(BAR, Math.round((done / total) * BAR)) : 0;
        const bar = known ? `[${"#".repeat(filled)}${"-".repeat(BAR - filled)}] ${Math.floor((done / total) * 100)}% ` : "";
        draw(`${label} ${bar}${human(done, unit)}${known ? ` / ${human(total, unit)}` : ""}`, known && done >= total);
      }
    },
    item(label, ok, detail) {
      if (mode === "json") json({ event: "item", label, ok, detail });
      else if (mode === "tty") {
        clear();
        stream.write(`${ok ? "ok  " : "FAIL"} ${label}: ${detail}\n`);
      }
    },
    done(rows) {
      if (mode === "json") json({ event: "done", ...(rows !== undefined ? { rows } : {}), seconds: seconds() });
      else clear();
    },
  };
}

/** What the datalink examples share: where the services are, and a tiny table printer. */
import { fileURLToPath } from "node:url";

/** The DaCHS test bed (scripts/start-dachs.sh, bed scripts/dachs/beds/dlsoda), or any server given by VO_DACHS_URL. */
export const DACHS = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");

/** The TAP service of the test bed. */
export const TAP_URL = `${DACHS}/tap`;

/** What every example accepts, so tests can point it elsewhere and keep it quiet. */
export interface ExampleOptions {
  /** Where to write files (default: ./downloads). */
  dir?: string;
  /** Where to print (default: console.log). */
  log?: (line: string) => void;
}

/** Prints rows as aligned columns. */
export function printTable(log: (line: string) => void, header: string[], rows: (string | number | undefined)[][]): void {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === undefined ? "" : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  for (const row of cells) log(row.map((c, i) => (c ?? "").padEnd(widths[i] ?? 0)).join("  ").trimEnd());
}

/** Runs `main` when the file is executed directly (`node dist/x.js`), not when imported. */
export function runIfMain(url: string, main: () => Promise<unknown>): void {
  if (process.argv[1] && fileURLToPath(url) === process.argv[1]) {
    main().catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
  }
}

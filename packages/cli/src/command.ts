/** What a `vo` command is, and what it gets when it runs. */
import type { Readable, Writable } from "node:stream";
import type { ParseArgsConfig } from "node:util";
import type { CliClient } from "./cli-client.js";
import type { ExitCodeValue } from "./exit-codes.js";
import type { Progress } from "./progress.js";
import type { TableSource } from "./output/index.js";

/** Option declarations, as `node:util` `parseArgs` takes them. */
export type OptionSpecs = NonNullable<ParseArgsConfig["options"]>;

/** The streams and environment a run uses (the process's by default; tests pass their own). */
export interface CommandIO {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly stdin: Readable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working folder relative paths are resolved against. */
  readonly cwd: string;
}

/** What a command's `run` receives. */
export interface CommandContext {
  /** Positional arguments after the command words. */
  readonly positionals: readonly string[];
  /** Option values by long name (strings, booleans, or arrays for `multiple` options). */
  readonly options: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly io: CommandIO;
  /** Aborted by `--timeout`, Ctrl-C, or the caller. Pass it to every request. */
  readonly signal: AbortSignal;
  /** A client with every protocol plugin the CLI knows, made on first use and closed after the command. */
  client(): CliClient;
  /** Progress on stderr (a bar on a terminal, JSON lines with `--json`, nothing with `--quiet`). */
  readonly progress: Progress;
  /** Writes a table to stdout or `-o FILE` in the format from `-f`, the file's extension, or the terminal. Resolves with the row count. */
  output(source: TableSource): Promise<number>;
  /** Writes plain text (summaries, capabilities) to stdout. */
  print(text: string): Promise<void>;
  /** Whether `--json` was given (commands printing summaries then print JSON). */
  readonly json: boolean;
}

/** One `vo` command. */
export interface Command {
  /** The command words, e.g. `["tap", "query"]`. */
  readonly path: readonly string[];
  /** One line for the command list. */
  readonly summary: string;
  /** The synopsis after `vo`, e.g. `tap query <url> <adql> [options]`. */
  readonly usage: string;
  /** Lines describing the arguments and options. */
  readonly help: readonly string[];
  /** Example command lines. */
  readonly examples: readonly string[];
  /** The command's own options (the global ones are added). */
  readonly options: OptionSpecs;
  /** Allowed number of positional arguments. */
  readonly positionals: { readonly min: number; readonly max: number };
  /** A server that runs until Ctrl-C or SIGTERM (`samp hub`): Ctrl-C then ends it normally, with the exit code `run` resolves to, not 130. */
  readonly runsUntilInterrupted?: boolean;
  /** Runs the command; resolves with an exit code (default OK). */
  run(context: CommandContext): Promise<ExitCodeValue | void>;
}

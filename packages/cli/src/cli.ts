/**
 * The `vo` command line: finds the command, parses its options (and the
 * global ones), runs it with a client, a signal and an output, and turns
 * whatever it throws into one line on stderr and an exit code.
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { DALServiceError } from "@vo/core";
import { createCliClient } from "./cli-client.js";
import type { CliClient } from "./cli-client.js";
import type { Command, CommandContext, CommandIO, OptionSpecs } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { describeError, ExitCode, exitCodeFor, UsageError } from "./exit-codes.js";
import type { ExitCodeValue } from "./exit-codes.js";
import { FORMATS, fileSink, formatOfPath, streamSink, writeTable } from "./output/index.js";
import type { OutputFormat } from "./output/index.js";
import { createProgress } from "./progress.js";
import { VERSION } from "./version.js";

/** Options every command takes. */
const GLOBAL_OPTIONS: OptionSpecs = {
  format: { type: "string", short: "f" },
  output: { type: "string", short: "o" },
  timeout: { type: "string" },
  quiet: { type: "boolean", short: "q" },
  json: { type: "boolean" },
  verbose: { type: "boolean", short: "v" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
};

const GLOBAL_HELP = [
  "  -f, --format FMT   output format: table (terminal default), csv (default when piped), json,",
  "                     votable, votable-binary2, arrow (Apache Arrow IPC stream)",
  "  -o, --output FILE  write the result to FILE (format from its extension unless -f)",
  "      --timeout SEC  give up after SEC seconds (exit code 6)",
  "  -q, --quiet        no progress output",
  "      --json         progress as JSON lines on stderr; summaries as JSON on stdout",
  "  -v, --verbose      print the whole cause chain of an error",
  "  -h, --help         help for the command",
];

const EXIT_HELP = [
  "Exit codes: 0 ok, 1 other failure, 2 usage, 3 service (HTTP/network), 4 query refused,",
  "            5 bad response or file format, 6 timeout, 7 some items failed, 130 interrupted.",
];

/** The process's own streams and environment. */
export function processIO(): CommandIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

// parseArgs reads "-5.3" as an option; numbers are common here (declinations), so they are kept aside.
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;
const HIDDEN = "\u0000";

function hideNegatives(argv: readonly string[]): string[] {
  return argv.map((a) => (NEGATIVE_NUMBER.test(a) ? HIDDEN + a : a));
}
function unhide<T>(value: T): T {
  if (typeof value === "string") return (value.startsWith(HIDDEN) ? value.slice(1) : value) as T;
  if (Array.isArray(value)) return value.map(unhide) as T;
  return value;
}

/** The command named by the leading words of `argv`, and the rest of `argv`. */
function findCommand(argv: readonly string[]): { command: Command | undefined; words: string[]; rest: string[] } {
  const words: string[] = [];
  const rest: string[] = [];
  let command: Command | undefined;
  let i = 0;
  for (; i < argv.length; i++) {
    const token = argv[i]!;
    if (token.startsWith("-")) {
      rest.push(token);
      const name = token.replace(/^-+/, "");
      const spec = Object.entries(GLOBAL_OPTIONS).find(([long, s]) => long === name || s.short === name)?.[1];
      if (spec?.type === "string" && !token.includes("=") && i + 1 < argv.length) rest.push(argv[++i]!);
      continue;
    }
    const candidate = [...words, token];
    const exact = COMMANDS.find((c) => c.path.join(" ") === candidate.join(" "));
    const prefix = COMMANDS.some((c) => c.path.length > candidate.length && candidate.every((w, k) => c.path[k] === w));
    if (!exact && !prefix) break;
    words.push(token);
    if (exact) command = exact;
    if (exact && !prefix) {
      i++;
      break;
    }
  }
  rest.push(...argv.slice(i));
  return { command, words, rest };
}

/** The help text of a command, or the command list. */
export function helpText(command?: Command, group: readonly string[] = []): string {
  if (!command) {
    const list = COMMANDS.filter((c) => group.every((w, k) => c.path[k] === w));
    const width = Math.max(...list.map((c) => c.path.join(" ").length));
    return [
      `vo ${VERSION} — the Virtual Observatory from the shell (@vo)`,
      "",
      "Usage: vo <command> [arguments] [options]",
      "",
      "Commands:",
      ...list.map((c) => `  ${c.path.join(" ").padEnd(width)}  ${c.summary}`),
      "",
      "Options of every command:",
      ...GLOBAL_HELP,
      "",
      ...EXIT_HELP,
      "",
      "`vo <command> --help` shows a command's arguments and examples.",
      "",
    ].join("\n");
  }
  return [
    `Usage: vo ${command.usage}`,
    "",
    command.summary,
    "",
    ...(command.help.length ? [...command.help, ""] : []),
    "Options of every command:",
    ...GLOBAL_HELP,
    "",
    "Examples:",
    ...command.examples.map((e) => `  ${e}`),
    "",
  ].join("\n");
}

/**
 * Runs the `vo` command line `argv` (without `node` and the script) and
 * resolves with the exit code. Never throws: errors are printed as one line
 * (`vo: [VO_ERR_…] message`) on stderr.
 *
 * @example process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], io: CommandIO = processIO(), options: { signal?: AbortSignal } = {}): Promise<ExitCodeValue> {
  const { command, words, rest } = findCommand(argv);
  const stderr = (text: string): void => void io.stderr.write(text);
  const wantsHelp = rest.includes("--help") || rest.includes("-h");
  if (rest.includes("--version") && !command) {
    io.stdout.write(`${VERSION}\n`);
    return ExitCode.OK;
  }
  if (!command) {
    if (wantsHelp || argv.length === 0 || (words.length > 0 && rest.length === 0)) {
      (argv.length === 0 ? io.stderr : io.stdout).write(helpText(undefined, words));
      return wantsHelp ? ExitCode.OK : ExitCode.USAGE;
    }
    const unknown = rest.find((t) => !t.startsWith("-")) ?? argv.join(" ");
    stderr(`vo: unknown command ${JSON.stringify([...words, unknown].join(" "))}; \`vo --help\` lists the commands\n`);
    return ExitCode.USAGE;
  }
  const name = command.path.join(" ");
  if (wantsHelp) {
    io.stdout.write(helpText(command));
    return ExitCode.OK;
  }

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: hideNegatives(rest), options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    stderr(`vo ${name}: ${(error as Error).message}\nUsage: vo ${command.usage}  (vo ${name} --help)\n`);
    return ExitCode.USAGE;
  }
  const values = Object.fromEntries(Object.entries(parsed.values).map(([k, v]) => [k, unhide(v)]));
  const positionals = parsed.positionals.map(unhide);
  const verbose = values.verbose === true;

  const controller = new AbortController();
  const onSigint = (): void => controller.abort(new Interrupted());
  const listenSigint = io.stdout === process.stdout;
  if (listenSigint) process.once("SIGINT", onSigint);
  const abortFromCaller = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", abortFromCaller, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let client: CliClient | undefined;
  let running: Promise<ExitCodeValue | void> | undefined;
  try {
    if (positionals.length < command.positionals.min || positionals.length > command.positionals.max) {
      throw new UsageError(
        positionals.length < command.positionals.min ? "missing arguments" : `unexpected argument ${JSON.stringify(positionals[command.positionals.max])}`,
        name,
      );
    }
    const format = values.format as string | undefined;
    if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`unknown format ${JSON.stringify(format)}; one of ${FORMATS.join(", ")}`, name);
    }
    if (values.timeout !== undefined) {
      const seconds = Number(values.timeout);
      if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout must be a number of seconds > 0, got ${JSON.stringify(values.timeout)}`, name);
      timer = setTimeout(() => controller.abort(new DALServiceError(`the command took longer than --timeout ${seconds} s`, { code: "VO_ERR_TIMEOUT" })), seconds * 1000);
    }
    const json = values.json === true;
    const mode = values.quiet === true ? "quiet" : json ? "json" : io.stderr.isTTY ? "tty" : "quiet";
    const progress = createProgress(io.stderr, mode);
    const outputPath = values.output as string | undefined;
    const context: CommandContext = {
      positionals,
      options: values,
      io,
      signal: controller.signal,
      json,
      progress,
      client() {
        client ??= createCliClient((w) => warn(io, w.message, verbose));
        return client;
      },
      async output(source) {
        const sink = outputPath ? fileSink(resolve(io.cwd, outputPath)) : streamSink(io.stdout);
        const chosen: OutputFormat = (format as OutputFormat | undefined) ?? (outputPath ? formatOfPath(outputPath) ?? "votable" : sink.isTTY ? "table" : "csv");
        const color = chosen === "table" && sink.isTTY && io.env.NO_COLOR === undefined;
        const rows = await writeTable(source, sink, chosen, { color });
        await sink.end();
        progress.done(rows);
        return rows;
      },
      async print(text) {
        await streamSink(io.stdout).write(text.endsWith("\n") ? text : text + "\n");
      },
    };
    running = command.run(context);
    const code = await Promise.race([
      running,
      new Promise<never>((_, reject) => {
        const onAbort = (): void => reject(controller.signal.reason);
        if (controller.signal.aborted) onAbort();
        else controller.signal.addEventListener("abort", onAbort, { once: true });
      }),
    ]);
    return code ?? ExitCode.OK;
  } catch (error) {
    const reason = controller.signal.aborted ? controller.signal.reason : error;
    if (isBrokenPipe(error)) return ExitCode.OK; // `vo … | head`: the reader left
    if (reason instanceof Interrupted && command.runsUntilInterrupted && running) {
      return (await running.catch((e: unknown) => (stderr(`vo ${name}: ${describeError(e, verbose)}\n`), exitCodeFor(e)))) ?? ExitCode.OK;
    }
    if (reason instanceof Interrupted) {
      stderr(`vo ${name}: interrupted\n`);
      return ExitCode.INTERRUPTED;
    }
    stderr(`vo ${name}: ${describeError(reason, verbose)}\n`);
    if (reason instanceof UsageError) stderr(`Usage: vo ${command.usage}  (vo ${name} --help)\n`);
    return exitCodeFor(reason);
  } finally {
    if (timer) clearTimeout(timer);
    if (listenSigint) process.removeListener("SIGINT", onSigint);
    options.signal?.removeEventListener("abort", abortFromCaller);
    controller.abort(new Error("the command ended"));
    await client?.close().catch(() => undefined);
  }
}

/** Why a run was aborted on Ctrl-C. */
class Interrupted extends Error {
  constructor() {
    super("interrupted (Ctrl-C)");
  }
}

function warn(io: CommandIO, message: string, verbose: boolean): void {
  io.stderr.write(`vo: warning: ${verbose ? message : message.split("\n")[0]}\n`);
}

function isBrokenPipe(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "EPIPE";
}

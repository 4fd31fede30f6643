/**
 * Exit codes of the `vo` command, one per kind of failure, so that scripts
 * can tell a typo from a dead service from a bad query.
 */
import { DALFormatError, DALQueryError, DALServiceError, ParameterError, VOError } from "@vo/core";
import { SAMPClientError, SAMPHubError } from "@vo/samp";

/** What `vo` exits with. Stable: scripts depend on them. */
export const ExitCode = {
  /** Everything worked. */
  OK: 0,
  /** A failure that fits no other code (a bug, a file that cannot be read or written). */
  FAILURE: 1,
  /** The command line was wrong: unknown command or option, missing or malformed argument. */
  USAGE: 2,
  /** The service could not be reached or answered with an HTTP or protocol error (`DALServiceError`). */
  SERVICE: 3,
  /** The service understood the request and refused it: bad ADQL, a job that ended in ERROR (`DALQueryError`). */
  QUERY: 4,
  /** A response or input file is not what the standard says (`DALFormatError`). */
  FORMAT: 5,
  /** A time limit ran out (`--timeout`, or the service's own limits): `VO_ERR_TIMEOUT`. */
  TIMEOUT: 6,
  /** Some items of a fan-out or download batch failed, the others worked. */
  PARTIAL: 7,
  /** Interrupted by the user (Ctrl-C). */
  INTERRUPTED: 130,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A mistake on the command line: printed with the command's usage, exit code {@link ExitCode.USAGE}. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  /** The command whose usage to print, e.g. "tap query". */
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

/** The exit code for an error thrown by a command. */
export function exitCodeFor(error: unknown): ExitCodeValue {
  if (error instanceof UsageError) return ExitCode.USAGE;
  if (error instanceof VOError && error.code === "VO_ERR_TIMEOUT") return ExitCode.TIMEOUT;
  if (error instanceof ParameterError) return ExitCode.USAGE;
  if (error instanceof DALQueryError) return ExitCode.QUERY;
  if (error instanceof DALFormatError) return ExitCode.FORMAT;
  if (error instanceof DALServiceError) return ExitCode.SERVICE;
  // SAMP: no hub or no such client is like a service that is not there; a receiver's samp.error is a refusal.
  if (error instanceof SAMPClientError) return error.code === "VO_ERR_SAMP_REPLY" ? ExitCode.QUERY : ExitCode.SERVICE;
  if (error instanceof SAMPHubError) return ExitCode.SERVICE;
  return ExitCode.FAILURE;
}

/** One line for an error: `[CODE] message`, then the cause chain with `verbose`. */
export function describeError(error: unknown, verbose: boolean): string {
  const lines: string[] = [];
  let current: unknown = error;
  let depth = 0;
  while (current !== undefined && depth < 8) {
    const text = oneLine(current);
    lines.push(depth === 0 ? text : `  caused by: ${text}`);
    if (!verbose) break;
    current = current instanceof Error ? current.cause : undefined;
    depth++;
  }
  return lines.join("\n");
}

function oneLine(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const prefix = typeof code === "string" && code !== "" ? `[${code}] ` : "";
    return `${prefix}${error.message.replace(/\s*\n\s*/g, " ")}`;
  }
  return String(error);
}

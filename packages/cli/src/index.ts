/**
 * @vo/cli: the `vo` command, and the pieces of it a program can use — the
 * output writers (CSV, JSON, VOTable, Apache Arrow with {@link toArrow}) and
 * `main` to run a command line in-process.
 */
export { main, helpText, processIO } from "./cli.js";
export type { Command, CommandContext, CommandIO, OptionSpecs } from "./command.js";
export { ExitCode, UsageError, exitCodeFor, describeError } from "./exit-codes.js";
export type { ExitCodeValue } from "./exit-codes.js";
export { FORMATS, formatOfPath, writeTable, sourceOfResult, streamSink, fileSink, toArrow, writeArrow, arrowSchemaOf, arrowTypeOf, cellText, cellJson } from "./output/index.js";
export type { OutputFormat, TableSource, RecordsLike, TextSink, Json } from "./output/index.js";
export { createProgress } from "./progress.js";
export type { Progress, ProgressEvent, ProgressMode } from "./progress.js";
export { COMMANDS } from "./commands/index.js";
export { VERSION } from "./version.js";

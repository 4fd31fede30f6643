/** `vo samp send` and `vo samp hub`: SAMP from the shell (@vo/samp's client and hub). */
import { open, readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { connect, sendImage, sendSpectrum, sendTable, startHub } from "@vo/samp";
import type { ConnectOptions, SendReport } from "@vo/samp";
import type { Command, CommandContext } from "../command.js";
import { numberArg } from "../args.js";
import { ExitCode, UsageError } from "../exit-codes.js";
import { rethrowFileError } from "./files.js";
import { textTable } from "./tables.js";

const LOCKFILE_HELP = "      --lockfile PATH   the hub's lockfile (default: $SAMP_HUB's std-lockurl:, else ~/.samp)";

/** What is sent: a table (table.load.votable), an image (image.load.fits) or a spectrum (spectrum.load.ssa-generic). */
type Kind = "table" | "image" | "spectrum";

/** The kind from `--type`, else from the name (.fits/.fit/.fts: image) or the first bytes of a file (FITS: image). */
async function kindOf(ctx: CommandContext, source: string, isUrl: boolean): Promise<Kind> {
  const given = ctx.options.type;
  if (typeof given === "string") {
    if (given !== "table" && given !== "image" && given !== "spectrum") throw new UsageError(`--type must be table, image or spectrum, got ${JSON.stringify(given)}`, "samp send");
    return given;
  }
  const path = isUrl ? new URL(source).pathname : source;
  if (/\.(fits?|fts)(\.gz)?$/i.test(path)) return "image";
  if (/\.(vot|votable|xml)$/i.test(path) || isUrl) return "table";
  const handle = await open(resolve(ctx.io.cwd, source)).catch((error: unknown) => {
    throw rethrowFileError(error, source);
  });
  try {
    const head = Buffer.alloc(9);
    await handle.read(head, 0, 9, 0);
    return head.toString("latin1") === "SIMPLE  =" ? "image" : "table";
  } finally {
    await handle.close();
  }
}

/** How to reach the hub: `--lockfile`, else what @vo/samp finds ($SAMP_HUB, ~/.samp). */
function hubOptions(ctx: CommandContext): Pick<ConnectOptions, "lockfile"> {
  return typeof ctx.options.lockfile === "string" ? { lockfile: resolve(ctx.io.cwd, ctx.options.lockfile) } : {};
}

/** `vo samp send <file|url>`. */
export const sampSend: Command = {
  path: ["samp", "send"],
  summary: "send a table (VOTable), an image (FITS) or a spectrum to SAMP clients: TOPCAT, Aladin, SPLAT, …",
  usage: "samp send <table.vot|image.fits|url> [--to CLIENT] [--type table|image|spectrum] [--name NAME] [--lockfile PATH] [options]",
  help: [
    "  <source>          a file or an http(s) URL; a table is served from a loopback URL while it is loaded,",
    "                    an image or spectrum file is sent as its file: URL",
    "      --to CLIENT    the receiver's samp.name (e.g. topcat) or public id (default: every client",
    "                     subscribed to the message type)",
    "      --type T       table, image or spectrum (default: image for .fits or FITS bytes, else table)",
    "      --name NAME    the name the receiver shows (default: the file name)",
    LOCKFILE_HELP,
    "The send is a SAMP call: the command waits for each receiver's reply (at most 30 s, or --timeout)",
    "and prints one line per receiver (client, name, status, error); exit code 7 if some answered with",
    "an error, 3 when there is no hub or no such client.",
  ],
  examples: ["vo samp send result.vot --to topcat", "vo samp send m31.fits --to aladin", "vo tap query http://localhost:8080/tap \"SELECT TOP 100 * FROM vo_sample.cat\" -o stars.vot && vo samp send stars.vot"],
  options: { to: { type: "string" }, type: { type: "string" }, name: { type: "string" }, lockfile: { type: "string" } },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const source = ctx.positionals[0]!;
    const isUrl = /^https?:\/\//i.test(source);
    const kind = await kindOf(ctx, source, isUrl);
    const name = typeof ctx.options.name === "string" ? ctx.options.name : isUrl ? basename(new URL(source).pathname) || source : basename(source);
    const to = typeof ctx.options.to === "string" ? { to: ctx.options.to } : {};
    const options = { ...to, name, mode: "call" as const, signal: ctx.signal };
    const client = await connect({ ...hubOptions(ctx), name: "vo", description: "the @vo command line", signal: ctx.signal });
    try {
      ctx.progress.phase(`sending ${kind} ${name}`);
      let report: SendReport;
      if (kind === "table") {
        const table = isUrl ? source : await readFile(resolve(ctx.io.cwd, source)).catch((error: unknown) => {
          throw rethrowFileError(error, source);
        });
        report = await sendTable(client, isUrl ? table : new Uint8Array(table as Buffer), options);
      } else {
        const url = isUrl ? source : pathToFileURL(resolve(ctx.io.cwd, source)).href;
        report = kind === "image" ? await sendImage(client, url, options) : await sendSpectrum(client, url, options);
      }
      const rows: (string | null)[][] = [];
      let failed = 0;
      for (const id of report.recipients) {
        const response = report.responses.get(id);
        const status = response?.["samp.status"] ?? "samp.ok";
        const meta = await client.getMetadata(id, ctx.signal).catch(() => ({}) as Record<string, unknown>);
        const error = response?.["samp.error"]?.["samp.errortxt"];
        if (status === "samp.error") failed++;
        rows.push([id, typeof meta["samp.name"] === "string" ? meta["samp.name"] : null, status, typeof error === "string" ? error : null]);
      }
      await ctx.output(textTable(["client", "name", "status", "error"], rows));
      return failed === 0 ? ExitCode.OK : ExitCode.PARTIAL;
    } finally {
      await client.close();
    }
  },
};

/** `vo samp hub`: a SAMP hub in the foreground until Ctrl-C or SIGTERM. */
export const sampHub: Command = {
  path: ["samp", "hub"],
  summary: "run a SAMP hub (Standard Profile, optionally the Web Profile) until Ctrl-C",
  usage: "samp hub [--lockfile PATH] [--port N] [--web [--web-port N] [--web-consent accept|refuse]] [options]",
  help: [
    LOCKFILE_HELP.replace("the hub's lockfile", "where to write the lockfile"),
    "      --port N          the Standard Profile port (default: any free port)",
    "      --web             also serve the SAMP Web Profile, for browser pages (default port 21012)",
    "      --web-port N      the Web Profile port",
    "      --web-consent C   accept or refuse every Web Profile registration (default: refuse; the",
    "                        vo-samp-hub command of @vo/samp can ask on its terminal)",
    "Prints the hub's URL and lockfile on stdout (JSON with --json); registrations and failed",
    "deliveries go to stderr (not with --quiet). Ctrl-C or SIGTERM stops it cleanly: clients get",
    "samp.hub.event.shutdown and the lockfile is removed; the exit code is then 0.",
  ],
  examples: ["vo samp hub", "vo samp hub --lockfile /tmp/test.samp --quiet &  SAMP_HUB=std-lockurl:file:///tmp/test.samp topcat", "vo samp hub --web --web-consent accept"],
  options: { lockfile: { type: "string" }, port: { type: "string" }, web: { type: "boolean" }, "web-port": { type: "string" }, "web-consent": { type: "string" } },
  positionals: { min: 0, max: 0 },
  runsUntilInterrupted: true,
  async run(ctx) {
    const port = ctx.options.port === undefined ? undefined : numberArg(ctx.options.port as string, "--port", "samp hub");
    const webPort = ctx.options["web-port"] === undefined ? undefined : numberArg(ctx.options["web-port"] as string, "--web-port", "samp hub");
    const consent = ctx.options["web-consent"] ?? "refuse";
    if (consent !== "accept" && consent !== "refuse") throw new UsageError(`--web-consent must be accept or refuse, got ${JSON.stringify(consent)}`, "samp hub");
    if (ctx.options.web !== true && (webPort !== undefined || ctx.options["web-consent"] !== undefined)) throw new UsageError("--web-port and --web-consent need --web", "samp hub");
    const quiet = ctx.options.quiet === true;
    const hub = await startHub({
      ...hubOptions(ctx),
      ...(port !== undefined ? { port } : {}),
      web: ctx.options.web === true ? { ...(webPort !== undefined ? { port: webPort } : {}) } : false,
      consent: () => consent === "accept",
      ...(quiet ? {} : { log: (line: string) => void ctx.io.stderr.write(`vo samp hub: ${line}\n`) }),
    });
    try {
      const where = { url: hub.url, lockfile: hub.lockfile, ...(hub.webUrl ? { webUrl: hub.webUrl } : {}) };
      await ctx.print(ctx.json ? JSON.stringify(where) : `SAMP hub at ${hub.url}${hub.webUrl ? ` (Web Profile ${hub.webUrl})` : ""}, lockfile ${hub.lockfile}`);
      await new Promise<void>((done) => {
        const stop = (): void => {
          process.removeListener("SIGTERM", stop);
          done();
        };
        process.once("SIGTERM", stop);
        if (ctx.signal.aborted) stop();
        else ctx.signal.addEventListener("abort", stop, { once: true });
      });
    } finally {
      await hub.stop();
    }
    return ExitCode.OK;
  },
};

/** `vo votable convert` and `vo download`: working with result files. */
import { createReadStream } from "node:fs";
import { resolve } from "node:path";
import { Readable } from "node:stream";
import { DALFormatError, downloadRecordDataset, fanOutIter, queryResultSet, ResultSet } from "@vo/core";
import type { ResultSetFactory } from "@vo/core";
import { openVOTable, parseVOTable } from "@vo/votable";
import type { ByteSource } from "@vo/votable";
import type { Command, CommandContext } from "../command.js";
import { countArg } from "../args.js";
import { ExitCode, UsageError, describeError } from "../exit-codes.js";
import { textTable } from "./tables.js";

/** The bytes of `path`, or of standard input for "-". */
export function bytesOf(ctx: CommandContext, path: string): ByteSource {
  const stream = path === "-" ? ctx.io.stdin : createReadStream(resolve(ctx.io.cwd, path));
  return Readable.toWeb(stream as Readable) as ReadableStream<Uint8Array>;
}

/** `vo votable convert <in>`: any VOTable to VOTable (TABLEDATA/BINARY2), CSV, JSON or Arrow, streamed. */
export const votableConvert: Command = {
  path: ["votable", "convert"],
  summary: "convert a VOTable (any serialisation) to VOTable, CSV, JSON or Apache Arrow, streamed",
  usage: "votable convert <in.vot|-> [-o out.(vot|csv|json|arrow)] [-f format] [--strict] [options]",
  help: ["  <in>         a VOTable file, or - for standard input", "      --strict refuse documents that break the VOTable schema (default: warn and read on)"],
  examples: ["vo votable convert result.vot -o result.csv", "vo votable convert big.vot -f votable-binary2 -o big-b2.vot", "curl -s URL | vo votable convert - -f json"],
  options: { strict: { type: "boolean" } },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const path = ctx.positionals[0]!;
    const reader = await openVOTable(bytesOf(ctx, path), {
      strict: ctx.options.strict === true,
      signal: ctx.signal,
      onWarning: (w) => void ctx.io.stderr.write(`vo: warning: ${path}${w.line ? `:${w.line}` : ""}: ${w.message}\n`),
    }).catch((error: unknown) => {
      throw rethrowFileError(error, path);
    });
    if (!reader.table) throw new DALFormatError(`${path}: the document holds no TABLE`);
    await ctx.output({
      fields: reader.table.fields,
      rows: (async function* () {
        yield* reader.rows();
        // The rest of the document (trailing INFOs, RESOURCEs after the table), for the VOTable output.
        await reader.finish();
      })(),
      params: [...(reader.resource?.params ?? []), ...reader.table.params],
      infos: reader.resource?.infos ?? [],
      name: reader.table.name,
      document: reader.meta,
      table: reader.table,
    });
  },
};

/** `vo download <result>`: the dataset of every row of a result (a VOTable file, or a query URL). */
export const download: Command = {
  path: ["download"],
  summary: "download the dataset of every row of a result (a VOTable file or a query URL) into a folder",
  usage: "download <result.vot|url|-> [--dir DIR] [--concurrency N] [--overwrite] [options]",
  help: [
    "  <result>            a VOTable result with access URLs (SIA, SSA, ObsCore, TAP), a query URL, or -",
    "      --dir DIR       the folder to write into (default: the current one; created if missing)",
    "      --concurrency N downloads at once (default 4)",
    "      --overwrite     replace files of the same name (default: name (1).ext, never overwriting)",
    "File names come from the server, the record or the URL, always inside DIR. A summary table",
    "(row, path, bytes, error) is the command's output; exit code 7 if some downloads failed.",
  ],
  examples: [
    "vo sia http://localhost:8080/vosample/img/siap/siap.xml 10.68 41.27 0.2 -f votable -o images.vot && vo download images.vot --dir images",
    'vo download "http://localhost:8080/vosample/spec/ssa/ssap.xml?POS=10.68,41.27&SIZE=0.5" --dir spectra',
  ],
  options: { dir: { type: "string" }, concurrency: { type: "string" }, overwrite: { type: "boolean" } },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const source = ctx.positionals[0]!;
    const dir = resolve(ctx.io.cwd, typeof ctx.options.dir === "string" ? ctx.options.dir : ".");
    const concurrency = ctx.options.concurrency === undefined ? 4 : countArg(ctx.options.concurrency as string, "--concurrency", "download");
    if (concurrency < 1) throw new UsageError("--concurrency must be at least 1", "download");
    const client = ctx.client();
    const result = await loadResult(ctx, source, plainResult);
    const rows = result.toArray().map((record, row) => ({ record, row }));
    const withUrl = rows.filter((r) => r.record.getDatasetUrl() !== undefined);
    if (withUrl.length === 0) throw new DALFormatError(`${source}: no row has a dataset URL (no access_url / Access.Reference column)`);
    const summary: [string, string | null, string | null, string | null][] = [];
    let failed = 0;
    let done = 0;
    for await (const outcome of fanOutIter(
      withUrl,
      ({ record, row }, { signal }) =>
        downloadRecordDataset(client.transport, record, dir, {
          signal,
          ...(ctx.options.overwrite === true ? { overwrite: true } : {}),
          onProgress: (p) => ctx.progress.count(`row ${row}`, p.received, p.total, "bytes"),
        }),
      { concurrency, signal: ctx.signal },
    )) {
      done++;
      const row = String(outcome.item.row);
      if (outcome.ok) {
        summary.push([row, outcome.value.path, String(outcome.value.bytes), null]);
        ctx.progress.item(`row ${row}`, true, `${outcome.value.path} (${outcome.value.bytes} bytes)`);
      } else {
        failed++;
        summary.push([row, null, null, describeError(outcome.error, false)]);
        ctx.progress.item(`row ${row}`, false, describeError(outcome.error, false));
      }
      ctx.progress.count("datasets", done, withUrl.length, "items");
    }
    summary.sort((a, b) => Number(a[0]) - Number(b[0]));
    await ctx.output(textTable(["row", "path", "bytes", "error"], summary));
    return failed === 0 ? ExitCode.OK : ExitCode.PARTIAL;
  },
};

const plainResult: ResultSetFactory<ResultSet> = (table, meta, url, init) => new ResultSet(table, meta, url, undefined, init);

/**
 * A result to work on: fetched from a query URL, or read from a VOTable file
 * (or standard input for "-"), made by `create`; its records download and
 * follow links through the CLI's client.
 */
export async function loadResult<RS extends ResultSet>(ctx: CommandContext, source: string, create: ResultSetFactory<RS>): Promise<RS> {
  const transport = ctx.client().transport;
  if (/^https?:\/\//i.test(source)) return queryResultSet(transport, source, undefined, { signal: ctx.signal, create });
  const doc = await parseVOTable(bytesOf(ctx, source), { signal: ctx.signal }).catch((error: unknown) => {
    throw rethrowFileError(error, source);
  });
  const table = doc.resultTable();
  if (!table) throw new DALFormatError(`${source}: the document holds no result TABLE`);
  return create(table, doc.meta, source === "-" ? "stdin" : resolve(ctx.io.cwd, source), { transport });
}

/** A missing or unreadable input file as a usage error, anything else as it is. */
export function rethrowFileError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "EACCES" || code === "EISDIR") return new UsageError(`cannot read ${path}: ${code}`);
  return error;
}

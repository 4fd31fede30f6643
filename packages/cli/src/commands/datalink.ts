/** `vo datalink`: the DataLink links of a result's rows (batched), or of a links document (@vo/datalink). */
import { resolve } from "node:path";
import { DALFormatError, fanOutIter, ResultSet } from "@vo/core";
import type { ResultSetFactory } from "@vo/core";
import { datalinkRecordFactory, DatalinkResults, iterDatalinks } from "@vo/datalink";
import type { DatalinkRecord } from "@vo/datalink";
import type { Command } from "../command.js";
import { countArg } from "../args.js";
import { describeError, ExitCode, UsageError } from "../exit-codes.js";
import { loadResult } from "./files.js";
import { textTable } from "./tables.js";

const NAME = "datalink";

/** The columns every links document has (DataLink 1.1 §3.2). */
const LINKS_COLUMNS = ["ID", "access_url", "service_def", "error_message", "semantics"];

/** A result table as a links document (its rows DatalinkRecords) when it has DataLink's columns, else as a plain result. */
const asResult: ResultSetFactory<ResultSet> = (table, meta, url, init) => {
  const names = new Set(table.fields.map((f) => f.name));
  const links = LINKS_COLUMNS.every((c) => names.has(c));
  return links ? (new ResultSet(table, meta, url, datalinkRecordFactory, init) as unknown as ResultSet) : new ResultSet(table, meta, url, undefined, init);
};

/** Whether `rs` was made a links document by {@link asResult}. */
function isLinksDocument(rs: ResultSet): rs is ResultSet & ResultSet<DatalinkRecord> {
  return LINKS_COLUMNS.every((c) => rs.index.indexOf(c) >= 0);
}

/** One link found: the result row it belongs to (undefined for a links document given directly) and the link. */
interface Found {
  readonly row: number | undefined;
  readonly link: DatalinkRecord;
}

/** `vo datalink <url|result.vot|->`. */
export const datalinkCommand: Command = {
  path: ["datalink"],
  summary: "the DataLink links of every row of a result (asked for in batches), or of a links document",
  usage: "datalink <url|result.vot|-> [--semantics TERM]... [--download DIR] [--batch-size N] [--concurrency N] [options]",
  help: [
    "  <source>             a result with datalink (a VOTable file, a query URL, or - for standard input),",
    "                       or a links document (a {links} URL such as …/dlmeta?ID=…, or a saved one)",
    "      --semantics TERM  only links of this semantics, narrower terms included (#preview also finds",
    "                       #preview-image); repeatable",
    "      --download DIR    download the links listed (those with an access_url) into DIR; the output is",
    "                       then row, ID, semantics, path, bytes, error; exit code 7 if some failed",
    "      --batch-size N    IDs per links request (default 50)",
    "      --concurrency N   downloads at once (default 4)",
    "      --overwrite       replace files of the same name (default: name (1).ext)",
    "The listing has one line per link: row (of the result), ID, semantics, access_url, service_def,",
    "content_type, content_length, description, error_message (error rows are listed, never dropped).",
  ],
  examples: [
    'vo tap query http://localhost:8080/tap "SELECT TOP 10 * FROM vo_dlsoda_img.images" -o images.vot && vo datalink images.vot',
    'vo datalink "http://localhost:8080/dlsoda/img/dl/dlmeta?ID=ivo://…" -f json',
    "vo datalink images.vot --semantics '#preview' --download previews",
  ],
  options: {
    semantics: { type: "string", multiple: true },
    download: { type: "string" },
    "batch-size": { type: "string" },
    concurrency: { type: "string" },
    overwrite: { type: "boolean" },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const source = ctx.positionals[0]!;
    const batchSize = ctx.options["batch-size"] === undefined ? 50 : countArg(ctx.options["batch-size"] as string, "--batch-size", NAME);
    const concurrency = ctx.options.concurrency === undefined ? 4 : countArg(ctx.options.concurrency as string, "--concurrency", NAME);
    if (batchSize < 1) throw new UsageError("--batch-size must be at least 1", NAME);
    if (concurrency < 1) throw new UsageError("--concurrency must be at least 1", NAME);
    const semantics = ((ctx.options.semantics as string[] | undefined) ?? []).map((s) => s.trim()).filter((s) => s !== "");
    const wanted = (links: DatalinkResults): DatalinkRecord[] => (semantics.length ? links.bySemantics(semantics) : links.toArray());

    const rs = await loadResult(ctx, source, asResult);
    const found: Found[] = [];
    if (isLinksDocument(rs)) {
      for (const link of wanted(new DatalinkResults(rs as unknown as ResultSet<DatalinkRecord>))) found.push({ row: undefined, link });
    } else {
      if (rs.length === 0) throw new DALFormatError(`${source}: the result has no rows`);
      let row = 0;
      let linked = 0;
      for await (const links of iterDatalinks(rs, { batchSize, signal: ctx.signal })) {
        if (links.document !== undefined) linked++;
        for (const link of wanted(links)) found.push({ row, link });
        row++;
        ctx.progress.count("rows", row, rs.length, "items");
      }
      if (linked === 0) throw new DALFormatError(`${source}: no row has DataLink links (no datalink service descriptor, no links-document access URL)`);
    }

    const download = ctx.options.download;
    if (typeof download !== "string") {
      await ctx.output(
        textTable(
          ["row", "ID", "semantics", "access_url", "service_def", "content_type", "content_length", "description", "error_message"],
          found.map(({ row, link }) => [row === undefined ? null : String(row), link.id, link.semantics, link.accessUrl, link.serviceDef, link.contentType, link.contentLength === undefined ? null : String(link.contentLength), link.description, link.errorMessage]),
        ),
      );
      return;
    }

    const dir = resolve(ctx.io.cwd, download);
    const todo = found.filter((f) => f.link.accessUrl !== undefined && f.link.errorMessage === undefined);
    if (todo.length === 0) throw new DALFormatError(`${source}: no link${semantics.length ? ` of semantics ${semantics.join(", ")}` : ""} has an access_url to download`);
    const summary: (string | null)[][] = [];
    let failed = 0;
    let done = 0;
    for await (const outcome of fanOutIter(
      todo,
      ({ link }, { signal }) => link.download(dir, { signal, ...(ctx.options.overwrite === true ? { overwrite: true } : {}) }),
      { concurrency, signal: ctx.signal },
    )) {
      done++;
      const { row, link } = outcome.item;
      const label = `${link.id ?? "?"} ${link.semantics ?? ""}`.trim();
      const head = [row === undefined ? null : String(row), link.id ?? null, link.semantics ?? null];
      if (outcome.ok) {
        summary.push([...head, outcome.value.path, String(outcome.value.bytes), null]);
        ctx.progress.item(label, true, `${outcome.value.path} (${outcome.value.bytes} bytes)`);
      } else {
        failed++;
        summary.push([...head, null, null, describeError(outcome.error, false)]);
        ctx.progress.item(label, false, describeError(outcome.error, false));
      }
      ctx.progress.count("links", done, todo.length, "items");
    }
    await ctx.output(textTable(["row", "ID", "semantics", "path", "bytes", "error"], summary));
    return failed === 0 ? ExitCode.OK : ExitCode.PARTIAL;
  },
};


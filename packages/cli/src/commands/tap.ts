/** `vo tap query|tables|capabilities`: TAP from the shell. */
import type { TAPService } from "@vo/protocol-tap";
import type { Command, CommandContext } from "../command.js";
import { countArg, urlArg } from "../args.js";
import { sourceOfResult } from "../output/index.js";
import { textTable } from "./tables.js";
import { readUploads } from "./uploads.js";

function service(ctx: CommandContext, command: string): TAPService {
  return ctx.client().service("tap", urlArg(ctx.positionals[0], "the TAP service URL", command));
}

/** `vo tap query <url> <adql>`: a sync query streamed to the output, or an async job followed through its phases. */
export const tapQuery: Command = {
  path: ["tap", "query"],
  summary: "run an ADQL query on a TAP service (sync, or --async as a UWS job)",
  usage: "tap query <url> <adql> [--async] [--upload name=file]... [--maxrec N] [options]",
  help: [
    "  <url>               the TAP service's base URL (…/tap)",
    "  <adql>              the query; '-' reads it from standard input",
    "      --async         run it as an async job, following its phases (progress on stderr)",
    "      --upload N=F    upload table F (.vot/.xml as it is, .csv read with a header line) as TAP_UPLOAD.N; repeatable",
    "      --maxrec N      ask for at most N rows (an OVERFLOW is reported on stderr)",
    "      --lang L        query language (default ADQL)",
    "A sync result is streamed: any size goes through in constant memory.",
  ],
  examples: [
    'vo tap query http://localhost:8080/tap "SELECT TOP 10 * FROM ivoa.obscore"',
    'vo tap query http://localhost:8080/tap "SELECT * FROM vo_sample.cat" -o cat.arrow',
    'vo tap query --async http://localhost:8080/tap "SELECT COUNT(*) FROM vo_sample.cat"',
    'vo tap query http://localhost:8080/tap "SELECT c.* FROM vo_sample.cat AS c JOIN TAP_UPLOAD.t AS t ON c.id = t.id" --upload t=ids.csv',
  ],
  options: {
    async: { type: "boolean" },
    upload: { type: "string", multiple: true },
    maxrec: { type: "string" },
    lang: { type: "string" },
  },
  positionals: { min: 2, max: 2 },
  async run(ctx) {
    const name = "tap query";
    const tap = service(ctx, name);
    let query = ctx.positionals[1]!;
    if (query === "-") query = await readStdin(ctx);
    const uploadSpecs = (ctx.options.upload as string[] | undefined) ?? [];
    const uploads = uploadSpecs.length ? await readUploads(uploadSpecs, ctx.io.cwd, name) : undefined;
    const maxrec = ctx.options.maxrec === undefined ? undefined : countArg(ctx.options.maxrec as string, "--maxrec", name);
    const options = {
      signal: ctx.signal,
      ...(uploads ? { uploads } : {}),
      ...(maxrec !== undefined ? { maxrec } : {}),
      ...(typeof ctx.options.lang === "string" ? { language: ctx.options.lang } : {}),
    };
    if (ctx.options.async === true) {
      const job = await tap.submitJob(query, options);
      ctx.progress.phase(job.phase, job.url);
      try {
        await job.run({ signal: ctx.signal });
        await job.wait({ signal: ctx.signal, onPhase: (phase: string) => ctx.progress.phase(phase, job.url) });
        await job.raiseIfError({ signal: ctx.signal });
        const result = await job.streamResult({ signal: ctx.signal });
        await ctx.output(sourceOfResult(result));
      } finally {
        await job.delete({ signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
      }
      return;
    }
    const result = await tap.streamSync(query, options);
    await ctx.output(sourceOfResult(result));
  },
};

/** `vo tap tables <url> [table]`: the tables of a service, or the columns of one. */
export const tapTables: Command = {
  path: ["tap", "tables"],
  summary: "list a TAP service's tables, or the columns of one table",
  usage: "tap tables <url> [table] [options]",
  help: ["  <url>     the TAP service's base URL", "  [table]   a table name (schema.table): list its columns instead"],
  examples: ["vo tap tables http://localhost:8080/tap", "vo tap tables http://localhost:8080/tap ivoa.obscore -f csv"],
  options: {},
  positionals: { min: 1, max: 2 },
  async run(ctx) {
    const tables = await service(ctx, "tap tables").tables({ signal: ctx.signal });
    const which = ctx.positionals[1];
    if (which === undefined) {
      await ctx.output(
        textTable(
          ["table_name", "table_type", "nrows", "columns", "description"],
          tables.list().map((t) => [t.name, t.type ?? null, t.nrows === undefined ? null : String(t.nrows), String(t.columns.length), oneLine(t.description)]),
        ),
      );
      return;
    }
    const table = await tables.get(which);
    await ctx.output(
      textTable(
        ["column_name", "datatype", "arraysize", "unit", "ucd", "description"],
        table.columns.map((c) => [c.name, c.datatype?.name ?? null, c.datatype?.arraysize ?? null, c.unit ?? null, c.ucd ?? null, oneLine(c.description)]),
      ),
    );
  },
};

/** `vo tap capabilities <url>`: what the service supports (languages, features, formats, limits). */
export const tapCapabilities: Command = {
  path: ["tap", "capabilities"],
  summary: "show what a TAP service supports: languages, ADQL features, upload methods, output formats, limits",
  usage: "tap capabilities <url> [options]",
  help: ["  <url>   the TAP service's base URL", "With --json the summary is one JSON object on stdout."],
  examples: ["vo tap capabilities http://localhost:8080/tap", "vo tap capabilities http://localhost:8080/tap --json | jq .languages"],
  options: {},
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const caps = await service(ctx, "tap capabilities").capabilities({ signal: ctx.signal });
    const access = caps.tableAccess;
    const summary = {
      dataModels: access?.dataModels.map((d) => d.ivoId) ?? [],
      languages: (access?.languages ?? []).map((l) => ({
        name: l.name,
        versions: l.versions.map((v) => v.version),
        features: l.featureLists.flatMap((fl) => fl.features.map((f) => ({ type: fl.type.replace(/^.*#/, ""), form: f.form }))),
      })),
      uploadMethods: access?.uploadMethods ?? [],
      outputFormats: access?.outputFormats.map((f) => f.mime) ?? [],
      outputLimits: access?.outputLimits ?? [],
      executionDurations: access?.executionDurations ?? [],
      capabilities: caps.capabilities.map((c) => c.standardId),
    };
    if (ctx.json) {
      await ctx.print(JSON.stringify(summary, null, 2));
      return;
    }
    const lines: string[] = [];
    lines.push(`capabilities:   ${summary.capabilities.join(", ") || "(none)"}`);
    if (summary.dataModels.length) lines.push(`data models:    ${summary.dataModels.join(", ")}`);
    for (const l of summary.languages) {
      lines.push(`language:       ${l.name} ${l.versions.join(", ")}`);
      const byType = new Map<string, string[]>();
      for (const f of l.features) byType.set(f.type, [...(byType.get(f.type) ?? []), f.form]);
      for (const [type, forms] of byType) lines.push(`  ${type}: ${forms.join("; ")}`);
    }
    lines.push(`upload methods: ${summary.uploadMethods.map((m) => m.replace(/^.*#/, "")).join(", ") || "(none)"}`);
    lines.push(`output formats: ${summary.outputFormats.join(", ")}`);
    for (const limit of summary.outputLimits) {
      const mode = limit.forMode ? ` (${limit.forMode})` : "";
      lines.push(`output limit${mode}: default ${limit.default ? `${limit.default.value} ${limit.default.unit}s` : "-"}, hard ${limit.hard ? `${limit.hard.value} ${limit.hard.unit}s` : "-"}`);
    }
    for (const limit of summary.executionDurations) {
      lines.push(`execution duration${limit.forMode ? ` (${limit.forMode})` : ""}: default ${limit.default ?? "-"} s, hard ${limit.hard ?? "-"} s`);
    }
    await ctx.print(lines.join("\n"));
  },
};

function oneLine(text: string | undefined): string | null {
  return text === undefined ? null : text.replace(/\s+/g, " ").trim();
}

async function readStdin(ctx: CommandContext): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.io.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString("utf8");
}

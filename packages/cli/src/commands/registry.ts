/** `vo reg search`: find services and data collections in a RegTAP registry (@vo/registry). */
import { createClient } from "@vo/core";
import { tap } from "@vo/protocol-tap";
import { registry, search } from "@vo/registry";
import type { RegistryResource, SearchKeywordArgs } from "@vo/registry";
import type { Command, CommandContext } from "../command.js";
import { countArg, urlArg } from "../args.js";
import { UsageError } from "../exit-codes.js";
import { textTable } from "./tables.js";

const NAME = "reg search";

/** The values of a repeatable option, each also split at commas ("sia,ssa"). */
function listOption(ctx: CommandContext, name: string): string[] {
  const raw = ctx.options[name];
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return values.flatMap((v) => String(v).split(",")).map((v) => v.trim()).filter((v) => v !== "");
}

/** The interface a row shows: of the asked service type when there is one, else the single user-visible one, else the first. */
function accessUrlOf(resource: RegistryResource, servicetypes: readonly string[]): string | undefined {
  for (const type of servicetypes) {
    const found = resource.listInterfaces(type)[0];
    if (found) return found.accessUrl;
  }
  return resource.accessUrl ?? resource.listInterfaces()[0]?.accessUrl;
}

/** `vo reg search`: pyVO's `registry.search(servicetype=…, waveband=…, …)` from the shell. */
export const regSearch: Command = {
  path: ["reg", "search"],
  summary: "search a RegTAP registry by service type, waveband, UAT subject, keywords, data model",
  usage: "reg search [--servicetype T] [--waveband W] [--uat TERM] [--keywords WORD] [--datamodel DM] [--includeaux] [--registry URL] [options]",
  help: [
    "All constraints are AND-ed; repeat an option (or give a comma list) for several values.",
    "      --servicetype T   tap, scs (conesearch), sia, sia2, ssa, slap, hips, datalink, soda, or a standard id",
    "      --waveband W      Radio, Millimeter, Infrared, Optical, UV, EUV, X-ray, Gamma-ray, Neutrino, …",
    "      --uat TERM        a UAT subject term (e.g. neutron-stars)",
    "      --expand-down N   with --uat: also N levels of narrower terms",
    "      --expand-up N     with --uat: also N levels of wider terms",
    "      --keywords WORD   words that must all appear in title, description or subjects",
    "      --datamodel DM    obscore, obscore_new, epntap, regtap, or a data model ivoid",
    "      --includeaux      let --servicetype also match auxiliary capabilities (tap#aux: EPN-TAP, ObsCore tables)",
    "      --maxrec N        at most N resources",
    "      --registry URL    the RegTAP service (default: $IVOA_REGISTRY, else http://reg.g-vo.org/tap)",
    "The output is one row per resource: ivoid, short_name, title, servicetypes, access_url",
    "(the interface of the asked service type when there is one).",
  ],
  examples: [
    "vo reg search --servicetype sia --waveband optical",
    "vo reg search --uat neutron-stars --expand-down 2 -f json",
    "vo reg search --datamodel epntap --servicetype tap --includeaux --registry http://localhost:8080/tap",
    'vo reg search --servicetype scs --keywords "proper motions" -o catalogues.csv',
  ],
  options: {
    servicetype: { type: "string", multiple: true },
    waveband: { type: "string", multiple: true },
    uat: { type: "string" },
    "expand-down": { type: "string" },
    "expand-up": { type: "string" },
    keywords: { type: "string", multiple: true },
    datamodel: { type: "string" },
    includeaux: { type: "boolean" },
    maxrec: { type: "string" },
    registry: { type: "string" },
  },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const servicetype = listOption(ctx, "servicetype");
    const waveband = listOption(ctx, "waveband");
    const keywords = ((ctx.options.keywords as string[] | undefined) ?? []).map((k) => k.trim()).filter((k) => k !== "");
    const uat = typeof ctx.options.uat === "string" ? ctx.options.uat : undefined;
    const expandDown = ctx.options["expand-down"] === undefined ? undefined : countArg(ctx.options["expand-down"] as string, "--expand-down", NAME);
    const expandUp = ctx.options["expand-up"] === undefined ? undefined : countArg(ctx.options["expand-up"] as string, "--expand-up", NAME);
    if (uat === undefined && (expandDown !== undefined || expandUp !== undefined)) throw new UsageError("--expand-down/--expand-up need --uat", NAME);
    const datamodel = typeof ctx.options.datamodel === "string" ? ctx.options.datamodel : undefined;
    if (servicetype.length + waveband.length + keywords.length === 0 && uat === undefined && datamodel === undefined) {
      throw new UsageError("give at least one constraint (--servicetype, --waveband, --uat, --keywords, --datamodel)", NAME);
    }
    if (ctx.options.includeaux === true && servicetype.length === 0) throw new UsageError("--includeaux needs --servicetype", NAME);
    const endpoint = typeof ctx.options.registry === "string" ? urlArg(ctx.options.registry, "--registry", NAME) : ctx.io.env.IVOA_REGISTRY;

    const keywordArgs: SearchKeywordArgs = {
      ...(servicetype.length ? { servicetype } : {}),
      ...(waveband.length ? { waveband } : {}),
      ...(keywords.length ? { keywords } : {}),
      ...(uat !== undefined ? { uat: { term: uat, ...(expandDown !== undefined ? { expandDown } : {}), ...(expandUp !== undefined ? { expandUp } : {}) } } : {}),
      ...(datamodel !== undefined ? { datamodel } : {}),
      ...(ctx.options.includeaux === true ? { includeaux: true } : {}),
      ...(ctx.options.maxrec !== undefined ? { maxrec: countArg(ctx.options.maxrec as string, "--maxrec", NAME) } : {}),
      signal: ctx.signal,
    };
    const client = createClient({ plugins: [registry(endpoint ? { endpoint } : {}), tap()] });
    try {
      ctx.progress.phase("searching the registry");
      const found = await search(client, keywordArgs);
      if (found.overflow) ctx.io.stderr.write(`vo: warning: the registry cut the answer at ${found.length} resources; narrow the search or raise --maxrec\n`);
      const rows = [...found].map((r) => [r.ivoid, r.shortName, r.resTitle, [...r.accessModes()].sort().join(" "), accessUrlOf(r, servicetype)]);
      await ctx.output(textTable(["ivoid", "short_name", "title", "servicetypes", "access_url"], rows));
    } finally {
      await client.close();
    }
  },
};

/** `vo cone|sia|ssa`: the simple DAL searches from the shell. */
import type { Command, CommandContext } from "../command.js";
import { UsageError } from "../exit-codes.js";
import { intervalArg, numberArg, timeIntervalArg, urlArg } from "../args.js";
import { sourceOfResult } from "../output/index.js";

/** `--param NAME=VALUE` options as custom parameters. */
function customParams(ctx: CommandContext, command: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of (ctx.options.param as string[] | undefined) ?? []) {
    const eq = spec.indexOf("=");
    if (eq <= 0) throw new UsageError(`--param must be NAME=VALUE, got ${JSON.stringify(spec)}`, command);
    out[spec.slice(0, eq)] = spec.slice(eq + 1);
  }
  return out;
}

function position(ctx: CommandContext, command: string): [number, number] {
  const ra = numberArg(ctx.positionals[1], "<ra> (degrees)", command);
  const dec = numberArg(ctx.positionals[2], "<dec> (degrees)", command);
  if (ra < 0 || ra > 360) throw new UsageError(`<ra> must be within [0, 360] degrees, got ${ra}`, command);
  if (dec < -90 || dec > 90) throw new UsageError(`<dec> must be within [-90, 90] degrees, got ${dec}`, command);
  return [ra, dec];
}

function positiveArg(text: string | undefined, what: string, command: string): number {
  const value = numberArg(text, what, command);
  if (value <= 0) throw new UsageError(`${what} must be > 0, got ${value}`, command);
  return value;
}

const PARAM_HELP = "      --param N=V      a custom (service-specific) parameter, e.g. VMAG=10/14; repeatable";

/** `vo cone <url> <ra> <dec> <radius>`. */
export const cone: Command = {
  path: ["cone"],
  summary: "cone search (SCS): the sources within <radius> degrees of a position",
  usage: "cone <url> <ra> <dec> <radius> [--verbosity 1|2|3] [--param N=V]... [options]",
  help: ["  <url>             the cone search URL", "  <ra> <dec>        ICRS degrees", "  <radius>          degrees", "      --verbosity V  1 (fewest columns) to 3 (all)", PARAM_HELP],
  examples: ["vo cone http://localhost:8080/vosample/cat/cone/scs.xml 10.6847 41.269 0.05", "vo cone http://localhost:8080/vosample/cat/cone/scs.xml 83.82 -5.39 0.1 --param VMAG=10/14 -f json"],
  options: { verbosity: { type: "string" }, param: { type: "string", multiple: true } },
  positionals: { min: 4, max: 4 },
  async run(ctx) {
    const name = "cone";
    const url = urlArg(ctx.positionals[0], "the cone search URL", name);
    const pos = position(ctx, name);
    const radius = positiveArg(ctx.positionals[3], "<radius> (degrees)", name);
    const verbosity = ctx.options.verbosity === undefined ? undefined : numberArg(ctx.options.verbosity as string, "--verbosity", name);
    if (verbosity !== undefined && ![1, 2, 3].includes(verbosity)) throw new UsageError(`--verbosity must be 1, 2 or 3, got ${verbosity}`, name);
    const result = await ctx
      .client()
      .service("scs", url)
      .search(pos, radius, { ...customParams(ctx, name), signal: ctx.signal, ...(verbosity ? { verbosity: verbosity as 1 | 2 | 3 } : {}) });
    await ctx.output(sourceOfResult(result));
  },
};

/** `vo sia <url> <ra> <dec> <size>`: SIA v1, or v2 with `--v2`. */
export const siaSearch: Command = {
  path: ["sia"],
  summary: "image search (SIA v1, or SIA v2 with --v2) around a position",
  usage: "sia <url> <ra> <dec> <size> [--v2] [--image-format MIME] [--time start/end] [--band lo/hi] [--param N=V]... [options]",
  help: [
    "  <url>             the SIA v1 query URL, or with --v2 the SIA v2 query (or service) URL",
    "  <ra> <dec>        ICRS degrees",
    "  <size>            degrees: the search box's side (v1) or the circle's radius (v2)",
    "      --v2          SIA v2 (ObsCore-shaped results)",
    "      --image-format F  SIA v1 FORMAT (e.g. image/fits, ALL)",
    "      --time S/E    SIA v2: observation time, ISO dates or MJD (either end may be empty)",
    "      --band L/H    SIA v2: wavelength interval in metres",
    PARAM_HELP,
  ],
  examples: [
    "vo sia http://localhost:8080/vosample/img/siap/siap.xml 10.68 41.27 0.2 --image-format image/fits",
    "vo sia --v2 http://localhost:8080/__system__/siap2/sitewide/siap2.xml 10.68 41.27 0.1 --time 2020-01-01/2021-01-01",
  ],
  options: { v2: { type: "boolean" }, "image-format": { type: "string" }, time: { type: "string" }, band: { type: "string" }, param: { type: "string", multiple: true } },
  positionals: { min: 4, max: 4 },
  async run(ctx) {
    const name = "sia";
    const url = urlArg(ctx.positionals[0], "the SIA URL", name);
    const [ra, dec] = position(ctx, name);
    const size = positiveArg(ctx.positionals[3], "<size> (degrees)", name);
    const custom = customParams(ctx, name);
    if (ctx.options.v2 === true) {
      const result = await ctx
        .client()
        .service("sia2", url)
        .search({
          pos: [ra, dec, size],
          ...(typeof ctx.options.time === "string" ? { time: timeIntervalArg(ctx.options.time, "--time", name) } : {}),
          ...(typeof ctx.options.band === "string" ? { band: intervalArg(ctx.options.band, "--band", name) } : {}),
          ...custom,
          signal: ctx.signal,
        });
      await ctx.output(sourceOfResult(result));
      return;
    }
    if (ctx.options.time !== undefined || ctx.options.band !== undefined) throw new UsageError("--time and --band are SIA v2 parameters: add --v2", name);
    const result = await ctx
      .client()
      .service("sia", url)
      .search([ra, dec], size, { ...custom, signal: ctx.signal, ...(typeof ctx.options["image-format"] === "string" ? { format: ctx.options["image-format"] } : {}) });
    await ctx.output(sourceOfResult(result));
  },
};

/** `vo ssa <url> <ra> <dec> <diameter>`. */
export const ssaSearch: Command = {
  path: ["ssa"],
  summary: "spectrum search (SSA) around a position",
  usage: "ssa <url> <ra> <dec> <diameter> [--band lo/hi] [--time start/end] [--spectrum-format F] [--param N=V]... [options]",
  help: [
    "  <url>             the SSA query URL",
    "  <ra> <dec>        ICRS degrees",
    "  <diameter>        degrees",
    "      --band L/H    wavelength interval in metres",
    "      --time S/E    observation time, ISO dates or MJD",
    "      --spectrum-format F  SSA FORMAT (all, votable, fits, a MIME type)",
    PARAM_HELP,
  ],
  examples: ["vo ssa http://localhost:8080/vosample/spec/ssa/ssap.xml 10.68 41.27 0.5", "vo ssa http://localhost:8080/vosample/spec/ssa/ssap.xml 10.68 41.27 0.5 --band 4e-7/7e-7 -f csv"],
  options: { band: { type: "string" }, time: { type: "string" }, "spectrum-format": { type: "string" }, param: { type: "string", multiple: true } },
  positionals: { min: 4, max: 4 },
  async run(ctx) {
    const name = "ssa";
    const url = urlArg(ctx.positionals[0], "the SSA URL", name);
    const pos = position(ctx, name);
    const diameter = positiveArg(ctx.positionals[3], "<diameter> (degrees)", name);
    const result = await ctx
      .client()
      .service("ssa", url)
      .search(pos, diameter, {
        ...customParams(ctx, name),
        signal: ctx.signal,
        ...(typeof ctx.options.band === "string" ? { band: intervalArg(ctx.options.band, "--band", name) } : {}),
        ...(typeof ctx.options.time === "string" ? { time: timeIntervalArg(ctx.options.time, "--time", name) } : {}),
        ...(typeof ctx.options["spectrum-format"] === "string" ? { format: ctx.options["spectrum-format"] } : {}),
      });
    await ctx.output(sourceOfResult(result));
  },
};

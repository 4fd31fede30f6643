/**
 * Registry search (pyVO's `registry.search`): constraints, positional or as
 * keywords, each turned into ADQL by its registered definition, AND-ed into one
 * RegTAP query that returns one row per resource with its interfaces aggregated.
 */
import { ParameterError, StandardId } from "@vo/core";
import type { Constraint, ConstraintDefinition, ModelDefinition, RegistryFeatures, RegistryKind, Service } from "@vo/core";
import { adql, joinAdql, rawAdql } from "@vo/protocol-tap";
import type { AdqlFragment } from "@vo/protocol-tap";
import { DATA_MODELS, includeAuxiliary } from "./constraints.js";
import type { SearchKeywords, ServicetypeValue } from "./constraints.js";
import { RegTAPFeatureMissingError } from "./errors.js";
import { DEFAULT_REGTAP_ENDPOINT, RegTAPService } from "./regtap-service.js";
import { RegistryResults } from "./resource.js";
import { loadVocabulary } from "./vocabulary.js";

/** What the registry functions need of a client: its lookups (any `createClient` client has them). */
export interface RegistryClient<C extends object = object> {
  /** Type-only carrier of the plugins' constraint map. */
  readonly "~constraints"?: C;
  /** Makes a service through the client's plugins. */
  service(key: string, accessUrl: string | URL): Service;
  /** The constraint definition registered for a keyword. */
  constraint(keyword: string): ConstraintDefinition;
  /** The data model definition registered for a utype or ivoid. */
  model(key: string): ModelDefinition;
  /** Whether something is registered. */
  has(kind: RegistryKind, key: string): boolean;
}

/** Options of {@link search}, given in its keyword object. */
export interface SearchOptions {
  /** Let `servicetype` also match auxiliary capabilities (`tap#aux`, `sia#query-aux-2.0`). */
  includeaux?: boolean | undefined;
  /** MAXREC of the RegTAP query (the registry's default limit otherwise). */
  maxrec?: number | undefined;
  /** The registry: a RegTAP service or its TAP URL (default {@link getRegTAPService}). */
  service?: RegTAPService | string | URL | undefined;
  /** Aborts the registry requests. */
  signal?: AbortSignal | undefined;
}

/** The keyword object of {@link search}: built-in keywords, the client's plugin keywords (`C`), and options. */
export type SearchKeywordArgs<C extends object = object> = SearchKeywords & SearchOptions & { [K in keyof C]?: C[K] };

/** One argument of {@link search}: a constraint, a word (a `keywords` constraint), or a keyword object. */
export type SearchArg<C extends object = object> = Constraint | string | SearchKeywordArgs<C>;

const OPTION_KEYS = new Set(["includeaux", "maxrec", "service", "signal"]);

/** The columns of a search result (pyVO's `RegistryResource.expected_columns`). */
const RESOURCE_COLUMNS = [
  "ivoid",
  "res_type",
  "short_name",
  "res_title",
  "content_level",
  "res_description",
  "reference_url",
  "creator_seq",
  "created",
  "updated",
  "rights",
  "content_type",
  "source_format",
  "source_value",
  "region_of_regard",
  "waveband",
];
/** Separates the aggregated interface values (pyVO's token, so results read alike). */
export const AGGREGATE_SEPARATOR = ":::py VO sep:::";
const AGGREGATES: readonly (readonly [string, string])[] = [
  ["access_url", "access_urls"],
  ["standard_id", "standard_ids"],
  ["intf_type", "intf_types"],
  ["intf_role", "intf_roles"],
  ["cap_description", "cap_descriptions"],
];

/** A constraint resolved against the client: its definition and parsed value. */
export interface ResolvedConstraint {
  readonly definition: ConstraintDefinition;
  readonly value: unknown;
}

function isConstraint(arg: unknown): arg is Constraint {
  return typeof arg === "object" && arg !== null && typeof (arg as Constraint).keyword === "string" && "value" in arg && Object.keys(arg).length === 2;
}

/**
 * Resolves search arguments to definitions and parsed values, and splits off the options.
 * @throws ParameterError for a bad value or no constraint at all; PluginError for an unknown keyword.
 */
export async function resolveConstraints(client: RegistryClient, args: readonly unknown[]): Promise<{ constraints: ResolvedConstraint[]; options: SearchOptions }> {
  const raw: Constraint[] = [];
  let options: SearchOptions = {};
  args.forEach((arg, i) => {
    if (typeof arg === "string") raw.push({ keyword: "keywords", value: [arg] });
    else if (isConstraint(arg)) raw.push(arg);
    else if (typeof arg === "object" && arg !== null && !Array.isArray(arg)) {
      for (const [key, value] of Object.entries(arg)) {
        if (OPTION_KEYS.has(key)) options = { ...options, [key]: value };
        else if (value !== undefined) raw.push({ keyword: key, value });
      }
    } else throw new ParameterError(`search argument ${i + 1}`, "a constraint, a word, or an object of keywords and options", arg);
  });
  if (raw.length === 0) throw new ParameterError("constraints", "at least one constraint (e.g. { servicetype: \"tap\" })", args);
  if (raw.some((c) => c.keyword === "waveband")) await loadVocabulary("messenger");
  if (raw.some((c) => c.keyword === "uat")) await loadVocabulary("uat");
  const constraints = raw.map(({ keyword, value }) => {
    const definition = client.constraint(keyword);
    let v = value;
    if (keyword === "datamodel" && typeof v === "string" && !DATA_MODELS[v.toLowerCase().replace("-", "_")] && client.has("model", v)) {
      v = modelValue(v, client.model(v));
    }
    let parsed = definition.parse(v);
    if (keyword === "servicetype" && options.includeaux) parsed = includeAuxiliary(parsed as ServicetypeValue);
    return { definition, value: parsed };
  });
  return { constraints, options };
}

/** A registered model definition as a datamodel value: its `ivoids`/`utypes` (or `ivoid`/`utype`), and the key it was found under. */
function modelValue(key: string, model: ModelDefinition): object {
  const m = model as { name?: unknown; ivoids?: unknown; utypes?: unknown; ivoid?: unknown; utype?: unknown };
  const list = (many: unknown, one: unknown): string[] => [
    ...(Array.isArray(many) ? many.filter((x): x is string => typeof x === "string") : []),
    ...(typeof one === "string" ? [one] : []),
  ];
  const ivoids = list(m.ivoids, m.ivoid);
  const utypes = list(m.utypes, m.utype);
  if (ivoids.length === 0 && utypes.length === 0) {
    // a model registered only under its key: the key is the ivoid or utype
    return { name: key, ivoids: [key], utypes: [key] };
  }
  return { name: typeof m.name === "string" ? m.name : key, ivoids, utypes };
}

/**
 * The ADQL of a registry search on a registry with these features (pyVO's `get_RegTAP_query`).
 * @throws RegTAPFeatureMissingError when the registry cannot evaluate a constraint.
 */
export function buildRegTAPQuery(constraints: readonly ResolvedConstraint[], features: RegistryFeatures): AdqlFragment {
  const conditions = constraints.map(({ definition, value }) => {
    const missing = definition.requires?.(features, value);
    if (missing !== undefined) throw new RegTAPFeatureMissingError(definition.keyword, missing, { url: features.url });
    const cond = rawAdql(definition.condition(value, features).text);
    const tables = definition.tables ?? [];
    if (tables.length === 0) return adql`(${cond})`;
    // the subquery's tables get aliases: DaCHS wants the inner ivoid qualified
    const from = tables.map((t, i) => `${t} AS sub${i}`).join(" NATURAL JOIN ");
    return adql`(ivoid IN (SELECT DISTINCT sub0.ivoid FROM ${rawAdql(from)} WHERE ${cond}))`;
  });
  const select = [
    ...RESOURCE_COLUMNS,
    ...AGGREGATES.map(([col, as]) => `ivo_string_agg(COALESCE(${col}, ''), '${AGGREGATE_SEPARATOR}') AS ${as}`),
  ].join(", ");
  return adql`SELECT ${rawAdql(select)} FROM rr.resource NATURAL LEFT OUTER JOIN rr.capability NATURAL LEFT OUTER JOIN rr.interface WHERE ${joinAdql(conditions, " AND ")} GROUP BY ${rawAdql(RESOURCE_COLUMNS.join(", "))}`;
}

/**
 * Searches the registry (pyVO's `registry.search`). Arguments are constraints
 * (`servicetype("tap")`, `definition.of(value)`), words (a `keywords`
 * constraint), and keyword objects mixing constraint keywords with options
 * (`{ servicetype: "sia2", waveband: "optical", includeaux: true, maxrec: 100 }`);
 * everything is AND-ed. Keywords of constraint plugins are typed from the client.
 *
 * @throws ParameterError for a bad constraint value or no constraint.
 * @throws PluginError `VO_ERR_PLUGIN_MISSING` for a keyword no plugin registered.
 * @throws RegTAPFeatureMissingError when the registry cannot evaluate a constraint.
 * @throws DALServiceError / DALQueryError / DALFormatError from the RegTAP query.
 * @example
 * const client = createClient({ plugins: [registry(), tap(), scs()] });
 * const found = await search(client, { servicetype: "scs", waveband: "optical" });
 * for (const r of found) console.log(r.shortName, r.accessModes());
 */
export async function search<C extends object>(client: RegistryClient<C>, ...args: SearchArg<C>[]): Promise<RegistryResults> {
  const { constraints, options } = await resolveConstraints(client, args);
  const service = await registryService(client, options);
  const features = await service.features({ signal: options.signal });
  const query = buildRegTAPQuery(constraints, features);
  const rs = await service.runSync(query, { maxrec: options.maxrec, signal: options.signal });
  return new RegistryResults(rs, client, service);
}

/** The ADQL a search would send, without sending it (pyVO's `get_RegTAP_query`); reads the registry's features. */
export async function getRegTAPQuery<C extends object>(client: RegistryClient<C>, ...args: SearchArg<C>[]): Promise<string> {
  const { constraints, options } = await resolveConstraints(client, args);
  const service = await registryService(client, options);
  return buildRegTAPQuery(constraints, await service.features({ signal: options.signal })).text;
}

async function registryService(client: RegistryClient, options: SearchOptions): Promise<RegTAPService> {
  if (options.service instanceof RegTAPService) return options.service;
  return getRegTAPService(client, { endpoint: options.service, signal: options.signal });
}

const chosen = new WeakMap<object, Promise<RegTAPService>>();

/**
 * The client's RegTAP service (pyVO's `get_RegTAP_service`): `endpoint` when
 * given; else the `registry({ endpoint })` plugin option, `$IVOA_REGISTRY`, or
 * GAVO's RegTAP. With several endpoints configured, the first whose
 * capabilities answer is chosen, once per client.
 * @throws PluginError `VO_ERR_PLUGIN_MISSING` when the client has no `registry()` plugin.
 * @throws DALServiceError when none of several configured endpoints answers.
 */
export async function getRegTAPService(client: RegistryClient, options: { endpoint?: string | URL | undefined; signal?: AbortSignal | undefined } = {}): Promise<RegTAPService> {
  if (options.endpoint !== undefined) return asRegTAP(client.service(StandardId.REGTAP, options.endpoint));
  let p = chosen.get(client);
  if (!p) {
    p = chooseService(client, options.signal);
    chosen.set(client, p);
    p.catch(() => chosen.delete(client));
  }
  return p;
}

async function chooseService(client: RegistryClient, signal: AbortSignal | undefined): Promise<RegTAPService> {
  const first = asRegTAP(client.service(StandardId.REGTAP, DEFAULT_REGTAP_ENDPOINT));
  const candidates = [first, ...first.alternatives.map((url) => asRegTAP(client.service(StandardId.REGTAP, url)))];
  if (candidates.length === 1) return first;
  let lastError: unknown;
  for (const candidate of candidates) {
    try {
      await candidate.capabilities({ signal });
      return candidate;
    } catch (error) {
      signal?.throwIfAborted();
      lastError = error;
    }
  }
  throw lastError;
}

function asRegTAP(service: Service): RegTAPService {
  if (!(service instanceof RegTAPService)) {
    throw new ParameterError("registry service", "a RegTAPService (the registry() plugin's)", service.constructor?.name ?? typeof service);
  }
  return service;
}

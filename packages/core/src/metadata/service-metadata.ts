/**
 * A service's self-description fetched over the network (FORMAT=METADATA,
 * MAXREC=0, REQUEST=getCapabilities…), and the small base class the simple
 * DAL protocols (SCS, SIA 1/2, SSA, SLA) share: metadata cached per service,
 * custom parameters split from the options bag and validated on request.
 */
import { DALFormatError, DALQueryError, parseVOTable, ParameterError } from "@vo/votable";
import type { Field, VOTableMeta } from "@vo/votable";
import { checkQueryStatus, resultsResource, withUrl } from "../dal/classify.js";
import { dalParamName, formatRange, interval } from "../dal/params.js";
import type { DALParams } from "../dal/params.js";
import { dalRequest } from "../dal/query.js";
import type { DALTarget } from "../dal/query.js";
import { votableWarningSink } from "../dal/result-set.js";
import type { Timeouts, Transport } from "../transport/types.js";
import type { Service, ServiceContext, VOWarning } from "../types.js";
import { describeInputParams, isNumericDatatype } from "./input-params.js";
import type { DescribeInputParamsOptions, InputParam } from "./input-params.js";
import { toJsonSchema, validateParams } from "./json-schema.js";
import type { JsonSchema } from "./json-schema.js";

/** What a service says about itself. */
export interface ServiceMetadata {
  /** The metadata request's URL. */
  url: string;
  /** The service's title (DaCHS: the `serviceInfo` INFO), when given. */
  title: string | undefined;
  /** The document's or results resource's DESCRIPTION. */
  description: string | undefined;
  /** The input parameters it declares. */
  inputParams: InputParam[];
  /** {@link toJsonSchema} of `inputParams`. */
  jsonSchema: JsonSchema;
  /** The output columns (FIELDs of the result table), when the answer has one. */
  fields: Field[];
  /** The whole metadata document. */
  document: VOTableMeta;
}

/** Options of {@link queryServiceMetadata}. */
export interface ServiceMetadataOptions extends DescribeInputParamsOptions {
  signal?: AbortSignal | undefined;
  timeouts?: Timeouts | undefined;
}

/**
 * Sends a metadata query (`{ FORMAT: "METADATA" }` for SIA1/SSA/SCS, `{ MAXREC: 0 }`
 * for SIA2) and reads the declared parameters and output fields.
 *
 * @throws {DALServiceError} network/HTTP problems; {@link DALQueryError} QUERY_STATUS=ERROR; {@link DALFormatError} not a VOTable.
 */
export async function queryServiceMetadata(
  target: DALTarget,
  url: string | URL,
  params: DALParams,
  options: ServiceMetadataOptions = {},
): Promise<ServiceMetadata> {
  const response = await dalRequest(target, url, params, {
    expect: "votable",
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  });
  const resultUrl = response.url || String(url);
  const onWarning = "request" in target ? () => undefined : (target.onWarning ?? (() => undefined));
  let doc;
  try {
    doc = await parseVOTable(response.body, {
      strict: false,
      onWarning: votableWarningSink(onWarning, resultUrl),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    await response.cancel().catch(() => undefined);
    throw withUrl(err, resultUrl);
  }
  const resource = resultsResource(doc.meta);
  checkQueryStatus(doc.meta, resource, doc.resultTable()?.meta, resultUrl, { maxrec: undefined, returned: 0 });
  const inputParams = describeInputParams(doc.meta, options);
  const infos = [...doc.meta.infos, ...(resource?.infos ?? [])];
  const serviceInfo = infos.find((i) => i.name === "serviceInfo");
  return {
    url: resultUrl,
    title: serviceInfo?.content?.trim() || undefined,
    description: (doc.meta.description ?? resource?.description)?.replace(/\s+/g, " ").trim(),
    inputParams,
    jsonSchema: toJsonSchema(inputParams),
    fields: [...(doc.resultTable()?.fields ?? [])],
    document: doc.meta,
  };
}

/** How a simple DAL service reaches the network. */
export interface SimpleServiceOptions {
  /** The client's context (transport and warnings): what plugin factories pass. */
  context?: Pick<ServiceContext, "transport" | "onWarning"> | undefined;
  /** A transport, for a service made without a client. */
  transport?: Transport | undefined;
  /** Where warnings (overflow, lax VOTable) go when there is no context. */
  onWarning?: ((warning: VOWarning) => void) | undefined;
  /** Default time limits of every request the service makes. */
  timeouts?: Timeouts | undefined;
}

/** Options every simple search accepts, besides the custom parameters. */
export interface SimpleSearchOptions {
  /** Cancels the request; it rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /** Time limits of this request. */
  timeouts?: Timeouts | undefined;
  /** Check custom parameters against the service's declared metadata first (one cached metadata request). */
  validate?: boolean | undefined;
  /** Most records the service should return (MAXREC). */
  maxrec?: number | undefined;
  /** Custom parameters, merged with any unknown keys of the options bag. */
  params?: DALParams | undefined;
  /** Most bytes of result read into memory (default 512 MiB), else `VO_ERR_TOO_LARGE`; see `QueryResultOptions.maxResultBytes`. */
  maxResultBytes?: number | undefined;
}

/**
 * Base of the simple DAL services: holds the access URL and transport,
 * caches the metadata, and splits an options bag into known options and
 * custom parameters (pyVO's `**keywords`).
 */
export abstract class SimpleDALService implements Service {
  /** The standardID the service was made for. */
  abstract readonly standardId: string;
  /** The access URL. */
  readonly baseUrl: string;
  /** Where requests go (a client's context or a bare transport). */
  protected readonly target: DALTarget;
  /** Default time limits. */
  protected readonly timeouts: Timeouts | undefined;
  #metadata: Promise<ServiceMetadata> | undefined;

  constructor(baseUrl: string | URL, options: SimpleServiceOptions = {}) {
    this.baseUrl = String(baseUrl);
    const transport = options.context?.transport ?? options.transport;
    if (!transport) {
      throw new ParameterError("options.context", "a client context or a transport (use client.service(…))", undefined);
    }
    this.target = { transport, onWarning: options.context?.onWarning ?? options.onWarning };
    this.timeouts = options.timeouts;
  }

  /** The transport requests go through (for downloads). */
  get transport(): Transport {
    return "request" in this.target ? this.target : this.target.transport;
  }

  /** The parameters of this protocol's metadata query. */
  protected abstract metadataQuery(): DALParams;

  /**
   * A second metadata query for services that do not understand the first
   * (SCS 1.03 has no FORMAT=METADATA: pyVO asks a zero-radius cone instead).
   * Used when the first fails with a query or format error, or declares nothing.
   */
  protected metadataFallbackQuery(): DALParams | undefined {
    return undefined;
  }

  /** Options for reading the metadata (range syntax, descriptor). */
  protected metadataOptions(): DescribeInputParamsOptions {
    return {};
  }

  /**
   * The service's self-description: declared input parameters (with their
   * JSON Schema) and output fields. Fetched once and cached; `refresh` fetches again.
   */
  getMetadata(options: { signal?: AbortSignal | undefined; refresh?: boolean | undefined } = {}): Promise<ServiceMetadata> {
    if (options.refresh || !this.#metadata) {
      const opts = { ...this.metadataOptions(), signal: options.signal, timeouts: this.timeouts };
      const fallback = this.metadataFallbackQuery();
      const pending = queryServiceMetadata(this.target, this.baseUrl, this.metadataQuery(), opts).then(
        async (meta) =>
          fallback && meta.inputParams.length === 0 && meta.fields.length === 0
            ? queryServiceMetadata(this.target, this.baseUrl, fallback, opts)
            : meta,
        async (error: unknown) => {
          if (!fallback || !(error instanceof DALQueryError || error instanceof DALFormatError)) throw error;
          return queryServiceMetadata(this.target, this.baseUrl, fallback, opts);
        },
      );
      this.#metadata = pending;
      pending.catch(() => {
        if (this.#metadata === pending) this.#metadata = undefined;
      });
    }
    return this.#metadata;
  }

  /** pyVO's `describe()`: the metadata, as {@link getMetadata}. */
  describe(options: { signal?: AbortSignal | undefined } = {}): Promise<ServiceMetadata> {
    return this.getMetadata(options);
  }

  /**
   * The standard parameters a search built, plus the custom ones. A custom
   * parameter may not replace a standard one the search set (`RA` when a
   * position was given): that would skip its checks, so it is refused.
   *
   * @throws {ParameterError} naming the custom parameter that clashes.
   */
  protected mergeParams(standard: DALParams, custom: DALParams): DALParams {
    const set = new Set(Object.entries(standard).filter(([, v]) => v !== undefined).map(([k]) => k.toUpperCase()));
    for (const [key, value] of Object.entries(custom)) {
      if (value !== undefined && set.has(key.toUpperCase())) {
        throw new ParameterError(key, `no custom ${key.toUpperCase()}: the search sets it from its own arguments`, value);
      }
    }
    return { ...standard, ...custom };
  }

  /**
   * Splits an options bag: `known` keys stay options, every other key (and
   * `params`) is a custom parameter. Validates the custom parameters against
   * the metadata when `validate` is set.
   *
   * @throws {ParameterError} a custom parameter the service's metadata rejects.
   */
  protected async customParams(
    options: SimpleSearchOptions & { readonly [key: string]: unknown },
    known: readonly string[],
  ): Promise<DALParams> {
    const skip = new Set(["signal", "timeouts", "validate", "maxrec", "params", "maxResultBytes", ...known]);
    const custom: { [name: string]: unknown } = { ...(options.params ?? {}) };
    for (const [key, value] of Object.entries(options)) if (!skip.has(key) && value !== undefined) custom[key] = value;
    if (options.validate && Object.keys(custom).length > 0) {
      const { jsonSchema } = await this.getMetadata({ signal: options.signal });
      validateParams(custom, jsonSchema);
    }
    await this.#resolveIntervalPairs(custom, options.signal);
    return custom as DALParams;
  }

  /**
   * True for protocols whose custom parameters take range lists `lo/hi`
   * (SIA 1.0 §4.1, SSA 1.1 §8.7.2, SLAP): a `[lo, hi]` for a declared
   * parameter is sent as one. Default false (DALI protocols).
   */
  protected customRangeSyntax(): boolean {
    return false;
  }

  /**
   * A custom `[lo, hi]` of two numbers is either an interval or the parameter
   * sent twice; the service's metadata decides (one cached request): a
   * declared DALI interval (`xtype="interval"`) becomes `"lo hi"`, a range-list
   * parameter `"lo/hi"` (every declared parameter of SIA 1/SSA/SLAP, see
   * {@link customRangeSyntax}), an `X_MIN`/`X_MAX` pair its two parameters, and
   * a declared single number is repeated. Otherwise (not declared, metadata
   * unreadable, a string parameter of a DALI protocol) the array is refused.
   */
  async #resolveIntervalPairs(custom: { [name: string]: unknown }, signal: AbortSignal | undefined): Promise<void> {
    const pairs = Object.entries(custom).filter((e): e is [string, [number, number]] => isNumberPair(e[1]));
    if (pairs.length === 0) return;
    let declared: readonly InputParam[] = [];
    try {
      declared = (await this.getMetadata({ signal })).inputParams;
    } catch (err) {
      if (signal?.aborted) throw err;
    }
    const find = (name: string): InputParam | undefined => declared.find((p) => p.name.toUpperCase() === name.toUpperCase());
    for (const [key, [lo, hi]] of pairs) {
      const p = find(key) ?? find(dalParamName(key));
      const pair = p === undefined ? declared.find((d) => d.pair !== undefined && d.pair.base.toUpperCase() === key.toUpperCase())?.pair : undefined;
      if (p?.interval === "dali") custom[key] = interval(lo, hi);
      else if (p?.interval === "range") custom[key] = formatRange(lo, hi);
      else if (pair !== undefined) {
        delete custom[key];
        custom[pair.min] = lo;
        custom[pair.max] = hi;
      } else if (p !== undefined && p.interval === undefined && this.customRangeSyntax()) {
        custom[key] = formatRange(lo, hi); // SIA 1/SSA/SLAP: a declared parameter takes a range list
      } else if (p !== undefined && p.interval === undefined && isNumericDatatype(p.datatype) && (p.arraysize === undefined || p.arraysize === "1")) {
        continue; // a declared single number: the parameter repeats
      } else {
        throw new ParameterError(
          key,
          `an unambiguous value: the service does not declare ${key} as an interval, so [${lo}, ${hi}] could mean either; ` +
            `pass interval(${lo}, ${hi}) for a DALI interval "lo hi", "${lo}/${hi}" for a range, or ["${lo}", "${hi}"] to send ${key} twice`,
          [lo, hi],
        );
      }
    }
  }
}

/** True for an array of exactly two numbers (±Infinity allowed for open ends). */
function isNumberPair(v: unknown): v is [number, number] {
  return Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number" && !Number.isNaN(x));
}

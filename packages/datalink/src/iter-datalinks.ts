/**
 * Links for the rows of any result (TAP, SIA, SSA, ObsCore, …), found
 * through the result's DataLink service descriptor or, failing that, the
 * rows' own datalink access URLs; many IDs per request, requested only when
 * the caller reaches them, yielded in row order.
 */
import { DALQueryError, DALServiceError, ParameterError } from "@vo/core";
import type { DALTarget, Record, ResultSet, ResultStream, ServiceContext, Transport, TransportResponse, VOTableMeta } from "@vo/core";
import { DATALINK_IVOID, DEFAULT_BATCH_SIZE, isDatalinkMediaType } from "./constants.js";
import { DatalinkService } from "./datalink-service.js";
import { serviceDescriptors } from "./descriptor.js";
import type { ServiceDescriptor } from "./descriptor.js";
import { DatalinkResults, fetchUrl } from "./links.js";
import type { LinkRequestOptions } from "./links.js";
import { sodaRequest } from "./soda.js";
import type { SodaParams, SodaRequestOptions } from "./soda.js";

/** A result whose rows can get links: a result set or a streamed result. */
export type LinkableResult<R extends Record> = ResultSet<R> | ResultStream<R>;

/** Options of {@link iterDatalinks}. */
export interface IterDatalinksOptions {
  /** Most IDs in one links request (default 50). A service that truncates (OVERFLOW) lowers it to what it answered. */
  batchSize?: number | undefined;
  /** MAXREC sent with each links request (the service's own limit applies anyway). */
  maxrec?: number | undefined;
  /** The DataLink descriptor to use instead of the result's own (e.g. from another query of the same table). */
  descriptor?: ServiceDescriptor | undefined;
  /** The caller's cancellation. */
  signal?: AbortSignal | undefined;
}

/** Options of {@link datalinks}. */
export interface DatalinksOptions {
  /** The DataLink descriptor to use instead of the result's own. */
  descriptor?: ServiceDescriptor | undefined;
  /** The caller's cancellation. */
  signal?: AbortSignal | undefined;
}

/** The first DataLink descriptor of a document (pyVO's `get_adhocservice_by_ivoid(DATALINK_IVOID)`). */
export function datalinkDescriptor(document: VOTableMeta): ServiceDescriptor | undefined {
  return serviceDescriptors(document).find((d) => d.isDatalink && d.accessUrl !== undefined);
}

/** The first synchronous SODA descriptor of a document (SSA results embed one). */
export function sodaDescriptor(document: VOTableMeta): ServiceDescriptor | undefined {
  return serviceDescriptors(document).find((d) => d.isSoda && d.accessUrl !== undefined);
}

/**
 * Yields, for each row of `result` in row order, a {@link DatalinkResults}
 * whose `originalRow` is the row (pyVO's `iter_datalinks`, batched and in
 * order). IDs go to the links service `batchSize` at a time (POST), and a
 * batch is requested only when iteration reaches it, so `break` stops the
 * requests. A row without any datalink gets empty links. Error rows of the
 * service (unknown IDs, …) are in the row's `errors()`, not thrown.
 *
 * Where the links come from: the result's DataLink service descriptor (its
 * `ID` PARAM `ref`s a column); else the rows' access URLs when their format
 * is a links document (ObsCore `access_format`, SSA `Access.Format`), URLs
 * of the form `…?ID=x` being batched too. A streamed result whose descriptor
 * follows the table (as DaCHS writes it) and whose rows carry no datalink
 * URL is read to its end first; pass `descriptor` to keep it streaming.
 *
 * With a client's result, the links service is the one the `datalink()`
 * plugin registers (a client without it fails with `VO_ERR_PLUGIN_MISSING`).
 *
 * @throws {ParameterError} `result` did not come from a query, or a bad `batchSize`.
 * @throws {DALServiceError} HTTP failures, or a service that answers none of the IDs of a batch.
 * @example
 * for await (const links of iterDatalinks(rs, { batchSize: 100 })) {
 *   const preview = links.previews()[0];
 *   console.log(links.originalRow?.get("obs_id"), preview?.accessUrl);
 * }
 */
export async function* iterDatalinks<R extends Record>(
  result: LinkableResult<R>,
  options: IterDatalinksOptions = {},
): AsyncGenerator<DatalinkResults<R>, void, undefined> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ParameterError("batchSize", "an integer ≥ 1", batchSize);
  const target = targetOf(result);
  const fetcher = new LinksFetcher(target, batchSize, options.maxrec, options.signal);
  let descriptor = options.descriptor ?? datalinkDescriptor(result.document);
  const rows = result[Symbol.asyncIterator]();
  let buffered: R[] | undefined;
  if (descriptor === undefined && isStream(result)) {
    // The descriptor may follow the table: look at the first row, and read on only when it has no datalink URL.
    const first = await rows.next();
    if (first.done) return;
    buffered = [first.value];
    if (rowLevelPlan(first.value) === undefined) {
      for (let r = await rows.next(); !r.done; r = await rows.next()) buffered.push(r.value);
      descriptor = datalinkDescriptor(result.document);
    }
  }
  const next = async (): Promise<IteratorResult<R>> => {
    const b = buffered?.shift();
    return b !== undefined ? { done: false, value: b } : rows.next();
  };
  let done = false;
  while (!done) {
    const window: R[] = [];
    while (window.length < fetcher.size) {
      const r = await next();
      if (r.done) {
        done = true;
        break;
      }
      window.push(r.value);
    }
    if (window.length === 0) break;
    const plans = window.map((row) => planFor(row, descriptor));
    const links = await fetcher.fetch(plans.filter((p): p is Plan => p !== undefined));
    for (let i = 0; i < window.length; i++) {
      const plan = plans[i];
      const row = window[i] as R;
      const got = plan === undefined ? undefined : links.get(plan.key)?.get(plan.id);
      yield got === undefined ? new DatalinkResults<R>(undefined, [], row) : got.byId(plan!.id, row);
    }
  }
}

/**
 * The links of one row (pyVO's `getdatalink`): through the result's DataLink
 * descriptor, else the row's datalink access URL.
 *
 * @throws {DALQueryError} the row has no datalink (no descriptor, no datalink access URL).
 */
export async function datalinks<R extends Record>(record: R, options: DatalinksOptions = {}): Promise<DatalinkResults<R>> {
  const document = record.index.result?.document;
  const descriptor = options.descriptor ?? (document === undefined ? undefined : datalinkDescriptor(document));
  const plan = planFor(record, descriptor);
  if (plan === undefined) {
    throw new DALQueryError("this row has no datalink: its result carries no DataLink service descriptor and its access format is not a links document", {
      url: record.index.result?.url,
    });
  }
  const links = await new LinksFetcher(targetOf(record), 1, undefined, options.signal).fetch([plan]);
  return (links.get(plan.key)?.get(plan.id) ?? new DatalinkResults<R>(undefined, [])).byId(plan.id, record);
}

/**
 * The dataset of a row: its `#this` link (pyVO's `getdataset`). A row
 * without datalink is fetched from its own access URL, unless that URL is a
 * links document (which pyVO would hand back as "the dataset", issue #776).
 *
 * @throws {DatalinkError} the `#this` row is an error row.
 * @throws {DALQueryError} no `#this` link, or no dataset URL at all.
 */
export async function getDataset(record: Record, options: DatalinksOptions & LinkRequestOptions = {}): Promise<TransportResponse> {
  const document = record.index.result?.document;
  const hasDescriptor = options.descriptor !== undefined || (document !== undefined && datalinkDescriptor(document) !== undefined);
  if (hasDescriptor || isDatalinkMediaType(record.getDatasetFormat())) return (await datalinks(record, options)).getDataset(options);
  const url = record.getDatasetUrl();
  if (url === undefined) throw new DALQueryError("this row has neither datalink nor a dataset URL", { url: record.index.result?.url });
  return fetchUrl(targetTransport(targetOf(record)), url, options);
}

/**
 * Calls a SODA service for a row (pyVO's `processed`): the result's embedded
 * SODA descriptor with the row's columns, else the first processing link of
 * the row's links. Never falls back to the whole dataset.
 *
 * @throws {ParameterError} an unknown parameter or one outside the declared range.
 * @throws {DALQueryError} no SODA service for this row.
 */
export async function processed(record: Record, params: SodaParams = {}, options: SodaRequestOptions & DatalinksOptions = {}): Promise<TransportResponse> {
  const document = record.index.result?.document;
  const embedded = document === undefined ? undefined : sodaDescriptor(document);
  if (embedded) return sodaRequest(targetTransport(targetOf(record)), embedded, { ...options, params, row: record });
  const proc = (await datalinks(record, options)).getFirstProc();
  if (!proc) throw new DALQueryError("no SODA service for this row: no embedded SODA descriptor and no processing link", { url: record.index.result?.url });
  return proc.processed(params, options);
}

/** What one row needs: where to send its ID, with which other parameters. */
interface Plan {
  readonly key: string;
  readonly url: string;
  readonly id: string;
  readonly params: { [name: string]: string };
}

function planFor(row: Record, descriptor: ServiceDescriptor | undefined): Plan | undefined {
  if (descriptor?.accessUrl !== undefined) {
    const idParam = descriptor.idParam;
    const params: { [name: string]: string } = {};
    let id: string | undefined;
    for (const p of descriptor.inputParams) {
      const v = p.ref !== undefined ? row.getString(p.ref) : p.value.trim() === "" ? undefined : p.value;
      if (p === idParam) id = v;
      else if (v !== undefined) params[p.name] = v;
    }
    if (id !== undefined) return plan(descriptor.accessUrl, id, params);
  }
  return rowLevelPlan(row);
}

function rowLevelPlan(row: Record): Plan | undefined {
  if (!isDatalinkMediaType(row.getDatasetFormat())) return undefined;
  const url = row.getDatasetUrl();
  if (url === undefined || !URL.canParse(url)) return undefined;
  const u = new URL(url);
  const idKeys = [...u.searchParams.keys()].filter((k) => k.toUpperCase() === "ID");
  if (idKeys.length !== 1 || u.searchParams.getAll(idKeys[0] as string).length !== 1) return undefined;
  const id = u.searchParams.get(idKeys[0] as string) as string;
  const params: { [name: string]: string } = {};
  for (const [k, v] of u.searchParams) if (k.toUpperCase() !== "ID") params[k] = v;
  u.search = "";
  u.hash = "";
  return plan(u.toString(), id, params);
}

function plan(url: string, id: string, params: { [name: string]: string }): Plan {
  return { key: `${url}\u0000${JSON.stringify(Object.entries(params).sort())}`, url, id, params };
}

/** Requests links for plans, grouped by endpoint, `size` IDs per request; learns a service's lower limit from OVERFLOW. */
class LinksFetcher {
  size: number;
  readonly #target: DALTarget;
  readonly #maxrec: number | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #services = new Map<string, DatalinkService>();

  constructor(target: DALTarget, size: number, maxrec: number | undefined, signal: AbortSignal | undefined) {
    this.#target = target;
    this.size = size;
    this.#maxrec = maxrec;
    this.#signal = signal;
  }

  /** Links by plan key, then by ID. */
  async fetch(plans: readonly Plan[]): Promise<Map<string, Map<string, DatalinkResults>>> {
    const groups = new Map<string, { url: string; params: Plan["params"]; ids: string[] }>();
    for (const p of plans) {
      const g = groups.get(p.key) ?? { url: p.url, params: p.params, ids: [] };
      if (!g.ids.includes(p.id)) g.ids.push(p.id);
      groups.set(p.key, g);
    }
    const out = new Map<string, Map<string, DatalinkResults>>();
    for (const [key, g] of groups) out.set(key, await this.#fetchGroup(g.url, g.params, g.ids));
    return out;
  }

  async #fetchGroup(url: string, params: Plan["params"], ids: readonly string[]): Promise<Map<string, DatalinkResults>> {
    const service = this.#service(url);
    const answered = new Map<string, DatalinkResults>();
    let pending = [...ids];
    while (pending.length > 0) {
      const ask = pending.slice(0, this.size);
      const links = await service.search(ask, {
        params,
        method: ask.length > 1 ? "POST" : "GET",
        warnOverflow: false,
        ...(this.#maxrec === undefined ? {} : { maxrec: this.#maxrec }),
        signal: this.#signal,
      });
      const asked = new Set(ask);
      const got = links.ids.filter((id) => asked.has(id));
      const overflow = links.document?.overflow !== undefined;
      // A truncated answer may have cut the last dataset's links short: ask for it again.
      if (overflow && got.length > 1) got.pop();
      if (got.length === 0) {
        throw new DALServiceError(
          `the datalink service answered none of the ${ask.length} IDs asked for (first: ${JSON.stringify(ask[0])})${overflow ? " and said OVERFLOW" : ""}`,
          { url: links.url },
        );
      }
      for (const id of got) answered.set(id, links);
      const done = new Set(got);
      pending = pending.filter((id) => !done.has(id));
      if (overflow) this.size = Math.max(1, Math.min(this.size, got.length));
    }
    return answered;
  }

  #service(url: string): DatalinkService {
    let service = this.#services.get(url);
    if (!service) {
      const target = this.#target;
      service = isServiceContext(target) ? (target.service(DATALINK_IVOID, url) as DatalinkService) : new DatalinkService(url, target);
      this.#services.set(url, service);
    }
    return service;
  }
}

function isStream<R extends Record>(result: LinkableResult<R>): result is ResultStream<R> {
  return !(Symbol.iterator in result);
}

function isServiceContext(target: DALTarget): target is ServiceContext {
  return typeof (target as Partial<ServiceContext>).service === "function";
}

function targetOf(source: { readonly index: { readonly target: DALTarget | undefined } }): DALTarget {
  const target = source.index.target;
  if (target === undefined) throw new ParameterError("result", "a result or record from a query (it carries the client's context or transport)", undefined);
  return target;
}

function targetTransport(target: DALTarget): Transport {
  return "request" in target ? target : target.transport;
}

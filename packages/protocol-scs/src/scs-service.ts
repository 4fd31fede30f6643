import {
  checkQueryStatus,
  DALFormatError,
  DALQueryError,
  ParameterError,
  readResultDocument,
  resultsResource,
  ResultSet,
  SimpleDALService,
  StandardId,
} from "@vo/core";
import type { DALParams, DALTarget, ResultSetInit, SimpleSearchOptions, SimpleServiceOptions, Transport, VOTableMeta } from "@vo/core";
import type { ColumnarTable } from "@vo/votable";
import { SCSRecord } from "./scs-record.js";

/** A sky position in ICRS degrees: `[ra, dec]` or `{ ra, dec }`. */
export type SkyPosition = readonly [ra: number, dec: number] | { readonly ra: number; readonly dec: number };

/** Options of {@link SCSService.search}; any other key is sent as a custom parameter. */
export interface SCSSearchOptions extends SimpleSearchOptions {
  /** VERB: 1 (fewest columns), 2, 3 (all columns). */
  verbosity?: 1 | 2 | 3 | undefined;
  /** Custom parameters (pyVO's `**keywords`), e.g. `{ VMAG: "10/12" }`. */
  readonly [custom: string]: unknown;
}

/** The result of a cone search (pyVO's `SCSResults`): a {@link ResultSet} of {@link SCSRecord}s. */
export class SCSResults extends ResultSet<SCSRecord> {
  constructor(table: ColumnarTable, document: VOTableMeta, url: string, init: ResultSetInit = {}, transport?: Transport) {
    super(table, document, url, (index, cells) => new SCSRecord(index, cells, transport), init);
  }
}

/** `[ra, dec]` of a {@link SkyPosition}, checked. @throws {ParameterError} */
export function toRaDec(pos: SkyPosition, parameter = "pos"): [number, number] {
  const [ra, dec] = Array.isArray(pos) ? (pos as readonly number[]) : [(pos as { ra: number }).ra, (pos as { dec: number }).dec];
  if (typeof ra !== "number" || typeof dec !== "number" || !Number.isFinite(ra) || !Number.isFinite(dec) || ra < 0 || ra > 360 || dec < -90 || dec > 90) {
    throw new ParameterError(parameter, "[ra, dec] in ICRS degrees, ra in [0, 360], dec in [-90, 90]", pos);
  }
  return [ra, dec];
}

/**
 * Simple Cone Search 1.03 client (pyVO's `SCSService`): sources within
 * `radius` degrees of a position.
 *
 * @example
 * const scs = client.service("scs", "http://localhost:8080/vosample/cat/cone/scs.xml");
 * const rs = await scs.search([10.68, 41.27], 0.1, { verbosity: 3 });
 * for (const star of rs) console.log(star.id, star.pos);
 */
export class SCSService extends SimpleDALService {
  readonly standardId: string = StandardId.SCS;

  constructor(baseUrl: string | URL, options: SimpleServiceOptions = {}) {
    super(baseUrl, options);
  }

  protected metadataQuery(): DALParams {
    return { FORMAT: "METADATA" };
  }

  /** SCS 1.03 has no FORMAT=METADATA (DaCHS adds it); elsewhere a zero-radius cone gives the columns, as in pyVO. */
  protected override metadataFallbackQuery(): DALParams {
    return { RA: 0, DEC: 0, SR: 0 };
  }

  /**
   * The query parameters a search sends (RA, DEC, SR, VERB, MAXREC, then custom ones).
   *
   * @throws {ParameterError} a bad position or radius.
   */
  buildParams(pos: SkyPosition, radius: number, options: { verbosity?: 1 | 2 | 3 | undefined; maxrec?: number | undefined } = {}): DALParams {
    const [ra, dec] = toRaDec(pos);
    if (typeof radius !== "number" || !Number.isFinite(radius) || radius < 0 || radius > 180) {
      throw new ParameterError("radius", "a radius in degrees in [0, 180]", radius);
    }
    if (options.verbosity !== undefined && ![1, 2, 3].includes(options.verbosity)) {
      throw new ParameterError("verbosity", "1, 2 or 3", options.verbosity);
    }
    return { RA: ra, DEC: dec, SR: radius, VERB: options.verbosity, MAXREC: options.maxrec };
  }

  /**
   * Searches sources within `radius` degrees of `pos`.
   *
   * @throws {ParameterError} bad input, or (with `validate: true`) a custom parameter the service rejects.
   * @throws {DALServiceError} network/HTTP errors; {@link DALQueryError} the service's error; {@link DALFormatError} a broken answer.
   */
  async search(pos: SkyPosition, radius = 1.0, options: SCSSearchOptions = {}): Promise<SCSResults> {
    const params = this.mergeParams(this.buildParams(pos, radius, options), await this.customParams(options, ["verbosity"]));
    return runSCSQuery(this.target, this.baseUrl, params, {
      signal: options.signal,
      timeouts: options.timeouts ?? this.timeouts,
      maxrec: options.maxrec,
      maxResultBytes: options.maxResultBytes,
      transport: this.transport,
    });
  }
}

/** Runs one SCS request; SCS 1.03 §3.3 errors (`INFO`/`PARAM name="Error"`) become {@link DALQueryError}. */
async function runSCSQuery(
  target: DALTarget,
  url: string,
  params: DALParams,
  options: {
    signal?: AbortSignal | undefined;
    timeouts?: SimpleServiceOptions["timeouts"];
    maxrec?: number | undefined;
    maxResultBytes?: number | undefined;
    transport: Transport;
  },
): Promise<SCSResults> {
  const { doc, url: resultUrl } = await readResultDocument(target, url, params, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    ...(options.maxResultBytes !== undefined ? { maxResultBytes: options.maxResultBytes } : {}),
  });
  const resource = resultsResource(doc.meta);
  const scsError = [...doc.meta.infos, ...(resource?.infos ?? [])].find((i) => i.name === "Error") ??
    resource?.params.find((p) => p.name === "Error");
  if (scsError) {
    const text = ("content" in scsError && scsError.content?.trim()) || scsError.value;
    throw new DALQueryError(`${text} (${resultUrl})`, { url: resultUrl, label: "Error" });
  }
  const table = doc.resultTable();
  if (!table) {
    checkQueryStatus(doc.meta, resource, undefined, resultUrl, { maxrec: options.maxrec, returned: 0 });
    throw new DALFormatError(`the cone search answer has no result TABLE (${resultUrl})`, { url: resultUrl, standard: "SCS 1.03" });
  }
  const rs = new SCSResults(table, doc.meta, resultUrl, { maxrec: options.maxrec }, options.transport);
  if (rs.overflow && !("request" in target)) target.onWarning?.(rs.overflow);
  return rs;
}

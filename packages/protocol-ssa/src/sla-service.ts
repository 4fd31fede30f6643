import { ParameterError, queryResultSet, rangeFromDALI, ResultSet, SimpleDALService, StandardId } from "@vo/core";
import type { DALParams, FieldIndex, ResultSetInit, SimpleSearchOptions, SimpleServiceOptions, VOTableMeta } from "@vo/core";
import type { ColumnarTable } from "@vo/votable";
import { SLARecord } from "./sla-record.js";

/** Options of {@link SLAService.search}; any other key is a custom parameter (`CHEMICAL_ELEMENT`, …). */
export interface SLASearchOptions extends SimpleSearchOptions {
  /** REQUEST (default `queryData`). */
  request?: string | undefined;
  /** Custom parameters. */
  readonly [custom: string]: unknown;
}

/** The result of an SLA query (pyVO's `SLAResults`). */
export class SLAResults extends ResultSet<SLARecord> {
  constructor(table: ColumnarTable, document: VOTableMeta, url: string, init: ResultSetInit = {}) {
    super(table, document, url, (index: FieldIndex, cells) => new SLARecord(index, cells), init);
  }
}

/**
 * Simple Line Access 1.0 client (pyVO's `SLAService`): spectral lines in a wavelength range.
 *
 * @example
 * const lines = await client.service("sla", url).search([6.5e-7, 6.6e-7]);
 * for (const l of lines) console.log(l.title, l.wavelength);
 */
export class SLAService extends SimpleDALService {
  readonly standardId: string = StandardId.SLA;

  constructor(baseUrl: string | URL, options: SimpleServiceOptions = {}) {
    super(baseUrl, options);
  }

  /** Custom parameters take range lists: `{ SEEING: [1.5, 2] }` is sent as `SEEING=1.5/2`. */
  protected override customRangeSyntax(): boolean {
    return true;
  }

  protected metadataQuery(): DALParams {
    return { REQUEST: "queryData", FORMAT: "METADATA" };
  }

  /**
   * The parameters a search sends: REQUEST=queryData, WAVELENGTH=lo/hi in metres (SLAP 1.0 §4.1).
   *
   * @throws {ParameterError} a bad wavelength range.
   */
  buildParams(wavelength: readonly [number, number] | string, options: { request?: string | undefined; maxrec?: number | undefined } = {}): DALParams {
    let range: string;
    if (typeof wavelength === "string") range = rangeFromDALI(wavelength) ?? wavelength;
    else {
      const [a, b] = wavelength;
      if (typeof a !== "number" || typeof b !== "number" || !(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
        throw new ParameterError("wavelength", "[lo, hi]: two positive wavelengths in metres", wavelength);
      }
      range = `${Math.min(a, b)}/${Math.max(a, b)}`;
    }
    return { REQUEST: options.request ?? "queryData", WAVELENGTH: range, MAXREC: options.maxrec };
  }

  /**
   * Searches lines with wavelengths in `[lo, hi]` metres.
   *
   * @throws {ParameterError} bad input; {@link @vo/core!DALServiceError}, {@link @vo/core!DALQueryError}, {@link @vo/core!DALFormatError} as any DAL query.
   */
  async search(wavelength: readonly [number, number] | string, options: SLASearchOptions = {}): Promise<SLAResults> {
    const params = this.mergeParams(this.buildParams(wavelength, options), await this.customParams(options, ["request"]));
    return queryResultSet(this.target, this.baseUrl, params, {
      signal: options.signal,
      timeouts: options.timeouts ?? this.timeouts,
      maxResultBytes: options.maxResultBytes,
      create: (table, document, url, init) => new SLAResults(table, document, url, init),
    });
  }
}

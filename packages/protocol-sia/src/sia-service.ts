import { ParameterError, ResultSet, queryResultSet, SimpleDALService, StandardId } from "@vo/core";
import type { DALParams, ResultSetInit, SimpleSearchOptions, SimpleServiceOptions, Transport, VOTableMeta } from "@vo/core";
import type { ColumnarTable } from "@vo/votable";
import { SIARecord } from "./sia-record.js";

/** A sky position in ICRS degrees: `[ra, dec]` or `{ ra, dec }`. */
export type SkyPosition = readonly [ra: number, dec: number] | { readonly ra: number; readonly dec: number };

/** SIA 1.0 INTERSECT values (§4.1). */
export type SIAIntersect = "COVERS" | "ENCLOSED" | "OVERLAPS" | "CENTER";

/** The SIA 1.0 query options besides position and size. */
export interface SIAQueryOptions {
  /** FORMAT: a MIME type, `ALL`, `GRAPHIC`, `GRAPHIC-ALL`, `METADATA`…; several are joined with commas. */
  format?: string | readonly string[] | undefined;
  /** INTERSECT: how images relate to the search region. */
  intersect?: SIAIntersect | Lowercase<SIAIntersect> | undefined;
  /** VERB: 0–3, how many columns. */
  verbosity?: 0 | 1 | 2 | 3 | undefined;
  /** MAXREC. */
  maxrec?: number | undefined;
}

/** Options of {@link SIAService.search}; any other key is sent as a custom parameter. */
export interface SIASearchOptions extends SIAQueryOptions, SimpleSearchOptions {
  /** Custom parameters (pyVO's `**keywords`), e.g. `{ SEEING: "0/1.5" }`. */
  readonly [custom: string]: unknown;
}

/** The result of an SIA 1.0 query (pyVO's `SIAResults`). */
export class SIAResults extends ResultSet<SIARecord> {
  constructor(table: ColumnarTable, document: VOTableMeta, url: string, init: ResultSetInit = {}, transport?: Transport) {
    super(table, document, url, (index, cells) => new SIARecord(index, cells, transport), init);
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
 * Simple Image Access 1.0 client (pyVO's `SIAService`): images covering a
 * rectangle of `size` degrees around a position.
 *
 * @example
 * const sia = client.service("sia", "http://localhost:8080/vosample/img/siap/siap.xml");
 * const images = await sia.search([10.68, 41.27], 0.2, { format: "image/fits" });
 * await images.at(0)?.download("./data");
 */
export class SIAService extends SimpleDALService {
  readonly standardId: string = StandardId.SIA1;

  constructor(baseUrl: string | URL, options: SimpleServiceOptions = {}) {
    super(baseUrl, options);
  }

  /** Custom parameters take range lists: `{ SEEING: [1.5, 2] }` is sent as `SEEING=1.5/2`. */
  protected override customRangeSyntax(): boolean {
    return true;
  }

  protected metadataQuery(): DALParams {
    return { FORMAT: "METADATA" };
  }

  /**
   * The parameters a search sends: POS=ra,dec, SIZE=w[,h], FORMAT, INTERSECT, VERB (SIA 1.0 §4.1).
   *
   * @throws {ParameterError} a bad position, size, format, intersect or verbosity.
   */
  buildParams(pos: SkyPosition, size: number | readonly [number, number] = 1.0, options: SIAQueryOptions = {}): DALParams {
    const [ra, dec] = toRaDec(pos);
    const sizes = typeof size === "number" ? [size] : [...size];
    if (sizes.length < 1 || sizes.length > 2 || sizes.some((s) => typeof s !== "number" || !Number.isFinite(s) || s < 0 || s > 180)) {
      throw new ParameterError("size", "one or two sizes in degrees in [0, 180]", size);
    }
    const format = options.format === undefined ? undefined : typeof options.format === "string" ? options.format : options.format.join(",");
    if (format !== undefined && format.trim() === "") throw new ParameterError("format", "a MIME type or ALL/GRAPHIC/METADATA", options.format);
    let intersect: string | undefined;
    if (options.intersect !== undefined) {
      intersect = String(options.intersect).toUpperCase();
      if (!["COVERS", "ENCLOSED", "OVERLAPS", "CENTER"].includes(intersect)) {
        throw new ParameterError("intersect", 'one of "COVERS", "ENCLOSED", "OVERLAPS", "CENTER"', options.intersect);
      }
    }
    if (options.verbosity !== undefined && ![0, 1, 2, 3].includes(options.verbosity)) {
      throw new ParameterError("verbosity", "0, 1, 2 or 3", options.verbosity);
    }
    return {
      POS: `${ra},${dec}`,
      SIZE: sizes.join(","),
      FORMAT: format,
      INTERSECT: intersect,
      VERB: options.verbosity,
      MAXREC: options.maxrec,
    };
  }

  /**
   * Searches images around `pos` within `size` degrees (one value, or width and height).
   *
   * @throws {ParameterError} bad input, or (with `validate: true`) a custom parameter the service rejects.
   * @throws {DALServiceError} network/HTTP errors; {@link @vo/core!DALQueryError} the service's error; {@link @vo/core!DALFormatError} a broken answer.
   */
  async search(pos: SkyPosition, size: number | readonly [number, number] = 1.0, options: SIASearchOptions = {}): Promise<SIAResults> {
    const params = this.mergeParams(this.buildParams(pos, size, options), await this.customParams(options, ["format", "intersect", "verbosity"]));
    const transport = this.transport;
    return queryResultSet(this.target, this.baseUrl, params, {
      signal: options.signal,
      timeouts: options.timeouts ?? this.timeouts,
      maxResultBytes: options.maxResultBytes,
      create: (table, document, url, init) => new SIAResults(table, document, url, init, transport),
    });
  }
}

/** A SODA sync endpoint called without a descriptor: the caller names the dataset and the cutout. */
import { dalRequest, dateToMjd, encodeDALParams, intervalFromString, ParameterError } from "@vo/core";
import type { DALParams, DALTarget, Service, TransportResponse } from "@vo/core";
import { SODA_SYNC_IVOID } from "./constants.js";

/** The standard SODA parameters of {@link SodaService.run}; anything else is sent as given. */
export interface SodaRunParams {
  /** `CIRCLE`: `[ra, dec, radius]` in degrees. */
  circle?: readonly [number, number, number] | undefined;
  /** `POLYGON`: `[[ra, dec], …]` in degrees. */
  polygon?: readonly (readonly [number, number])[] | undefined;
  /** `BAND`: `[lo, hi]` in metres, or a DALI interval string `"lo hi"`. */
  band?: readonly [number, number] | string | undefined;
  /** `TIME`: `[start, end]` as MJD or Dates, or a DALI interval string of MJDs `"58000 59000"`. */
  time?: readonly [number | Date, number | Date] | string | undefined;
  /** `POL`: polarization states. */
  pol?: string | readonly string[] | undefined;
}

/**
 * A SODA sync endpoint (`client.service("soda", url)`). Without a service
 * descriptor nothing can be checked before sending; prefer a link's
 * `processed()` or `processed(record, …)`, which validate against the descriptor.
 */
export class SodaService implements Service {
  readonly standardId = SODA_SYNC_IVOID;
  readonly baseUrl: string;
  readonly #target: DALTarget;

  constructor(baseUrl: string, target: DALTarget) {
    this.baseUrl = baseUrl;
    this.#target = target;
  }

  /**
   * GETs the cutout of dataset `id` and returns the response, body unread.
   * @throws {ParameterError} values that cannot be encoded.
   * @throws {DALServiceError} HTTP or network failure (the service's error message in the excerpt).
   */
  async run(id: string, params: SodaRunParams & DALParams = {}, options: { signal?: AbortSignal | undefined } = {}): Promise<TransportResponse> {
    const { circle, polygon, band, time, pol, ...rest } = params;
    const join = (name: string, ns: readonly number[] | undefined): string | undefined => {
      if (ns === undefined) return undefined;
      if (!ns.every((n) => !Number.isNaN(n))) throw new ParameterError(name, "numbers", ns);
      return ns.map((n) => (n === Infinity ? "+Inf" : n === -Infinity ? "-Inf" : String(n))).join(" ");
    };
    const fields = encodeDALParams({
      ...rest,
      ID: id,
      CIRCLE: join("CIRCLE", circle),
      POLYGON: join("POLYGON", polygon?.flat()),
      BAND: typeof band === "string" ? intervalFromString("BAND", band) : join("BAND", band),
      TIME: typeof time === "string" ? intervalFromString("TIME", time) : join("TIME", time?.map((t) => (t instanceof Date ? dateToMjd(t) : t))),
      POL: pol === undefined ? undefined : typeof pol === "string" ? pol : [...pol],
    });
    return dalRequest(this.#target, this.baseUrl, fields, { expect: "any", signal: options.signal });
  }
}

/**
 * ObsCore queries over a TAP service: finding the ObsCore table, and
 * searching many positions at once by uploading them and joining with
 * `ivoa.obscore` (one query instead of one per position).
 */
import { ParameterError } from "@vo/core";
import { adql, joinAdql, rawAdql, tableName } from "@vo/protocol-tap";
import type { AdqlFragment, RunAsyncOptions, TAPService } from "@vo/protocol-tap";
import { OBSCORE_DATAMODEL_IDS, OBSCORE_TABLE } from "./obscore-columns.js";
import type { DataproductType } from "./obscore-columns.js";
import { ObsCoreRecord } from "./obscore-record.js";

/** A sky position in degrees (ICRS); `radius` overrides the search radius for this position. */
export type SkyPosition = { readonly ra: number; readonly dec: number; readonly radius?: number } | readonly [ra: number, dec: number];

/** Options of {@link ObsCoreService.searchPositions}. */
export interface SearchPositionsOptions extends Omit<RunAsyncOptions, "uploads"> {
  /** Search radius in degrees, for positions without their own. */
  radius: number;
  /** Only this data product type (or any of these). */
  dataproductType?: DataproductType | string | readonly (DataproductType | string)[] | undefined;
  /** Only these calibration levels. */
  calibLevel?: number | readonly number[] | undefined;
  /** More conditions on the ObsCore table, aliased `o` (e.g. adql`o.em_min < ${5e-7}`). */
  where?: AdqlFragment | undefined;
  /** "sync" (default) or "async". */
  mode?: "sync" | "async" | undefined;
}

/** One match of {@link ObsCoreService.searchPositions}. */
export interface PositionMatch {
  /** Index of the position in the input array. */
  readonly index: number;
  /** The matching ObsCore row. */
  readonly record: ObsCoreRecord;
}

/**
 * Finds the ObsCore table of a TAP service: `ivoa.obscore` when listed, else
 * a table whose utype names ObsCore; undefined when the service has none.
 * @throws {DALServiceError | DALFormatError} from the VOSI tables request.
 */
export async function findObscoreTable(service: TAPService, options: { signal?: AbortSignal } = {}): Promise<string | undefined> {
  const tables = await service.tables(options);
  if (tables.has(OBSCORE_TABLE)) return tables.names().find((n) => n.toLowerCase() === OBSCORE_TABLE) ?? OBSCORE_TABLE;
  const byUtype = tables.list().find((t) => /ivo:\/\/ivoa\.net\/std\/obscore/i.test(t.utype ?? ""));
  if (byUtype) return byUtype.name;
  try {
    const caps = await service.capabilities(options);
    const declared = caps.tableAccess?.dataModels.some((d) => OBSCORE_DATAMODEL_IDS.some((id) => id.toLowerCase() === d.ivoId.toLowerCase()));
    if (declared) return OBSCORE_TABLE;
  } catch {
    // capabilities are a hint only
  }
  return undefined;
}

/**
 * ObsCore helpers over a {@link TAPService}.
 * @example
 * const obscore = new ObsCoreService(service);
 * const matches = await obscore.searchPositions([[10.68, 41.27], { ra: 83.82, dec: -5.39 }], { radius: 0.1, dataproductType: "spectrum" });
 * for (const { index, record } of matches) console.log(index, record.accessUrl);
 */
export class ObsCoreService {
  /** The TAP service holding the ObsCore table. */
  readonly tap: TAPService;
  /** The ObsCore table name (default `ivoa.obscore`). */
  readonly table: string;

  /** @param tap the TAP service holding the ObsCore table. */
  constructor(tap: TAPService, options: { table?: string } = {}) {
    this.tap = tap;
    this.table = options.table ?? OBSCORE_TABLE;
  }

  /**
   * Runs `SELECT … FROM <obscore table> AS o [WHERE condition]` and returns typed records.
   * @throws the errors of `TAPService.runSync`.
   */
  async search(condition?: AdqlFragment, options: Omit<RunAsyncOptions, "uploads"> & { mode?: "sync" | "async" } = {}): Promise<ObsCoreRecord[]> {
    const q = condition ? adql`SELECT o.* FROM ${tableName(this.table)} AS o WHERE ${condition}` : adql`SELECT o.* FROM ${tableName(this.table)} AS o`;
    const rs = options.mode === "async" ? await this.tap.runAsync(q, options) : await this.tap.runSync(q, options);
    return [...rs].map((r) => new ObsCoreRecord(r, this.tap.context.transport));
  }

  /**
   * Finds the ObsCore rows whose (s_ra, s_dec) lies within `radius` of each
   * position, in one query: the positions are uploaded and joined with
   * `CONTAINS(POINT(o.s_ra, o.s_dec), CIRCLE(u.ra, u.dec, u.radius))`.
   * @throws {ParameterError} for no positions, a bad position or radius.
   * @throws the errors of `TAPService.runSync`/`runAsync`.
   */
  async searchPositions(positions: readonly SkyPosition[], options: SearchPositionsOptions): Promise<PositionMatch[]> {
    const { radius, dataproductType, calibLevel, where, mode, ...queryOptions } = options;
    if (positions.length === 0) throw new ParameterError("positions", "at least one position", positions);
    if (!Number.isFinite(radius) || radius <= 0 || radius > 180) throw new ParameterError("radius", "degrees in (0, 180]", radius);
    const rows = positions.map((p, i) => {
      const [ra, dec, r] = Array.isArray(p) ? [p[0], p[1], undefined] : [(p as { ra: number }).ra, (p as { dec: number }).dec, (p as { radius?: number }).radius];
      if (!Number.isFinite(ra) || !Number.isFinite(dec) || dec < -90 || dec > 90) throw new ParameterError(`positions[${i}]`, "ra, dec in degrees", p);
      return [i, ra, dec, r ?? radius];
    });
    const conditions: AdqlFragment[] = [adql`1 = CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', u.ra, u.dec, u.radius))`];
    if (dataproductType !== undefined) {
      const types = typeof dataproductType === "string" ? [dataproductType] : [...dataproductType];
      conditions.push(types.length === 1 ? adql`o.dataproduct_type = ${types[0]!}` : adql`o.dataproduct_type IN ${types}`);
    }
    if (calibLevel !== undefined) {
      const levels = typeof calibLevel === "number" ? [calibLevel] : [...calibLevel];
      conditions.push(adql`o.calib_level IN ${levels}`);
    }
    if (where) conditions.push(adql`(${where})`);
    const q = adql`SELECT u.pos_index, o.* FROM TAP_UPLOAD.positions AS u JOIN ${tableName(this.table)} AS o ON ${joinAdql(conditions, " AND ")}${rawAdql(" ORDER BY u.pos_index")}`;
    const uploads = {
      positions: {
        fields: [
          { name: "pos_index", datatype: "int" as const },
          { name: "ra", datatype: "double" as const, unit: "deg", ucd: "pos.eq.ra;meta.main" },
          { name: "dec", datatype: "double" as const, unit: "deg", ucd: "pos.eq.dec;meta.main" },
          { name: "radius", datatype: "double" as const, unit: "deg" },
        ],
        rows,
      },
    };
    const rs = mode === "async" ? await this.tap.runAsync(q, { ...queryOptions, uploads }) : await this.tap.runSync(q, { ...queryOptions, uploads });
    return [...rs].map((r) => ({ index: Number(r.get("pos_index")), record: new ObsCoreRecord(r, this.tap.context.transport) }));
  }
}

/**
 * Typed access to ObsCore rows. Columns are found by name first, then by
 * ObsCore utype (services sometimes rename columns but keep the utype).
 */
import { asTimestamp, mjdToDate, Record } from "@vo/core";
import type { CellValue, Transport } from "@vo/core";
import { OBSCORE_COLUMN_BY_NAME } from "./obscore-columns.js";

function str(v: CellValue | undefined): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  return undefined;
}

function num(v: CellValue | undefined): number | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "number") return Number.isNaN(v) ? undefined : v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** A DALI timestamp cell (ISO 8601 text) as a Date. */
function date(v: CellValue | undefined): Date | undefined {
  return v === null || v === undefined ? undefined : asTimestamp(v);
}

/**
 * One ObsCore row with typed getters (`sRa`, `emMin`, `accessUrl`, …). It is a
 * core {@link Record}, so `get`, `cell`, `getNumber`, `getDate`, `getByUcd`,
 * `dataUrl`, `download` and the rest work as on every record; `cell` also finds
 * a standard column by its ObsCore utype when the service renamed it. Absent
 * and null cells read as `undefined`.
 * @example
 * for (const r of obscoreResults(rs)) console.log(r.obsPublisherDid, r.get("s_ra"), r.emMin);
 */
export class ObsCoreRecord extends Record {
  /** The wrapped record (same index and cells as this one). */
  readonly record: Record;
  readonly #transport: Transport | undefined;

  /**
   * Wraps a record of an ObsCore query.
   * @param transport what {@link download} fetches with (records from {@link ObsCoreService} carry their service's);
   * default: the record's result set's (a `queryResultSet`/`queryResultStream` row has it).
   */
  constructor(record: Record, transport?: Transport) {
    super(record.index, record.cells);
    this.record = record;
    this.#transport = transport ?? record.index.transport;
  }

  /** The dataset URL: `access_url`, else core's lookup (pyVO's `getdataurl`). */
  override getDatasetUrl(): string | undefined {
    return this.accessUrl ?? super.getDatasetUrl();
  }

  /** The dataset's MIME type: `access_format`, else core's lookup. */
  override getDatasetFormat(): string | undefined {
    return this.accessFormat ?? super.getDatasetFormat();
  }

  /** `obs_publisher_did` (without `ivo://`), else `obs_id`: the file name {@link download} suggests. */
  override suggestDatasetBasename(): string | undefined {
    return this.obsPublisherDid?.replace(/^ivo:\/\//, "") ?? this.obsId;
  }

  /** The transport given to the constructor, else the result set's. */
  protected override datasetTransport(): Transport | undefined {
    return this.#transport;
  }

  /** A cell by column name, falling back to the ObsCore column's utype. */
  override cell(name: string): CellValue | undefined {
    const v = super.cell(name);
    if (v !== undefined) return v;
    const col = OBSCORE_COLUMN_BY_NAME.get(name);
    return col ? this.getByUtype(col.utype) : undefined;
  }

  /** `dataproduct_type`: "image", "spectrum", "cube", … */
  get dataproductType(): string | undefined {
    return str(this.cell("dataproduct_type"));
  }
  /** `dataproduct_subtype`: the service's finer product type. */
  get dataproductSubtype(): string | undefined {
    return str(this.cell("dataproduct_subtype"));
  }
  /** `calib_level`: 0 (raw) … 4 (analysis product). */
  get calibLevel(): number | undefined {
    return num(this.cell("calib_level"));
  }
  /** `obs_collection`: the collection (survey, instrument archive…). */
  get obsCollection(): string | undefined {
    return str(this.cell("obs_collection"));
  }
  /** `obs_id`: the observation id. */
  get obsId(): string | undefined {
    return str(this.cell("obs_id"));
  }
  /** `obs_publisher_did`: the dataset's IVOA publisher DID. */
  get obsPublisherDid(): string | undefined {
    return str(this.cell("obs_publisher_did"));
  }
  /** `obs_title`: a short human-readable title. */
  get obsTitle(): string | undefined {
    return str(this.cell("obs_title"));
  }
  /** `access_url`: where to get the dataset (or its datalink document). */
  get accessUrl(): string | undefined {
    return str(this.cell("access_url"));
  }
  /** `access_format`: MIME type of what `access_url` returns. */
  get accessFormat(): string | undefined {
    return str(this.cell("access_format"));
  }
  /** Estimated size in kilobytes. */
  get accessEstsize(): number | undefined {
    return num(this.cell("access_estsize"));
  }
  /** `target_name`: the observed object. */
  get targetName(): string | undefined {
    return str(this.cell("target_name"));
  }
  /** `target_class`: the object's class. */
  get targetClass(): string | undefined {
    return str(this.cell("target_class"));
  }
  /** Right ascension of the centre, degrees (ICRS). */
  get sRa(): number | undefined {
    return num(this.cell("s_ra"));
  }
  /** Declination of the centre, degrees (ICRS). */
  get sDec(): number | undefined {
    return num(this.cell("s_dec"));
  }
  /** Field of view diameter, degrees. */
  get sFov(): number | undefined {
    return num(this.cell("s_fov"));
  }
  /** The covered region as the service wrote it (DALI/STC-S string or decoded shape). */
  get sRegion(): CellValue | undefined {
    const v = this.cell("s_region");
    return v === null ? undefined : v;
  }
  /** Spatial resolution, arcsec. */
  get sResolution(): number | undefined {
    return num(this.cell("s_resolution"));
  }
  /** `s_xel1`: number of pixels along the first spatial axis. */
  get sXel1(): number | undefined {
    return num(this.cell("s_xel1"));
  }
  /** `s_xel2`: number of pixels along the second spatial axis. */
  get sXel2(): number | undefined {
    return num(this.cell("s_xel2"));
  }
  /** Start time, MJD. */
  get tMin(): number | undefined {
    return num(this.cell("t_min"));
  }
  /** Stop time, MJD. */
  get tMax(): number | undefined {
    return num(this.cell("t_max"));
  }
  /** Exposure time, s. */
  get tExptime(): number | undefined {
    return num(this.cell("t_exptime"));
  }
  /** `t_resolution`: temporal resolution, s. */
  get tResolution(): number | undefined {
    return num(this.cell("t_resolution"));
  }
  /** `t_xel`: number of elements along the time axis. */
  get tXel(): number | undefined {
    return num(this.cell("t_xel"));
  }
  /** Minimum vacuum wavelength, m. */
  get emMin(): number | undefined {
    return num(this.cell("em_min"));
  }
  /** Maximum vacuum wavelength, m. */
  get emMax(): number | undefined {
    return num(this.cell("em_max"));
  }
  /** `em_res_power`: spectral resolving power λ/Δλ. */
  get emResPower(): number | undefined {
    return num(this.cell("em_res_power"));
  }
  /** `em_xel`: number of elements along the spectral axis. */
  get emXel(): number | undefined {
    return num(this.cell("em_xel"));
  }
  /** `o_ucd`: UCD of the observable (e.g. "phot.flux.density"). */
  get oUcd(): string | undefined {
    return str(this.cell("o_ucd"));
  }
  /** `pol_states`: polarization states, e.g. "/I/Q/U/". */
  get polStates(): string | undefined {
    return str(this.cell("pol_states"));
  }
  /** `pol_xel`: number of polarization samples. */
  get polXel(): number | undefined {
    return num(this.cell("pol_xel"));
  }
  /** `facility_name`: the observatory or telescope. */
  get facilityName(): string | undefined {
    return str(this.cell("facility_name"));
  }
  /** `instrument_name`: the instrument. */
  get instrumentName(): string | undefined {
    return str(this.cell("instrument_name"));
  }
  /** `obs_creation_date` as a Date (pyVO's `obs_create_date`): when the dataset was created. */
  get obsCreateDate(): Date | undefined {
    return date(this.cell("obs_creation_date"));
  }
  /** `obs_creator_name`: who created the data. */
  get obsCreatorName(): string | undefined {
    return str(this.cell("obs_creator_name"));
  }
  /** `obs_creator_did`: the creator's IVOA dataset identifier. */
  get obsCreatorDid(): string | undefined {
    return str(this.cell("obs_creator_did"));
  }
  /** `obs_release_date` as a Date: when the data became public. */
  get obsReleaseDate(): Date | undefined {
    return date(this.cell("obs_release_date"));
  }
  /** `publisher_id`: the publisher's IVOA identifier. */
  get publisherId(): string | undefined {
    return str(this.cell("publisher_id"));
  }
  /** `bib_reference`: a bibcode or other reference for the data. */
  get bibReference(): string | undefined {
    return str(this.cell("bib_reference"));
  }
  /** `data_rights`: "public", "secure" or "proprietary". */
  get dataRights(): string | undefined {
    return str(this.cell("data_rights"));
  }
  /** `s_ucd`: the UCD of the spatial axis. */
  get sUcd(): string | undefined {
    return str(this.cell("s_ucd"));
  }
  /** `s_unit`: the unit of the spatial axis. */
  get sUnit(): string | undefined {
    return str(this.cell("s_unit"));
  }
  /** `s_resolution_min`: the best spatial resolution (arcsec). */
  get sResolutionMin(): number | undefined {
    return num(this.cell("s_resolution_min"));
  }
  /** `s_resolution_max`: the worst spatial resolution (arcsec). */
  get sResolutionMax(): number | undefined {
    return num(this.cell("s_resolution_max"));
  }
  /** `s_calib_status`: calibration status of the spatial axis ("uncalibrated", "raw", "calibrated"). */
  get sCalibStatus(): string | undefined {
    return str(this.cell("s_calib_status"));
  }
  /** `s_stat_error`: astrometric uncertainty (degrees). */
  get sStatError(): number | undefined {
    return num(this.cell("s_stat_error"));
  }
  /** `s_pixel_scale`: the pixel size (arcsec). */
  get sPixelScale(): number | undefined {
    return num(this.cell("s_pixel_scale"));
  }
  /** `t_ref_pos`: the time frame's reference position (a column some services add). */
  get tRefPos(): string | undefined {
    return str(this.cell("t_ref_pos"));
  }
  /** `t_calib_status`: calibration status of the time axis. */
  get tCalibStatus(): string | undefined {
    return str(this.cell("t_calib_status"));
  }
  /** `t_stat_error`: time uncertainty (seconds). */
  get tStatError(): number | undefined {
    return num(this.cell("t_stat_error"));
  }
  /** `em_ucd`: the UCD of the spectral axis (e.g. "em.wl", "em.freq"). */
  get emUcd(): string | undefined {
    return str(this.cell("em_ucd"));
  }
  /** `em_unit`: the unit of the spectral axis. */
  get emUnit(): string | undefined {
    return str(this.cell("em_unit"));
  }
  /** `em_calib_status`: calibration status of the spectral axis. */
  get emCalibStatus(): string | undefined {
    return str(this.cell("em_calib_status"));
  }
  /** `em_res_power_min`: the lowest resolving power. */
  get emResPowerMin(): number | undefined {
    return num(this.cell("em_res_power_min"));
  }
  /** `em_res_power_max`: the highest resolving power. */
  get emResPowerMax(): number | undefined {
    return num(this.cell("em_res_power_max"));
  }
  /** `em_resolution`: the spectral resolution (metres). */
  get emResolution(): number | undefined {
    return num(this.cell("em_resolution"));
  }
  /** `em_stat_error`: spectral uncertainty (metres). */
  get emStatError(): number | undefined {
    return num(this.cell("em_stat_error"));
  }
  /** `o_unit`: the unit of the observable. */
  get oUnit(): string | undefined {
    return str(this.cell("o_unit"));
  }
  /** `o_calib_status`: calibration status of the observable ("absolute", "relative", "normalized", "any"). */
  get oCalibStatus(): string | undefined {
    return str(this.cell("o_calib_status"));
  }
  /** `o_stat_error`: uncertainty of the observable, in `o_unit`. */
  get oStatError(): number | undefined {
    return num(this.cell("o_stat_error"));
  }
  /** `proposal_id`: the observing proposal. */
  get proposalId(): string | undefined {
    return str(this.cell("proposal_id"));
  }
  /** `t_min`/`t_max` as Dates (MJD → UTC, ignoring leap-second subtleties). */
  get timeRange(): { start: Date | undefined; end: Date | undefined } {
    return { start: mjdToDate(this.tMin), end: mjdToDate(this.tMax) };
  }
}

/** Wraps every record of a result as an {@link ObsCoreRecord}; pass the service's transport to enable `download()`. */
export function obscoreResults(records: Iterable<Record>, options: { transport?: Transport } = {}): ObsCoreRecord[] {
  const out: ObsCoreRecord[] = [];
  for (const r of records) out.push(new ObsCoreRecord(r, options.transport));
  return out;
}

/** Wraps the records of a streamed result as they arrive. */
export async function* obscoreStream(records: AsyncIterable<Record>, options: { transport?: Transport } = {}): AsyncGenerator<ObsCoreRecord> {
  for await (const r of records) yield new ObsCoreRecord(r, options.transport);
}

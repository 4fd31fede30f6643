import { asTimestamp, extensionForMediaType, Record } from "@vo/core";
import type { CellValue, FieldIndex, Transport } from "@vo/core";
import { mjdToDate, num, str } from "./cells.js";

/** A DALI timestamp cell (ISO 8601 text) as a Date. */
function timestamp(v: CellValue | undefined): Date | undefined {
  return v === null || v === undefined ? undefined : asTimestamp(v);
}

/**
 * One dataset of an SIA 2.0 result: an ObsCore record (SIA 2.0 §3; ObsCore 1.1
 * §4). Columns are found by their ObsCore utypes (`obscore:Access.Reference`,
 * case-insensitive), then by their ObsCore names (`access_url`, …) for
 * services that leave the utypes out.
 */
export class SIA2Record extends Record {
  readonly #transport: Transport | undefined;

  constructor(index: FieldIndex, cells: readonly CellValue[], transport?: Transport) {
    super(index, cells);
    this.#transport = transport;
  }

  /** The cell of the column with ObsCore utype `obscore:<utype>`, else of ObsCore column `name`. */
  obscore(name: string, utype: string): CellValue | undefined {
    const u = this.index.indexOfUtype(`obscore:${utype}`);
    if (u >= 0) return this.cells[u];
    const i = this.index.indexOf(name);
    return i >= 0 ? this.cells[i] : undefined;
  }

  /** dataproduct_type (image, cube, spectrum…). */
  get dataproductType(): string | undefined {
    return str(this.obscore("dataproduct_type", "ObsDataset.dataProductType"));
  }
  /** calib_level, 0–4. */
  get calibLevel(): number | undefined {
    return num(this.obscore("calib_level", "ObsDataset.calibLevel"));
  }
  /** obs_collection. */
  get obsCollection(): string | undefined {
    return str(this.obscore("obs_collection", "DataID.Collection"));
  }
  /** obs_id. */
  get obsId(): string | undefined {
    return str(this.obscore("obs_id", "DataID.observationID"));
  }
  /** obs_title (DaCHS and others; not an ObsCore mandatory column). */
  get obsTitle(): string | undefined {
    return str(this.obscore("obs_title", "DataID.Title"));
  }
  /** obs_publisher_did: the dataset's IVOA identifier. */
  get obsPublisherDid(): string | undefined {
    return str(this.obscore("obs_publisher_did", "Curation.PublisherDID"));
  }
  /** access_url. */
  get accessUrl(): string | undefined {
    return str(this.obscore("access_url", "Access.Reference"));
  }
  /** access_format: the MIME type. */
  get accessFormat(): string | undefined {
    return str(this.obscore("access_format", "Access.Format"));
  }
  /** access_estsize, kilobytes. */
  get accessEstsize(): number | undefined {
    return num(this.obscore("access_estsize", "Access.Size"));
  }
  /** target_name. */
  get targetName(): string | undefined {
    return str(this.obscore("target_name", "Target.Name"));
  }
  /** s_ra, degrees. */
  get sRa(): number | undefined {
    return num(this.obscore("s_ra", "Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1"));
  }
  /** s_dec, degrees. */
  get sDec(): number | undefined {
    return num(this.obscore("s_dec", "Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C2"));
  }
  /** `[s_ra, s_dec]`. */
  get pos(): [ra: number, dec: number] | undefined {
    const { sRa, sDec } = this;
    return sRa === undefined || sDec === undefined ? undefined : [sRa, sDec];
  }
  /** s_fov, degrees. */
  get sFov(): number | undefined {
    return num(this.obscore("s_fov", "Char.SpatialAxis.Coverage.Bounds.Extent.diameter"));
  }
  /** s_region (an STC-S string or DALI polygon). */
  get sRegion(): CellValue | undefined {
    return this.obscore("s_region", "Char.SpatialAxis.Coverage.Support.Area");
  }
  /** s_resolution, arcsec. */
  get sResolution(): number | undefined {
    return num(this.obscore("s_resolution", "Char.SpatialAxis.Resolution.Refval.value"));
  }
  /** t_min, MJD. */
  get tMin(): number | undefined {
    return num(this.obscore("t_min", "Char.TimeAxis.Coverage.Bounds.Limits.StartTime"));
  }
  /** t_max, MJD. */
  get tMax(): number | undefined {
    return num(this.obscore("t_max", "Char.TimeAxis.Coverage.Bounds.Limits.StopTime"));
  }
  /** t_min as a Date. */
  get dateobs(): Date | undefined {
    return mjdToDate(this.tMin);
  }
  /** t_exptime, seconds. */
  get tExptime(): number | undefined {
    return num(this.obscore("t_exptime", "Char.TimeAxis.Coverage.Support.Extent"));
  }
  /** em_min, metres. */
  get emMin(): number | undefined {
    return num(this.obscore("em_min", "Char.SpectralAxis.Coverage.Bounds.Limits.LoLimit"));
  }
  /** em_max, metres. */
  get emMax(): number | undefined {
    return num(this.obscore("em_max", "Char.SpectralAxis.Coverage.Bounds.Limits.HiLimit"));
  }
  /** pol_states. */
  get polStates(): string | undefined {
    return str(this.obscore("pol_states", "Char.PolarizationAxis.stateList"));
  }
  /** facility_name. */
  get facilityName(): string | undefined {
    return str(this.obscore("facility_name", "Provenance.ObsConfig.Facility.name"));
  }
  /** instrument_name. */
  get instrumentName(): string | undefined {
    return str(this.obscore("instrument_name", "Provenance.ObsConfig.Instrument.name"));
  }
  /** target_class. */
  get targetClass(): string | undefined {
    return str(this.obscore("target_class", "Target.Class"));
  }
  /** obs_creator_did: the creator's dataset identifier. */
  get obsCreatorDid(): string | undefined {
    return str(this.obscore("obs_creator_did", "DataID.CreatorDID"));
  }
  /** t_resolution, seconds. */
  get tResolution(): number | undefined {
    return num(this.obscore("t_resolution", "Char.TimeAxis.Resolution.Refval.value"));
  }
  /** em_res_power: spectral resolving power λ/δλ. */
  get emResPower(): number | undefined {
    return num(this.obscore("em_res_power", "Char.SpectralAxis.Resolution.ResolPower.refVal"));
  }
  /** em_ucd: the UCD of the spectral axis. */
  get emUcd(): string | undefined {
    return str(this.obscore("em_ucd", "Char.SpectralAxis.ucd"));
  }
  /** o_ucd: the UCD of the observable (pixel values). */
  get oUcd(): string | undefined {
    return str(this.obscore("o_ucd", "Char.ObservableAxis.ucd"));
  }
  /** s_xel1: pixels along the first spatial axis. */
  get sXel1(): number | undefined {
    return num(this.obscore("s_xel1", "Char.SpatialAxis.numBins1"));
  }
  /** s_xel2: pixels along the second spatial axis. */
  get sXel2(): number | undefined {
    return num(this.obscore("s_xel2", "Char.SpatialAxis.numBins2"));
  }
  /** t_xel: samples along the time axis. */
  get tXel(): number | undefined {
    return num(this.obscore("t_xel", "Char.TimeAxis.numBins"));
  }
  /** em_xel: samples along the spectral axis. */
  get emXel(): number | undefined {
    return num(this.obscore("em_xel", "Char.SpectralAxis.numBins"));
  }
  /** pol_xel: samples along the polarisation axis. */
  get polXel(): number | undefined {
    return num(this.obscore("pol_xel", "Char.PolarizationAxis.numBins"));
  }
  /** s_pixel_scale, arcsec. */
  get sPixelScale(): number | undefined {
    return num(this.obscore("s_pixel_scale", "Char.SpatialAxis.Sampling.RefVal.SamplingPeriod"));
  }
  /** `dataproduct_subtype`: the data product subtype. */
  get dataproductSubtype(): string | undefined {
    return str(this.obscore("dataproduct_subtype", "ObsDataset.dataProductSubtype"));
  }
  /** `obs_creation_date`: when the dataset was created (pyVO's `obs_create_date`). */
  get obsCreateDate(): Date | undefined {
    return timestamp(this.obscore("obs_creation_date", "DataID.Date"));
  }
  /** `obs_creator_name`: who created the data. */
  get obsCreatorName(): string | undefined {
    return str(this.obscore("obs_creator_name", "DataID.Creator"));
  }
  /** `obs_release_date`: when the data became public. */
  get obsReleaseDate(): Date | undefined {
    return timestamp(this.obscore("obs_release_date", "Curation.releaseDate"));
  }
  /** `publisher_id`: the publisher's IVOA identifier. */
  get publisherId(): string | undefined {
    return str(this.obscore("publisher_id", "Curation.PublisherID"));
  }
  /** `bib_reference`: a bibcode or other reference for the data. */
  get bibReference(): string | undefined {
    return str(this.obscore("bib_reference", "Curation.Reference"));
  }
  /** `data_rights`: "public", "secure" or "proprietary". */
  get dataRights(): string | undefined {
    return str(this.obscore("data_rights", "Curation.Rights"));
  }
  /** `s_ucd`: the UCD of the spatial axis. */
  get sUcd(): string | undefined {
    return str(this.obscore("s_ucd", "Char.SpatialAxis.ucd"));
  }
  /** `s_unit`: the unit of the spatial axis. */
  get sUnit(): string | undefined {
    return str(this.obscore("s_unit", "Char.SpatialAxis.unit"));
  }
  /** `s_resolution_min`: the best spatial resolution (arcsec). */
  get sResolutionMin(): number | undefined {
    return num(this.obscore("s_resolution_min", "Char.SpatialAxis.Resolution.Bounds.Limits.LoLimit"));
  }
  /** `s_resolution_max`: the worst spatial resolution (arcsec). */
  get sResolutionMax(): number | undefined {
    return num(this.obscore("s_resolution_max", "Char.SpatialAxis.Resolution.Bounds.Limits.HiLimit"));
  }
  /** `s_calib_status`: calibration status of the spatial axis. */
  get sCalibStatus(): string | undefined {
    return str(this.obscore("s_calib_status", "Char.SpatialAxis.calibrationStatus"));
  }
  /** `s_stat_error`: astrometric uncertainty (degrees). */
  get sStatError(): number | undefined {
    return num(this.obscore("s_stat_error", "Char.SpatialAxis.Accuracy.StatError.Refval.value"));
  }
  /** `t_calib_status`: calibration status of the time axis. */
  get tCalibStatus(): string | undefined {
    return str(this.obscore("t_calib_status", "Char.TimeAxis.calibrationStatus"));
  }
  /** `t_stat_error`: time uncertainty (seconds). */
  get tStatError(): number | undefined {
    return num(this.obscore("t_stat_error", "Char.TimeAxis.Accuracy.StatError.Refval.value"));
  }
  /** `em_unit`: the unit of the spectral axis. */
  get emUnit(): string | undefined {
    return str(this.obscore("em_unit", "Char.SpectralAxis.unit"));
  }
  /** `em_calib_status`: calibration status of the spectral axis. */
  get emCalibStatus(): string | undefined {
    return str(this.obscore("em_calib_status", "Char.SpectralAxis.calibrationStatus"));
  }
  /** `em_res_power_min`: the lowest resolving power. */
  get emResPowerMin(): number | undefined {
    return num(this.obscore("em_res_power_min", "Char.SpectralAxis.Resolution.ResolPower.LoLimit"));
  }
  /** `em_res_power_max`: the highest resolving power. */
  get emResPowerMax(): number | undefined {
    return num(this.obscore("em_res_power_max", "Char.SpectralAxis.Resolution.ResolPower.HiLimit"));
  }
  /** `em_resolution`: the spectral resolution (metres). */
  get emResolution(): number | undefined {
    return num(this.obscore("em_resolution", "Char.SpectralAxis.Resolution.Refval.value"));
  }
  /** `em_stat_error`: spectral uncertainty (metres). */
  get emStatError(): number | undefined {
    return num(this.obscore("em_stat_error", "Char.SpectralAxis.Accuracy.StatError.Refval.value"));
  }
  /** `o_unit`: the unit of the observable. */
  get oUnit(): string | undefined {
    return str(this.obscore("o_unit", "Char.ObservableAxis.unit"));
  }
  /** `o_calib_status`: calibration status of the observable. */
  get oCalibStatus(): string | undefined {
    return str(this.obscore("o_calib_status", "Char.ObservableAxis.calibrationStatus"));
  }
  /** `o_stat_error`: uncertainty of the observable. */
  get oStatError(): number | undefined {
    return num(this.obscore("o_stat_error", "Char.ObservableAxis.Accuracy.StatError.Refval.value"));
  }
  /** `proposal_id`: the observing proposal. */
  get proposalId(): string | undefined {
    return str(this.obscore("proposal_id", "Provenance.Proposal.identifier"));
  }
  /** `t_ref_pos`: the time frame's reference position (a column some services add; no ObsCore utype). */
  get tRefPos(): string | undefined {
    return str(this.cell("t_ref_pos"));
  }
  /** The title (obs_title), as `SIARecord.title`. */
  get title(): string | undefined {
    return this.obsTitle;
  }
  /** The MIME type (access_format), as `SIARecord.format`. */
  get format(): string | undefined {
    return this.accessFormat;
  }
  /** Estimated size in bytes (access_estsize is in kilobytes), as `SIARecord.filesize`. */
  get filesize(): number | undefined {
    const kb = this.accessEstsize;
    return kb === undefined ? undefined : kb * 1024;
  }
  /** The instrument (instrument_name), as `SIARecord.instr`. */
  get instr(): string | undefined {
    return this.instrumentName;
  }
  /** Lower end of the spectral coverage in metres (em_min), as `SIARecord.bandpassLolimit`. */
  get bandpassLolimit(): number | undefined {
    return this.emMin;
  }
  /** Upper end of the spectral coverage in metres (em_max), as `SIARecord.bandpassHilimit`. */
  get bandpassHilimit(): number | undefined {
    return this.emMax;
  }
  /** The dataset URL: access_url, else any access-reference column; also {@link dataUrl}. */
  override getDatasetUrl(): string | undefined {
    return this.accessUrl ?? super.getDatasetUrl();
  }
  override getDatasetFormat(): string | undefined {
    return this.accessFormat ?? super.getDatasetFormat();
  }

  /** A file name base: obs_title, else obs_id, else the publisher DID's last part, else "dataset". */
  override suggestDatasetBasename(): string {
    const did = this.obsPublisherDid?.split(/[?#/]/).filter((s) => s !== "").at(-1);
    return (this.obsTitle ?? this.obsId ?? did ?? "dataset").replace(/\s+/g, "_");
  }

  /**
   * The file extension for the dataset's MIME type, without the dot (`"fits"` for
   * `image/fits`; pyVO's `suggest_extension`), else `defaultExtension`.
   */
  suggestExtension(defaultExtension?: string): string | undefined {
    return extensionForMediaType(this.getDatasetFormat())?.slice(1) ?? defaultExtension;
  }

  /** The transport given to the constructor, else the result set's. */
  protected override datasetTransport(): Transport | undefined {
    return this.#transport ?? super.datasetTransport();
  }
}

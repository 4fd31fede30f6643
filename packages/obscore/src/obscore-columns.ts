/**
 * The columns of an ObsCore 1.1 table (IVOA ObsCore 1.1, Tables 5 and 6 and
 * Appendix C): name, utype, UCD, unit, VOTable datatype and whether the
 * standard makes it mandatory.
 */
import type { Datatype } from "@vo/core";

/** One ObsCore column definition. */
export interface ObsCoreColumn {
  /** The column name, e.g. "s_ra". */
  readonly name: string;
  /** The ObsCore utype, e.g. "obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1". */
  readonly utype: string;
  /** The UCD, e.g. "pos.eq.ra". */
  readonly ucd: string;
  /** The unit, when the column has one. */
  readonly unit?: string | undefined;
  /** The VOTable datatype. */
  readonly datatype: Datatype;
  /** The VOTable arraysize, for strings and arrays. */
  readonly arraysize?: string | undefined;
  /** The DALI xtype, e.g. "polygon" for `s_region`. */
  readonly xtype?: string | undefined;
  /** True for the columns ObsCore 1.1 requires in `ivoa.obscore`. */
  readonly mandatory: boolean;
  /** The description from ObsCore 1.1. */
  readonly description: string;
}

type Def = [name: string, utype: string, ucd: string, unit: string | undefined, datatype: Datatype, arraysize: string | undefined, xtype: string | undefined, mandatory: boolean, description: string];

const DEFS: readonly Def[] = [
  ["dataproduct_type", "obscore:ObsDataset.dataProductType", "meta.id", undefined, "char", "*", undefined, true, "Data product (file content) primary type"],
  ["calib_level", "obscore:ObsDataset.calibLevel", "meta.code;obs.calib", undefined, "short", undefined, undefined, true, "Calibration level of the observation: 0-4"],
  ["obs_collection", "obscore:DataID.Collection", "meta.id", undefined, "char", "*", undefined, true, "Name of the data collection"],
  ["obs_id", "obscore:DataID.observationID", "meta.id", undefined, "char", "*", undefined, true, "Observation ID"],
  ["obs_publisher_did", "obscore:Curation.PublisherDID", "meta.ref.ivoid", undefined, "char", "*", undefined, true, "Dataset identifier assigned by the publisher"],
  ["access_url", "obscore:Access.Reference", "meta.ref.url", undefined, "char", "*", undefined, true, "URL used to access the dataset"],
  ["access_format", "obscore:Access.Format", "meta.code.mime", undefined, "char", "*", undefined, true, "File content format (MIME type)"],
  ["access_estsize", "obscore:Access.Size", "phys.size;meta.file", "kbyte", "long", undefined, undefined, true, "Estimated size of the dataset in kilobytes"],
  ["target_name", "obscore:Target.Name", "meta.id;src", undefined, "char", "*", undefined, true, "Object of interest"],
  ["s_ra", "obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1", "pos.eq.ra", "deg", "double", undefined, undefined, true, "Central right ascension, ICRS"],
  ["s_dec", "obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C2", "pos.eq.dec", "deg", "double", undefined, undefined, true, "Central declination, ICRS"],
  ["s_fov", "obscore:Char.SpatialAxis.Coverage.Bounds.Extent.diameter", "phys.angSize;instr.fov", "deg", "double", undefined, undefined, true, "Diameter (bounds) of the covered region"],
  ["s_region", "obscore:Char.SpatialAxis.Coverage.Support.Area", "pos.outline;obs.field", "deg", "char", "*", "adql:REGION", true, "Region covered as specified in STC or ADQL"],
  ["s_resolution", "obscore:Char.SpatialAxis.Resolution.Refval.value", "pos.angResolution", "arcsec", "double", undefined, undefined, true, "Spatial resolution of data as FWHM"],
  ["s_xel1", "obscore:Char.SpatialAxis.numBins1", "meta.number", undefined, "long", undefined, undefined, true, "Number of elements along the first spatial axis"],
  ["s_xel2", "obscore:Char.SpatialAxis.numBins2", "meta.number", undefined, "long", undefined, undefined, true, "Number of elements along the second spatial axis"],
  ["t_min", "obscore:Char.TimeAxis.Coverage.Bounds.Limits.StartTime", "time.start;obs.exposure", "d", "double", undefined, undefined, true, "Start time in MJD"],
  ["t_max", "obscore:Char.TimeAxis.Coverage.Bounds.Limits.StopTime", "time.end;obs.exposure", "d", "double", undefined, undefined, true, "Stop time in MJD"],
  ["t_exptime", "obscore:Char.TimeAxis.Coverage.Support.Extent", "time.duration;obs.exposure", "s", "double", undefined, undefined, true, "Total exposure time"],
  ["t_resolution", "obscore:Char.TimeAxis.Resolution.Refval.value", "time.resolution", "s", "double", undefined, undefined, true, "Temporal resolution FWHM"],
  ["t_xel", "obscore:Char.TimeAxis.numBins", "meta.number", undefined, "long", undefined, undefined, true, "Number of elements along the time axis"],
  ["em_min", "obscore:Char.SpectralAxis.Coverage.Bounds.Limits.LoLimit", "em.wl;stat.min", "m", "double", undefined, undefined, true, "Start in spectral coordinates (vacuum wavelength)"],
  ["em_max", "obscore:Char.SpectralAxis.Coverage.Bounds.Limits.HiLimit", "em.wl;stat.max", "m", "double", undefined, undefined, true, "Stop in spectral coordinates (vacuum wavelength)"],
  ["em_res_power", "obscore:Char.SpectralAxis.Resolution.ResolPower.refVal", "spect.resolution", undefined, "double", undefined, undefined, true, "Spectral resolving power"],
  ["em_xel", "obscore:Char.SpectralAxis.numBins", "meta.number", undefined, "long", undefined, undefined, true, "Number of elements along the spectral axis"],
  ["o_ucd", "obscore:Char.ObservableAxis.ucd", "meta.ucd", undefined, "char", "*", undefined, true, "UCD of observable (e.g. phot.flux.density)"],
  ["pol_states", "obscore:Char.PolarizationAxis.stateList", "meta.code;phys.polarization", undefined, "char", "*", undefined, true, "List of polarization states"],
  ["pol_xel", "obscore:Char.PolarizationAxis.numBins", "meta.number", undefined, "long", undefined, undefined, true, "Number of polarization samples"],
  ["facility_name", "obscore:Provenance.ObsConfig.Facility.name", "meta.id;instr.tel", undefined, "char", "*", undefined, true, "Name of the facility used for this observation"],
  ["instrument_name", "obscore:Provenance.ObsConfig.Instrument.name", "meta.id;instr", undefined, "char", "*", undefined, true, "Name of the instrument used for this observation"],
  // Optional columns (ObsCore 1.1 Table 6)
  ["dataproduct_subtype", "obscore:ObsDataset.dataProductSubtype", "meta.code.class", undefined, "char", "*", undefined, false, "Data product specific type"],
  ["target_class", "obscore:Target.Class", "src.class", undefined, "char", "*", undefined, false, "Class of the target/object"],
  ["obs_creation_date", "obscore:DataID.Date", "time;meta.dataset", undefined, "char", "*", "timestamp", false, "Date when the dataset was created"],
  ["obs_creator_name", "obscore:DataID.Creator", "meta.id", undefined, "char", "*", undefined, false, "Name of the creator of the data"],
  ["obs_creator_did", "obscore:DataID.CreatorDID", "meta.id", undefined, "char", "*", undefined, false, "IVOA dataset identifier given by the creator"],
  ["obs_title", "obscore:DataID.Title", "meta.title;obs", undefined, "char", "*", undefined, false, "Brief description of dataset in free format"],
  ["publisher_id", "obscore:Curation.PublisherID", "meta.ref.ivoid", undefined, "char", "*", undefined, false, "IVOA-ID for the publisher"],
  ["bib_reference", "obscore:Curation.Reference", "meta.bib.bibcode", undefined, "char", "*", undefined, false, "Service bibliographic reference"],
  ["data_rights", "obscore:Curation.Rights", "meta.code", undefined, "char", "*", undefined, false, "Public/secure/proprietary"],
  ["obs_release_date", "obscore:Curation.releaseDate", "time.release", undefined, "char", "*", "timestamp", false, "Observation release date"],
  ["s_ucd", "obscore:Char.SpatialAxis.ucd", "meta.ucd", undefined, "char", "*", undefined, false, "UCD for the nature of the spatial axis"],
  ["s_unit", "obscore:Char.SpatialAxis.unit", "meta.unit", undefined, "char", "*", undefined, false, "Unit used for spatial axis"],
  ["s_resolution_min", "obscore:Char.SpatialAxis.Resolution.Bounds.Limits.LoLimit", "pos.angResolution;stat.min", "arcsec", "double", undefined, undefined, false, "Resolution min value on spatial axis (FWHM of PSF)"],
  ["s_resolution_max", "obscore:Char.SpatialAxis.Resolution.Bounds.Limits.HiLimit", "pos.angResolution;stat.max", "arcsec", "double", undefined, undefined, false, "Resolution max value on spatial axis"],
  ["s_calib_status", "obscore:Char.SpatialAxis.calibrationStatus", "meta.code.qual", undefined, "char", "*", undefined, false, "Type of calibration along the spatial axis"],
  ["s_stat_error", "obscore:Char.SpatialAxis.Accuracy.StatError.Refval.value", "stat.error;pos.eq", "deg", "double", undefined, undefined, false, "Astrometric precision along the spatial axis"],
  ["s_pixel_scale", "obscore:Char.SpatialAxis.Sampling.RefVal.SamplingPeriod", "phys.angSize;instr.pixel", "arcsec", "double", undefined, undefined, false, "Sampling period in world coordinate units along the spatial axis"],
  ["t_calib_status", "obscore:Char.TimeAxis.calibrationStatus", "meta.code.qual", undefined, "char", "*", undefined, false, "Type of time coordinate calibration"],
  ["t_stat_error", "obscore:Char.TimeAxis.Accuracy.StatError.Refval.value", "stat.error;time", "s", "double", undefined, undefined, false, "Time coord statistical error"],
  ["em_ucd", "obscore:Char.SpectralAxis.ucd", "meta.ucd", undefined, "char", "*", undefined, false, "Nature of the spectral axis"],
  ["em_unit", "obscore:Char.SpectralAxis.unit", "meta.unit", undefined, "char", "*", undefined, false, "Units along the spectral axis"],
  ["em_calib_status", "obscore:Char.SpectralAxis.calibrationStatus", "meta.code.qual", undefined, "char", "*", undefined, false, "Type of spectral coord calibration"],
  ["em_res_power_min", "obscore:Char.SpectralAxis.Resolution.ResolPower.LoLimit", "spect.resolution;stat.min", undefined, "double", undefined, undefined, false, "Resolving power min value on spectral axis"],
  ["em_res_power_max", "obscore:Char.SpectralAxis.Resolution.ResolPower.HiLimit", "spect.resolution;stat.max", undefined, "double", undefined, undefined, false, "Resolving power max value on spectral axis"],
  ["em_resolution", "obscore:Char.SpectralAxis.Resolution.Refval.value", "spect.resolution;stat.mean", "m", "double", undefined, undefined, false, "Value of resolution along the spectral axis"],
  ["em_stat_error", "obscore:Char.SpectralAxis.Accuracy.StatError.Refval.value", "stat.error;em", "m", "double", undefined, undefined, false, "Spectral coord statistical error"],
  ["o_unit", "obscore:Char.ObservableAxis.unit", "meta.unit", undefined, "char", "*", undefined, false, "Units used for the observable values"],
  ["o_calib_status", "obscore:Char.ObservableAxis.calibrationStatus", "meta.code.qual", undefined, "char", "*", undefined, false, "Level of calibration for the observable coordinates"],
  ["o_stat_error", "obscore:Char.ObservableAxis.Accuracy.StatError.Refval.value", "stat.error;phot.flux", undefined, "double", undefined, undefined, false, "Statistical error on the observable"],
  ["proposal_id", "obscore:Provenance.Proposal.identifier", "meta.id;obs.proposal", undefined, "char", "*", undefined, false, "Identifier of proposal to which the observation belongs"],
];

/** Every ObsCore 1.1 column, mandatory first, in the order of the standard. */
export const OBSCORE_COLUMNS: readonly ObsCoreColumn[] = DEFS.map(([name, utype, ucd, unit, datatype, arraysize, xtype, mandatory, description]) => ({
  name,
  utype,
  ucd,
  unit,
  datatype,
  arraysize,
  xtype,
  mandatory,
  description,
}));

/** ObsCore columns by name. */
export const OBSCORE_COLUMN_BY_NAME: ReadonlyMap<string, ObsCoreColumn> = new Map(OBSCORE_COLUMNS.map((c) => [c.name, c]));

/** The ObsCore 1.1 data product types (§3.3.1). */
export const DATAPRODUCT_TYPES = ["image", "cube", "spectrum", "sed", "timeseries", "visibility", "event", "measurements"] as const;

/** An ObsCore data product type; other strings are allowed (services extend the list). */
export type DataproductType = (typeof DATAPRODUCT_TYPES)[number];

/** pyVO's `POLARIZATION_STATES` and `CALIBRATION_LEVELS`: defined in `@vo/core`, which SIA 2 shares. */
export { POLARIZATION_STATES, CALIBRATION_LEVELS } from "@vo/core";
export type { PolarizationState, CalibrationLevel } from "@vo/core";

/** The standard name of the ObsCore table. */
export const OBSCORE_TABLE = "ivoa.obscore";

/** Data model ivo-ids by which TAP services declare ObsCore (TAPRegExt `dataModel`). */
export const OBSCORE_DATAMODEL_IDS: readonly string[] = ["ivo://ivoa.net/std/ObsCore#core-1.1", "ivo://ivoa.net/std/ObsCore#table-1.1", "ivo://ivoa.net/std/ObsCore/v1.0", "ivo://ivoa.net/std/ObsCore#core-1.0"];

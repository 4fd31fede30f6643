/**
 * The columns of an EPN-TAP 2.0 `epn_core` table (IVOA EPN-TAP 2.0, section
 * 2): name, VOTable datatype, unit, UCD, whether the standard makes it
 * mandatory, and whether it may hold a hash list (several values joined by
 * `#`, e.g. `Visible and Infrared Thermal Imaging Spectrometer#VIRTIS`).
 *
 * Units of c1…c3 and their resolutions depend on `spatial_frame_type`: the
 * ones given are those of the `body` and `celestial` frames (degrees, km);
 * in a `cartesian` frame all three are km.
 */

/** One EPN-TAP 2.0 column. */
export interface EPNTAPColumn {
  /** The column name, e.g. "time_min". */
  readonly name: string;
  /** The VOTable datatype. */
  readonly datatype: "char" | "double" | "int" | "long";
  /** The unit, when the column has one. */
  readonly unit?: string | undefined;
  /** The UCD, e.g. "time.start;obs". */
  readonly ucd: string;
  /** True for the columns EPN-TAP 2.0 requires in every epn_core table. */
  readonly mandatory: boolean;
  /** True when the value may be a `#`-separated list ({@link splitHashlist}). */
  readonly hashlist: boolean;
  /** What it holds. */
  readonly description: string;
}

type Def = [name: string, datatype: EPNTAPColumn["datatype"], unit: string | undefined, ucd: string, mandatory: boolean, hashlist: boolean, description: string];

const M = true;
const O = false;
const DEFS: readonly Def[] = [
  ["granule_uid", "char", undefined, "meta.id", M, false, "Unique identifier of the granule (row) in the table"],
  ["granule_gid", "char", undefined, "meta.id", M, false, "Common to granules of the same type (e.g. same processing)"],
  ["obs_id", "char", undefined, "meta.id;obs", M, false, "Common to granules derived from the same observation"],
  ["dataproduct_type", "char", undefined, "meta.code.class", M, true, "Kind of product: im, sp, sc, ds, ts, pr, …"],
  ["target_name", "char", undefined, "meta.id;src", M, true, "Standard IAU name of the target"],
  ["target_class", "char", undefined, "src.class", M, true, "Kind of target: planet, satellite, comet, asteroid, dwarf_planet, …"],
  ["time_min", "double", "d", "time.start;obs", M, false, "Acquisition start time, Julian Day (UTC at time_refposition)"],
  ["time_max", "double", "d", "time.end;obs", M, false, "Acquisition stop time, Julian Day"],
  ["time_sampling_step_min", "double", "s", "time.resolution;stat.min", M, false, "Sampling time, lower limit"],
  ["time_sampling_step_max", "double", "s", "time.resolution;stat.max", M, false, "Sampling time, upper limit"],
  ["time_exp_min", "double", "s", "time.duration;obs.exposure;stat.min", M, false, "Integration time, lower limit"],
  ["time_exp_max", "double", "s", "time.duration;obs.exposure;stat.max", M, false, "Integration time, upper limit"],
  ["spectral_range_min", "double", "Hz", "em.freq;stat.min", M, false, "Spectral range (frequency), lower limit"],
  ["spectral_range_max", "double", "Hz", "em.freq;stat.max", M, false, "Spectral range (frequency), upper limit"],
  ["spectral_sampling_step_min", "double", "Hz", "em.freq;spect.binSize;stat.min", M, false, "Spectral sampling step, lower limit"],
  ["spectral_sampling_step_max", "double", "Hz", "em.freq;spect.binSize;stat.max", M, false, "Spectral sampling step, upper limit"],
  ["spectral_resolution_min", "double", undefined, "spect.resolution;stat.min", M, false, "Spectral resolution, lower limit"],
  ["spectral_resolution_max", "double", undefined, "spect.resolution;stat.max", M, false, "Spectral resolution, upper limit"],
  ["c1min", "double", "deg", "pos.bodyrc.lon;stat.min", M, false, "First coordinate (longitude, RA, x), lower limit"],
  ["c1max", "double", "deg", "pos.bodyrc.lon;stat.max", M, false, "First coordinate, upper limit"],
  ["c2min", "double", "deg", "pos.bodyrc.lat;stat.min", M, false, "Second coordinate (latitude, Dec, y), lower limit"],
  ["c2max", "double", "deg", "pos.bodyrc.lat;stat.max", M, false, "Second coordinate, upper limit"],
  ["c3min", "double", "km", "pos.bodyrc.alt;stat.min", M, false, "Third coordinate (altitude, distance, z), lower limit"],
  ["c3max", "double", "km", "pos.bodyrc.alt;stat.max", M, false, "Third coordinate, upper limit"],
  ["s_region", "char", undefined, "pos.outline;obs.field", M, false, "Footprint (ADQL/DALI region) in celestial, spherical or body-fixed frames"],
  ["c1_resol_min", "double", "deg", "pos.angResolution;stat.min", M, false, "Resolution in the first coordinate, lower limit"],
  ["c1_resol_max", "double", "deg", "pos.angResolution;stat.max", M, false, "Resolution in the first coordinate, upper limit"],
  ["c2_resol_min", "double", "deg", "pos.angResolution;stat.min", M, false, "Resolution in the second coordinate, lower limit"],
  ["c2_resol_max", "double", "deg", "pos.angResolution;stat.max", M, false, "Resolution in the second coordinate, upper limit"],
  ["c3_resol_min", "double", "km", "pos.resolution;stat.min", M, false, "Resolution in the third coordinate, lower limit"],
  ["c3_resol_max", "double", "km", "pos.resolution;stat.max", M, false, "Resolution in the third coordinate, upper limit"],
  ["spatial_frame_type", "char", undefined, "meta.code.class;pos.frame", M, false, "celestial, body, cartesian, cylindrical, spherical, healpix or none"],
  ["incidence_min", "double", "deg", "pos.incidenceAng;stat.min", M, false, "Incidence angle (solar zenith angle), lower limit"],
  ["incidence_max", "double", "deg", "pos.incidenceAng;stat.max", M, false, "Incidence angle, upper limit"],
  ["emergence_min", "double", "deg", "pos.emergenceAng;stat.min", M, false, "Emergence angle, lower limit"],
  ["emergence_max", "double", "deg", "pos.emergenceAng;stat.max", M, false, "Emergence angle, upper limit"],
  ["phase_min", "double", "deg", "pos.phaseAng;stat.min", M, false, "Phase angle, lower limit"],
  ["phase_max", "double", "deg", "pos.phaseAng;stat.max", M, false, "Phase angle, upper limit"],
  ["instrument_host_name", "char", undefined, "meta.id;instr.obsty", M, true, "Observatory or spacecraft"],
  ["instrument_name", "char", undefined, "meta.id;instr", M, true, "Instrument, often with its acronym: name#ACRONYM"],
  ["measurement_type", "char", undefined, "meta.ucd", M, true, "UCD(s) of the measured quantity"],
  ["processing_level", "int", undefined, "meta.calibLevel", M, false, "CODMAC-like calibration level, 1 (raw) to 6"],
  ["creation_date", "char", undefined, "time.creation", M, false, "Date of first entry of the granule (ISO 8601)"],
  ["modification_date", "char", undefined, "time.processing", M, false, "Date of last modification (ISO 8601)"],
  ["release_date", "char", undefined, "time.release", M, false, "Start of public access (ISO 8601)"],
  ["service_title", "char", undefined, "meta.title", M, false, "Short title of the service (identifies it in multi-service results)"],
  ["access_url", "char", undefined, "meta.ref.url;meta.file", O, false, "URL of the data file"],
  ["access_format", "char", undefined, "meta.code.mime", O, false, "Media type of the data file"],
  ["access_estsize", "int", "kbyte", "phys.size;meta.file", O, false, "Estimated size of the data file"],
  ["thumbnail_url", "char", undefined, "meta.ref.url;meta.preview", O, false, "URL of a preview"],
  ["file_name", "char", undefined, "meta.id;meta.file", O, false, "Name of the data file"],
  ["species", "char", undefined, "meta.id;phys.atmol", O, true, "Chemical species"],
  ["alt_target_name", "char", undefined, "meta.id;src", O, true, "Other names of the target"],
  ["target_region", "char", undefined, "meta.id;class", O, true, "Part of the target (atmosphere, surface, …)"],
  ["feature_name", "char", undefined, "meta.id;pos", O, true, "Feature on the target (crater, …)"],
  ["publisher", "char", undefined, "meta.curation", O, false, "Publisher of the data"],
  ["bib_reference", "char", undefined, "meta.bib", O, true, "Bibcodes or DOIs"],
];

/** Every EPN-TAP 2.0 column described here, mandatory ones first, in the standard's order. */
export const EPNTAP_COLUMNS: readonly EPNTAPColumn[] = Object.freeze(
  DEFS.map(([name, datatype, unit, ucd, mandatory, hashlist, description]) => Object.freeze({ name, datatype, unit, ucd, mandatory, hashlist, description })),
);

/** The columns by name. */
export const EPNTAP_COLUMN_BY_NAME: ReadonlyMap<string, EPNTAPColumn> = new Map(EPNTAP_COLUMNS.map((c) => [c.name, c]));

/** The names of the columns every epn_core table has. */
export const EPNTAP_MANDATORY_COLUMNS: readonly string[] = Object.freeze(EPNTAP_COLUMNS.filter((c) => c.mandatory).map((c) => c.name));

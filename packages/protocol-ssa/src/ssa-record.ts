import { asTimestamp, extensionForMediaType, mjdToDate, Record } from "@vo/core";
import type { CellValue, FieldIndex, Transport } from "@vo/core";

/** A finite number from a numeric, bigint or numeric-string cell. */
export function num(v: CellValue | undefined): number | undefined {
  if (typeof v === "number") return Number.isNaN(v) ? undefined : v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

/** A trimmed non-empty string. */
export function str(v: CellValue | undefined): string | undefined {
  if (typeof v === "string") return v.trim() === "" ? undefined : v.trim();
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  return undefined;
}

function pair(v: CellValue | undefined): [number, number] | undefined {
  let ns: number[] = [];
  if (v !== null && v !== undefined && ArrayBuffer.isView(v)) ns = Array.from(v as ArrayLike<number | bigint>, Number);
  else if (typeof v === "string") ns = v.trim().split(/[\s,]+/).map(Number);
  const [a, b] = ns;
  return a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b) ? undefined : [a, b];
}

/**
 * One spectrum of an SSA result (pyVO's `SSARecord`), its columns found by
 * the SSA data model utypes (SSA 1.1 §8.4, `ssa:Access.Reference`, `ssa:DataID.Title`, …).
 */
export class SSARecord extends Record {
  readonly #transport: Transport | undefined;

  constructor(index: FieldIndex, cells: readonly CellValue[], transport?: Transport) {
    super(index, cells);
    this.#transport = transport;
  }

  /** `[ra, dec]` from ssa:Char.SpatialAxis.Coverage.Location.Value (else ssa:Target.Pos). */
  get pos(): [ra: number, dec: number] | undefined {
    return pair(this.getByUtype("ssa:Char.SpatialAxis.Coverage.Location.Value")) ?? pair(this.getByUtype("ssa:Target.Pos"));
  }
  /** Right ascension, degrees. */
  get ra(): number | undefined {
    return this.pos?.[0];
  }
  /** Declination, degrees. */
  get dec(): number | undefined {
    return this.pos?.[1];
  }
  /** ssa:DataID.Title. */
  get title(): string | undefined {
    return str(this.getByUtype("ssa:DataID.Title"));
  }
  /** ssa:Access.Format: the MIME type. */
  get format(): string | undefined {
    return str(this.getByUtype("ssa:Access.Format"));
  }
  /** ssa:Access.Reference: the spectrum's URL (pyVO's `acref`). */
  get acref(): string | undefined {
    return str(this.getByUtype("ssa:Access.Reference"));
  }
  /** ssa:Access.Size, bytes. */
  get filesize(): number | undefined {
    return num(this.getByUtype("ssa:Access.Size"));
  }
  /** ssa:DataID.Creator. */
  get creator(): string | undefined {
    return str(this.getByUtype("ssa:DataID.Creator"));
  }
  /** ssa:DataID.Instrument. */
  get instr(): string | undefined {
    return str(this.getByUtype("ssa:DataID.Instrument"));
  }
  /** ssa:Target.Name. */
  get targetName(): string | undefined {
    return str(this.getByUtype("ssa:Target.Name"));
  }
  /** ssa:Curation.PublisherDID. */
  get publisherDid(): string | undefined {
    return str(this.getByUtype("ssa:Curation.PublisherDID"));
  }
  /** Start of the spectral coverage, metres (ssa:Char.SpectralAxis.Coverage.Bounds.Start). */
  get bandpassLolimit(): number | undefined {
    return num(this.getByUtype("ssa:Char.SpectralAxis.Coverage.Bounds.Start"));
  }
  /** End of the spectral coverage, metres (ssa:Char.SpectralAxis.Coverage.Bounds.Stop). */
  get bandpassHilimit(): number | undefined {
    return num(this.getByUtype("ssa:Char.SpectralAxis.Coverage.Bounds.Stop"));
  }
  /** Midpoint of the spectral coverage, metres (ssa:Char.SpectralAxis.Coverage.Location.Value). */
  get bandpassRefvalue(): number | undefined {
    return num(this.getByUtype("ssa:Char.SpectralAxis.Coverage.Location.Value"));
  }
  /** Width of the spectral coverage, metres (ssa:Char.SpectralAxis.Coverage.Bounds.Extent). */
  get bandpassExtent(): number | undefined {
    return num(this.getByUtype("ssa:Char.SpectralAxis.Coverage.Bounds.Extent"));
  }
  /** Observation time: ssa:Char.TimeAxis.Coverage.Location.Value (MJD), else ssa:DataID.Date (ISO). */
  get dateobs(): Date | undefined {
    const mjd = num(this.getByUtype("ssa:Char.TimeAxis.Coverage.Location.Value"));
    if (mjd !== undefined) return mjdToDate(mjd);
    const iso = str(this.getByUtype("ssa:DataID.Date"));
    return iso === undefined ? undefined : asTimestamp(iso);
  }

  /** {@link acref}, else any access-reference column; also {@link dataUrl} and what {@link download} fetches. */
  override getDatasetUrl(): string | undefined {
    return str(this.getByUtype("ssa:Access.Reference")) ?? super.getDatasetUrl();
  }
  override getDatasetFormat(): string | undefined {
    return this.format ?? super.getDatasetFormat();
  }

  /** A file name base: the title with blanks as `_` ("spectrum" when untitled). */
  override suggestDatasetBasename(): string {
    return this.title?.replace(/\s+/g, "_") ?? "spectrum";
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

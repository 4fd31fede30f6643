import { extensionForMediaType, Record } from "@vo/core";
import type { CellValue, FieldIndex, Transport } from "@vo/core";
import { mjdToDate, num, nums, str } from "./cells.js";

/**
 * One image of an SIA 1.0 result (pyVO's `SIARecord`), its columns found by
 * the UCD1 words SIA 1.0 §5.1 requires (`VOX:Image_Title`, `POS_EQ_RA_MAIN`, …).
 */
export class SIARecord extends Record {
  readonly #transport: Transport | undefined;

  constructor(index: FieldIndex, cells: readonly CellValue[], transport?: Transport) {
    super(index, cells);
    this.#transport = transport;
  }

  /** VOX:Image_Title. */
  get title(): string | undefined {
    return str(this.getByUcd("VOX:Image_Title"));
  }
  /** POS_EQ_RA_MAIN, degrees. */
  get ra(): number | undefined {
    return num(this.getByUcd("POS_EQ_RA_MAIN"));
  }
  /** POS_EQ_DEC_MAIN, degrees. */
  get dec(): number | undefined {
    return num(this.getByUcd("POS_EQ_DEC_MAIN"));
  }
  /** `[ra, dec]` of the image centre, degrees. */
  get pos(): [ra: number, dec: number] | undefined {
    const { ra, dec } = this;
    return ra === undefined || dec === undefined ? undefined : [ra, dec];
  }
  /** INST_ID: the instrument. */
  get instr(): string | undefined {
    return str(this.getByUcd("INST_ID"));
  }
  /** VOX:Image_MJDateObs as a Date (undefined for null/NaN). */
  get dateobs(): Date | undefined {
    return mjdToDate(num(this.getByUcd("VOX:Image_MJDateObs")));
  }
  /** VOX:Image_Naxes. */
  get naxes(): number | undefined {
    return num(this.getByUcd("VOX:Image_Naxes"));
  }
  /** VOX:Image_Naxis: pixels per axis. */
  get naxis(): number[] | undefined {
    return nums(this.getByUcd("VOX:Image_Naxis"));
  }
  /** VOX:Image_Scale: degrees per pixel per axis. */
  get scale(): number[] | undefined {
    return nums(this.getByUcd("VOX:Image_Scale"));
  }
  /** VOX:Image_Format: the MIME type. */
  get format(): string | undefined {
    return str(this.getByUcd("VOX:Image_Format"));
  }
  /** VOX:STC_CoordRefFrame. */
  get coordFrame(): string | undefined {
    return str(this.getByUcd("VOX:STC_CoordRefFrame"));
  }
  /** VOX:STC_CoordEquinox. */
  get coordEquinox(): number | undefined {
    return num(this.getByUcd("VOX:STC_CoordEquinox"));
  }
  /** VOX:WCS_CoordProjection (e.g. TAN). */
  get coordProjection(): string | undefined {
    return str(this.getByUcd("VOX:WCS_CoordProjection"));
  }
  /** VOX:WCS_CoordRefPixel. */
  get coordRefPixel(): number[] | undefined {
    return nums(this.getByUcd("VOX:WCS_CoordRefPixel"));
  }
  /** VOX:WCS_CoordRefValue. */
  get coordRefValue(): number[] | undefined {
    return nums(this.getByUcd("VOX:WCS_CoordRefValue"));
  }
  /** VOX:WCS_CDMatrix. */
  get cdmatrix(): number[] | undefined {
    return nums(this.getByUcd("VOX:WCS_CDMatrix"));
  }
  /** VOX:BandPass_ID. */
  get bandpassId(): string | undefined {
    return str(this.getByUcd("VOX:BandPass_ID"));
  }
  /** VOX:BandPass_Unit. */
  get bandpassUnit(): string | undefined {
    return str(this.getByUcd("VOX:BandPass_Unit"));
  }
  /** VOX:BandPass_RefValue. */
  get bandpassRefvalue(): number | undefined {
    return num(this.getByUcd("VOX:BandPass_RefValue"));
  }
  /** VOX:BandPass_HiLimit. */
  get bandpassHilimit(): number | undefined {
    return num(this.getByUcd("VOX:BandPass_HiLimit"));
  }
  /** VOX:BandPass_LoLimit. */
  get bandpassLolimit(): number | undefined {
    return num(this.getByUcd("VOX:BandPass_LoLimit"));
  }
  /** VOX:Image_PixFlags. */
  get pixflags(): string | undefined {
    return str(this.getByUcd("VOX:Image_PixFlags"));
  }
  /** VOX:Image_AccessReference (pyVO's `acref`). */
  get acref(): string | undefined {
    return str(this.getByUcd("VOX:Image_AccessReference"));
  }
  /** VOX:Image_AccessRefTTL, seconds. */
  get acrefTtl(): number | undefined {
    return num(this.getByUcd("VOX:Image_AccessRefTTL"));
  }
  /** VOX:Image_FileSize, bytes. */
  get filesize(): number | undefined {
    return num(this.getByUcd("VOX:Image_FileSize"));
  }
  /** Alias of {@link dataUrl} (the image URL: `acref`, else any access-reference column). */
  get accessUrl(): string | undefined {
    return this.dataUrl;
  }

  /** `acref`, else any access-reference column; also {@link dataUrl} and what {@link download} fetches. */
  override getDatasetUrl(): string | undefined {
    return str(this.getByUcd("VOX:Image_AccessReference")) ?? super.getDatasetUrl();
  }

  /** The file name base {@link download} uses: the title with blanks as `_` ("image" when untitled). */
  override suggestDatasetBasename(): string {
    return this.title?.replace(/\s+/g, "_") ?? "image";
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

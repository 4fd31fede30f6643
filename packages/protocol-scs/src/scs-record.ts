import { Record } from "@vo/core";
import type { CellValue, FieldIndex, Transport } from "@vo/core";

function num(v: CellValue | undefined): number | undefined {
  if (typeof v === "number") return Number.isNaN(v) ? undefined : v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

/**
 * One source of a cone search (pyVO's `SCSRecord`). Position and identifier are
 * found by UCD, modern UCD1+ (`pos.eq.ra;meta.main`, `meta.id;meta.main`) first,
 * then the UCD1 words SCS 1.03 requires (`POS_EQ_RA_MAIN`, `ID_MAIN`).
 * A catalogue row that links a dataset (`meta.ref.url`, utype `Access.Reference`)
 * has a {@link dataUrl} and can {@link download} it.
 */
export class SCSRecord extends Record {
  readonly #transport: Transport | undefined;

  constructor(index: FieldIndex, cells: readonly CellValue[], transport?: Transport) {
    super(index, cells);
    this.#transport = transport;
  }

  private byUcds(...ucds: string[]): CellValue | undefined {
    for (const ucd of ucds) {
      const i = this.index.indexOfUcd(ucd);
      if (i >= 0) return this.cells[i];
    }
    return undefined;
  }

  /** Right ascension in degrees. */
  get ra(): number | undefined {
    return num(this.byUcds("pos.eq.ra;meta.main", "POS_EQ_RA_MAIN", "pos.eq.ra"));
  }

  /** Declination in degrees. */
  get dec(): number | undefined {
    return num(this.byUcds("pos.eq.dec;meta.main", "POS_EQ_DEC_MAIN", "pos.eq.dec"));
  }

  /** `[ra, dec]` in degrees, or undefined when either is missing. */
  get pos(): [ra: number, dec: number] | undefined {
    const { ra, dec } = this;
    return ra === undefined || dec === undefined ? undefined : [ra, dec];
  }

  /** The source's main identifier (`meta.id;meta.main` or `ID_MAIN`); `long` ids stay bigint. */
  get id(): string | number | bigint | undefined {
    const v = this.byUcds("meta.id;meta.main", "ID_MAIN");
    return typeof v === "string" || typeof v === "number" || typeof v === "bigint" ? v : undefined;
  }

  /** The file name base {@link download} uses: the source's {@link id}, if any. */
  override suggestDatasetBasename(): string | undefined {
    const id = this.id;
    return id === undefined ? undefined : String(id);
  }

  /** The transport given to the constructor, else the result set's. */
  protected override datasetTransport(): Transport | undefined {
    return this.#transport ?? super.datasetTransport();
  }
}

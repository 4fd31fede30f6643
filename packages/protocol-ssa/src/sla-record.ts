import { Record } from "@vo/core";
import { num, str } from "./ssa-record.js";

/**
 * One spectral line of an SLA result (pyVO's `SLARecord`), found by the
 * Simple Spectral Line Data Model utypes (`ssldm:Line.*`; `ldm:` also matches).
 */
export class SLARecord extends Record {
  /** Line.title. */
  get title(): string | undefined {
    return str(this.getByUtype("ssldm:Line.title"));
  }
  /** Line.wavelength.value, metres (SLAP 1.0 §2.2). */
  get wavelength(): number | undefined {
    return num(this.getByUtype("ssldm:Line.wavelength.value"));
  }
  /** Line.species.name. */
  get speciesName(): string | undefined {
    return str(this.getByUtype("ssldm:Line.species.name"));
  }
  /** Line.identificationStatus. */
  get status(): string | undefined {
    return str(this.getByUtype("ssldm:Line.identificationStatus"));
  }
  /** Line.initialLevel.name. */
  get initialLevel(): string | undefined {
    return str(this.getByUtype("ssldm:Line.initialLevel.name"));
  }
  /** Line.finalLevel.name. */
  get finalLevel(): string | undefined {
    return str(this.getByUtype("ssldm:Line.finalLevel.name"));
  }
}

/** The registry's own error: a RegTAP service that cannot evaluate a constraint (pyVO's `RegTAPFeatureMissing`). */
import { DALQueryError } from "@vo/core";
import type { VOErrorOptions } from "@vo/core";

/**
 * The RegTAP service lacks what a constraint needs (an ADQL feature, a table, a
 * column type). Code `VO_ERR_QUERY` (it is a `DALQueryError`); `feature` says
 * what is missing, `keyword` which constraint needed it, `url` the registry.
 * To recover, search on another registry (`search({ datamodel: "regtap" })`
 * lists them) and pass it as `service`.
 */
export class RegTAPFeatureMissingError extends DALQueryError {
  static override readonly id: string = "RegTAPFeatureMissingError";
  /** What the registry lacks, e.g. "the ADQL MOC function" or "table rr.stc_spatial". */
  readonly feature: string;
  /** The constraint keyword that needed it. */
  readonly keyword: string;

  constructor(keyword: string, feature: string, options: VOErrorOptions = {}) {
    super(`the RegTAP service cannot evaluate the ${keyword} constraint: it lacks ${feature}${options.url ? ` (${options.url})` : ""}`, options);
    this.feature = feature;
    this.keyword = keyword;
  }
}

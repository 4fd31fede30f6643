import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Where the shared conformance corpus is (pyVO's and astropy's documents,
 * read in place, never copied into the repository): `VO_CORPUS`, else
 * `../shared/corpus` beside the repository, else `/work/shared/corpus`.
 * Undefined when none exists, so corpus tests can say so and not run.
 */
export function sharedCorpusDir(): string | undefined {
  const beside = fileURLToPath(new URL("../../../../shared/corpus", import.meta.url));
  const candidates = [process.env.VO_CORPUS, beside, "/work/shared/corpus"];
  return candidates.find((dir): dir is string => dir !== undefined && dir !== "" && existsSync(dir));
}

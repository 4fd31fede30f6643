/** What the registry examples share: the registry to ask, and how they print. */
import { fileURLToPath } from "node:url";

/** The DaCHS test bed (scripts/start-dachs.sh), or any server given by VO_DACHS_URL. */
export const DACHS = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");

/** The registry the examples search: the test bed's RegTAP service; `IVOA_REGISTRY` picks another (GAVO's: http://reg.g-vo.org/tap). */
export const REGISTRY = process.env.IVOA_REGISTRY ?? `${DACHS}/tap`;

/** What every example accepts, so tests can keep it quiet. */
export interface ExampleOptions {
  /** Where to print (default: console.log). */
  log?: (line: string) => void;
}

/** True when the module is the script node was started with. */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(url) === process.argv[1];
}

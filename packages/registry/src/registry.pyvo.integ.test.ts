/**
 * pyVO side by side: Debian's python3-pyvo 1.2.1, pointed at the RegTAP test
 * bed (IVOA_REGISTRY), and @vo find the same ivoids for the same servicetype,
 * waveband, keywords and datamodel searches. pyVO 1.2.1 only returns resources
 * with a standard interface of scs, sia, ssa, slap or tap (plus #aux with
 * includeaux), so @vo's searches name those service types too.
 * Fails (never skips) when /usr/bin/python3 or pyvo is missing.
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "@vo/core";
import type { Client } from "@vo/core";
import { registry } from "./plugin.js";
import { search } from "./search.js";
import type { SearchKeywordArgs } from "./search.js";

const base = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");
const REGTAP = `${base}/tap`;
const PYVO_TYPES = ["scs", "sia", "ssa", "slap", "tap"];

/** The searches, as pyVO 1.2.1 keyword arguments. */
const CASES: { [name: string]: { servicetype?: string; waveband?: string; keywords?: string; datamodel?: string; includeaux?: boolean } } = {
  "servicetype scs": { servicetype: "scs" },
  "servicetype sia": { servicetype: "sia" },
  "servicetype ssa": { servicetype: "ssa" },
  "servicetype tap": { servicetype: "tap" },
  "servicetype tap, includeaux": { servicetype: "tap", includeaux: true },
  "servicetype image (alias)": { servicetype: "image" },
  "waveband optical": { waveband: "optical" },
  "waveband x-ray": { waveband: "x-ray" },
  "waveband Radio": { waveband: "Radio" },
  "keywords pulsar": { keywords: "pulsar" },
  "keywords catalogue": { keywords: "catalogue" },
  "keywords astrometry (subject)": { keywords: "astrometry" },
  "datamodel obscore": { datamodel: "obscore" },
  "datamodel regtap": { datamodel: "regtap" },
  "servicetype scs + waveband optical": { servicetype: "scs", waveband: "optical" },
  "keywords spectra + servicetype ssa": { keywords: "spectra", servicetype: "ssa" },
};

const PYTHON = `
import json, sys, pyvo
cases = json.loads(sys.argv[1])
out = {}
for name, kw in cases.items():
    out[name] = sorted(set(r.ivoid for r in pyvo.registry.search(**kw)))
print(json.dumps({"version": pyvo.__version__, "results": out}))
`;

let pyvo: { version: string; results: { [name: string]: string[] } };
let client: Client;

beforeAll(() => {
  const run = spawnSync("/usr/bin/python3", ["-c", PYTHON, JSON.stringify(CASES)], {
    env: { ...process.env, IVOA_REGISTRY: REGTAP },
    encoding: "utf8",
    timeout: 120_000,
  });
  if (run.status !== 0) {
    throw new Error(`Debian's pyVO did not run (/usr/bin/python3 with python3-pyvo; scripts/install-peers.sh installs it): ${run.error ?? run.stderr.slice(-2000)}`);
  }
  pyvo = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as typeof pyvo;
  client = createClient({ plugins: [registry({ endpoint: REGTAP })] });
}, 150_000);
afterAll(async () => {
  await client?.close();
});

describe(`pyVO (Debian python3-pyvo) and @vo on the RegTAP test bed`, () => {
  it("runs pyVO 1.2.x", () => {
    expect(pyvo.version).toMatch(/^1\.2\./);
  });

  for (const [name, kw] of Object.entries(CASES)) {
    it(`find the same ivoids: ${name}`, async () => {
      const args: SearchKeywordArgs = {
        ...(kw.keywords ? { keywords: kw.keywords } : {}),
        ...(kw.waveband ? { waveband: kw.waveband } : {}),
        ...(kw.datamodel ? { datamodel: kw.datamodel } : {}),
        servicetype: kw.servicetype ?? PYVO_TYPES,
        includeaux: kw.includeaux ?? false,
      };
      const ours = [...new Set((await search(client, args)).ivoids())].sort();
      expect(ours.length).toBeGreaterThan(0);
      expect(ours).toEqual(pyvo.results[name]);
    });
  }
});

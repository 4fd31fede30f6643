/**
 * Course step 3: ask many image services at once. One slow or broken service
 * must not stop the others: fanOut runs them concurrently with a per-service
 * timeout and returns one outcome per service.
 *
 *   node examples/images/dist/many-services.js
 */
import { createClient, fanOut } from "@vo/core";
import type { FanOutResult } from "@vo/core";
import { sia } from "@vo/protocol-sia";
import { DACHS, FIELDS, printTable, runIfMain, SERVICES } from "./common.js";
import type { ExampleOptions } from "./common.js";

/** A service to ask: its kind and access URL. */
export interface ImageService {
  kind: "sia" | "sia2";
  url: string;
}

/** The services of the test bed, plus one that does not exist (to show failure handling). */
export const DEFAULT_SERVICES: ImageService[] = [
  { kind: "sia", url: SERVICES.sia1 },
  { kind: "sia2", url: SERVICES.sia2 },
  { kind: "sia2", url: `${DACHS}/no/such/service/siap2.xml` },
];

/** Counts the images around M31 in every service; failures are reported, not thrown. */
export async function manyServices(
  services: ImageService[] = DEFAULT_SERVICES,
  options: ExampleOptions = {},
): Promise<FanOutResult<ImageService, number>[]> {
  const log = options.log ?? console.log;
  const client = createClient({ plugins: [sia()] });
  const [ra, dec] = FIELDS.M31;
  try {
    const results = await fanOut(
      services,
      async (svc, { signal }) => {
        // SIA1 takes a box size, SIA2 a circle; both answer with records.
        const rs = svc.kind === "sia"
          ? await client.service("sia", svc.url).search([ra, dec], 0.2, { signal })
          : await client.service("sia2", svc.url).search({ pos: [ra, dec, 0.2], signal });
        return rs.length;
      },
      { concurrency: 4, timeout: 20_000, onProgress: (p) => log(`${p.done}/${p.total} done, ${p.failed} failed`) },
    );
    printTable(log, ["service", "kind", "images", "error"], results.map((r) => [
      r.item.url,
      r.item.kind,
      r.ok ? r.value : undefined,
      r.ok ? undefined : `${r.error.code}: ${r.error.message.slice(0, 60)}`,
    ]));
    return results;
  } finally {
    await client.close();
  }
}

runIfMain(import.meta.url, () => manyServices());

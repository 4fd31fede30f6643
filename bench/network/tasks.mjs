// @vo side of `npm run bench:network`: runs one task REPS times in this process against the local DaCHS and prints
// { times: [ms per repetition], rows, maxRssKb } as JSON. usage: node tasks.mjs TASK REPS [WARMUP=0]
import { createClient, fanOut } from "@vo/core";
import { tap } from "@vo/protocol-tap";
import { scs } from "@vo/protocol-scs";
import { sia } from "@vo/protocol-sia";
import { ssa } from "@vo/protocol-ssa";
import { datalink, iterDatalinks } from "@vo/datalink";
import { BASE, BIG_QUERY, CONES, SMALL_QUERY, UPLOAD_QUERY, UPLOAD_ROWS, DATALINK_QUERY } from "./setup.mjs";

const [task, repsText, warmupText = "0"] = process.argv.slice(2);
const vo = createClient({ plugins: [tap(), scs(), sia(), ssa(), datalink()] });
const tapService = vo.service("tap", `${BASE}/tap`);
const cone = vo.service("scs", `${BASE}/vosample/cat/cone/scs.xml`);

const tasks = {
  "sync-small": async () => (await tapService.runSync(SMALL_QUERY)).length,
  "sync-200k": async () => (await tapService.runSync(BIG_QUERY, { maxrec: 200_000 })).length,
  async: async () => (await tapService.runAsync(SMALL_QUERY)).length,
  upload: async () =>
    (
      await tapService.runSync(UPLOAD_QUERY, {
        uploads: { pos: { fields: [{ name: "label", datatype: "char", arraysize: "*" }, { name: "ra", datatype: "double" }, { name: "dec", datatype: "double" }], rows: UPLOAD_ROWS } },
      })
    ).length,
  "cone-50": async () => {
    let rows = 0;
    for (const [ra, dec] of CONES) rows += (await cone.search([ra, dec], 0.05)).length;
    return rows;
  },
  sia: async () => (await vo.service("sia", `${BASE}/vosample/img/siap/siap.xml`).search([10.6847, 41.269], 0.2)).length,
  ssa: async () => (await vo.service("ssa", `${BASE}/vosample/spec/ssa/ssap.xml`).search([10.6847, 41.269], 0.2)).length,
  datalink: async () => {
    const rs = await tapService.runSync(DATALINK_QUERY);
    let links = 0;
    for await (const batch of iterDatalinks(rs, { batchSize: 50 })) links += batch.length;
    return links;
  },
  "fan-out-20": async () => {
    const results = await fanOut(CONES.slice(0, 20), ([ra, dec], { signal }) => cone.search([ra, dec], 0.05, { signal }), { concurrency: 8, timeout: 30_000 });
    return results.filter((r) => r.ok).length;
  },
};

const run = tasks[task];
if (!run) throw new Error(`unknown task ${task}`);
const times = [];
let rows = 0;
for (let i = 0; i < Number(warmupText); i++) await run();
for (let i = 0; i < Number(repsText ?? 5); i++) {
  const t = performance.now();
  rows = await run();
  times.push(performance.now() - t);
}
await vo.close();
console.log(JSON.stringify({ times, rows, maxRssKb: process.resourceUsage().maxRSS }));

/**
 * TOPCAT (Debian's 4.8.7) as a real receiver, under Xvfb: it registers with our
 * hub, and a table sent by @vo (written by @vo/votable, served from the client's
 * loopback server) is answered samp.ok. A screenshot is kept in
 * .vo-integ/samp/topcat.png as an artefact.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { REPO, scratch, screenshot, topcat, until, xvfb } from "../../../../scripts/samp/peers.js";
import type { Display, Scratch } from "../../../../scripts/samp/peers.js";
import { startHub } from "../hub/hub.node.js";
import type { SAMPHub } from "../hub/hub.node.js";
import { connect } from "./connect.js";
import type { SAMPClient } from "./samp-client.js";
import { sendTable, highlightRow } from "../sends/sends.js";

let s: Scratch;
let display: Display;
let hub: SAMPHub;
let tc: ReturnType<typeof topcat>;
let client: SAMPClient;

beforeAll(async () => {
  s = await scratch();
  display = await xvfb();
  hub = await startHub({ lockfile: s.lockfile });
  tc = topcat(s, display);
  client = await connect({ lockfile: s.lockfile, name: "vo-course" });
}, 60_000);

afterAll(async () => {
  await client?.close();
  await tc?.stop();
  await hub?.stop();
  await display?.stop();
});

it("TOPCAT registers, loads a table sent by @vo (samp.ok), and highlights a row", async () => {
  const t0 = Date.now();
  // TOPCAT registers first and declares its subscriptions a moment later.
  const subscribed = async (): Promise<boolean> => {
    const id = await client.findClient("topcat").catch(() => undefined);
    return id !== undefined && "table.load.votable" in (await client.getSubscriptions(id));
  };
  await until(subscribed, 120_000, "TOPCAT's registration and subscriptions");
  console.log(`[topcat] registered and subscribed after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  expect(Object.keys(await client.getSubscriptions(await client.findClient("topcat")))).toEqual(expect.arrayContaining(["table.load.votable", "table.highlight.row"]));
  const table = {
    name: "vo_course_messier",
    fields: [
      { name: "name", datatype: "char" as const, arraysize: "*" },
      { name: "ra", datatype: "double" as const, unit: "deg", ucd: "pos.eq.ra;meta.main" },
      { name: "dec", datatype: "double" as const, unit: "deg", ucd: "pos.eq.dec;meta.main" },
    ],
    rows: [
      ["M31", 10.6847, 41.2687],
      ["M42", 83.8221, -5.3911],
      ["M1", 83.6331, 22.0145],
    ],
  };
  const report = await sendTable(client, table, { to: "topcat", timeout: 90 });
  expect([...report.responses.values()][0]?.["samp.status"]).toBe("samp.ok");
  // TOPCAT answers the load before the table joins its list (seen: "No table with table-id=… is loaded"
  // for a highlight sent right after the reply), so the highlight is retried for a while.
  let status = "";
  await until(
    async () => {
      try {
        const hl = await highlightRow(client, { tableId: report.tableId as string, url: report.url as string }, 1, { to: "topcat", mode: "call", timeout: 30 });
        status = String([...hl.responses.values()][0]?.["samp.status"]);
      } catch (err) {
        status = err instanceof Error ? err.message : String(err);
      }
      return status === "samp.ok";
    },
    30_000,
    "TOPCAT's samp.ok to table.highlight.row",
  );
  expect(status).toBe("samp.ok");
  await new Promise((r) => setTimeout(r, 1500));
  const dir = join(REPO, ".vo-integ", "samp");
  await mkdir(dir, { recursive: true });
  await screenshot(display, join(dir, "topcat.png"));
}, 240_000);

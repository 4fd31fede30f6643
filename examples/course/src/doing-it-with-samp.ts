/**
 * Course section "Doing it with SAMP" — send a TAP result to TOPCAT, and the
 * vicinity searcher that answers a click in TOPCAT (`coord.pointAt.sky`) with
 * a cone search around it.
 *
 * The code lives in examples/samp (`sendTapResult`, `startVicinitySearcher`;
 * their integration test drives the real TOPCAT under Xvfb). So that this
 * section runs in CI without a desktop, it starts @vo/samp's own hub on a
 * private lockfile and registers a small stand-in for TOPCAT ("table viewer")
 * that loads each table it is sent (fetches the URL, parses the VOTable) and
 * points at a sky position, as a user clicking a source would.
 *
 * Differences from pyVO: pyVO's `result.broadcast_samp(client_name="topcat")`
 * is `sendTable(client, result, { to: "topcat" })` (or `broadcast(result)`);
 * the table is served from a loopback URL while the receiver loads it, and the
 * send waits for the receiver's reply. Handlers are declared with
 * `connect({ onCall, onNotification })` instead of `bind_receive_call`.
 * astropy's `SAMPHubServer` is `startHub({ lockfile })`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { conesearch } from "@vo/protocol-scs";
import { connect, pointAt, startHub } from "@vo/samp";
import type { SampMessage } from "@vo/samp";
import { parseVOTable } from "@vo/votable";
import { sendTapResult, startVicinitySearcher } from "@vo-examples/samp";
import { check, runIfMain, services, sleep } from "./_course.js";
import type { CourseContext } from "./_course.js";

/** Runs the section with a private hub, against the local DaCHS. */
export async function main({ dachs, log, signal }: CourseContext): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "vo-course-samp-"));
  const lockfile = join(dir, "samp.lock");
  const hub = await startHub({ lockfile });
  const loaded: { name: string; rows: number }[] = [];
  // The stand-in for TOPCAT: loads every table it is sent, by call or by notification.
  const load = async (message: SampMessage): Promise<{ rows: string }> => {
    const params = message["samp.params"];
    const res = await fetch(String(params["url"]), { signal });
    const table = (await parseVOTable(new Uint8Array(await res.arrayBuffer()))).resultTable();
    loaded.push({ name: String(params["name"]), rows: table?.length ?? 0 });
    return { rows: String(table?.length ?? 0) };
  };
  const viewer = await connect({
    lockfile,
    name: "table viewer",
    onCall: { "table.load.votable": (m) => load(m) },
    onNotification: { "table.load.votable": async (m) => void (await load(m)) },
  });
  try {
    // Part 1: a TAP result sent to the viewer (the course sends it to "topcat").
    const report = await sendTapResult({ tapUrl: services(dachs).tap, to: "table viewer", hub: { lockfile }, signal });
    const answer = [...report.responses.values()][0];
    log(`${report.rows} rows sent; the viewer answered ${answer?.["samp.status"]} (${JSON.stringify(answer?.["samp.result"])})`);
    check(report.rows === 20 && answer?.["samp.status"] === "samp.ok" && loaded[0]?.rows === 20, "the viewer loaded the 20 rows");

    // Part 2: the vicinity searcher; the viewer points at the Orion field, the searcher sends back the stars there.
    const searcher = await startVicinitySearcher({ coneUrl: services(dachs).scs, radius: 0.05, hub: { lockfile }, log });
    try {
      await pointAt(viewer, 83.8221, -5.3911, { to: "vicinity searcher" });
      for (let i = 0; loaded.length < 2; i++) {
        check(i < 300, "the searcher's table reached the viewer within 30 s");
        await sleep(100, signal);
      }
      const expected = await conesearch(services(dachs).scs, [83.8221, -5.3911], 0.05, { signal });
      log(`the viewer got "${loaded[1]?.name}" with ${loaded[1]?.rows} rows`);
      check(loaded[1]?.rows === expected.length, "the searcher's table is the cone search result");
    } finally {
      await searcher.stop();
    }
  } finally {
    await viewer.close();
    await hub.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);

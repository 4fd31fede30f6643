/**
 * The SAMP examples against real peers: a TAP result from the local DaCHS sent
 * to TOPCAT under Xvfb (astropy's hub); the vicinity searcher answering
 * `coord.pointAt.sky` from an independent sender and from a viewer with a cone
 * search on DaCHS; pyVO's `broadcast_samp` as `broadcast()` for a result and for
 * an SIA record (our hub, the recording receiver reading tables with astropy).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conesearch } from "@vo/protocol-scs";
import { imagesearch } from "@vo/protocol-sia";
import { broadcast, connect, startHub } from "@vo/samp";
import type { SAMPHub, SampMessage } from "@vo/samp";
import { parseVOTable } from "@vo/votable";
import { astropyHub, recorder, scratch, send, topcat, until, untilRecorded, xvfb } from "../../../scripts/samp/peers.js";
import type { Display, Peer, Scratch } from "../../../scripts/samp/peers.js";
import { sendTapResult } from "./send-tap-result.js";
import { startVicinitySearcher } from "./vicinity-searcher.js";

const DACHS = (process.env["VO_DACHS_URL"] ?? "http://localhost:8080").replace(/\/+$/, "");
const M31 = { ra: 10.6847, dec: 41.269 };

describe("send a TAP result to TOPCAT (astropy's hub, TOPCAT under Xvfb)", () => {
  let s: Scratch;
  let hub: Peer;
  let display: Display;
  let tc: ReturnType<typeof topcat>;

  beforeAll(async () => {
    s = await scratch();
    hub = await astropyHub(s);
    display = await xvfb();
    tc = topcat(s, display);
  }, 60_000);
  afterAll(async () => {
    await tc?.stop();
    await hub?.stop();
    await display?.stop();
  });

  it("TOPCAT answers samp.ok to the result of the course's query", async () => {
    const probe = await connect({ lockfile: s.lockfile, name: "probe", callable: false });
    try {
      await until(async () => {
        const id = await probe.findClient("topcat").catch(() => undefined);
        return id !== undefined && "table.load.votable" in (await probe.getSubscriptions(id));
      }, 120_000, "TOPCAT's registration");
    } finally {
      await probe.close();
    }
    const report = await sendTapResult({ tapUrl: `${DACHS}/tap`, hub: { lockfile: s.lockfile } });
    expect(report.rows).toBe(20);
    expect([...report.responses.values()].map((r) => r["samp.status"])).toEqual(["samp.ok"]);
  }, 240_000);
});

describe("with our hub and the recording receiver", () => {
  let s: Scratch;
  let hub: SAMPHub;
  let rec: Peer;
  let recFile: string;

  beforeAll(async () => {
    s = await scratch();
    hub = await startHub({ lockfile: s.lockfile });
    recFile = join(s.dir, "record.jsonl");
    rec = await recorder(s, recFile, { fetch: true });
  });
  afterAll(async () => {
    await rec?.stop();
    await hub?.stop();
  });

  it("the vicinity searcher answers coord.pointAt.sky with the cone search result", async () => {
    const lines: string[] = [];
    const searcher = await startVicinitySearcher({ coneUrl: `${DACHS}/vosample/cat/cone/scs.xml`, radius: 0.05, hub: { lockfile: s.lockfile }, log: (l) => void lines.push(l) });
    try {
      // 1. An independent sender calls it; the sender takes no tables, so the result goes to those who do (the recorder).
      const call = await send(s, { to: "vicinity searcher", mtype: "coord.pointAt.sky", params: { ra: String(M31.ra), dec: String(M31.dec) }, timeout: 60 });
      expect(call.json).toMatchObject({ "samp.status": "samp.ok", "samp.result": { rows: "6", sentTo: rec.ready } });
      const line = await untilRecorded(recFile, (l) => l.mtype === "table.load.votable" && l.sender_name === "vicinity searcher");
      expect(line.table_error).toBeUndefined();
      expect(line.table?.rows).toHaveLength(6);
      expect(String(line.params["name"])).toBe("vicinity of 10.6847 41.2690");

      // 2. A viewer that takes tables points at Orion and gets the table itself.
      const got: SampMessage[] = [];
      const viewer = await connect({ lockfile: s.lockfile, name: "viewer", onNotification: { "table.load.votable": (m) => void got.push(m) } });
      try {
        await viewer.notify(searcher.client.selfId, { "samp.mtype": "coord.pointAt.sky", "samp.params": { ra: 83.8221, dec: -5.3911 } });
        await until(() => got.length === 1, 30_000, "the table back at the viewer");
        const table = (await parseVOTable(new Uint8Array(await (await fetch(String(got[0]?.["samp.params"]["url"]))).arrayBuffer()))).resultTable();
        const expected = await conesearch(`${DACHS}/vosample/cat/cone/scs.xml`, [83.8221, -5.3911], 0.05);
        expect(table?.length).toBe(expected.length);
        expect(table?.fields.map((f) => f.name)).toEqual(expected.fields.map((f) => f.name));
      } finally {
        await viewer.close();
      }
      expect(lines).toHaveLength(2);
    } finally {
      await searcher.stop();
    }
  }, 120_000);

  it("broadcast() sends a result as a table and an SIA record's image", async () => {
    const stars = await conesearch(`${DACHS}/vosample/cat/cone/scs.xml`, [M31.ra, M31.dec], 0.05);
    const report = await broadcast(stars, { connect: { lockfile: s.lockfile }, to: "recorder" });
    expect(report.recipients).toEqual([rec.ready]);
    const line = await untilRecorded(recFile, (l) => l.mtype === "table.load.votable" && l.params["name"] === stars.url);
    expect(line.table?.rows).toHaveLength(6);

    const images = await imagesearch(`${DACHS}/vosample/img/siap/siap.xml`, [M31.ra, M31.dec], 0.2, { format: "image/fits" });
    const image = images.at(0);
    expect(image?.dataUrl).toBeTruthy();
    await broadcast(image!, { connect: { lockfile: s.lockfile } });
    const img = await untilRecorded(recFile, (l) => l.mtype === "image.load.fits");
    expect(img).toMatchObject({ kind: "notification", params: { url: image!.dataUrl } });
  }, 120_000);
});

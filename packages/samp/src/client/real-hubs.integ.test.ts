/**
 * @vo/samp's Standard Profile client against real hubs: astropy's (pyVO's),
 * JSAMP's, and our own `vo-samp-hub` started from its bin, each on a private
 * lockfile, with an independent recording receiver and sender (astropy clients,
 * scripts/samp/peers.py).
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { astropyHub, jsampHub, recorder, recorded, scratch, send, until, untilRecorded, voHub } from "../../../../scripts/samp/peers.js";
import type { Peer, Scratch } from "../../../../scripts/samp/peers.js";
import { connect } from "./connect.js";
import type { SAMPClient } from "./samp-client.js";
import { sendTable } from "../sends/sends.js";
import type { SampMessage } from "../types.js";

const hubs = {
  astropy: (s: Scratch) => astropyHub(s),
  jsamp: (s: Scratch) => jsampHub(s),
  "vo-samp-hub": (s: Scratch) => voHub(s),
} as const;

describe.each(Object.keys(hubs) as (keyof typeof hubs)[])("with the %s hub", (kind) => {
  let s: Scratch;
  let hub: Peer;
  let rec: Peer;
  let recFile: string;
  let client: SAMPClient;
  let secret: string;
  const received: SampMessage[] = [];

  beforeAll(async () => {
    s = await scratch();
    hub = await hubs[kind](s);
    secret = /^samp\.secret=(.*)$/m.exec(await readFile(s.lockfile, "utf8"))?.[1] ?? "";
    expect(secret).not.toBe("");
    recFile = join(s.dir, "record.jsonl");
    rec = await recorder(s, recFile, { fetch: true });
    client = await connect({
      lockfile: s.lockfile,
      name: "vo-test",
      description: "@vo/samp under test",
      metadata: { "author.name": "@vo" },
      onNotification: { "table.*": (m) => void received.push(m) },
      onCall: { "coord.pointAt.sky": (m) => ({ pointed: `${String(m["samp.params"]["ra"])},${String(m["samp.params"]["dec"])}` }) },
    });
  });

  afterAll(async () => {
    await client?.close();
    await rec?.stop();
    await hub?.stop();
  });

  it("registers and sees the recorder with its metadata and subscriptions", async () => {
    const id = await client.findClient("recorder");
    expect(id).toBe(rec.ready);
    expect((await client.getMetadata(id))["samp.name"]).toBe("recorder");
    expect(Object.keys(await client.getSubscriptions(id))).toEqual(expect.arrayContaining(["table.load.votable", "coord.pointAt.sky", "samp.app.ping"]));
    expect(Object.keys(await client.getSubscribedClients("table.load.votable"))).toContain(id);
    expect(await client.getRegisteredClients()).toContain(client.hubId);
    await until(() => client.clients.get(id)?.metadata["samp.name"] === "recorder", 10_000, "live client list");
    // What the others see of us.
    const list = await send(s, { to: "vo-test", mtype: "samp.app.ping" });
    expect(list.json).toMatchObject({ "samp.status": "samp.ok" });
  });

  it("notifies, calls and callAndWaits the recorder", async () => {
    const id = rec.ready;
    await client.notify(id, { "samp.mtype": "table.load.votable", "samp.params": { url: "http://127.0.0.1:1/n.vot", name: "n" } });
    const n = await untilRecorded(recFile, (r) => r.params["url"] === "http://127.0.0.1:1/n.vot");
    expect(n).toMatchObject({ kind: "notification", mtype: "table.load.votable", params: { url: "http://127.0.0.1:1/n.vot", name: "n" }, sender_name: "vo-test" });

    const r = await client.callAndWait(id, { "samp.mtype": "table.highlight.row", "samp.params": { "table-id": "t1", url: "http://127.0.0.1:1/n.vot", row: 3 } }, { timeout: 20 });
    expect(r["samp.status"]).toBe("samp.ok");
    const c = await untilRecorded(recFile, (l) => l.mtype === "table.highlight.row");
    expect(c).toMatchObject({ kind: "call", params: { "table-id": "t1", row: "3" } });

    const responses: string[] = [];
    client.onResponse("my-tag", (responder, resp) => void responses.push(`${responder}:${resp["samp.status"]}`));
    const msgId = await client.call(id, "my-tag", { "samp.mtype": "samp.app.ping" });
    expect(typeof msgId).toBe("string");
    await until(() => responses.length === 1, 20_000, "the call's response");
    expect(responses).toEqual([`${id}:samp.ok`]);

    expect(await client.notifyAll({ "samp.mtype": "coord.pointAt.sky", "samp.params": { ra: 10.68, dec: 41.27 } })).toContain(id);
    await untilRecorded(recFile, (l) => l.mtype === "coord.pointAt.sky" && l.params["ra"] === "10.68");
    const all = await client.callAllAndWait({ "samp.mtype": "samp.app.ping" }, { timeout: 20 });
    expect(all.get(id)?.["samp.status"]).toBe("samp.ok");
  });

  it("sends a table that the recorder fetches and reads identically with astropy", async () => {
    const table = {
      name: "messier",
      fields: [
        { name: "name", datatype: "char" as const, arraysize: "*" },
        { name: "ra", datatype: "double" as const, unit: "deg", ucd: "pos.eq.ra;meta.main" },
        { name: "dec", datatype: "double" as const, unit: "deg", ucd: "pos.eq.dec;meta.main" },
        { name: "n", datatype: "int" as const },
      ],
      rows: [
        ["M31", 10.6847, 41.2687, 1],
        ["M42", 83.8221, -5.3911, 2],
        ["M1", 83.6331, 22.0145, 3],
      ],
    };
    const report = await sendTable(client, table, { to: "recorder", timeout: 30 });
    expect(report.responses.get(rec.ready)?.["samp.status"]).toBe("samp.ok");
    const line = await untilRecorded(recFile, (l) => l.mtype === "table.load.votable" && l.params["url"] === report.url);
    expect(line.table_error).toBeUndefined();
    expect(line.params).toMatchObject({ name: "messier", "table-id": report.tableId });
    expect(line.table?.columns).toEqual([
      { name: "name", unit: null, ucd: null },
      { name: "ra", unit: "deg", ucd: "pos.eq.ra;meta.main" },
      { name: "dec", unit: "deg", ucd: "pos.eq.dec;meta.main" },
      { name: "n", unit: null, ucd: null },
    ]);
    expect(line.table?.rows).toEqual(table.rows);
  });

  it("receives what the independent sender notifies and calls", async () => {
    const note = await send(s, { to: "vo-test", mode: "notify", mtype: "table.load.votable", params: { url: "http://127.0.0.1:1/from-python.vot" } });
    expect(note.code).toBe(0);
    await until(() => received.some((m) => m["samp.params"]["url"] === "http://127.0.0.1:1/from-python.vot"), 20_000, "the notification");
    const call = await send(s, { to: "vo-test", mtype: "coord.pointAt.sky", params: { ra: "83.82", dec: "-5.39" } });
    expect(call.code).toBe(0);
    expect(call.json).toMatchObject({ "samp.status": "samp.ok", "samp.result": { pointed: "83.82,-5.39" } });
    // An MType we do not take is refused by the hub.
    const refused = await send(s, { to: "vo-test", mtype: "image.load.fits", params: { url: "http://127.0.0.1:1/x.fits" } });
    expect(refused.code).toBe(1);
  });

  it("hears the hub shut down while connected: an event, then a clean close", async () => {
    const reasons: string[] = [];
    client.on("disconnect", (r) => void reasons.push(r));
    expect(await hub.stop()).not.toBeNull();
    // astropy and JSAMP send samp.hub.event.shutdown; were it lost, the next call notices the hub is gone.
    await until(() => reasons.length > 0, 5_000, "the shutdown event").catch(() => client.ping().catch(() => undefined));
    await until(() => reasons.length > 0, 20_000, "the disconnect event");
    expect(["shutdown", "lost"]).toContain(reasons[0]);
    expect(client.connected).toBe(false);
    await expect(client.ping()).rejects.toMatchObject({ code: expect.stringMatching(/VO_ERR_SAMP_(CLOSED|NO_HUB)/) });
    await client.close();
    expect((await recorded(recFile)).some((l) => l.mtype === "samp.hub.event.shutdown")).toBe(true);
    expect(existsSync(s.lockfile), "the hub removes its lockfile").toBe(false);
    if (kind === "vo-samp-hub") {
      // Our hub logs registrations and its stop, never the secret or a private key.
      expect(hub.output()).toMatch(/client c\d+ registered/);
      expect(hub.output()).toMatch(/hub stopped/);
      expect(hub.output()).not.toContain(secret);
      expect(hub.output()).not.toMatch(/k[0-9a-f]{32}/);
    }
  });
});

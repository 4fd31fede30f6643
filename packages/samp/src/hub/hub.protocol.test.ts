/**
 * Our hub and our clients, in process, on a private lockfile: every hub method,
 * the live client list, handlers, sends, shutdown, dead clients, the Web Profile.
 */
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ResultSet } from "@vo/core";
import { parseVOTable } from "@vo/votable";
import { startHub } from "./hub.node.js";
import type { SAMPHub } from "./hub.node.js";
import { connect } from "../client/connect.js";
import type { ConnectOptions } from "../client/connect.js";
import type { SAMPClient } from "../client/samp-client.js";
import { sendTable, pointAt, highlightRow, selectRows, sendImage } from "../sends/sends.js";
import { broadcast } from "../sends/broadcast.js";
import type { SampMessage } from "../types.js";
import { postXmlRpc } from "../xmlrpc/post.js";
import { decodeResponse } from "../xmlrpc/codec.js";

const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
let dir: string;
let hub: SAMPHub;
const open: SAMPClient[] = [];

async function client(options: ConnectOptions = {}): Promise<SAMPClient> {
  const c = await connect({ lockfile: hub.lockfile, ...options });
  open.push(c);
  return c;
}

/** Resolves when `check` holds, polling; rejects after `ms`. */
async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "vo-samp-hub-"));
  hub = await startHub({ lockfile: join(dir, "samp.lock") });
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await hub.stop();
});

describe("startHub", () => {
  it("writes a 0600 lockfile with the Standard Profile keys and removes it on stop", async () => {
    const text = await readFile(hub.lockfile, "utf8");
    expect(text).toMatch(/^samp\.secret=\w{16,}$/m);
    expect(text).toMatch(new RegExp(`^samp\\.hub\\.xmlrpc\\.url=${hub.url}$`, "m"));
    expect(text).toMatch(/^samp\.profile\.version=1\.3$/m);
    expect((await stat(hub.lockfile)).mode & 0o777).toBe(0o600);
    await hub.stop();
    await expect(stat(hub.lockfile)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses to start over a live hub's lockfile and replaces a stale one", async () => {
    await expect(startHub({ lockfile: hub.lockfile })).rejects.toMatchObject({ code: "VO_ERR_PARAMETER" });
    const stale = join(dir, "stale.lock");
    await writeFile(stale, "samp.secret=x\nsamp.hub.xmlrpc.url=http://127.0.0.1:9/xmlrpc\nsamp.profile.version=1.3\n");
    const second = await startHub({ lockfile: stale });
    try {
      expect(await readFile(stale, "utf8")).toContain(second.url);
    } finally {
      await second.stop();
    }
  });

  it("refuses a wrong secret and an unknown private key with faults", async () => {
    const bad = await postXmlRpc(hub.url, "samp.hub.register", ["not the secret"]);
    expect(bad).toMatchObject({ fault: { faultString: expect.stringMatching(/secret/) } });
    const unknown = await postXmlRpc(hub.url, "samp.hub.getRegisteredClients", ["nobody"]);
    expect(unknown).toMatchObject({ fault: { faultString: expect.stringMatching(/private key/) } });
  });
});

describe("a client of our hub", () => {
  it("registers, declares metadata, and sees the others in its live client list", async () => {
    const a = await client({ name: "alpha", description: "first", metadata: { "author.name": "me", "x.count": 3 } });
    expect(a.hubId).toBe("hub");
    expect([...a.clients.keys()]).toEqual(["hub"]);
    const b = await client({ name: "beta" });
    await until(() => a.clients.get(b.selfId)?.metadata["samp.name"] === "beta");
    expect(await a.getMetadata(a.selfId)).toEqual({ "samp.name": "alpha", "samp.description.text": "first", "author.name": "me", "x.count": "3" });
    expect(await b.getRegisteredClients()).toEqual(expect.arrayContaining(["hub", a.selfId]));
    expect(await b.getRegisteredClients()).not.toContain(b.selfId);
    expect(await b.findClient("alpha")).toBe(a.selfId);
    await expect(b.findClient("gamma")).rejects.toMatchObject({ code: "VO_ERR_SAMP_NO_CLIENT", client: "gamma" });
    await b.close();
    await until(() => !a.clients.has(b.selfId));
  });

  it("delivers notifications and calls to handlers, with wildcards, and replies with their results", async () => {
    const got: SampMessage[] = [];
    const receiver = await client({
      name: "receiver",
      onNotification: { "table.*": (m) => void got.push(m) },
      onCall: {
        "coord.pointAt.sky": (m) => ({ seen: m["samp.params"]["ra"] as string, n: 2, yes: true }),
        "test.fail": () => {
          throw new Error("cannot do that");
        },
      },
    });
    const sender = await client({ name: "sender" });
    expect(Object.keys(await sender.getSubscribedClients("table.load.votable"))).toEqual([receiver.selfId]);
    expect(await sender.getSubscriptions(receiver.selfId)).toMatchObject({ "table.*": {}, "coord.pointAt.sky": {}, "samp.app.ping": {} });

    await sender.notify(receiver.selfId, { "samp.mtype": "table.load.votable", "samp.params": { url: "http://x/y", n: 1 }, extra: "kept" });
    await until(() => got.length === 1);
    expect(got[0]).toEqual({ "samp.mtype": "table.load.votable", "samp.params": { url: "http://x/y", n: "1" }, extra: "kept" });

    const ok = await sender.callAndWait(receiver.selfId, { "samp.mtype": "coord.pointAt.sky", "samp.params": { ra: 10.5, dec: 41 } }, { timeout: 10 });
    expect(ok).toEqual({ "samp.status": "samp.ok", "samp.result": { seen: "10.5", n: "2", yes: "1" } });

    const failed = await sender.callAndWait(receiver.selfId, { "samp.mtype": "test.fail" }, { timeout: 10 });
    expect(failed).toEqual({ "samp.status": "samp.error", "samp.error": { "samp.errortxt": "cannot do that" } });

    const ping = await sender.callAndWait(receiver.selfId, { "samp.mtype": "samp.app.ping" }, { timeout: 10 });
    expect(ping["samp.status"]).toBe("samp.ok");

    // A handler added later is declared to the hub.
    const later: SampMessage[] = [];
    receiver.onNotification("image.load.fits", (m) => void later.push(m));
    await receiver.declareSubscriptions();
    await sendImage(sender, "http://127.0.0.1:1/x.fits", { to: "receiver", name: "x" });
    await until(() => later.length === 1);
    expect(later[0]?.["samp.params"]).toEqual({ url: "http://127.0.0.1:1/x.fits", name: "x" });
  });

  it("refuses to send to a client not subscribed to the MType, and to an unknown client", async () => {
    const receiver = await client({ name: "picky", onNotification: { "image.load.fits": () => undefined } });
    const sender = await client({ name: "sender" });
    await expect(sender.notify(receiver.selfId, { "samp.mtype": "table.load.votable" })).rejects.toMatchObject({
      code: "VO_ERR_SAMP_FAULT",
      method: "samp.hub.notify",
      faultString: expect.stringMatching(/not subscribed/),
    });
    await expect(sender.notify("c999", { "samp.mtype": "image.load.fits" })).rejects.toMatchObject({ code: "VO_ERR_SAMP_FAULT" });
    expect(await sender.notifyAll({ "samp.mtype": "nobody.takes.this" })).toEqual([]);
  });

  it("calls everyone subscribed with callAll and collects each reply once", async () => {
    const ids: string[] = [];
    for (const name of ["r1", "r2", "r3"]) {
      ids.push((await client({ name, onCall: { "test.echo": (m) => ({ ...m["samp.params"], by: name }) } })).selfId);
    }
    const sender = await client({ name: "sender" });
    const responses = await sender.callAllAndWait({ "samp.mtype": "test.echo", "samp.params": { v: "x" } }, { timeout: 10 });
    expect([...responses.keys()].sort()).toEqual([...ids].sort());
    expect(responses.get(ids[1] as string)).toEqual({ "samp.status": "samp.ok", "samp.result": { v: "x", by: "r2" } });
    expect(await sender.notifyAll({ "samp.mtype": "test.echo" })).toHaveLength(3);
  });

  it("sends a table the receiver fetches and reads identically, then highlights, selects and points", async () => {
    const loads: SampMessage[] = [];
    const others: SampMessage[] = [];
    await client({
      name: "viewer",
      onCall: { "table.load.votable": (m) => void loads.push(m) },
      onNotification: { "table.highlight.row": (m) => void others.push(m), "table.select.rowList": (m) => void others.push(m), "coord.pointAt.sky": (m) => void others.push(m) },
    });
    const sender = await client({ name: "sender" });
    const table = {
      name: "messier",
      fields: [
        { name: "name", datatype: "char" as const, arraysize: "*" },
        { name: "ra", datatype: "double" as const, unit: "deg", ucd: "pos.eq.ra;meta.main" },
        { name: "dec", datatype: "double" as const, unit: "deg", ucd: "pos.eq.dec;meta.main" },
      ],
      rows: [
        ["M31", 10.6847, 41.2687],
        ["M42", 83.8221, -5.3911],
      ],
      params: [{ name: "epoch", datatype: "char" as const, arraysize: "*", value: "J2000" }],
    };
    const report = await sendTable(sender, table, { to: "viewer" });
    expect(report.responses.size).toBe(1);
    expect(loads).toHaveLength(1);
    const params = loads[0]?.["samp.params"] ?? {};
    expect(params).toMatchObject({ url: report.url, name: "messier", "table-id": report.tableId });
    expect(String(params["url"])).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/published\/\w+\/messier\.vot$/);
    const res = await fetch(String(params["url"]));
    expect(res.headers.get("content-type")).toBe("application/x-votable+xml");
    const doc = await parseVOTable(new Uint8Array(await res.arrayBuffer()));
    const t = doc.resultTable();
    expect(t?.fields.map((f) => [f.name, f.datatype, f.unit ?? null, f.ucd ?? null])).toEqual([
      ["name", "char", null, null],
      ["ra", "double", "deg", "pos.eq.ra;meta.main"],
      ["dec", "double", "deg", "pos.eq.dec;meta.main"],
    ]);
    expect([t?.row(0), t?.row(1)]).toEqual(table.rows);
    expect(t?.meta.params?.find((p) => p.name === "epoch")?.value).toBe("J2000");

    const ref = { tableId: report.tableId as string, url: report.url as string };
    await highlightRow(sender, ref, 1, { to: "viewer" });
    await selectRows(sender, ref, [0, 1], { to: "viewer" });
    await pointAt(sender, 83.8221, -5.3911);
    await until(() => others.length === 3);
    expect(others.map((m) => [m["samp.mtype"], m["samp.params"]])).toEqual([
      ["table.highlight.row", { "table-id": ref.tableId, url: ref.url, row: "1" }],
      ["table.select.rowList", { "table-id": ref.tableId, url: ref.url, "row-list": ["0", "1"] }],
      ["coord.pointAt.sky", { ra: "83.8221", dec: "-5.3911" }],
    ]);
    await expect(sendTable(sender, "http://127.0.0.1:1/t.vot", { to: "nobody" })).rejects.toMatchObject({ code: "VO_ERR_SAMP_NO_CLIENT" });
  });

  it("sends a result with its whole document: the receiver gets the service descriptors, INFOs and COOSYS", async () => {
    // A DAL answer as DaCHS writes it: INFOs, COOSYS, the table, then DataLink and SODA descriptors.
    const answer = `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">
      <INFO name="QUERY_STATUS" value="OK"/><INFO name="standardID" value="ivo://ivoa.net/std/SSA"/><COOSYS ID="sys" system="ICRS"/>
      <TABLE name="spectra"><FIELD ID="did" name="did" datatype="char" arraysize="*" ucd="meta.id;meta.main" utype="ssa:Curation.PublisherDID"/>
      <FIELD ID="ra" name="ra" datatype="double" unit="deg" ref="sys" ucd="pos.eq.ra;meta.main"/>
      <DATA><TABLEDATA><TR><TD>ivo://x/a</TD><TD>10.5</TD></TR><TR><TD>ivo://x/b</TD><TD>11</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE>
      <RESOURCE type="meta" utype="adhoc:service" name="links"><GROUP name="inputParams"><PARAM name="ID" datatype="char" arraysize="*" ref="did" value=""/></GROUP>
      <PARAM name="standardID" datatype="char" arraysize="*" value="ivo://ivoa.net/std/DataLink#links-1.0"/><PARAM name="accessURL" datatype="char" arraysize="*" value="http://x/dl"/></RESOURCE>
      <RESOURCE type="meta" utype="adhoc:service" ID="soda"><DESCRIPTION>cutouts</DESCRIPTION><GROUP name="inputParams"><PARAM name="ID" datatype="char" arraysize="*" ref="did" value=""/>
      <PARAM name="BAND" datatype="double" arraysize="2" xtype="interval" unit="m" value=""><VALUES><MIN value="1e-7"/><MAX value="1e-5"/></VALUES></PARAM></GROUP>
      <PARAM name="standardID" datatype="char" arraysize="*" value="ivo://ivoa.net/std/SODA#sync-1.0"/><PARAM name="accessURL" datatype="char" arraysize="*" value="http://x/soda"/></RESOURCE></VOTABLE>`;
    const original = await parseVOTable(answer);
    const result = new ResultSet(original.resultTable()!, original.meta, "http://x/ssa");
    const loads: SampMessage[] = [];
    await client({ name: "viewer", onCall: { "table.load.votable": (m) => void loads.push(m) } });
    const sender = await client({ name: "sender" });
    await sendTable(sender, result, { to: "viewer" });
    await broadcast(result, { client: sender, to: "viewer" });
    expect(loads).toHaveLength(2);
    for (const load of loads) {
      const doc = await parseVOTable(new Uint8Array(await (await fetch(String(load["samp.params"]?.["url"]))).arrayBuffer()));
      expect(load["samp.params"]?.["name"]).toMatch(/spectra|ssa/);
      expect(doc.meta.resources.slice(1)).toEqual(original.meta.resources.slice(1));
      expect(doc.meta.resources.filter((r) => r.type === "meta" && r.utype === "adhoc:service")).toHaveLength(2);
      const got = doc.resultTable()!;
      expect(got.resource.infos).toEqual(original.resultTable()!.resource.infos);
      expect(got.resource.coosys).toEqual([{ ID: "sys", system: "ICRS" }]);
      expect(got.fields).toEqual(original.resultTable()!.fields);
      expect([...got.rows()]).toEqual([...original.resultTable()!.rows()]);
    }
  });

  it("throws a clear error when a named receiver answers samp.error", async () => {
    await client({ name: "grumpy", onCall: { "table.load.votable": () => ({ "samp.status": "samp.error", "samp.error": { "samp.errortxt": "bad table" } }) } });
    const sender = await client({ name: "sender" });
    await expect(sendTable(sender, "http://127.0.0.1:1/t.vot", { to: "grumpy" })).rejects.toMatchObject({
      code: "VO_ERR_SAMP_REPLY",
      errortxt: "bad table",
      message: expect.stringMatching(/grumpy answered table.load.votable with samp.error: bad table/),
    });
  });

  it("hears the hub shut down: a disconnect event, not a crash; later calls fail clearly", async () => {
    const c = await client({ name: "listener" });
    const reasons: string[] = [];
    c.on("disconnect", (r) => void reasons.push(r));
    await hub.stop();
    await until(() => reasons.length === 1);
    expect(reasons).toEqual(["shutdown"]);
    expect(c.connected).toBe(false);
    await expect(c.getRegisteredClients()).rejects.toMatchObject({ code: "VO_ERR_SAMP_CLOSED" });
    await c.close();
  });

  it("unregisters a client whose callback server is gone", async () => {
    const watcher = await client({ name: "watcher" });
    // A client that registered, said where to call it back, and died: nothing listens there any more.
    const secret = /^samp\.secret=(.*)$/m.exec(await readFile(hub.lockfile, "utf8"))?.[1] as string;
    const reg = (await postXmlRpc(hub.url, "samp.hub.register", [secret])) as { value: { [k: string]: string } };
    const key = reg.value["samp.private-key"] as string;
    const id = reg.value["samp.self-id"] as string;
    const gone = createServer();
    await new Promise<void>((r) => gone.listen(0, "127.0.0.1", r));
    const port = (gone.address() as AddressInfo).port;
    await new Promise((r) => gone.close(r));
    await postXmlRpc(hub.url, "samp.hub.setXmlrpcCallback", [key, `http://127.0.0.1:${port}/xmlrpc`]);
    await postXmlRpc(hub.url, "samp.hub.declareSubscriptions", [key, { "test.*": {} }]);
    await until(() => watcher.clients.has(id));
    expect(await watcher.notifyAll({ "samp.mtype": "test.ping" })).toEqual([id]);
    await until(() => !watcher.clients.has(id), 10_000);
    expect(hub.clients()).not.toContain(id);
  });

  it("notices a client that died quietly, by checking callback servers now and then", async () => {
    const checking = await startHub({ lockfile: join(dir, "checking.lock"), clientCheckSeconds: 0.2 });
    try {
      const watcher = await connect({ lockfile: checking.lockfile, name: "watcher" });
      open.push(watcher);
      const secret = /^samp\.secret=(.*)$/m.exec(await readFile(checking.lockfile, "utf8"))?.[1] as string;
      const reg = (await postXmlRpc(checking.url, "samp.hub.register", [secret])) as { value: { [k: string]: string } };
      const gone = createServer();
      await new Promise<void>((r) => gone.listen(0, "127.0.0.1", r));
      const port = (gone.address() as AddressInfo).port;
      await new Promise((r) => gone.close(r));
      await postXmlRpc(checking.url, "samp.hub.setXmlrpcCallback", [reg.value["samp.private-key"] as string, `http://127.0.0.1:${port}/xmlrpc`]);
      const id = reg.value["samp.self-id"] as string;
      await until(() => watcher.clients.has(id));
      await until(() => !watcher.clients.has(id), 10_000);
      expect(checking.clients()).toEqual(expect.arrayContaining(["hub", watcher.selfId]));
      expect(checking.clients()).not.toContain(id);
    } finally {
      await checking.stop();
    }
  });

  it("answers malformed XML-RPC, unknown methods and oversized bodies without falling over", async () => {
    const post = (body: string) => fetch(hub.url, { method: "POST", headers: { "Content-Type": "text/xml" }, body });
    for (const body of ["garbage", "<methodCall><methodName>samp.hub.ping</methodName><params><param><value><int>x</int></value></param></params></methodCall>", '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><methodCall><methodName>samp.hub.ping</methodName></methodCall>']) {
      const res = await post(body);
      expect(res.status).toBe(200);
      expect(decodeResponse(new Uint8Array(await res.arrayBuffer()))).toMatchObject({ fault: { faultString: expect.stringMatching(/malformed XML-RPC/) } });
    }
    expect(await postXmlRpc(hub.url, "samp.hub.noSuchMethod", [])).toMatchObject({ fault: { faultString: "No such method samp.hub.noSuchMethod" } });
    expect(await postXmlRpc(hub.url, "samp.hub.pullCallbacks", ["k", "1"])).toMatchObject({ fault: {} });
    const big = await post(`<methodCall><methodName>samp.hub.ping</methodName><params><param><value>${"x".repeat(17 * 1024 * 1024)}</value></param></params></methodCall>`).catch((e: unknown) => e);
    if (!(big instanceof Error)) expect((big as Response).status).toBe(413);
    expect(await postXmlRpc(hub.url, "samp.hub.ping", [])).toEqual({ value: "1" });
  });

  it("unregisters a client when its process is ended by SIGTERM", async () => {
    const watcher = await client({ name: "watcher" });
    const script = `import { connect } from "@vo/samp";
const c = await connect({ lockfile: ${JSON.stringify(hub.lockfile)}, name: "child", onNotification: { "x.y": () => {} } });
console.log("READY " + c.selfId);`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    await until(() => /READY /.test(out) || child.exitCode !== null, 15_000);
    const id = /READY (\S+)/.exec(out)?.[1];
    expect(id, out).toBeDefined();
    await until(() => watcher.clients.has(id as string));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once("exit", (_code, sig) => r(sig)));
    child.kill("SIGTERM");
    await until(() => !watcher.clients.has(id as string), 10_000);
    expect(await exited).toBe("SIGTERM");
    expect(hub.clients()).not.toContain(id);
  }, 30_000);

  it("answers the hub's own by-meta query and ping", async () => {
    const a = await client({ name: "findme" });
    const b = await client({ name: "asker" });
    const r = await b.callAndWait("hub", { "samp.mtype": "x-samp.query.by-meta", "samp.params": { key: "samp.name", value: "findme" } }, { timeout: 5 });
    expect(r).toEqual({ "samp.status": "samp.ok", "samp.result": { ids: [a.selfId] } });
    await b.ping();
  });
});


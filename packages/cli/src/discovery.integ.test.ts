/**
 * `vo reg search`, `vo datalink` and `vo samp send|hub` against the local
 * test beds, run as a user runs them (the built bin in a child process, output
 * piped): the RegTAP test bed (scripts/dachs/beds/regtap), the dlsoda
 * datalink/SODA bed (scripts/dachs/beds/dlsoda), and a SAMP hub of @vo/samp
 * started here on a private lockfile with a receiver standing in for TOPCAT.
 */
import { execFileSync, spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, startHub } from "@vo/samp";
import type { SAMPClient, SAMPHub, SampMessage } from "@vo/samp";
import { parseVOTable } from "@vo/votable";
import { createClient, ResultSet } from "@vo/core";
import { datalink, datalinks } from "@vo/datalink";

const DACHS = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");
const TAP = `${DACHS}/tap`;
const LINKS = `${DACHS}/dlsoda/img/dl/dlmeta`;
const BIN = fileURLToPath(new URL("../dist/bin/vo.js", import.meta.url));
const ANSI = new RegExp(String.fromCharCode(27) + "\\[");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: undefined, SAMP_HUB: undefined } });
}

function vo(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = start(args);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end("");
  });
}

/** The JSON records `-f json` printed. */
function records(r: Run): Record<string, string | null>[] {
  return JSON.parse(r.stdout) as Record<string, string | null>[];
}

let dir: string;

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` before the integration tests`);
  const probe = await fetch(`${TAP}/sync?LANG=ADQL&QUERY=${encodeURIComponent("SELECT COUNT(*) FROM rr.resource")}`, { signal: AbortSignal.timeout(15_000) }).catch((e: unknown) => e);
  if (!(probe instanceof Response) || !probe.ok) throw new Error(`the RegTAP test bed is not reachable at ${TAP}; run scripts/start-dachs.sh`);
  dir = await mkdtemp(join(tmpdir(), "vo-cli-discovery-"));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("vo reg search (RegTAP test bed)", () => {
  it("--servicetype sia --waveband optical: the local SIA service with its access URL", async () => {
    const r = await vo(["reg", "search", "--servicetype", "sia", "--waveband", "optical", "--registry", TAP, "-f", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const rows = records(r);
    const local = rows.find((x) => x.ivoid === "ivo://vo.integ.local/vosample/img/siap");
    expect(local).toMatchObject({ access_url: expect.stringMatching(/^http:\/\/localhost:8080\/vosample\/img\/siap\/siap\.xml\??$/) });
    expect(local?.servicetypes).toMatch(/sia/i);
    expect(rows.some((x) => x.ivoid === "ivo://astro-archive.example/optical/plates")).toBe(true);
    expect(Object.keys(rows[0]!)).toEqual(["ivoid", "short_name", "title", "servicetypes", "access_url"]);
  });

  it("--uat with --expand-down finds what the term alone does not", async () => {
    const alone = records(await vo(["reg", "search", "--uat", "gamma-ray-sources", "--registry", TAP, "-f", "json"]));
    const expanded = records(await vo(["reg", "search", "--uat", "gamma-ray-sources", "--expand-down", "1", "--registry", TAP, "-f", "json"]));
    expect(alone.map((x) => x.ivoid)).not.toContain("ivo://astro-archive.example/gamma/grb");
    expect(expanded.map((x) => x.ivoid)).toContain("ivo://astro-archive.example/gamma/grb");
  });

  it("--datamodel epntap --servicetype tap --includeaux, piped: CSV, no ANSI codes, the tap#aux access URL", async () => {
    const r = await vo(["reg", "search", "--datamodel", "epntap", "--servicetype", "tap", "--includeaux", "--registry", TAP]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    const lines = r.stdout.trimEnd().split("\r\n");
    expect(lines[0]).toBe("ivoid,short_name,title,servicetypes,access_url");
    const planets = lines.find((l) => l.startsWith("ivo://planetary.example/planets,"));
    expect(planets).toMatch(/,https:\/\/planetary\.example\/tap$/);
    // without --includeaux the table resources (tap#aux only) are not service matches
    const strict = await vo(["reg", "search", "--datamodel", "epntap", "--servicetype", "tap", "--registry", TAP]);
    expect(strict.stdout).not.toMatch(/planetary\.example\/planets/);
  });

  it("--keywords: every word must appear", async () => {
    const r = records(await vo(["reg", "search", "--keywords", "pulsar", "--registry", TAP, "-f", "json"]));
    expect(r.map((x) => x.ivoid)).toContain("ivo://radio-obs.example/pulsars");
    const none = records(await vo(["reg", "search", "--keywords", "pulsar", "--keywords", "plates", "--registry", TAP, "-f", "json"]));
    expect(none.map((x) => x.ivoid)).not.toContain("ivo://radio-obs.example/pulsars");
  });

  it("usage errors exit 2 with one line: no constraint, an unknown waveband", async () => {
    const none = await vo(["reg", "search", "--registry", TAP]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^vo reg search: give at least one constraint/);
    const band = await vo(["reg", "search", "--waveband", "purple", "--registry", TAP]);
    expect(band.code).toBe(2);
    expect(band.stderr.trimEnd().split("\n")[0]).toMatch(/^vo reg search: \[VO_ERR_\w+\] .*purple/);
  });

  it("a registry that is not there: one line, exit 3", async () => {
    const r = await vo(["reg", "search", "--servicetype", "tap", "--registry", "http://127.0.0.1:9/tap"]);
    expect(r.code).toBe(3);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^vo reg search: \[VO_ERR_/);
  });
});

/** pyVO (Debian's python3-pyvo) on a saved result: the DataLink descriptor's accessURL, QUERY_STATUS, the semantics of row 0's links. */
const PYVO_LINKS = `
import sys
from astropy.io.votable import parse
from pyvo.dal.tap import TAPResults
r = TAPResults(parse(sys.argv[1]))
svc = r.get_adhocservice_by_ivoid("ivo://ivoa.net/std/DataLink#links-1.0")
print([p.value for p in svc.params if p.name == "accessURL"][0])
print(r.query_status)
print(",".join(sorted(set(next(r.iter_datalinks())["semantics"]))))
`;

describe("vo datalink (dlsoda test bed)", () => {
  const query = "SELECT TOP 5 pub_did, imageTitle FROM vo_dlsoda_img.images ORDER BY pub_did";
  const resultUrl = `${TAP}/sync?LANG=ADQL&QUERY=${encodeURIComponent(query)}`;

  it("the links of every row of a result URL, in row order, batched", async () => {
    const r = await vo(["datalink", resultUrl, "--batch-size", "2", "-f", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const rows = records(r);
    expect(new Set(rows.map((x) => x.row))).toEqual(new Set(["0", "1", "2", "3", "4"]));
    for (const row of ["0", "1", "2", "3", "4"]) {
      const sem = rows.filter((x) => x.row === row).map((x) => x.semantics);
      expect(sem).toEqual(expect.arrayContaining(["#this", "#preview"]));
    }
    expect(rows.map((x) => Number(x.row))).toEqual([...rows.map((x) => Number(x.row))].sort((a, b) => a - b));
  });

  it("the same result from a saved VOTable file", async () => {
    await writeFile(join(dir, "images.vot"), new Uint8Array(await (await fetch(resultUrl)).arrayBuffer()));
    const fromUrl = records(await vo(["datalink", resultUrl, "-f", "json"]));
    const fromFile = await vo(["datalink", "images.vot", "-f", "json"]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(records(fromFile)).toEqual(fromUrl);
  });

  it("a result saved with `vo tap query -o` (TABLEDATA, BINARY2, async, converted) keeps its descriptors: the same links, and a SODA cutout through the file", async () => {
    // No dl_url column: only the DataLink service descriptor DaCHS writes after the table leads to links.
    const soda = "SELECT TOP 3 pub_did, imageTitle, centerAlpha, centerDelta FROM vo_dlsoda_img.images ORDER BY pub_did";
    const served = await vo(["datalink", `${TAP}/sync?LANG=ADQL&QUERY=${encodeURIComponent(soda)}`, "-f", "json"]);
    expect(served.code, served.stderr).toBe(0);
    const want = records(served);
    expect(new Set(want.map((x) => x.row))).toEqual(new Set(["0", "1", "2"]));
    const saves = [
      ["tap", "query", TAP, soda, "-o", "saved.vot"],
      ["tap", "query", TAP, soda, "-f", "votable-binary2", "-o", "saved-b2.vot"],
      ["tap", "query", "--async", TAP, soda, "-o", "saved-async.vot"],
      ["votable", "convert", "saved-b2.vot", "-o", "converted.vot"],
    ];
    for (const args of saves) {
      const saved = await vo(args);
      expect(saved.code, saved.stderr).toBe(0);
      const file = args.at(-1)!;
      const doc = await parseVOTable(await readFile(join(dir, file)));
      expect(doc.meta.resources.filter((r) => r.type === "meta" && r.utype === "adhoc:service").length, file).toBeGreaterThan(0);
      expect(doc.resultTable()!.resource.infos.find((i) => i.name === "QUERY_STATUS")?.value, file).toBe("OK");
      expect(doc.resultTable()!.resource.coosys.length, file).toBeGreaterThan(0);
      expect(doc.resultTable()!.fields.find((f) => f.name === "centerAlpha"), file).toMatchObject({ ID: "centerAlpha", ucd: "pos.eq.ra", unit: "deg", ref: "system" });
      const fromFile = await vo(["datalink", file, "-f", "json"]);
      expect(fromFile.code, `${file}: ${fromFile.stderr}`).toBe(0);
      expect(records(fromFile), file).toEqual(want);
    }
    // The files are valid VOTable 1.4 (STILTS votlint), and pyVO finds the descriptor and the links in them.
    for (const file of ["saved.vot", "saved-b2.vot"]) {
      expect(execFileSync("stilts", ["votlint", `votable=${join(dir, file)}`, "version=1.4"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim(), file).toBe("");
      const pyvo = execFileSync("/usr/bin/python3", ["-W", "ignore", "-c", PYVO_LINKS, join(dir, file)], { encoding: "utf8" }).trim().split("\n");
      expect(pyvo, file).toEqual([`${DACHS}/dlsoda/img/dl/dlmeta`, "OK", [...new Set(want.filter((x) => x.row === "0").map((x) => x.semantics))].sort().join(",")]);
    }
    // A SODA cutout of the file's first row, through its links (#proc) as a library user would.
    const client = createClient({ plugins: [datalink()], onWarning: () => undefined });
    try {
      const doc = await parseVOTable(await readFile(join(dir, "saved-b2.vot")));
      const rs = new ResultSet(doc.resultTable()!, doc.meta, join(dir, "saved-b2.vot"), undefined, { transport: client.transport });
      const row = rs.at(0)!;
      const links = await datalinks(row);
      const out = await links.getFirstProc()!.downloadProcessed(join(dir, "cutouts"), { circle: [row.getNumber("centerAlpha")!, row.getNumber("centerDelta")!, 0.02] });
      const bytes = await readFile(out.path);
      expect(bytes.subarray(0, 9).toString("latin1")).toBe("SIMPLE  =");
      expect(bytes.length).toBeLessThan(links.thisLinks()[0]!.contentLength!);
    } finally {
      await client.close();
    }
  });

  it("a links document URL: its rows, error rows kept", async () => {
    const first = records(await vo(["datalink", resultUrl, "--semantics", "#this", "-f", "json"]))[0]!;
    const r = await vo(["datalink", `${LINKS}?ID=${encodeURIComponent(first.ID!)}`, "-f", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const rows = records(r);
    expect(rows.every((x) => x.ID === first.ID && x.row === null)).toBe(true);
    expect(rows.map((x) => x.semantics)).toContain("#preview");
    const bad = records(await vo(["datalink", `${LINKS}?ID=${encodeURIComponent("ivo://no.such/dataset")}`, "-f", "json"]));
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.every((x) => typeof x.error_message === "string" && x.error_message !== "")).toBe(true);
  });

  it("--semantics '#preview' --download DIR: the previews of every row (narrower terms too), one file each", async () => {
    const r = await vo(["datalink", resultUrl, "--semantics", "#preview", "--download", "previews", "-f", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const rows = records(r);
    expect(new Set(rows.map((x) => x.row))).toEqual(new Set(["0", "1", "2", "3", "4"]));
    expect(rows.every((x) => x.error === null && Number(x.bytes) > 0 && /^#preview/.test(x.semantics ?? ""))).toBe(true);
    const files = await readdir(join(dir, "previews"));
    expect(files.sort()).toEqual(rows.map((x) => x.path!.split("/").at(-1)!).sort());
    for (const x of rows) expect((await readFile(x.path!)).length).toBe(Number(x.bytes));
  });

  it("a result without datalink, a document that is not a VOTable, a dead host: typed exit codes", async () => {
    const plain = await vo(["datalink", `${TAP}/sync?LANG=ADQL&QUERY=${encodeURIComponent("SELECT TOP 2 source_id FROM vo_sample.cat")}`]);
    expect(plain.code).toBe(5);
    expect(plain.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/^vo datalink: \[VO_ERR_\w+\] .*no row has DataLink links/)]);
    const notVot = await vo(["datalink", `${TAP}/capabilities`]);
    expect(notVot.code).toBe(5);
    expect(notVot.stderr).toMatch(/^vo datalink: \[VO_ERR_/);
    const dead = await vo(["datalink", "http://127.0.0.1:9/dl?ID=x"]);
    expect(dead.code).toBe(3);
    const missing = await vo(["datalink", "no-such-file.vot"]);
    expect(missing.code).toBe(2);
  });
});

describe("vo samp (a private hub, a receiver standing in for TOPCAT)", () => {
  let hub: SAMPHub;
  let receiver: SAMPClient;
  let lockfile: string;
  const got: { mtype: string; url: string; name: string; rows?: number }[] = [];

  beforeAll(async () => {
    lockfile = join(dir, "samp.lock");
    hub = await startHub({ lockfile });
    const load = async (m: SampMessage): Promise<{ rows: string }> => {
      const params = m["samp.params"];
      const name = String(params["name"]);
      if (name === "refuse.vot") throw new Error("I do not take this one");
      const entry = { mtype: m["samp.mtype"], url: String(params["url"]), name };
      if (m["samp.mtype"] !== "table.load.votable") return void got.push(entry), { rows: "0" };
      const table = (await parseVOTable(new Uint8Array(await (await fetch(entry.url)).arrayBuffer()))).resultTable();
      got.push({ ...entry, rows: table?.length ?? -1 });
      return { rows: String(table?.length ?? -1) };
    };
    receiver = await connect({ lockfile, name: "receiver", onCall: { "table.load.votable": load, "image.load.fits": load } });
  });
  afterAll(async () => {
    await receiver?.close();
    await hub?.stop();
  });

  it("send table.vot --to receiver: the receiver loads every row, the reply is printed", async () => {
    await writeFile(join(dir, "stars.vot"), new Uint8Array(await (await fetch(`${TAP}/sync?LANG=ADQL&QUERY=${encodeURIComponent("SELECT TOP 7 source_id, ra, dec FROM vo_sample.cat")}`)).arrayBuffer()));
    const r = await vo(["samp", "send", "stars.vot", "--to", "receiver", "--lockfile", lockfile, "-f", "json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(records(r)).toEqual([{ client: receiver.selfId, name: "receiver", status: "samp.ok", error: null }]);
    expect(got.at(-1)).toMatchObject({ mtype: "table.load.votable", name: "stars.vot", rows: 7 });
  });

  it("send image.fits (found by its bytes too): image.load.fits with the file's URL", async () => {
    const header = "SIMPLE  =                    T".padEnd(80) + "BITPIX  =                    8".padEnd(80) + "NAXIS   =                    0".padEnd(80) + "END".padEnd(80);
    await writeFile(join(dir, "tiny.fits"), header.padEnd(2880));
    await writeFile(join(dir, "tiny.data"), header.padEnd(2880));
    for (const file of ["tiny.fits", "tiny.data"]) {
      const r = await vo(["samp", "send", file, "--lockfile", lockfile, "-f", "json"]);
      expect(r.code, r.stderr).toBe(0);
      expect(got.at(-1)).toMatchObject({ mtype: "image.load.fits", name: file, url: expect.stringMatching(new RegExp(`^file:///.*/${file.replace(".", "\\.")}$`)) });
    }
  });

  it("a receiver that answers samp.error: listed, exit 7", async () => {
    await writeFile(join(dir, "refuse.vot"), await readFile(join(dir, "stars.vot")));
    const r = await vo(["samp", "send", "refuse.vot", "--lockfile", lockfile, "-f", "json"]);
    expect(r.code).toBe(7);
    expect(records(r)[0]).toMatchObject({ name: "receiver", status: "samp.error", error: expect.stringMatching(/do not take/) });
  });

  it("no hub, no such client: one line, exit 3", async () => {
    const noHub = await vo(["samp", "send", "stars.vot", "--lockfile", join(dir, "nothing.lock")]);
    expect(noHub.code).toBe(3);
    expect(noHub.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/^vo samp send: \[VO_ERR_SAMP_NO_HUB\] /)]);
    const noClient = await vo(["samp", "send", "stars.vot", "--to", "topcat", "--lockfile", lockfile]);
    expect(noClient.code).toBe(3);
    expect(noClient.stderr).toMatch(/^vo samp send: \[VO_ERR_SAMP_NO_CLIENT\] .*topcat/);
  });

  it("samp hub: prints where it is, serves clients, stops cleanly on SIGINT and SIGTERM (exit 0, lockfile removed)", async () => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      const own = join(dir, `own-${signal}.lock`);
      const child = start(["samp", "hub", "--lockfile", own, "--json"]);
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
      const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
      const line = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (c: Buffer) => {
          out += c.toString("utf8");
          if (out.includes("\n")) resolve(out.split("\n")[0]!);
        });
        child.on("close", () => reject(new Error(`the hub ended early: ${stderr}`)));
      });
      const where = JSON.parse(line) as { url: string; lockfile: string };
      expect(where.lockfile).toBe(own);
      const client = await connect({ lockfile: own, name: "probe", callable: false });
      expect(client.hubId).toBeTruthy();
      await client.close();
      child.kill(signal);
      expect(await closed, stderr).toBe(0);
      expect(existsSync(own)).toBe(false);
    }
  }, 60_000);
});

/**
 * The `vo` command against the local DaCHS test bed (scripts/start-dachs.sh;
 * `npm run test:integ`), run as a user runs it: the built bin in a child
 * process, output piped (or in a pseudo-terminal via util-linux `script`).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableFromIPC } from "apache-arrow";

const DACHS = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");
const TAP = `${DACHS}/tap`;
const SCS = `${DACHS}/vosample/cat/cone/scs.xml`;
const SIA1 = `${DACHS}/vosample/img/siap/siap.xml`;
const SIA2 = `${DACHS}/__system__/siap2/sitewide/siap2.xml`;
const SSA = `${DACHS}/vosample/spec/ssa/ssap.xml`;
const BIN = fileURLToPath(new URL("../dist/bin/vo.js", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function vo(args: readonly string[], options: { input?: string; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? dir, env: { ...process.env, NO_COLOR: undefined } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** Runs `vo` in a pseudo-terminal (util-linux `script`), as on a person's screen; stdout and stderr are mixed there. */
function voInTerminal(args: readonly string[]): Promise<Run> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], { cwd: dir, env: { ...process.env, TERM: "xterm", NO_COLOR: undefined } });
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr: "" }));
  });
}

const ANSI = new RegExp(String.fromCharCode(27) + "\\[");
let dir: string;

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` before the integration tests`);
  const probe = await fetch(`${TAP}/availability`, { signal: AbortSignal.timeout(10_000) }).catch((e: unknown) => e);
  if (!(probe instanceof Response) || !probe.ok) throw new Error(`DaCHS is not reachable at ${DACHS}; start it with scripts/start-dachs.sh`);
  dir = await mkdtemp(join(tmpdir(), "vo-cli-"));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const QUERY = "SELECT TOP 20 source_id, name, ra, dec, pmra, vmag, n_obs, variable FROM vo_sample.cat ORDER BY source_id";

describe("vo tap", () => {
  it("query: CSV when piped, no ANSI codes, exact longs", async () => {
    const r = await vo(["tap", "query", TAP, QUERY]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trimEnd().split("\r\n");
    expect(lines[0]).toBe("source_id,name,ra,dec,pmra,vmag,n_obs,variable");
    expect(lines).toHaveLength(21);
    expect(lines[1]!.split(",")[0]).toMatch(/^\d{19}$/); // above 2^53, printed exactly
  });

  it("query --format arrow: apache-arrow reads back the same rows as the CSV", async () => {
    const csv = (await vo(["tap", "query", TAP, QUERY, "-f", "csv"])).stdout.trimEnd().split("\r\n").slice(1);
    const r = await vo(["tap", "query", TAP, QUERY, "--format", "arrow", "-o", "cat.arrow"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    const table = tableFromIPC(await readFile(join(dir, "cat.arrow")));
    expect(table.numRows).toBe(20);
    expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      "source_id:Int64", "name:Utf8", "ra:Float64", "dec:Float64", "pmra:Float32", "vmag:Float32", "n_obs:Int32", "variable:Bool",
    ]);
    expect(table.schema.fields[2]!.metadata.get("ucd")).toBe("pos.eq.ra;meta.main");
    for (let i = 0; i < 20; i++) {
      const row = table.get(i)!.toJSON();
      const cells = csv[i]!.split(",");
      expect(String(row.source_id)).toBe(cells[0]);
      expect(row.ra).toBe(Number(cells[2]));
      expect(row.pmra === null ? "" : String(Math.fround(Number(cells[4])))).toBe(row.pmra === null ? cells[4] : String(row.pmra));
      expect(String(row.variable)).toBe(cells[7]);
    }
  });

  it("query -o file.json and VOTable BINARY2 → votable convert → the same CSV", async () => {
    const csv = (await vo(["tap", "query", TAP, QUERY, "-f", "csv"])).stdout;
    expect((await vo(["tap", "query", TAP, QUERY, "-f", "votable-binary2", "-o", "cat.vot"])).code).toBe(0);
    expect(await readFile(join(dir, "cat.vot"), "utf8")).toContain("<BINARY2>");
    const converted = await vo(["votable", "convert", "cat.vot", "-f", "csv"]);
    expect(converted.code, converted.stderr).toBe(0);
    expect(converted.stdout).toBe(csv);
    expect((await vo(["votable", "convert", "-", "-f", "json"], { input: await readFile(join(dir, "cat.vot"), "utf8") })).stdout).toContain('"name":"VOS J');
    expect((await vo(["tap", "query", TAP, QUERY, "-o", "cat.json"])).code).toBe(0);
    expect(JSON.parse(await readFile(join(dir, "cat.json"), "utf8"))).toHaveLength(20);
  });

  it("a bad ADQL query: one line with the VO error code, exit 4", async () => {
    const r = await vo(["tap", "query", TAP, "SELECT nonsense FROM nowhere"]);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^vo tap query: \[VO_ERR_QUERY\] /);
  });

  it("a service that is not there: one line, exit 3; --verbose adds the cause", async () => {
    const r = await vo(["tap", "query", "http://127.0.0.1:9/tap", "SELECT 1"]);
    expect(r.code).toBe(3);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^vo tap query: \[VO_ERR_SERVICE\] .*127\.0\.0\.1:9/);
    const verbose = await vo(["tap", "query", "http://127.0.0.1:9/tap", "SELECT 1", "--verbose"]);
    expect(verbose.stderr).toMatch(/caused by:/);
  });

  it("--timeout: exit 6", async () => {
    const r = await vo(["tap", "query", TAP, "SELECT COUNT(*) FROM vo_sample.cat AS a CROSS JOIN vo_sample.cat AS b", "--timeout", "0.05"]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/\[VO_ERR_TIMEOUT\].*--timeout 0\.05 s/);
  });

  it("--async follows the job's phases (JSON events) and returns the result", async () => {
    const r = await vo(["tap", "query", "--async", TAP, "SELECT COUNT(*) AS n FROM vo_sample.cat", "--json", "-f", "csv"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\r\n")).toEqual(["n", "2000"]);
    const events = r.stderr.trim().split("\n").map((l) => JSON.parse(l) as { event: string; phase?: string });
    expect(events.filter((e) => e.event === "phase").map((e) => e.phase)).toContain("COMPLETED");
    expect(events.at(-1)).toMatchObject({ event: "done", rows: 1 });
  });

  it("--upload name=file.csv joins an uploaded table", async () => {
    const first = (await vo(["tap", "query", TAP, "SELECT TOP 3 source_id FROM vo_sample.cat ORDER BY source_id"])).stdout.trim().split("\r\n").slice(1);
    await writeFile(join(dir, "ids.csv"), `sid,label\n${first.map((id, i) => `${id},"star ${i}"`).join("\n")}\n`);
    const r = await vo(["tap", "query", TAP, "SELECT t.label, c.name FROM TAP_UPLOAD.ids AS t JOIN vo_sample.cat AS c ON c.source_id = t.sid ORDER BY t.label", "--upload", "ids=ids.csv"]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\r\n");
    expect(lines[0]).toBe("label,name");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["star 0", "star 1", "star 2"]);
  });

  it("tables and capabilities", async () => {
    const tables = await vo(["tap", "tables", TAP]);
    expect(tables.code, tables.stderr).toBe(0);
    expect(tables.stdout).toMatch(/\nvo_sample\.cat,/);
    const columns = await vo(["tap", "tables", TAP, "vo_sample.cat"]);
    expect(columns.stdout).toMatch(/\nra,double,1,deg,pos\.eq\.ra;meta\.main,/);
    const caps = await vo(["tap", "capabilities", TAP, "--json"]);
    expect(caps.code, caps.stderr).toBe(0);
    const summary = JSON.parse(caps.stdout) as { languages: { name: string }[]; uploadMethods: string[] };
    expect(summary.languages.map((l) => l.name)).toContain("ADQL");
    expect(summary.uploadMethods.length).toBeGreaterThan(0);
    const text = await vo(["tap", "capabilities", TAP]);
    expect(text.stdout).toMatch(/^language: +ADQL/m);
  });
});

describe("vo cone, sia, ssa, download", () => {
  it("cone: the 6 sources around M31, and 2 with a custom VMAG interval", async () => {
    const r = await vo(["cone", SCS, "10.6847", "41.269", "0.05"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\r\n")).toHaveLength(1 + 6);
    const custom = await vo(["cone", SCS, "10.6847", "41.269", "0.05", "--param", "VMAG=10 14.2"]);
    expect(custom.stdout.trim().split("\r\n")).toHaveLength(1 + 2);
  });

  it("sia v1 and v2, then download the images of the result", async () => {
    const v1 = await vo(["sia", SIA1, "10.6847", "41.269", "0.2", "-f", "votable", "-o", "images.vot"]);
    expect(v1.code, v1.stderr).toBe(0);
    const v2 = await vo(["sia", "--v2", SIA2, "10.6847", "41.269", "0.2", "-f", "json"]);
    expect(v2.code, v2.stderr).toBe(0);
    expect(JSON.parse(v2.stdout)).toHaveLength(2);
    const down = await vo(["download", "images.vot", "--dir", "images", "-f", "csv"]);
    expect(down.code, down.stderr).toBe(0);
    const files = await readdir(join(dir, "images"));
    expect(files).toHaveLength(2);
    for (const f of files) expect((await readFile(join(dir, "images", f))).subarray(0, 9).toString("latin1")).toBe("SIMPLE  =");
    expect(down.stdout.trim().split("\r\n")[0]).toBe("row,path,bytes,error");
  });

  it("ssa: 2 spectra around M31, 1 of them with AIRMASS in 1.4/1.7", async () => {
    const r = await vo(["ssa", SSA, "10.6847", "41.269", "0.2"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\r\n")).toHaveLength(1 + 2);
    const custom = await vo(["ssa", SSA, "10.6847", "41.269", "0.2", "--param", "AIRMASS=1.4/1.7", "-f", "json"]);
    expect(JSON.parse(custom.stdout)).toHaveLength(1);
  });

  it("a negative declination is a number, not an option", async () => {
    const r = await vo(["cone", SCS, "83.8221", "-5.3911", "0.2"]);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe("vo on a terminal", () => {
  it("prints an aligned table with a bold header and units", async () => {
    const r = await voInTerminal(["tap", "query", TAP, "SELECT TOP 3 name, ra, vmag FROM vo_sample.cat ORDER BY name"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("\x1b[1m");
    expect(r.stdout).toMatch(/\[deg\]/);
    expect(r.stdout).toContain("(3 rows)");
  });

  it("shows an async job's phases as a redrawn status line", async () => {
    const r = await voInTerminal(["tap", "query", "--async", TAP, "SELECT COUNT(*) AS n FROM vo_sample.cat", "-f", "csv"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`\r${String.fromCharCode(27)}\\[2Kjob (EXECUTING|COMPLETED)`));
    expect(r.stdout).toContain("2000");
  });
});

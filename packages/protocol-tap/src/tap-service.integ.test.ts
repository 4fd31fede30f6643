/**
 * TAPService against the local DaCHS test bed (scripts/start-dachs.sh;
 * `npm run test:integ`). VO_DACHS_URL is the server base (default
 * http://localhost:8080); the TAP service is at `<base>/tap`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, DALQueryError, ParameterError, VOError } from "@vo/core";
import type { VOWarning } from "@vo/core";
import { adql, tableName } from "./adql.js";
import { AsyncJob } from "./async-job.js";
import { tap } from "./plugin.js";
import type { TAPService } from "./tap-service.js";
import type { UWSPhase } from "./uws.js";

const base = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");
const TAP_URL = base.endsWith("/tap") ? base : `${base}/tap`;
const CAT = "vo_sample.cat";
const M31 = { ra: 10.6847, dec: 41.269 };

const makeClient = () => createClient({ plugins: [tap()], onWarning: (w) => warnings.push(w) });
let client: ReturnType<typeof makeClient>;
let service: TAPService;
const warnings: VOWarning[] = [];

beforeAll(async () => {
  const probe = await fetch(`${TAP_URL}/availability`, { signal: AbortSignal.timeout(10_000) }).catch((err: unknown) => err);
  if (!(probe instanceof Response) || !probe.ok) {
    throw new Error(`DaCHS is not reachable at ${TAP_URL} (${probe instanceof Response ? `HTTP ${probe.status}` : String(probe)}); start it with scripts/start-dachs.sh or set VO_DACHS_URL`);
  }
  client = makeClient();
  service = client.service("tap", TAP_URL);
});

afterAll(async () => {
  await client?.close();
});

describe("TAP against DaCHS", () => {
  it("runs a sync query", async () => {
    const rs = await service.runSync(adql`SELECT COUNT(*) AS n FROM ${tableName(CAT)}`);
    expect(rs.length).toBe(1);
    expect(Number(rs.at(0)!.get("n"))).toBe(2000);
  });

  it("flags a MAXREC overflow", async () => {
    const rs = await service.runSync(`SELECT source_id FROM ${CAT}`, { maxrec: 5 });
    expect(rs.length).toBe(5);
    expect(rs.queryStatus).toBe("OVERFLOW");
    expect(rs.overflow?.maxrec).toBe(5);
  });

  it("runs an async job through its phases to COMPLETED, then deletes it", async () => {
    const job = await service.submitJob(`SELECT TOP 10 source_id, ra, dec FROM ${CAT}`, { runId: "integ-1" });
    expect(job.phase).toBe("PENDING");
    const seen: UWSPhase[] = [];
    try {
      await job.run();
      await job.wait({ timeout: 60_000, onPhase: (p) => seen.push(p) });
      expect(job.phase).toBe("COMPLETED");
      await job.raiseIfError();
      expect(job.resultUri).toMatch(/\/results\/result$/);
      const rs = await job.fetchResult();
      expect(rs.length).toBe(10);
      expect(seen.at(-1)).toBe("COMPLETED");
      expect(job.creationTime).toBeInstanceOf(Date);
      expect(job.destruction).toBeInstanceOf(Date);
      expect(job.executionDuration).toBeGreaterThan(0);
      expect(job.query).toMatch(/SELECT TOP 10 source_id/);
      // reconnect by URL and by id: a fresh object reads the same job
      for (const again of [await AsyncJob.fromUrl(job.url, { context: service.context }), await service.getJob(job.jobId)]) {
        expect(again.url).toMatch(new RegExp(`/async/${job.jobId}$`)); // DaCHS redirects /tap/async to /__system__/tap/run/async
        expect(again.jobId).toBe(job.jobId);
        expect(again.phase).toBe("COMPLETED");
        expect(again.query).toBe(job.query);
        expect((await again.fetchResult()).length).toBe(10);
      }
    } finally {
      await job.delete();
    }
    // DaCHS answers 404 with a VOTable error document (→ DALQueryError); others send a plain 404 (→ DALServiceError).
    await expect(service.getJob(job.jobId)).rejects.toBeInstanceOf(VOError);
  });

  it("runAsync returns the result and surfaces job errors with the service's message", async () => {
    const rs = await service.runAsync(`SELECT TOP 3 name FROM ${CAT}`, { timeout: 60_000 });
    expect(rs.length).toBe(3);
    const err = await service.runAsync("SELECT * FROM no_such_schema.no_such_table", { timeout: 60_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALQueryError);
    expect((err as DALQueryError).phase).toBe("ERROR");
    expect((err as Error).message).toMatch(/no_such/i);
  });

  it("reports a sync query error as DALQueryError", async () => {
    await expect(service.runSync("SELECT nope FROM " + CAT)).rejects.toBeInstanceOf(DALQueryError);
  });

  it("aborts and deletes a job", async () => {
    const job = await service.submitJob(`SELECT * FROM ${CAT}`);
    await job.abort();
    expect(job.phase).toBe("ABORTED");
    await expect(job.raiseIfError()).rejects.toThrow(/aborted/);
    const listed = await service.listJobs();
    expect(listed.some((j) => j.id === job.jobId)).toBe(true);
    await job.delete();
    expect(job.deleted).toBe(true);
    await job.delete(); // idempotent
  });

  it("changes a PENDING job's query and uploads before it runs (pyVO's settable query and upload)", async () => {
    const job = await service.submitJob(`SELECT TOP 1 source_id FROM ${CAT}`);
    try {
      const query = `SELECT u.label, c.source_id FROM TAP_UPLOAD.pos AS u JOIN ${CAT} AS c
       ON 1 = CONTAINS(POINT('ICRS', c.ra, c.dec), CIRCLE('ICRS', u.ra, u.dec, 0.05))`;
      await job.setQuery(query);
      expect(job.query?.replace(/\s+/g, " ")).toBe(query.replace(/\s+/g, " "));
      await job.upload({
        pos: { fields: [{ name: "label", datatype: "char", arraysize: "*" }, { name: "ra", datatype: "double" }, { name: "dec", datatype: "double" }], rows: [["m31", M31.ra, M31.dec]] },
      });
      await job.run();
      await job.wait({ timeout: 60_000 });
      await job.raiseIfError();
      expect(job.result?.href).toBe(job.resultUri);
      const rs = await job.fetchResult();
      expect(rs.length).toBe(6);
      await expect(job.setQuery("SELECT 1")).rejects.toThrow(/PENDING job/);
    } finally {
      await job.delete();
    }
  });

  it("joins an uploaded table", async () => {
    const rs = await service.runSync(
      `SELECT u.label, c.source_id FROM TAP_UPLOAD.pos AS u JOIN ${CAT} AS c
       ON 1 = CONTAINS(POINT('ICRS', c.ra, c.dec), CIRCLE('ICRS', u.ra, u.dec, 0.05))`,
      {
        uploads: {
          pos: {
            fields: [
              { name: "label", datatype: "char", arraysize: "*" },
              { name: "ra", datatype: "double" },
              { name: "dec", datatype: "double" },
            ],
            rows: [["m31", M31.ra, M31.dec]],
          },
        },
      },
    );
    expect(rs.length).toBe(6);
    expect(new Set([...rs].map((r) => r.get("label")))).toEqual(new Set(["m31"]));
  });

  it("uploads an earlier result as it is: the ResultSet, its table, objects or columns (issue #13)", async () => {
    const first = await service.runSync(`SELECT TOP 5 source_id, ra, dec FROM ${CAT} ORDER BY source_id`);
    const join = `SELECT u.source_id FROM TAP_UPLOAD.up AS u JOIN ${CAT} AS c ON u.source_id = c.source_id`;
    const objects = first.toArray().map((r) => r.toJSON());
    const columns = { source_id: objects.map((o) => o.source_id), ra: objects.map((o) => o.ra) };
    for (const up of [first, first.toTable(), objects, columns]) {
      expect((await service.runSync(join, { uploads: { up } })).length).toBe(5);
    }
  });

  it("parses the capabilities: UNION, CAST, UDFs, uploads, limits", async () => {
    const caps = await service.capabilities();
    expect(caps.supportsFeature("adql-sets", "UNION")).toBe(true);
    expect(caps.supportsFeature("adql-type", "CAST")).toBe(true);
    expect(caps.supportsFeature("adqlgeo", "CONTAINS")).toBe(true);
    expect(caps.udfs().length).toBeGreaterThan(0);
    expect(caps.getUdf("gavo_getauthority")?.returns).toBe("TEXT");
    expect(caps.supportsUploads("inline")).toBe(true);
    expect(caps.getFeature("udf", "gavo_getauthority")?.description).toBeTruthy();
    expect((await service.getTapCapability()).tableAccess.languages.map((l) => l.name)).toContain("ADQL");
    // pyVO's shape, and the obvious property names (issue #13)
    expect(caps.languages.map((l) => l.name)).toContain("ADQL");
    expect((await service.getTapCapability()).getAdql()?.getFeature("ivo://ivoa.net/std/TAPRegExt#features-adql-sets", "UNION")).toBeDefined();
    expect((await service.getTapCapability()).outputLimit?.default).toEqual({ value: 20000, unit: "row" });
    expect(await service.uploadMethods()).toContain("ivo://ivoa.net/std/TAPRegExt#upload-inline");
    expect(await service.maxrec()).toBe(20000);
  });

  it("reads table metadata, lazily per table", async () => {
    const tables = await service.tables();
    expect(tables.has("ivoa.obscore")).toBe(true);
    const cat = await tables.get(CAT);
    const ra = cat.columns.find((c) => c.name === "ra");
    expect(ra?.ucd).toMatch(/pos\.eq\.ra/);
    expect(ra?.datatype?.name).toBe("double");
    // DaCHS leaves arraysize out of scalar columns: the schema default applies, as in pyVO
    expect(ra?.datatype?.arraysize).toBe("1");
    expect(cat.columns.find((c) => c.name === "name")?.datatype?.arraysize).toBe("*");
  });

  // the examples come from scripts/dachs/userconfig.rd (installed by start-dachs.sh)
  it("reads the DALI examples page: names, queries and tables of the test bed's examples", async () => {
    const examples = await service.examples();
    expect(examples.map((ex) => ex.name)).toEqual(["Cone search in the sample catalogue", "Spectra in ObsCore", "Magnitude histogram"]);
    expect(examples.map((ex) => ex.id)).toEqual(["Conesearchinthesamplecatalogue", "SpectrainObsCore", "Magnitudehistogram"]);
    expect(examples.map((ex) => ex.tables)).toEqual([[CAT], ["ivoa.obscore"], [CAT]]);
    for (const ex of examples) {
      expect(ex.query.trim()).not.toBe("");
      expect(ex.query).toMatch(/^\s*SELECT\b/i);
      expect(ex.query).toMatch(/\b(vo_sample\.cat|ivoa\.obscore)\b/);
      expect(ex.description).not.toBe("");
    }
    const [cone, spectra, histogram] = examples;
    expect(cone!.query).toMatch(/CONTAINS\s*\(\s*POINT/i);
    expect(spectra!.query).toMatch(/dataproduct_type\s*=\s*'spectrum'/);
    expect(histogram!.query).toMatch(/GROUP BY/i);
  });

  it("runs every example query of the examples page", async () => {
    const examples = await service.examples();
    expect(examples.length).toBe(3);
    const counts = await Promise.all(examples.map(async (ex) => (await service.runSync(ex.query)).length));
    // cone: stars near M31; ObsCore: the 5 sample spectra; histogram: V bins 9..18
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts.slice(1)).toEqual([5, 10]);
  });

  it("deletes a job when its `await using` block ends", async () => {
    let url = "";
    {
      await using job = await service.submitJob(`SELECT TOP 1 source_id FROM ${CAT}`);
      url = job.url;
      expect(job.phase).toBe("PENDING");
    }
    await expect(service.getJob(url.slice(url.lastIndexOf("/") + 1))).rejects.toBeInstanceOf(VOError);
  });

  it("refuses an upload over the declared hard uploadLimit before sending it", async () => {
    const caps = await service.capabilities();
    const hard = caps.uploadLimit()?.hard;
    expect(hard).toEqual({ value: 20_000_000, unit: "byte" });
    const err = await service.runSync("SELECT * FROM TAP_UPLOAD.t", { uploads: { t: new Uint8Array(hard!.value + 1) } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParameterError);
  });

  it("reads availability", async () => {
    const a = await service.availability();
    expect(a.available).toBe(true);
  });
});

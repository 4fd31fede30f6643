/** TAPService and AsyncJob against @vo/testkit's misbehaving in-process server. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient, DALFormatError, DALQueryError, DALServiceError, ParameterError, VOError } from "@vo/core";
import type { VOWarning } from "@vo/core";
import { htmlError, respond, retryAfter503, startTestServer, truncated, votableError } from "@vo/testkit";
import type { RouteHandler, TestServer } from "@vo/testkit";
import { tap } from "./plugin.js";
import type { TAPService } from "./tap-service.js";

const VOTABLE_CT = { "content-type": "application/x-votable+xml" };
const RESULT = `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="OK"/>
<TABLE><FIELD name="id" datatype="int"/><FIELD name="name" datatype="char" arraysize="*"/>
<DATA><TABLEDATA><TR><TD>1</TD><TD>a</TD></TR><TR><TD>2</TD><TD>b</TD></TR></TABLEDATA></DATA></TABLE>
</RESOURCE></VOTABLE>`;

function jobDoc(phase: string, opts: { version?: string; error?: { message: string; hasDetail?: boolean }; id?: string } = {}): string {
  const id = opts.id ?? "j1";
  return `<?xml version="1.0"?>
<uws:job xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0" xmlns:xlink="http://www.w3.org/1999/xlink"${opts.version ? ` version="${opts.version}"` : ""}>
<uws:jobId>${id}</uws:jobId><uws:phase>${phase}</uws:phase><uws:executionDuration>60</uws:executionDuration>
<uws:parameters><uws:parameter id="query">SELECT 1</uws:parameter><uws:parameter id="maxrec">10</uws:parameter></uws:parameters>
<uws:results>${phase === "COMPLETED" ? `<uws:result id="result" xlink:href="/tap/async/${id}/results/result"/>` : ""}</uws:results>
${opts.error ? `<uws:errorSummary type="fatal" hasDetail="${opts.error.hasDetail ? "true" : "false"}"><uws:message>${opts.error.message}</uws:message></uws:errorSummary>` : ""}
</uws:job>`;
}
const xml = (body: string): RouteHandler => respond(200, body, { "content-type": "text/xml" });

let server: TestServer | undefined;
const makeClient = () => createClient({ plugins: [tap()], onWarning: (w) => warnings.push(w) });
let client: ReturnType<typeof makeClient> | undefined;
const warnings: VOWarning[] = [];

async function setup(routes: Record<string, RouteHandler>): Promise<{ service: TAPService; server: TestServer }> {
  server = await startTestServer(routes);
  warnings.length = 0;
  client = makeClient();
  return { service: client.service("tap", `${server.url}/tap`), server };
}

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

const form = (body: Buffer): URLSearchParams => new URLSearchParams(body.toString());

describe("runSync", () => {
  it("POSTs REQUEST, LANG, QUERY and MAXREC (even 0) to /sync and reads the result", async () => {
    const { service, server } = await setup({ "POST /tap/sync": respond(200, RESULT, VOTABLE_CT) });
    const rs = await service.runSync("SELECT id, name FROM t", { maxrec: 0, runId: "r1", params: { foo: "bar" } });
    expect(rs.length).toBe(2);
    expect([...rs].map((r) => r.get("name"))).toEqual(["a", "b"]);
    const sent = form(server.requests[0]!.body);
    expect(Object.fromEntries(sent)).toEqual({ REQUEST: "doQuery", LANG: "ADQL", QUERY: "SELECT id, name FROM t", MAXREC: "0", RUNID: "r1", foo: "bar" });
  });

  it("turns a VOTable error document into DALQueryError", async () => {
    const { service } = await setup({ "POST /tap/sync": votableError("Column foo not found") });
    const err = await service.runSync("SELECT foo FROM t").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALQueryError);
    expect((err as Error).message).toMatch(/Column foo not found/);
  });

  it("turns an HTML error page into DALServiceError with the status", async () => {
    const { service } = await setup({ "POST /tap/sync": htmlError(502) });
    const err = await service.runSync("SELECT 1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALServiceError);
    expect((err as DALServiceError).status).toBe(502);
  });

  it("reports a result cut short as DALFormatError", async () => {
    const cut = RESULT.slice(0, RESULT.indexOf("<TR><TD>2"));
    const { service } = await setup({ "POST /tap/sync": respond(200, cut, VOTABLE_CT) });
    await expect(service.runSync("SELECT 1")).rejects.toBeInstanceOf(DALFormatError);
  });

  it("reports a connection dropped mid-body as a VOError, never a partial table", async () => {
    const { service } = await setup({ "POST /tap/sync": truncated(RESULT, 300) });
    await expect(service.runSync("SELECT 1")).rejects.toBeInstanceOf(VOError);
  });

  it("does not retry a POST on 503 + Retry-After", async () => {
    const { service, server } = await setup({ "POST /tap/sync": retryAfter503(1, 0, respond(200, RESULT, VOTABLE_CT)) });
    const err = await service.runSync("SELECT 1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALServiceError);
    expect((err as DALServiceError).status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it("sends uploads as multipart, tables streamed as VOTable, URLs by reference", async () => {
    const { service, server } = await setup({ "POST /tap/sync": respond(200, RESULT, VOTABLE_CT) });
    await service.runSync("SELECT * FROM TAP_UPLOAD.t1 JOIN TAP_UPLOAD.t2 USING (id)", {
      uploads: {
        t1: { fields: [{ name: "id", datatype: "int" }, { name: "ra", datatype: "double" }], rows: [[1, 10.5], [2, 11.5]] },
        t2: "http://example.org/t2.xml",
      },
      uploadSerialization: "TABLEDATA",
    });
    const req = server.requests[0]!;
    expect(req.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    const body = req.body.toString();
    expect(body).toMatch(/name="UPLOAD"\r\n\r\nt1,param:t1;t2,http:\/\/example.org\/t2.xml\r\n/);
    expect(body).toMatch(/name="t1"; filename="t1.xml"\r\nContent-Type: application\/x-votable\+xml/);
    expect(body).toMatch(/<TR><TD>2<\/TD><TD>11.5<\/TD><\/TR>/);
  });

  it("refuses a file path as an upload before any request", async () => {
    const { service, server } = await setup({});
    await expect(service.runSync("SELECT 1", { uploads: { t: "./my-table.xml" } })).rejects.toThrow(/files must be read first/);
    await expect(service.runSync("SELECT 1", { uploads: { "bad name": "http://x/y" } })).rejects.toThrow(/regular ADQL identifier/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("VOSI", () => {
  it("retries a GET on 503 + Retry-After", async () => {
    const caps = `<capabilities><capability standardID="ivo://ivoa.net/std/TAP"><language><name>ADQL</name>
      <languageFeatures type="ivo://ivoa.net/std/TAPRegExt#features-adql-sets"><feature><form>UNION</form></feature></languageFeatures>
      </language></capability></capabilities>`;
    const { service, server } = await setup({ "GET /tap/capabilities": retryAfter503(1, 0, xml(caps)) });
    const c = await service.capabilities();
    expect(c.supportsFeature("adql-sets", "UNION")).toBe(true);
    expect(server.requests).toHaveLength(2);
    await service.capabilities();
    expect(server.requests).toHaveLength(2); // memoised
    // pyVO's names, from the memoised document
    expect((await service.getTapCapability()).tableAccess.languages[0]?.name).toBe("ADQL");
    expect(await service.uploadMethods()).toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it("getTapCapability fails with the capabilities URL when there is no TAP capability", async () => {
    const { service, server } = await setup({ "GET /tap/capabilities": xml(`<capabilities><capability standardID="ivo://ivoa.net/std/VOSI#tables"/></capabilities>`) });
    const err = await service.getTapCapability().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALServiceError);
    expect((err as DALServiceError).url).toBe(`${server.url}/tap/capabilities`);
    expect((err as Error).message).toContain(`${server.url}/tap/capabilities`);
  });

  it("fetches tables with detail=min and single tables on demand, URL-encoded", async () => {
    const { service, server } = await setup({
      "GET /tap/tables": xml(`<tableset><schema><name>v</name><table><name>v."J/A+A/1"</name></table></schema></tableset>`),
      "*": xml(`<table><name>v."J/A+A/1"</name><column><name>x</name></column></table>`),
    });
    const tables = await service.tables();
    const t = await tables.get('v."J/A+A/1"');
    expect(t.columns.map((c) => c.name)).toEqual(["x"]);
    expect(server.requests.map((r) => r.url)).toEqual(["/tap/tables?detail=min", `/tap/tables/${encodeURIComponent('v."J/A+A/1"')}`]);
  });

  it("reads availability, and calls an HTML page what it is", async () => {
    const { service } = await setup({
      "GET /tap/availability": xml(`<availability><available>true</available></availability>`),
    });
    expect((await service.availability()).available).toBe(true);
    await expect(service.tables()).rejects.toBeInstanceOf(DALServiceError);
  });
});

describe("async jobs", () => {
  it("creates a job, follows the 303, runs it with short polls then UWS 1.1 blocking WAIT, fetches and deletes", async () => {
    let phase = "PENDING";
    const phases: string[] = [];
    const { service, server } = await setup({
      "POST /tap/async": respond(303, "", { location: "/tap/async/j1" }),
      "GET /tap/async/j1/phase": (req, res) => respond(200, phase, { "content-type": "text/plain" })(req, res),
      "GET /tap/async/j1": async (req, res) => {
        if (/WAIT=/.test(req.url ?? "")) {
          await new Promise((r) => setTimeout(r, 300));
          phase = "COMPLETED";
        }
        xml(jobDoc(phase, { version: "1.1" }))(req, res);
      },
      "POST /tap/async/j1/phase": (req, res) => {
        phase = form(req.body).get("PHASE") === "RUN" ? "EXECUTING" : phase;
        respond(303, "", { location: "/tap/async/j1" })(req, res);
      },
      "GET /tap/async/j1/results/result": respond(200, RESULT, VOTABLE_CT),
      "POST /tap/async/j1": respond(303, "", { location: "/tap/async" }),
    });
    const rs = await service.runAsync("SELECT 1", { maxrec: 10, onPhase: (p) => phases.push(p) });
    expect(rs.length).toBe(2);
    expect(phases).toEqual(["EXECUTING", "COMPLETED"]);
    const log = server.requests.map((r) => `${r.method} ${r.url}`);
    expect(log[0]).toBe("POST /tap/async");
    expect(log).toContain("POST /tap/async/j1/phase");
    const firstWait = log.findIndex((l) => /^GET \/tap\/async\/j1\?WAIT=\d+&PHASE=EXECUTING$/.test(l));
    expect(firstWait).toBeGreaterThan(0);
    // Short polls of <job>/phase first (about 1.5 s of them), then WAIT.
    const polls = log.slice(0, firstWait).filter((l) => l === "GET /tap/async/j1/phase").length;
    expect(polls).toBeGreaterThanOrEqual(3);
    expect(log.slice(firstWait).some((l) => l === "GET /tap/async/j1/phase")).toBe(false);
    expect(log.at(-1)).toBe("POST /tap/async/j1"); // ACTION=DELETE: no CORS preflight in browsers
    expect(server.requests.at(-1)?.body.toString()).toBe("ACTION=DELETE");
    expect(log).not.toContain("GET /tap/async"); // the delete's redirect is not followed
  });

  it("sees a sub-second job done within a poll of its end, though the server's WAIT re-checks once a second (DaCHS)", async () => {
    let runAt = 0;
    const phaseNow = (): string => (runAt === 0 ? "PENDING" : Date.now() - runAt < 300 ? "EXECUTING" : "COMPLETED");
    const { service, server } = await setup({
      "POST /tap/async": respond(303, "", { location: "/tap/async/j1" }),
      "POST /tap/async/j1/phase": (req, res) => {
        runAt = Date.now();
        respond(303, "", { location: "/tap/async/j1" })(req, res);
      },
      "GET /tap/async/j1/phase": (req, res) => respond(200, phaseNow(), { "content-type": "text/plain" })(req, res),
      "GET /tap/async/j1": async (req, res) => {
        // DaCHS's WAIT: the phase is looked at again once a second.
        const wait = /[?&]WAIT=(\d+)/.exec(req.url ?? "");
        const start = phaseNow();
        for (let s = 0; wait && s < Number(wait[1]) && phaseNow() === start; s++) await new Promise((r) => setTimeout(r, 1000));
        xml(jobDoc(phaseNow(), { version: "1.1" }))(req, res);
      },
      "GET /tap/async/j1/results/result": respond(200, RESULT, VOTABLE_CT),
      "POST /tap/async/j1": respond(303, "", { location: "/tap/async" }),
    });
    const t0 = Date.now();
    const rs = await service.runAsync("SELECT 1");
    const ms = Date.now() - t0;
    expect(rs.length).toBe(2);
    // Through WAIT alone this took over a second (the first re-check); polls see it within one interval.
    expect(ms).toBeLessThan(950);
    expect(server.requests.some((r) => /WAIT=/.test(r.url))).toBe(false);
  });

  it("times out with a clear error when a job never finishes, and still deletes it", async () => {
    const { service, server } = await setup({
      "POST /tap/async": respond(303, "", { location: "/tap/async/j1" }),
      "GET /tap/async/j1": xml(jobDoc("EXECUTING")),
      "GET /tap/async/j1/phase": respond(200, "EXECUTING", { "content-type": "text/plain" }),
      "POST /tap/async/j1/phase": respond(303, "", { location: "/tap/async/j1" }),
      "POST /tap/async/j1": respond(204),
    });
    const err = await service.runAsync("SELECT 1", { timeout: 700, pollInterval: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALServiceError);
    expect((err as DALServiceError).code).toBe("VO_ERR_TIMEOUT");
    expect((err as Error).message).toMatch(/^job j1 still EXECUTING after 700 ms \(http:.*\/tap\/async\/j1\)/);
    expect(server.requests.at(-1)).toMatchObject({ method: "POST", url: "/tap/async/j1" });
    expect(server.requests.at(-1)?.body.toString()).toBe("ACTION=DELETE");
  });

  it("takes any deadline: fractional, beyond a 32-bit timer, Infinity; refuses a negative one", async () => {
    let polls = 0;
    const { service } = await setup({
      "POST /tap/async": respond(303, "", { location: "/tap/async/j1" }),
      "GET /tap/async/j1": (req, res) => xml(jobDoc(polls > 1 ? "COMPLETED" : "EXECUTING"))(req, res),
      "GET /tap/async/j1/phase": (req, res) => respond(200, ++polls > 1 ? "COMPLETED" : "EXECUTING")(req, res),
    });
    const job = await service.submitJob("SELECT 1");
    for (const timeout of [1500.5, 2 ** 31 + 5, Infinity]) {
      polls = 0;
      await job.refresh();
      expect(job.phase).toBe("EXECUTING");
      await job.wait({ timeout, pollInterval: 10 });
      expect(job.phase).toBe("COMPLETED");
    }
    await job.refresh();
    await expect(job.wait({ timeout: -1 })).rejects.toBeInstanceOf(ParameterError);
  });

  it("stops waiting for a phase once the job is in a final phase it cannot leave", async () => {
    let polls = 0;
    const { service } = await setup({
      "POST /tap/async": respond(303, "", { location: "/tap/async/j1" }),
      "GET /tap/async/j1": (req, res) => xml(jobDoc(polls > 0 ? "COMPLETED" : "QUEUED"))(req, res),
      "GET /tap/async/j1/phase": (req, res) => respond(200, ++polls > 0 ? "COMPLETED" : "QUEUED")(req, res),
    });
    const job = await service.submitJob("SELECT 1");
    const t0 = Date.now();
    await job.wait({ phases: ["EXECUTING"], timeout: 3000, pollInterval: 10 });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(job.phase).toBe("COMPLETED");
    expect(job.resultUri).toMatch(/\/results\/result$/); // the job document was read again
  });

  it("falls back to polling when a UWS 1.1 server ignores WAIT", async () => {
    let polls = 0;
    const { service, server } = await setup({
      "POST /tap/async": respond(303, "", { location: "/tap/async/j1" }),
      "GET /tap/async/j1": (req, res) => xml(jobDoc(++polls > 6 ? "COMPLETED" : "EXECUTING", { version: "1.1" }))(req, res),
      "GET /tap/async/j1/phase": (req, res) => respond(200, ++polls > 6 ? "COMPLETED" : "EXECUTING")(req, res),
    });
    const job = await service.submitJob("SELECT 1");
    expect(job.url).toBe(`${server.url}/tap/async/j1`);
    const t0 = Date.now();
    await job.wait({ pollInterval: 20, timeout: 5000 });
    expect(job.phase).toBe("COMPLETED");
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(server.requests.filter((r) => r.url.includes("/phase")).length).toBeGreaterThan(0);
  });

  it("surfaces the error summary, with detail from <job>/error, as DALQueryError", async () => {
    const { service } = await setup({
      "POST /tap/async": respond(303, "", { location: "/tap/async/j1" }),
      "GET /tap/async/j1": xml(jobDoc("ERROR", { version: "1.1", error: { message: "Query failed", hasDetail: true } })),
      "POST /tap/async/j1/phase": respond(303, "", { location: "/tap/async/j1" }),
      "GET /tap/async/j1/error": votableError("Table nope does not exist"),
      "POST /tap/async/j1": respond(204),
    });
    const err = await service.runAsync("SELECT * FROM nope").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALQueryError);
    expect((err as DALQueryError).message).toBe("Query failed: Table nope does not exist");
    expect((err as DALQueryError).phase).toBe("ERROR");
    expect((err as DALQueryError).jobUrl).toMatch(/\/tap\/async\/j1$/);
  });

  it("accepts a job document answered directly to the creation POST", async () => {
    const { service } = await setup({ "POST /tap/async": xml(jobDoc("PENDING", { id: "x 1" })) });
    const job = await service.submitJob("SELECT 1");
    expect(job.url).toMatch(/\/tap\/async\/x%201$/);
    expect(job.phase).toBe("PENDING");
  });

  it("aborts, changes execution duration and reports ABORTED as DALQueryError", async () => {
    let phase = "PENDING";
    let duration = 60;
    const doc = (): string => jobDoc(phase).replace("<uws:executionDuration>60", `<uws:executionDuration>${duration}`);
    const { service, server } = await setup({
      "POST /tap/async": respond(303, "", { location: "/tap/async/j1" }),
      "GET /tap/async/j1": (req, res) => xml(doc())(req, res),
      "POST /tap/async/j1/phase": (req, res) => {
        if (form(req.body).get("PHASE") === "ABORT") phase = "ABORTED";
        respond(303, "", { location: "/tap/async/j1" })(req, res);
      },
      "POST /tap/async/j1/executionduration": (req, res) => {
        duration = Number(form(req.body).get("EXECUTIONDURATION"));
        respond(303, "", { location: "/tap/async/j1" })(req, res);
      },
    });
    const job = await service.submitJob("SELECT 1");
    await job.setExecutionDuration(120);
    expect(job.executionDuration).toBe(120);
    await job.abort();
    expect(job.phase).toBe("ABORTED");
    await expect(job.raiseIfError()).rejects.toThrow(/job j1 was aborted/);
    expect(server.requests.map((r) => r.method)).toEqual(["POST", "GET", "POST", "GET", "POST", "GET"]);
  });

  it("changes the query of a PENDING job and adds uploads to it (pyVO's settable query and upload), and refuses once it runs", async () => {
    let phase = "PENDING";
    let query = "SELECT 1";
    const doc = (): string => jobDoc(phase).replace(">SELECT 1<", `>${query}<`);
    const posts: { type: string; body: string }[] = [];
    const { service, server } = await setup({
      "POST /tap/async": respond(303, "", { location: "/tap/async/j1" }),
      "GET /tap/async/j1": (req, res) => xml(doc())(req, res),
      "POST /tap/async/j1/parameters": (req, res) => {
        posts.push({ type: String(req.headers["content-type"]), body: req.body.toString() });
        const q = posts.at(-1)!.type.startsWith("application/x-www-form-urlencoded") ? form(req.body).get("QUERY") : null;
        if (q !== null) query = q;
        respond(303, "", { location: "/tap/async/j1" })(req, res);
      },
      "POST /tap/async/j1/phase": (req, res) => {
        if (form(req.body).get("PHASE") === "RUN") phase = "EXECUTING";
        respond(303, "", { location: "/tap/async/j1" })(req, res);
      },
    });
    const job = await service.submitJob("SELECT 1");
    await job.setQuery("SELECT TOP 5 * FROM TAP_UPLOAD.mine");
    expect(job.query).toBe("SELECT TOP 5 * FROM TAP_UPLOAD.mine");
    await job.upload({ mine: { fields: [{ name: "id", datatype: "int" }], rows: [[7]] }, other: "http://example.org/o.xml" });
    expect(posts[1]!.type).toMatch(/^multipart\/form-data; boundary=/);
    expect(posts[1]!.body).toMatch(/name="UPLOAD"\r\n\r\nmine,param:mine;other,http:\/\/example.org\/o.xml\r\n/);
    expect(posts[1]!.body).toMatch(/name="mine"; filename="mine.xml"[\s\S]*<TD>7<\/TD>/);
    await expect(job.setQuery("  ")).rejects.toThrow(ParameterError);
    await job.run();
    const before = server.requests.length;
    await expect(job.setQuery("SELECT 2")).rejects.toThrow(/PENDING job .*j1 is EXECUTING/);
    await expect(job.upload({ t: "http://example.org/t.xml" })).rejects.toThrow(ParameterError);
    expect(server.requests.length).toBe(before);
  });

  it("names the TAP result entry (pyVO's result)", async () => {
    const { service } = await setup({
      "POST /tap/async": respond(303, "", { location: "/tap/async/j1" }),
      "GET /tap/async/j1": xml(jobDoc("COMPLETED").replace("<uws:results>", '<uws:results><uws:result id="log" xlink:href="/tap/async/j1/results/log"/>')),
    });
    const job = await service.submitJob("SELECT 1");
    expect(job.result).toMatchObject({ id: "result", href: expect.stringMatching(/\/tap\/async\/j1\/results\/result$/) });
    expect(job.resultUri).toBe(job.result!.href);
    expect(job.resultUris).toHaveLength(2);
  });

  it("lists jobs with UWS 1.1 filters", async () => {
    const { service, server } = await setup({
      "GET /tap/async": xml(`<uws:jobs xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0" xmlns:xlink="http://www.w3.org/1999/xlink">
        <uws:jobref id="j1" xlink:href="async/j1"><uws:phase>COMPLETED</uws:phase></uws:jobref></uws:jobs>`),
    });
    const jobs = await service.getJobList({ phases: ["COMPLETED", "ERROR"], last: 5, after: new Date("2024-01-01T00:00:00Z") });
    expect(jobs).toEqual([expect.objectContaining({ id: "j1", phase: "COMPLETED", href: `${server.url}/tap/async/j1` })]);
    expect(server.requests[0]!.url).toBe("/tap/async?PHASE=COMPLETED&PHASE=ERROR&AFTER=2024-01-01T00%3A00%3A00.000Z&LAST=5");
  });

  it("an unparsable job document is a DALFormatError naming the problem", async () => {
    const { service } = await setup({ "POST /tap/async": respond(303, "", { location: "/tap/async/j1" }), "GET /tap/async/j1": xml("<job><phase>DONE</phase></job>") });
    await expect(service.submitJob("SELECT 1")).rejects.toThrow(DALFormatError);
  });
});

describe("examples", () => {
  const page = (body: string): string =>
    `<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><body vocab="ivo://ivoa.net/std/DALI-examples#">${body}</body></html>`;
  const html = { "content-type": "text/html;charset=utf-8" };

  it("reads the examples and follows continuation links once each", async () => {
    const { service, server } = await setup({
      "GET /tap/examples": respond(
        200,
        page(`<div typeof="example" id="a"><h2 property="name">A&nbsp;one</h2><pre property="query">SELECT 1</pre></div>
          <a rel="continuation" href="examples/more">more</a>`),
        html,
      ),
      "GET /tap/examples/more": respond(
        200,
        page(`<div typeof="example" id="b"><h2 property="name">B</h2><span property="table">t.b</span><pre property="query">SELECT 2</pre></div>
          <div typeof="example" id="a"><pre property="query">SELECT 1</pre></div><a rel="continuation" href="/tap/examples">back</a>`),
        html,
      ),
    });
    const examples = await service.examples();
    expect(examples).toEqual([
      { id: "a", name: "A one", query: "SELECT 1", tables: [], description: "" },
      { id: "b", name: "B", query: "SELECT 2", tables: ["t.b"], description: "t.b" },
    ]);
    expect(server.requests.map((r) => r.url)).toEqual(["/tap/examples", "/tap/examples/more"]);
  });

  it("gives [] for a service without examples (404), and fails on other errors", async () => {
    const { service } = await setup({ "GET /tap/examples": htmlError(404) });
    expect(await service.examples()).toEqual([]);
    await client?.close();
    await server?.close();
    const other = await setup({ "GET /tap/examples": htmlError(500) });
    await expect(other.service.examples()).rejects.toBeInstanceOf(DALServiceError);
  });
});

describe("AsyncJob disposal", () => {
  const jobRoutes = (deleteStatus: number): Record<string, RouteHandler> => ({
    "POST /tap/async": respond(303, "", { location: "/tap/async/j1" }),
    "GET /tap/async/j1": xml(jobDoc("PENDING")),
    "POST /tap/async/j1": htmlError(deleteStatus),
  });

  it("deletes the job when an `await using` block ends, also on errors", async () => {
    const { service, server } = await setup({ ...jobRoutes(200), "POST /tap/async/j1": respond(204) });
    const run = async (): Promise<void> => {
      await using job = await service.submitJob("SELECT 1");
      expect(job.phase).toBe("PENDING");
      throw new Error("boom");
    };
    await expect(run()).rejects.toThrow("boom");
    expect(server.requests.map((r) => `${r.method} ${r.url} ${r.body.toString()}`)).toEqual([
      "POST /tap/async REQUEST=doQuery&LANG=ADQL&QUERY=SELECT+1",
      "GET /tap/async/j1 ",
      "POST /tap/async/j1 ACTION=DELETE",
    ]);
  });

  for (const refusal of [400, 405, 501]) {
    it(`falls back to HTTP DELETE when the service refuses POST ACTION=DELETE with ${refusal}`, async () => {
      const { service, server } = await setup({ ...jobRoutes(refusal), "DELETE /tap/async/j1": respond(204) });
      const job = await service.submitJob("SELECT 1");
      await job.delete();
      expect(job.deleted).toBe(true);
      expect(server.requests.slice(-2).map((r) => r.method)).toEqual(["POST", "DELETE"]);
    });
  }

  it("keeps a job marked keep()", async () => {
    const { service, server } = await setup(jobRoutes(500));
    {
      await using job = await service.submitJob("SELECT 1");
      job.keep();
      expect(job.kept).toBe(true);
    }
    expect(server.requests.map((r) => r.method)).toEqual(["POST", "GET"]);
  });

  it("reports a refused DELETE as a warning, never as an error of the block", async () => {
    const { service } = await setup(jobRoutes(500));
    const job = await service.submitJob("SELECT 1");
    await job[Symbol.asyncDispose]();
    expect(job.deleted).toBe(false);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^could not delete job j1: POST ACTION=DELETE of the job failed with HTTP 500/)]);
  });

  it("names the job URL in the error of a refused delete()", async () => {
    const { service, server } = await setup(jobRoutes(500));
    const job = await service.submitJob("SELECT 1");
    const err = await job.delete().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALServiceError);
    expect((err as DALServiceError).status).toBe(500);
    expect((err as DALServiceError).url).toBe(`${server.url}/tap/async/j1`);
    expect((err as Error).message).toContain(`${server.url}/tap/async/j1`);
  });
});

describe("upload limits", () => {
  const caps = (hard: number, dflt: number): string => `<capabilities><capability standardID="ivo://ivoa.net/std/TAP">
    <language><name>ADQL</name></language>
    <uploadMethod ivo-id="ivo://ivoa.net/std/TAPRegExt#upload-inline"/>
    <uploadLimit><default unit="byte">${dflt}</default><hard unit="byte">${hard}</hard></uploadLimit></capability></capabilities>`;
  const table = (rows: number) => ({
    fields: [{ name: "id", datatype: "int" as const }, { name: "label", datatype: "char" as const, arraysize: "*" }],
    rows: Array.from({ length: rows }, (_, i) => [i, `row number ${i}`]),
  });

  it("refuses VOTable bytes over the hard limit before sending", async () => {
    const { service, server } = await setup({ "GET /tap/capabilities": xml(caps(1000, 500)), "POST /tap/sync": respond(200, RESULT, VOTABLE_CT) });
    await service.capabilities();
    const err = await service.runSync("SELECT 1", { uploads: { t: new Uint8Array(1001) } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParameterError);
    expect((err as Error).message).toMatch(/uploads\.t.*at most 1000 bytes.*1001 bytes/);
    expect(server.requests.map((r) => r.url)).toEqual(["/tap/capabilities"]);
  });

  it("stops a streamed table at the hard limit with a ParameterError", async () => {
    const { service } = await setup({ "GET /tap/capabilities": xml(caps(4000, 1000)), "POST /tap/sync": respond(200, RESULT, VOTABLE_CT) });
    const err = await service.runSync("SELECT 1", { uploads: { t: table(1000) } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParameterError);
    expect((err as Error).message).toMatch(/uploads\.t.*at most 4000 bytes.*more than 4000 bytes/);
  });

  it("warns above the default limit and sends the upload", async () => {
    const { service, server } = await setup({ "GET /tap/capabilities": xml(caps(100_000, 1000)), "POST /tap/sync": respond(200, RESULT, VOTABLE_CT) });
    const rs = await service.runSync("SELECT 1", { uploads: { t: table(100) } });
    expect(rs.length).toBe(2);
    expect(server.requests.at(-1)!.body.toString()).toContain("row number 99");
    expect(warnings.map((w) => w.message)).toEqual([`upload "t" is larger than the service's default uploadLimit (1000 bytes); it may be refused`]);
  });
});

describe("the course's polling loop over several jobs (issue #13)", () => {
  it("ends: fetchPhase asks the server and updates phase; phase alone makes no request", async () => {
    const polls = new Map<string, number>();
    const phaseOf = (id: string): string => ((polls.get(id) ?? 0) >= (id === "j1" ? 2 : 4) ? "COMPLETED" : "EXECUTING");
    const routes: Record<string, RouteHandler> = {};
    for (const id of ["j1", "j2"]) {
      routes[`GET /tap/async/${id}`] = (req, res) => xml(jobDoc(phaseOf(id), { id }))(req, res);
      routes[`GET /tap/async/${id}/phase`] = (req, res) => {
        polls.set(id, (polls.get(id) ?? 0) + 1);
        respond(200, phaseOf(id), { "content-type": "text/plain" })(req, res);
      };
      routes[`GET /tap/async/${id}/results/result`] = respond(200, RESULT, VOTABLE_CT);
    }
    let created = 0;
    routes["POST /tap/async"] = (req, res) => respond(303, "", { location: `/tap/async/j${++created}` })(req, res);
    const { service, server } = await setup(routes);
    const jobs = [await service.submitJob("SELECT 1"), await service.submitJob("SELECT 2")];

    const before = server.requests.length;
    for (let i = 0; i < 5; i++) expect(jobs[0]!.phase).toBe("EXECUTING");
    expect(server.requests.length).toBe(before); // reading phase makes no request

    const finished: string[] = [];
    const pending = [...jobs];
    let rounds = 0;
    while (pending.length > 0 && rounds++ < 20) {
      for (const job of [...pending]) {
        const phase = await job.fetchPhase();
        expect(job.phase).toBe(phase);
        if (phase !== "COMPLETED") continue;
        pending.splice(pending.indexOf(job), 1);
        finished.push(`${job.jobId}:${(await job.fetchResult()).length}`);
      }
    }
    expect(finished).toEqual(["j1:2", "j2:2"]);
    expect(rounds).toBe(4);
  });

  it("warns once when an unfinished phase is read long after the last request", async () => {
    const { service } = await setup({
      "POST /tap/async": respond(303, "", { location: "/tap/async/j1" }),
      "GET /tap/async/j1": xml(jobDoc("EXECUTING")),
      "GET /tap/async/j1/phase": respond(200, "EXECUTING", { "content-type": "text/plain" }),
    });
    const job = await service.submitJob("SELECT 1");
    const now = Date.now();
    const spy = vi.spyOn(Date, "now").mockReturnValue(now + 31_000);
    try {
      expect(job.phase).toBe("EXECUTING");
      expect(job.phase).toBe("EXECUTING");
      expect(warnings.map((w) => w.message)).toEqual([
        "job j1: phase EXECUTING was read from the server 31 s ago; AsyncJob.phase makes no request: poll with await job.fetchPhase() (or await job.wait())",
      ]);
      await job.fetchPhase();
    } finally {
      spy.mockRestore();
    }
    expect(job.phase).toBe("EXECUTING");
    expect(warnings).toHaveLength(1);
  });
});

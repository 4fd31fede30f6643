import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUndiciTransport, DALQueryError, DALServiceError } from "@vo/core";
import type { Transport } from "@vo/core";
import { respond, startTestServer } from "@vo/testkit";
import type { TestServer } from "@vo/testkit";
import { ServiceDescriptor } from "./descriptor.js";
import { sodaAsyncRequest } from "./soda-async.js";

const descriptor = (base: string): ServiceDescriptor =>
  new ServiceDescriptor({
    ID: "async",
    type: "meta",
    utype: "adhoc:service",
    infos: [],
    params: [
      { name: "standardID", datatype: "char", arraysize: "*", value: "ivo://ivoa.net/std/SODA#async-1.0", parsed: null },
      { name: "accessURL", datatype: "char", arraysize: "*", value: `${base}/async`, parsed: null },
    ],
    groups: [
      {
        name: "inputParams",
        fieldRefs: [],
        paramRefs: [],
        groups: [],
        params: [
          { name: "ID", datatype: "char", arraysize: "*", value: "ivo://x/y", parsed: null },
          { name: "CIRCLE", datatype: "double", arraysize: "3", xtype: "circle", unit: "deg", value: "", parsed: null, values: { max: { value: "10 20 1", inclusive: true } } },
        ],
      },
    ],
    links: [],
    coosys: [],
    timesys: [],
    tables: [],
    resources: [],
  });

let server: TestServer;
let transport: Transport;
let phases: string[];
let resultHref: string;
beforeEach(async () => {
  phases = ["QUEUED", "EXECUTING", "COMPLETED"];
  resultHref = "/async/j1/results/cut";
  server = await startTestServer({
    "POST /async": respond(303, "", { location: "/async/j1" }),
    "POST /async/j1/phase": respond(303, "", { location: "/async/j1" }),
    "GET /async/j1/phase": (req, res) => respond(200, phases.length > 1 ? phases.shift()! : phases[0]!, { "content-type": "text/plain" })(req, res),
    "GET /async/j1/results": (req, res) =>
      respond(200, `<uws:results xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0" xmlns:xlink="http://www.w3.org/1999/xlink"><uws:result id="cut" xlink:href="${resultHref}"/></uws:results>`, {
        "content-type": "text/xml",
      })(req, res),
    "GET /async/j1": respond(
      200,
      `<uws:job xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0"><uws:jobId>j1</uws:jobId><uws:phase>ERROR</uws:phase><uws:errorSummary type="fatal"><uws:message>CIRCLE does not overlap the image</uws:message></uws:errorSummary></uws:job>`,
      { "content-type": "text/xml" },
    ),
    "GET /async/j1/results/cut": respond(200, "SIMPLE  = T", { "content-type": "image/fits" }),
    "*": respond(403, "forbidden", { "content-type": "text/html" }),
  });
  transport = createUndiciTransport({ retries: { max: 0 } });
});
afterEach(async () => {
  await transport.close();
  await server.close();
});

describe("async SODA", () => {
  it("creates the job with the checked parameters, starts it, polls its phase and fetches the result", async () => {
    const seen: string[] = [];
    const response = await sodaAsyncRequest(transport, descriptor(server.url), { params: { circle: [10, 20, 0.1] }, pollInterval: 10, onPhase: (p) => void seen.push(p) });
    expect(await response.text()).toBe("SIMPLE  = T");
    expect(seen).toEqual(["PENDING", "QUEUED", "EXECUTING", "COMPLETED"]);
    const create = server.requests[0]!;
    expect(create.method).toBe("POST");
    expect(new URLSearchParams(create.body.toString()).get("CIRCLE")).toBe("10 20 0.1");
    expect(new URLSearchParams(create.body.toString()).get("ID")).toBe("ivo://x/y");
    expect(server.requests[1]!.body.toString()).toBe("PHASE=RUN");
  });

  it("reads the result from the job's own results/{id} when the listed link is refused (DaCHS 2.7)", async () => {
    resultHref = "/elsewhere/j1/results/cut";
    const response = await sodaAsyncRequest(transport, descriptor(server.url), { pollInterval: 10 });
    expect(await response.text()).toBe("SIMPLE  = T");
  });

  it("a job in ERROR is a DALQueryError with the job's message; an endless one times out", async () => {
    phases = ["ERROR"];
    const err = await sodaAsyncRequest(transport, descriptor(server.url), { pollInterval: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALQueryError);
    expect(err).toMatchObject({ phase: "ERROR", jobUrl: `${server.url}/async/j1` });
    expect((err as Error).message).toContain("CIRCLE does not overlap the image");
    phases = ["EXECUTING"];
    const slow = await sodaAsyncRequest(transport, descriptor(server.url), { pollInterval: 20, timeout: 100 }).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(DALServiceError);
    expect(slow).toMatchObject({ code: "VO_ERR_TIMEOUT" });
  });

  it("refuses a cutout outside the footprint before creating a job, and stops polling on abort", async () => {
    await expect(sodaAsyncRequest(transport, descriptor(server.url), { params: { circle: [100, -20, 0.1] } })).rejects.toMatchObject({ name: "ParameterError" });
    expect(server.requests.length).toBe(0);
    phases = ["EXECUTING"];
    const controller = new AbortController();
    const reason = new Error("stop");
    setTimeout(() => controller.abort(reason), 60);
    await expect(sodaAsyncRequest(transport, descriptor(server.url), { pollInterval: 20, signal: controller.signal })).rejects.toBe(reason);
  });
});

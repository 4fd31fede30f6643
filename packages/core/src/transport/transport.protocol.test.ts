import { DALRateLimitError, DALServiceError } from "@vo/votable";
import {
  gzip,
  hang,
  htmlError,
  redirect,
  resetConnection,
  respond,
  retryAfter503,
  sequence,
  slowBody,
  startBlackhole,
  startTestProxy,
  startTestServer,
  truncated,
  votableError,
  rejection,
} from "@vo/testkit";
import type { RouteHandler, Routes, TestProxy, TestServer, TestServerOptions } from "@vo/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { createFetchTransport } from "./fetch-transport.js";
import type { RetryOptions } from "./retry-policy.js";
import type { Timeouts, Transport } from "./types.js";
import { createUndiciTransport } from "./undici-transport.js";

/** The options both transports share. */
interface CommonOptions {
  timeouts?: Timeouts;
  retries?: RetryOptions;
  maxResponseBytes?: number;
}

const transports: [string, (options?: CommonOptions) => Transport][] = [
  ["undici", (options) => createUndiciTransport(options)],
  ["fetch", (options) => createFetchTransport(options)],
];

/** Slack for timing assertions on a loaded CI machine. */
const MARGIN = 700;

const servers: (TestServer | TestProxy)[] = [];
const opened: Transport[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(routes: Routes, options?: TestServerOptions): Promise<TestServer> {
  const server = await startTestServer(routes, options);
  servers.push(server);
  return server;
}


async function drain(body: AsyncIterable<Uint8Array>): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of body) text += decoder.decode(chunk, { stream: true });
  return text;
}

describe.each(transports)("%s transport", (name, factory) => {
  const make = (options: CommonOptions = {}): Transport => {
    const transport = factory({ retries: { baseDelayMs: 10 }, ...options });
    opened.push(transport);
    return transport;
  };

  describe("responses", () => {
    it("streams a GET body chunk by chunk", async () => {
      const server = await serve({ "/slow": slowBody(["one,", "two,", "three"], 300) });
      const started = Date.now();
      const response = await make().request({ url: `${server.url}/slow` });
      expect(response.status).toBe(200);
      const arrivals: number[] = [];
      let text = "";
      for await (const chunk of response.body) {
        arrivals.push(Date.now() - started);
        text += new TextDecoder().decode(chunk);
      }
      expect(text).toBe("one,two,three");
      expect(arrivals[0]).toBeLessThan(500); // the first chunk came before the server sent the last one (at 600 ms)
      expect(server.requests[0]?.method).toBe("GET");
    });

    it("returns HTTP error statuses without throwing", async () => {
      const server = await serve({ "/gone": htmlError(404), "/sync": votableError("bad ADQL", 400) });
      const transport = make();
      const gone = await transport.request({ url: `${server.url}/gone` });
      expect(gone.status).toBe(404);
      expect(gone.headers.get("content-type")).toMatch(/text\/html/);
      expect(await gone.text()).toContain("404 Error");
      const sync = await transport.request({ url: `${server.url}/sync?QUERY=x` });
      expect(sync.status).toBe(400);
      expect(await sync.text()).toContain('<INFO name="QUERY_STATUS" value="ERROR">bad ADQL</INFO>');
    });

    it("lets the body be read only once", async () => {
      const server = await serve({ "/a": respond(200, "abc") });
      const response = await make().request({ url: `${server.url}/a` });
      expect(new TextDecoder().decode(await response.bytes())).toBe("abc");
      expect(() => response.body[Symbol.asyncIterator]()).toThrow(TypeError);
    });

    it("cancels an unread body and keeps working", async () => {
      const server = await serve({ "/big": respond(200, "x".repeat(1 << 20)), "/a": respond(200, "ok") });
      const transport = make();
      const big = await transport.request({ url: `${server.url}/big` });
      await big.cancel();
      expect(await (await transport.request({ url: `${server.url}/a` })).text()).toBe("ok");
    });

    it("reuses the connection for requests one after another (keep-alive)", async () => {
      const server = await serve({ "/a": respond(200, "ok"), "/b": slowBody(["x", "y"], 20) });
      const transport = make();
      for (const path of ["/a", "/b", "/a"]) {
        expect((await (await transport.request({ url: `${server.url}${path}` })).text()).length).toBeGreaterThan(0);
        // undici's pool marks a connection free a moment after its body ends; a request sent in that moment opens another.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const ports = server.requests.map((r) => r.remotePort);
      expect(ports).toHaveLength(3);
      expect(ports[0]).toBeDefined();
      expect(ports, JSON.stringify(ports)).toEqual([ports[0], ports[0], ports[0]]);
    });

    it("sends an honest User-Agent", async () => {
      const server = await serve({ "/a": respond(200, "ok") });
      await (await make().request({ url: `${server.url}/a` })).text();
      expect(server.requests[0]?.headers["user-agent"]).toMatch(/^@vo\/core\/\d+\.\d+\.\d+ \(Node\.js v\d+/);
    });

    it.each(["gzip", "deflate", "deflate-raw", "br"] as const)("decodes %s bodies", async (encoding) => {
      const text = "<VOTABLE>".padEnd(5000, "row ");
      const server = await serve({ "/z": gzip(text, encoding) });
      const response = await make().request({ url: `${server.url}/z` });
      expect(await response.text()).toBe(text);
    });

    it("fails with a DALServiceError when the connection breaks mid-body", async () => {
      const server = await serve({ "/t": truncated("x".repeat(10_000), 100) });
      const response = await make().request({ url: `${server.url}/t` });
      const err = await rejection(response.text());
      expect(err).toBeInstanceOf(DALServiceError);
      expect((err as DALServiceError).code).toBe("VO_ERR_SERVICE");
      expect(server.requests).toHaveLength(1);
    });

    it("turns a refused connection into a DALServiceError with a cause and no status", async () => {
      const server = await startTestServer({});
      await server.close();
      const err = await rejection(make({ retries: { max: 0 } }).request({ url: `${server.url}/a` }));
      expect(err).toBeInstanceOf(DALServiceError);
      expect((err as DALServiceError).status).toBeUndefined();
      expect((err as DALServiceError).cause).toBeDefined();
      expect((err as DALServiceError).url).toBe(`${server.url}/a`);
    });
  });

  describe("redirects", () => {
    it("keeps Authorization on a same-origin redirect", async () => {
      const server = await serve({ "/from": redirect(302, "/to?x=1"), "/to": respond(200, "here") });
      const response = await make().request({ url: `${server.url}/from`, headers: { Authorization: "Bearer secret" } });
      expect(await response.text()).toBe("here");
      expect(response.url).toBe(`${server.url}/to?x=1`);
      expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer secret", "Bearer secret"]);
    });

    it("strips Authorization, Cookie and URL credentials across origins", async () => {
      const other = await serve({ "/to": respond(200, "there") }, { host: "localhost" });
      const server = await serve({ "/from": redirect(307, `${other.url}/to`) });
      const withCredentials = server.url.replace("http://", "http://alice:s3cret@");
      const response = await make().request({
        url: `${withCredentials}/from`,
        headers: { Cookie: "session=1", "X-Keep": "yes" },
      });
      expect(await response.text()).toBe("there");
      expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from("alice:s3cret").toString("base64")}`);
      expect(server.requests[0]?.headers.cookie).toBe("session=1");
      const crossed = other.requests[0]?.headers;
      expect(crossed?.authorization).toBeUndefined();
      expect(crossed?.cookie).toBeUndefined();
      expect(crossed?.["x-keep"]).toBe("yes");
    });

    it("also strips Authorization when the redirect goes elsewhere and comes back", async () => {
      const routes: Routes = { "/to": respond(200, "back") };
      const home = await serve(routes);
      const other = await serve({ "/bounce": redirect(302, `${home.url}/to`) }, { host: "localhost" });
      routes["/from"] = redirect(302, `${other.url}/bounce`);
      const response = await make().request({ url: `${home.url}/from`, headers: { Authorization: "Bearer secret", Cookie: "s=1" } });
      expect(await response.text()).toBe("back");
      expect(response.url).toBe(`${home.url}/to`);
      expect(home.requests.map((r) => r.url)).toEqual(["/from", "/to"]);
      expect(home.requests[0]?.headers.authorization).toBe("Bearer secret");
      expect(other.requests[0]?.headers.authorization).toBeUndefined();
      expect(home.requests[1]?.headers.authorization).toBeUndefined();
      expect(home.requests[1]?.headers.cookie).toBeUndefined();
    });

    it("turns a POST into a GET on 303 and keeps it on 307", async () => {
      const server = await serve({
        "/see-other": redirect(303, "/result"),
        "/temporary": redirect(307, "/result"),
        "/result": respond(200, "ok"),
      });
      const transport = make();
      await (await transport.request({ url: `${server.url}/see-other`, method: "POST", body: "QUERY=1" })).text();
      await (await transport.request({ url: `${server.url}/temporary`, method: "POST", body: "QUERY=2" })).text();
      const summary = server.requests.map((r) => `${r.method} ${r.url} ${r.body.toString()}`);
      expect(summary).toEqual(["POST /see-other QUERY=1", "GET /result ", "POST /temporary QUERY=2", "POST /result QUERY=2"]);
      expect(server.requests[1]?.headers["content-type"]).toBeUndefined();
    });

    it("gives up after 10 redirects", async () => {
      const server = await serve({ "/loop": redirect(302, "/loop") });
      const err = await rejection(make().request({ url: `${server.url}/loop` }));
      expect(err).toBeInstanceOf(DALServiceError);
      expect((err as Error).message).toMatch(/more than 10 redirects/);
      expect(server.requests).toHaveLength(11);
    });

    it("returns the redirect itself when followRedirects is false", async () => {
      const server = await serve({ "/from": redirect(302, "/to") });
      const response = await make().request({ url: `${server.url}/from`, followRedirects: false });
      await response.cancel();
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe("/to");
    });
  });

  describe("timeouts", () => {
    it("ends a request whose server never answers at the headers timeout", async () => {
      const server = await serve({ "/hang": hang() });
      const started = Date.now();
      const err = await rejection(make({ timeouts: { headers: 300 } }).request({ url: `${server.url}/hang` }));
      const elapsed = Date.now() - started;
      expect(err).toBeInstanceOf(DALServiceError);
      expect((err as DALServiceError).code).toBe("VO_ERR_TIMEOUT");
      expect((err as DALServiceError).url).toBe(`${server.url}/hang`);
      expect((err as Error).message).toContain(`${server.url}/hang`);
      expect((err as DALServiceError).cause).toBeInstanceOf(DOMException);
      expect(((err as DALServiceError).cause as DOMException).name).toBe("TimeoutError");
      expect(elapsed).toBeGreaterThanOrEqual(280);
      expect(elapsed).toBeLessThan(300 + MARGIN);
    });

    it("ends a request whose connection is never established at the connect timeout", async () => {
      const blackhole = await startBlackhole();
      try {
        // fetch has no separate connect phase: its headers limit runs from the start, connection included.
        const timeouts = name === "fetch" ? { headers: 300 } : { connect: 300, headers: 30_000 };
        const started = Date.now();
        const err = await rejection(make({ timeouts }).request({ url: `${blackhole.url}/a` }));
        expect((err as DALServiceError).code).toBe("VO_ERR_TIMEOUT");
        expect(Date.now() - started).toBeLessThan(300 + MARGIN);
      } finally {
        await blackhole.close();
      }
    });

    it("applies a per-request timeout over the transport's", async () => {
      const server = await serve({ "/hang": hang() });
      const started = Date.now();
      const err = await rejection(make({ timeouts: { headers: 30_000 } }).request({ url: `${server.url}/hang`, timeouts: { headers: 200 } }));
      expect((err as DALServiceError).code).toBe("VO_ERR_TIMEOUT");
      expect(Date.now() - started).toBeLessThan(200 + MARGIN);
    });

    it("ends a stalled body at the idle timeout", async () => {
      const server = await serve({ "/slow": slowBody(["first", "second"], 5_000) });
      const response = await make({ timeouts: { body: 300 } }).request({ url: `${server.url}/slow` });
      const started = Date.now();
      const err = await rejection(drain(response.body));
      expect((err as DALServiceError).code).toBe("VO_ERR_TIMEOUT");
      expect(((err as DALServiceError).cause as DOMException).name).toBe("TimeoutError");
      expect(Date.now() - started).toBeLessThan(300 + MARGIN);
    });

    it("ends the whole exchange at the total timeout, body included", async () => {
      const server = await serve({ "/hang": hang(), "/slow": slowBody(["a", "b", "c", "d", "e", "f"], 200) });
      const transport = make({ timeouts: { total: 500 } });
      let started = Date.now();
      const err = await rejection(transport.request({ url: `${server.url}/hang` }));
      expect((err as DALServiceError).code).toBe("VO_ERR_TIMEOUT");
      expect(Date.now() - started).toBeLessThan(500 + MARGIN);
      started = Date.now();
      const response = await transport.request({ url: `${server.url}/slow` });
      const bodyErr = await rejection(drain(response.body));
      expect((bodyErr as DALServiceError).code).toBe("VO_ERR_TIMEOUT");
      expect((bodyErr as Error).message).toMatch(/total timeout/);
      expect(Date.now() - started).toBeLessThan(500 + MARGIN);
    });
  });

  describe("abort", () => {
    it("rejects with the signal's reason while waiting for headers", async () => {
      const server = await serve({ "/hang": hang() });
      const controller = new AbortController();
      const reason = new Error("user gave up");
      setTimeout(() => controller.abort(reason), 100);
      const err = await rejection(make().request({ url: `${server.url}/hang`, signal: controller.signal }));
      expect(err).toBe(reason);
    });

    it("rejects with the signal's reason mid-body", async () => {
      const server = await serve({ "/slow": slowBody(["a", "b", "c"], 1_000) });
      const controller = new AbortController();
      const reason = new Error("enough");
      const response = await make().request({ url: `${server.url}/slow`, signal: controller.signal });
      const chunks: Uint8Array[] = [];
      const err = await rejection(
        (async () => {
          for await (const chunk of response.body) {
            chunks.push(chunk);
            controller.abort(reason);
          }
        })(),
      );
      expect(err).toBe(reason);
      expect(chunks).toHaveLength(1);
    });

    it("rejects at once with an already-aborted signal and sends nothing", async () => {
      const server = await serve({ "/a": respond(200, "ok") });
      const reason = new Error("before");
      const err = await rejection(make().request({ url: `${server.url}/a`, signal: AbortSignal.abort(reason) }));
      expect(err).toBe(reason);
      expect(server.requests).toHaveLength(0);
    });

    it("rejects with the signal's reason during a retry wait", async () => {
      const server = await serve({ "/busy": retryAfter503(5, 10, respond(200, "ok")) });
      const controller = new AbortController();
      const reason = new Error("stop waiting");
      setTimeout(() => controller.abort(reason), 200);
      const err = await rejection(make().request({ url: `${server.url}/busy`, signal: controller.signal }));
      expect(err).toBe(reason);
    });
  });

  describe("retries", () => {
    it("retries a GET after 503 + Retry-After, then succeeds", async () => {
      const server = await serve({ "/busy": retryAfter503(2, 1, respond(200, "done")) });
      const started = Date.now();
      const response = await make().request({ url: `${server.url}/busy` });
      expect(await response.text()).toBe("done");
      expect(server.requests).toHaveLength(3);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    });

    it("understands Retry-After as an HTTP date", async () => {
      const date = new Date(Date.now() + 1_000).toUTCString();
      const server = await serve({ "/busy": retryAfter503(1, date, respond(200, "done")) });
      const response = await make().request({ url: `${server.url}/busy` });
      expect(await response.text()).toBe("done");
      expect(server.requests).toHaveLength(2);
    });

    it("never retries a POST on 503", async () => {
      const server = await serve({ "/busy": retryAfter503(1, 0, respond(200, "done")) });
      const response = await make().request({ url: `${server.url}/busy`, method: "POST", body: "x" });
      expect(response.status).toBe(503);
      await response.cancel();
      expect(server.requests).toHaveLength(1);
    });

    it("returns the 503 when Retry-After is longer than the longest wait", async () => {
      const server = await serve({ "/busy": retryAfter503(1, 3600, respond(200, "done")) });
      const response = await make().request({ url: `${server.url}/busy` });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("3600");
      await response.cancel();
      expect(server.requests).toHaveLength(1);
    });

    it("retries a GET after a connection reset", async () => {
      const server = await serve({ "/flaky": sequence(resetConnection(), resetConnection(), respond(200, "ok")) });
      const response = await make().request({ url: `${server.url}/flaky` });
      expect(await response.text()).toBe("ok");
      expect(server.requests).toHaveLength(3);
    });

    it("does not retry a POST after a connection reset", async () => {
      const server = await serve({ "/flaky": sequence(resetConnection(), respond(200, "ok")) });
      const err = await rejection(make().request({ url: `${server.url}/flaky`, method: "POST", body: "x" }));
      expect(err).toBeInstanceOf(DALServiceError);
      expect((err as DALServiceError).status).toBeUndefined();
      expect(server.requests).toHaveLength(1);
    });

    it("retries a POST marked idempotent", async () => {
      const server = await serve({ "/flaky": sequence(resetConnection(), respond(200, "ok")) });
      const response = await make().request({ url: `${server.url}/flaky`, method: "POST", body: "x", idempotent: true });
      expect(await response.text()).toBe("ok");
      expect(server.requests.map((r) => r.body.toString())).toEqual(["x", "x"]);
    });

    it("stops after retries.max", async () => {
      const server = await serve({ "/down": resetConnection() });
      const err = await rejection(make({ retries: { max: 2, baseDelayMs: 5 } }).request({ url: `${server.url}/down` }));
      expect(err).toBeInstanceOf(DALServiceError);
      expect(server.requests).toHaveLength(3);
    });

    it("turns 429 into a DALRateLimitError with retryAfterSeconds", async () => {
      const server = await serve({ "/limited": respond(429, "slow down", { "retry-after": "120", "content-type": "text/plain" }) });
      const err = await rejection(make().request({ url: `${server.url}/limited` }));
      expect(err).toBeInstanceOf(DALRateLimitError);
      const limited = err as DALRateLimitError;
      expect(limited.code).toBe("VO_ERR_RATE_LIMIT");
      expect(limited.status).toBe(429);
      expect(limited.retryAfterSeconds).toBe(120);
      expect(limited.retryAfterRaw).toBe("120");
      expect(limited.bodyExcerpt).toBe("slow down");
      expect(server.requests).toHaveLength(1);
    });
  });

  describe("a 429 whose body stalls", () => {
    /** 429 + a long Retry-After (not waited for), one chunk of body, then silence. */
    const stalled429 = (): RouteHandler => (_req, res) => {
      res.writeHead(429, { "retry-after": "3600", "content-type": "text/plain" });
      res.write("slow down");
    };

    it("still ends at the body idle timeout, as a DALRateLimitError with what arrived", async () => {
      const server = await serve({ "/limited": stalled429() });
      const started = Date.now();
      const err = await rejection(make({ timeouts: { body: 300 } }).request({ url: `${server.url}/limited` }));
      expect(Date.now() - started).toBeLessThan(300 + MARGIN);
      expect(err).toBeInstanceOf(DALRateLimitError);
      expect((err as DALRateLimitError).retryAfterSeconds).toBe(3600);
      expect((err as DALRateLimitError).bodyExcerpt).toBe("slow down");
    });

    it("rejects with the caller's reason when aborted while the excerpt is read", async () => {
      const server = await serve({ "/limited": stalled429() });
      const controller = new AbortController();
      const reason = new Error("gave up on the 429");
      setTimeout(() => controller.abort(reason), 300);
      const err = await rejection(make({ timeouts: { body: 30_000 } }).request({ url: `${server.url}/limited`, signal: controller.signal }));
      expect(err).toBe(reason);
    });
  });

  describe("size limit", () => {
    it("fails while streaming once the body passes maxResponseBytes", async () => {
      const server = await serve({ "/big": slowBody(["x".repeat(600), "x".repeat(600)], 20) });
      const response = await make({ maxResponseBytes: 1000 }).request({ url: `${server.url}/big` });
      const err = await rejection(response.text());
      expect(err).toBeInstanceOf(DALServiceError);
      expect((err as Error).message).toMatch(/exceeds the limit of 1000 bytes/);
      expect(err).toMatchObject({ code: "VO_ERR_TOO_LARGE" });
    });

    it("fails at once when Content-Length is over the request's limit", async () => {
      const server = await serve({ "/big": respond(200, "x".repeat(5000)) });
      const err = await rejection(make().request({ url: `${server.url}/big`, maxResponseBytes: 100 }));
      expect((err as Error).message).toMatch(/exceeds the limit of 100 bytes/);
    });

    it("counts decompressed bytes", async () => {
      const server = await serve({ "/bomb": gzip("0".repeat(100_000)) });
      const response = await make({ maxResponseBytes: 10_000 }).request({ url: `${server.url}/bomb` });
      expect((await rejection(response.bytes())) as Error).toBeInstanceOf(DALServiceError);
    });
  });

  describe("request bodies", () => {
    it("sends URLSearchParams as a urlencoded form", async () => {
      const server = await serve({ "/sync": respond(200, "ok") });
      const form = new URLSearchParams({ REQUEST: "doQuery", LANG: "ADQL", QUERY: "SELECT * FROM t WHERE a > 1 & b < 'é'" });
      await (await make().request({ url: `${server.url}/sync`, method: "POST", body: form })).text();
      const received = server.requests[0]!;
      expect(received.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
      expect(Object.fromEntries(new URLSearchParams(received.body.toString()))).toEqual(Object.fromEntries(form));
    });

    it("sends FormData as multipart with file parts intact", async () => {
      const server = await serve({ "/sync": respond(200, "ok") });
      const table = "<VOTABLE>" + "é".repeat(3000) + "</VOTABLE>";
      const form = new FormData();
      form.append("QUERY", "SELECT * FROM TAP_UPLOAD.t");
      form.append("UPLOAD", "t,param:t");
      form.append("t", new Blob([table], { type: "application/x-votable+xml" }), "t.xml");
      await (await make().request({ url: `${server.url}/sync`, method: "POST", body: form })).text();
      const received = server.requests[0]!;
      const contentType = String(received.headers["content-type"]);
      expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
      const parsed = await new Response(new Uint8Array(received.body), { headers: { "content-type": contentType } }).formData();
      expect(parsed.get("QUERY")).toBe("SELECT * FROM TAP_UPLOAD.t");
      expect(parsed.get("UPLOAD")).toBe("t,param:t");
      const file = parsed.get("t") as File;
      expect(file.name).toBe("t.xml");
      expect(await file.text()).toBe(table);
    });

    it("streams an AsyncIterable body", async () => {
      const server = await serve({ "/put": respond(201) });
      async function* parts(): AsyncGenerator<Uint8Array> {
        for (let i = 0; i < 3; i++) yield new TextEncoder().encode(`part${i};`);
      }
      const response = await make().request({ url: `${server.url}/put`, method: "PUT", body: parts() });
      expect(response.status).toBe(201);
      await response.cancel();
      expect(server.requests[0]?.body.toString()).toBe("part0;part1;part2;");
    });

    it("refuses to replay a streamed body on a 307", async () => {
      const server = await serve({ "/from": redirect(307, "/to"), "/to": respond(200) });
      async function* parts(): AsyncGenerator<Uint8Array> {
        yield new TextEncoder().encode("data");
      }
      const err = await rejection(make().request({ url: `${server.url}/from`, method: "POST", body: parts() }));
      expect(err).toBeInstanceOf(DALServiceError);
      expect((err as Error).message).toMatch(/cannot be sent twice/);
    });
  });
});

describe("undici transport proxy", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  async function proxied(): Promise<{ proxy: TestProxy; server: TestServer }> {
    const proxy = await startTestProxy();
    servers.push(proxy);
    const server = await serve({ "/a": respond(200, "via") });
    return { proxy, server };
  }

  it("honours HTTP_PROXY from the environment", async () => {
    const { proxy, server } = await proxied();
    process.env.HTTP_PROXY = proxy.url;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    const transport = createUndiciTransport();
    opened.push(transport);
    expect(await (await transport.request({ url: `${server.url}/a` })).text()).toBe("via");
    expect(proxy.targets).toEqual([new URL(server.url).host]);
  });

  it("respects NO_PROXY", async () => {
    const { proxy, server } = await proxied();
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = "127.0.0.1";
    const transport = createUndiciTransport();
    opened.push(transport);
    expect(await (await transport.request({ url: `${server.url}/a` })).text()).toBe("via");
    expect(proxy.targets).toEqual([]);
  });

  it("uses an explicit proxy and ignores the environment with proxy: false", async () => {
    const { proxy, server } = await proxied();
    const explicit = createUndiciTransport({ proxy: proxy.url });
    opened.push(explicit);
    await (await explicit.request({ url: `${server.url}/a` })).text();
    expect(proxy.targets).toHaveLength(1);
    process.env.HTTP_PROXY = proxy.url;
    const direct = createUndiciTransport({ proxy: false });
    opened.push(direct);
    await (await direct.request({ url: `${server.url}/a` })).text();
    expect(proxy.targets).toHaveLength(1);
  });
});

/** @vo/auth against @vo/testkit servers: bearer and cookie flows, redirects, TAP jobs, secrets kept out of every message. */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createClient, createFetchTransport, DALAuthError, DALServiceError, ParameterError, VOError } from "@vo/core";
import type { VOWarning } from "@vo/core";
import { tap } from "@vo/protocol-tap";
import { createTestPki, redirect, rejection, respond, startTestServer } from "@vo/testkit";
import type { RouteHandler, TestPki, TestServer } from "@vo/testkit";
import { AuthSession, SecurityMethod, auth } from "./index.js";

const VOTABLE_CT = { "content-type": "application/x-votable+xml" };
const RESULT = `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="OK"/>
<TABLE><FIELD name="id" datatype="int"/><DATA><TABLEDATA><TR><TD>1</TD></TR><TR><TD>2</TD></TR></TABLEDATA></DATA></TABLE>
</RESOURCE></VOTABLE>`;

const TOKEN = "tok-8d1c0e5a9b7f";
const PASSWORD = "pw-Qx7!secret";

const servers: TestServer[] = [];
const clients: { close(): Promise<void> }[] = [];
const warnings: VOWarning[] = [];

async function serve(routes: Record<string, RouteHandler>, host?: "127.0.0.1" | "localhost"): Promise<TestServer> {
  const server = await startTestServer(routes, host ? { host } : {});
  servers.push(server);
  return server;
}

function client(session?: AuthSession) {
  const vo = createClient({ plugins: session ? [tap(), auth(session)] : [tap()], onWarning: (w) => warnings.push(w) });
  clients.push(vo);
  return vo;
}

/** A handler that answers `ok` when `allowed(req)` holds, else 401 with the challenge. */
function guarded(allowed: (req: Parameters<RouteHandler>[0]) => boolean, challenge: string, ok: RouteHandler = respond(200, RESULT, VOTABLE_CT)): RouteHandler {
  return (req, res) => (allowed(req) ? ok(req, res) : respond(401, "login first", { "www-authenticate": challenge, "content-type": "text/plain" })(req, res));
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
  warnings.length = 0;
});

describe("bearer tokens", () => {
  it("sends the token to its scope and runs a TAP query", async () => {
    const server = await serve({ "/tap/sync": guarded((req) => req.headers.authorization === `Bearer ${TOKEN}`, 'Bearer realm="archive"') });
    const session = new AuthSession();
    session.credentials.setToken(TOKEN, `${server.url}/tap`);
    const rows = await client(session).service("tap", `${server.url}/tap`).runSync("SELECT id FROM t");
    expect(rows.length).toBe(2);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("refuses anonymous access with VO_ERR_AUTH naming the methods on offer", async () => {
    const server = await serve({ "/tap/sync": guarded(() => false, 'Bearer realm="archive", Basic realm="archive"') });
    const err = await rejection<DALAuthError>(client().service("tap", `${server.url}/tap`).runSync("SELECT 1"));
    expect(err).toBeInstanceOf(DALAuthError);
    expect(err).toBeInstanceOf(DALServiceError);
    expect(err.code).toBe("VO_ERR_AUTH");
    expect(err.status).toBe(401);
    expect(err.methodSent).toBeUndefined();
    expect(err.securityMethods).toEqual([SecurityMethod.TOKEN, SecurityMethod.BASIC]);
    expect(err.message).toMatch(/carried none.*bearer token \(ivo:\/\/ivoa\.net\/sso#token\).*HTTP Basic/);
  });

  it("names the method sent when the token is refused, and the methods the capabilities declare", async () => {
    const server = await serve({ "/tap/sync": guarded(() => false, "Bearer") });
    const session = new AuthSession();
    session.credentials.setToken(TOKEN, server.url);
    session.addSecurityMethodForUrl(`${server.url}/tap`, SecurityMethod.TOKEN);
    session.addSecurityMethodForUrl(`${server.url}/tap`, SecurityMethod.CLIENT_CERTIFICATE);
    const err = await rejection<DALAuthError>(client(session).service("tap", `${server.url}/tap`).runSync("SELECT 1"));
    expect(err.code).toBe("VO_ERR_AUTH");
    expect(err.methodSent).toBe(SecurityMethod.TOKEN);
    expect(err.securityMethods).toEqual([SecurityMethod.TOKEN, SecurityMethod.CLIENT_CERTIFICATE]);
    expect(err.message).toContain("refused the credentials sent (bearer token");
  });

  it("never sends the token outside its prefix, to another port, or to another scheme", async () => {
    const server = await serve({ "*": respond(200, "ok") });
    const other = await serve({ "*": respond(200, "ok") });
    const session = new AuthSession();
    session.credentials.setToken(TOKEN, `${server.url}/tap`);
    const vo = client(session);
    for (const url of [`${server.url}/tapx/sync`, `${server.url}/`, `${server.url}/other/tap`, `${other.url}/tap/sync`]) {
      await (await vo.transport.request({ url })).cancel();
    }
    expect([...server.requests, ...other.requests].map((r) => r.headers.authorization)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe("cookies", () => {
  it("keeps a login cookie by the cookie rules and sends it back to its path only", async () => {
    const server = await serve({
      "/login": respond(204, "", { "set-cookie": "sid=cookie-5e2f9a; Path=/tap; HttpOnly", "content-length": "0" }),
      "/tap/sync": guarded((req) => req.headers.cookie === "sid=cookie-5e2f9a", "ivoa_cookie"),
      "/public": respond(200, "ok"),
    });
    const session = new AuthSession();
    const vo = client(session);
    await (await vo.transport.request({ url: `${server.url}/login` })).cancel();
    const rows = await vo.service("tap", `${server.url}/tap`).runSync("SELECT 1");
    expect(rows.length).toBe(2);
    await (await vo.transport.request({ url: `${server.url}/public` })).cancel();
    expect(server.requests.map((r) => [r.url.split("?")[0], r.headers.cookie])).toEqual([
      ["/login", undefined],
      ["/tap/sync", "sid=cookie-5e2f9a"],
      ["/public", undefined],
    ]);
  });

  it("sends a cookie set by the user for a domain, and forgets an expired one", async () => {
    const server = await serve({ "*": respond(200, "ok") }, "localhost");
    const session = new AuthSession();
    session.credentials.setCookie("a", "value-one", { domain: "localhost", path: "/" });
    session.credentials.setCookie("b", "value-two", { domain: "localhost", path: "/", expires: Date.now() - 1000 });
    await (await client(session).transport.request({ url: `${server.url}/x` })).cancel();
    expect(server.requests[0]?.headers.cookie).toBe("a=value-one");
  });

  it("a cookie set by one host is not sent to another", async () => {
    const a = await serve({ "/login": respond(200, "", { "set-cookie": "sid=only-for-a; Path=/" }) }, "127.0.0.1");
    const b = await serve({ "*": respond(200, "ok") }, "localhost");
    const vo = client(new AuthSession());
    await (await vo.transport.request({ url: `${a.url}/login` })).cancel();
    await (await vo.transport.request({ url: `${b.url}/x` })).cancel();
    expect(b.requests[0]?.headers.cookie).toBeUndefined();
  });
});

describe("redirects", () => {
  it("drops every credential after a redirect to another origin", async () => {
    const b = await serve({ "*": respond(200, RESULT, VOTABLE_CT) }, "localhost");
    const a = await serve({ "/tap/sync": redirect(307, `${b.url}/tap/sync`), "/login": respond(200, "", { "set-cookie": "sid=cookie-of-a; Path=/" }) }, "127.0.0.1");
    const session = new AuthSession();
    session.credentials.setPassword("alice", PASSWORD, a.url);
    session.credentials.setToken(TOKEN, b.url); // even credentials meant for the target are not sent after the hop
    session.credentials.setCookie("c", "domain-cookie", { domain: "localhost" });
    const vo = client(session);
    await (await vo.transport.request({ url: `${a.url}/login` })).cancel();
    const rows = await vo.service("tap", `${a.url}/tap`).runSync("SELECT 1");
    expect(rows.length).toBe(2);
    expect(a.requests.at(-1)?.headers.authorization).toMatch(/^Basic /);
    expect(a.requests.at(-1)?.headers.cookie).toBe("sid=cookie-of-a");
    const hop = b.requests[0]!;
    expect(hop.headers.authorization).toBeUndefined();
    expect(hop.headers.cookie).toBeUndefined();
  });

  it("re-scopes credentials on a same-origin redirect out of their prefix", async () => {
    const server = await serve({ "/tap/sync": redirect(302, "/elsewhere/sync"), "/elsewhere/sync": respond(200, RESULT, VOTABLE_CT) });
    const session = new AuthSession();
    session.credentials.setToken(TOKEN, `${server.url}/tap`);
    await client(session).service("tap", `${server.url}/tap`).runSync("SELECT 1");
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, undefined]);
  });
});

describe("TAP async", () => {
  it("sends the credentials with every UWS job request", async () => {
    let phase = "PENDING";
    const basic = `Basic ${Buffer.from(`alice:${PASSWORD}`).toString("base64")}`;
    const ok = (req: Parameters<RouteHandler>[0]) => req.headers.authorization === basic;
    const job = () =>
      `<?xml version="1.0"?><uws:job xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1">
<uws:jobId>j1</uws:jobId><uws:phase>${phase}</uws:phase><uws:results>${phase === "COMPLETED" ? '<uws:result id="result" xlink:href="/tap/async/j1/results/result"/>' : ""}</uws:results></uws:job>`;
    const server = await serve({
      "POST /tap/async": guarded(ok, "Basic", respond(303, "", { location: "/tap/async/j1" })),
      "GET /tap/async/j1": guarded(ok, "Basic", (req, res) => {
        if (phase === "EXECUTING") phase = "COMPLETED";
        respond(200, job(), { "content-type": "text/xml" })(req, res);
      }),
      "POST /tap/async/j1/phase": guarded(ok, "Basic", (req, res) => {
        phase = "EXECUTING";
        respond(303, "", { location: "/tap/async/j1" })(req, res);
      }),
      "GET /tap/async/j1/results/result": guarded(ok, "Basic"),
      "POST /tap/async/j1": guarded(ok, "Basic", respond(303, "", { location: "/tap/async" })), // ACTION=DELETE
    });
    const session = new AuthSession();
    session.credentials.setPassword("alice", PASSWORD, `${server.url}/tap`);
    const rows = await client(session).service("tap", `${server.url}/tap`).runAsync("SELECT 1");
    expect(rows.length).toBe(2);
    const paths = server.requests.map((r) => `${r.method} ${r.url.split("?")[0]}`);
    expect(paths).toContain("GET /tap/async/j1/results/result");
    expect(paths.at(-1)).toBe("POST /tap/async/j1");
    expect(server.requests.at(-1)?.body.toString()).toBe("ACTION=DELETE");
    expect(server.requests.filter((r) => r.headers.authorization !== basic)).toEqual([]);
  });
});

describe("downloads", () => {
  it("Record.download of a TAP result row carries the credentials of the dataset's URL", async () => {
    const dir = await mkdtemp(join(tmpdir(), "vo-auth-dl-"));
    try {
      const server = await serve({
        "/tap/sync": (req, res) =>
          respond(
            200,
            `<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/><TABLE>` +
              `<FIELD name="access_url" datatype="char" arraysize="*" ucd="meta.ref.url"/><DATA><TABLEDATA>` +
              `<TR><TD>http://${req.headers.host}/data/img1.fits</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`,
            VOTABLE_CT,
          )(req, res),
        "/data/img1.fits": guarded((req) => req.headers.authorization === `Bearer ${TOKEN}`, "Bearer", respond(200, "SIMPLE  =                    T", { "content-type": "application/fits" })),
      });
      const session = new AuthSession();
      session.credentials.setToken(TOKEN, server.url);
      const rows = await client(session).service("tap", `${server.url}/tap`).runSync("SELECT access_url FROM ivoa.obscore");
      const result = await rows.at(0)!.download(dir);
      expect(await readFile(result.path, "utf8")).toContain("SIMPLE");
      expect(server.requests.find((r) => r.url === "/data/img1.fits")?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("secrets never appear", () => {
  it("in any error, cause, warning or console line, whatever the server echoes", async () => {
    const secretsOf = (req: Parameters<RouteHandler>[0]): string => `auth=${req.headers.authorization ?? ""} cookie=${req.headers.cookie ?? ""} ${PASSWORD} ${TOKEN}`;
    const server = await serve({
      "/e401/sync": (req, res) => respond(401, `denied ${secretsOf(req)}`, { "www-authenticate": 'Basic realm="x"', "content-type": "text/plain" })(req, res),
      "/e403/sync": (req, res) => respond(403, `<html><body>forbidden ${secretsOf(req)}</body></html>`, { "content-type": "text/html" })(req, res),
      "/e500/sync": (req, res) => respond(500, `<html><body>crash ${secretsOf(req)}</body></html>`, { "content-type": "text/html" })(req, res),
      "/html/sync": (req, res) => respond(200, `<html><body>${secretsOf(req)}</body></html>`, { "content-type": "text/html" })(req, res),
      "/verr/sync": (req, res) =>
        respond(
          400,
          `<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="ERROR">bad query ${secretsOf(req)}</INFO></RESOURCE></VOTABLE>`,
          VOTABLE_CT,
        )(req, res),
      "/ctype/sync": (_req, res) => respond(200, RESULT, { "content-type": `text/plain; x=${TOKEN}` })(_req, res),
      "/loc/sync": redirect(302, `/nowhere?access_token=${TOKEN}&k=${TOKEN}`),
    });
    const session = new AuthSession();
    session.credentials.setPassword("alice", PASSWORD, `${server.url}/e401`);
    for (const prefix of ["/e403", "/e500", "/html", "/verr", "/ctype", "/loc"]) session.credentials.setToken(TOKEN, `${server.url}${prefix}`);
    session.credentials.setCookie("sid", "cookie-secret-77", { url: server.url });
    const logged: string[] = [];
    const spies = (["log", "warn", "error", "info", "debug"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))),
    );
    const failures: unknown[] = [];
    try {
      const vo = client(session);
      for (const path of ["/e401", "/e403", "/e500", "/html", "/verr", "/ctype", "/loc"]) {
        const service = vo.service("tap", `${server.url}${path}`);
        await service.runSync("SELECT 1").then(
          () => undefined,
          (err: unknown) => failures.push(err),
        );
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(failures.length).toBe(6); // /ctype answers, with a content-type warning
    expect(failures.every((f) => f instanceof VOError)).toBe(true);
    expect(failures.slice(0, 2).map((f) => (f as VOError).code)).toEqual(["VO_ERR_AUTH", "VO_ERR_AUTH"]);
    expect(warnings.length).toBeGreaterThan(0);
    const basic = Buffer.from(`alice:${PASSWORD}`).toString("base64");
    const text = [...failures.map(describeError), ...warnings.map((w) => JSON.stringify({ ...w, message: w.message })), ...logged].join("\n");
    for (const secret of [PASSWORD, TOKEN, basic, "cookie-secret-77", encodeURIComponent(PASSWORD)]) expect(text).not.toContain(secret);
    expect(text).toContain("[REDACTED]"); // the echoes were there, and were redacted
  });

});

describe("client certificates", () => {
  let pki: TestPki;
  let server: TestServer;
  beforeAll(async () => {
    pki = await createTestPki();
  }, 30_000);
  afterAll(async () => {
    await pki.dispose();
  });

  async function tlsServer(): Promise<TestServer> {
    const who: RouteHandler = (req, res) => {
      const socket = req.socket as TLSSocket;
      if (!socket.authorized) {
        respond(401, "a client certificate is required", { "www-authenticate": "ivoa_x509", "content-type": "text/plain" })(req, res);
        return;
      }
      respond(200, RESULT, VOTABLE_CT)(req, res);
    };
    server = await startTestServer({ "*": who }, { tls: { key: pki.server.key, cert: pki.server.cert, ca: pki.ca, requestCert: true, rejectUnauthorized: false } });
    servers.push(server);
    return server;
  }

  it("is accepted by a TLS server that requires one (PEM)", async () => {
    const s = await tlsServer();
    const session = new AuthSession();
    session.credentials.setClientCertificate({ cert: pki.client.cert, key: pki.client.key, ca: pki.ca }, s.url);
    const rows = await client(session).service("tap", `${s.url}/tap`).runSync("SELECT 1");
    expect(rows.length).toBe(2);
  });

  it("is accepted as PKCS#12 with its passphrase", async () => {
    const s = await tlsServer();
    const session = new AuthSession();
    session.credentials.setClientCertificate({ pfx: pki.clientPfx, passphrase: pki.pfxPassphrase, ca: pki.ca }, s.url);
    const rows = await client(session).service("tap", `${s.url}/tap`).runSync("SELECT 1");
    expect(rows.length).toBe(2);
  });

  it("an untrusted certificate gets VO_ERR_AUTH naming the certificate method", async () => {
    const s = await tlsServer();
    const session = new AuthSession();
    session.credentials.setClientCertificate({ cert: pki.stranger.cert, key: pki.stranger.key, ca: pki.ca }, s.url);
    const err = await rejection<DALAuthError>(client(session).service("tap", `${s.url}/tap`).runSync("SELECT 1"));
    expect(err.code).toBe("VO_ERR_AUTH");
    expect(err.methodSent).toBe(SecurityMethod.CLIENT_CERTIFICATE);
    expect(err.securityMethods).toContain(SecurityMethod.CLIENT_CERTIFICATE);
  });

  it("needs the undici transport: the fetch transport in Node says so", async () => {
    const s = await tlsServer();
    const session = new AuthSession();
    session.credentials.setClientCertificate({ cert: pki.client.cert, key: pki.client.key, ca: pki.ca }, s.url);
    const transport = session.wrap(createFetchTransport());
    const err = await rejection(transport.request({ url: `${s.url}/x` }));
    expect(err).toBeInstanceOf(ParameterError);
  });

  it("keeps the passphrase and the key out of a failed client-certificate handshake", async () => {
    const strict = await startTestServer({ "*": respond(200, "ok") }, { tls: { key: pki.server.key, cert: pki.server.cert, ca: pki.ca, requestCert: true, rejectUnauthorized: true } });
    servers.push(strict);
    const session = new AuthSession();
    session.credentials.setClientCertificate({ pfx: pki.clientPfx, passphrase: "wrong-passphrase-91", ca: pki.ca }, strict.url);
    const err = await rejection(client(session).transport.request({ url: `${strict.url}/x` }));
    expect(err).toBeInstanceOf(DALServiceError);
    const text = describeError(err);
    expect(text).not.toContain("wrong-passphrase-91");
    expect(text).not.toContain("PRIVATE KEY");
  });
});

/** Everything an error can show: message, stack, own fields, and the same for each cause. */
function describeError(err: unknown): string {
  const parts: string[] = [];
  for (let e = err, depth = 0; e !== undefined && e !== null && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Error) parts.push(e.message, e.stack ?? "");
    try {
      parts.push(JSON.stringify(e, Object.getOwnPropertyNames(e)));
    } catch {
      parts.push(String(e));
    }
  }
  return parts.join("\n");
}

/** @vo/auth learning a service's security methods from its VOSI capabilities after a 401/403, against @vo/testkit servers. */
import { afterEach, describe, expect, it } from "vitest";
import { createClient, DALAuthError } from "@vo/core";
import { tap } from "@vo/protocol-tap";
import { respond, startTestServer } from "@vo/testkit";
import type { RouteHandler, TestServer } from "@vo/testkit";
import { AuthSession, SecurityMethod, auth } from "./index.js";
import { capabilityUrls } from "./discovery.js";

const VOTABLE_CT = { "content-type": "application/x-votable+xml" };
const result = (label: string): string => `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="OK"/>
<TABLE><FIELD name="via" datatype="char" arraysize="*"/><DATA><TABLEDATA><TR><TD>${label}</TD></TR></TABLEDATA></DATA></TABLE>
</RESOURCE></VOTABLE>`;

const TOKEN = "tok-4c2e9f01aa";
const PASSWORD = "pw-Zr8#secret";
const BASIC = `Basic ${Buffer.from(`alice:${PASSWORD}`).toString("base64")}`;
const COOKIE = "sess=ck-77a1b2c3d4";

/** A TAP capability with one interface per [path, security methods] (no methods: anonymous). */
function capabilities(base: string, interfaces: [string, string[]][]): string {
  const ifaces = interfaces
    .map(
      ([path, methods]) =>
        `<interface xsi:type="vs:ParamHTTP" role="std"><accessURL use="base">${base}${path}</accessURL>` +
        methods.map((m) => `<securityMethod standardID="${m}"/>`).join("") +
        `</interface>`,
    )
    .join("");
  return `<?xml version="1.0"?><vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1">
<capability standardID="ivo://ivoa.net/std/TAP">${ifaces}</capability></vosi:capabilities>`;
}

const servers: TestServer[] = [];
const clients: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Req = Parameters<RouteHandler>[0];
const refuse = respond(401, "login first", { "www-authenticate": 'Basic realm="archive"', "content-type": "text/plain" });
const guarded =
  (allowed: (req: Req) => boolean, label: string): RouteHandler =>
  (req, res) =>
    allowed(req) ? respond(200, result(label), VOTABLE_CT)(req, res) : refuse(req, res);

/**
 * One TAP service, four interfaces: /tap wants BasicAA, /tap-token a bearer token, /tap-cookie the session
 * cookie, /tap-anon nothing. The capabilities sit at /tap/capabilities and need no credentials.
 */
async function archive(): Promise<TestServer> {
  let base = "";
  const server = await startTestServer({
    "/tap/capabilities": (req, res) =>
      respond(200, capabilities(base, [["/tap", [SecurityMethod.BASIC]], ["/tap-token", [SecurityMethod.TOKEN]], ["/tap-cookie", [SecurityMethod.COOKIE]], ["/tap-anon", []]]), {
        "content-type": "text/xml",
      })(req, res),
    "/tap/sync": guarded((req) => req.headers.authorization === BASIC, "basic"),
    "/tap-token/sync": guarded((req) => req.headers.authorization === `Bearer ${TOKEN}`, "token"),
    "/tap-cookie/sync": guarded((req) => String(req.headers.cookie ?? "").includes(COOKIE), "cookie"),
    "/tap-anon/sync": guarded((req) => req.headers.authorization === undefined, "anonymous"),
  });
  base = server.url;
  servers.push(server);
  return server;
}

function client(session: AuthSession) {
  const vo = createClient({ plugins: [tap(), auth(session)] as const });
  clients.push(vo);
  return vo;
}

const paths = (server: TestServer): string[] => server.requests.map((r) => new URL(r.url, server.url).pathname);

describe("security methods learnt from VOSI capabilities", () => {
  it.each([
    ["BasicAA", (s: AuthSession, origin: string) => s.credentials.setPassword("alice", PASSWORD, origin), "basic", ["/tap/sync"]],
    ["a bearer token", (s: AuthSession, origin: string) => s.credentials.setToken(TOKEN, origin), "token", ["/tap/sync", "/tap/capabilities", "/tap-token/sync"]],
    [
      "a cookie",
      (s: AuthSession, origin: string) => s.credentials.setCookie("sess", COOKIE.slice(5), { url: origin }),
      "cookie",
      ["/tap/sync", "/tap/capabilities", "/tap-cookie/sync"],
    ],
    ["nothing", () => {}, "anonymous", ["/tap/sync", "/tap/capabilities", "/tap-anon/sync"]],
  ] as const)("with %s stored, the query goes to the interface that takes it", async (_kind, store, via, expected) => {
    const server = await archive();
    const session = new AuthSession();
    store(session, server.url);
    const rows = await client(session).service("tap", `${server.url}/tap`).runSync("SELECT via FROM t");
    expect(rows.toArray().map((r) => r.get("via"))).toEqual([via]);
    expect(paths(server)).toEqual(expected);
  });

  it("reads the capabilities once per service and picks the right credentials among several stored", async () => {
    const server = await archive();
    const session = new AuthSession();
    // A token is preferred over Basic by default; /tap declares BasicAA only, which the session learns.
    session.credentials.setToken(TOKEN, server.url);
    session.credentials.setPassword("alice", PASSWORD, server.url);
    const svc = client(session).service("tap", `${server.url}/tap`);
    expect(session.methodFor(`${server.url}/tap/sync`)).toBe(SecurityMethod.TOKEN);
    await svc.runSync("SELECT via FROM t");
    await svc.runSync("SELECT via FROM t");
    expect(paths(server)).toEqual(["/tap/sync", "/tap/capabilities", "/tap/sync", "/tap/sync"]);
    expect(session.methodFor(`${server.url}/tap/sync`)).toBe(SecurityMethod.BASIC);
    expect(server.requests.slice(2).every((r) => r.headers.authorization === BASIC)).toBe(true);
  });

  it("a pinned method wins over what the capabilities declare", async () => {
    const server = await archive();
    const session = new AuthSession();
    session.credentials.setToken(TOKEN, server.url);
    session.pinSecurityMethod(`${server.url}/tap`, SecurityMethod.TOKEN);
    const err = await client(session).service("tap", `${server.url}/tap`).runSync("SELECT 1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALAuthError);
    // The capabilities were read once, nothing switched (the pin holds), and the error names what /tap declares.
    expect(paths(server)).toEqual(["/tap/sync", "/tap/capabilities", "/tap/sync"]);
    expect((err as DALAuthError).securityMethods).toContain(SecurityMethod.BASIC);
    expect((err as DALAuthError).message).toMatch(/BasicAA|HTTP Basic/);
  });

  it("never loops: a service that refuses everything costs one capabilities read and one retry", async () => {
    let base = "";
    const server = await startTestServer({
      "/tap/capabilities": (req, res) => respond(200, capabilities(base, [["/tap", [SecurityMethod.TOKEN]]]), { "content-type": "text/xml" })(req, res),
      "/tap/sync": (req, res) => respond(403, "no", { "content-type": "text/plain" })(req, res),
    });
    base = server.url;
    servers.push(server);
    const session = new AuthSession();
    session.credentials.setToken(TOKEN, server.url);
    const svc = client(session).service("tap", `${server.url}/tap`);
    const first = await svc.runSync("SELECT 1").catch((e: unknown) => e);
    const second = await svc.runSync("SELECT 1").catch((e: unknown) => e);
    expect(first).toBeInstanceOf(DALAuthError);
    expect(second).toBeInstanceOf(DALAuthError);
    expect((second as DALAuthError).message).toContain("token");
    expect(paths(server)).toEqual(["/tap/sync", "/tap/capabilities", "/tap/sync", "/tap/sync"]);
    expect(server.requests.map((r) => r.headers.authorization)).not.toContain(undefined);
  });

  it("with discovery off, a 401 is thrown at once", async () => {
    const server = await archive();
    const session = new AuthSession({ discover: false });
    session.credentials.setToken(TOKEN, server.url);
    await expect(client(session).service("tap", `${server.url}/tap`).runSync("SELECT 1")).rejects.toBeInstanceOf(DALAuthError);
    expect(paths(server)).toEqual(["/tap/sync"]);
  });

  it("tries at most four capabilities URLs above a request URL", () => {
    expect(capabilityUrls(new URL("https://h/a/tap/async/42/phase?x=1"))).toEqual([
      "https://h/a/tap/async/42/capabilities",
      "https://h/a/tap/async/capabilities",
      "https://h/a/tap/capabilities",
      "https://h/a/capabilities",
    ]);
    expect(capabilityUrls(new URL("https://h/tap/sync"))).toEqual(["https://h/tap/capabilities"]);
  });
});

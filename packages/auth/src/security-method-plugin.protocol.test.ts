/** A third-party security method (an API-key header) added by a plugin, used by @vo/auth against @vo/testkit servers. */
import { afterEach, describe, expect, it } from "vitest";
import { createClient, definePlugin, DALAuthError, PluginError, VOError } from "@vo/core";
import type { Plugin, SecurityMethodDefinition } from "@vo/core";
import { tap } from "@vo/protocol-tap";
import { redirect, respond, startTestServer } from "@vo/testkit";
import type { RouteHandler, TestServer } from "@vo/testkit";
import { AuthSession, SecurityMethod, auth } from "./index.js";

/** The plugin a third party would publish: its own standardID, a header, the key as the secret. */
const API_KEY_ID = "ivo://example.org/sso#api-key";
const apiKeyMethod: SecurityMethodDefinition<{ key: string }> = {
  standardId: API_KEY_ID,
  apply: (credential) => ({ headers: { "x-api-key": credential.key } }),
  secrets: (credential) => [credential.key],
};
function apiKeyAuth(): Plugin {
  return definePlugin({ name: "example-api-key", version: "1.0.0", core: "*", register: (r) => r.securityMethod(apiKeyMethod) });
}

const KEY = "key-51d0c9ab77e4";
const VOTABLE_CT = { "content-type": "application/x-votable+xml" };
const RESULT = `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="OK"/><TABLE><FIELD name="id" datatype="int"/><DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;

const servers: TestServer[] = [];
const clients: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(routes: Record<string, RouteHandler>, host?: "127.0.0.1" | "localhost"): Promise<TestServer> {
  const server = await startTestServer(routes, host ? { host } : {});
  servers.push(server);
  return server;
}

/** /tap wants BasicAA, /tap-key the API key (and echoes the key it refuses), per the capabilities. */
async function archive(): Promise<TestServer> {
  let base = "";
  const caps = (): string => `<?xml version="1.0"?><vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1">
<capability standardID="ivo://ivoa.net/std/TAP">
<interface xsi:type="vs:ParamHTTP" role="std"><accessURL use="base">${base}/tap</accessURL><securityMethod standardID="${SecurityMethod.BASIC}"/></interface>
<interface xsi:type="vs:ParamHTTP" role="std"><accessURL use="base">${base}/tap-key</accessURL><securityMethod standardID="${API_KEY_ID}"/></interface>
</capability></vosi:capabilities>`;
  const server = await serve({
    "/tap/capabilities": (req, res) => respond(200, caps(), { "content-type": "text/xml" })(req, res),
    "/tap/sync": respond(401, "login", { "www-authenticate": 'Basic realm="a"', "content-type": "text/plain" }),
    "/tap-key/sync": (req, res) =>
      req.headers["x-api-key"] === KEY
        ? respond(200, RESULT, VOTABLE_CT)(req, res)
        : respond(403, `bad key ${String(req.headers["x-api-key"])}`, { "content-type": "text/plain" })(req, res),
  });
  base = server.url;
  return server;
}

function client(session: AuthSession, withPlugin = true) {
  const vo = createClient({ plugins: withPlugin ? [tap(), apiKeyAuth(), auth(session)] : [tap(), auth(session)] });
  clients.push(vo);
  return vo;
}

const paths = (server: TestServer): string[] => server.requests.map((r) => new URL(r.url, server.url).pathname);

describe("a security method added by a plugin", () => {
  it("is chosen when the capabilities declare its standardID, and puts its header on the request", async () => {
    const server = await archive();
    const session = new AuthSession();
    session.credentials.setCredential(apiKeyMethod, { key: KEY }, server.url);
    const rows = await client(session).service("tap", `${server.url}/tap`).runSync("SELECT id FROM t");
    expect(rows.length).toBe(1);
    expect(paths(server)).toEqual(["/tap/sync", "/tap/capabilities", "/tap-key/sync"]);
    expect(server.requests.at(-1)?.headers["x-api-key"]).toBe(KEY);
    expect(session.methodFor(`${server.url}/tap-key/sync`)).toBe(API_KEY_ID);
  });

  it("is not used by a client without the plugin: the key is never sent", async () => {
    const server = await archive();
    const session = new AuthSession();
    session.credentials.setCredential(API_KEY_ID, { key: KEY }, server.url);
    const err = await client(session, false).service("tap", `${server.url}/tap-key`).runSync("SELECT 1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DALAuthError);
    expect(server.requests.every((r) => r.headers["x-api-key"] === undefined)).toBe(true);
  });

  it("keeps the key out of errors, even when the service echoes it", async () => {
    const wrong = "key-wrong-0a9b8c7d";
    const server = await archive();
    const session = new AuthSession();
    session.credentials.setCredential(apiKeyMethod, { key: wrong }, server.url);
    const err = (await client(session).service("tap", `${server.url}/tap-key`).runSync("SELECT 1").catch((e: unknown) => e)) as DALAuthError;
    expect(err).toBeInstanceOf(DALAuthError);
    expect(err.methodSent).toBe(API_KEY_ID);
    expect(err.message).toContain(API_KEY_ID);
    const text = JSON.stringify({ message: err.message, body: err.bodyExcerpt, stack: err.stack });
    expect(text).not.toContain(wrong);
    expect(err.bodyExcerpt).toContain("[REDACTED]");
  });

  it("follows the origin rules: nothing after a redirect to another origin, nothing outside its scope", async () => {
    const target = await serve({ "/tap/sync": respond(200, RESULT, VOTABLE_CT) }, "localhost");
    const origin = await serve({ "/tap/sync": redirect(307, `${target.url}/tap/sync`), "/other/sync": respond(200, RESULT, VOTABLE_CT) }, "127.0.0.1");
    const session = new AuthSession();
    session.credentials.setCredential(apiKeyMethod, { key: KEY }, `${origin.url}/tap`);
    session.credentials.setCredential(apiKeyMethod, { key: KEY }, target.url);
    const vo = client(session);
    await vo.service("tap", `${origin.url}/tap`).runSync("SELECT 1");
    await vo.service("tap", `${origin.url}/other`).runSync("SELECT 1");
    expect(origin.requests.map((r) => r.headers["x-api-key"])).toEqual([KEY, undefined]);
    expect(target.requests.map((r) => r.headers["x-api-key"])).toEqual([undefined]);
  });

  it("is registered like any plugin: a second definition of the standardID conflicts, a bad one is refused", () => {
    const session = new AuthSession();
    const twice = definePlugin({ name: "other-api-key", version: "1.0.0", core: "*", register: (r) => r.securityMethod(apiKeyMethod) });
    expect(() => createClient({ plugins: [apiKeyAuth(), twice, auth(session)] })).toThrow(PluginError);
    const broken = definePlugin({
      name: "broken",
      version: "1.0.0",
      core: "*",
      register: (r) => r.securityMethod({ standardId: "", apply: () => ({}), secrets: () => [] }),
    });
    expect(() => createClient({ plugins: [broken] })).toThrow(VOError);
  });
});

/** How both transports handle credentials: per-hop `auth`, 401/403 as DALAuthError, Set-Cookie seen on every hop. */
import { afterEach, describe, expect, it } from "vitest";
import { DALAuthError } from "@vo/votable";
import { redirect, rejection, respond, startTestServer } from "@vo/testkit";
import type { TestServer } from "@vo/testkit";
import { createFetchTransport } from "./fetch-transport.js";
import type { RequestAuth, Transport } from "./types.js";
import { createUndiciTransport } from "./undici-transport.js";

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

for (const [name, make] of [
  ["undici", () => createUndiciTransport()],
  ["fetch", () => createFetchTransport()],
] as const) {
  describe(`${name} transport`, () => {
    let transport: Transport;
    afterEach(async () => transport.close());

    it("turns 401 and 403 into DALAuthError with the challenge's methods", async () => {
      const server = await startTestServer({
        "/a": respond(401, "who are you", { "www-authenticate": 'Basic realm="r"' }),
        "/f": respond(403, "no"),
      });
      servers.push(server);
      transport = make();
      const unauthorized = await rejection<DALAuthError>(transport.request({ url: `${server.url}/a` }));
      expect(unauthorized).toBeInstanceOf(DALAuthError);
      expect(unauthorized.code).toBe("VO_ERR_AUTH");
      expect(unauthorized.securityMethods).toEqual(["ivo://ivoa.net/sso#BasicAA"]);
      expect(unauthorized.bodyExcerpt).toBe("who are you");
      const forbidden = await rejection<DALAuthError>(transport.request({ url: `${server.url}/f` }));
      expect(forbidden.status).toBe(403);
      expect(forbidden.message).toContain("forbids anonymous access");
    });

    it("asks the auth on each hop, lets the caller's header win, and sees Set-Cookie of redirects", async () => {
      const server = await startTestServer({ "/one": redirect(302, "/two"), "/two": respond(200, "ok") });
      servers.push(server);
      const asked: string[] = [];
      const seen: string[] = [];
      const auth: RequestAuth = {
        credentialsFor: (url) => {
          asked.push(url.pathname);
          return { method: "m", headers: { "x-key": `k${url.pathname}`, authorization: "Bearer from-auth" } };
        },
        onResponse: (url) => void seen.push(url.pathname),
      };
      transport = make();
      await (await transport.request({ url: `${server.url}/one`, headers: { Authorization: "Bearer caller" }, auth })).cancel();
      expect(asked).toEqual(["/one", "/two"]);
      expect(seen).toEqual(["/one", "/two"]);
      expect(server.requests.map((r) => [r.headers["x-key"], r.headers.authorization])).toEqual([
        ["k/one", "Bearer caller"],
        ["k/two", "Bearer caller"],
      ]);
    });
  });
}

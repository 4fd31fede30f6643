/**
 * The fetch transport on a platform that hides redirects (opaque redirects, as browsers give): a request that
 * is not idempotent is never sent twice; an idempotent one is sent again with the platform following.
 */
import { describe, expect, it } from "vitest";
import { DALServiceError } from "@vo/votable";
import { rejection } from "@vo/testkit";
import { createFetchTransport } from "./fetch-transport.js";

/** A fetch whose "manual" redirects come back opaque, like a browser's; records every call. */
function opaqueFetch() {
  const calls: { method: string; redirect: string; body: unknown }[] = [];
  const fetch = (async (_url: URL, init: RequestInit) => {
    calls.push({ method: init.method ?? "GET", redirect: init.redirect ?? "follow", body: init.body });
    if (init.redirect === "manual") {
      const opaque = new Response(null, { status: 200 });
      Object.defineProperty(opaque, "type", { value: "opaqueredirect" });
      return opaque;
    }
    return new Response("the job", { status: 200, headers: { "content-type": "text/plain" } });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

describe("fetch transport, opaque redirects", () => {
  for (const body of ["LANG=ADQL&QUERY=SELECT+1", new URLSearchParams({ QUERY: "x" }), new Uint8Array([1, 2])]) {
    it(`a POST (${typeof body === "string" ? "text" : body.constructor.name}) is sent once and fails saying why`, async () => {
      const { fetch, calls } = opaqueFetch();
      const transport = createFetchTransport({ fetch, retries: { max: 3 } });
      const error = await rejection(transport.request({ url: "http://example.org/tap/async", method: "POST", body }));
      expect(calls.filter((c) => c.method === "POST")).toHaveLength(1);
      expect(error).toBeInstanceOf(DALServiceError);
      expect((error as Error).message).toMatch(/not sent twice because it is not idempotent/);
      // From then on the platform follows redirects itself: the next POST goes out once, with redirect "follow".
      const response = await transport.request({ url: "http://example.org/tap/async", method: "POST", body });
      expect(await response.text()).toBe("the job");
      expect(calls.at(-1)).toMatchObject({ method: "POST", redirect: "follow" });
      expect(calls.filter((c) => c.method === "POST")).toHaveLength(2);
    });
  }

  it("an idempotent GET is sent again with the platform following", async () => {
    const { fetch, calls } = opaqueFetch();
    const transport = createFetchTransport({ fetch });
    expect(await (await transport.request({ url: "http://example.org/x" })).text()).toBe("the job");
    expect(calls.map((c) => c.redirect)).toEqual(["manual", "follow"]);
  });

  it("a POST marked idempotent may be sent again", async () => {
    const { fetch, calls } = opaqueFetch();
    const transport = createFetchTransport({ fetch });
    const response = await transport.request({ url: "http://example.org/x", method: "POST", body: "a=1", idempotent: true });
    expect(await response.text()).toBe("the job");
    expect(calls).toHaveLength(2);
  });
});

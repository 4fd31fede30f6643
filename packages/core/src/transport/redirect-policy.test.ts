import { DALServiceError } from "@vo/votable";
import { describe, expect, it } from "vitest";
import { isRedirect, redirectHop } from "./redirect-policy.js";
import type { Hop } from "./redirect-policy.js";

const post: Hop = {
  url: new URL("https://a.example/tap/sync"),
  method: "POST",
  headers: { authorization: "Bearer t", cookie: "c=1", "proxy-authorization": "Basic p", "content-type": "text/plain", "x-other": "1" },
  body: "QUERY=1",
};

describe("redirectHop", () => {
  it("knows which statuses redirect", () => {
    expect([301, 302, 303, 307, 308].every(isRedirect)).toBe(true);
    expect([300, 304, 305, 200].some(isRedirect)).toBe(false);
  });

  it("turns POST into GET on 301/302/303 and drops body headers", () => {
    for (const status of [301, 302, 303]) {
      const next = redirectHop(post, status, "/tap/result");
      expect(next.method).toBe("GET");
      expect(next.body).toBeUndefined();
      expect(next.headers["content-type"]).toBeUndefined();
      expect(next.headers.authorization).toBe("Bearer t");
      expect(next.url.href).toBe("https://a.example/tap/result");
    }
  });

  it("keeps method and body on 307/308", () => {
    const next = redirectHop(post, 308, "https://a.example/other");
    expect(next.method).toBe("POST");
    expect(next.body).toBe("QUERY=1");
    expect(next.headers["content-type"]).toBe("text/plain");
  });

  it("keeps HEAD on 303", () => {
    expect(redirectHop({ ...post, method: "HEAD", body: undefined }, 303, "/x").method).toBe("HEAD");
  });

  it("strips credentials across origins, including a scheme change", () => {
    for (const location of ["https://b.example/x", "http://a.example/x", "https://a.example:8443/x", "https://u:p@b.example/x"]) {
      const next = redirectHop(post, 307, location);
      expect(next.headers.authorization).toBeUndefined();
      expect(next.headers.cookie).toBeUndefined();
      expect(next.headers["proxy-authorization"]).toBeUndefined();
      expect(next.headers["x-other"]).toBe("1");
      expect(next.url.username).toBe("");
      expect(next.url.password).toBe("");
    }
  });

  it("refuses non-HTTP locations and streamed bodies on 307/308", () => {
    expect(() => redirectHop(post, 302, "file:///etc/passwd")).toThrow(DALServiceError);
    const streamed: Hop = { ...post, body: (async function* () {})() };
    expect(() => redirectHop(streamed, 307, "/x")).toThrow(/cannot be sent twice/);
    expect(redirectHop(streamed, 303, "/x").method).toBe("GET");
  });
});

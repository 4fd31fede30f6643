import { describe, expect, it } from "vitest";
import { CookieJar, parseSetCookie } from "./cookie-jar.js";

const at = (url: string) => new URL(url);

describe("CookieJar (RFC 6265)", () => {
  it("host-only cookies go to their host only; domain cookies to subdomains too", () => {
    const jar = new CookieJar();
    jar.setFromResponse(at("https://archive.example.org/login"), ["host=1; Path=/", "dom=2; Domain=.example.org; Path=/"]);
    expect(jar.headerFor(at("https://archive.example.org/x"))).toBe("host=1; dom=2");
    expect(jar.headerFor(at("https://tap.archive.example.org/x"))).toBe("dom=2");
    expect(jar.headerFor(at("https://example.org/x"))).toBe("dom=2");
    expect(jar.headerFor(at("https://notexample.org/x"))).toBeUndefined();
  });

  it("rejects a Domain the host does not belong to, and a top-level domain", () => {
    const url = at("https://archive.example.org/");
    expect(parseSetCookie("a=1; Domain=other.org", url, 0)).toBeUndefined();
    expect(parseSetCookie("a=1; Domain=org", url, 0)).toBeUndefined();
    expect(parseSetCookie("a=1; Domain=example.org", url, 0)?.hostOnly).toBe(false);
  });

  it("uses the default path and path-matches on segment boundaries", () => {
    const jar = new CookieJar();
    jar.setFromResponse(at("https://h.org/tap/async/job1"), ["a=1"]);
    expect(jar.toJSON()[0]?.path).toBe("/tap/async");
    expect(jar.headerFor(at("https://h.org/tap/async"))).toBe("a=1");
    expect(jar.headerFor(at("https://h.org/tap/async/job2/phase"))).toBe("a=1");
    expect(jar.headerFor(at("https://h.org/tap/asyncx"))).toBeUndefined();
    expect(jar.headerFor(at("https://h.org/tap"))).toBeUndefined();
  });

  it("sends longer paths first, and replaces a cookie with the same name, domain and path", () => {
    let t = 0;
    const jar = new CookieJar({ now: () => ++t });
    jar.setFromResponse(at("https://h.org/"), ["a=root; Path=/", "a=deep; Path=/tap", "a=root2; Path=/"]);
    expect(jar.headerFor(at("https://h.org/tap/x"))).toBe("a=deep; a=root2");
    expect(jar.size).toBe(2);
  });

  it("keeps Secure cookies off plain http (loopback counts as secure) and refuses to take them from http", () => {
    const jar = new CookieJar();
    jar.setFromResponse(at("https://h.org/"), ["s=1; Secure; Path=/"]);
    expect(jar.headerFor(at("http://h.org/"))).toBeUndefined();
    expect(jar.headerFor(at("https://h.org/"))).toBe("s=1");
    expect(parseSetCookie("s=1; Secure", at("http://h.org/"), 0)).toBeUndefined();
    expect(parseSetCookie("s=1; Secure", at("http://localhost:8080/"), 0)).toBeDefined();
  });

  it("expires cookies by Max-Age (which wins over Expires) and Expires; Max-Age=0 deletes", () => {
    let now = Date.parse("2030-01-01T00:00:00Z");
    const jar = new CookieJar({ now: () => now });
    jar.setFromResponse(at("https://h.org/"), ["m=1; Max-Age=60; Expires=Thu, 01 Jan 2099 00:00:00 GMT", "e=2; Expires=Tue, 01 Jan 2030 00:00:30 GMT"]);
    expect(jar.headerFor(at("https://h.org/"))).toBe("m=1; e=2");
    now += 31_000;
    expect(jar.headerFor(at("https://h.org/"))).toBe("m=1");
    now += 30_000;
    expect(jar.headerFor(at("https://h.org/"))).toBeUndefined();
    jar.setFromResponse(at("https://h.org/"), ["k=1"]);
    jar.setFromResponse(at("https://h.org/"), ["k=gone; Max-Age=0"]);
    expect(jar.size).toBe(0);
  });

  it("cookies for an IP address are host-only", () => {
    const jar = new CookieJar();
    jar.setFromResponse(at("http://127.0.0.1:9000/"), ["a=1; Domain=127.0.0.1"]);
    expect(jar.headerFor(at("http://127.0.0.1:9001/"))).toBe("a=1"); // cookies ignore ports (RFC 6265 §8.5)
    expect(jar.toJSON()[0]?.hostOnly).toBe(true);
  });

  it("ignores malformed Set-Cookie values and checks cookies set by hand", () => {
    const jar = new CookieJar();
    jar.setFromResponse(at("https://h.org/"), ["novalue", "=x", "ok=1"]);
    expect(jar.headerFor(at("https://h.org/"))).toBe("ok=1");
    expect(() => jar.set("bad name", "v", { domain: "h.org" })).toThrow(/cookie name/);
    expect(() => jar.set("n", "a;b", { domain: "h.org" })).toThrow(/cookie value/);
    expect(() => jar.set("n", "v", {})).toThrow(/domain/);
  });

  it("round-trips through toJSON/fromJSON", () => {
    const jar = new CookieJar();
    jar.set("a", "1", { url: "https://h.org/tap/sync" });
    const copy = CookieJar.fromJSON(JSON.parse(JSON.stringify(jar.toJSON())));
    expect(copy.headerFor(at("https://h.org/tap/x"))).toBe("a=1");
    expect(copy.headerFor(at("https://sub.h.org/tap/x"))).toBeUndefined();
  });
});

describe("CookieJar and the secret registry", () => {
  it("registers live cookie values and forgets replaced and deleted ones", async () => {
    const { redactSecrets } = await import("@vo/core");
    const jar = new CookieJar();
    jar.setFromResponse(at("https://h.org/"), ["sid=rotating-value-1"]);
    expect(redactSecrets("rotating-value-1")).toBe("[REDACTED]");
    jar.setFromResponse(at("https://h.org/"), ["sid=rotating-value-2"]);
    expect(redactSecrets("rotating-value-1 rotating-value-2")).toBe("rotating-value-1 [REDACTED]");
    jar.delete("sid");
    expect(jar.size).toBe(0);
    expect(redactSecrets("rotating-value-2")).toBe("rotating-value-2");
  });
});

import { describe, expect, it } from "vitest";
import { parseVOSICapabilities, redactSecrets } from "@vo/core";
import { AuthSession, SecurityMethod, parseScope } from "./index.js";

const CAPS = `<?xml version="1.0"?>
<vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <capability standardID="ivo://ivoa.net/std/TAP">
  <interface xsi:type="vs:ParamHTTP" role="std"><accessURL use="base">https://a.org/tap</accessURL></interface>
  <interface xsi:type="vs:ParamHTTP" role="std"><accessURL use="base">https://a.org/ctap</accessURL>
   <securityMethod standardID="ivo://ivoa.net/sso#BasicAA"/><securityMethod standardID="ivo://ivoa.net/sso#cookie"/></interface>
 </capability>
 <capability standardID="ivo://ivoa.net/std/VOSI#capabilities">
  <interface xsi:type="vs:ParamHTTP"><accessURL use="full">https://a.org/ctap/capabilities</accessURL><securityMethod/></interface>
 </capability>
</vosi:capabilities>`;

describe("scopes", () => {
  it("cover their path prefix on their origin only", () => {
    expect(parseScope("https://a.org/tap/").text).toBe("https://a.org/tap");
    expect(() => parseScope("ftp://a.org/")).toThrow(/http/);
    expect(() => parseScope("tap")).toThrow(/absolute/);
  });
});

describe("AuthSession", () => {
  it("learns security methods per access URL from capabilities, the most specific prefix winning", () => {
    const session = new AuthSession();
    session.updateFromCapabilities(parseVOSICapabilities(CAPS));
    expect(session.allowedAuthMethods("https://a.org/tap/sync")).toEqual([""]);
    expect(session.allowedAuthMethods("https://a.org/ctap/async/1")).toEqual([SecurityMethod.BASIC, SecurityMethod.COOKIE]);
    expect(session.allowedAuthMethods("https://a.org/ctap/capabilities")).toEqual([""]);
    expect(session.allowedAuthMethods("https://b.org/")).toEqual([""]);
  });

  it("picks the interface it has credentials for, else the anonymous one", () => {
    const session = new AuthSession();
    const caps = parseVOSICapabilities(CAPS);
    expect(session.selectInterface(caps, "ivo://ivoa.net/std/TAP")?.accessUrl).toBe("https://a.org/tap");
    session.credentials.setPassword("u", "secret-pw", "https://a.org/");
    const choice = session.selectInterface(caps, "ivo://ivoa.net/std/TAP");
    expect(choice?.accessUrl).toBe("https://a.org/ctap");
    expect(choice?.securityMethod).toBe(SecurityMethod.BASIC);
  });

  it("negotiates among declared methods, and uses scoped credentials when nothing is declared", async () => {
    const session = new AuthSession();
    session.credentials.setToken("tok-abcdef", "https://a.org/");
    session.credentials.setPassword("u", "pw-123456", "https://a.org/");
    expect(session.methodFor("https://a.org/x")).toBe(SecurityMethod.TOKEN);
    session.addSecurityMethodForUrl("https://a.org/basic", SecurityMethod.BASIC);
    expect(session.methodFor("https://a.org/basic/sync")).toBe(SecurityMethod.BASIC);
    expect((await session.credentialsFor(new URL("https://a.org/basic/sync")))?.headers?.authorization).toMatch(/^Basic /);
    session.addSecurityMethodForUrl("https://a.org/open", SecurityMethod.ANONYMOUS);
    expect(await session.credentialsFor(new URL("https://a.org/open/x"))).toBeUndefined();
    expect(await session.credentialsFor(new URL("https://b.org/x"))).toBeUndefined();
  });

  it("a pin wins over declarations; an anonymous pin sends nothing, not even cookies", async () => {
    const session = new AuthSession();
    session.credentials.setToken("tok-abcdef", "https://a.org/");
    session.credentials.setPassword("u", "pw-123456", "https://a.org/");
    session.credentials.setCookie("c", "cookie-1", { domain: "a.org" });
    session.pinSecurityMethod("https://a.org/tap", SecurityMethod.BASIC);
    session.pinSecurityMethod("https://a.org/tap/public", SecurityMethod.ANONYMOUS);
    const basic = await session.credentialsFor(new URL("https://a.org/tap/sync"));
    expect(basic?.method).toBe(SecurityMethod.BASIC);
    expect(basic?.headers).toEqual({ authorization: expect.stringMatching(/^Basic /), cookie: "c=cookie-1" });
    expect(await session.credentialsFor(new URL("https://a.org/tap/public/x"))).toBeUndefined();
  });

  it("the most specific scope wins over method preference", () => {
    const session = new AuthSession();
    session.credentials.setToken("tok-abcdef", "https://a.org/");
    session.credentials.setPassword("u", "pw-123456", "https://a.org/tap");
    expect(session.methodFor("https://a.org/tap/sync")).toBe(SecurityMethod.BASIC);
    expect(session.methodFor("https://a.org/other")).toBe(SecurityMethod.TOKEN);
  });

  it("runs custom methods, and registers every secret it holds", async () => {
    const session = new AuthSession();
    session.credentials.set("ivo://example.org/sso#apikey", { credentialsFor: () => ({ headers: { "x-api-key": "key-31337abc" } }), secrets: ["key-31337abc"] }, "https://a.org/");
    const applied = await session.credentialsFor(new URL("https://a.org/x"));
    expect(applied).toEqual({ method: "ivo://example.org/sso#apikey", headers: { "x-api-key": "key-31337abc" } });
    session.credentials.setPassword("bob", "hunter2-long", "https://b.org/");
    expect(redactSecrets("key-31337abc hunter2-long " + btoa("bob:hunter2-long"))).toBe("[REDACTED] [REDACTED] [REDACTED]");
    session.credentials.remove("ivo://example.org/sso#apikey");
    expect(await session.credentialsFor(new URL("https://a.org/x"))).toBeUndefined();
  });

  it("refuses unscoped or malformed credentials", () => {
    const session = new AuthSession();
    expect(() => session.credentials.setToken("has space", "https://a.org/")).toThrow(/token/);
    expect(() => session.credentials.setPassword("a:b", "pw", "https://a.org/")).toThrow(/username/);
    expect(() => session.credentials.setClientCertificate({ cert: "x" }, "https://a.org/")).toThrow(/pfx/);
    expect(() => session.credentials.setToken("tok-abc", "not a url")).toThrow(/absolute/);
  });
});

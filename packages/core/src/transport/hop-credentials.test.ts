import { describe, expect, it } from "vitest";
import { DALServiceError, redactSecrets, redactUrl, registerSecret, VOError } from "@vo/votable";
import { createFetchTransport } from "./fetch-transport.js";
import { challengeSchemes, describeSecurityMethod } from "./hop-credentials.js";

describe("challengeSchemes", () => {
  it("reads the schemes of one or many challenges, ignoring parameters and quoted commas", () => {
    expect(challengeSchemes('Basic realm="a, b", Bearer error="invalid_token", scope="x y"')).toEqual(["Basic", "Bearer"]);
    expect(challengeSchemes('ivoa_bearer standard_id="ivo://ivoa.net/sso#tls-with-password", access_url="https://x/login", ivoa_x509')).toEqual(["ivoa_bearer", "ivoa_x509"]);
    expect(challengeSchemes("Negotiate abc==, negotiate")).toEqual(["Negotiate"]);
    expect(challengeSchemes(null)).toEqual([]);
  });

  it("describes security methods by name and standardID", () => {
    expect(describeSecurityMethod("ivo://ivoa.net/sso#BasicAA")).toBe("HTTP Basic (ivo://ivoa.net/sso#BasicAA)");
    expect(describeSecurityMethod("")).toBe("anonymous");
    expect(describeSecurityMethod("ivo://x.org/custom")).toBe("ivo://x.org/custom");
  });
});

describe("secrets in errors", () => {
  it("401 and 403 default to VO_ERR_AUTH; registered secrets vanish from message, URL, excerpt and cause", () => {
    registerSecret("s3cr3t-value");
    const cause = new Error("low level: s3cr3t-value");
    const err = new DALServiceError("failed with s3cr3t-value", { status: 401, url: "https://h.org/x?k=s3cr3t-value", bodyExcerpt: "echo s3cr3t-value", cause });
    expect(err.code).toBe("VO_ERR_AUTH");
    expect(new DALServiceError("x", { status: 404 }).code).toBe("VO_ERR_SERVICE");
    const all = [err.message, err.url, err.bodyExcerpt, cause.message, cause.stack].join(" ");
    expect(all).not.toContain("s3cr3t-value");
    expect(redactUrl("https://u:p@h.org/?access_token=abc")).toBe("https://h.org/?access_token=%5BREDACTED%5D");
    expect(redactSecrets(encodeURIComponent("s3cr3t-value"))).toBe("[REDACTED]");
    expect(new VOError("short ab").message).toBe("short ab");
  });
});

describe("fetch transport and browser credentials", () => {
  it("fetches with credentials: 'include' only on hops whose auth asks for the browser's credentials", async () => {
    const inits: RequestInit[] = [];
    const fetch = async (_url: URL | RequestInfo, init?: RequestInit): Promise<Response> => {
      inits.push(init ?? {});
      return new Response("ok", { status: 200 });
    };
    const transport = createFetchTransport({ fetch: fetch as typeof globalThis.fetch });
    const auth = { credentialsFor: (url: URL) => (url.pathname.startsWith("/priv") ? { method: "ivo://ivoa.net/sso#cookie", includeBrowserCredentials: true } : undefined) };
    await (await transport.request({ url: "https://h.org/priv/x", auth })).cancel();
    await (await transport.request({ url: "https://h.org/open/x", auth })).cancel();
    expect(inits.map((i) => i.credentials)).toEqual(["include", undefined]);
  });
});

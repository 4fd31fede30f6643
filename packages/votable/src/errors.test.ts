/**
 * The error hierarchy as docs/errors.md documents it: third parties subclass without anything special, and
 * `instanceof` follows the brand across installed copies.
 */
import { describe, expect, it } from "vitest";
import { DALAccessError, DALFormatError, DALProtocolError, DALQueryError, DALRateLimitError, DALServiceError, ParameterError, PluginError, VOError } from "./errors.js";

const BRAND = Symbol.for("@vo/core.error");

/** A plain subclass, as a plugin writes one (no `static id`). */
class HelloError extends DALServiceError {}
class RegTAPFeatureMissingError extends DALQueryError {}
class DeeperError extends HelloError {}

describe("third-party error subclasses", () => {
  it("name themselves after their class", () => {
    expect(new HelloError("h").name).toBe("HelloError");
    expect(new DeeperError("d").name).toBe("DeeperError");
    expect(new RegTAPFeatureMissingError("r").name).toBe("RegTAPFeatureMissingError");
    expect(String(new HelloError("boom"))).toBe("HelloError: boom");
  });

  it("match their own instances and their subclasses', never their parent's or siblings'", () => {
    expect(new HelloError("h")).toBeInstanceOf(HelloError);
    expect(new DeeperError("d")).toBeInstanceOf(HelloError);
    for (const parent of [new DALServiceError("p"), new DALRateLimitError("r"), new VOError("v"), new DALQueryError("q")]) {
      expect(parent instanceof HelloError).toBe(false);
      expect(parent instanceof DeeperError).toBe(false);
    }
    expect(new HelloError("h") instanceof DeeperError).toBe(false);
    expect(new HelloError("h") instanceof RegTAPFeatureMissingError).toBe(false);
    expect(new RegTAPFeatureMissingError("r") instanceof HelloError).toBe(false);
  });

  it("still match every built-in ancestor, and keep the parent's code and fields", () => {
    const e = new DeeperError("d", { status: 502, url: "https://u:p@example.org/x?token=s" });
    for (const cls of [DeeperError, HelloError, DALServiceError, VOError, Error]) expect(e).toBeInstanceOf(cls);
    expect(e instanceof DALQueryError).toBe(false);
    expect(e.code).toBe("VO_ERR_SERVICE");
    expect(e.status).toBe(502);
    expect(e.url).toBe("https://example.org/x?token=%5BREDACTED%5D");
  });

  it("an explicit static id still wins over the class name (stable under minification)", () => {
    class Minified extends DALFormatError {
      static override readonly id: string = "MyFormatError";
    }
    const e = new Minified("m");
    expect(e.name).toBe("MyFormatError");
    expect(e).toBeInstanceOf(Minified);
    expect(new DALFormatError("f") instanceof Minified).toBe(false);
  });

  it("an anonymous subclass falls back to prototype instanceof", () => {
    const Anonymous = (() => class extends ParameterError {})();
    Object.defineProperty(Anonymous, "name", { value: "" });
    const e = new Anonymous("p", "x", 1);
    expect(e).toBeInstanceOf(Anonymous);
    expect(e).toBeInstanceOf(ParameterError);
    expect(new ParameterError("p", "x", 1) instanceof Anonymous).toBe(false);
  });
});

describe("instanceof across installed copies (the brand)", () => {
  /** An error as another copy of @vo/core would make it: a different class with the same brand chain. */
  function foreign(chain: string[]): Error {
    const e = new Error("from another copy");
    Object.defineProperty(e, BRAND, { value: chain });
    return e;
  }

  it("recognises built-in and third-party classes by their ids", () => {
    const rate = foreign(["DALRateLimitError", "DALServiceError", "VOError"]);
    expect(rate).toBeInstanceOf(DALRateLimitError);
    expect(rate).toBeInstanceOf(DALServiceError);
    expect(rate).toBeInstanceOf(VOError);
    expect(rate instanceof DALQueryError).toBe(false);
    expect(rate instanceof HelloError).toBe(false);
    expect(foreign(["HelloError", "DALServiceError", "VOError"])).toBeInstanceOf(HelloError);
    expect(foreign(["PluginError", "VOError"])).toBeInstanceOf(PluginError);
  });

  it("writes the subclass's id into the chain of its instances", () => {
    expect((new DeeperError("d") as unknown as { [BRAND]: string[] })[BRAND]).toEqual(["DeeperError", "HelloError", "DALServiceError", "DALProtocolError", "VOError"]);
  });
});

describe("pyVO's hierarchy names", () => {
  it("DALProtocolError is the parent of DALServiceError and DALFormatError, not of DALQueryError, as in pyVO", () => {
    const service = new DALServiceError("down", { status: 503 });
    const format = new DALFormatError("bad XML");
    const rate = new DALRateLimitError("slow down");
    for (const e of [service, format, rate]) expect(e).toBeInstanceOf(DALProtocolError);
    expect(new DALQueryError("failed")).not.toBeInstanceOf(DALProtocolError);
    expect(new ParameterError("x", "a number", "y")).not.toBeInstanceOf(DALProtocolError);
    expect(format.code).toBe("VO_ERR_FORMAT");
    const direct = new DALProtocolError("odd answer", { url: "http://u:p@x/y" });
    expect(direct).toBeInstanceOf(VOError);
    expect(direct.code).toBe("VO_ERR_SERVICE");
    expect(direct.name).toBe("DALProtocolError");
    expect(direct.url).not.toContain("u:p");
  });

  it("DALAccessError is VOError: every @vo error is one", () => {
    expect(DALAccessError).toBe(VOError);
    for (const e of [new DALQueryError("q"), new DALFormatError("f"), new ParameterError("x", "y", 1)]) expect(e).toBeInstanceOf(DALAccessError);
    expect(new Error("plain")).not.toBeInstanceOf(DALAccessError);
  });
});

describe("DALRateLimitError's Retry-After (pyVO's retry_after_*)", () => {
  it("keeps the raw header, and dates it from the header's HTTP date or from the seconds", () => {
    const dated = new DALRateLimitError("429", { retryAfterRaw: " Wed, 21 Oct 2026 07:28:00 GMT ", retryAfterSeconds: 60 });
    expect(dated.retryAfterRaw).toBe("Wed, 21 Oct 2026 07:28:00 GMT");
    expect(dated.retryAfterDate?.toISOString()).toBe("2026-10-21T07:28:00.000Z");
    const before = Date.now();
    const seconds = new DALRateLimitError("429", { retryAfterSeconds: 30 });
    expect(seconds.retryAfterRaw).toBeUndefined();
    expect(seconds.retryAfterDate!.getTime() - before).toBeGreaterThanOrEqual(30_000);
    expect(seconds.retryAfterDate!.getTime() - Date.now()).toBeLessThanOrEqual(30_000);
    expect(new DALRateLimitError("429", { retryAfterRaw: "soon" }).retryAfterDate).toBeUndefined();
    expect(new DALRateLimitError("429").retryAfterDate).toBeUndefined();
  });
});

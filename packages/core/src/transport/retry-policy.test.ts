import { describe, expect, it } from "vitest";
import { backoffDelay, isConnectionReset, isIdempotent, isReplayable, parseRetryAfter, retrySettings } from "./retry-policy.js";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it("reads delay-seconds", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
  });
  it("reads an HTTP-date, and a past date as 0", () => {
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now)).toBe(0);
  });
  it("ignores absent and garbage values", () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  const settings = retrySettings({ baseDelayMs: 100, maxDelayMs: 1000 });
  it("doubles per attempt with half of it jittered, up to the cap", () => {
    expect(backoffDelay(1, settings, () => 0)).toBe(50);
    expect(backoffDelay(1, settings, () => 1)).toBe(100);
    expect(backoffDelay(3, settings, () => 1)).toBe(400);
    expect(backoffDelay(10, settings, () => 1)).toBe(1000);
  });
});

describe("idempotency and replay", () => {
  it("treats POST as non-idempotent unless overridden", () => {
    expect(isIdempotent("GET", undefined)).toBe(true);
    expect(isIdempotent("DELETE", undefined)).toBe(true);
    expect(isIdempotent("POST", undefined)).toBe(false);
    expect(isIdempotent("POST", true)).toBe(true);
    expect(isIdempotent("GET", false)).toBe(false);
  });
  it("replays everything but streams", () => {
    expect(isReplayable(undefined)).toBe(true);
    expect(isReplayable("a")).toBe(true);
    expect(isReplayable(new Uint8Array(1))).toBe(true);
    expect(isReplayable(new URLSearchParams("a=1"))).toBe(true);
    expect(isReplayable(new FormData())).toBe(true);
    expect(isReplayable((async function* () {})())).toBe(false);
  });
  it("recognises resets, also wrapped in fetch's TypeError", () => {
    expect(isConnectionReset(Object.assign(new Error("x"), { code: "ECONNRESET" }))).toBe(true);
    expect(isConnectionReset(new TypeError("fetch failed", { cause: Object.assign(new Error("y"), { code: "UND_ERR_SOCKET" }) }))).toBe(true);
    expect(isConnectionReset(Object.assign(new Error("z"), { code: "ECONNREFUSED" }))).toBe(false);
  });
});

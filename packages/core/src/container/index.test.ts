// The container module first: it loads reflect-metadata, which tsyringe needs before it is imported.
import { ClientContainer, TransportToken, token } from "./index.js";
import { container as globalContainer } from "tsyringe";
import { describe, expect, it, vi } from "vitest";
import { VOError } from "@vo/votable";

describe("ClientContainer", () => {
  it("registers values and cached factories on its own child container only", () => {
    const c = new ClientContainer();
    const t = token<{ n: number }>("test:object");
    const make = vi.fn(() => ({ n: 1 }));
    c.factory(t, make);
    c.value(TransportToken, { request: vi.fn(), close: vi.fn() });
    expect(c.resolve(t)).toBe(c.resolve(t));
    expect(make).toHaveBeenCalledOnce();
    expect(c.has(t)).toBe(true);
    expect(globalContainer.isRegistered(t, true)).toBe(false);
    expect(globalContainer.isRegistered(TransportToken, true)).toBe(false);
  });

  it("makes a fresh symbol per token, even with the same description", () => {
    expect(token("same")).not.toBe(token("same"));
  });

  it("never lets tsyringe's errors out", async () => {
    const c = new ClientContainer();
    const missing = token<number>("test:missing");
    expect(() => c.resolve(missing)).toThrow(VOError);
    expect(() => c.resolve(missing)).toThrow(/internal error: test:missing is not registered/);
    await c.dispose();
    await c.dispose();
    expect(() => c.resolve(missing)).toThrow(/client is closed/);
    expect(c.has(missing)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { ParameterError } from "@vo/votable";
import { definePlugin, satisfiesRange } from "./plugin.js";

describe("satisfiesRange", () => {
  it.each([
    ["0.1.0", "^0.1.0", true],
    ["0.1.9", "^0.1.0", true],
    ["0.2.0", "^0.1.0", false],
    ["0.0.9", "^0.1.0", false],
    ["0.0.3", "^0.0.3", true],
    ["0.0.4", "^0.0.3", false],
    ["1.4.2", "^1.2.3", true],
    ["2.0.0", "^1.2.3", false],
    ["1.2.2", "^1.2.3", false],
    ["0.9.0", "^0", true],
    ["1.0.0", "^0", false],
    ["1.2.9", "~1.2.3", true],
    ["1.3.0", "~1.2.3", false],
    ["1.9.0", "~1", true],
    ["0.1.5", "~0.1", true],
    ["1.7.0", "1.x", true],
    ["2.0.0", "1.x", false],
    ["1.2.7", "1.2.*", true],
    ["1.3.0", "1.2.*", false],
    ["5.0.0", "*", true],
    ["5.0.0", "", true],
    ["1.2.3", "1.2.3", true],
    ["1.2.4", "=1.2.3", false],
    ["0.2.0", ">=0.1.0 <0.3.0", true],
    ["0.3.0", ">=0.1.0 <0.3.0", false],
    ["0.3.0", ">= 0.1.0 < 0.3.0", false],
    ["2.1.0", "^1.0.0 || ^2.0.0", true],
    ["3.0.0", "^1.0.0 || ^2.0.0", false],
    ["1.3.0", ">1.2", true],
    ["1.2.9", ">1.2", false],
    ["1.2.9", "<=1.2", true],
    ["1.3.0", "<=1.2", false],
    ["0.2.0-beta.1", "^0.1.0", false],
    ["0.1.5-beta.1", "^0.1.0", true],
    ["0.1.0-beta.1", "^0.1.0", false],
    ["v0.1.0", "^0.1.0", true],
  ])("%s in %s: %s", (version, range, expected) => {
    expect(satisfiesRange(version, range)).toBe(expected);
  });

  it("is false for malformed input", () => {
    expect(satisfiesRange("1.2", "^1.0.0")).toBe(false);
    expect(satisfiesRange("1.2.3", "^banana")).toBe(false);
    expect(satisfiesRange("1.2.3", "1.x.3")).toBe(false);
  });
});

describe("definePlugin", () => {
  const base = { name: "p", version: "1.0.0", core: "^0.1.0", register() {} };

  it("returns a frozen plugin with its metadata", () => {
    const plugin = definePlugin({ ...base, dependencies: ["q"] });
    expect(plugin).toMatchObject({ name: "p", version: "1.0.0", core: "^0.1.0", dependencies: ["q"] });
    expect(Object.isFrozen(plugin)).toBe(true);
    expect(Object.isFrozen(plugin.dependencies)).toBe(true);
  });

  it.each([
    [{ name: "" }, "name"],
    [{ version: "one" }, "p: version"],
    [{ core: "^banana" }, "p: core"],
    [{ dependencies: "q" }, "p: dependencies"],
    [{ register: 42 }, "p: register"],
  ])("rejects bad metadata %o with ParameterError", (patch, parameter) => {
    const bad = { ...base, ...patch } as unknown as Parameters<typeof definePlugin>[0];
    expect(() => definePlugin(bad)).toThrow(ParameterError);
    try {
      definePlugin(bad);
    } catch (error) {
      expect((error as ParameterError).code).toBe("VO_ERR_PARAMETER");
      expect((error as ParameterError).parameter).toBe(parameter);
    }
  });
});

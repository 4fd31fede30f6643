import { describe, expect, it } from "vitest";
import { runDemo } from "./demo.js";
import { describeError, formatMs } from "./report.js";
import { DALQueryError } from "@vo/core";

describe("runDemo on a service that is not there", () => {
  it("stops at the first step, reports the @vo error code, and does not throw", async () => {
    const lines: string[] = [];
    const result = await runDemo({ url: "http://127.0.0.1:9/tap", print: (l) => lines.push(l) });
    expect(result.ok).toBe(false);
    expect(result.steps).toHaveLength(1);
    expect(describeError(result.error)).toMatch(/^VO_ERR_SERVICE: /);
    expect(lines.some((l) => l.includes("✘ failed after") && l.includes("VO_ERR_SERVICE"))).toBe(true);
    expect(lines.join("\n")).not.toMatch(/\n\s+at /); // no stack
  });
});

describe("report helpers", () => {
  it("formats durations and errors", () => {
    expect(formatMs(85.4)).toBe("85 ms");
    expect(formatMs(1420)).toBe("1.42 s");
    expect(formatMs(125_000)).toBe("2 min 5 s");
    expect(describeError(new DALQueryError("bad ADQL"))).toBe("VO_ERR_QUERY: bad ADQL");
    expect(describeError("plain")).toBe("plain");
  });
});

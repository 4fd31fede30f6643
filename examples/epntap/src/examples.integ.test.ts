/** Runs the course's EPN-TAP snippets against the local DaCHS test beds (epntap, regtap) and checks what they find. */
import { describe, expect, it } from "vitest";
import { main as discovery } from "./global-discovery.js";
import { main as oddsAndEnds } from "./odds-and-ends.js";

const dachs = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");
const quiet = () => undefined;

describe("the course's EPN-TAP examples", () => {
  it("odds and ends: hash lists and ivo_hashlist_has", async () => {
    // scripts/dachs/beds/epntap/gen_data.py: two VIRTIS campaigns (67P, Venus) of 25 granules.
    const found = await oddsAndEnds(dachs, quiet);
    expect(found.virtis).toBe(50);
    expect(found.titan).toBeGreaterThan(0);
  });

  it("global discovery: every epncore table, one search over all, failures kept", async () => {
    const found = await discovery(dachs, quiet);
    expect(found.tables).toBe(5); // the local table and four fictitious planetary.example ones
    expect(found.answered).toBe(1);
    expect(found.granules).toBeGreaterThan(0);
  });
});

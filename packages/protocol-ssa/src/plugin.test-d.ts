import { describe, expectTypeOf, it } from "vitest";
import { createClient } from "@vo/core";
import { ssa } from "./plugin.js";
import type { SLAService } from "./sla-service.js";
import type { SSARecord } from "./ssa-record.js";
import type { SSAService } from "./ssa-service.js";

describe("ssa() plugin types", () => {
  const client = createClient({ plugins: [ssa()] as const });
  it("types SSA and SLA services and records", async () => {
    expectTypeOf(client.service("ssa", "http://x")).toEqualTypeOf<SSAService>();
    expectTypeOf(client.service("slap", "http://x")).toEqualTypeOf<SLAService>();
    const rs = await client.service("ssa", "http://x").search([1, 2], 0.1, { band: [4e-7, 7e-7] });
    expectTypeOf(rs.at(0)).toEqualTypeOf<SSARecord | undefined>();
    // @ts-expect-error BAND is a pair of wavelengths or a string
    void client.service("ssa", "http://x").search([1, 2], 0.1, { band: 5e-7 });
  });
});

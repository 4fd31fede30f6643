import { describe, expectTypeOf, it } from "vitest";
import { createClient } from "@vo/core";
import { scs } from "./plugin.js";
import type { SCSRecord } from "./scs-record.js";
import type { SCSService } from "./scs-service.js";

describe("scs() plugin types", () => {
  const client = createClient({ plugins: [scs()] as const });
  it("types the service and its records", async () => {
    expectTypeOf(client.service("scs", "http://x")).toEqualTypeOf<SCSService>();
    const rs = await client.service("conesearch", "http://x").search({ ra: 1, dec: 2 }, 0.1);
    expectTypeOf(rs.at(0)).toEqualTypeOf<SCSRecord | undefined>();
    expectTypeOf(rs.at(0)!.id).toEqualTypeOf<string | number | bigint | undefined>();
    // @ts-expect-error VERB is 1, 2 or 3
    void client.service("scs", "http://x").search([1, 2], 0.1, { verbosity: 5 });
  });
});

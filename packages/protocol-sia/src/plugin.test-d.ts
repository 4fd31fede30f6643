import { describe, expectTypeOf, it } from "vitest";
import { createClient } from "@vo/core";
import type { DownloadResult } from "@vo/core";
import { sia } from "./plugin.js";
import type { SIA2Record } from "./sia2-record.js";
import type { SIA2Service } from "./sia2-service.js";
import type { SIARecord } from "./sia-record.js";
import type { SIAService } from "./sia-service.js";

describe("sia() plugin types", () => {
  const client = createClient({ plugins: [sia()] as const });

  it("types client.service by alias", () => {
    expectTypeOf(client.service("sia", "http://x")).toEqualTypeOf<SIAService>();
    expectTypeOf(client.service("sia2", "http://x")).toEqualTypeOf<SIA2Service>();
  });

  it("types records and their accessors", async () => {
    const rs = await client.service("sia2", "http://x").search({ pos: [1, 2, 0.1] });
    expectTypeOf(rs.at(0)).toEqualTypeOf<SIA2Record | undefined>();
    expectTypeOf(rs.at(0)!.dateobs).toEqualTypeOf<Date | undefined>();
    expectTypeOf(rs.at(0)!.download("d")).toEqualTypeOf<Promise<DownloadResult>>();
    const images = await client.service("sia", "http://x").search([1, 2], 0.1);
    expectTypeOf(images.at(0)).toEqualTypeOf<SIARecord | undefined>();
    expectTypeOf(images.at(0)!.pos).toEqualTypeOf<[ra: number, dec: number] | undefined>();
  });

  it("rejects wrongly typed standard options", () => {
    const sia2 = client.service("sia2", "http://x");
    // @ts-expect-error calibration levels are 0–4
    void sia2.search({ calibLevel: 7 });
    // @ts-expect-error intersect takes the SIA 1.0 keywords
    void client.service("sia", "http://x").search([1, 2], 0.1, { intersect: "INSIDE" });
    // custom parameters are open, as pyVO's **keywords
    void sia2.search({ SEEING: "0/1.5" });
  });
});

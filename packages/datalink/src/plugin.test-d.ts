import { describe, expectTypeOf, it } from "vitest";
import { createClient, Record } from "@vo/core";
import type { ResultSet, TransportResponse } from "@vo/core";
import { datalink } from "./plugin.js";
import type { DatalinkService } from "./datalink-service.js";
import type { SodaService } from "./soda-service.js";
import { iterDatalinks } from "./iter-datalinks.js";
import type { DatalinkRecord, DatalinkResults } from "./links.js";

class MyRecord extends Record {
  get title(): string | undefined {
    return this.getString("title");
  }
}

describe("datalink() plugin types", () => {
  const client = createClient({ plugins: [datalink()] as const });
  it("types the services", () => {
    expectTypeOf(client.service("datalink", "http://x")).toEqualTypeOf<DatalinkService>();
    expectTypeOf(client.service("ivo://ivoa.net/std/DataLink#links-1.0", "http://x")).toEqualTypeOf<DatalinkService>();
    expectTypeOf(client.service("soda", "http://x")).toEqualTypeOf<SodaService>();
  });
  it("keeps the record type of the result through iterDatalinks", async () => {
    const rs = {} as ResultSet<MyRecord>;
    for await (const links of iterDatalinks(rs)) {
      expectTypeOf(links).toEqualTypeOf<DatalinkResults<MyRecord>>();
      expectTypeOf(links.originalRow).toEqualTypeOf<MyRecord | undefined>();
      expectTypeOf(links.bySemantics("#preview")).toEqualTypeOf<DatalinkRecord[]>();
      expectTypeOf(links.at(0)!.processed({ circle: [1, 2, 0.1] })).toEqualTypeOf<Promise<TransportResponse>>();
      // @ts-expect-error a circle is three numbers
      void links.at(0)!.processed({ circle: [1, 2] });
    }
  });
});

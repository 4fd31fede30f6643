import { describe, expectTypeOf, it } from "vitest";
import { createClient, StandardId } from "@vo/core";
import type { Record, ResultSet, ResultStream, Service, TransportResponse } from "@vo/core";
import { adql } from "./adql.js";
import type { AsyncJob } from "./async-job.js";
import type { TAPCapabilities } from "./capabilities.js";
import type { TAPExample } from "./examples.js";
import { tap } from "./plugin.js";
import type { TAPService } from "./tap-service.js";

describe("tap() plugin types", () => {
  const client = createClient({ plugins: [tap()] as const });
  const service = client.service("tap", "http://x/tap");

  it("types the service by alias and by standard id", () => {
    expectTypeOf(service).toEqualTypeOf<TAPService>();
    expectTypeOf(client.service(StandardId.TAP, new URL("http://x/tap"))).toEqualTypeOf<TAPService>();
    expectTypeOf(createClient({ plugins: [tap()] }).service("tap", "http://x")).toEqualTypeOf<TAPService>();
    expectTypeOf(client.service("sia", "http://x")).toEqualTypeOf<Service>();
  });

  it("types query results", () => {
    expectTypeOf(service.runSync("SELECT 1")).toEqualTypeOf<Promise<ResultSet<Record>>>();
    expectTypeOf(service.runSync(adql`SELECT ${1}`, { maxrec: 0 })).toEqualTypeOf<Promise<ResultSet>>();
    expectTypeOf(service.search("SELECT 1")).toEqualTypeOf<Promise<ResultSet>>();
    expectTypeOf(service.streamSync("SELECT 1")).toEqualTypeOf<Promise<ResultStream>>();
    expectTypeOf(service.runSyncRaw("SELECT 1", { format: "csv" })).toEqualTypeOf<Promise<TransportResponse>>();
    expectTypeOf(service.runAsync("SELECT 1", { timeout: 1000, keep: true })).toEqualTypeOf<Promise<ResultSet>>();
    // @ts-expect-error the query is a string or an adql`` fragment
    void service.runSync(42);
    // @ts-expect-error uploadSerialization is "auto", "TABLEDATA" or "BINARY2"
    void service.runSync("SELECT 1", { uploadSerialization: "BINARY" });
  });

  it("types jobs, examples and capabilities", async () => {
    const job = await service.submitJob("SELECT 1");
    expectTypeOf(job).toEqualTypeOf<AsyncJob>();
    expectTypeOf(job).toExtend<AsyncDisposable>();
    expectTypeOf(job.keep()).toEqualTypeOf<AsyncJob>();
    expectTypeOf(job.fetchResult()).toEqualTypeOf<Promise<ResultSet>>();
    expectTypeOf(service.examples()).toEqualTypeOf<Promise<TAPExample[]>>();
    expectTypeOf(service.capabilities()).toEqualTypeOf<Promise<TAPCapabilities>>();
    expectTypeOf(service.maxrec()).toEqualTypeOf<Promise<number | undefined>>();
  });
});

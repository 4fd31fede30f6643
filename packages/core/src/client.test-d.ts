import { describe, expectTypeOf, it } from "vitest";
import { createClient } from "./client.js";
import type { Client } from "./client.js";
import { definePlugin } from "./plugin.js";
import type { Plugin } from "./plugin.js";
import { StandardId } from "./standard-id.js";
import type { Service, ServiceContext } from "./types.js";

declare class TAPService implements Service {
  readonly standardId: string;
  readonly baseUrl: string;
  runSync(adql: string): Promise<void>;
}
declare class SIAService implements Service {
  readonly standardId: string;
  readonly baseUrl: string;
  search(): void;
}
declare class SIA2Service implements Service {
  readonly standardId: string;
  readonly baseUrl: string;
  search2(): void;
}
declare function tap(): Plugin<{ tap: TAPService }>;
declare function sia(): Plugin<{ sia: SIAService; sia2: SIA2Service }>;

describe("createClient types", () => {
  it("infers each alias's service class from the plugin tuple", () => {
    const client = createClient({ plugins: [tap(), sia()] as const });
    expectTypeOf(client.service("tap", "https://x")).toEqualTypeOf<TAPService>();
    expectTypeOf(client.service("sia", "https://x")).toEqualTypeOf<SIAService>();
    expectTypeOf(client.service("sia2", "https://x")).toEqualTypeOf<SIA2Service>();
  });

  it("infers without `as const` too (const type parameter)", () => {
    const client = createClient({ plugins: [tap(), sia()] });
    expectTypeOf(client.service("sia2", new URL("https://x"))).toEqualTypeOf<SIA2Service>();
  });

  it("types the full standardIDs of known aliases", () => {
    const client = createClient({ plugins: [tap(), sia()] });
    expectTypeOf(client.service(StandardId.TAP, "https://x")).toEqualTypeOf<TAPService>();
    expectTypeOf(client.service(StandardId.SIA2, "https://x")).toEqualTypeOf<SIA2Service>();
  });

  it("gives Service for unknown keys and plain strings", () => {
    const client = createClient({ plugins: [tap()] });
    expectTypeOf(client.service("ssa", "https://x")).toEqualTypeOf<Service>();
    expectTypeOf(client.service("ivo://example.org/std/Echo", "https://x")).toEqualTypeOf<Service>();
    const key: string = "tap";
    expectTypeOf(client.service(key, "https://x")).toEqualTypeOf<Service>();
  });

  it("gives Service for everything when no plugin declares services", () => {
    const client = createClient({ plugins: [] });
    expectTypeOf(client.service("tap", "https://x")).toEqualTypeOf<Service>();
  });

  it("adds the services of plugins passed to with()", () => {
    const client = createClient({ plugins: [tap()] }).with({ plugins: [sia()] });
    expectTypeOf(client).toExtend<Client>();
    expectTypeOf(client.service("tap", "https://x")).toEqualTypeOf<TAPService>();
    expectTypeOf(client.service("sia2", "https://x")).toEqualTypeOf<SIA2Service>();
  });

  it("types definePlugin from its return type and the registry's factories", () => {
    const echo = (): Plugin<{ echo: TAPService }> =>
      definePlugin({
        name: "echo",
        version: "1.0.0",
        core: "^0.1.0",
        register(r) {
          expectTypeOf(r.service).parameter(1).parameter(0).toEqualTypeOf<ServiceContext>();
          expectTypeOf(r.service).parameter(1).parameter(1).toEqualTypeOf<string>();
        },
      });
    expectTypeOf(createClient({ plugins: [echo()] }).service("echo", "https://x")).toEqualTypeOf<TAPService>();
  });

  it("collects the constraint maps of the plugins, with() adding more", () => {
    const pm = (): Plugin<object, { properMotion: { minColumns: number } }> => definePlugin({ name: "pm", version: "1.0.0", core: "*", register() {} });
    const uat = (): Plugin<object, { uatTerm: string }> => definePlugin({ name: "uat", version: "1.0.0", core: "*", register() {} });
    const client = createClient({ plugins: [tap(), pm()] });
    expectTypeOf(client).toExtend<Client<{ tap: TAPService }, { properMotion: { minColumns: number } }>>();
    expectTypeOf(client.service("tap", "https://x")).toEqualTypeOf<TAPService>();
    const _more = client.with({ plugins: [uat()] });
    type Map = NonNullable<(typeof _more)["~constraints"]>;
    expectTypeOf<keyof Map>().toEqualTypeOf<"properMotion" | "uatTerm">();
    expectTypeOf<Map["properMotion"]>().toEqualTypeOf<{ minColumns: number }>();
    expectTypeOf<Map["uatTerm"]>().toEqualTypeOf<string>();
  });

  it("rejects non-plugins", () => {
    // @ts-expect-error a factory must be called
    createClient({ plugins: [tap] });
  });
});

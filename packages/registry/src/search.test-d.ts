import { describe, expectTypeOf, it } from "vitest";
import { createClient, definePlugin } from "@vo/core";
import type { Plugin } from "@vo/core";
import { tap } from "@vo/protocol-tap";
import { registry } from "./plugin.js";
import type { RegTAPService } from "./regtap-service.js";
import type { RegistryResults } from "./resource.js";
import { search } from "./search.js";

declare function pm(): Plugin<object, { properMotion: { minColumns: number } }>;

describe("search types", () => {
  it("takes the built-in keywords and the client's plugin keywords, typed", () => {
    const client = createClient({ plugins: [registry(), tap(), pm()] });
    expectTypeOf(search(client, { servicetype: "tap", waveband: ["optical"], includeaux: true })).toEqualTypeOf<Promise<RegistryResults>>();
    expectTypeOf(search(client, { properMotion: { minColumns: 2 }, maxrec: 10 })).toEqualTypeOf<Promise<RegistryResults>>();
    // @ts-expect-error the plugin's value type
    void search(client, { properMotion: { minColumns: "two" } });
    // @ts-expect-error a keyword of no plugin
    void search(client, { properMotions: { minColumns: 2 } });
    // @ts-expect-error a built-in keyword's value type
    void search(client, { spatial: { ra: 1 } });
  });

  it("a client without the plugin does not take its keyword", () => {
    const client = createClient({ plugins: [registry()] });
    // @ts-expect-error no plugin registered properMotion
    void search(client, { properMotion: { minColumns: 2 } });
    expectTypeOf(client.service("regtap", "http://x")).toEqualTypeOf<RegTAPService>();
    void definePlugin;
  });
});

// The container module first: it loads reflect-metadata, which tsyringe needs before it is imported.
import { OnWarningToken, ServiceContextToken, TransportToken } from "./container/index.js";
import { container as globalContainer } from "tsyringe";
import { describe, expect, it, vi } from "vitest";
import { PluginError, VOError, ParameterError } from "@vo/votable";
import { createClient } from "./client.js";
import { definePlugin } from "./plugin.js";
import type { Plugin } from "./plugin.js";
import { StandardId } from "./standard-id.js";
import type { Transport, TransportRequest, TransportResponse } from "./transport/types.js";
import type { ConstraintDefinition, Service, ServiceContext } from "./types.js";
import { VERSION } from "./version.js";

/** A transport that answers every request with `200 ok` and records what it saw. */
function fakeTransport(): Transport & { requests: TransportRequest[]; closed: number } {
  const fake = {
    requests: [] as TransportRequest[],
    closed: 0,
    async request(request: TransportRequest): Promise<TransportResponse> {
      fake.requests.push(request);
      const bytes = new TextEncoder().encode("ok");
      return {
        status: 200,
        statusText: "OK",
        url: String(request.url),
        headers: new Headers({ "content-type": "text/plain" }),
        body: (async function* () {
          yield bytes;
        })(),
        bytes: async () => bytes,
        text: async () => "ok",
        cancel: async () => {},
      };
    },
    async close() {
      fake.closed++;
    },
  };
  return fake;
}

class FakeService implements Service {
  constructor(
    readonly standardId: string,
    readonly baseUrl: string,
    readonly ctx: ServiceContext,
    readonly by: string,
  ) {}
}
class FakeTAP extends FakeService {
  readonly kind = "tap" as const;
}

function fakeTap(name = "@vo/protocol-tap", options: { override?: boolean; dependencies?: string[] } = {}): Plugin<{ tap: FakeTAP }> {
  return definePlugin({
    name,
    version: "0.1.0",
    core: `^${VERSION}`,
    dependencies: options.dependencies ?? [],
    register(r) {
      r.service(StandardId.TAP, (ctx, url) => new FakeTAP(StandardId.TAP, url, ctx, name), { override: options.override ?? false });
    },
  });
}

const url = "https://example.org/tap";

describe("createClient", () => {
  it("makes services registered by plugins, by alias, standardID or any TAP fragment", async () => {
    const client = createClient({ plugins: [fakeTap()], transport: fakeTransport() });
    for (const key of ["tap", "TAP", StandardId.TAP, "ivo://ivoa.net/std/TAP#sync-1.0", "ivo://IVOA.net/std/tap"]) {
      const service = client.service(key, url);
      expect(service).toBeInstanceOf(FakeTAP);
      expect(service.baseUrl).toBe(url);
    }
    expect(client.service("tap", new URL(url)).baseUrl).toBe(url);
    expect(client.has("service", "tap")).toBe(true);
    expect(client.has("service", "sia2")).toBe(false);
    expect(client.plugins).toEqual([{ name: "@vo/protocol-tap", version: "0.1.0" }]);
    await client.close();
  });

  it("rejects a relative access URL with ParameterError", () => {
    const client = createClient({ plugins: [fakeTap()], transport: fakeTransport() });
    expect(() => client.service("tap", "/tap")).toThrow(ParameterError);
  });

  it("gives services a context with the client's transport, warning sink and lookups", async () => {
    const transport = fakeTransport();
    const onWarning = vi.fn();
    const client = createClient({ plugins: [fakeTap()], transport, onWarning });
    const { ctx } = client.service("tap", url) as FakeTAP;
    expect(ctx.transport).toBe(client.transport);
    ctx.onWarning({ name: "X", code: "VO_WARN_X", message: "m" });
    expect(onWarning).toHaveBeenCalledOnce();
    expect(ctx.service("tap", url)).toBeInstanceOf(FakeTAP);
    expect(ctx.has("service", "tap")).toBe(true);
    expect(client.service("tap", url).ctx).toBe(ctx); // one context per client
    await ctx.transport.request({ url });
    expect(transport.requests).toHaveLength(1);
  });

  describe("a missing service", () => {
    const client = createClient({ plugins: [fakeTap()], transport: fakeTransport() });

    it("names the standardID, the package and the factory", () => {
      let error: unknown;
      try {
        client.service("ivo://ivoa.net/std/SSA", url);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PluginError);
      const e = error as PluginError;
      expect(e.code).toBe("VO_ERR_PLUGIN_MISSING");
      expect(e.message).toContain("ivo://ivoa.net/std/SSA");
      expect(e.message).toContain("@vo/protocol-ssa");
      expect(e.message).toContain("ssa()");
      expect(e.message).toContain("This client has: TAP");
      expect(e.key).toBe(StandardId.SSA);
      expect(e.packageHint).toBe("@vo/protocol-ssa");
    });

    it.each([
      ["sia2", "@vo/protocol-sia", "sia()"],
      ["ivo://ivoa.net/std/SIA", "@vo/protocol-sia", "sia()"],
      ["scs", "@vo/protocol-scs", "scs()"],
      ["sla", "@vo/protocol-ssa", "ssa()"],
      ["datalink", "@vo/datalink", "datalink()"],
      ["soda", "@vo/datalink", "datalink()"],
      ["ivo://ivoa.net/std/RegTAP#1.0", "@vo/registry", "registry()"],
      ["samp", "@vo/samp", "samp()"],
    ])("%s → %s %s", (key, pkg, factory) => {
      expect(() => client.service(key, url)).toThrow(expect.objectContaining({ code: "VO_ERR_PLUGIN_MISSING", packageHint: pkg, message: expect.stringContaining(factory) }));
    });

    it("says how to add an unknown standard", () => {
      expect(() => client.service("ivo://example.org/std/Echo", url)).toThrow(/no plugin provides the service ivo:\/\/example.org\/std\/Echo: add a plugin/);
    });
  });

  describe("checks plugins", () => {
    it("rejects a plugin for another core version (VO_ERR_PLUGIN_VERSION)", () => {
      const old = definePlugin({ name: "old", version: "3.0.0", core: "^2.0.0", register() {} });
      expect(() => createClient({ plugins: [old], transport: fakeTransport() })).toThrow(
        expect.objectContaining({ code: "VO_ERR_PLUGIN_VERSION", plugin: "old", message: expect.stringContaining(`this is @vo/core ${VERSION}`) }),
      );
    });

    it("rejects a missing dependency (VO_ERR_PLUGIN_DEPENDENCY), naming the factory to add", () => {
      const registry = definePlugin({ name: "@vo/registry", version: "0.1.0", core: `^${VERSION}`, dependencies: ["@vo/protocol-tap"], register() {} });
      expect(() => createClient({ plugins: [registry], transport: fakeTransport() })).toThrow(
        expect.objectContaining({ code: "VO_ERR_PLUGIN_DEPENDENCY", plugin: "@vo/registry", key: "@vo/protocol-tap", message: expect.stringContaining("tap()") }),
      );
      // Present anywhere in the list is enough.
      expect(() => createClient({ plugins: [registry, fakeTap()], transport: fakeTransport() })).not.toThrow();
    });

    it("rejects a plugin listed twice (VO_ERR_PLUGIN_CONFLICT)", () => {
      expect(() => createClient({ plugins: [fakeTap(), fakeTap()], transport: fakeTransport() })).toThrow(
        expect.objectContaining({ code: "VO_ERR_PLUGIN_CONFLICT", plugin: "@vo/protocol-tap" }),
      );
    });

    it("rejects a second registration under a key, naming both plugins", () => {
      let error: unknown;
      try {
        createClient({ plugins: [fakeTap("a"), fakeTap("b")], transport: fakeTransport() });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PluginError);
      expect((error as PluginError).code).toBe("VO_ERR_PLUGIN_CONFLICT");
      expect((error as PluginError).message).toMatch(/plugin "b" registers service ivo:\/\/ivoa.net\/std\/TAP, already registered by plugin "a"/);
    });

    it("detects conflicts after normalisation", () => {
      const sync = definePlugin({ name: "sync", version: "1.0.0", core: "*", register: (r) => r.service("ivo://ivoa.net/std/tap#sync-1.0", () => new FakeService("x", url, {} as ServiceContext, "sync")) });
      expect(() => createClient({ plugins: [fakeTap(), sync], transport: fakeTransport() })).toThrow(expect.objectContaining({ code: "VO_ERR_PLUGIN_CONFLICT" }));
    });

    it("lets a later plugin override", () => {
      const client = createClient({ plugins: [fakeTap("a"), fakeTap("b", { override: true })], transport: fakeTransport() });
      expect((client.service("tap", url) as FakeTAP).by).toBe("b");
    });

    it("rejects things that are not plugins", () => {
      expect(() => createClient({ plugins: [fakeTap] as unknown as Plugin[], transport: fakeTransport() })).toThrow(/call the factory/);
      expect(() => createClient({ plugins: [{}] as unknown as Plugin[], transport: fakeTransport() })).toThrow(ParameterError);
    });

    it("wraps a plugin's non-VOError from register, keeping the cause", () => {
      const boom = new TypeError("boom");
      const bad = definePlugin({ name: "bad", version: "1.0.0", core: "*", register() { throw boom; } });
      expect(() => createClient({ plugins: [bad], transport: fakeTransport() })).toThrow(expect.objectContaining({ message: expect.stringContaining('plugin "bad" failed to register: boom'), cause: boom }));
    });
  });

  it("is frozen: a registry kept past register() refuses calls", () => {
    let kept: Parameters<Plugin["register"]>[0] | undefined;
    const sneaky = definePlugin({ name: "sneaky", version: "1.0.0", core: "*", register: (r) => void (kept = r) });
    const client = createClient({ plugins: [sneaky], transport: fakeTransport() });
    expect(() => kept!.service("ivo://example.org/std/Late", () => new FakeService("x", url, {} as ServiceContext, "x"))).toThrow(VOError);
    expect(client.has("service", "ivo://example.org/std/Late")).toBe(false);
    expect(Object.isFrozen(client)).toBe(true);
  });

  describe("decoders, constraints, models, aliases", () => {
    const decode = async () => "decoded";
    const uat: ConstraintDefinition<string> = {
      keyword: "uat",
      parse: (value) => String(value),
      condition: (value) => ({ text: `res_subject = '${value}'` }),
    };
    const things = definePlugin({
      name: "things",
      version: "1.0.0",
      core: `^${VERSION}`,
      register(r) {
        r.decoder("application/x-votable+xml", decode);
        r.decoder("application/x-votable+xml; serialization=binary2", async () => "binary2");
        r.constraint("uat", uat);
        r.model("ivo://ivoa.net/std/ObsCore#core-1.1", { name: "obscore", ivoids: ["ivo://ivoa.net/std/ObsCore#core-1.1"] });
        r.service("ivo://example.org/std/Echo", (ctx, u) => new FakeService("ivo://example.org/std/Echo", u, ctx, "things"), { aliases: ["echo"] });
      },
    });
    const client = createClient({ plugins: [things], transport: fakeTransport() });

    it("finds decoders by media type, with and without parameters", () => {
      expect(client.decoder("Application/X-VOTable+XML")).toBe(decode);
      expect(client.decoder("application/x-votable+xml;serialization=binary2")).not.toBe(decode);
      expect(client.decoder("application/x-votable+xml; charset=utf-8")).toBe(decode);
      expect(client.has("decoder", "application/x-votable+xml")).toBe(true);
      expect(() => client.decoder("text/html")).toThrow(expect.objectContaining({ code: "VO_ERR_PLUGIN_MISSING", key: "text/html" }));
    });

    it("finds constraints by keyword and models by utype or ivoid", () => {
      expect(client.constraint("uat")).toBe(uat);
      expect(() => client.constraint("waveband")).toThrow(expect.objectContaining({ code: "VO_ERR_PLUGIN_MISSING", packageHint: "@vo/registry" }));
      expect(client.model("IVO://ivoa.net/std/obscore#core-1.1")).toEqual({ name: "obscore", ivoids: ["ivo://ivoa.net/std/ObsCore#core-1.1"] });
      expect(() => client.model("epntap")).toThrow(expect.objectContaining({ code: "VO_ERR_PLUGIN_MISSING" }));
    });

    it("finds services by a plugin's own alias", () => {
      expect(client.service("echo", url).standardId).toBe("ivo://example.org/std/Echo");
      expect(client.service("ECHO", url).standardId).toBe("ivo://example.org/std/Echo");
    });

    it("refuses an alias that is a built-in alias of another standard, unless override", () => {
      const make = (override: boolean) =>
        definePlugin({ name: "grabby", version: "1.0.0", core: "*", register: (r) => r.service("ivo://example.org/std/Mine", (ctx, u) => new FakeService("mine", u, ctx, "grabby"), { aliases: ["tap"], override }) });
      expect(() => createClient({ plugins: [make(false)], transport: fakeTransport() })).toThrow(expect.objectContaining({ code: "VO_ERR_PLUGIN_CONFLICT", key: "tap" }));
      expect(createClient({ plugins: [make(true)], transport: fakeTransport() }).service("tap", url).standardId).toBe("mine");
    });

    it("reports conflicts for decoders, constraints and models too", () => {
      const again = definePlugin({ name: "again", version: "1.0.0", core: "*", register: (r) => r.constraint("uat", uat) });
      expect(() => createClient({ plugins: [things, again], transport: fakeTransport() })).toThrow(/constraint uat, already registered by plugin "things"/);
    });

    it("refuses a constraint definition without parse/condition or registered under another keyword", () => {
      const bad = (definition: object, keyword = "uat") =>
        definePlugin({ name: "bad", version: "1.0.0", core: "*", register: (r) => r.constraint(keyword, definition as ConstraintDefinition) });
      expect(() => createClient({ plugins: [bad({ keyword: "uat" })], transport: fakeTransport() })).toThrow(/constraint uat.*parse\(\) and condition\(\)/);
      expect(() => createClient({ plugins: [bad(uat, "subject")], transport: fakeTransport() })).toThrow(/constraint subject.*keyword .*subject.*received .*uat/);
    });
  });

  describe("transport", () => {
    it("applies interceptors, first registered outermost, and the user agent", async () => {
      const order: string[] = [];
      const tagging = (tag: string) =>
        definePlugin({
          name: tag,
          version: "1.0.0",
          core: "*",
          register: (r) =>
            r.interceptor((next) => async (request) => {
              order.push(tag);
              return next({ ...request, headers: { ...request.headers, [`x-${tag}`]: "1" } });
            }),
        });
      const transport = fakeTransport();
      const client = createClient({ plugins: [tagging("a"), tagging("b")], transport, userAgent: "test/1" });
      const response = await client.transport.request({ url, headers: { accept: "*/*" } });
      expect(await response.text()).toBe("ok");
      expect(order).toEqual(["a", "b"]);
      expect(transport.requests[0]?.headers).toEqual({ accept: "*/*", "user-agent": "test/1", "x-a": "1", "x-b": "1" });
      await client.transport.request({ url, headers: { "User-Agent": "mine" } });
      expect(transport.requests[1]?.headers).toEqual({ "User-Agent": "mine", "x-a": "1", "x-b": "1" });
    });

    it("never closes a transport it was given", async () => {
      const transport = fakeTransport();
      const client = createClient({ plugins: [], transport });
      await client.transport.close(); // a no-op: the client owns closing
      await client.close();
      await client.close();
      expect(transport.closed).toBe(0);
      expect(client.closed).toBe(true);
    });

    it("refuses use after close", async () => {
      const client = createClient({ plugins: [fakeTap()], transport: fakeTransport() });
      await client.close();
      expect(() => client.service("tap", url)).toThrow(/client is closed/);
      await expect(client.transport.request({ url })).rejects.toThrow(/client is closed/);
      expect(client.has("service", "tap")).toBe(false);
    });
  });

  describe("isolation", () => {
    it("keeps two clients apart and tsyringe's global container untouched", async () => {
      const one = createClient({ plugins: [fakeTap("one")], transport: fakeTransport() });
      const two = createClient({ plugins: [fakeTap("two")], transport: fakeTransport() });
      const echo = definePlugin({ name: "echo", version: "1.0.0", core: "*", register: (r) => r.service("ivo://example.org/std/Echo", (ctx, u) => new FakeService("echo", u, ctx, "echo")) });
      const three = createClient({ plugins: [echo], transport: fakeTransport() });
      expect((one.service("tap", url) as FakeTAP).by).toBe("one");
      expect((two.service("tap", url) as FakeTAP).by).toBe("two");
      expect(one.has("service", "ivo://example.org/std/Echo")).toBe(false);
      expect(three.has("service", "tap")).toBe(false);
      expect(one.service("tap", url).ctx).not.toBe(two.service("tap", url).ctx);
      for (const t of [TransportToken, OnWarningToken, ServiceContextToken]) expect(globalContainer.isRegistered(t, true)).toBe(false);
      await Promise.all([one.close(), two.close(), three.close()]);
    });
  });

  describe("with()", () => {
    it("makes a new client with more plugins and leaves the original alone", async () => {
      const transport = fakeTransport();
      const base = createClient({ plugins: [fakeTap()], transport });
      const echo = definePlugin({ name: "echo", version: "1.0.0", core: "*", register: (r) => r.service("ivo://example.org/std/Echo", (ctx, u) => new FakeService("echo", u, ctx, "echo")) });
      const more = base.with({ plugins: [echo] });
      expect(more).not.toBe(base);
      expect(more.has("service", "ivo://example.org/std/Echo")).toBe(true);
      expect(more.has("service", "tap")).toBe(true);
      expect(base.has("service", "ivo://example.org/std/Echo")).toBe(false);
      await more.transport.request({ url });
      expect(transport.requests).toHaveLength(1);
      await more.close();
      expect(base.closed).toBe(false);
      expect(base.service("tap", url)).toBeInstanceOf(FakeTAP);
    });

    it("replaces a plugin of the same name", () => {
      const base = createClient({ plugins: [fakeTap("a")], transport: fakeTransport() });
      const replaced = base.with({ plugins: [fakeTap("a", { override: false })] });
      expect(replaced.plugins.map((p) => p.name)).toEqual(["a"]);
    });

    it("shares the transport it created and closes it with the last client", async () => {
      const closed = vi.fn(async () => {});
      const response = { status: 200, statusText: "OK", url, headers: new Headers(), body: [], cancel: async () => {} };
      const created = { request: vi.fn(async () => response), close: closed } as unknown as Transport;
      vi.doMock("./transport/undici-transport.js", () => ({ createUndiciTransport: () => created }));
      vi.resetModules();
      const { createClient: create } = await import("./client.js");
      const base = create({ plugins: [] });
      const derived = base.with({ plugins: [] });
      await base.transport.request({ url }); // creates the default transport lazily
      await base.close();
      expect(closed).not.toHaveBeenCalled();
      await derived.close();
      expect(closed).toHaveBeenCalledOnce();
      vi.doUnmock("./transport/undici-transport.js");
    });
  });

  it("logs each distinct warning once by default", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const client = createClient({ plugins: [fakeTap()], transport: fakeTransport() });
    const { ctx } = client.service("tap", url) as FakeTAP;
    const warning = { name: "DALOverflowWarning", code: "VO_WARN_OVERFLOW", message: "result truncated at 10 rows", url };
    ctx.onWarning(warning);
    ctx.onWarning({ ...warning });
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it("names a warning's URL once, also when its message already does", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const client = createClient({ plugins: [fakeTap()], transport: fakeTransport() });
    const { ctx } = client.service("tap", url) as FakeTAP;
    const job = `${url}/async/j1`;
    ctx.onWarning({ name: "UWSWarning", code: "VO_WARN_UWS", message: `could not delete job j1: HTTP 500 (${job})`, url: job });
    ctx.onWarning({ name: "UWSWarning", code: "VO_WARN_UWS", message: "lower-case phase", url: job });
    const lines = warn.mock.calls.map((c) => String(c[0]));
    expect(lines.map((l) => l.split(job).length - 1)).toEqual([1, 1]);
    expect(lines[1]).toBe(`UWSWarning VO_WARN_UWS: lower-case phase (${job})`);
    warn.mockRestore();
  });
});

import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { PluginError, createClient, definePlugin } from "@vo/core";
import type { Service } from "@vo/core";
import { ECHO_STANDARD_ID, EchoService, echo, VERSION } from "./index.js";
import { CORE_RANGE } from "./version.js";

let server: Server;
let accessUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const msg = new URL(req.url ?? "/", "http://localhost").searchParams.get("MSG");
    if (msg === null) {
      res.writeHead(400).end("MSG missing");
      return;
    }
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(msg);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  accessUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("a third-party protocol plugin", () => {
  it("registers its service under its standardID and alias", async () => {
    const client = createClient({ plugins: [echo()] });
    expect(client.has("service", ECHO_STANDARD_ID)).toBe(true);
    expect(client.has("service", "echo")).toBe(true);
    expect(client.plugins).toEqual([{ name: "@vo-examples/third-party-plugin", version: VERSION }]);
    await client.close();
  });

  it("is used by a client, over the default transport, against a real HTTP server", async () => {
    const client = createClient({ plugins: [echo()] });
    const service = client.service("echo", accessUrl);
    expectTypeOf(service).toEqualTypeOf<EchoService>();
    expect(service).toBeInstanceOf(EchoService);
    expect(await service.echo("hello VO")).toBe("hello VO");
    expect(client.service("IVO://VO-EXAMPLES.ORG/std/Echo#1.0", accessUrl).baseUrl).toBe(accessUrl);
    await client.close();
  });

  it("conflicts with another plugin registering the same standardID", () => {
    const rival = definePlugin({
      name: "rival-echo",
      version: "1.0.0",
      core: CORE_RANGE,
      register: (r) => r.service(ECHO_STANDARD_ID, (ctx, url): Service => new EchoService(url, ctx)),
    });
    let error: unknown;
    try {
      createClient({ plugins: [echo(), rival] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PluginError);
    expect((error as PluginError).code).toBe("VO_ERR_PLUGIN_CONFLICT");
    expect((error as PluginError).message).toContain('plugin "rival-echo" registers service ivo://vo-examples.org/std/Echo#1.0');
    expect((error as PluginError).message).toContain('already registered by plugin "@vo-examples/third-party-plugin"');
  });

  it("overrides another plugin's registration when asked", async () => {
    class LoudEcho extends EchoService {
      override async echo(message: string): Promise<string> {
        return (await super.echo(message)).toUpperCase();
      }
    }
    const loud = definePlugin<{ echo: LoudEcho }>({
      name: "loud-echo",
      version: "1.0.0",
      core: CORE_RANGE,
      register: (r) => r.service(ECHO_STANDARD_ID, (ctx, url) => new LoudEcho(url, ctx), { override: true }),
    });
    const client = createClient({ plugins: [echo(), loud] });
    expect(await client.service("echo", accessUrl).echo("quiet")).toBe("QUIET");
    await client.close();
    // The plugin's own override option works the same way.
    expect(() => createClient({ plugins: [loud, echo({ override: true })] })).not.toThrow();
  });

  it("reports a missing Echo plugin with its standardID", () => {
    const client = createClient({ plugins: [] });
    expect(() => client.service(ECHO_STANDARD_ID, accessUrl)).toThrow(/no plugin provides the service ivo:\/\/vo-examples.org\/std\/Echo#1.0/);
  });
});

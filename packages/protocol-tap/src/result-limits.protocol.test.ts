/**
 * TAP calls that read a result into memory are bounded (size and total time); streaming calls are not size-limited.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createClient, createFetchTransport, createUndiciTransport, DALServiceError } from "@vo/core";
import type { Transport } from "@vo/core";
import { endlessBody, rejection, startTestServer } from "@vo/testkit";
import type { TestServer } from "@vo/testkit";
import { tap } from "./plugin.js";

const HEAD =
  `<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/><TABLE>` +
  `<FIELD name="id" datatype="long"/><FIELD name="ra" datatype="double"/><DATA><TABLEDATA>`;
const ROWS = "<TR><TD>123456789</TD><TD>10.6847</TD></TR>".repeat(3000);

let server: TestServer | undefined;
let transport: Transport | undefined;
afterEach(async () => {
  await transport?.close();
  await server?.close();
  server = transport = undefined;
});

describe.each([
  ["undici", () => createUndiciTransport({ retries: { max: 0 } })],
  ["fetch", () => createFetchTransport({ retries: { max: 0 } })],
] as const)("TAP sync against an endless result (%s)", (_name, make) => {
  async function service(gzip: boolean) {
    server = await startTestServer({ "/tap/sync": endlessBody(HEAD, ROWS, { gzip }) });
    transport = make();
    return createClient({ plugins: [tap()], transport }).service("tap", `${server.url}/tap`);
  }

  for (const gzip of [false, true]) {
    it(`runSync and search fail with VO_ERR_TOO_LARGE naming streamSync (gzip: ${gzip})`, async () => {
      const tapService = await service(gzip);
      for (const run of [
        () => tapService.runSync("SELECT * FROM t", { maxResultBytes: 2 << 20 }),
        () => tapService.search("SELECT * FROM t", { maxResultBytes: 1 << 20 }),
      ]) {
        const error = await rejection(run());
        expect(error).toBeInstanceOf(DALServiceError);
        expect(error).toMatchObject({ code: "VO_ERR_TOO_LARGE" });
        expect((error as Error).message).toMatch(/streamSync/);
        expect((error as Error).message).toContain(`${server!.url}/tap/sync`);
      }
    });
  }

  it("runSync with no size limit ends at the total timeout", async () => {
    const tapService = await service(false);
    const t0 = performance.now();
    const error = await rejection(tapService.runSync("SELECT * FROM t", { maxResultBytes: Infinity, timeouts: { total: 1200 } }));
    expect(error).toMatchObject({ code: "VO_ERR_TIMEOUT" });
    expect(performance.now() - t0).toBeLessThan(3500);
  });

  it("streamSync reads past the in-memory limit until the total timeout", async () => {
    const tapService = await service(true);
    const stream = await tapService.streamSync("SELECT * FROM t", { maxResultBytes: 1000, timeouts: { total: 1200 } });
    let rows = 0;
    const error = await rejection(
      (async () => {
        for await (const _ of stream) rows++;
      })(),
    );
    expect(error).toMatchObject({ code: "VO_ERR_TIMEOUT" });
    expect(rows).toBeGreaterThan(3000);
  });
});

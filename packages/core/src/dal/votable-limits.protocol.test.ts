/**
 * Issue #12, VOTable items, end to end over HTTP with both transports: a
 * small gzip body that expands to a 1 GiB TABLEDATA cell ends quickly with
 * a typed error; a BINARY/BINARY2 stream cut in a row is an error, never a
 * partial result; an error document's DTD entities are expanded within
 * limits. (The reader's own tests vary chunk sizes; these vary transports
 * and serialisations.)
 */
import { gzipSync } from "node:zlib";
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { DALFormatError, DALQueryError } from "@vo/votable";
import { rejection, respond, startTestServer } from "@vo/testkit";
import type { Routes, TestServer } from "@vo/testkit";
import { createUndiciTransport } from "../transport/undici-transport.js";
import { createFetchTransport } from "../transport/fetch-transport.js";
import type { Transport } from "../transport/types.js";
import { queryResultSet } from "./result-set.js";
import { queryResultStream } from "./result-stream.js";

const VOT = { "content-type": "application/x-votable+xml" };
const HEAD = `<?xml version="1.0"?>\n<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/><TABLE>`;

let server: TestServer | undefined;
let transport: Transport | undefined;
afterEach(async () => {
  await transport?.close();
  await server?.close();
  transport = undefined;
  server = undefined;
});

const TRANSPORTS = [
  ["undici", () => createUndiciTransport({ retries: { max: 0 } })],
  ["fetch", () => createFetchTransport({ retries: { max: 0 } })],
] as const;

async function setup(routes: Routes, make: () => Transport) {
  server = await startTestServer(routes);
  transport = make();
  return { base: server.url, ctx: { transport, onWarning: () => undefined } };
}

/**
 * A gzip body of concatenated members: the document head, `mib` members
 * each expanding to 1 MiB of "a" inside one TD, and the tail: about 1 KiB
 * per MiB expanded.
 */
function gzipBomb(mib: number): { route: (req: unknown, res: ServerResponse) => void } {
  const head = gzipSync(`${HEAD}<FIELD name="s" datatype="char" arraysize="*"/><DATA><TABLEDATA><TR><TD>`);
  const mibOfA = gzipSync(Buffer.alloc(1 << 20, 97), { level: 9 });
  const tail = gzipSync(`</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`);
  return {
    route: (_req, res) => {
      res.writeHead(200, { ...VOT, "content-encoding": "gzip" });
      let i = 0;
      const pump = (): void => {
        while (i < mib) {
          i++;
          if (!res.write(mibOfA)) {
            res.once("drain", pump);
            return;
          }
        }
        res.end(tail);
      };
      res.on("close", () => {
        i = mib + 1;
      });
      res.write(head);
      pump();
    },
  };
}

describe("a small gzip body expanding to a 1 GiB TABLEDATA cell", () => {
  for (const [name, make] of TRANSPORTS) {
    it(`ends quickly with DALFormatError VO_LIMIT_CELL_BYTES at the default 256 MiB limit (${name} transport)`, async () => {
      const bomb = gzipBomb(1024);
      const { base, ctx } = await setup({ "/sync": bomb.route }, make);
      // Read into memory (with the result-size limit out of the way) and streamed: the cell limit ends both.
      for (const read of [
        () => queryResultSet(ctx, `${base}/sync`, {}, { maxResultBytes: 2 ** 31 }),
        async () => {
          for await (const rec of await queryResultStream(ctx, `${base}/sync`)) void rec;
        },
      ]) {
        const t0 = performance.now();
        const err = await rejection(read());
        expect(err).toBeInstanceOf(DALFormatError);
        expect((err as DALFormatError).reason).toBe("VO_LIMIT_CELL_BYTES");
        expect((err as DALFormatError).message).toMatch(/maxCellBytes/);
        expect(performance.now() - t0).toBeLessThan(25_000);
      }
    }, 60_000);
  }
});

/** A BINARY/BINARY2 document of an int and a variable string per row, its rows cut after `cut` bytes. */
function binaryDoc(tag: "BINARY" | "BINARY2", cut: number): string {
  const row = (a: number, s: string): number[] => [...(tag === "BINARY2" ? [0] : []), 0, 0, 0, a, 0, 0, 0, s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  const bytes = [...row(1, "one"), ...row(2, "two"), ...row(3, "three")].slice(0, cut);
  return `${HEAD}<FIELD name="a" datatype="int"/><FIELD name="s" datatype="char" arraysize="*"/><DATA><${tag}><STREAM encoding="base64">${Buffer.from(bytes).toString("base64")}</STREAM></${tag}></DATA></TABLE></RESOURCE></VOTABLE>`;
}

describe("a BINARY/BINARY2 stream cut inside a row", () => {
  for (const [name, make] of TRANSPORTS) {
    for (const tag of ["BINARY", "BINARY2"] as const) {
      for (const cut of [6, 14, 30]) {
        it(`${tag} cut after ${cut} bytes: DALFormatError, no partial ResultSet; the stream throws after the whole rows (${name})`, async () => {
          const { base, ctx } = await setup({ "/sync": respond(200, binaryDoc(tag, cut), VOT) }, make);
          const err = await rejection(queryResultSet(ctx, `${base}/sync`));
          expect(err).toBeInstanceOf(DALFormatError);
          expect((err as DALFormatError).message).toMatch(/STREAM ends in the middle of a row/);
          const seen: unknown[] = [];
          const streamErr = await rejection(
            (async () => {
              const stream = await queryResultStream(ctx, `${base}/sync`);
              for await (const rec of stream) seen.push(rec.get("a"));
            })(),
          );
          expect(streamErr).toBeInstanceOf(DALFormatError);
          expect(seen.length).toBeLessThan(3);
        });
      }
    }
  }
});

describe("DTD entities in an error document", () => {
  const errorDoc = (subset: string, message: string): string =>
    `<?xml version="1.0"?>\n<!DOCTYPE VOTABLE [${subset}]>\n<VOTABLE version="1.4"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="ERROR">${message}</INFO></RESOURCE></VOTABLE>`;
  for (const [name, make] of TRANSPORTS) {
    it(`an internal entity in the message is expanded; billion laughs is refused at once (${name})`, async () => {
      const laughs = [`<!ENTITY lol "lol">`, ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? "" : i};`.repeat(10)}">`)].join("");
      const { base, ctx } = await setup({
        "/ok": respond(200, errorDoc(`<!ENTITY table "ivoa.obscore">`, "no such table: &table;"), VOT),
        "/bomb": respond(200, errorDoc(laughs, "&lol9;"), VOT),
        "/xxe": respond(200, errorDoc(`<!ENTITY xxe SYSTEM "file:///etc/passwd">`, "failed: &xxe;"), VOT),
      }, make);
      const q = await rejection(queryResultSet(ctx, `${base}/ok`));
      expect(q).toBeInstanceOf(DALQueryError);
      expect((q as DALQueryError).message).toContain("no such table: ivoa.obscore");
      const t0 = performance.now();
      const b = await rejection(queryResultSet(ctx, `${base}/bomb`));
      expect(b).toBeInstanceOf(DALFormatError);
      expect((b as DALFormatError).reason).toBe("VO_LIMIT_ENTITIES");
      expect(performance.now() - t0).toBeLessThan(2000);
      const x = await rejection(queryResultSet(ctx, `${base}/xxe`));
      expect(x).toBeInstanceOf(DALQueryError);
      expect((x as DALQueryError).message).not.toContain("root:");
    });
  }
});

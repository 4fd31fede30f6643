import { describe, expect, it } from "vitest";
import { openVOTable } from "./open-votable.js";
import { parseVOTable } from "./parse-votable.js";
import type { Row } from "./model.js";

function bigDoc(n: number, trailer = `<INFO name="QUERY_STATUS" value="OVERFLOW"/>`): string {
  let rows = "";
  for (let i = 0; i < n; i++) rows += `<TR><TD>${i}</TD><TD>${i * 0.5}</TD><TD>s${i}</TD></TR>\n`;
  return `<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
<RESOURCE type="meta"><PARAM name="accessURL" datatype="char" arraysize="*" value="http://x"/></RESOURCE>
<RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/>
<TABLE name="t"><FIELD name="i" datatype="long"/><FIELD name="x" datatype="double"/><FIELD name="s" datatype="char" arraysize="*"/>
<DATA><TABLEDATA>
${rows}</TABLEDATA></DATA></TABLE>${trailer}</RESOURCE>
<INFO name="end" value="1"/>
</VOTABLE>`;
}

function* chunks(text: string, size: number): Generator<Uint8Array> {
  const b = new TextEncoder().encode(text);
  for (let i = 0; i < b.length; i += size) yield b.slice(i, i + size);
}

describe("openVOTable", () => {
  it("streams the result table's rows and finish() sees the trailing INFO", async () => {
    let pulled = 0;
    const text = bigDoc(5000);
    const source = (function* () {
      for (const c of chunks(text, 4096)) {
        pulled++;
        yield c;
      }
    })();
    const r = await openVOTable(source);
    expect(r.table!.name).toBe("t");
    expect(r.resource!.type).toBe("results");
    expect(r.table!.fields.map((f) => f.name)).toEqual(["i", "x", "s"]);
    expect(pulled).toBeLessThan(3);
    const rows: Row[] = [];
    for await (const row of r.rows()) rows.push(row);
    expect(rows.length).toBe(5000);
    expect(rows[4999]).toEqual([4999n, 2499.5, "s4999"]);
    const meta = await r.finish();
    expect(meta.resources[1]!.infos.map((i) => i.value)).toEqual(["OK", "OVERFLOW"]);
    expect(meta.infos.map((i) => i.name)).toEqual(["end"]);
  });

  it("gives the same rows as parseVOTable, BINARY2 included, in small chunks", async () => {
    const bytes = new Uint8Array(12 * 300);
    const dv = new DataView(bytes.buffer);
    for (let i = 0; i < 300; i++) {
      dv.setUint8(i * 12, i % 3 === 0 ? 0x80 : 0);
      dv.setInt32(i * 12 + 1, i);
      dv.setFloat32(i * 12 + 5, i / 4);
      dv.setUint8(i * 12 + 9, 84);
      dv.setInt16(i * 12 + 10, -i);
    }
    const text = `<VOTABLE version="1.3"><RESOURCE><TABLE><FIELD name="a" datatype="int"/><FIELD name="b" datatype="float"/><FIELD name="c" datatype="boolean"/><FIELD name="d" datatype="short"/>
<DATA><BINARY2><STREAM encoding="base64">${Buffer.from(bytes).toString("base64").replace(/(.{76})/g, "$1\n")}</STREAM></BINARY2></DATA></TABLE></RESOURCE></VOTABLE>`;
    const whole = [...(await parseVOTable(text)).tables[0]!.rows()];
    const r = await openVOTable(chunks(text, 37));
    const streamed: Row[] = [];
    for await (const row of r.rows()) streamed.push(row);
    expect(streamed).toEqual(whole);
    expect(streamed[3]).toEqual([null, 0.75, true, -3]);
  });

  it("resolves without a table for a document that has none", async () => {
    const r = await openVOTable(`<VOTABLE><RESOURCE type="results"><INFO name="QUERY_STATUS" value="ERROR">bad query</INFO></RESOURCE></VOTABLE>`);
    expect(r.table).toBeUndefined();
    const rows: Row[] = [];
    for await (const row of r.rows()) rows.push(row);
    expect(rows).toEqual([]);
    expect((await r.finish()).resources[0]!.infos[0]!.content).toBe("bad query");
  });

  it("cancel() stops reading and releases the source", async () => {
    let released = false;
    const source = (function* () {
      try {
        yield* chunks(bigDoc(20000), 1000);
      } finally {
        released = true;
      }
    })();
    const r = await openVOTable(source);
    let n = 0;
    for await (const _row of r.rows()) {
      if (++n === 10) await r.cancel();
    }
    expect(released).toBe(true);
    expect(n).toBeLessThan(20000);
  });

  it("aborts with the signal's reason", async () => {
    const ac = new AbortController();
    const r = await openVOTable(chunks(bigDoc(20000), 1000), { signal: ac.signal });
    const reason = new Error("enough");
    const run = (async () => {
      let n = 0;
      for await (const _row of r.rows()) if (++n === 5) ac.abort(reason);
    })();
    await expect(run).rejects.toBe(reason);
  });
});

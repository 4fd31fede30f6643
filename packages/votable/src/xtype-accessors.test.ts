import { describe, expect, it } from "vitest";
import { asCircle, asInterval, asPoint, asPolygon, asTimestamp } from "./xtype-accessors.js";
import { parseVOTable } from "./parse-votable.js";
import { openVOTable } from "./open-votable.js";
import type { Row } from "./model.js";

describe("xtype accessors", () => {
  it("reads timestamps as UTC dates", () => {
    expect(asTimestamp("2016-01-12T12:34:56.789")?.toISOString()).toBe("2016-01-12T12:34:56.789Z");
    expect(asTimestamp("2016-01-12")?.toISOString()).toBe("2016-01-12T00:00:00.000Z");
    expect(asTimestamp("2016-01-12T01:00:00+01:00")?.toISOString()).toBe("2016-01-12T00:00:00.000Z");
    expect(asTimestamp("yesterday")).toBeUndefined();
    expect(asTimestamp(null)).toBeUndefined();
  });
  it("reads points, circles, polygons and intervals from strings or arrays", () => {
    expect(asPoint(new Float64Array([10, 20]))).toEqual({ ra: 10, dec: 20 });
    expect(asPoint("10 20")).toEqual({ ra: 10, dec: 20 });
    expect(asCircle(new Float64Array([10, 20, 0.5]))).toEqual({ ra: 10, dec: 20, radius: 0.5 });
    expect(asPolygon("0 0 1 0 1 1")).toEqual([{ ra: 0, dec: 0 }, { ra: 1, dec: 0 }, { ra: 1, dec: 1 }]);
    expect(asInterval(new Float64Array([1, 2]))).toEqual([1, 2]);
    expect(asPoint("1 2 3")).toBeUndefined();
    expect(asPolygon("0 0 1")).toBeUndefined();
  });
});

describe("xtype columns through the reader", () => {
  const NS = 'xmlns="http://www.ivoa.net/xml/VOTable/v1.3"';
  const FIELDS = [
    `<FIELD name="ts" datatype="char" arraysize="*" xtype="timestamp"/>`,
    `<FIELD name="pos" datatype="double" arraysize="2" xtype="point" unit="deg"/>`,
    `<FIELD name="circ" datatype="double" arraysize="3" xtype="circle" unit="deg"/>`,
    `<FIELD name="poly" datatype="float" arraysize="*" xtype="polygon" unit="deg"/>`,
    `<FIELD name="iv" datatype="double" arraysize="2" xtype="interval"/>`,
    `<FIELD name="moc" datatype="char" arraysize="*" xtype="moc"/>`,
  ].join("\n");
  const doc = (data: string): string =>
    `<?xml version="1.0"?>\n<VOTABLE version="1.4" ${NS}>\n<RESOURCE type="results">\n<TABLE>\n${FIELDS}\n<DATA>${data}</DATA>\n</TABLE>\n</RESOURCE>\n</VOTABLE>\n`;
  const MOC = "3/1-3 5 4/80";

  const tabledata = doc(`<TABLEDATA>
<TR><TD>2016-01-12T12:34:56.789</TD><TD>10.5 -20.25</TD><TD>10 20 0.5</TD><TD>0 0 1 0 1 1</TD><TD>51544.5 51545</TD><TD>${MOC}</TD></TR>
<TR><TD/><TD/><TD/><TD/><TD/><TD/></TR>
</TABLEDATA>`);

  function binary2(): string {
    const out: number[] = [];
    const put = (n: number, f: (dv: DataView) => void): void => {
      const dv = new DataView(new ArrayBuffer(n));
      f(dv);
      out.push(...new Uint8Array(dv.buffer));
    };
    const chars = (s: string): void => { put(4, (d) => d.setUint32(0, s.length)); for (const ch of s) out.push(ch.charCodeAt(0)); };
    const doubles = (...v: number[]): void => { for (const x of v) put(8, (d) => d.setFloat64(0, x)); };
    // Row 1: every cell set.
    out.push(0);
    chars("2016-01-12T12:34:56.789");
    doubles(10.5, -20.25);
    doubles(10, 20, 0.5);
    put(4, (d) => d.setUint32(0, 6));
    for (const x of [0, 0, 1, 0, 1, 1]) put(4, (d) => d.setFloat32(0, x));
    doubles(51544.5, 51545);
    chars(MOC);
    // Row 2: every cell null (flags of the six columns).
    out.push(0b11111100);
    chars("");
    doubles(Number.NaN, Number.NaN);
    doubles(Number.NaN, Number.NaN, Number.NaN);
    put(4, (d) => d.setUint32(0, 0));
    doubles(Number.NaN, Number.NaN);
    chars("");
    return doc(`<BINARY2><STREAM encoding="base64">\n${Buffer.from(out).toString("base64")}\n</STREAM></BINARY2>`);
  }

  function check(rows: Row[], empty: Row): void {
    expect(rows).toHaveLength(2);
    const [ts, pos, circ, poly, iv, moc] = rows[0]!;
    // Raw values as read.
    expect(ts).toBe("2016-01-12T12:34:56.789");
    expect(pos).toEqual(new Float64Array([10.5, -20.25]));
    expect(circ).toEqual(new Float64Array([10, 20, 0.5]));
    expect(poly).toEqual(new Float32Array([0, 0, 1, 0, 1, 1]));
    expect(iv).toEqual(new Float64Array([51544.5, 51545]));
    expect(moc).toBe(MOC);
    // Typed views of them.
    expect(asTimestamp(ts!)?.toISOString()).toBe("2016-01-12T12:34:56.789Z");
    expect(asPoint(pos!)).toEqual({ ra: 10.5, dec: -20.25 });
    expect(asCircle(circ!)).toEqual({ ra: 10, dec: 20, radius: 0.5 });
    expect(asPolygon(poly!)).toEqual([{ ra: 0, dec: 0 }, { ra: 1, dec: 0 }, { ra: 1, dec: 1 }]);
    expect(asInterval(iv!)).toEqual([51544.5, 51545]);
    // Null (BINARY2 flags) or empty (TABLEDATA) cells: no typed view.
    expect(rows[1]).toEqual(empty);
    const [nts, npos, ncirc, npoly, niv] = rows[1]!;
    expect([asTimestamp(nts!), asPoint(npos!), asCircle(ncirc!), asPolygon(npoly!), asInterval(niv!)]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  }

  const cases: [string, string, Row][] = [
    // Empty TDs: "" for strings and an empty variable array, null for fixed arrays.
    ["TABLEDATA", tabledata, ["", null, null, new Float32Array(0), null, ""]],
    ["BINARY2", binary2(), [null, null, null, null, null, null]],
  ];
  for (const [name, text, empty] of cases) {
    it(`reads ${name} xtype cells the accessors interpret, raw values kept`, async () => {
      const d = await parseVOTable(text);
      expect(d.warnings).toEqual([]);
      const t = d.resultTable()!;
      expect(t.meta.serialization).toBe(name);
      expect(t.fields.map((f) => f.xtype)).toEqual(["timestamp", "point", "circle", "polygon", "interval", "moc"]);
      check([...t.rows()], empty);
      // Column access gives the same cells.
      expect(asPoint(t.column("pos")!.get(0))).toEqual({ ra: 10.5, dec: -20.25 });
      expect(t.column("moc")!.get(0)).toBe(MOC);

      const r = await openVOTable(text);
      const streamed: Row[] = [];
      for await (const row of r.rows()) streamed.push(row);
      await r.finish();
      check(streamed, empty);
    });
  }
});

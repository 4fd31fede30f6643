/**
 * Internal DTD entities are expanded everywhere a VOTable can use them
 * (text, attributes, TABLEDATA cells), with limits that keep billion-laughs
 * and quadratic-blowup documents harmless; external entities are never
 * fetched (issue #12).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { parseVOTable } from "./parse-votable.js";
import { openVOTable } from "./open-votable.js";
import { DALFormatError } from "./errors.js";
import { EntityTable, ENTITY_LIMITS } from "./dtd-entities.js";
import type { Row } from "./model.js";

const enc = new TextEncoder();

const doc = (subset: string, body: string): string => `<?xml version="1.0"?>
<!DOCTYPE VOTABLE [
${subset}
]>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
<RESOURCE type="results">
${body}
</RESOURCE>
</VOTABLE>
`;

/** Chunks of `size` bytes. */
const chunks = (text: string, size: number): Uint8Array[] => {
  const b = enc.encode(text);
  return Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, i * size + size));
};

const DECLS = `<!ENTITY star "Vega">
<!-- <!ENTITY star "not this one, a comment"> -->
<!ENTITY cat 'the &star; catalogue &#169; &amp; more'>
<!ENTITY deep "[&cat;]">
<!ENTITY star "the second declaration is ignored">`;

const TABLE = `<INFO name="QUERY_STATUS" value="OK">about &star;</INFO>
<TABLE name="&star;">
<DESCRIPTION>rows of &deep;</DESCRIPTION>
<PARAM name="p" datatype="char" arraysize="*" value="&cat;"/>
<FIELD name="name" datatype="char" arraysize="*"/>
<FIELD name="n" datatype="int"/>
<DATA><TABLEDATA>
<TR><TD>&star;</TD><TD>1</TD></TR>
<TR><TD>x&deep;y</TD><TD>2</TD></TR>
<TR><TD><![CDATA[&star;]]></TD><TD>3</TD></TR>
</TABLEDATA></DATA>
</TABLE>`;

describe("internal DTD entities are expanded", () => {
  for (const size of [1, 7, 64, 1 << 20]) {
    it(`in attributes, text, PARAM values and TABLEDATA cells (chunks of ${size} bytes)`, async () => {
      const d = await parseVOTable(chunks(doc(DECLS, TABLE), size));
      const t = d.tables[0]!;
      expect(d.warnings).toEqual([]);
      expect(t.meta.name).toBe("Vega");
      expect(t.meta.description).toBe("rows of [the Vega catalogue © & more]");
      expect(t.meta.params[0]!.parsed).toBe("the Vega catalogue © & more");
      expect(d.meta.resources[0]!.infos[0]!.content).toBe("about Vega");
      expect([...t.rows()]).toEqual([["Vega", 1], ["x[the Vega catalogue © & more]y", 2], ["&star;", 3]]);
      const r = await openVOTable(chunks(doc(DECLS, TABLE), size));
      const rows: Row[] = [];
      for await (const row of r.rows()) rows.push(row);
      expect(rows.map((x) => x[0])).toEqual(["Vega", "x[the Vega catalogue © & more]y", "&star;"]);
    });
  }

  it("a reference to an undeclared entity is a VO_WARN_VOTABLE_ENTITY warning, kept as text", async () => {
    const d = await parseVOTable(doc(`<!ENTITY a "A">`, `<TABLE><FIELD name="s" datatype="char" arraysize="*"/><DATA><TABLEDATA><TR><TD>&b;</TD></TR></TABLEDATA></DATA></TABLE>`));
    expect(d.tables[0]!.row(0)).toEqual(["&b;"]);
    expect(d.warnings.map((w) => w.code)).toEqual(["VO_WARN_VOTABLE_ENTITY"]);
  });

  it("parameter entities are not expanded: their declarations are ignored with a warning", async () => {
    const d = await parseVOTable(doc(`<!ENTITY % pe "<!ENTITY x 'y'>"> %pe; <!ENTITY a "A">`, `<INFO name="i" value="&a;"/>`));
    expect(d.meta.resources[0]!.infos[0]!.value).toBe("A");
    expect(d.warnings.map((w) => w.code)).toEqual(["VO_WARN_VOTABLE_ENTITY"]);
  });
});

/** Billion laughs: lol9 would expand to 3 billion characters. */
const LAUGHS = [`<!ENTITY lol "lol">`, ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? "" : i};`.repeat(10)}">`)].join("\n");

describe("entity expansion is bounded", () => {
  const places = [
    ["a TABLEDATA cell", `<TABLE><FIELD name="s" datatype="char" arraysize="*"/><DATA><TABLEDATA><TR><TD>&lol9;</TD></TR></TABLEDATA></DATA></TABLE>`],
    ["an attribute", `<INFO name="i" value="&lol9;"/>`],
    ["element text", `<INFO name="i" value="v">&lol9;</INFO>`],
    ["a PARAM value", `<PARAM name="p" datatype="char" arraysize="*" value="&lol9;"/>`],
  ] as const;
  for (const [where, body] of places) {
    for (const size of [13, 1 << 20]) {
      it(`billion laughs used in ${where} (chunks of ${size}) ends at once with DALFormatError VO_LIMIT_ENTITIES`, async () => {
        const t0 = performance.now();
        for (const strict of [false, true]) {
          const err = await parseVOTable(chunks(doc(LAUGHS, body), size), { strict }).then(() => undefined, (e: unknown) => e);
          expect(err).toBeInstanceOf(DALFormatError);
          expect((err as DALFormatError).reason).toBe("VO_LIMIT_ENTITIES");
          expect((err as DALFormatError).message).toMatch(/&lol\d; expands to more than/);
        }
        expect(performance.now() - t0).toBeLessThan(2000);
      });
    }
  }

  it("quadratic blowup (one large entity used many times) stops at the document's total", async () => {
    const big = "x".repeat(ENTITY_LIMITS.maxLength - 10);
    const uses = `<TR><TD>&big;</TD></TR>`.repeat(Math.ceil(ENTITY_LIMITS.maxTotal / big.length) + 2);
    const text = doc(`<!ENTITY big "${big}">`, `<TABLE><FIELD name="s" datatype="char" arraysize="*"/><DATA><TABLEDATA>${uses}</TABLEDATA></DATA></TABLE>`);
    const err = await parseVOTable(text).then(() => undefined, (e: unknown) => e);
    expect((err as DALFormatError).reason).toBe("VO_LIMIT_ENTITIES");
    expect((err as DALFormatError).message).toMatch(/entity expansion passes/);
  }, 30_000);

  it("an entity that refers to itself, directly or through others, is refused", async () => {
    for (const decls of [`<!ENTITY a "x&a;">`, `<!ENTITY a "&b;"><!ENTITY b "&c;"><!ENTITY c "&a;">`]) {
      const err = await parseVOTable(doc(decls, `<INFO name="i" value="&a;"/>`)).then(() => undefined, (e: unknown) => e);
      expect((err as DALFormatError).reason).toBe("VO_LIMIT_ENTITIES");
      expect((err as DALFormatError).message).toMatch(/refers to itself/);
    }
  });

  it("nesting deeper than the limit is refused", () => {
    const n = ENTITY_LIMITS.maxDepth + 3;
    const decls = Array.from({ length: n }, (_, i) => `<!ENTITY e${i} "${i === n - 1 ? "end" : `&e${i + 1};`}">`).join("");
    const table = new EntityTable(`VOTABLE [${decls}]`, { warn: () => undefined, external: () => "" });
    expect(() => table.resolve("e0")).toThrow(/nested deeper/);
    expect(table.resolve(`e${n - 5}`)).toBe("end");
  });
});

describe("external entities are never fetched", () => {
  it("SYSTEM and PUBLIC entities (file and http) read as &name; with a warning; no request is made", async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end("secret");
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    try {
      const decls = `<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY web PUBLIC "-//X//Y" "${url}"><!ENTITY % remote SYSTEM "${url}"> %remote;`;
      const body = `<INFO name="QUERY_STATUS" value="ERROR">failed: &xxe; &web;</INFO><TABLE><FIELD name="s" datatype="char" arraysize="*"/><DATA><TABLEDATA><TR><TD>&web;</TD></TR></TABLEDATA></DATA></TABLE>`;
      const d = await parseVOTable(doc(decls, body));
      expect(d.meta.resources[0]!.infos[0]!.content).toBe("failed: &xxe; &web;");
      expect(d.tables[0]!.row(0)).toEqual(["&web;"]);
      expect(d.warnings.every((w) => w.code === "VO_WARN_VOTABLE_ENTITY")).toBe(true);
      expect(d.warnings.some((w) => /never fetched/.test(w.message))).toBe(true);
      const err = await parseVOTable(doc(decls, body), { strict: true }).then(() => undefined, (e: unknown) => e);
      expect((err as DALFormatError).reason).toBe("VO_WARN_VOTABLE_ENTITY");
      await new Promise((done) => setTimeout(done, 50));
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });
});

import { describe, expect, it } from "vitest";
import { comparePeer, splitByResource } from "./peers.js";
import type { Field } from "../model.js";

describe("peer conformance helpers", () => {
  it("splits a multi-table document by top-level RESOURCE, nested ones kept, table-less ones dropped", () => {
    const head = `<?xml version='1.0'?>\n<VOTABLE version="1.4">\n`;
    const a = `<RESOURCE><TABLE name="a"/><RESOURCE type="meta"><PARAM name="p" value="1"/></RESOURCE></RESOURCE>`;
    const none = `<RESOURCE><INFO name="x" value="y"/></RESOURCE>`;
    const b = `<RESOURCE name="b">\n<TABLE name="b"><DATA/></TABLE>\n</RESOURCE>`;
    const parts = splitByResource(`${head}${a}\n${none}\n${b}\n</VOTABLE>\n`);
    expect(parts).toEqual([`${head}${a}\n</VOTABLE>\n`, `${head}${b}\n</VOTABLE>\n`]);
  });

  it("compares every table cell by cell, with astropy's stripped TABLEDATA strings and unmasked NaN allowed", () => {
    const fields: Field[] = [{ name: "s", datatype: "char", arraysize: "*" }, { name: "f", datatype: "float" }, { name: "l", datatype: "long" }];
    const outcome = { ok: true as const, tables: [{ rows: 2, fields, cells: [[" a ", null, 9007199254740993n], ["b", 1.5, 1n]] }] };
    expect(comparePeer(outcome, { tables: [{ fields: ["s", "f", "l"], rows: [["a", "NaN", "9007199254740993"], ["b", 1.5, 1]] }] })).toEqual([]);
    expect(comparePeer(outcome, { tables: [{ fields: ["s", "f", "l"], rows: [["a", 2, "9007199254740992"], ["b", 1.5, 1]] }] })).toEqual([
      "table 0 row 0 f: got null, astropy 2",
      "table 0 row 0 l: got 9007199254740993n, astropy \"9007199254740992\"",
    ]);
    expect(comparePeer(outcome, { tables: [] })).toEqual(["1 tables, astropy 0"]);
    expect(comparePeer({ ok: false, error: { name: "DALFormatError", message: "bad" } }, { tables: [] })).toEqual(["DALFormatError: bad"]);
  });
});

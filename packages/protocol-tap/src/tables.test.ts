import { describe, expect, it, vi } from "vitest";
import { DALFormatError, ParameterError } from "@vo/votable";
import { parseVOSITable, parseVOSITables, VOSITables } from "./tables.js";
import type { ParseWarning } from "@vo/core";

const TABLESET = `<?xml version="1.0"?>
<vtm:tableset xmlns:vtm="http://www.ivoa.net/xml/VOSITables/v1.0" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <schema>
    <name>ivoa</name><description>IVOA standard tables</description>
    <table type="view">
      <name>ivoa.obscore</name><title>ObsCore</title><description>Observations</description>
      <utype>ivo://ivoa.net/std/obscore#table-1.1</utype><nrows>1234</nrows>
      <column std="true">
        <name>obs_id</name><description>Observation id</description><ucd>meta.id</ucd>
        <utype>obscore:DataID.observationID</utype>
        <dataType xsi:type="vs:VOTableType" arraysize="*">char</dataType>
        <flag>indexed</flag><flag>primary</flag>
      </column>
      <column>
        <name>s_ra</name><unit>deg</unit><ucd>pos.eq.ra</ucd>
        <dataType xsi:type="vs:VOTableType">double</dataType><flag>nullable</flag>
      </column>
      <column>
        <name>s_region</name>
        <dataType xsi:type="vs:VOTableType" arraysize="*" extendedType="adql:REGION">char</dataType>
      </column>
      <foreignKey><targetTable>ivoa.other</targetTable>
        <fkColumn><fromColumn>obs_id</fromColumn><targetColumn>id</targetColumn></fkColumn>
        <description>link</description></foreignKey>
    </table>
    <table><name>ivoa.lazy</name></table>
  </schema>
</vtm:tableset>`;

describe("parseVOSITables", () => {
  it("reads schemas, tables, columns, datatypes, flags and foreign keys", () => {
    const [schema] = parseVOSITables(TABLESET);
    expect(schema!.name).toBe("ivoa");
    expect(schema!.description).toBe("IVOA standard tables");
    const t = schema!.tables[0]!;
    expect(t).toMatchObject({ name: "ivoa.obscore", schema: "ivoa", type: "view", nrows: 1234, title: "ObsCore" });
    expect(t.columns[0]).toEqual({
      name: "obs_id",
      description: "Observation id",
      unit: undefined,
      ucd: "meta.id",
      utype: "obscore:DataID.observationID",
      datatype: { name: "char", kind: "VOTableType", arraysize: "*", xtype: undefined, delim: " ", size: undefined },
      flags: ["indexed", "primary"],
      indexed: true,
      primary: true,
      nullable: false,
      std: true,
    });
    expect(t.columns[1]).toMatchObject({ name: "s_ra", unit: "deg", nullable: true, indexed: false });
    // VODataService schema defaults for what the document leaves out (as pyVO reports them)
    expect(t.columns[1]!.datatype).toMatchObject({ name: "double", arraysize: "1", delim: " " });
    expect(t.columns[2]!.datatype?.xtype).toBe("adql:REGION");
    expect(t.foreignKeys).toEqual([
      { targetTable: "ivoa.other", columns: [{ from: "obs_id", target: "id" }], description: "link", utype: undefined },
    ]);
  });

  it("reads a single table document, even with an undeclared xsi prefix", () => {
    const warnings: ParseWarning[] = [];
    const t = parseVOSITable(
      `<table><name>a.b</name><column><name>c</name><dataType xsi:type="vs:TAPType" size="-1" arraysize="x">VARCHAR</dataType><flag>prmary</flag></column></table>`,
      { onWarning: (w) => warnings.push(w) },
    );
    expect(t.columns[0]!.datatype).toMatchObject({ name: "VARCHAR", kind: "TAPType", size: undefined });
    const text = warnings.map((w) => w.message).join("\n");
    expect(text).toMatch(/prefix "xsi"/);
    expect(text).toMatch(/unknown column flag "prmary"/);
    expect(text).toMatch(/negative size/);
    expect(text).toMatch(/arraysize "x"/);
  });

  it("rejects missing mandatory names with their location", () => {
    expect(() => parseVOSITables(`<tableset><schema><name>s</name>\n<table><title>x</title></table></schema></tableset>`)).toThrow(
      /table without name \(line 2.*tableset\/schema\/table/,
    );
    expect(() => parseVOSITables(`<tableset><schema><table><name>t</name><column/></table></schema></tableset>`)).toThrow(
      /column without name/,
    );
    expect(() =>
      parseVOSITables(
        `<tableset><schema><table><name>t</name><foreignKey><targetTable>u</targetTable><fkColumn><fromColumn>a</fromColumn></fkColumn></foreignKey></table></schema></tableset>`,
      ),
    ).toThrow(DALFormatError);
    expect(() => parseVOSITables(`<capabilities/>`)).toThrow(/expected a <tableset> or <table>/);
  });
});

describe("VOSITables", () => {
  it("fetches omitted columns once per table and caches them", async () => {
    const fetchTable = vi.fn(async (name: string) => parseVOSITable(`<table><name>${name}</name><column><name>x</name></column></table>`));
    const tables = new VOSITables(parseVOSITables(TABLESET), fetchTable);
    expect(tables.names()).toEqual(["ivoa.obscore", "ivoa.lazy"]);
    expect(tables.size).toBe(2);
    expect(tables.has("IVOA.LAZY")).toBe(true);
    expect((await tables.get("ivoa.obscore")).columns).toHaveLength(3);
    expect(fetchTable).not.toHaveBeenCalled();
    const [a, b] = await Promise.all([tables.get("ivoa.lazy"), tables.get("ivoa.lazy")]);
    expect(a.columns.map((c) => c.name)).toEqual(["x"]);
    expect(a.schema).toBe("ivoa");
    expect(b).toBe(a);
    await tables.get("ivoa.lazy");
    expect(fetchTable).toHaveBeenCalledTimes(1);
    await expect(tables.get("nope")).rejects.toBeInstanceOf(ParameterError);
  });
});

import { describe, expect, it } from "vitest";
import { DALFormatError } from "@vo/votable";
import { featureTypeId, parseCapabilities, parseCapabilityList } from "./capabilities.js";

const CAPS = `<?xml version="1.0"?>
<cap:capabilities xmlns:cap="http://www.ivoa.net/xml/VOSICapabilities/v1.0" xmlns:tr="http://www.ivoa.net/xml/TAPRegExt/v1.0"
  xmlns:vod="http://www.ivoa.net/xml/VODataService/v1.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <capability standardID="ivo://ivoa.net/std/VOSI#tables">
    <interface xsi:type="vod:ParamHTTP" version="1.1"><accessURL use="full">http://x/tap/tables</accessURL>
      <securityMethod standardID="ivo://ivoa.net/sso#BasicAA"/><securityMethod/></interface>
  </capability>
  <capability standardID="ivo://ivoa.net/std/TAP" xsi:type="tr:TableAccess">
    <description>My TAP</description>
    <interface role="std" version="1.1" xsi:type="vod:ParamHTTP"><accessURL use="base">http://x/tap</accessURL></interface>
    <dataModel ivo-id="ivo://ivoa.net/std/ObsCore#core-1.1">ObsCore-1.1</dataModel>
    <language>
      <name>ADQL</name>
      <version ivo-id="ivo://ivoa.net/std/ADQL#v2.0">2.0</version>
      <version ivo-id="ivo://ivoa.net/std/ADQL#v2.1">2.1</version>
      <languageFeatures type="ivo://ivoa.net/std/TAPRegExt#features-udf">
        <feature><form>ivo_hasword(haystack TEXT, needle TEXT) -&gt; INTEGER</form><description>word match</description></feature>
        <feature><form>gavo_now() -&gt; TIMESTAMP</form></feature>
      </languageFeatures>
      <languageFeatures type="ivo://ivoa.net/std/TAPRegExt#features-adqlgeo">
        <feature><form>POINT</form></feature><feature><form>CIRCLE</form></feature><feature><form>CONTAINS</form></feature>
      </languageFeatures>
      <languageFeatures type="ivo://ivoa.net/std/TAPRegExt#features-adql-sets">
        <feature><form>UNION</form></feature>
      </languageFeatures>
      <languageFeatures type="ivo://ivoa.net/std/TAPRegEXT#features-adql-type">
        <feature><form>CAST</form></feature>
      </languageFeatures>
    </language>
    <outputFormat ivo-id="ivo://ivoa.net/std/TAPRegExt#output-votable-binary2">
      <mime>application/x-votable+xml;serialization=BINARY2</mime><alias>votable/b2</alias></outputFormat>
    <outputFormat><mime>text/csv;header=present</mime><alias>csv</alias></outputFormat>
    <uploadMethod ivo-id="ivo://ivoa.net/std/TAPRegExt#upload-inline"/>
    <uploadMethod ivo-id="ivo://ivoa.net/std/TAPRegExt#upload-http"/>
    <retentionPeriod><default>172800</default></retentionPeriod>
    <executionDuration forMode="sync"><hard>60</hard></executionDuration>
    <executionDuration><default>3600</default><hard>7200</hard></executionDuration>
    <outputLimit><default unit="row">20000</default><hard unit="row">10000000</hard></outputLimit>
    <outputLimit forMode="sync"><default unit="row">2000</default></outputLimit>
    <uploadLimit><hard unit="byte">100000000</hard></uploadLimit>
  </capability>
</cap:capabilities>`;

describe("parseCapabilities", () => {
  const caps = parseCapabilities(CAPS);

  it("reads capabilities, interfaces and security methods", () => {
    expect(caps.capabilities).toHaveLength(2);
    const tables = caps.find("ivo://ivoa.net/std/VOSI#tables")[0]!;
    expect(tables.interfaces[0]).toEqual({
      type: "ParamHTTP",
      role: undefined,
      version: "1.1",
      accessUrls: [{ url: "http://x/tap/tables", use: "full" }],
      securityMethods: ["ivo://ivoa.net/sso#BasicAA", ""],
      resultType: undefined,
      testQueryString: undefined,
    });
    expect(caps.tapCapability?.type).toBe("TableAccess");
    expect(caps.tapCapability?.description).toBe("My TAP");
  });

  it("reads TAPRegExt", () => {
    const ta = caps.tableAccess!;
    expect(ta.dataModels).toEqual([{ ivoId: "ivo://ivoa.net/std/ObsCore#core-1.1", name: "ObsCore-1.1" }]);
    expect(caps.language()?.versions.map((v) => v.version)).toEqual(["2.0", "2.1"]);
    expect(caps.outputFormats[0]).toEqual({
      mime: "application/x-votable+xml;serialization=BINARY2",
      aliases: ["votable/b2"],
      ivoId: "ivo://ivoa.net/std/TAPRegExt#output-votable-binary2",
    });
    expect(caps.retentionPeriod()?.default).toBe(172800);
    expect(caps.executionDuration("sync")).toEqual({ default: undefined, hard: 60, forMode: "sync" });
    expect(caps.executionDuration("async")).toEqual({ default: 3600, hard: 7200, forMode: undefined });
    expect(caps.uploadLimit()?.hard).toEqual({ value: 100000000, unit: "byte" });
  });

  it("answers feature questions with short or full type names", () => {
    expect(featureTypeId("adql-sets")).toBe("ivo://ivoa.net/std/TAPRegExt#features-adql-sets");
    expect(caps.supportsFeature("adql-sets", "UNION")).toBe(true);
    expect(caps.supportsFeature("adql-sets", "EXCEPT")).toBe(false);
    expect(caps.supportsFeature("adql-type", "cast")).toBe(true); // type id miscapitalised by the server
    expect(caps.supportsFeature("ivo://ivoa.net/std/TAPRegExt#features-adqlgeo", "CONTAINS")).toBe(true);
    expect(caps.supportsFeature("udf", "ivo_hasword")).toBe(true);
    expect(caps.supportsFeature("adqlgeo", "POLYGON")).toBe(false);
    expect(caps.supportsFeature("adqlgeo", "POINT", { language: "PQL" })).toBe(false);
    expect(caps.getFeature("udf", "IVO_HASWORD")).toEqual({ form: "ivo_hasword(haystack TEXT, needle TEXT) -> INTEGER", description: "word match" });
    expect(caps.getFeature("adql-sets", "UNION")?.form).toBe("UNION");
    expect(caps.getFeature("adql-sets", "EXCEPT")).toBeUndefined();
  });

  it("parses UDF signatures", () => {
    expect(caps.getUdf("IVO_HASWORD")).toEqual({
      name: "ivo_hasword",
      form: "ivo_hasword(haystack TEXT, needle TEXT) -> INTEGER",
      args: [
        { name: "haystack", type: "TEXT" },
        { name: "needle", type: "TEXT" },
      ],
      returns: "INTEGER",
      description: "word match",
    });
    expect(caps.getUdf("gavo_now")?.args).toEqual([]);
    expect(caps.getUdf("nope")).toBeUndefined();
    expect(caps.udfs()).toHaveLength(2);
  });

  it("answers upload, format and limit questions", () => {
    expect(caps.supportsUploads()).toBe(true);
    expect(caps.supportsUploads("inline")).toBe(true);
    expect(caps.supportsUploads("ftp")).toBe(false);
    expect(caps.supportsOutputFormat("csv")).toBe(true);
    expect(caps.supportsOutputFormat("text/csv")).toBe(true);
    expect(caps.supportsOutputFormat("application/fits")).toBe(false);
    expect(caps.maxrecLimits()).toEqual({ default: 20000, hard: 10000000 });
    expect(caps.maxrecLimits("sync")).toEqual({ default: 2000 });
  });

  it("is empty-handed, not broken, without a TAP capability", () => {
    const c = parseCapabilities(`<capabilities><capability standardID="ivo://ivoa.net/std/VOSI#availability"/></capabilities>`);
    expect(c.tableAccess).toBeUndefined();
    expect(c.supportsFeature("adql-sets", "UNION")).toBe(false);
    expect(c.supportsUploads()).toBe(false);
    expect(c.maxrecLimits()).toEqual({});
  });

  it("rejects what is not a capabilities document", () => {
    expect(() => parseCapabilityList("<tableset/>")).toThrow(/expected a <capabilities> root/);
    expect(() => parseCapabilityList("<capabilities>\n<capability/></capabilities>")).toThrow(/capability without standardID.*line 2/);
    expect(() => parseCapabilityList("<capabilities><capability></capabilities>")).toThrow(DALFormatError);
  });
});

describe("pyVO-shaped capability accessors", () => {
  const caps = parseCapabilities(CAPS);

  it("getTapCapability().getAdql().getFeature(type, form), as in pyVO", () => {
    const tap = caps.getTapCapability()!;
    const adql = tap.getAdql()!;
    expect(adql.name).toBe("ADQL");
    expect(adql.getFeature("ivo://ivoa.net/std/TAPRegExt#features-adql-sets", "UNION")?.form).toBe("UNION");
    expect(adql.getFeature("adqlgeo", "contains")?.form).toBe("CONTAINS");
    expect(adql.getFeature("adqlgeo", "BOX")).toBeUndefined();
    expect(adql.getFeature("udf", "ivo_hasword")?.description).toBe("word match");
    expect(adql.getFeatureList("adql-type")?.features.map((f) => f.form)).toEqual(["CAST"]);
    expect(adql.languageFeatures).toHaveLength(4);
    expect(adql.udfs().map((u) => u.name)).toEqual(["ivo_hasword", "gavo_now"]);
    expect(tap.getLanguage("adql")).toBe(adql);
  });

  it("the obvious property names work on the capabilities and on the TAP capability", () => {
    for (const c of [caps, caps.getTapCapability()!]) {
      expect(c.languages.map((l) => l.name)).toEqual(["ADQL"]);
      expect(c.dataModels.map((d) => d.name)).toEqual(["ObsCore-1.1"]);
      expect(c.uploadMethods).toHaveLength(2);
      expect(c.outputFormats.map((o) => o.aliases[0])).toEqual(["votable/b2", "csv"]);
      expect(c.executionDurations).toHaveLength(2);
      expect(c.outputLimits).toHaveLength(2);
      expect(c.uploadLimits).toHaveLength(1);
      expect(c.retentionPeriods).toHaveLength(1);
    }
    const tap = caps.getTapCapability()!;
    expect(tap.outputLimit?.default).toEqual({ value: 20000, unit: "row" });
    expect(tap.executionDuration).toEqual({ default: 3600, hard: 7200, forMode: undefined });
    expect(tap.standardId).toBe("ivo://ivoa.net/std/TAP");
    expect(tap.tableAccess.languages[0]?.name).toBe("ADQL");
    expect(caps.languages[0]?.getFeature("adql-sets", "UNION")).toBeDefined();
  });

  it("a document without a TAP capability has empty lists, not undefined", () => {
    const none = parseCapabilities(`<capabilities><capability standardID="ivo://ivoa.net/std/VOSI#tables"/></capabilities>`);
    expect(none.getTapCapability()).toBeUndefined();
    expect(none.languages).toEqual([]);
    expect(none.getAdql()).toBeUndefined();
    expect(none.uploadMethods).toEqual([]);
  });
});

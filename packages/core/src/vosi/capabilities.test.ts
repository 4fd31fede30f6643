import { describe, expect, it } from "vitest";
import { DALFormatError } from "@vo/votable";
import { parseVOSICapabilities } from "./capabilities.js";
import type { ParseWarning } from "./xml.js";

const DOC = `<?xml version="1.0"?>
<cap:capabilities xmlns:cap="http://www.ivoa.net/xml/VOSICapabilities/v1.0" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1">
  <capability standardID="ivo://ivoa.net/std/SIA#query-2.0" xsi:type="sia:SimpleImageAccess">
    <interface role="std" xsi:type="vs:ParamHTTP" version="2.0">
      <accessURL use="base"> https://h/sia2/query?a=1&amp;b=2 </accessURL>
      <accessURL/>
      <securityMethod/><securityMethod standardID="ivo://ivoa.net/sso#BasicAA"/>
    </interface>
  </capability>
  <capability>
    <interface xsi:type="vr:WebBrowser"><accessURL>http://h/form</accessURL></interface>
  </capability>
</cap:capabilities>`;

describe("parseVOSICapabilities", () => {
  it("reads capabilities and interfaces, any prefix, a capability without standardID", () => {
    const warnings: ParseWarning[] = [];
    const caps = parseVOSICapabilities(DOC, { onWarning: (w) => warnings.push(w) });
    expect(caps).toHaveLength(2);
    expect(caps[0]).toMatchObject({ standardId: "ivo://ivoa.net/std/SIA#query-2.0", type: "SimpleImageAccess" });
    expect(caps[0]!.interfaces).toEqual([
      {
        type: "ParamHTTP",
        role: "std",
        version: "2.0",
        accessUrls: [{ url: "https://h/sia2/query?a=1&b=2", use: "base" }],
        securityMethods: ["", "ivo://ivoa.net/sso#BasicAA"],
      },
    ]);
    expect(caps[1]!.standardId).toBeUndefined();
    expect(caps[1]!.interfaces[0]).toMatchObject({ type: "WebBrowser", accessUrls: [{ url: "http://h/form", use: "full" }] });
    expect(warnings.map((w) => w.message).join("\n")).toMatch(/prefix "xsi".*without a declaration/);
    expect(warnings.some((w) => w.message === "empty accessURL; ignored")).toBe(true);
  });

  it("reads mirror URLs (with their titles), query types and validation levels, and warns of a level outside 0–4", () => {
    const doc = `<cap:capabilities xmlns:cap="http://www.ivoa.net/xml/VOSICapabilities/v1.0">
      <capability standardID="ivo://ivoa.net/std/TAP">
        <validationLevel validatedBy="ivo://ivoa.net/rofr">2</validationLevel>
        <validationLevel validatedBy="ivo://x/reg">7</validationLevel>
        <interface role="std"><accessURL use="base">http://h/tap</accessURL><queryType>GET</queryType><queryType> post </queryType>
          <mirrorURL title="https version"> https://h/tap </mirrorURL><mirrorURL>https://m.example/tap</mirrorURL><mirrorURL/>
        </interface>
      </capability>
      <capability standardID="ivo://ivoa.net/std/VOSI#tables"><interface><accessURL>http://h/tap/tables</accessURL></interface></capability>
    </cap:capabilities>`;
    const warnings: ParseWarning[] = [];
    const [tap, tables] = parseVOSICapabilities(doc, { onWarning: (w) => warnings.push(w) });
    expect(tap!.validationLevels).toEqual([{ level: 2, validatedBy: "ivo://ivoa.net/rofr" }]);
    expect(tap!.interfaces[0]!.mirrorUrls).toEqual([{ url: "https://h/tap", title: "https version" }, { url: "https://m.example/tap" }]);
    expect(tables!.validationLevels).toBeUndefined();
    expect(tables!.interfaces[0]!.mirrorUrls).toBeUndefined();
    expect(tap!.interfaces[0]!.queryTypes).toEqual(["GET", "POST"]);
    expect(tables!.interfaces[0]!.queryTypes).toBeUndefined();
    expect(warnings.map((w) => w.message)).toContain('validationLevel "7" is not 0–4; ignored');
  });

  it("refuses instead of repairing in strict mode (pyVO's pedantic), naming the problem and where", () => {
    // DOC declares no xsi prefix and has an empty accessURL: both warnings when lax.
    expect(() => parseVOSICapabilities(DOC, { strict: true, url: "http://h/caps" })).toThrow(DALFormatError);
    expect(() => parseVOSICapabilities(DOC, { strict: true })).toThrow(/prefix "xsi".*without a declaration.*\(strict parse\)/);
    const declared = DOC.replace("<cap:capabilities ", '<cap:capabilities xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ');
    const err = (() => {
      try {
        parseVOSICapabilities(declared, { strict: true });
      } catch (e) {
        return e as DALFormatError;
      }
      return undefined;
    })();
    expect(err?.message).toMatch(/empty accessURL; ignored \(strict parse\)/);
    expect(err?.location.element).toMatch(/accessURL/);
    expect(parseVOSICapabilities(declared.replace("<accessURL/>", ""), { strict: true })).toHaveLength(2);
  });

  it("reads the capabilities of a VOResource record", () => {
    const doc = `<ri:Resource xmlns:ri="http://www.ivoa.net/xml/RegistryInterface/v1.0"><capability standardID="ivo://ivoa.net/std/TAP"><interface><accessURL>http://h/tap</accessURL></interface></capability></ri:Resource>`;
    expect(parseVOSICapabilities(doc).map((c) => c.standardId)).toEqual(["ivo://ivoa.net/std/TAP"]);
  });

  it("throws DALFormatError with a position on malformed XML and for other documents", () => {
    let error: unknown;
    try {
      parseVOSICapabilities("<capabilities>\n<capability>\n<interface></capability></capabilities>", { url: "http://h/capabilities" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DALFormatError);
    expect((error as DALFormatError).location).toMatchObject({ line: 3 });
    expect(() => parseVOSICapabilities("<tableset/>")).toThrow(/expected a <capabilities> root/);
    expect(() => parseVOSICapabilities("<html><body>x</body></html>")).toThrow(DALFormatError);
    expect(() => parseVOSICapabilities("")).toThrow(DALFormatError);
    expect(parseVOSICapabilities("<capabilities/>")).toEqual([]);
  });
});

describe("securityMethod", () => {
  it("reads DaCHS 2.7's misspelt standardId, with a warning", () => {
    const warnings: ParseWarning[] = [];
    const caps = parseVOSICapabilities(
      `<capabilities><capability standardID="ivo://ivoa.net/std/TAP"><interface><accessURL use="full">http://h/auth/q/tap</accessURL>` +
        `<securityMethod standardId="ivo://ivoa.net/sso#BasicAA"></securityMethod></interface></capability></capabilities>`,
      { onWarning: (w) => warnings.push(w) },
    );
    expect(caps[0]?.interfaces[0]?.securityMethods).toEqual(["ivo://ivoa.net/sso#BasicAA"]);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringContaining('"standardId" instead of "standardID"')]);
  });
});

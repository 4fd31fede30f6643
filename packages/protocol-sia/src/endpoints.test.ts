import { describe, expect, it } from "vitest";
import { capabilitiesUrl, parseCapabilities, sameEndpoint, sia2Endpoints, siblingCapabilitiesUrl } from "./endpoints.js";

const DACHS_LIKE = `<?xml version='1.0' encoding='utf-8'?>
<?xml-stylesheet href='/static/xsl/vosi.xsl' type='text/xsl'?>
<!-- a comment with <capability standardID="ivo://ivoa.net/std/SIA#query-2.0"> inside -->
<cap:capabilities xmlns:cap="http://www.ivoa.net/xml/VOSICapabilities/v1.0" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:vr="http://www.ivoa.net/xml/VOResource/v1.0">
  <capability standardID="ivo://ivoa.net/std/VOSI#capabilities">
    <interface role="std" xsi:type="vs:ParamHTTP"><accessURL use="full">http://h/svc/capabilities</accessURL></interface>
  </capability>
  <capability>
    <interface xsi:type="vr:WebBrowser"><accessURL use="full">http://h/svc/form</accessURL></interface>
  </capability>
  <capability standardID="ivo://ivoa.net/std/SIA#query-2.0" xsi:type="sia:SimpleImageAccess">
    <interface role="std" xsi:type="vs:ParamHTTP">
      <accessURL use="base">
        http://h/svc/siap2.xml?
      </accessURL>
      <param std="false"><name>POS</name><description>x &lt; y</description></param>
    </interface>
  </capability>
</cap:capabilities>`;

describe("parseCapabilities", () => {
  it("reads a DaCHS-style document: prefixes, whitespace, a capability without standardID", () => {
    const caps = parseCapabilities(DACHS_LIKE)!;
    expect(caps.map((c) => c.standardId)).toEqual(["ivo://ivoa.net/std/VOSI#capabilities", undefined, "ivo://ivoa.net/std/SIA#query-2.0"]);
    expect(caps[1]!.interfaces[0]).toEqual({ type: "WebBrowser", role: undefined, version: undefined, accessUrls: [{ url: "http://h/svc/form", use: "full" }], securityMethods: [] });
    expect(caps[2]!.type).toBe("SimpleImageAccess");
    expect(caps[2]!.interfaces[0]!.accessUrls).toEqual([{ url: "http://h/svc/siap2.xml?", use: "base" }]);
    expect(sia2Endpoints(caps)).toEqual(["http://h/svc/siap2.xml"]);
  });

  it("decodes entities in URLs and attributes, any namespace prefix or none, CDATA", () => {
    const doc = `<?xml version="1.0"?><!DOCTYPE capabilities [<!ENTITY x "y">]>
<vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0">
  <capability standardID='ivo://ivoa.net/std/SIA#query-2.0'>
    <ri:interface xmlns:ri="x" role='std' xsi:type='vs:ParamHTTP'><ri:accessURL>https://h/sia2/query?svc=a&amp;mode=b&#38;c=&#x64;</ri:accessURL></ri:interface>
  </capability>
  <capability standardID="ivo://ivoa.net/std/SIA#query-2.0"><interface role="std"><accessURL><![CDATA[https://h/other?a=1&b=2]]></accessURL></interface></capability>
</vosi:capabilities>`;
    const caps = parseCapabilities(doc)!;
    expect(caps).toHaveLength(2);
    expect(sia2Endpoints(caps)).toEqual(["https://h/sia2/query?svc=a&mode=b&c=d", "https://h/other?a=1&b=2"]);
  });

  it("ranks std ParamHTTP before others, anonymous before secured, skips BasicAA-only and browser interfaces", () => {
    const doc = `<capabilities>
  <capability standardID="ivo://ivoa.net/std/SIA#query-aux-2.0"><interface role="std"><accessURL>http://h/aux</accessURL></interface></capability>
  <capability standardID="IVO://ivoa.net/std/sia#QUERY-2.0">
    <interface role="std" xsi:type="vs:ParamHTTP"><accessURL>http://h/basic</accessURL><securityMethod standardID="ivo://ivoa.net/sso#BasicAA"/></interface>
    <interface role="std" xsi:type="vs:ParamHTTP"><accessURL>http://h/token</accessURL><securityMethod standardID="ivo://ivoa.net/sso#token"/></interface>
    <interface xsi:type="vs:ParamHTTP"><accessURL>http://h/nonstd</accessURL></interface>
    <interface xsi:type="vr:WebBrowser"><accessURL>http://h/form</accessURL></interface>
    <interface role="std" xsi:type="vs:ParamHTTP"><accessURL>ftp://h/nope</accessURL><accessURL>query</accessURL>
      <securityMethod/><securityMethod standardID="ivo://ivoa.net/sso#BasicAA"/></interface>
  </capability>
  <capability standardID="ivo://ivoa.net/std/SIA"><interface role="std"><accessURL>http://h/sia1</accessURL></interface></capability>
</capabilities>`;
    expect(sia2Endpoints(parseCapabilities(doc)!, "http://h/root/capabilities")).toEqual([
      "http://h/root/query", // relative, anonymous allowed
      "http://h/token",
      "http://h/nonstd",
      "http://h/aux",
    ]);
  });

  it("says undefined for malformed XML and non-capabilities documents (core's parser is strict about well-formedness)", () => {
    expect(parseCapabilities("<html><body>Not found</body></html>")).toBeUndefined();
    expect(parseCapabilities("not xml at all")).toBeUndefined();
    expect(parseCapabilities("")).toBeUndefined();
    expect(parseCapabilities("<capabilities/>")).toEqual([]);
    const broken = `<capabilities><capability standardID="ivo://ivoa.net/std/SIA#query-2.0"><interface role="std"></stray><accessURL>http://h/q</accessURL>`;
    expect(parseCapabilities(broken)).toBeUndefined();
    const unterminated = `<capabilities><capability standardID="ivo://ivoa.net/std/SIA#query-2.0"><interface role="std"><accessURL>http://h/q</accessURL></interface></capability><capability standardID="x`;
    expect(parseCapabilities(unterminated)).toBeUndefined();
    expect(parseCapabilities(`\uFEFF<capabilities><capability><interface><accessURL>http://h/x</accessURL></interface></capability></capabilities>`)).toHaveLength(1);
  });

  it("reads a capability nested in a VOResource record and quoted '>' in attributes", () => {
    const doc = `<ri:Resource xmlns:ri="r"><title>a > b</title><capability standardID="ivo://ivoa.net/std/SIA#query-2.0" note="1>0"><interface role="std"><accessURL>http://h/q</accessURL></interface></capability></ri:Resource>`;
    expect(sia2Endpoints(parseCapabilities(doc)!)).toEqual(["http://h/q"]);
  });
});

describe("URL helpers", () => {
  it("builds <url>/capabilities and the sibling of a query endpoint", () => {
    expect(capabilitiesUrl("http://h/__system__/siap2/sitewide/")).toBe("http://h/__system__/siap2/sitewide/capabilities");
    expect(capabilitiesUrl("http://h/svc//?x=1#f")).toBe("http://h/svc/capabilities");
    expect(siblingCapabilitiesUrl("http://h/svc/query?x=1")).toBe("http://h/svc/capabilities");
    expect(siblingCapabilitiesUrl("http://h/svc/siap2.xml")).toBe("http://h/svc/capabilities");
    expect(siblingCapabilitiesUrl("http://h/")).toBeUndefined();
    expect(sameEndpoint("http://h/q?", "http://h/q")).toBe(true);
    expect(sameEndpoint("http://h/svc/", "http://h/svc")).toBe(true);
    expect(sameEndpoint("http://h/q?a=1", "http://h/q")).toBe(false);
  });
});

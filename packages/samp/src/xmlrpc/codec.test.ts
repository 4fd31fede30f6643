import { describe, expect, it } from "vitest";
import { DALFormatError } from "@vo/core";
import { decodeCall, decodeResponse, encodeCall, encodeFault, encodeResponse } from "./codec.js";
import type { SampValue } from "../types.js";

const nested: SampValue = {
  "samp.mtype": "table.load.votable",
  "samp.params": { url: "http://127.0.0.1:1/t.vot?a=1&b=<2>", "row-list": ["0", "5", ""], meta: { "": "", deep: [[{ x: ["y"] }]] } },
  empty: {},
  list: [],
};

describe("XML-RPC codec", () => {
  it("round-trips strings, lists and maps through a call and a response", () => {
    const call = decodeCall(encodeCall("samp.hub.notify", ["key", "c1", nested]));
    expect(call).toEqual({ method: "samp.hub.notify", params: ["key", "c1", nested] });
    expect(decodeResponse(encodeResponse(nested))).toEqual({ value: nested });
    expect(decodeResponse(encodeResponse(""))).toEqual({ value: "" });
  });

  it("keeps whitespace inside strings and ignores it between elements", () => {
    const text = `<?xml version="1.0"?>
<methodResponse>
  <params>
    <param>
      <value>
        <struct>
          <member><name>a</name><value><string>  two  spaces  </string></value></member>
          <member> <name>b</name> <value>untyped text</value> </member>
          <member><name>c</name><value><array><data>
             <value><string>x</string></value>
             <value/>
          </data></array></value></member>
        </struct>
      </value>
    </param>
  </params>
</methodResponse>`;
    expect(decodeResponse(text)).toEqual({ value: { a: "  two  spaces  ", b: "untyped text", c: ["x", ""] } });
  });

  it("reads the types sloppy peers send as SAMP strings", () => {
    const text =
      "<methodResponse><params><param><value><array><data>" +
      "<value><int>42</int></value><value><i4>-7</i4></value><value><i8>+9007199254740993</i8></value>" +
      "<value><boolean>1</boolean></value><value><double>41.27</double></value><value><nil/></value>" +
      "<value><dateTime.iso8601>20261207T01:02:03</dateTime.iso8601></value>" +
      "</data></array></value></param></params></methodResponse>";
    expect(decodeResponse(text)).toEqual({ value: ["42", "-7", "9007199254740993", "1", "41.27", "", "20261207T01:02:03"] });
  });

  it("decodes faults with their code and string", () => {
    expect(decodeResponse(encodeFault({ faultCode: 5, faultString: "Unknown private key <x>" }))).toEqual({
      fault: { faultCode: 5, faultString: "Unknown private key <x>" },
    });
  });

  it("writes only SAMP's characters unless told otherwise", () => {
    expect(() => encodeCall("m", ["caf\u00e9"])).toThrow(/U\+00E9/);
    expect(() => encodeCall("m", ["a\u0001b"])).toThrow(/U\+0001/);
    expect(decodeCall(encodeCall("m", ["caf\u00e9 \u2603"], { allowUnicode: true })).params).toEqual(["caf\u00e9 \u2603"]);
    expect(() => encodeCall("m", [null as unknown as SampValue])).toThrow(/null/);
    expect(() => encodeCall("bad name", [])).toThrow(/method name/);
  });

  it.each([
    ["not XML", "hello"],
    ["a DOCTYPE (no entity expansion, no XXE)", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><methodResponse><params><param><value>&e;</value></param></params></methodResponse>'],
    ["the wrong root", "<html><body>error</body></html>"],
    ["an unknown element", "<methodResponse><params><param><value><float>1</float></value></param></params></methodResponse>"],
    ["two return values", "<methodResponse><params><param><value>a</value></param><param><value>b</value></param></params></methodResponse>"],
    ["no return value", "<methodResponse><params></params></methodResponse>"],
    ["a bad int", "<methodResponse><params><param><value><int>4x</int></value></param></params></methodResponse>"],
    ["a member without a name", "<methodResponse><params><param><value><struct><member><value>a</value></member></struct></value></param></params></methodResponse>"],
    ["a duplicate member", "<methodResponse><params><param><value><struct><member><name>a</name><value>1</value></member><member><name>a</name><value>2</value></member></struct></value></param></params></methodResponse>"],
    ["text mixed with a type", "<methodResponse><params><param><value>x<string>y</string></value></param></params></methodResponse>"],
    ["a truncated document", "<methodResponse><params><param><value><string>abc"],
  ])("refuses %s with a DALFormatError naming XML-RPC", (_what, text) => {
    let err: unknown;
    try {
      decodeResponse(text, "http://127.0.0.1:1/xmlrpc");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DALFormatError);
    expect((err as DALFormatError).code).toBe("VO_ERR_FORMAT");
    expect((err as DALFormatError).standard).toBe("XML-RPC");
    expect((err as DALFormatError).url).toBe("http://127.0.0.1:1/xmlrpc");
  });

  it("refuses a response where a call is expected, and a call without a method name", () => {
    expect(() => decodeCall(encodeResponse("x"))).toThrow(DALFormatError);
    expect(() => decodeCall("<methodCall><params/></methodCall>")).toThrow(/methodName/);
  });

  it("refuses absurd nesting", () => {
    let v: SampValue = "x";
    for (let i = 0; i < 80; i++) v = [v];
    expect(() => encodeResponse(v)).toThrow(/deeper/);
    const deep = "<value><array><data>".repeat(100) + "<value>x</value>" + "</data></array></value>".repeat(100);
    expect(() => decodeResponse(`<methodResponse><params><param>${deep}</param></params></methodResponse>`)).toThrow(/deeper/);
  });
});

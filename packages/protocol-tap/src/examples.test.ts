import { describe, expect, it } from "vitest";
import { DALFormatError } from "@vo/core";
import { parseExamples } from "./examples.js";
import type { ParseWarning } from "@vo/core";

/** Shaped like DaCHS's /tap/examples (XHTML+RDFa), with the usual HTML around it. */
const DACHS_LIKE = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html version="XHTML+RDFa 1.1" xmlns="http://www.w3.org/1999/xhtml">
<head><meta http-equiv="Content-type" content="text/html;charset=UTF-8" /><title>Examples</title>
<script type="text/javascript">if (a < b && c) document.write("<div typeof='example'>");</script>
<style>.x > p { color: red }</style></head>
<body vocab="ivo://ivoa.net/std/DALI-examples#">
<div id="sidebar"><a href="#body">Skip&nbsp;Header</a></div>
<!-- <div typeof="example" id="commented"><pre property="query">SELECT 0</pre></div> -->
<div typeof="example" id="cone" resource="#cone">
  <h2 property="name">Cone&nbsp;search &amp; more</h2>
  <p>Stars around M31 in <a href="/tableinfo/vo_sample.cat" class="taptable-link">&#x2197;</a><em class="dachs-ex-taptable" property="table">vo_sample.cat</em>,
  brighter than 12&deg;.</p>
  <pre property="query" class="dachs-ex-tapquery">SELECT TOP 10 * FROM vo_sample.cat
WHERE 1 = CONTAINS(POINT(ra, dec), CIRCLE(10.68, 41.27, 0.1)) AND vmag &lt; 12</pre>
</div>
<div typeof="example" id="obscore">
  <h2 property="name">Spectra</h2>
  <p>Unclosed paragraph<br>with a break
  <a property="table" href="/tableinfo/ivoa.obscore" content="ivoa.obscore">the ObsCore table</a>
  <div property="generic-parameter" typeof="keyval">
    <span property="key">QUERY</span>
    <pre property="value">SELECT * FROM ivoa.obscore WHERE dataproduct_type = 'spectrum'</pre>
  </div>
</div>
<div typeof="example" id="noquery"><h2 property="name">Prose only</h2></div>
<p><a rel="continuation" href="examples2">More examples</a>
<a property="continuation" href="http://other.example/tap/examples3#top">Even more</a></p>
</body></html>`;

describe("parseExamples", () => {
  it("reads name, query, tables and description of each example", () => {
    const warnings: ParseWarning[] = [];
    const doc = parseExamples(DACHS_LIKE, { url: "http://example.org/tap/examples", onWarning: (w) => warnings.push(w) });
    expect(doc.examples.map((e) => e.id)).toEqual(["cone", "obscore"]);
    const [cone, obscore] = doc.examples;
    expect(cone).toEqual({
      id: "cone",
      name: "Cone search & more",
      query: "SELECT TOP 10 * FROM vo_sample.cat\nWHERE 1 = CONTAINS(POINT(ra, dec), CIRCLE(10.68, 41.27, 0.1)) AND vmag < 12",
      tables: ["vo_sample.cat"],
      description: "Stars around M31 in ↗vo_sample.cat, brighter than 12°.",
    });
    expect(obscore).toMatchObject({
      name: "Spectra",
      query: "SELECT * FROM ivoa.obscore WHERE dataproduct_type = 'spectrum'",
      tables: ["ivoa.obscore"],
      description: "Unclosed paragraph with a break the ObsCore table",
    });
    expect(warnings.map((w) => w.message)).toEqual([`example "noquery" has no query; ignored`]);
  });

  it("resolves continuation links against the document URL", () => {
    const doc = parseExamples(DACHS_LIKE, { url: "http://example.org/tap/examples" });
    expect(doc.continuations).toEqual(["http://example.org/tap/examples2", "http://other.example/tap/examples3#top"]);
  });

  it("never fails on tag soup, unknown entities or a truncated document", () => {
    const soup = `<div typeof="example" id=x><h2 property=name>A &bogus; &#x3b1; &#945;</h2><pre property="query">SELECT 1 <b></pre></i></div><div <<`;
    const doc = parseExamples(soup);
    expect(doc.examples).toEqual([{ id: "x", name: "A &bogus; α α", query: "SELECT 1", tables: [], description: "" }]);
    expect(parseExamples("").examples).toEqual([]);
    expect(parseExamples(`<div typeof="example" id="t"><pre property="query">SELECT`).examples[0]?.query).toBe("SELECT");
  });

  it("keeps the first of two examples with one id", () => {
    const warnings: ParseWarning[] = [];
    const two = `<div typeof="example" id="a"><pre property="query">SELECT 1</pre></div><div typeof="example" id="a"><pre property="query">SELECT 2</pre></div>`;
    expect(parseExamples(two, { onWarning: (w) => warnings.push(w) }).examples.map((e) => e.query)).toEqual(["SELECT 1"]);
    expect(warnings).toHaveLength(1);
  });

  it("refuses instead of repairing in strict mode (pyVO's pedantic)", () => {
    const two = `<div typeof="example" id="a"><pre property="query">SELECT 1</pre></div><div typeof="example" id="a"><pre property="query">SELECT 2</pre></div>`;
    expect(() => parseExamples(two, { strict: true })).toThrow(DALFormatError);
    expect(() => parseExamples(DACHS_LIKE, { strict: true })).toThrow(/example "noquery" has no query; ignored \(strict parse\)/);
    expect(parseExamples(`<div typeof="example" id="a"><pre property="query">SELECT 1</pre></div>`, { strict: true }).examples).toHaveLength(1);
  });
});

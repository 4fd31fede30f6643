import { describe, expect, it } from "vitest";
import { DALFormatError } from "@vo/votable";
import { parseUWSJob, parseUWSJobList, parseUWSPhase } from "./uws.js";
import type { ParseWarning } from "@vo/core";

const NS = `xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`;

const JOB = `<?xml version="1.0"?>
<uws:job ${NS} version="1.1">
  <uws:jobId>abc42</uws:jobId>
  <uws:runId>my-run</uws:runId>
  <uws:ownerId xsi:nil="true"/>
  <uws:phase>EXECUTING</uws:phase>
  <uws:quote>2024-05-01T12:00:00Z</uws:quote>
  <uws:creationTime>2024-05-01T10:00:00.5Z</uws:creationTime>
  <uws:startTime>2024-05-01T10:00:00.9996</uws:startTime>
  <uws:endTime xsi:nil="true"/>
  <uws:executionDuration>3600</uws:executionDuration>
  <uws:destruction>2024-05-08T10:00:00Z</uws:destruction>
  <uws:parameters>
    <uws:parameter id="LANG">ADQL</uws:parameter>
    <uws:parameter id="QUERY">SELECT TOP 1 * FROM tap_schema.tables WHERE a &lt; 3</uws:parameter>
    <uws:parameter id="UPLOAD" byReference="true">http://example.org/t.xml</uws:parameter>
    <uws:parameter id="MAXREC"/>
  </uws:parameters>
  <uws:results>
    <uws:result id="result" xlink:href="results/result" size="1024" mime-type="application/x-votable+xml"/>
    <uws:result id="diag" xlink:href="http://example.org/diag"/>
  </uws:results>
  <uws:jobInfo><progress xmlns="urn:x">50</progress></uws:jobInfo>
</uws:job>`;

describe("parseUWSJob", () => {
  it("reads every element of a UWS 1.1 job", () => {
    const job = parseUWSJob(JOB, { url: "http://example.org/tap/async/abc42" });
    expect(job.version).toBe("1.1");
    expect(job.jobId).toBe("abc42");
    expect(job.runId).toBe("my-run");
    expect(job.ownerId).toBeUndefined();
    expect(job.phase).toBe("EXECUTING");
    expect(job.quote?.toISOString()).toBe("2024-05-01T12:00:00.000Z");
    expect(job.creationTime?.toISOString()).toBe("2024-05-01T10:00:00.500Z");
    expect(job.startTime?.toISOString()).toBe("2024-05-01T10:00:01.000Z"); // 00.9996 rounds to the millisecond, UTC without a zone
    expect(job.endTime).toBeUndefined();
    expect(job.executionDuration).toBe(3600);
    expect(job.destruction?.toISOString()).toBe("2024-05-08T10:00:00.000Z");
    expect(job.parameters).toEqual([
      { id: "LANG", value: "ADQL", byReference: false },
      { id: "QUERY", value: "SELECT TOP 1 * FROM tap_schema.tables WHERE a < 3", byReference: false },
      { id: "UPLOAD", value: "http://example.org/t.xml", byReference: true },
      { id: "MAXREC", value: "", byReference: false },
    ]);
    expect(job.results).toEqual([
      { id: "result", href: "http://example.org/tap/async/results/result", size: 1024, mimeType: "application/x-votable+xml" },
      { id: "diag", href: "http://example.org/diag", size: undefined, mimeType: undefined },
    ]);
    expect(job.errorSummary).toBeUndefined();
    expect(job.jobInfo).toEqual([{ name: "progress", namespace: "urn:x", text: "50" }]);
  });

  it("reads the error summary", () => {
    const job = parseUWSJob(`<job xmlns="http://www.ivoa.net/xml/UWS/v1.0"><jobId>1</jobId><phase>ERROR</phase>
      <errorSummary type="transient" hasDetail="true"><message>Table foo not found</message></errorSummary></job>`);
    expect(job.version).toBe("1.0");
    expect(job.errorSummary).toEqual({ type: "transient", hasDetail: true, message: "Table foo not found" });
  });

  it("is lax about lower-case phases, zone-less dates and undeclared prefixes, and says so", () => {
    const warnings: ParseWarning[] = [];
    const job = parseUWSJob(
      `<uws:job xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0"><uws:jobId>1</uws:jobId><uws:phase>completed</uws:phase>
       <uws:ownerId xsi:nil="true"/><uws:startTime>2019-12-16T10:52:20</uws:startTime><uws:endTime>yesterday</uws:endTime></uws:job>`,
      { onWarning: (w) => warnings.push(w) },
    );
    expect(job.phase).toBe("COMPLETED");
    expect(job.ownerId).toBeUndefined();
    expect(job.startTime?.toISOString()).toBe("2019-12-16T10:52:20.000Z");
    expect(job.endTime).toBeUndefined();
    expect(warnings.map((w) => w.message).join("\n")).toMatch(/xsi.*without a declaration[\s\S]*upper case[\s\S]*yesterday/);
  });

  it("rejects a job without jobId, naming the element", () => {
    const err = (() => {
      try {
        parseUWSJob(`<job xmlns="http://www.ivoa.net/xml/UWS/v1.0">\n<phase>COMPLETED</phase></job>`);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DALFormatError);
    expect((err as DALFormatError).message).toMatch(/no jobId.*line 1/);
  });

  it("rejects an unknown phase with its line", () => {
    expect(() =>
      parseUWSJob(`<job xmlns="http://www.ivoa.net/xml/UWS/v1.0">\n<jobId>1</jobId>\n<phase>RUNNING</phase></job>`),
    ).toThrow(/"RUNNING" is not a UWS phase \(line 3.*job\/phase/);
  });

  it("rejects malformed XML with line and element", () => {
    expect(() => parseUWSJob(`<job xmlns="http://www.ivoa.net/xml/UWS/v1.0">\n<jobId>1</jobId>\n<phase>EXECUTING</job>`)).toThrow(
      DALFormatError,
    );
    expect(() => parseUWSJob(`<job xmlns="http://www.ivoa.net/xml/UWS/v1.0">\n<jobId>1</jobId>\n<phase>EXECUTING</job>`)).toThrow(
      /unexpected close tag.*line 3, column \d+, job/,
    );
  });

  it("rejects HTML and other roots", () => {
    expect(() => parseUWSJob("<!DOCTYPE html><html><body>Oops</body></html>")).toThrow(/HTML page/);
    expect(() => parseUWSJob("<VOTABLE/>")).toThrow(/expected a <job> root element, found <VOTABLE>/);
    expect(() => parseUWSJob("")).toThrow(/empty/);
  });
});

describe("parseUWSJobList", () => {
  it("reads job references", () => {
    const list = parseUWSJobList(
      `<uws:jobs ${NS} version="1.1">
        <uws:jobref id="a1" xlink:href="async/a1"><uws:phase>COMPLETED</uws:phase><uws:runId>r</uws:runId>
          <uws:ownerId>me</uws:ownerId><uws:creationTime>2024-01-01T00:00:00Z</uws:creationTime></uws:jobref>
        <uws:jobref id="a2" xlink:href="http://h/tap/async/a2"><uws:phase>PENDING</uws:phase></uws:jobref>
      </uws:jobs>`,
      { url: "http://h/tap/" },
    );
    expect(list).toEqual([
      { id: "a1", href: "http://h/tap/async/a1", phase: "COMPLETED", runId: "r", ownerId: "me", creationTime: new Date("2024-01-01T00:00:00Z") },
      { id: "a2", href: "http://h/tap/async/a2", phase: "PENDING", runId: undefined, ownerId: undefined, creationTime: undefined },
    ]);
  });
});

describe("parseUWSPhase", () => {
  it("reads text/plain phases, tolerating case, whitespace and a whole job document", () => {
    expect(parseUWSPhase("EXECUTING\n")).toBe("EXECUTING");
    expect(parseUWSPhase(" queued ")).toBe("QUEUED");
    expect(parseUWSPhase(`<job xmlns="http://www.ivoa.net/xml/UWS/v1.0"><jobId>1</jobId><phase>HELD</phase></job>`)).toBe("HELD");
    expect(() => parseUWSPhase("busy")).toThrow(DALFormatError);
  });
});

describe("UWS documents nested thousands of elements deep", () => {
  for (const depth of [257, 5000, 50_000]) {
    it(`a job list with ${depth} nested elements is a DALFormatError, never a RangeError`, () => {
      const doc = `<uws:jobs xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0">${"<uws:jobref>".repeat(depth)}${"</uws:jobref>".repeat(depth)}</uws:jobs>`;
      for (const parse of [() => parseUWSJobList(doc), () => parseUWSJob(doc.replace(/jobs/g, "job"))]) {
        let caught: unknown;
        try {
          parse();
        } catch (err) {
          caught = err;
        }
        expect(caught).toBeInstanceOf(DALFormatError);
        expect((caught as Error).message).toMatch(/nested deeper than 256 levels/);
      }
    });
  }
});

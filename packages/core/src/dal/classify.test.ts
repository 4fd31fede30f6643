import { describe, expect, it } from "vitest";
import { rejection } from "@vo/testkit";
import { DALFormatError, DALQueryError, DALRateLimitError, DALServiceError } from "@vo/votable";
import type { Transport, TransportRequest, TransportResponse } from "../transport/types.js";
import type { VOWarning } from "../types.js";
import { htmlToText, isVOTableContentType } from "./classify.js";
import { queryResultSet } from "./result-set.js";
import { queryResultStream } from "./result-stream.js";

const URL_ = "https://svc.example.org/scs?token=s3cret";
const VOT = "application/x-votable+xml";

/** A transport answering every request with one canned response, the body in small chunks. */
function fakeTransport(status: number, body: string, headers: { [name: string]: string } = {}) {
  const requests: TransportRequest[] = [];
  let cancelled = false;
  const transport: Transport = {
    async request(req) {
      requests.push(req);
      const bytes = new TextEncoder().encode(body);
      async function* chunks(): AsyncGenerator<Uint8Array> {
        for (let i = 0; i < bytes.length; i += 100) yield bytes.subarray(i, i + 100);
      }
      const response: TransportResponse = {
        status,
        statusText: status === 200 ? "OK" : "Error",
        url: String(req.url),
        headers: new Headers(headers),
        body: chunks(),
        bytes: async () => bytes,
        text: async () => body,
        cancel: async () => {
          cancelled = true;
        },
      };
      return response;
    },
    async close() {},
  };
  return { transport, requests, wasCancelled: () => cancelled };
}

function target(status: number, body: string, headers: { [name: string]: string } = { "content-type": VOT }) {
  const warnings: VOWarning[] = [];
  const fake = fakeTransport(status, body, headers);
  return { ctx: { transport: fake.transport, onWarning: (w: VOWarning) => warnings.push(w) }, warnings, fake };
}

const FIELDS = `<FIELD name="id" datatype="int" ucd="meta.id;meta.main"/><FIELD name="ra" datatype="double" ucd="pos.eq.ra;meta.main"/>`;
const DATA = `<DATA><TABLEDATA><TR><TD>1</TD><TD>10.5</TD></TR><TR><TD>2</TD><TD>11.5</TD></TR></TABLEDATA></DATA>`;
const votable = (resourceBody: string): string =>
  `<?xml version="1.0"?>\n<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">${resourceBody}</RESOURCE></VOTABLE>`;
const RESULT = votable(`<INFO name="QUERY_STATUS" value="OK"/><TABLE>${FIELDS}${DATA}</TABLE>`);
const ERROR_DOC = votable(`<INFO name="QUERY_STATUS" value="ERROR">Table 'foo' does not exist</INFO>`);
const OVERFLOW_BEFORE = votable(`<INFO name="QUERY_STATUS" value="OVERFLOW"/><TABLE>${FIELDS}${DATA}</TABLE>`);
const OVERFLOW_AFTER = votable(
  `<INFO name="QUERY_STATUS" value="OK"/><TABLE>${FIELDS}${DATA}</TABLE><INFO name="QUERY_STATUS" value="OVERFLOW"/>`,
);
const HTML_500 = `<!DOCTYPE html><html><head><title>500 Internal Server Error</title><style>body{color:red}</style></head>
<body><h1>Internal Server Error</h1><p>The server encountered an &lt;error&gt;.</p><script>alert(1)</script></body></html>`;


describe("queryResultSet classification", () => {
  it("returns a VOTable result", async () => {
    const { ctx, warnings } = target(200, RESULT);
    const rs = await queryResultSet(ctx, URL_, { ra: 10, dec: 20, sr: 0.5 });
    expect(rs.length).toBe(2);
    expect(rs.queryStatus).toBe("OK");
    expect(rs.overflow).toBeUndefined();
    expect(rs.fieldnames).toEqual(["id", "ra"]);
    expect(rs.at(1)?.get("ra")).toBe(11.5);
    expect(warnings).toEqual([]);
  });

  it("throws the service's message for QUERY_STATUS=ERROR with status 200", async () => {
    const { ctx } = target(200, ERROR_DOC);
    const err = await rejection(queryResultSet(ctx, URL_, {}));
    expect(err).toBeInstanceOf(DALQueryError);
    expect(err.message).toContain("Table 'foo' does not exist");
    expect((err as DALQueryError).label).toBe("ERROR");
    expect((err as DALQueryError).url).toContain("svc.example.org/scs");
    expect((err as DALQueryError).url).not.toContain("s3cret");
  });

  it("throws DALQueryError for an error VOTable with status 400 or 500", async () => {
    for (const status of [400, 500]) {
      const err = await rejection(queryResultSet(target(status, ERROR_DOC).ctx, URL_, {}));
      expect(err).toBeInstanceOf(DALQueryError);
      expect(err.message).toContain("Table 'foo' does not exist");
    }
  });

  it("finds the error at VOTABLE level, with the message in a DESCRIPTION", async () => {
    const doc = `<VOTABLE version="1.3"><DESCRIPTION>Syntax error near SELEKT</DESCRIPTION><INFO name="QUERY_STATUS" value="ERROR"/><RESOURCE/></VOTABLE>`;
    const err = await rejection(queryResultSet(target(400, doc, { "content-type": "text/xml" }).ctx, URL_, {}));
    expect(err).toBeInstanceOf(DALQueryError);
    expect(err.message).toContain("Syntax error near SELEKT");
  });

  it("flags OVERFLOW before the TABLE and warns once", async () => {
    const { ctx, warnings } = target(200, OVERFLOW_BEFORE);
    const rs = await queryResultSet(ctx, URL_, { maxrec: 2 });
    expect(rs.queryStatus).toBe("OVERFLOW");
    expect(rs.overflow).toMatchObject({ code: "VO_WARN_OVERFLOW", maxrec: 2, returned: 2 });
    expect(warnings).toEqual([rs.overflow]);
  });

  it("flags OVERFLOW after the TABLE", async () => {
    const { ctx, warnings } = target(200, OVERFLOW_AFTER);
    const rs = await queryResultSet(ctx, URL_, {});
    expect(rs.queryStatus).toBe("OVERFLOW");
    expect(rs.overflow?.maxrec).toBeUndefined();
    expect(warnings).toHaveLength(1);
  });

  it("turns an HTML 500 page into DALServiceError with a tag-free message and an excerpt", async () => {
    const err = await rejection(queryResultSet(target(500, HTML_500, { "content-type": "text/html" }).ctx, URL_, {}));
    expect(err).toBeInstanceOf(DALServiceError);
    const e = err as DALServiceError;
    expect(e.status).toBe(500);
    expect(e.contentType).toBe("text/html");
    expect(e.bodyExcerpt).toContain("<h1>Internal Server Error</h1>");
    expect(e.message).toContain("HTTP 500");
    expect(e.message).toContain("500 Internal Server Error: Internal Server Error The server encountered an <error>.");
    expect(e.message).not.toMatch(/<h1>|alert|color:red/);
    expect(e.message).not.toContain("s3cret");
  });

  it("turns an HTML page with status 200 into DALServiceError", async () => {
    const err = await rejection(queryResultSet(target(200, HTML_500, { "content-type": "text/html" }).ctx, URL_, {}));
    expect(err).toBeInstanceOf(DALServiceError);
    expect((err as DALServiceError).status).toBe(200);
  });

  it("puts a text/plain error body in the message", async () => {
    for (const status of [200, 400]) {
      const err = await rejection(
        queryResultSet(target(status, "ERROR: unknown catalogue 'xyz'\n", { "content-type": "text/plain" }).ctx, URL_, {}),
      );
      expect(err).toBeInstanceOf(DALServiceError);
      expect(err.message).toContain("unknown catalogue 'xyz'");
      expect((err as DALServiceError).contentType).toBe("text/plain");
      expect((err as DALServiceError).status).toBe(status);
      expect((err as DALServiceError).url).toContain("svc.example.org/scs");
      expect((err as DALServiceError).bodyExcerpt).toBe("ERROR: unknown catalogue 'xyz'\n");
    }
  });

  it("keeps at most 2 KiB of the body", async () => {
    const err = await rejection(queryResultSet(target(502, "x".repeat(10_000), { "content-type": "text/plain" }).ctx, URL_, {}));
    expect((err as DALServiceError).bodyExcerpt).toHaveLength(2048);
    expect(err.message.length).toBeLessThan(600);
  });

  it("rejects a non-XML body under a wrong content type", async () => {
    const err = await rejection(queryResultSet(target(200, `{"rows": []}`, { "content-type": "application/json" }).ctx, URL_, {}));
    expect(err).toBeInstanceOf(DALServiceError);
    expect(err.message).toContain("application/json");
    const e = err as DALServiceError;
    expect(e.status).toBe(200);
    expect(e.contentType).toBe("application/json");
    expect(e.bodyExcerpt).toBe(`{"rows": []}`);
    expect(e.url).toContain("svc.example.org/scs");
    expect(e.url).not.toContain("s3cret");
    expect(e.message).toContain("svc.example.org/scs");
  });

  it("accepts a VOTable under a wrong content type, with a warning", async () => {
    const { ctx, warnings } = target(200, RESULT, { "content-type": "text/html" });
    const rs = await queryResultSet(ctx, URL_, {});
    expect(rs.length).toBe(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: "VO_WARN_CONTENT_TYPE" });
    expect(warnings[0]?.message).toContain("text/html");
  });

  it("accepts a VOTable without XML declaration and without a content type", async () => {
    const { ctx } = target(200, RESULT.replace(/^<\?xml[^>]*>\s*/, ""), {});
    expect((await queryResultSet(ctx, URL_, {})).length).toBe(2);
  });

  it("throws DALFormatError for an empty 200 body", async () => {
    const err = await rejection(queryResultSet(target(200, "").ctx, URL_, {}));
    expect(err).toBeInstanceOf(DALFormatError);
    expect((err as DALFormatError).url).toContain("svc.example.org");
  });

  it("throws DALFormatError with the URL for a VOTable that does not parse", async () => {
    const err = await rejection(queryResultSet(target(200, RESULT.slice(0, RESULT.length - 40)).ctx, URL_, {}));
    expect(err).toBeInstanceOf(DALFormatError);
    expect((err as DALFormatError).url).toContain("svc.example.org");
    expect(err.message).toContain("svc.example.org");
  });

  it("throws DALFormatError for a VOTable without result table", async () => {
    const err = await rejection(queryResultSet(target(200, votable(`<INFO name="QUERY_STATUS" value="OK"/>`)).ctx, URL_, {}));
    expect(err).toBeInstanceOf(DALFormatError);
  });

  it("maps 429 to DALRateLimitError with Retry-After", async () => {
    const err = await rejection(queryResultSet(target(429, "slow down", { "content-type": "text/plain", "retry-after": "7" }).ctx, URL_, {}));
    expect(err).toBeInstanceOf(DALRateLimitError);
    expect((err as DALRateLimitError).retryAfterSeconds).toBe(7);
    expect((err as DALRateLimitError).retryAfterRaw).toBe("7");
    const at = (err as DALRateLimitError).retryAfterDate!.getTime();
    expect(at).toBeGreaterThan(Date.now() + 5000);
    expect(at).toBeLessThanOrEqual(Date.now() + 7000);
  });

  it("reads a Retry-After HTTP date as pyVO does: raw text, date, seconds from now", async () => {
    const when = new Date(Math.ceil(Date.now() / 1000) * 1000 + 120_000);
    const err = (await rejection(queryResultSet(target(429, "slow down", { "content-type": "text/plain", "retry-after": when.toUTCString() }).ctx, URL_, {}))) as DALRateLimitError;
    expect(err.retryAfterRaw).toBe(when.toUTCString());
    expect(err.retryAfterDate?.getTime()).toBe(when.getTime());
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(119);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(121);
  });

  it("sends GET parameters after the URL's own query", async () => {
    const { ctx, fake } = target(200, RESULT);
    await queryResultSet(ctx, URL_, { ra: 10, dec: -5.5, sr: 0.1, verb: 2 });
    expect(fake.requests[0]?.url).toBe("https://svc.example.org/scs?token=s3cret&RA=10&DEC=-5.5&SR=0.1&VERB=2");
    expect(fake.requests[0]?.method).toBe("GET");
  });
});

describe("queryResultStream classification", () => {
  it("knows the fields before the first row and the trailing OVERFLOW after the last", async () => {
    const { ctx, warnings } = target(200, OVERFLOW_AFTER);
    const stream = await queryResultStream(ctx, URL_, { maxrec: 2 });
    expect(stream.fieldnames).toEqual(["id", "ra"]);
    expect(stream.overflow).toBeUndefined();
    const ids: unknown[] = [];
    for await (const rec of stream) ids.push(rec.get("id"));
    expect(ids).toEqual([1, 2]);
    expect(stream.queryStatus).toBe("OVERFLOW");
    expect(stream.overflow).toMatchObject({ maxrec: 2, returned: 2 });
    expect(warnings).toHaveLength(1);
  });

  it("throws DALQueryError at open for an error document", async () => {
    const err = await rejection(queryResultStream(target(200, ERROR_DOC).ctx, URL_, {}));
    expect(err).toBeInstanceOf(DALQueryError);
  });

  it("throws DALQueryError during iteration for an ERROR after the rows", async () => {
    const doc = votable(`<INFO name="QUERY_STATUS" value="OK"/><TABLE>${FIELDS}${DATA}</TABLE><INFO name="QUERY_STATUS" value="ERROR">timeout after 2 rows</INFO>`);
    const stream = await queryResultStream(target(200, doc).ctx, URL_, {});
    const err = await rejection(stream.toArray());
    expect(err).toBeInstanceOf(DALQueryError);
    expect(err.message).toContain("timeout after 2 rows");
  });

  it("throws DALFormatError during iteration for a truncated body and frees the response", async () => {
    const { ctx, fake } = target(200, RESULT.slice(0, RESULT.indexOf("</TR>") + 5));
    const err = await rejection(queryResultStream(ctx, URL_, {}).then((s) => s.toArray()));
    expect(err).toBeInstanceOf(DALFormatError);
    expect((err as DALFormatError).url).toContain("svc.example.org");
    expect(fake.wasCancelled()).toBe(true);
  });

  it("can be iterated once", async () => {
    const stream = await queryResultStream(target(200, RESULT).ctx, URL_, {});
    await stream.toArray();
    await expect(stream.toArray()).rejects.toThrow(/only once/);
  });
});

describe("helpers", () => {
  it("recognises VOTable content types", () => {
    expect(isVOTableContentType("application/x-votable+xml;content=datalink")).toBe(true);
    expect(isVOTableContentType("text/xml; charset=utf-8")).toBe(true);
    expect(isVOTableContentType("application/votable+xml")).toBe(true);
    expect(isVOTableContentType("text/html")).toBe(false);
    expect(isVOTableContentType(undefined)).toBe(false);
  });

  it("strips HTML to text", () => {
    expect(htmlToText("<html><head><title>Oops</title></head><body><p>Bad&nbsp;&amp;&#33; thing</p></body></html>")).toBe(
      "Oops: Bad &! thing",
    );
    expect(htmlToText("<h1>Not Found</h1><!-- x -->")).toBe("Not Found");
  });
});

describe("overflow warnings", () => {
  it("warnOverflow 'unexpected' stays silent when exactly MAXREC rows came back", async () => {
    const quiet = target(200, OVERFLOW_BEFORE);
    const rs = await queryResultSet(quiet.ctx, URL_, { maxrec: 2 }, { warnOverflow: "unexpected" });
    expect(rs.overflow).toBeDefined();
    expect(quiet.warnings).toEqual([]);
    const loud = target(200, OVERFLOW_BEFORE);
    await queryResultSet(loud.ctx, URL_, { maxrec: 5 }, { warnOverflow: "unexpected" });
    expect(loud.warnings).toHaveLength(1);
    const stream = target(200, OVERFLOW_AFTER);
    await (await queryResultStream(stream.ctx, URL_, { maxrec: 2 }, { warnOverflow: "unexpected" })).toArray();
    expect(stream.warnings).toEqual([]);
  });
});

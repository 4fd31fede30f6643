/**
 * Response classification: decides, before a VOTable is parsed, whether an
 * HTTP response is a result, a service-reported error (DALI 1.1 §4.4: a
 * VOTable with `INFO name="QUERY_STATUS" value="ERROR"`, with any HTTP
 * status) or a broken service (an HTML or text error page, a wrong content
 * type, an empty body).
 */
import {
  DALFormatError,
  DALQueryError,
  DALRateLimitError,
  DALServiceError,
  DALOverflowWarning,
  parseVOTable,
  redactUrl,
} from "@vo/votable";
import type { Info, ResourceMeta, TableMeta, VOTableMeta } from "@vo/votable";
import type { VOWarning } from "../types.js";
import type { TransportResponse } from "../transport/types.js";

/** Media types accepted as a VOTable (parameters such as `;content=datalink` are ignored). */
export const VOTABLE_MEDIA_TYPES: readonly string[] = [
  "application/x-votable+xml",
  "application/votable+xml",
  "text/x-votable+xml",
  "text/xml",
  "application/xml",
];

/** What the caller expects in a 2xx body: a VOTable (checked and sniffed) or anything (passed through). */
export type ExpectedBody = "votable" | "any";

/** Options of {@link classifyResponse}. */
export interface ClassifyOptions {
  /** The request URL, for messages (redacted there). */
  url: string;
  /** Default `"votable"`. */
  expect?: ExpectedBody | undefined;
  /** Receives the warning for a VOTable sent under a wrong content type. */
  onWarning?: ((warning: VOWarning) => void) | undefined;
  /** The caller's signal: an abort while the body is read rejects with its reason. */
  signal?: AbortSignal | undefined;
}

/** Bytes of a 2xx body read ahead to recognise it. */
const SNIFF_BYTES = 1024;
/** Bytes of an error body read to find a VOTable error message or make an excerpt. */
const ERROR_BODY_LIMIT = 1 << 20;
/** Characters of stripped body text put in an error message. */
const MESSAGE_EXCERPT_CHARS = 300;

/**
 * Checks an HTTP response and returns it with its body unread (the sniffed
 * bytes are replayed), or throws.
 *
 * @throws {DALQueryError} a non-2xx response whose body is a VOTable with QUERY_STATUS=ERROR.
 * @throws {DALRateLimitError} HTTP 429.
 * @throws {DALServiceError} another non-2xx response; with `expect: "votable"`, a 2xx HTML/text page or
 * a body that is not XML under a non-VOTable content type. Carries status, content type and a body excerpt.
 * @throws {DALFormatError} with `expect: "votable"`, an empty 2xx body.
 */
export async function classifyResponse(response: TransportResponse, options: ClassifyOptions): Promise<TransportResponse> {
  const url = response.url || options.url;
  const contentType = response.headers.get("content-type") ?? undefined;
  if (response.status < 200 || response.status > 299) throw await errorFromResponse(response, url, contentType, options);
  if ((options.expect ?? "votable") === "any") return response;

  const peeked = await peek(response);
  const kind = sniff(peeked.head);
  if (kind === "empty") {
    await peeked.response.cancel();
    throw new DALFormatError(`empty response body where a VOTable was expected (HTTP ${response.status}, ${redactUrl(url)})`, {
      url,
      standard: "DALI 1.1",
    });
  }
  if (kind === "html" || (kind === "other" && !isVOTableContentType(contentType))) {
    const body = await readAll(peeked.response, ERROR_BODY_LIMIT);
    throw serviceError(
      `expected a VOTable, got ${kind === "html" ? "an HTML page" : (contentType ?? "no content type")}`,
      response,
      url,
      contentType,
      body,
    );
  }
  if (!isVOTableContentType(contentType)) {
    options.onWarning?.({
      name: "DALContentTypeWarning",
      code: "VO_WARN_CONTENT_TYPE",
      message: `the service sent a VOTable as ${contentType ?? "no content type"} instead of application/x-votable+xml`,
      url: redactUrl(url),
    });
  }
  return peeked.response;
}

/** True for the content types of {@link VOTABLE_MEDIA_TYPES}. */
export function isVOTableContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const base = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return VOTABLE_MEDIA_TYPES.includes(base);
}

type BodyKind = "empty" | "xml" | "html" | "other";

/** Recognises a body by its first bytes: XML (`<?xml`, `<VOTABLE`, comments), HTML, empty, or other. */
function sniff(head: Uint8Array): BodyKind {
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, "").trimStart();
  if (text === "") return "empty";
  if (/^<!doctype\s+html|^<html[\s>]/i.test(text)) return "html";
  if (/^<(\?xml|!--|([\w.-]+:)?VOTABLE[\s>])/i.test(text)) {
    // XHTML error pages start with <?xml too.
    return /<html[\s>]/i.test(text) && !/<([\w.-]+:)?VOTABLE[\s>]/i.test(text) ? "html" : "xml";
  }
  return "other";
}

/**
 * True once the first bytes say what the body is: text that is not markup,
 * a VOTABLE or html start tag, or {@link SNIFF_BYTES} bytes. Reading no
 * further matters: a streaming service may pause after its header.
 */
function decided(head: Uint8Array): boolean {
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, "").trimStart();
  if (text === "") return false;
  if (!text.startsWith("<") || head.byteLength >= SNIFF_BYTES) return true;
  return /<([\w.-]+:)?VOTABLE[\s>]|<html[\s>]/i.test(text);
}

/** Reads the first bytes until {@link decided} and returns them with a response that replays them. */
async function peek(response: TransportResponse): Promise<{ head: Uint8Array; response: TransportResponse }> {
  const iterator = response.body[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (!decided(concat(chunks, length))) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.byteLength;
  }
  const head = concat(chunks, length);
  async function* replay(): AsyncGenerator<Uint8Array> {
    try {
      for (const chunk of chunks.splice(0)) yield chunk;
      while (!done) {
        const next = await iterator.next();
        if (next.done) break;
        yield next.value;
      }
      done = true;
    } finally {
      if (!done) await iterator.return?.();
    }
  }
  const body = replay();
  const replayed: TransportResponse = {
    status: response.status,
    statusText: response.statusText,
    url: response.url,
    headers: response.headers,
    body,
    bytes: () => readAll(replayed, Infinity),
    text: async () => new TextDecoder().decode(await readAll(replayed, Infinity)),
    cancel: async () => {
      // Cancel the source first: a read pending inside `body` would otherwise hold up `return()`.
      await response.cancel().catch(() => undefined);
      await body.return(undefined).catch(() => undefined);
    },
  };
  return { head, response: replayed };
}

/** Reads up to `limit` bytes of a body, then frees the connection. */
async function readAll(response: TransportResponse, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for await (const chunk of response.body) {
      chunks.push(chunk);
      length += chunk.byteLength;
      if (length >= limit) break;
    }
  } finally {
    if (length >= limit) await response.cancel().catch(() => undefined);
  }
  return concat(chunks, length);
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** The error for a non-2xx response: the service's VOTable error if there is one, else an HTTP error. */
async function errorFromResponse(
  response: TransportResponse,
  url: string,
  contentType: string | undefined,
  options: ClassifyOptions,
): Promise<Error> {
  let body: Uint8Array;
  try {
    body = await readAll(response, ERROR_BODY_LIMIT);
  } catch (cause) {
    // The caller's abort and our own time limits stay what they are; other read failures keep the status.
    if (options.signal?.aborted) throw options.signal.reason;
    if (cause instanceof DALServiceError && cause.code === "VO_ERR_TIMEOUT") return cause;
    return new DALServiceError(`HTTP ${response.status} ${response.statusText} from ${redactUrl(url)}`, {
      url,
      status: response.status,
      contentType,
      cause,
    });
  }
  const kind = sniff(body.subarray(0, SNIFF_BYTES));
  if (kind === "xml" || (kind === "other" && isVOTableContentType(contentType))) {
    const queryError = await votableError(body, url, options.signal);
    if (queryError) return queryError;
  }
  if (response.status === 429) {
    const text = decodeExcerpt(body);
    return new DALRateLimitError(`HTTP 429 Too Many Requests from ${redactUrl(url)}${messageExcerpt(text, kind)}`, {
      url,
      status: 429,
      contentType,
      bodyExcerpt: text,
      retryAfterSeconds: retryAfterSeconds(response.headers.get("retry-after")),
      retryAfterRaw: response.headers.get("retry-after") ?? undefined,
    });
  }
  return serviceError(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`, response, url, contentType, body);
}

/** The DALQueryError of a VOTable error document, or undefined when the body is not one. */
async function votableError(body: Uint8Array, url: string, signal: AbortSignal | undefined): Promise<DALQueryError | undefined> {
  try {
    const doc = await parseVOTable(body, signal ? { signal } : {});
    const table = doc.resultTable();
    const resource = table?.resource ?? resultsResource(doc.meta);
    const status = findQueryStatus(doc.meta, resource, table?.meta);
    if (status?.value.toUpperCase() === "ERROR") return queryError(status, doc.meta, resource, url);
  } catch (err) {
    if (signal?.aborted) throw err;
  }
  return undefined;
}

function serviceError(
  what: string,
  response: TransportResponse,
  url: string,
  contentType: string | undefined,
  body: Uint8Array,
): DALServiceError {
  const text = decodeExcerpt(body);
  const kind = sniff(body.subarray(0, SNIFF_BYTES));
  return new DALServiceError(`${what} from ${redactUrl(url)}${messageExcerpt(text, kind)}`, {
    url,
    status: response.status,
    contentType,
    bodyExcerpt: text,
  });
}

function decodeExcerpt(body: Uint8Array): string {
  return new TextDecoder().decode(body.subarray(0, 2048 + 4)).slice(0, 2048);
}

/** `": <text>"` with HTML tags stripped and whitespace collapsed, or `""`. */
function messageExcerpt(text: string, kind: BodyKind): string {
  const plain = kind === "html" || kind === "xml" ? htmlToText(text) : text.replace(/\s+/g, " ").trim();
  if (plain === "") return "";
  return `: ${plain.length > MESSAGE_EXCERPT_CHARS ? `${plain.slice(0, MESSAGE_EXCERPT_CHARS)}…` : plain}`;
}

/** The readable text of an HTML page: its title, then its body text without tags, scripts or styles. */
export function htmlToText(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const body = html
    .replace(/<(script|style|head)\b[\s\S]*?(<\/\1\s*>|$)/gi, " ")
    .replace(/<!--[\s\S]*?(-->|$)/g, " ")
    .replace(/<[^>]*(>|$)/g, " ");
  const clean = (s: string): string => decodeEntities(s).replace(/\s+/g, " ").trim();
  const text = clean(body);
  const heading = title === undefined ? "" : clean(title);
  return heading === "" || text.startsWith(heading) ? text : `${heading}: ${text}`.replace(/: $/, "");
}

function decodeEntities(s: string): string {
  const named: { [name: string]: string } = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return named[e.toLowerCase()] ?? all;
  });
}

function retryAfterSeconds(header: string | null): number | undefined {
  if (header === null) return undefined;
  if (/^\s*\d+\s*$/.test(header)) return Number(header);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The RESOURCE holding the results: the first with `type="results"`, else the first one (as pyVO). */
export function resultsResource(meta: VOTableMeta): ResourceMeta | undefined {
  // Depth-first, document order, without recursion: a hostile document must not reach the stack limit.
  const pending: ResourceMeta[] = [...meta.resources].reverse();
  for (let r = pending.pop(); r !== undefined; r = pending.pop()) {
    if (r.type === "results") return r;
    for (let i = r.resources.length - 1; i >= 0; i--) pending.push(r.resources[i] as ResourceMeta);
  }
  return meta.resources[0];
}

/**
 * The QUERY_STATUS INFO of a result: ERROR wins wherever it is, then
 * OVERFLOW (services write it before or after the TABLE), then the last
 * one found in the TABLE, the results RESOURCE or the VOTABLE.
 */
export function findQueryStatus(
  document: VOTableMeta | undefined,
  resource: ResourceMeta | undefined,
  table: TableMeta | undefined,
): Info | undefined {
  const infos = [...(document?.infos ?? []), ...(resource?.infos ?? []), ...(table?.infos ?? [])].filter(
    (i) => i.name.toUpperCase() === "QUERY_STATUS",
  );
  const withValue = (v: string): Info | undefined => infos.find((i) => i.value.trim().toUpperCase() === v);
  return withValue("ERROR") ?? withValue("OVERFLOW") ?? infos.at(-1);
}

/**
 * The error a QUERY_STATUS=ERROR INFO stands for. The message is the INFO's
 * text, else the text of another INFO or the DESCRIPTION of the RESOURCE or VOTABLE.
 */
export function queryError(
  status: Info,
  document: VOTableMeta | undefined,
  resource: ResourceMeta | undefined,
  url: string,
): DALQueryError {
  const infos = [...(resource?.infos ?? []), ...(document?.infos ?? [])];
  const candidates = [
    status.content,
    ...infos.filter((i) => i !== status && i.name.toUpperCase() !== "QUERY_STATUS").map((i) => i.content),
    resource?.description,
    document?.description,
  ];
  const text = candidates.map((c) => c?.trim()).find((c): c is string => c !== undefined && c !== "");
  const message = text ?? `the service reported QUERY_STATUS=${status.value} without a message`;
  return new DALQueryError(`${message} (${redactUrl(url)})`, { url, label: status.value.trim() });
}

/**
 * Throws the service's error for QUERY_STATUS=ERROR and returns the status
 * value and, for OVERFLOW, the warning to report.
 *
 * @throws {DALQueryError} QUERY_STATUS=ERROR.
 */
export function checkQueryStatus(
  document: VOTableMeta | undefined,
  resource: ResourceMeta | undefined,
  table: TableMeta | undefined,
  url: string,
  result: { maxrec: number | undefined; returned: number },
): { queryStatus: string | undefined; overflow: DALOverflowWarning | undefined } {
  const status = findQueryStatus(document, resource, table);
  const value = status?.value.trim().toUpperCase();
  if (status && value === "ERROR") throw queryError(status, document, resource, url);
  const overflow = value === "OVERFLOW" ? new DALOverflowWarning(url, result.maxrec, result.returned) : undefined;
  return { queryStatus: status?.value.trim(), overflow };
}

/** A format error from the reader, again with the request URL in its message and `url` (the original is its `cause`). */
export function withUrl(error: unknown, url: string): unknown {
  if (!(error instanceof DALFormatError) || error.url !== undefined) return error;
  const wrapped = new DALFormatError(`${error.message} (${redactUrl(url)})`, {
    url,
    cause: error,
    ...(error.standard === undefined ? {} : { standard: error.standard }),
    ...(error.reason === undefined ? {} : { reason: error.reason }),
  });
  // Keep the position without repeating it in the message.
  return Object.assign(wrapped, { location: error.location });
}

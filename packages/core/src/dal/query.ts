import { ParameterError } from "@vo/votable";
import type { VOWarning } from "../types.js";
import type { Timeouts, Transport, TransportRequest, TransportResponse } from "../transport/types.js";
import { classifyResponse } from "./classify.js";
import type { ExpectedBody } from "./classify.js";
import { encodeDALParams } from "./params.js";
import type { DALParams } from "./params.js";
import { iterateStream } from "../transport/request-engine.js";

/** Where DAL requests go: a service context (its `onWarning` receives warnings), or a bare transport. */
export type DALTarget =
  | Transport
  | {
      /** The transport requests go through. */
      readonly transport: Transport;
      /** Receives the warnings a response raises (an overflow, a sloppy document). */
      readonly onWarning?: ((warning: VOWarning) => void) | undefined;
    };

/** One part of a multipart upload (TAP UPLOAD, SODA, datalink POST). */
export interface MultipartPart {
  /** The form field name, e.g. the `param:` name an UPLOAD refers to. */
  name: string;
  /** The content; an async iterable or Blob is streamed, not buffered. */
  value: string | Uint8Array | AsyncIterable<Uint8Array> | Blob;
  /** Sent as the part's file name (uploads need one). */
  filename?: string | undefined;
  /** The part's Content-Type; default `application/x-votable+xml` for files, none for text fields. */
  contentType?: string | undefined;
}

/** Options of {@link dalRequest}. */
export interface DALRequestOptions {
  /** Default GET; POST sends the parameters form-urlencoded, or multipart when `multipart` is given. */
  method?: "GET" | "POST" | undefined;
  /** Files and extra fields to upload; forces a multipart POST. */
  multipart?: FormData | readonly MultipartPart[] | undefined;
  /** Extra request headers. */
  headers?: { readonly [name: string]: string } | undefined;
  /** The caller's cancellation; an abort rejects with `signal.reason` unchanged. */
  signal?: AbortSignal | undefined;
  /** Time limits of the request, over the transport's (a limit that expires is `VO_ERR_TIMEOUT`). */
  timeouts?: Timeouts | undefined;
  /** Fail when the (decompressed) response body exceeds this many bytes. */
  maxResponseBytes?: number | undefined;
  /** What a 2xx body must be: `"votable"` (default; checked and sniffed) or `"any"`. */
  expect?: ExpectedBody | undefined;
}

/** The transport and warning sink of a {@link DALTarget}. */
export function resolveTarget(target: DALTarget): { transport: Transport; onWarning: (warning: VOWarning) => void } {
  if ("request" in target) return { transport: target, onWarning: () => undefined };
  return { transport: target.transport, onWarning: target.onWarning ?? (() => undefined) };
}

/**
 * Sends a DAL query and classifies the response. GET puts the DALI-encoded
 * parameters in the query string (after any the URL already has); POST sends
 * them form-urlencoded, or as multipart fields before the parts when there are parts.
 *
 * @returns the response with its body unread.
 * @throws {ParameterError} for parameters that cannot be encoded, or `multipart` with GET.
 * @throws {DALServiceError} network errors, timeouts, HTTP errors, HTML/text pages (see {@link classifyResponse}).
 * @throws {DALQueryError} an error VOTable sent with an HTTP error status.
 * @throws {DALFormatError} an empty body where a VOTable was expected.
 * @example
 * const response = await dalRequest(ctx, "https://example.org/tap/sync",
 *   { request: "doQuery", lang: "ADQL", query: "SELECT TOP 5 * FROM ivoa.obscore" }, { method: "POST" });
 */
export async function dalRequest(
  target: DALTarget,
  url: string | URL,
  params: DALParams | URLSearchParams = {},
  options: DALRequestOptions = {},
): Promise<TransportResponse> {
  const { transport, onWarning } = resolveTarget(target);
  const fields = params instanceof URLSearchParams ? params : encodeDALParams(params);
  const method = options.method ?? (options.multipart ? "POST" : "GET");
  if (options.multipart && method !== "POST") throw new ParameterError("multipart", "method POST", method);

  const headers: { [name: string]: string } = { ...options.headers };
  const request: TransportRequest = { url: String(url), method, headers };
  if (method === "GET") {
    request.url = appendQuery(String(url), fields);
  } else if (options.multipart) {
    if (isFormData(options.multipart)) {
      const form = new FormData();
      for (const [name, value] of fields) form.append(name, value);
      options.multipart.forEach((value, name) => form.append(name, value));
      request.body = form;
    } else {
      const boundary = `----vo-dal-${crypto.randomUUID()}`;
      headers["content-type"] = `multipart/form-data; boundary=${boundary}`;
      request.body = multipartBody(boundary, fields, options.multipart);
    }
  } else {
    headers["content-type"] = "application/x-www-form-urlencoded";
    request.body = fields.toString();
  }
  if (options.signal) request.signal = options.signal;
  if (options.timeouts) request.timeouts = options.timeouts;
  if (options.maxResponseBytes !== undefined) request.maxResponseBytes = options.maxResponseBytes;

  const response = await transport.request(request);
  return classifyResponse(response, { url: String(request.url), expect: options.expect, onWarning, signal: options.signal });
}

/** `url` with `fields` appended to its query string, keeping what is already there (SCS URLs often end in `?` or `&`). */
export function appendQuery(url: string, fields: URLSearchParams): string {
  const query = fields.toString();
  if (query === "") return url;
  const hash = url.indexOf("#");
  const base = hash < 0 ? url : url.slice(0, hash);
  const separator = !base.includes("?") ? "?" : /[?&]$/.test(base) ? "" : "&";
  return `${base}${separator}${query}`;
}

function isFormData(value: unknown): value is FormData {
  return typeof FormData !== "undefined" && value instanceof FormData;
}

const encoder = new TextEncoder();

/** RFC 7578 field-name/filename quoting, as browsers do it. */
function quote(value: string): string {
  return value.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Streams a multipart/form-data body (RFC 7578): the fields, then the parts. */
async function* multipartBody(
  boundary: string,
  fields: URLSearchParams,
  parts: readonly MultipartPart[],
): AsyncGenerator<Uint8Array> {
  for (const [name, value] of fields) {
    yield encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`);
  }
  for (const part of parts) {
    const isText = typeof part.value === "string" && part.filename === undefined;
    const type = part.contentType ?? (isText ? undefined : "application/x-votable+xml");
    yield encoder.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"` +
        (part.filename === undefined ? "" : `; filename="${quote(part.filename)}"`) +
        `\r\n${type === undefined ? "" : `Content-Type: ${type}\r\n`}\r\n`,
    );
    const value = part.value;
    if (typeof value === "string") yield encoder.encode(value);
    else if (value instanceof Uint8Array) yield value;
    else if (typeof Blob !== "undefined" && value instanceof Blob) yield* iterateStream(value.stream());
    else yield* value as AsyncIterable<Uint8Array>;
    yield encoder.encode("\r\n");
  }
  yield encoder.encode(`--${boundary}--\r\n`);
}


/**
 * One XML-RPC call over HTTP POST with `fetch` (Node and browsers alike).
 */
import { DALServiceError } from "@vo/core";
import type { SampValue } from "../types.js";
import { decodeResponse, encodeCall } from "./codec.js";
import type { XmlRpcResponse } from "./codec.js";

/** Options of {@link postXmlRpc}. */
export interface PostOptions {
  /** The caller's abort signal: the call rejects with its reason. */
  readonly signal?: AbortSignal | undefined;
  /** A time limit of ours in milliseconds (`VO_ERR_TIMEOUT`); none by default. */
  readonly timeoutMs?: number | undefined;
  /** Extra request headers. */
  readonly headers?: { readonly [name: string]: string } | undefined;
  /** Let strings carry any XML character (see the codec); default false. */
  readonly allowUnicode?: boolean | undefined;
}

/**
 * POSTs a `<methodCall>` and decodes the `<methodResponse>` (a value or a fault; faults are returned, not thrown).
 * @throws {DALServiceError} when the peer cannot be reached, answers an HTTP error, or the time limit expires (`VO_ERR_TIMEOUT`).
 * @throws {DALFormatError} when the answer is not XML-RPC.
 */
export async function postXmlRpc(url: string, method: string, params: readonly SampValue[], options: PostOptions = {}): Promise<XmlRpcResponse> {
  const body = encodeCall(method, params, { allowUnicode: options.allowUnicode ?? false });
  const timer = options.timeoutMs !== undefined ? AbortSignal.timeout(options.timeoutMs) : undefined;
  const signals = [options.signal, timer].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
  let res: Response;
  let bytes: Uint8Array;
  try {
    res = await fetch(url, { method: "POST", headers: { "Content-Type": "text/xml", ...options.headers }, body, ...(signal && { signal }) });
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timer?.aborted) {
      throw new DALServiceError(`XML-RPC ${method}: no answer within ${options.timeoutMs} ms`, { url, code: "VO_ERR_TIMEOUT", cause: timer.reason });
    }
    const why = (err as { cause?: { code?: string } }).cause?.code ?? (err instanceof Error ? err.message : String(err));
    throw new DALServiceError(`XML-RPC ${method}: cannot reach ${url} (${why})`, { url, cause: err });
  }
  if (!res.ok) {
    throw new DALServiceError(`XML-RPC ${method}: HTTP ${res.status} ${res.statusText}`, {
      url,
      status: res.status,
      contentType: res.headers.get("content-type") ?? undefined,
      bodyExcerpt: new TextDecoder().decode(bytes.subarray(0, 2048)),
    });
  }
  return decodeResponse(bytes, url);
}

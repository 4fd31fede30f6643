/**
 * A dataset in memory or as a stream (pyVO's `getdataset`), on every
 * platform: only the transport is used, no file system, so this works in
 * browsers as it does in Node.
 */
import { DALServiceError } from "@vo/votable";
import type { Timeouts, Transport, TransportResponse } from "../transport/types.js";

/** Options of {@link openDataset}, {@link fetchDatasetBytes} and {@link fetchDatasetStream}. */
export interface FetchDatasetOptions {
  /** Cancels the request (and a stream being read); rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /** Time limits of the request. */
  timeouts?: Timeouts | undefined;
  /** Extra request headers. */
  headers?: Record<string, string> | undefined;
  /** Fail when the body is larger than this many bytes (the transport stops reading). */
  maxBytes?: number | undefined;
}

/**
 * GETs a dataset and checks the answer: resolves with the response, its
 * body unread, for a 2xx status.
 * @throws {DALServiceError} for any other status (with the status, content type and a body excerpt) and network failures.
 */
export async function openDataset(transport: Transport, url: string | URL, options: FetchDatasetOptions = {}): Promise<TransportResponse> {
  const { signal } = options;
  signal?.throwIfAborted();
  const response = await transport.request({
    url,
    method: "GET",
    ...(signal ? { signal } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.maxBytes !== undefined ? { maxResponseBytes: options.maxBytes } : {}),
  });
  if (response.status < 200 || response.status > 299) {
    const contentType = response.headers.get("content-type") ?? undefined;
    let excerpt: string | undefined;
    try {
      excerpt = (await response.text()).slice(0, 2048);
    } catch {
      await response.cancel().catch(() => undefined);
    }
    throw new DALServiceError(`dataset request failed: HTTP ${response.status} ${response.statusText}`.trimEnd(), {
      url: String(url),
      status: response.status,
      contentType,
      bodyExcerpt: excerpt,
    });
  }
  return response;
}

/**
 * A dataset's bytes, in memory.
 * @throws {DALServiceError} as {@link openDataset}.
 */
export async function fetchDatasetBytes(transport: Transport, url: string | URL, options: FetchDatasetOptions = {}): Promise<Uint8Array> {
  return (await openDataset(transport, url, options)).bytes();
}

/**
 * A dataset as a web `ReadableStream` of bytes (Node 20+ and browsers), read
 * as it arrives; cancelling the stream frees the connection.
 * @throws {DALServiceError} as {@link openDataset}; errors while reading surface from the stream.
 */
export async function fetchDatasetStream(
  transport: Transport,
  url: string | URL,
  options: FetchDatasetOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  const response = await openDataset(transport, url, options);
  const chunks = response.body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await chunks.return?.();
      await response.cancel().catch(() => undefined);
    },
  });
}

/** HTTP methods the transport sends. */
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "HEAD";

/** A request body: bytes, text, form fields (urlencoded), multipart form, or a stream of bytes. */
export type RequestBody = string | Uint8Array | URLSearchParams | FormData | AsyncIterable<Uint8Array>;

/**
 * Time limits of one request, in milliseconds; 0 or Infinity means no limit. A limit that @vo imposes ends in
 * `DALServiceError` code `VO_ERR_TIMEOUT`. Per-request values override the transport's.
 */
export interface Timeouts {
  /** Establishing the connection (undici transport only; fetch counts it in `headers`). */
  connect?: number;
  /** From sending the request to receiving the response headers (per attempt). */
  headers?: number;
  /** Longest silence between two body chunks while the body is being read. */
  body?: number;
  /** The whole exchange: retries, redirects, headers and body. */
  total?: number;
}

/** One HTTP request. */
export interface TransportRequest {
  /** An absolute http(s) URL; user info in it (`https://user:pass@host/`) is sent as Basic auth to that origin only. */
  url: string | URL;
  /** Default GET. */
  method?: HttpMethod;
  /** Request headers (names are case-insensitive); User-Agent and Accept-Encoding are added when absent. */
  headers?: Record<string, string>;
  /** The request body; not allowed with GET or HEAD. */
  body?: RequestBody;
  /** The caller's cancellation; an abort rejects with `signal.reason` unchanged. */
  signal?: AbortSignal;
  /** Time limits of this request, over the transport's. */
  timeouts?: Timeouts;
  /** Retry on connection resets and 503 + Retry-After. Defaults to true for GET/HEAD/PUT/DELETE, false for POST. */
  idempotent?: boolean;
  /** Stop reading and fail when the (decompressed) body exceeds this many bytes; overrides the transport's. */
  maxResponseBytes?: number;
  /** Follow redirects (default true, at most 10); credentials are never forwarded to another origin. */
  followRedirects?: boolean;
}

/** An HTTP response whose body has not been read yet. Read it once, by one of the methods. */
export interface TransportResponse {
  /** The HTTP status; 4xx/5xx are returned, not thrown (except 429, see `DALRateLimitError`). */
  status: number;
  /** The reason phrase (empty over HTTP/2). */
  statusText: string;
  /** The final URL, after redirects. */
  url: string;
  /** The response headers. */
  headers: Headers;
  /** The (decompressed) body as a stream of chunks. */
  body: AsyncIterable<Uint8Array>;
  /** Reads the whole body. */
  bytes(): Promise<Uint8Array>;
  /** Reads the whole body as text, in the Content-Type's charset (UTF-8 by default). */
  text(): Promise<string>;
  /** Discards the body and frees the connection. */
  cancel(): Promise<void>;
}

/** The HTTP layer every service uses. `@vo/core` ships an undici transport (Node) and a fetch transport (browsers). */
export interface Transport {
  /**
   * Sends a request and resolves once the response headers arrive, the body unread.
   * @throws {DALServiceError} network failures, and `VO_ERR_TIMEOUT` for a time limit of @vo's.
   * @throws {DALRateLimitError} HTTP 429 that is not retried.
   * @throws {ParameterError} a URL that is not absolute http(s), or a body with GET/HEAD.
   * @throws the signal's `reason` when the caller aborts.
   */
  request(request: TransportRequest): Promise<TransportResponse>;
  /** Frees connections. */
  close(): Promise<void>;
}

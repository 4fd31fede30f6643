/** HTTP methods the transport sends. */
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "HEAD";

/** A request body: bytes, text, form fields (urlencoded), multipart form, or a stream of bytes. */
export type RequestBody = string | Uint8Array | URLSearchParams | FormData | AsyncIterable<Uint8Array>;

/**
 * Time limits of one request, in milliseconds; 0 or Infinity means no limit. A limit that `@vo` imposes ends in
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
  /**
   * Where the request's credentials come from, asked again on every hop: for the first URL and after each
   * same-origin redirect. After a redirect to another origin nothing is asked and nothing is sent. `@vo/auth`'s
   * `auth()` plugin sets this on every request of a client.
   */
  auth?: RequestAuth;
}

/**
 * A TLS client certificate (the `#tls-with-certificate` security method), for the undici transport: PEM `cert`
 * and `key`, or a PKCS#12 `pfx`, with the `passphrase` that unlocks the key. `ca` adds certificate authorities to
 * trust for the server (a private archive's own CA). In browsers the browser's own certificates are used instead.
 */
export interface ClientCertificate {
  /** The certificate chain, PEM. */
  readonly cert?: string | Uint8Array | undefined;
  /** The private key, PEM. */
  readonly key?: string | Uint8Array | undefined;
  /** A PKCS#12 bundle holding key and certificate. */
  readonly pfx?: Uint8Array | undefined;
  /** Unlocks an encrypted `key` or `pfx`. */
  readonly passphrase?: string | undefined;
  /** Extra certificate authorities to trust for the server, PEM. */
  readonly ca?: string | Uint8Array | readonly (string | Uint8Array)[] | undefined;
}

/** The credentials one hop of a request carries. */
export interface AppliedCredentials {
  /** The security method's IVOA standardID (`ivo://ivoa.net/sso#BasicAA`, …), named in auth error messages. */
  readonly method: string;
  /** Headers to add (Authorization, Cookie, a custom method's header); a header the caller set wins. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** A TLS client certificate for the connection (undici transport). */
  readonly clientCertificate?: ClientCertificate | undefined;
  /** Browsers: send the browser's cookies and client certificates (`fetch(…, { credentials: "include" })`). */
  readonly includeBrowserCredentials?: boolean | undefined;
}

/** Supplies a request's credentials hop by hop; see {@link TransportRequest.auth}. */
export interface RequestAuth {
  /** The credentials for `url`, or undefined to send the request anonymously. */
  credentialsFor(url: URL): AppliedCredentials | undefined | Promise<AppliedCredentials | undefined>;
  /** The security methods known to be offered at `url` (from VOSI capabilities), for auth error messages. */
  securityMethodsFor?(url: URL): readonly string[];
  /** Sees the headers of every response of the request, redirects included (to store `Set-Cookie`). */
  onResponse?(url: URL, headers: Headers): void;
}

/** An HTTP response whose body has not been read yet. Read it once, by one of the methods. */
export interface TransportResponse {
  /** The HTTP status; 4xx/5xx are returned, not thrown (except 429, see `DALRateLimitError`, and 401/403, see `DALAuthError`). */
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
   * @throws {DALAuthError} HTTP 401 or 403 (`VO_ERR_AUTH`), naming the security methods the service offers.
   * @throws {ParameterError} a URL that is not absolute http(s), or a body with GET/HEAD.
   * @throws the signal's `reason` when the caller aborts.
   */
  request(request: TransportRequest): Promise<TransportResponse>;
  /** Frees connections. Requests still in flight end at once with a `VOError` code `VO_ERR_CLOSED`; later ones are refused. */
  close(): Promise<void>;
}

/**
 * The @vo error hierarchy, with pyVO's names.
 *
 * It is defined here, in the package at the bottom of the dependency graph,
 * because the VOTable reader must throw `DALFormatError` and `@vo/core`
 * depends on `@vo/votable` (not the other way round). `@vo/core` re-exports
 * every class; users import them from `@vo/core`. This is a departure from
 * DESIGN.md, which places the hierarchy in core.
 *
 * `DALRateLimitError` and `PluginError` are additions to pyVO's set. As in
 * pyVO, `DALProtocolError` is the parent of `DALServiceError` and
 * `DALFormatError`, and `DALAccessError` names the base class (`VOError`);
 * the underlying exception is the standard ES2022 `cause`.
 *
 * Identity works across installed copies: every instance is branded under
 * `Symbol.for("@vo/core.error")` with its chain of class ids, and
 * `instanceof` checks that brand. Prefer `err.code` for matching.
 */

const BRAND = Symbol.for("@vo/core.error");

/** Every stable error code; listed in docs/errors.md and never reused. */
export type VOErrorCode =
  | "VO_ERR_SERVICE"
  | "VO_ERR_TIMEOUT"
  | "VO_ERR_RATE_LIMIT"
  | "VO_ERR_AUTH"
  | "VO_ERR_QUERY"
  | "VO_ERR_FORMAT"
  | "VO_ERR_PARAMETER"
  | "VO_ERR_PLUGIN_MISSING"
  | "VO_ERR_PLUGIN_CONFLICT"
  | "VO_ERR_PLUGIN_VERSION"
  | "VO_ERR_PLUGIN_DEPENDENCY"
  | "VO_ERR_CLOSED"
  | "VO_ERR_TOO_LARGE"
  // @vo/samp
  | "VO_ERR_SAMP_NO_HUB"
  | "VO_ERR_SAMP_FAULT"
  | "VO_ERR_SAMP_CLOSED"
  | "VO_ERR_SAMP_NO_CLIENT"
  | "VO_ERR_SAMP_REPLY";

/** Options common to every `@vo` error. */
export interface VOErrorOptions {
  /** The request URL; credentials are redacted before it is stored. */
  url?: string | URL | undefined;
  /** The underlying error. */
  cause?: unknown;
}

const SECRETS = Symbol.for("@vo/core.secrets");

/** The process-wide registry of secrets (value → how many holders registered it), shared by every installed copy of @vo. */
function secrets(): Map<string, number> {
  const holder = globalThis as { [SECRETS]?: Map<string, number> };
  return (holder[SECRETS] ??= new Map<string, number>());
}

/** Secrets shorter than this are not registered: replacing them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 4;

/**
 * Registers a credential (a password, a token, a cookie value, an Authorization header value) so that no `@vo`
 * error message, URL, body excerpt, `cause` or warning ever shows it: each occurrence, also URL-encoded, becomes
 * `[REDACTED]`. `@vo/auth` registers every credential it is given; values shorter than 4 characters are ignored.
 * Registrations are counted: a value stays registered until each registration is undone by {@link forgetSecret}.
 */
export function registerSecret(value: string): void {
  if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) return;
  const map = secrets();
  for (const v of new Set([value, encodeURIComponent(value)])) map.set(v, (map.get(v) ?? 0) + 1);
  registryVersion(true);
}

/** Undoes one {@link registerSecret} of `value` (when a credential or cookie is removed). */
export function forgetSecret(value: string): void {
  if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) return;
  const map = secrets();
  for (const v of new Set([value, encodeURIComponent(value)])) {
    const n = (map.get(v) ?? 0) - 1;
    if (n > 0) map.set(v, n);
    else map.delete(v);
  }
  registryVersion(true);
}

const sortedCache = new WeakMap<Map<string, number>, { size: number; keys: string[]; version: number }>();
const SECRETS_VERSION = Symbol.for("@vo/core.secrets.version");

/** A counter bumped on every change of the registry, global like the registry (several installed copies share it). */
function registryVersion(bump = false): number {
  const holder = globalThis as { [SECRETS_VERSION]?: number };
  if (bump) holder[SECRETS_VERSION] = (holder[SECRETS_VERSION] ?? 0) + 1;
  return holder[SECRETS_VERSION] ?? 0;
}

/** The registered secrets, longest first (so a secret containing another is replaced whole); cached between changes. */
function longestFirst(map: Map<string, number>): string[] {
  const cached = sortedCache.get(map);
  const version = registryVersion();
  if (cached && cached.version === version && cached.size === map.size) return cached.keys;
  const keys = [...map.keys()].sort((a, b) => b.length - a.length);
  sortedCache.set(map, { size: map.size, keys, version });
  return keys;
}

/** `text` with every registered secret replaced by `[REDACTED]`. */
export function redactSecrets(text: string): string {
  const map = secrets();
  if (map.size === 0) return text;
  for (const secret of longestFirst(map)) {
    if (text.includes(secret)) text = text.split(secret).join("[REDACTED]");
  }
  return text;
}

/** Redacts registered secrets in the message and stack of `cause` and of its own causes (a few levels). */
function redactCause(cause: unknown): void {
  if (secrets().size === 0) return;
  for (let e = cause, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    try {
      const message = redactSecrets(e.message);
      if (message !== e.message) e.message = message;
      if (typeof e.stack === "string") {
        const stack = redactSecrets(e.stack);
        if (stack !== e.stack) e.stack = stack;
      }
    } catch {
      // A frozen error keeps its text; nothing else to do.
    }
  }
}

/** Removes user info, secret-looking query parameters and registered secrets from a URL. */
export function redactUrl(url: string | URL | undefined): string | undefined {
  if (url === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return redactSecrets(String(url));
  }
  if (u.username || u.password) {
    u.username = "";
    u.password = "";
  }
  for (const key of [...u.searchParams.keys()]) {
    if (/^(access_token|token|client_secret|password|passwd|api_?key|sig|signature)$/i.test(key)) {
      u.searchParams.set(key, "[REDACTED]");
    }
  }
  return redactSecrets(u.toString());
}

/** Base class of every error `@vo` throws (pyVO's `DALAccessError`). */
export class VOError extends Error {
  /** The brand id (see the module comment); subclasses need not declare one: their class name is used. */
  static readonly id: string = "VOError";
  /** Stable machine-readable code. */
  readonly code: VOErrorCode | undefined;
  /** The request URL, credentials redacted. */
  readonly url: string | undefined;

  constructor(message: string, options: VOErrorOptions & { code?: VOErrorCode } = {}) {
    redactCause(options.cause);
    super(redactSecrets(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = classId(new.target) ?? "VOError";
    this.code = options.code;
    this.url = redactUrl(options.url);
    const chain: string[] = [];
    for (let c: unknown = new.target; typeof c === "function"; c = Object.getPrototypeOf(c)) {
      const id = classId(c);
      if (id !== undefined && chain.at(-1) !== id) chain.push(id);
      if (c === VOError) break;
    }
    Object.defineProperty(this, BRAND, { value: chain, enumerable: false });
  }

  /**
   * `instanceof` by brand rather than by prototype: an error from another copy of `@vo/votable` (two installed
   * versions, a bundle) still matches its class here.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== "object" || value === null) return false;
    const chain = (value as { [BRAND]?: unknown })[BRAND];
    const id = classId(this);
    if (!Array.isArray(chain) || id === undefined) return Function.prototype[Symbol.hasInstance].call(this, value);
    return chain.includes(id);
  }
}

/**
 * The brand id of an error class: its own `static id` when it declares one (the built-in classes do, so that
 * minified bundles keep them), else its class name. A subclass that declares nothing is therefore told apart
 * from its parent by its name, and an anonymous class falls back to plain prototype `instanceof`.
 */
function classId(c: unknown): string | undefined {
  if (typeof c !== "function") return undefined;
  if (Object.prototype.hasOwnProperty.call(c, "id")) {
    const id = (c as { id?: unknown }).id;
    if (typeof id === "string" && id !== "") return id;
  }
  const name = (c as { name?: unknown }).name;
  return typeof name === "string" && name !== "" ? name : undefined;
}

/**
 * pyVO's name for the base class of every `@vo` error: the same class as {@link VOError}, so
 * `err instanceof DALAccessError` holds for every error `@vo` throws.
 */
export const DALAccessError = VOError;
/** pyVO's name for {@link VOError}. */
export type DALAccessError = VOError;

/** The codes of a {@link DALProtocolError}: those of its subclasses. */
export type DALProtocolErrorCode = "VO_ERR_SERVICE" | "VO_ERR_TIMEOUT" | "VO_ERR_RATE_LIMIT" | "VO_ERR_AUTH" | "VO_ERR_TOO_LARGE" | "VO_ERR_FORMAT";

/**
 * The service could not be used as the protocol says: the parent of {@link DALServiceError} (transport, HTTP)
 * and {@link DALFormatError} (a document that breaks its standard), as in pyVO. Catch it to handle both.
 */
export class DALProtocolError extends VOError {
  static override readonly id: string = "DALProtocolError";
  declare readonly code: DALProtocolErrorCode;

  constructor(message: string, options: VOErrorOptions & { code?: DALProtocolErrorCode } = {}) {
    super(message, { ...options, code: options.code ?? "VO_ERR_SERVICE" });
  }
}

/** Options of {@link DALServiceError}. */
export interface DALServiceErrorOptions extends VOErrorOptions {
  /** HTTP status; absent for network errors. */
  status?: number | undefined;
  /** The response's Content-Type. */
  contentType?: string | undefined;
  /** At most 2 KiB of the decoded response body (registered secrets redacted). */
  bodyExcerpt?: string | undefined;
  /** Default: `VO_ERR_AUTH` for HTTP 401 and 403, else `VO_ERR_SERVICE`. */
  code?: "VO_ERR_SERVICE" | "VO_ERR_TIMEOUT" | "VO_ERR_RATE_LIMIT" | "VO_ERR_AUTH" | "VO_ERR_TOO_LARGE";
}

/** HTTP or network failure: the service could not be reached or answered with an error status or wrong content. */
export class DALServiceError extends DALProtocolError {
  static override readonly id: string = "DALServiceError";
  declare readonly code: "VO_ERR_SERVICE" | "VO_ERR_TIMEOUT" | "VO_ERR_RATE_LIMIT" | "VO_ERR_AUTH" | "VO_ERR_TOO_LARGE";
  readonly status: number | undefined;
  readonly contentType: string | undefined;
  readonly bodyExcerpt: string | undefined;

  constructor(message: string, options: DALServiceErrorOptions = {}) {
    const auth = options.status === 401 || options.status === 403;
    super(message, { ...options, code: options.code ?? (auth ? "VO_ERR_AUTH" : "VO_ERR_SERVICE") });
    this.status = options.status;
    this.contentType = options.contentType;
    this.bodyExcerpt = options.bodyExcerpt === undefined ? undefined : redactSecrets(options.bodyExcerpt.slice(0, 2048));
  }
}

/** Options of {@link DALAuthError}. */
export interface DALAuthErrorOptions extends DALServiceErrorOptions {
  /** The security methods the service offers for this URL (IVOA standardIDs; "" for anonymous), from its challenge and capabilities. */
  securityMethods?: readonly string[] | undefined;
  /** The authentication schemes of the `WWW-Authenticate` challenges ("Basic", "Bearer", "ivoa_bearer", …). */
  challenges?: readonly string[] | undefined;
  /** The security method whose credentials the request carried; undefined when it went anonymously. */
  methodSent?: string | undefined;
}

/**
 * HTTP 401 or 403: the service wants credentials, refused the ones sent, or forbids the resource.
 * The message says which security methods the service offers and what the request carried; never a credential.
 */
export class DALAuthError extends DALServiceError {
  static override readonly id: string = "DALAuthError";
  declare readonly code: "VO_ERR_AUTH";
  /** The security methods offered (IVOA standardIDs such as `ivo://ivoa.net/sso#BasicAA`; "" means anonymous). */
  readonly securityMethods: readonly string[];
  /** The `WWW-Authenticate` schemes of the response. */
  readonly challenges: readonly string[];
  /** The security method used for the request, or undefined for an anonymous request. */
  readonly methodSent: string | undefined;

  constructor(message: string, options: DALAuthErrorOptions = {}) {
    super(message, { ...options, code: "VO_ERR_AUTH" });
    this.securityMethods = Object.freeze([...(options.securityMethods ?? [])]);
    this.challenges = Object.freeze([...(options.challenges ?? [])]);
    this.methodSent = options.methodSent;
  }
}

/** HTTP 429: the service asks the client to slow down. */
export class DALRateLimitError extends DALServiceError {
  static override readonly id: string = "DALRateLimitError";
  /** Seconds the service asked to wait, from `Retry-After` (pyVO's `retry_after_seconds`). */
  readonly retryAfterSeconds: number | undefined;
  /** The `Retry-After` header as sent (delay-seconds or an HTTP date), when it was seen (pyVO's `retry_after_raw`). */
  readonly retryAfterRaw: string | undefined;
  /**
   * When the service may be asked again (pyVO's `retry_after_date`): the HTTP date of `Retry-After`, or
   * the time of the error plus {@link retryAfterSeconds}.
   */
  readonly retryAfterDate: Date | undefined;

  constructor(
    message: string,
    options: DALServiceErrorOptions & { retryAfterSeconds?: number | undefined; retryAfterRaw?: string | undefined } = {},
  ) {
    super(message, { ...options, code: "VO_ERR_RATE_LIMIT" });
    this.retryAfterSeconds = options.retryAfterSeconds;
    const raw = options.retryAfterRaw?.trim();
    this.retryAfterRaw = raw === "" ? undefined : raw;
    const date = raw !== undefined && !/^\d+$/.test(raw) ? new Date(raw) : undefined;
    this.retryAfterDate =
      date !== undefined && !Number.isNaN(date.getTime())
        ? date
        : options.retryAfterSeconds === undefined
          ? undefined
          : new Date(Date.now() + options.retryAfterSeconds * 1000);
  }
}

/** The service ran the query and reported an error (QUERY_STATUS=ERROR, or a UWS job in phase ERROR). */
export class DALQueryError extends VOError {
  static override readonly id: string = "DALQueryError";
  declare readonly code: "VO_ERR_QUERY";
  /** The QUERY_STATUS INFO value, e.g. "ERROR". */
  readonly label: string | undefined;
  /** The UWS phase, for job errors. */
  readonly phase: string | undefined;
  /** The UWS job URL, for job errors. */
  readonly jobUrl: string | undefined;

  constructor(message: string, options: VOErrorOptions & { label?: string; phase?: string; jobUrl?: string } = {}) {
    super(message, { ...options, code: "VO_ERR_QUERY" });
    this.label = options.label;
    this.phase = options.phase;
    this.jobUrl = redactUrl(options.jobUrl);
  }
}

/** Where in a document a format error was found. */
export interface FormatLocation {
  line?: number | undefined;
  column?: number | undefined;
  /** Element path such as `VOTABLE/RESOURCE/TABLE/DATA/TABLEDATA/TR[17]/TD[3]`. */
  element?: string | undefined;
}

/** The response is not what the standard says (malformed VOTable, UWS or VOSI document). */
export class DALFormatError extends DALProtocolError {
  static override readonly id: string = "DALFormatError";
  declare readonly code: "VO_ERR_FORMAT";
  readonly location: FormatLocation;
  /** The standard the document breaks, e.g. "VOTable 1.4". */
  readonly standard: string | undefined;
  /** For a problem the lax VOTable reader would have warned of: that warning's code (e.g. "VO_WARN_VOTABLE_RANGE"). */
  readonly reason: string | undefined;

  constructor(message: string, options: VOErrorOptions & { location?: FormatLocation; standard?: string; reason?: string | undefined } = {}) {
    const where = formatLocation(options.location);
    super(where ? `${message} (${where})` : message, { ...options, code: "VO_ERR_FORMAT" });
    this.location = options.location ?? {};
    this.standard = options.standard;
    this.reason = options.reason;
  }
}

function formatLocation(loc: FormatLocation | undefined): string {
  if (!loc) return "";
  const parts: string[] = [];
  if (loc.line !== undefined) parts.push(`line ${loc.line}${loc.column !== undefined ? `, column ${loc.column}` : ""}`);
  if (loc.element) parts.push(loc.element);
  return parts.join(", ");
}

/** The caller's input is wrong: names the parameter, what was expected and what came. */
export class ParameterError extends VOError {
  static override readonly id: string = "ParameterError";
  declare readonly code: "VO_ERR_PARAMETER";
  readonly parameter: string;
  readonly expected: string;
  readonly received: unknown;

  constructor(parameter: string, expected: string, received: unknown, options: VOErrorOptions = {}) {
    super(`parameter "${parameter}": expected ${expected}, received ${describe(received)}`, {
      ...options,
      code: "VO_ERR_PARAMETER",
    });
    this.parameter = parameter;
    this.expected = expected;
    this.received = typeof received === "string" ? redactSecrets(received) : received;
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === "bigint") return `${value}n`;
  if (Array.isArray(value)) return `array of ${value.length}`;
  if (value === null || typeof value !== "object") return String(value);
  return Object.prototype.toString.call(value);
}

/** A plugin is missing, conflicts with another, has the wrong core version or misses a dependency. */
export class PluginError extends VOError {
  static override readonly id: string = "PluginError";
  declare readonly code: "VO_ERR_PLUGIN_MISSING" | "VO_ERR_PLUGIN_CONFLICT" | "VO_ERR_PLUGIN_VERSION" | "VO_ERR_PLUGIN_DEPENDENCY";
  /** The plugin concerned, by name. */
  readonly plugin: string | undefined;
  /** The registration key concerned (standardID, media type, keyword, …). */
  readonly key: string | undefined;
  /** The npm package that would provide what is missing. */
  readonly packageHint: string | undefined;

  constructor(
    message: string,
    options: VOErrorOptions & {
      code: "VO_ERR_PLUGIN_MISSING" | "VO_ERR_PLUGIN_CONFLICT" | "VO_ERR_PLUGIN_VERSION" | "VO_ERR_PLUGIN_DEPENDENCY";
      plugin?: string;
      key?: string;
      packageHint?: string;
    },
  ) {
    super(message, options);
    this.plugin = options.plugin;
    this.key = options.key;
    this.packageHint = options.packageHint;
  }
}

/** Not thrown: the service truncated its result at MAXREC. Exposed as `resultSet.overflow` and sent to `onWarning`. */
export class DALOverflowWarning {
  readonly name = "DALOverflowWarning";
  readonly code = "VO_WARN_OVERFLOW";
  constructor(
    /** The query URL, credentials redacted. */
    readonly url: string | undefined,
    /** The MAXREC asked for, when known. */
    readonly maxrec: number | undefined,
    /** Rows returned. */
    readonly returned: number,
  ) {
    this.url = redactUrl(url);
  }
  /** A one-line description. */
  get message(): string {
    return `result truncated at ${this.returned} rows${this.maxrec !== undefined ? ` (MAXREC=${this.maxrec})` : ""}`;
  }
}

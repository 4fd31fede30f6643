/**
 * SAMP's errors, with pyVO's class names (`SAMPHubError`, `SAMPClientError`).
 * Codes are listed in docs/errors.md. Malformed XML-RPC is a `DALFormatError`
 * (standard "XML-RPC"); a time limit of ours (callAndWait) a `DALServiceError`
 * with code `VO_ERR_TIMEOUT`, as everywhere in @vo.
 */
import { VOError } from "@vo/core";
import type { VOErrorOptions } from "@vo/core";

/** Codes of {@link SAMPHubError}. */
export type SAMPHubErrorCode = "VO_ERR_SAMP_NO_HUB" | "VO_ERR_SAMP_FAULT" | "VO_ERR_SAMP_CLOSED";

/** Options of {@link SAMPHubError}. */
export interface SAMPHubErrorOptions extends VOErrorOptions {
  code: SAMPHubErrorCode;
  /** The hub method, e.g. `samp.hub.notify`. */
  method?: string | undefined;
  /** The XML-RPC fault code, for `VO_ERR_SAMP_FAULT`. */
  faultCode?: number | undefined;
  /** The XML-RPC fault string, for `VO_ERR_SAMP_FAULT`. */
  faultString?: string | undefined;
  /** The lockfile that was read, for `VO_ERR_SAMP_NO_HUB`. */
  lockfile?: string | undefined;
}

/**
 * The hub could not be found or reached (`VO_ERR_SAMP_NO_HUB`), answered a
 * call with an XML-RPC fault (`VO_ERR_SAMP_FAULT`), or is gone / the client
 * was closed (`VO_ERR_SAMP_CLOSED`).
 */
export class SAMPHubError extends VOError {
  static override readonly id: string = "SAMPHubError";
  declare readonly code: SAMPHubErrorCode;
  /** The hub method, e.g. `samp.hub.notify`. */
  readonly method: string | undefined;
  /** The XML-RPC fault code (hubs do not standardise them). */
  readonly faultCode: number | undefined;
  /** The XML-RPC fault string, as the hub wrote it. */
  readonly faultString: string | undefined;
  /** The lockfile that was read, when the hub was looked up through one. */
  readonly lockfile: string | undefined;

  constructor(message: string, options: SAMPHubErrorOptions) {
    super(message, options);
    this.method = options.method;
    this.faultCode = options.faultCode;
    this.faultString = options.faultString;
    this.lockfile = options.lockfile;
  }
}

/** Codes of {@link SAMPClientError}. */
export type SAMPClientErrorCode = "VO_ERR_SAMP_NO_CLIENT" | "VO_ERR_SAMP_REPLY";

/** Options of {@link SAMPClientError}. */
export interface SAMPClientErrorOptions extends VOErrorOptions {
  code: SAMPClientErrorCode;
  /** The other client concerned: its public id or the name asked for. */
  client?: string | undefined;
  /** The MType concerned. */
  mtype?: string | undefined;
  /** For `VO_ERR_SAMP_REPLY`: the response's `samp.errortxt`. */
  errortxt?: string | undefined;
}

/**
 * Another client is not there (`VO_ERR_SAMP_NO_CLIENT`: no client of that name,
 * or none subscribed to the MType), or answered a call with `samp.error`
 * (`VO_ERR_SAMP_REPLY`, from the sends that check replies).
 */
export class SAMPClientError extends VOError {
  static override readonly id: string = "SAMPClientError";
  declare readonly code: SAMPClientErrorCode;
  /** The other client: public id or the name asked for. */
  readonly client: string | undefined;
  /** The MType concerned. */
  readonly mtype: string | undefined;
  /** The receiver's `samp.errortxt`, for `VO_ERR_SAMP_REPLY`. */
  readonly errortxt: string | undefined;

  constructor(message: string, options: SAMPClientErrorOptions) {
    super(message, options);
    this.client = options.client;
    this.mtype = options.mtype;
    this.errortxt = options.errortxt;
  }
}

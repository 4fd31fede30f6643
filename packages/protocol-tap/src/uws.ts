/**
 * UWS 1.0/1.1 documents: the job description and the job list
 * (IVOA UWS 1.1, §2.2.1 and §3 "UWS schema").
 */
import { DALFormatError } from "@vo/votable";
import type { ParseOptions, XmlElement, XmlSource } from "@vo/core";
import {
  attr,
  child,
  childText,
  childrenNamed,
  formatError,
  isNil,
  parseInteger,
  parseTimestamp,
  parseXml,
  warnAt,
  XLINK_NS,
} from "@vo/core";

const STANDARD = "UWS 1.1";

/** Every UWS phase (UWS 1.1 §2.1.3). */
export const UWS_PHASES = [
  "PENDING",
  "QUEUED",
  "EXECUTING",
  "COMPLETED",
  "ERROR",
  "ABORTED",
  "UNKNOWN",
  "HELD",
  "SUSPENDED",
  "ARCHIVED",
] as const;

/** A UWS execution phase. */
export type UWSPhase = (typeof UWS_PHASES)[number];

/** Phases a job never leaves on its own: the default targets of `AsyncJob.wait()`. */
export const FINAL_PHASES: readonly UWSPhase[] = ["COMPLETED", "ERROR", "ABORTED", "ARCHIVED"];

/** Phases in which the server is (or will be) working on the job without the client's help. */
export const ACTIVE_PHASES: readonly UWSPhase[] = ["QUEUED", "EXECUTING", "UNKNOWN"];

/** True when `value` is a UWS phase name. */
export function isUWSPhase(value: string): value is UWSPhase {
  return (UWS_PHASES as readonly string[]).includes(value);
}

/** A job parameter (`uws:parameter`). */
export interface UWSParameter {
  /** The parameter name as the server wrote it (TAP servers use lower or upper case). */
  readonly id: string;
  /** The value; an empty string for an empty element. */
  readonly value: string;
  /** True when the value is a URL to the actual content. */
  readonly byReference: boolean;
}

/** A job result (`uws:result`). */
export interface UWSResult {
  /** The result id; TAP's main result is "result". */
  readonly id: string;
  /** The `xlink:href`, resolved against the job URL when one was given to the parser. */
  readonly href: string;
  /** The declared MIME type, when given. */
  readonly mimeType?: string | undefined;
  /** The declared size in bytes, when given. */
  readonly size?: number | undefined;
}

/** The error summary of a job in phase ERROR (`uws:errorSummary`). */
export interface UWSErrorSummary {
  /** "transient": running the job again may succeed. */
  readonly type: "fatal" | "transient";
  /** True when the job has an `error` result with more detail. */
  readonly hasDetail: boolean;
  /** The service's error message. */
  readonly message: string;
}

/** One child element of `uws:jobInfo`, kept as text (its content is service-specific). */
export interface UWSJobInfoItem {
  /** Local element name. */
  readonly name: string;
  /** Namespace URI of the element ("" when none). */
  readonly namespace: string;
  /** The element's text content. */
  readonly text: string;
}

/** A parsed UWS job description. */
export interface UWSJob {
  /** The `version` attribute; "1.0" when absent (UWS 1.0 had none). */
  readonly version: string;
  /** The job id (last path segment of the job URL). */
  readonly jobId: string;
  /** The RUNID given at creation. */
  readonly runId?: string | undefined;
  /** The owner, when the service knows one. */
  readonly ownerId?: string | undefined;
  /** The execution phase. */
  readonly phase: UWSPhase;
  /** The service's estimate of when the job will complete. */
  readonly quote?: Date | undefined;
  /** When the job was created (UWS 1.1). */
  readonly creationTime?: Date | undefined;
  /** When the job started executing. */
  readonly startTime?: Date | undefined;
  /** When the job ended. */
  readonly endTime?: Date | undefined;
  /** Seconds; 0 means unlimited. */
  readonly executionDuration?: number | undefined;
  /** When the service will destroy the job. */
  readonly destruction?: Date | undefined;
  /** The job parameters (QUERY, LANG, MAXREC…). */
  readonly parameters: readonly UWSParameter[];
  /** The results listed so far. */
  readonly results: readonly UWSResult[];
  /** Why the job failed, in phase ERROR. */
  readonly errorSummary?: UWSErrorSummary | undefined;
  /** Service-specific `jobInfo` content. */
  readonly jobInfo: readonly UWSJobInfoItem[];
}

/** One entry of a job list (`uws:jobref`). */
export interface UWSJobRef {
  /** The job id. */
  readonly id: string;
  /** The job URL (`xlink:href`), resolved against the list URL when one was given. */
  readonly href?: string | undefined;
  /** The phase when listed. */
  readonly phase: UWSPhase;
  /** The RUNID, when listed (UWS 1.1). */
  readonly runId?: string | undefined;
  /** The owner, when listed (UWS 1.1). */
  readonly ownerId?: string | undefined;
  /** When the job was created, when listed (UWS 1.1). */
  readonly creationTime?: Date | undefined;
}

/** Options of the UWS parsers. */
export interface UWSParseOptions extends ParseOptions {
  /** The job (or job list) URL; relative hrefs are resolved against it. */
  url?: string | undefined;
}

/**
 * Parses a UWS job description (`<uws:job>`).
 * Strict on what UWS requires (a jobId and a known phase); lax on case
 * ("completed"), undeclared prefixes, timestamps without zone, and `xsi:nil`.
 * @throws {DALFormatError} when the document is not XML, not a job, or misses jobId/phase.
 * @example
 * const job = parseUWSJob(await response.text(), { url: jobUrl });
 * if (job.phase === "ERROR") console.log(job.errorSummary?.message);
 */
export function parseUWSJob(source: XmlSource, options: UWSParseOptions = {}): UWSJob {
  const root = parseXml(source, STANDARD, options);
  if (root.local !== "job") throw formatError(`expected a <job> root element, found <${root.local}>`, root, STANDARD, options);
  return readJob(root, options);
}

function readJob(root: XmlElement, options: UWSParseOptions): UWSJob {
  const jobId = childText(root, "jobId");
  if (jobId === undefined) throw formatError("the job has no jobId", root, STANDARD, options);
  const phase = readPhase(root, options);
  const parameters: UWSParameter[] = [];
  const params = child(root, "parameters");
  if (params) {
    for (const p of childrenNamed(params, "parameter")) {
      const id = attr(p, "id");
      if (id === undefined) {
        warnAt(options, p, "parameter without id; ignored");
        continue;
      }
      const byRef = attr(p, "byReference");
      parameters.push({ id, value: isNil(p) ? "" : p.text.trim(), byReference: byRef === "true" || byRef === "1" });
    }
  }
  const results: UWSResult[] = [];
  const res = child(root, "results");
  if (res) {
    for (const r of childrenNamed(res, "result")) {
      const id = attr(r, "id");
      const href = attr(r, "href", XLINK_NS);
      if (id === undefined || href === undefined) {
        warnAt(options, r, "result without id or xlink:href; ignored");
        continue;
      }
      const size = parseInteger(attr(r, "size"), r, options);
      results.push({ id, href: resolve(href, options.url), mimeType: attr(r, "mime-type"), size });
    }
  }
  let errorSummary: UWSErrorSummary | undefined;
  const es = child(root, "errorSummary");
  if (es) {
    const type = attr(es, "type");
    const hasDetail = attr(es, "hasDetail");
    errorSummary = {
      type: type === "transient" ? "transient" : "fatal",
      hasDetail: hasDetail === "true" || hasDetail === "1",
      message: childText(es, "message") ?? "",
    };
  }
  const jobInfo: UWSJobInfoItem[] = [];
  const ji = child(root, "jobInfo");
  if (ji) for (const c of ji.children) jobInfo.push({ name: c.local, namespace: c.uri, text: c.text.trim() });
  const text = (name: string): string | undefined => childText(root, name);
  const time = (name: string): Date | undefined => {
    const el = child(root, name);
    return el ? parseTimestamp(text(name), el, options) : undefined;
  };
  const ed = child(root, "executionDuration");
  return {
    version: attr(root, "version") ?? "1.0",
    jobId,
    runId: text("runId"),
    ownerId: text("ownerId"),
    phase,
    quote: time("quote"),
    creationTime: time("creationTime"),
    startTime: time("startTime"),
    endTime: time("endTime"),
    executionDuration: ed ? parseInteger(text("executionDuration"), ed, options) : undefined,
    destruction: time("destruction"),
    parameters,
    results,
    errorSummary,
    jobInfo,
  };
}

function readPhase(el: XmlElement, options: UWSParseOptions): UWSPhase {
  const phaseEl = child(el, "phase");
  const raw = phaseEl ? phaseEl.text.trim() : undefined;
  if (!phaseEl || raw === undefined || raw === "") throw formatError("missing <phase>", phaseEl ?? el, STANDARD, options);
  return normalizePhase(raw, phaseEl, options);
}

function normalizePhase(raw: string, el: XmlElement, options: UWSParseOptions): UWSPhase {
  const up = raw.trim().toUpperCase();
  if (!isUWSPhase(up)) throw formatError(`"${raw}" is not a UWS phase`, el, STANDARD, options);
  if (up !== raw.trim()) warnAt(options, el, `phase "${raw}" should be upper case`);
  return up;
}

/**
 * Parses the bare phase document of `GET <job>/phase` (text/plain, e.g. "EXECUTING").
 * @throws {DALFormatError} when the text is not a UWS phase.
 */
export function parseUWSPhase(text: string, options: UWSParseOptions = {}): UWSPhase {
  const up = text.trim().toUpperCase();
  if (isUWSPhase(up)) return up;
  // Some servers answer the phase resource with the whole job document.
  if (up.startsWith("<")) return parseUWSJob(text, options).phase;
  throw new DALFormatError(`UWS 1.1: "${text.trim().slice(0, 40)}" is not a UWS phase`, {
    url: options.url,
    standard: STANDARD,
  });
}

/**
 * Parses a UWS job list (`<uws:jobs>`).
 * @throws {DALFormatError} when the document is not XML or not a job list.
 */
export function parseUWSJobList(source: XmlSource, options: UWSParseOptions = {}): UWSJobRef[] {
  const root = parseXml(source, STANDARD, options);
  if (root.local !== "jobs") throw formatError(`expected a <jobs> root element, found <${root.local}>`, root, STANDARD, options);
  const out: UWSJobRef[] = [];
  for (const ref of childrenNamed(root, "jobref")) {
    const id = attr(ref, "id");
    if (id === undefined) {
      warnAt(options, ref, "jobref without id; ignored");
      continue;
    }
    const href = attr(ref, "href", XLINK_NS);
    const ct = child(ref, "creationTime");
    out.push({
      id,
      href: href === undefined ? undefined : resolve(href, options.url),
      phase: readPhase(ref, options),
      runId: childText(ref, "runId"),
      ownerId: childText(ref, "ownerId"),
      creationTime: ct ? parseTimestamp(childText(ref, "creationTime"), ct, options) : undefined,
    });
  }
  return out;
}

function resolve(href: string, base: string | undefined): string {
  if (base === undefined) return href;
  try {
    return new URL(href, base).toString();
  } catch {
    return href;
  }
}

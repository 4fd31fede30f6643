/** Identifiers and media types of DataLink 1.1 and SODA 1.0. */
import { StandardId } from "@vo/core";

/** The standardID of a DataLink links endpoint (1.0 and 1.1 share it; 1.1 may write `#links-1.1`). */
export const DATALINK_IVOID = StandardId.DATALINK;
/** The standardID of a synchronous SODA endpoint. */
export const SODA_SYNC_IVOID = StandardId.SODA;
/** The standardID of an asynchronous (UWS) SODA endpoint. */
export const SODA_ASYNC_IVOID = StandardId.SODA_ASYNC;
/** The media type of a DataLink links document. */
export const DATALINK_MIME_TYPE = "application/x-votable+xml;content=datalink";
/** The namespace of the IVOA datalink/core vocabulary: a bare term such as `#this` stands for this URI plus the term. */
export const DATALINK_CORE_URI = "http://www.ivoa.net/rdf/datalink/core";
/** How many IDs one links request carries by default in {@link iterDatalinks}. */
export const DEFAULT_BATCH_SIZE = 50;
/** pyVO's name for {@link DEFAULT_BATCH_SIZE} (pyVO exports it without using it; here it is the batch size). */
export const DATALINK_BATCH_CALL_SIZE = DEFAULT_BATCH_SIZE;

/** Whether a media type is a DataLink links document (`content=datalink`, any spacing/case, any other parameters). */
export function isDatalinkMediaType(mediaType: string | undefined): boolean {
  if (mediaType === undefined) return false;
  const [type, ...params] = mediaType.toLowerCase().split(";").map((s) => s.trim());
  return type === "application/x-votable+xml" && params.some((p) => p.replace(/\s+/g, "") === "content=datalink");
}

/** Whether a standardID names DataLink's links endpoint (`#links-1.0`, `#links-1.1`, or no fragment). */
export function isDatalinkStandardId(standardId: string | undefined): boolean {
  return standardId !== undefined && /^ivo:\/\/ivoa\.net\/std\/datalink(#links(-1\.\d+)?)?$/i.test(standardId.trim());
}

/** Whether a standardID names SODA, sync (`#sync-1.0`) or, with `async`, the UWS variant. */
export function isSodaStandardId(standardId: string | undefined, mode: "sync" | "async" = "sync"): boolean {
  return standardId !== undefined && new RegExp(`^ivo://ivoa\\.net/std/soda#${mode}(-1\\.\\d+)?$`, "i").test(standardId.trim());
}

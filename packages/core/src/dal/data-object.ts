/**
 * A dataset turned into an object by its media type (pyVO's `getdataobj` and
 * `mime_object_maker`), for `Record.getDataObj`: a VOTable becomes a `ResultSet`, text a string, and
 * anything else stays bytes (FITS, images: hand them to a FITS or image
 * library; pyVO returns astropy and PIL objects there).
 */
import { parseVOTable } from "@vo/votable";
import type { TransportResponse } from "../transport/types.js";
import type { DALTarget } from "./query.js";
import { resolveTarget } from "./query.js";
import { noResultTable, ResultSet, votableWarningSink } from "./result-set.js";

/** What `Record.getDataObj` made of a dataset; `mediaType` is the response's Content-Type, else the row's format. */
export type DataObject =
  | { readonly kind: "votable"; readonly mediaType: string; readonly result: ResultSet }
  | { readonly kind: "text"; readonly mediaType: string; readonly text: string }
  | { readonly kind: "bytes"; readonly mediaType: string | undefined; readonly bytes: Uint8Array };

const VOTABLE = /^application\/x-votable\+xml$/;
const XML = /^(text|application)\/xml$/;
const TEXTUAL = /^(text\/|application\/(json|xml|javascript|[^;]*\+json|[^;]*\+xml)$)/;

/** What {@link dataObjectFrom} needs besides the response. @internal */
export interface DataObjectContext {
  /** Where the request went: its transport and warning sink, kept by a VOTable's records. */
  readonly target: DALTarget;
  /** The media type to assume when the response has no Content-Type (the row's format). */
  readonly fallbackType: string | undefined;
  /** Cancels parsing. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Reads an opened dataset response and makes an object of it by media type (see `Record.getDataObj`).
 * @internal
 */
export async function dataObjectFrom(response: TransportResponse, url: string, context: DataObjectContext): Promise<DataObject> {
  const { transport, onWarning } = resolveTarget(context.target);
  const mediaType = response.headers.get("content-type") ?? context.fallbackType;
  const base = mediaType?.split(";")[0]?.trim().toLowerCase() ?? "";
  const bytes = await response.bytes();
  const finalUrl = response.url || url;
  if (VOTABLE.test(base) || (XML.test(base) && hasVOTableRoot(bytes))) {
    const doc = await parseVOTable(bytes, { onWarning: votableWarningSink(onWarning, finalUrl), ...(context.signal ? { signal: context.signal } : {}) });
    const table = doc.resultTable();
    const init = { transport, target: context.target };
    if (table === undefined) throw noResultTable(doc.meta, finalUrl, init);
    return { kind: "votable", mediaType: mediaType ?? "application/x-votable+xml", result: new ResultSet(table, doc.meta, finalUrl, undefined, init) };
  }
  if (mediaType !== undefined && TEXTUAL.test(base)) {
    const charset = /;\s*charset="?([^";]+)"?/i.exec(mediaType)?.[1]?.trim() ?? "utf-8";
    let text: string;
    try {
      text = new TextDecoder(charset).decode(bytes);
    } catch {
      text = new TextDecoder("utf-8").decode(bytes); // an unknown charset label
    }
    return { kind: "text", mediaType, text };
  }
  return { kind: "bytes", mediaType, bytes };
}

/** Whether an XML body's root element is VOTABLE (a prolog, comments and a doctype may come first). */
function hasVOTableRoot(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 4096)).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, "");
  return /^\s*<([A-Za-z_][\w.-]*:)?VOTABLE[\s>]/.test(head);
}

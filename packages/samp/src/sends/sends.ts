/**
 * The course's sends (pyVO's `send_table_to`, `send_image_to`, `send_spectrum_to`,
 * plus pointing, row highlight and selection), on a connected {@link SAMPClient}.
 *
 * To one client (`to`: a `samp.name` or a public id) or to every subscribed client.
 * Tables go as `table.load.votable` *calls* and wait for the replies (a receiver
 * that answers `samp.error` makes a named send throw); images and spectra are
 * notifications unless `mode: "call"`, as in pyVO.
 */
import { ParameterError } from "@vo/core";
import { writeVOTableToBytes } from "@vo/votable";
import type { ColumnarTableLike, WriteDocumentInput, WriteTableInput } from "@vo/votable";
import type { SAMPClient } from "../client/samp-client.js";
import { SAMPClientError } from "../errors.js";
import type { SampInput, SampMap, SampResponse } from "../types.js";

/**
 * Something with a table: a `@vo` `ResultSet` (anything with `toTable()`), a columnar table, rows to write,
 * a whole document (a parsed `VOTableDocument`), VOTable bytes, or a URL to send as is.
 */
export type TableSource = string | URL | Uint8Array | ColumnarTableLike | WriteTableInput | WriteDocumentInput | {
      /** The table to send. */
      toTable(): ColumnarTableLike;
      readonly url?: string;
    };

/** Options of every send. */
export interface SendOptions {
  /** The receiver: its `samp.name` (e.g. `"topcat"`) or public id. Default: every client subscribed to the MType. */
  readonly to?: string | undefined;
  /** `"call"` waits for the replies; `"notify"` does not. */
  readonly mode?: "call" | "notify" | undefined;
  /** Seconds to wait for replies (calls); default 30. */
  readonly timeout?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** Options of {@link sendTable}. */
export interface SendTableOptions extends SendOptions {
  /** The `name` param (what the receiver shows); default the table's name, else `"data"`. */
  readonly name?: string | undefined;
  /** The `table-id` param (for later highlight/select messages); default a fresh id. */
  readonly tableId?: string | undefined;
}

/** What a send did. */
export interface SendReport {
  /** The URL that was sent (for tables: where the receiver fetched it). */
  readonly url?: string | undefined;
  /** The `table-id` sent, for tables. */
  readonly tableId?: string | undefined;
  /** Responses by receiver id (calls), or the receivers notified with an empty response map. */
  readonly responses: ReadonlyMap<string, SampResponse>;
  /** The receivers' ids. */
  readonly recipients: readonly string[];
}

let tableCounter = 0;

/**
 * Sends a table (`table.load.votable`). A URL is sent as is; anything else is
 * written as VOTable with @vo/votable and served from the client's loopback HTTP
 * server until `client.close()`. A result (or a table read from a document) is
 * written with its whole document: service descriptors, INFOs, COOSYS/TIMESYS,
 * GROUPs and PARAMs, so the receiver can use DataLink and SODA on it.
 * @throws {SAMPClientError} `VO_ERR_SAMP_NO_CLIENT` when nobody (or not `to`) takes tables; `VO_ERR_SAMP_REPLY` when a named receiver answers `samp.error`.
 */
export async function sendTable(client: SAMPClient, table: TableSource, options: SendTableOptions = {}): Promise<SendReport> {
  const { url, name } = await tableUrl(client, table, options.name);
  const tableId = options.tableId ?? `vo-table-${++tableCounter}-${Date.now().toString(36)}`;
  const report = await send(client, "table.load.votable", { url, "table-id": tableId, name }, { mode: "call", ...options });
  return { ...report, url, tableId };
}

/** Sends an image by URL (`image.load.fits`); notifies unless `mode: "call"`. */
export async function sendImage(client: SAMPClient, url: string | URL, options: SendOptions & { name?: string | undefined; imageId?: string | undefined } = {}): Promise<SendReport> {
  const u = String(url);
  const report = await send(client, "image.load.fits", { url: u, name: options.name, "image-id": options.imageId }, options);
  return { ...report, url: u };
}

/** Sends a spectrum by URL (`spectrum.load.ssa-generic`, with `meta` such as the SSA format); notifies unless `mode: "call"`. */
export async function sendSpectrum(
  client: SAMPClient,
  url: string | URL,
  options: SendOptions & { name?: string | undefined; spectrumId?: string | undefined; meta?: { readonly [key: string]: SampInput | undefined } | undefined } = {},
): Promise<SendReport> {
  const u = String(url);
  const report = await send(client, "spectrum.load.ssa-generic", { url: u, name: options.name, "spectrum-id": options.spectrumId, meta: options.meta }, options);
  return { ...report, url: u };
}

/** Points the receivers at a sky position (`coord.pointAt.sky`, ICRS degrees); notifies unless `mode: "call"`. */
export function pointAt(client: SAMPClient, ra: number, dec: number, options: SendOptions = {}): Promise<SendReport> {
  if (!Number.isFinite(ra) || !Number.isFinite(dec) || dec < -90 || dec > 90) throw new ParameterError("ra/dec", "ICRS degrees with -90 <= dec <= 90", [ra, dec]);
  return send(client, "coord.pointAt.sky", { ra, dec }, options);
}

/** Highlights one row (0-based) of a table sent earlier (`table.highlight.row`); notifies unless `mode: "call"`. */
export function highlightRow(client: SAMPClient, table: { tableId: string; url: string }, row: number, options: SendOptions = {}): Promise<SendReport> {
  if (!Number.isInteger(row) || row < 0) throw new ParameterError("row", "a 0-based row index", row);
  return send(client, "table.highlight.row", { "table-id": table.tableId, url: table.url, row }, options);
}

/** Selects rows (0-based) of a table sent earlier (`table.select.rowList`); notifies unless `mode: "call"`. */
export function selectRows(client: SAMPClient, table: { tableId: string; url: string }, rows: Iterable<number>, options: SendOptions = {}): Promise<SendReport> {
  const list = [...rows];
  if (list.some((r) => !Number.isInteger(r) || r < 0)) throw new ParameterError("rows", "0-based row indexes", list);
  return send(client, "table.select.rowList", { "table-id": table.tableId, url: table.url, "row-list": list }, options);
}

/** Sends `mtype` with `params` to `options.to` or every subscribed client. */
export async function send(client: SAMPClient, mtype: string, params: { readonly [key: string]: SampInput | undefined }, options: SendOptions = {}): Promise<SendReport> {
  const message = { "samp.mtype": mtype, "samp.params": params };
  const mode = options.mode ?? "notify";
  if (options.to !== undefined) {
    const id = await resolveRecipient(client, options.to, mtype, options.signal);
    if (mode === "notify") {
      await client.notify(id, message, options.signal);
      return { responses: new Map([[id, {} as SampResponse]]), recipients: [id] };
    }
    const response = await client.callAndWait(id, message, { timeout: options.timeout, signal: options.signal });
    if (response["samp.status"] === "samp.error") {
      const txt = response["samp.error"]?.["samp.errortxt"] ?? "no error text";
      throw new SAMPClientError(`SAMP client ${options.to} answered ${mtype} with samp.error: ${txt}`, { code: "VO_ERR_SAMP_REPLY", client: options.to, mtype, errortxt: txt });
    }
    return { responses: new Map([[id, response]]), recipients: [id] };
  }
  const subscribed = Object.keys(await client.getSubscribedClients(mtype, options.signal));
  if (subscribed.length === 0) {
    throw new SAMPClientError(`no SAMP client is subscribed to ${mtype}`, { code: "VO_ERR_SAMP_NO_CLIENT", mtype });
  }
  if (mode === "notify") {
    const ids = await client.notifyAll(message, options.signal);
    return { responses: new Map(ids.map((id) => [id, {} as SampResponse])), recipients: ids };
  }
  const responses = await client.callAllAndWait(message, { timeout: options.timeout, signal: options.signal });
  return { responses, recipients: [...responses.keys()] };
}

/** A public id for `to`: an id as is when registered, else the client with that `samp.name`; checks the subscription. */
async function resolveRecipient(client: SAMPClient, to: string, mtype: string, signal?: AbortSignal): Promise<string> {
  const subs = await client.getSubscribedClients(mtype, signal);
  if (Object.hasOwn(subs, to)) return to;
  const id = await client.findClient(to, signal);
  if (!Object.hasOwn(subs, id)) {
    throw new SAMPClientError(`SAMP client ${to} (${id}) is not subscribed to ${mtype}`, { code: "VO_ERR_SAMP_NO_CLIENT", client: to, mtype });
  }
  return id;
}

async function tableUrl(client: SAMPClient, table: TableSource, name: string | undefined): Promise<{ url: string; name: string }> {
  if (typeof table === "string" || table instanceof URL) {
    const url = String(table);
    return { url, name: name ?? (url.split("/").pop()?.split("?")[0] || "data") };
  }
  let bytes: Uint8Array;
  let tableName: string | undefined;
  if (table instanceof Uint8Array) bytes = table;
  else {
    const input = typeof (table as { toTable?: unknown }).toTable === "function" ? (table as { toTable(): ColumnarTableLike }).toTable() : (table as ColumnarTableLike | WriteTableInput | WriteDocumentInput);
    // A result's table is written with the document it came in (service descriptors, INFOs, COOSYS), so the receiver can use it as the service's answer.
    if ("tables" in input) tableName = input.tables[0]?.meta.name;
    else tableName = "meta" in input ? input.meta?.name : (input as WriteTableInput).name;
    bytes = await writeVOTableToBytes(input);
  }
  const finalName = name ?? tableName ?? "data";
  const url = await client.publish(bytes, "application/x-votable+xml", `${finalName.replace(/[^\w.-]+/g, "_")}.vot`);
  return { url, name: finalName };
}

/** `samp.params` of a table message, for receivers: the keys typed (`url` required). */
export function tableParams(params: SampMap): { url: string; tableId: string | undefined; name: string | undefined } | undefined {
  const url = params["url"];
  if (typeof url !== "string") return undefined;
  const tableId = params["table-id"];
  const name = params["name"];
  return { url, tableId: typeof tableId === "string" ? tableId : undefined, name: typeof name === "string" ? name : undefined };
}

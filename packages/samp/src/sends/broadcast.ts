/**
 * `broadcast()`: pyVO's `broadcast_samp` for a @vo result or record. A result is
 * sent whole as a table; a record's dataset is sent by URL as an image, a
 * spectrum or a table, judged from the record's own metadata.
 */
import { ParameterError } from "@vo/core";
import type { Field } from "@vo/votable";
import { withConnection } from "../client/connect.js";
import type { ConnectOptions } from "../client/connect.js";
import type { SAMPClient } from "../client/samp-client.js";
import { sendImage, sendSpectrum, sendTable } from "./sends.js";
import type { SendOptions, SendReport, TableSource } from "./sends.js";

/** A record whose dataset can be sent (a `@vo` `Record`, `SIARecord`, `SSARecord`, `ObsCoreRecord`…). */
export interface BroadcastableRecord {
  readonly dataUrl?: string | undefined;
  /** The dataset's URL (the access URL column). */
  getDatasetUrl?(): string | undefined;
  /** The dataset's media type, which picks the MType. */
  getDatasetFormat?(): string | undefined;
  /** A file name for the dataset, sent as the `name` param. */
  suggestDatasetBasename?(): string | undefined;
  /** A column's value by name (`dataproduct_type` is read). */
  get?(name: string): unknown;
  readonly fields?: readonly Field[];
}

/** Options of {@link broadcast}. */
export interface BroadcastOptions extends SendOptions {
  /** Send through this client; without it a client is connected for the send and closed afterwards (as pyVO does). */
  readonly client?: SAMPClient | undefined;
  /** Options of that temporary connection (name, hub…). */
  readonly connect?: ConnectOptions | undefined;
  /** The `name` param; default the result's URL or the record's suggested base name. */
  readonly name?: string | undefined;
  /** Force the MType for a record. */
  readonly mtype?: "image.load.fits" | "spectrum.load.ssa-generic" | "table.load.votable" | undefined;
}

/** Which MType fits a record's dataset: `spectrum.load.ssa-generic`, `table.load.votable` or `image.load.fits`. */
export function mtypeForRecord(record: BroadcastableRecord): "image.load.fits" | "spectrum.load.ssa-generic" | "table.load.votable" {
  const fields = record.fields ?? [];
  const format = (record.getDatasetFormat?.() ?? "").toLowerCase();
  const productType = String(record.get?.("dataproduct_type") ?? "").toLowerCase();
  if (productType === "spectrum" || fields.some((f) => /^ssa:|ssa:access/i.test(f.utype ?? ""))) return "spectrum.load.ssa-generic";
  if (format.includes("votable") || format.includes("x-votable")) return "table.load.votable";
  return "image.load.fits";
}

/**
 * Sends a result (whole, as `table.load.votable`) or a record's dataset to one SAMP client (`to`) or all.
 * @throws {ParameterError} for a record without a dataset URL.
 */
export async function broadcast(item: TableSource | BroadcastableRecord, options: BroadcastOptions = {}): Promise<SendReport> {
  const run = (client: SAMPClient): Promise<SendReport> => {
    if (isTable(item)) {
      const name = options.name ?? (typeof (item as { url?: unknown }).url === "string" ? (item as { url: string }).url : undefined);
      return sendTable(client, item, { ...options, name });
    }
    const rec = item as BroadcastableRecord;
    const url = rec.dataUrl ?? rec.getDatasetUrl?.();
    if (!url) throw new ParameterError("record", "a record with a dataset URL", item);
    const name = options.name ?? rec.suggestDatasetBasename?.();
    const mtype = options.mtype ?? mtypeForRecord(rec);
    if (mtype === "table.load.votable") return sendTable(client, url, { ...options, name });
    const format = rec.getDatasetFormat?.();
    if (mtype === "spectrum.load.ssa-generic") return sendSpectrum(client, url, { ...options, name, ...(format && { meta: { "Access.Format": format } }) });
    return sendImage(client, url, { ...options, name });
  };
  if (options.client) return run(options.client);
  return withConnection({ name: "@vo", ...options.connect }, run);
}

function isTable(item: TableSource | BroadcastableRecord): item is TableSource {
  if (typeof item === "string" || item instanceof URL || item instanceof Uint8Array) return true;
  const o = item as { toTable?: unknown; row?: unknown; rows?: unknown; fields?: unknown; tables?: unknown };
  return typeof o.toTable === "function" || typeof o.row === "function" || (o.rows !== undefined && Array.isArray(o.fields)) || Array.isArray(o.tables);
}

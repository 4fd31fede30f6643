import type { CellValue, Field, Info, Param, ResourceMeta, TableMeta, VOTableMeta } from "@vo/votable";
import type { DALOverflowWarning } from "@vo/votable";
import type { Transport } from "./transport/types.js";

/** What every service factory receives from the client. */
export interface ServiceContext {
  /** The client's transport. */
  readonly transport: Transport;
  /** Where non-fatal problems go (overflow, lax-parse warnings). */
  readonly onWarning: (warning: VOWarning) => void;
  /** Makes another service through the client's plugins (used by registry/datalink). */
  service(key: string, accessUrl: string | URL): Service;
}

/** A non-fatal problem: overflow, or a warning from a lax parse. */
export type VOWarning = DALOverflowWarning | { name: string; code: string; message: string; url?: string | undefined };

/** A VO service reached at one access URL, made by a protocol plugin. */
export interface Service {
  /** The standardID the service was made for. */
  readonly standardId: string;
  /** The access URL (base URL). */
  readonly baseUrl: string;
}

/** One row of a result, answering by field name, by UCD and by utype. */
export interface Record {
  /** The cell of the field with this name (or ID); case-sensitive first, then case-insensitive. */
  get(name: string): CellValue | undefined;
  /** The cell of the first field with this UCD (case-insensitive; `;meta.main` preferred). */
  getByUcd(ucd: string): CellValue | undefined;
  /** The cell of the first field with this utype (case-insensitive, namespace prefix ignored). */
  getByUtype(utype: string): CellValue | undefined;
  /** The cells in field order. */
  readonly cells: readonly CellValue[];
  /** The result set's fields. */
  readonly fields: readonly Field[];
  /** A plain object, field name → cell. */
  toJSON(): { [name: string]: CellValue };
}

/** The result of a DAL query: metadata, query status, overflow flag and rows. */
export interface ResultSet<R extends Record = Record> extends AsyncIterable<R> {
  readonly url: string;
  readonly fields: readonly Field[];
  readonly params: readonly Param[];
  /** INFOs of the results RESOURCE and TABLE, including those after the table once the rows are read. */
  readonly infos: readonly Info[];
  /** QUERY_STATUS value: "OK", "OVERFLOW" (or "ERROR", which is thrown instead). Final once rows are read. */
  readonly queryStatus: string | undefined;
  /** Set when the service truncated the result. Final once rows are read. */
  readonly overflow: DALOverflowWarning | undefined;
  readonly table: TableMeta;
  readonly resource: ResourceMeta;
  readonly document: VOTableMeta;
}

/** A registry constraint value: plain data tagged with its keyword. */
export interface Constraint<K extends string = string, V = unknown> {
  readonly keyword: K;
  readonly value: V;
}

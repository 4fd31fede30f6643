/**
 * Global discovery (the course's `iter_epncore_tables`): every EPN-TAP table
 * a RegTAP registry knows, then one search over all of them on core's
 * fan-out, per-service errors kept.
 *
 * The registry is queried with RegTAP's ADQL through a `TAPService` (tables
 * whose utype is an EPN-TAP 2.x or epncore 2.x utype, on resources with a TAP
 * or auxiliary TAP capability). It does not need `@vo/registry`; when that
 * package is installed its `Datamodel` constraint finds the same tables.
 */
import { fanOut, StandardId } from "@vo/core";
import type { FanOutOptions, FanOutResult, Service } from "@vo/core";
import { TAPService } from "@vo/protocol-tap";
import type { TAPQueryOptions } from "@vo/protocol-tap";
import { EPNTAP_MODEL } from "./model.js";
import { EPNTAPService } from "./search.js";
import type { EPNTAPResults, EPNTAPSearch } from "./search.js";

/** One epn_core table found in the registry. */
export interface EpncoreTable {
  /** The ivoid of the resource that lists it (a table resource, or the TAP service itself). */
  readonly ivoid: string;
  /** The TAP service's base URL. */
  readonly accessUrl: string;
  /** The qualified table name to query. */
  readonly tableName: string;
  /** The table utype, lower case as RegTAP stores it. */
  readonly utype: string;
}

/** The RegTAP query of {@link findEpncoreTables}: every table with an EPN-TAP utype on a TAP-reachable resource. */
export function epncoreTablesQuery(): string {
  const utypes = EPNTAP_MODEL.utypes.map((p) => `t.table_utype LIKE '${p}'`).join(" OR ");
  return (
    "SELECT DISTINCT t.ivoid, i.access_url, t.table_name, t.table_utype" +
    " FROM rr.res_table AS t" +
    " JOIN rr.capability AS c ON c.ivoid = t.ivoid" +
    " JOIN rr.interface AS i ON i.ivoid = c.ivoid AND i.cap_index = c.cap_index" +
    " WHERE c.standard_id IN ('ivo://ivoa.net/std/tap', 'ivo://ivoa.net/std/tap#aux')" +
    " AND i.intf_type = 'vs:paramhttp'" +
    ` AND (${utypes})`
  );
}

/**
 * Every EPN-TAP table the registry lists, one per (service, table): a table
 * listed both by its own resource and by its TAP service's record appears once.
 * @param registry a RegTAP service, e.g. `client.service("tap", "http://localhost:8080/tap")`.
 * @throws the errors of `TAPService.runSync` (the registry itself failing).
 */
export async function findEpncoreTables(registry: TAPService, options: TAPQueryOptions = {}): Promise<EpncoreTable[]> {
  const rs = await registry.runSync(epncoreTablesQuery(), options);
  const seen = new Map<string, EpncoreTable>();
  for (const r of rs) {
    const accessUrl = r.getString("access_url")?.trim();
    const tableName = r.getString("table_name")?.trim();
    if (!accessUrl || !tableName) continue;
    const key = `${accessUrl.replace(/\/+$/, "")} ${tableName.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.set(key, { ivoid: r.getString("ivoid") ?? "", accessUrl, tableName, utype: r.getString("table_utype") ?? "" });
  }
  return [...seen.values()];
}

/** What makes a `TAPService` for an access URL: a client with the tap() plugin. */
export interface ServiceSource {
  /** The service for a standardID or alias at `accessUrl` (as `Client.service`). */
  service(key: string, accessUrl: string | URL): Service;
}

/**
 * Runs one search on every table, at most `concurrency` services at a time
 * (core's `fanOut`): one settled result per table, in order, failures kept
 * as typed errors (`result.ok === false`, `result.error.code`).
 * @example
 * const tables = await findEpncoreTables(client.service("tap", registryUrl));
 * for (const r of await searchEpncoreTables(client, tables, { target: "Mars" }, { timeout: 30_000 }))
 *   r.ok ? console.log(r.item.tableName, r.value.records.length) : console.warn(r.item.accessUrl, r.error.code);
 */
export async function searchEpncoreTables(
  client: ServiceSource,
  tables: readonly EpncoreTable[],
  search: EPNTAPSearch = {},
  options: FanOutOptions<EpncoreTable, EPNTAPResults> & { top?: number } = {},
): Promise<FanOutResult<EpncoreTable, EPNTAPResults>[]> {
  const { top, ...fanOutOptions } = options;
  return fanOut(
    tables,
    async (table, { signal }) => {
      const tap = client.service(StandardId.TAP, table.accessUrl);
      if (!(tap instanceof TAPService)) throw new TypeError("the client's TAP service is not @vo/protocol-tap's TAPService");
      return new EPNTAPService(tap, table.tableName).search(search, top === undefined ? { signal } : { signal, top });
    },
    fanOutOptions,
  );
}

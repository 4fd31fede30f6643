/**
 * Search results: {@link RegistryResults} of {@link RegistryResource}s with
 * pyVO's fields, their interfaces, `accessModes`, `getService` (through the
 * client's plugins, so third-party protocols work the same way), `getTables`,
 * `getContact` and `describe`.
 */
import { DALQueryError, fanOut, normalizeStandardId, ParameterError, shortenStandardId } from "@vo/core";
import type { FanOutOptions, FanOutResult, Record, ResultSet, Service } from "@vo/core";
import { adql, TAPService } from "@vo/protocol-tap";
import type { RequestOptions, VOSIColumn } from "@vo/protocol-tap";
import type { RegTAPService } from "./regtap-service.js";
import type { RegistryClient } from "./search.js";

const SEPARATOR = ":::py VO sep:::";

/** One interface of a resource (pyVO's `Interface`). */
export class RegistryInterface {
  /** The access URL. */
  readonly accessUrl: string;
  /** The capability's standard id (lower-cased, as RegTAP stores it), or undefined for non-standard capabilities. */
  readonly standardId: string | undefined;
  /** The interface type (`vs:paramhttp`, `vr:webbrowser`). */
  readonly type: string | undefined;
  /** The interface role (`std` for standard interfaces). */
  readonly role: string | undefined;
  /** The capability's description. */
  readonly capabilityDescription: string | undefined;

  /** Builds an interface from RegTAP values. */
  constructor(accessUrl: string, init: { standardId?: string | undefined; type?: string | undefined; role?: string | undefined; capabilityDescription?: string | undefined } = {}) {
    this.accessUrl = accessUrl;
    this.standardId = init.standardId || undefined;
    this.type = init.type || undefined;
    this.role = init.role || undefined;
    this.capabilityDescription = init.capabilityDescription || undefined;
  }

  /** The interface speaks its capability's standard (`role="std"`). */
  get isStandard(): boolean {
    return this.role === "std";
  }

  /** A VOSI (infrastructure) interface: capabilities, tables, availability. */
  get isVosi(): boolean {
    return this.standardId?.startsWith("ivo://ivoa.net/std/vosi") ?? false;
  }

  /** A web page (`vr:webbrowser`). */
  get isWeb(): boolean {
    return this.type === "vr:webbrowser";
  }

  /** What a user would call: a standard non-VOSI interface or a web page. */
  get isUserVisible(): boolean {
    return (this.standardId !== undefined && !this.isVosi) || this.isWeb;
  }

  /**
   * Whether this interface serves `type`: a service type (`tap`, `sia2`, `scs`, …) or a
   * standard id; fragments are ignored except SIA's version (`sia` ≠ `sia2`), and
   * auxiliary capabilities (`tap#aux`) serve their standard.
   */
  supports(type: string): boolean {
    if (!this.standardId) return false;
    return normalizeStandardId(this.standardId).toLowerCase() === normalizeStandardId(type).toLowerCase();
  }

  /** The short name of the standard (`TAP`, `SIA#query-2.0`), or "web". */
  get shortName(): string {
    return this.standardId ? shortenStandardId(this.standardId) : this.isWeb ? "web" : (this.type ?? "?");
  }

  /**
   * A service for this interface, made by the client's plugin for its standard
   * (`tap#aux` → the TAP plugin, `sia#query-2.0` → SIA 2.0).
   * @throws PluginError `VO_ERR_PLUGIN_MISSING` naming the package to install.
   * @throws ParameterError for a web page or an interface without a standard.
   */
  toService(client: RegistryClient): Service {
    if (!this.standardId) throw new ParameterError("interface", "a standard interface (this one is " + (this.isWeb ? "a web page" : "non-standard") + ")", this.accessUrl);
    return client.service(normalizeStandardId(this.standardId), this.accessUrl);
  }
}

/** A table of a registered resource, from `rr.res_table`/`rr.table_column` (or VOSI tables). */
export interface RegistryTable {
  /** The table name as queried. */
  readonly name: string;
  readonly title?: string | undefined;
  readonly description?: string | undefined;
  /** The table's utype (data model), lower-cased in RegTAP: `ivo://ivoa.net/std/epntap#table-2.0`. */
  readonly utype?: string | undefined;
  /** output, base_table, view. */
  readonly type?: string | undefined;
  /** The columns. */
  readonly columns: readonly RegistryColumn[];
}

/** A column of a registered table. */
export interface RegistryColumn {
  readonly name: string;
  readonly ucd?: string | undefined;
  readonly unit?: string | undefined;
  readonly utype?: string | undefined;
  readonly datatype?: string | undefined;
  readonly arraysize?: string | undefined;
  readonly xtype?: string | undefined;
  readonly description?: string | undefined;
  /** The flags (indexed, primary, nullable). */
  readonly flags: readonly string[];
}

/** A contact of a resource (`rr.res_role`, base role contact). */
export interface RegistryContact {
  readonly name: string | undefined;
  readonly email: string | undefined;
  readonly telephone: string | undefined;
  readonly address: string | undefined;
}

/** Options of {@link RegistryResource.getService} and {@link RegistryResource.getInterface}. */
export interface GetServiceOptions {
  /** With several matching interfaces, take the first instead of failing (pyVO's `lax`). */
  lax?: boolean | undefined;
  /** Keep only interfaces whose capability description contains this text. */
  keyword?: string | undefined;
}

function split(value: string | undefined, separator: string): string[] {
  return value ? value.split(separator).filter((v) => v !== "") : [];
}

/** One registry record (pyVO's `RegistryResource`), with its interfaces. */
export class RegistryResource {
  /** The IVOA identifier (lower-cased). */
  readonly ivoid: string;
  /** The resource type (`vs:catalogservice`, `vs:catalogresource`, …). */
  readonly resType: string | undefined;
  /** The short name (at most 16 characters). */
  readonly shortName: string | undefined;
  /** The title. */
  readonly resTitle: string | undefined;
  /** The description. */
  readonly resDescription: string | undefined;
  /** Intended audiences (`research`, `general`, …). */
  readonly contentLevels: readonly string[];
  /** Kinds of content (`catalog`, `survey`, …). */
  readonly contentTypes: readonly string[];
  /** Documentation URL. */
  readonly referenceUrl: string | undefined;
  /** Creator names, in record order. */
  readonly creators: readonly string[];
  /** When the record was created / last updated (ISO strings as the registry gives them). */
  readonly created: string | undefined;
  readonly updated: string | undefined;
  /** The usage statement. */
  readonly rights: string | undefined;
  /** Format of {@link sourceValue} (`bibcode`). */
  readonly sourceFormat: string | undefined;
  /** Bibliographic source. */
  readonly sourceValue: string | undefined;
  /** Angle (deg) by which positional queries should be blurred. */
  readonly regionOfRegard: number | undefined;
  /** Messenger terms (`optical`, `x-ray`, …). */
  readonly waveband: readonly string[];
  /** The interfaces of the matching capabilities (all of them without a servicetype constraint). */
  readonly interfaces: readonly RegistryInterface[];
  readonly #client: RegistryClient;
  readonly #registry: RegTAPService;
  #service: Service | undefined;

  /** Builds a resource from a search row; `client` makes its services, `registry` answers its extra queries. */
  constructor(row: Record, client: RegistryClient, registry: RegTAPService) {
    const s = (name: string): string | undefined => {
      const v = row.get(name);
      return v === null || v === undefined || v === "" ? undefined : String(v);
    };
    this.ivoid = s("ivoid") ?? "";
    this.resType = s("res_type");
    this.shortName = s("short_name");
    this.resTitle = s("res_title");
    this.resDescription = s("res_description");
    this.contentLevels = split(s("content_level"), "#");
    this.contentTypes = split(s("content_type"), "#");
    this.referenceUrl = s("reference_url");
    this.creators = split(s("creator_seq"), "; ").map((c) => c.trim());
    this.created = s("created");
    this.updated = s("updated");
    this.rights = s("rights");
    this.sourceFormat = s("source_format");
    this.sourceValue = s("source_value");
    const ror = row.get("region_of_regard");
    this.regionOfRegard = typeof ror === "number" && Number.isFinite(ror) ? ror : undefined;
    this.waveband = split(s("waveband"), "#");
    const column = (name: string): string[] => (row.get(name) === undefined ? [] : String(row.get(name) ?? "").split(SEPARATOR));
    const urls = column("access_urls");
    const ids = column("standard_ids");
    const types = column("intf_types");
    const roles = column("intf_roles");
    const descriptions = column("cap_descriptions");
    this.interfaces = Object.freeze(
      urls
        .map((url, i) => new RegistryInterface(url, { standardId: ids[i], type: types[i], role: roles[i], capabilityDescription: descriptions[i] }))
        .filter((intf) => intf.accessUrl !== ""),
    );
    this.#client = client;
    this.#registry = registry;
  }

  /** The access URLs of the interfaces. */
  get accessUrls(): string[] {
    return this.interfaces.map((i) => i.accessUrl);
  }

  /** The standard ids of the interfaces (without duplicates). */
  get standardIds(): string[] {
    return [...new Set(this.interfaces.map((i) => i.standardId).filter((s): s is string => s !== undefined))];
  }

  /** The access URL when there is exactly one user-visible interface (pyVO's `access_url`); otherwise undefined: choose with {@link getInterface}. */
  get accessUrl(): string | undefined {
    const visible = this.interfaces.filter((i) => i.isUserVisible);
    return visible.length === 1 ? visible[0]!.accessUrl : undefined;
  }

  /** Short names of the non-VOSI interfaces: `TAP`, `ConeSearch`, `SIA#query-2.0`, `web`, … (pyVO's `access_modes`). */
  accessModes(): Set<string> {
    return new Set(this.interfaces.filter((i) => (i.standardId || i.isWeb) && !i.isVosi).map((i) => i.shortName));
  }

  /** The user-visible interfaces, optionally of one service type, sorted by URL (pyVO's `list_interfaces`). */
  listInterfaces(serviceType?: string): RegistryInterface[] {
    return this.interfaces
      .filter((i) => i.isUserVisible && (serviceType === undefined || (serviceType === "web" ? i.isWeb : i.isStandard && i.supports(serviceType))))
      .sort((a, b) => a.accessUrl.localeCompare(b.accessUrl));
  }

  /**
   * The interface of a service type (`tap`, `sia2`, a standard id, or "web"); without
   * a type, "the" standard interface (pyVO's `get_interface`).
   * @throws ParameterError when none matches, or several match without `lax` or a distinguishing `keyword`.
   */
  getInterface(serviceType?: string, options: GetServiceOptions & { stdOnly?: boolean | undefined } = {}): RegistryInterface {
    let candidates =
      serviceType === "web"
        ? this.interfaces.filter((i) => i.isWeb)
        : this.interfaces.filter((i) => (!options.stdOnly || i.isStandard) && i.standardId && !i.isVosi && (serviceType === undefined || i.supports(serviceType)));
    if (options.keyword !== undefined) candidates = candidates.filter((i) => i.capabilityDescription?.includes(options.keyword!) ?? false);
    const what = `${serviceType ?? "standard"} interface of ${this.ivoid}`;
    if (candidates.length === 0) throw new ParameterError("serviceType", `a service type this resource offers (${[...this.accessModes()].join(", ") || "none"})`, serviceType ?? what);
    if (candidates.length > 1 && !options.lax) {
      throw new ParameterError(
        "serviceType",
        `one ${what}; ${candidates.length} match (${candidates.map((c) => c.accessUrl).join(", ")}): pass { lax: true } or a keyword from their descriptions`,
        serviceType,
      );
    }
    return candidates[0]!;
  }

  /**
   * A service for this resource, made by the client's plugin for the interface's
   * standard (pyVO's `get_service`): `getService("tap")` gives a TAPService
   * (also for `tap#aux`), `"sia2"` an SIA2Service, a third-party standard id
   * the service of the plugin that registered it.
   * @throws ParameterError as {@link getInterface}; PluginError when no plugin provides the standard.
   */
  getService(serviceType?: string, options: GetServiceOptions = {}): Service {
    return this.getInterface(serviceType, { ...options, stdOnly: true }).toService(this.#client);
  }

  /**
   * The service of the first standard interface (pyVO's `service`, i.e. `getService(undefined, { lax: true })`),
   * made on first use and kept.
   * @throws ParameterError when the resource has no standard interface; PluginError when no plugin provides it.
   */
  get service(): Service {
    return (this.#service ??= this.getService(undefined, { lax: true }));
  }

  /**
   * The resource's tables from the registry (`rr.res_table` and `rr.table_column`,
   * two queries; pyVO's `get_tables`), by name. A resource with no table rows but a
   * TAP interface falls back to the service's VOSI tables.
   * @throws DALQueryError when the resource has more than `tableLimit` tables (default 500).
   */
  async getTables(options: RequestOptions & { tableLimit?: number } = {}): Promise<Map<string, RegistryTable>> {
    const limit = options.tableLimit ?? 500;
    const ro = { signal: options.signal };
    const tables = await this.#registry.runSync(
      adql`SELECT table_index, table_name, table_title, table_description, table_utype, table_type FROM rr.res_table WHERE ivoid = ${this.ivoid} ORDER BY table_index`,
      { ...ro, maxrec: limit + 1 },
    );
    if (tables.length > limit) {
      throw new DALQueryError(`${this.ivoid} has more than ${limit} tables; raise tableLimit to read them`, { url: this.#registry.baseUrl });
    }
    if (tables.length === 0) return this.#vosiTables(options);
    const columns = await this.#registry.runSync(
      adql`SELECT table_index, name, ucd, unit, utype, datatype, arraysize, extended_type, column_description, flag FROM rr.table_column WHERE ivoid = ${this.ivoid}`,
      ro,
    );
    const byIndex = new Map<number, RegistryColumn[]>();
    for (const c of columns) {
      const list = byIndex.get(Number(c.get("table_index"))) ?? [];
      list.push({
        name: c.getString("name") ?? "",
        ucd: c.getString("ucd") || undefined,
        unit: c.getString("unit") || undefined,
        utype: c.getString("utype") || undefined,
        datatype: c.getString("datatype") || undefined,
        arraysize: c.getString("arraysize") || undefined,
        xtype: c.getString("extended_type") || undefined,
        description: c.getString("column_description") || undefined,
        flags: split(c.getString("flag"), "#"),
      });
      byIndex.set(Number(c.get("table_index")), list);
    }
    const result = new Map<string, RegistryTable>();
    for (const t of tables) {
      const name = t.getString("table_name") ?? "";
      result.set(name, {
        name,
        title: t.getString("table_title") || undefined,
        description: t.getString("table_description") || undefined,
        utype: t.getString("table_utype") || undefined,
        type: t.getString("table_type") || undefined,
        columns: byIndex.get(Number(t.get("table_index"))) ?? [],
      });
    }
    return result;
  }

  async #vosiTables(options: RequestOptions): Promise<Map<string, RegistryTable>> {
    const tap = this.interfaces.find((i) => i.isStandard && i.supports("tap"));
    const result = new Map<string, RegistryTable>();
    if (!tap) return result;
    const service = tap.toService(this.#client);
    if (!(service instanceof TAPService)) return result;
    const vosi = await service.tables({ signal: options.signal });
    for (const name of vosi.names()) {
      const t = await vosi.get(name);
      result.set(t.name, {
        name: t.name,
        title: t.title,
        description: t.description,
        utype: t.utype,
        type: t.type,
        columns: t.columns.map((c: VOSIColumn) => ({
          name: c.name,
          ucd: c.ucd,
          unit: c.unit,
          utype: c.utype,
          datatype: c.datatype?.name,
          arraysize: c.datatype?.arraysize,
          xtype: c.datatype?.xtype,
          description: c.description,
          flags: c.flags,
        })),
      });
    }
    return result;
  }

  /** Alternative identifiers of the resource and its creators: DOIs, ORCIDs, bibcodes in URI form (`rr.alt_identifier`, one query; pyVO's `get_alt_identifiers`). */
  async getAltIdentifiers(options: RequestOptions = {}): Promise<string[]> {
    const rs = await this.#registry.runSync(adql`SELECT alt_identifier FROM rr.alt_identifier WHERE ivoid = ${this.ivoid}`, { signal: options.signal });
    return rs.toArray().map((r) => r.getString("alt_identifier") ?? "").filter((a) => a !== "");
  }

  /** The resource's contacts (`rr.res_role`, one query; pyVO's `get_contact`). */
  async getContact(options: RequestOptions = {}): Promise<RegistryContact[]> {
    const rs = await this.#registry.runSync(
      adql`SELECT role_name, email, telephone, street_address FROM rr.res_role WHERE ivoid = ${this.ivoid} AND base_role = ${"contact"}`,
      { signal: options.signal },
    );
    return rs.toArray().map((r) => ({
      name: r.getString("role_name") || undefined,
      email: r.getString("email") || undefined,
      telephone: r.getString("telephone") || undefined,
      address: r.getString("street_address") || undefined,
    }));
  }

  /**
   * A text description (pyVO's `describe`, returned instead of printed): title,
   * short name, ivoid, access modes, each user-visible interface, description,
   * wavebands; `verbose` adds source, creators and reference URL.
   */
  describe(options: { verbose?: boolean; width?: number } = {}): string {
    const width = options.width ?? 78;
    const wrap = (text: string, indent = ""): string => {
      const lines: string[] = [];
      let line = "";
      for (const word of text.split(/\s+/).filter(Boolean)) {
        if (line && line.length + 1 + word.length > width - indent.length) {
          lines.push(indent + line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      if (line) lines.push(indent + line);
      return lines.join("\n");
    };
    const out: string[] = [this.resTitle ?? this.ivoid];
    out.push(`Short Name: ${this.shortName ?? ""}`, `IVOA Identifier: ${this.ivoid}`);
    const modes = [...this.accessModes()].sort();
    if (modes.length) out.push(`Access modes: ${modes.join(", ")}`);
    for (const i of this.listInterfaces()) {
      out.push(`- ${i.shortName}${i.capabilityDescription ? `: ${i.capabilityDescription}` : ""}`, `  ${i.accessUrl}`);
    }
    if (this.resDescription) out.push("", wrap(this.resDescription));
    if (this.waveband.length) out.push("", `Waveband Coverage: ${this.waveband.join(", ")}`);
    if (options.verbose) {
      if (this.sourceValue) out.push("", `Source: ${this.sourceValue}`);
      if (this.creators.length) out.push(`Authors: ${this.creators.slice(0, 5).join(", ")}${this.creators.length > 5 ? " et al." : ""}`);
      if (this.referenceUrl) out.push(`More info: ${this.referenceUrl}`);
    }
    return out.join("\n");
  }
}

/** Options of {@link RegistryResults.queryEach}. */
export type QueryEachOptions<R> = FanOutOptions<RegistryResource, R> & GetServiceOptions;

/** The resources a registry search found (pyVO's `RegistryResults`). */
export class RegistryResults implements Iterable<RegistryResource> {
  /** The RegTAP result the resources were read from. */
  readonly resultSet: ResultSet;
  /** The registry that answered. */
  readonly registry: RegTAPService;
  readonly #resources: readonly RegistryResource[];
  readonly #client: RegistryClient;

  /** Wraps a RegTAP search result. */
  constructor(resultSet: ResultSet, client: RegistryClient, registry: RegTAPService) {
    this.resultSet = resultSet;
    this.registry = registry;
    this.#client = client;
    this.#resources = Object.freeze(resultSet.toArray().map((row) => new RegistryResource(row, client, registry)));
  }

  /** The number of resources. */
  get length(): number {
    return this.#resources.length;
  }

  /** Whether the registry truncated the result (MAXREC). */
  get overflow(): boolean {
    return this.resultSet.overflow !== undefined;
  }

  /** The resource at an index (negative counts from the end). */
  at(index: number): RegistryResource | undefined {
    return this.#resources.at(index);
  }

  /** The resource with this ivoid (any case), else the first with this short name (pyVO's `res["short name"]`). */
  get(key: string): RegistryResource | undefined {
    const k = key.toLowerCase();
    return this.#resources.find((r) => r.ivoid === k) ?? this.#resources.find((r) => r.shortName === key);
  }

  /** The ivoids, in result order. */
  ivoids(): string[] {
    return this.#resources.map((r) => r.ivoid);
  }

  /** The resources as an array. */
  toArray(): RegistryResource[] {
    return [...this.#resources];
  }

  /** The resources in result order. */
  [Symbol.iterator](): Iterator<RegistryResource> {
    return this.#resources[Symbol.iterator]();
  }

  /** One summary row per resource (pyVO's `get_summary`). */
  getSummary(): { index: number; shortName: string | undefined; title: string | undefined; description: string | undefined; interfaces: string }[] {
    return this.#resources.map((r, index) => ({
      index,
      shortName: r.shortName,
      title: r.resTitle,
      description: r.resDescription,
      interfaces: [...r.accessModes()].sort().join(", "),
    }));
  }

  /**
   * "Query every service that matches" (the course's pattern): for each resource
   * with an interface of `serviceType`, makes the service through the client's
   * plugins and runs `query` on it, on core's bounded fan-out (default 4 at a time
   * overall and per host, per-service timeout, progress, and one settled result per resource: a failing
   * service is reported in its result, never stopping the others). Resources without
   * such an interface are skipped.
   * @example
   * const images = await found.queryEach("sia2", (svc, _res, { signal }) => (svc as SIA2Service).search({ pos }, { signal }), { timeout: 30_000 });
   */
  queryEach<R>(
    serviceType: string,
    query: (service: Service, resource: RegistryResource, context: { signal: AbortSignal }) => Promise<R>,
    options: QueryEachOptions<R> = {},
  ): Promise<FanOutResult<RegistryResource, R>[]> {
    const { lax = true, keyword, ...fan } = options;
    const items = this.#resources.filter((r) => r.interfaces.some((i) => i.isStandard && i.supports(serviceType)));
    // Resources on one server share its per-host limit (the host of the interface that will be queried).
    const hostOf = (resource: RegistryResource): string | undefined => {
      const url = resource.interfaces.find((i) => i.isStandard && i.supports(serviceType))?.accessUrl;
      return url !== undefined && URL.canParse(url) ? new URL(url).host : undefined;
    };
    return fanOut(items, (resource, ctx) => query(resource.getService(serviceType, { lax, keyword }), resource, ctx), { hostOf, ...fan });
  }

  /** The client the resources make their services with. */
  get client(): RegistryClient {
    return this.#client;
  }
}

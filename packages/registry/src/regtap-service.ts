/**
 * The RegTAP service: a TAP service with the RegTAP schema, and what it can
 * evaluate ({@link RegTAPService.features}), memoised per service.
 */
import { StandardId } from "@vo/core";
import type { RegistryFeatures } from "@vo/core";
import { TAPService } from "@vo/protocol-tap";
import type { RequestOptions, TAPServiceOptions } from "@vo/protocol-tap";

/** The GAVO RegTAP service, pyVO's default registry. */
export const DEFAULT_REGTAP_ENDPOINT = "http://reg.g-vo.org/tap";

/** The tables whose column types {@link RegTAPService.features} reads (the spatial coverage: MOC or geometry). */
const TYPED_TABLES = ["rr.stc_spatial"];

/**
 * A RegTAP service (a TAP service whose `rr` schema holds the registry).
 * Made by the `registry()` plugin: `client.service("regtap", url)`.
 */
export class RegTAPService extends TAPService {
  /** `ivo://ivoa.net/std/RegTAP#1.0`. */
  override readonly standardId: string = StandardId.REGTAP;
  /** Further registries to try, in order, when this one does not answer (`registry({ endpoint: [a, b] })`). */
  readonly alternatives: readonly string[];
  #features: Promise<RegistryFeatures> | undefined;

  /** @throws ParameterError for a base URL that is not http(s). */
  constructor(baseUrl: string | URL, options: TAPServiceOptions & { alternatives?: readonly string[] | undefined } = {}) {
    super(baseUrl, options);
    this.alternatives = Object.freeze([...(options.alternatives ?? [])]);
  }

  /**
   * What this registry can evaluate: its TAPRegExt language features, its tables
   * (VOSI tables, `detail=min`) and the column types of `rr.stc_spatial` (whose
   * coverage is a MOC on most registries, a polygon on the test bed). Fetched once
   * (2–3 requests) and memoised; a failure is not memoised. When the table's own
   * metadata cannot be read, its columns stay unknown (constraints needing them
   * then raise `RegTAPFeatureMissingError`).
   * @throws DALServiceError / DALFormatError when capabilities or tables cannot be read.
   */
  features(options: RequestOptions = {}): Promise<RegistryFeatures> {
    if (!this.#features) {
      const p = this.#readFeatures(options);
      this.#features = p;
      p.catch(() => {
        if (this.#features === p) this.#features = undefined;
      });
    }
    return this.#features;
  }

  async #readFeatures(options: RequestOptions): Promise<RegistryFeatures> {
    const [caps, tables] = await Promise.all([this.capabilities(options), this.tables(options)]);
    const names = new Set(tables.names().map((n) => n.toLowerCase()));
    const columns = new Map<string, { datatype?: string | undefined; xtype?: string | undefined }>();
    await Promise.all(
      TYPED_TABLES.filter((t) => names.has(t)).map(async (t) => {
        const table = await tables.get(t).catch(() => undefined);
        for (const c of table?.columns ?? []) columns.set(`${t}.${c.name.toLowerCase()}`, { datatype: c.datatype?.name, xtype: c.datatype?.xtype });
      }),
    );
    const url = this.baseUrl;
    return Object.freeze({
      url,
      hasFeature: (type: string, form: string) => caps.supportsFeature(type, form),
      hasTable: (name: string) => names.has(name.toLowerCase()),
      column: (table: string, column: string) => columns.get(`${table.toLowerCase()}.${column.toLowerCase()}`),
    });
  }
}

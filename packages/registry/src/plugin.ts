import { definePlugin, ParameterError, StandardId } from "@vo/core";
import type { Plugin } from "@vo/core";
import { builtinConstraints } from "./constraints.js";
import { DEFAULT_REGTAP_ENDPOINT, RegTAPService } from "./regtap-service.js";
import { loadedVocabulary } from "./vocabulary.js";
import type { Vocabulary, VocabularyName } from "./vocabulary.js";
import { CORE_RANGE, VERSION } from "./version.js";

/** The services the registry plugin adds to a client, by alias. */
export interface RegistryServices {
  /** `client.service("regtap", url)` gives a {@link RegTAPService}. */
  regtap: RegTAPService;
}

/** Options of {@link registry}. */
export interface RegistryOptions {
  /**
   * The registry of this client (default: `$IVOA_REGISTRY`, else GAVO's
   * `http://reg.g-vo.org/tap`). Several: the first whose capabilities answer is used.
   */
  endpoint?: string | readonly string[] | undefined;
  /** Newer vocabularies than the shipped ones (see `parseVocabulary`), for the waveband and uat constraints. */
  vocabularies?: { readonly [N in VocabularyName]?: Vocabulary } | undefined;
}

function environmentRegistry(): string | undefined {
  const env = (globalThis as { process?: { env?: { [k: string]: string | undefined } } }).process?.env;
  const value = env?.IVOA_REGISTRY?.trim();
  return value ? value : undefined;
}

/**
 * The registry plugin: RegTAP services (`client.service("regtap", url)`) and the
 * built-in constraints (keywords, author, servicetype, waveband, datamodel, ivoid,
 * ucd, spatial, spectral, temporal, uat) that `search` uses.
 * @throws ParameterError for an endpoint that is not an http(s) URL.
 * @example
 * const client = createClient({ plugins: [registry({ endpoint: "http://localhost:8080/tap" }), tap(), scs()] });
 * const found = await search(client, { servicetype: "scs", waveband: "optical" });
 */
export function registry(options: RegistryOptions = {}): Plugin<RegistryServices> {
  const configured = options.endpoint === undefined ? [] : typeof options.endpoint === "string" ? [options.endpoint] : [...options.endpoint];
  for (const e of configured) {
    if (!/^https?:\/\//i.test(e) || !URL.canParse(e)) throw new ParameterError("registry endpoint", "an http(s) URL of a RegTAP (TAP) service", e);
  }
  const vocabularies = options.vocabularies ?? {};
  const lookup = (name: VocabularyName): Vocabulary => vocabularies[name] ?? loadedVocabulary(name) ?? missingVocabulary(name);
  return definePlugin<RegistryServices>({
    name: "@vo/registry",
    version: VERSION,
    core: CORE_RANGE,
    register(r) {
      r.service(StandardId.REGTAP, (ctx, url) => {
        if (url !== DEFAULT_REGTAP_ENDPOINT) return new RegTAPService(url, { context: ctx });
        // the client's default registry: the configured endpoints, $IVOA_REGISTRY, or GAVO's
        const [first = environmentRegistry() ?? DEFAULT_REGTAP_ENDPOINT, ...rest] = configured;
        return new RegTAPService(first, { context: ctx, alternatives: rest });
      });
      for (const definition of builtinConstraints(lookup)) r.constraint(definition.keyword, definition);
    },
  });
}

function missingVocabulary(name: VocabularyName): never {
  throw new ParameterError("vocabulary", `the ${name} vocabulary loaded (search loads it; elsewhere await loadVocabulary("${name}"))`, name);
}

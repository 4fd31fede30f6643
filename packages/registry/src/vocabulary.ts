/**
 * IVOA vocabularies in their "desise" JSON form: the messenger vocabulary
 * (Waveband terms) and the Unified Astronomy Thesaurus (UAT subjects, with
 * wider/narrower terms). Both ship with the package (see VOCABULARIES.md for
 * their sources and the UAT's CC BY-SA 3.0 licence) and are loaded on first
 * use; `registry({ vocabularies })` or {@link parseVocabulary} take a newer one.
 */
import { DALFormatError, ParameterError } from "@vo/core";

/** One term of a vocabulary. */
export interface VocabularyTerm {
  /** The term identifier (`pulsars`, `X-ray`). */
  readonly id: string;
  /** Its human-readable label. */
  readonly label: string;
  /** Free-text description, when the vocabulary gives one. */
  readonly description?: string | undefined;
  /** Identifiers of the wider terms. */
  readonly wider: readonly string[];
  /** Identifiers of the narrower terms. */
  readonly narrower: readonly string[];
  /** Set for deprecated terms. */
  readonly deprecated: boolean;
}

/** A vocabulary: terms by identifier, matched case-insensitively. */
export class Vocabulary {
  /** The vocabulary URI (`http://www.ivoa.net/rdf/uat`). */
  readonly uri: string;
  readonly #terms = new Map<string, VocabularyTerm>();

  /** Builds a vocabulary from terms. */
  constructor(uri: string, terms: Iterable<VocabularyTerm>) {
    this.uri = uri;
    for (const t of terms) this.#terms.set(t.id.toLowerCase(), t);
  }

  /** The number of terms. */
  get size(): number {
    return this.#terms.size;
  }

  /** The term with this identifier (any case), or undefined. */
  get(id: string): VocabularyTerm | undefined {
    return this.#terms.get(id.trim().toLowerCase());
  }

  /** Whether the vocabulary has this term (any case). */
  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** Every term identifier, in the vocabulary's order. */
  ids(): string[] {
    return [...this.#terms.values()].map((t) => t.id);
  }

  /**
   * The term and the terms up to `levels` steps wider or narrower (pyVO's UAT
   * `expand_up`/`expand_down`), as identifiers.
   * @throws ParameterError for a term the vocabulary does not have.
   */
  expand(id: string, direction: "wider" | "narrower", levels: number): Set<string> {
    const start = this.get(id);
    if (!start) throw new ParameterError("term", `a term of ${this.uri}`, id);
    const found = new Set<string>([start.id]);
    let frontier = [start];
    for (let level = 0; level < levels && frontier.length > 0; level++) {
      const next: VocabularyTerm[] = [];
      for (const t of frontier) {
        for (const other of t[direction]) {
          const term = this.get(other);
          if (term && !found.has(term.id)) {
            found.add(term.id);
            next.push(term);
          }
        }
      }
      frontier = next;
    }
    return found;
  }
}

/**
 * Reads a vocabulary in the IVOA desise JSON form (`{ uri, terms: { id: { label,
 * wider, narrower, … } } }`), as served by `https://www.ivoa.net/rdf/<name>`
 * with `Accept: application/x-desise+json`.
 * @throws DALFormatError when the document is not desise JSON.
 */
export function parseVocabulary(source: string | object): Vocabulary {
  let doc: unknown;
  try {
    doc = typeof source === "string" ? JSON.parse(source) : source;
  } catch (error) {
    throw new DALFormatError(`vocabulary: not JSON: ${(error as Error).message}`, { cause: error });
  }
  const d = doc as { uri?: unknown; terms?: unknown };
  if (typeof d !== "object" || d === null || typeof d.terms !== "object" || d.terms === null) {
    throw new DALFormatError("vocabulary: expected desise JSON with a terms object");
  }
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  const terms = Object.entries(d.terms as { [id: string]: { [k: string]: unknown } }).map(([id, t]) => ({
    id,
    label: typeof t.label === "string" ? t.label : id,
    description: typeof t.description === "string" ? t.description.trim() : undefined,
    wider: list(t.wider),
    narrower: list(t.narrower),
    deprecated: t.deprecated !== undefined && t.deprecated !== null && t.deprecated !== false,
  }));
  return new Vocabulary(typeof d.uri === "string" ? d.uri : "", terms);
}

/** The vocabularies the package ships. */
export type VocabularyName = "messenger" | "uat";

const loaded: { [N in VocabularyName]?: Vocabulary } = {};
const loading: { [N in VocabularyName]?: Promise<Vocabulary> } = {};

/**
 * The vocabulary shipped with the package, loaded on first call and memoised
 * (messenger: 10 terms; UAT: about 2300 terms, a 400 kB JSON module).
 */
export function loadVocabulary(name: VocabularyName): Promise<Vocabulary> {
  const cached = loaded[name];
  if (cached) return Promise.resolve(cached);
  return (loading[name] ??= (
    name === "uat"
      ? import("./vocabularies/uat.json", { with: { type: "json" } })
      : import("./vocabularies/messenger.json", { with: { type: "json" } })
  ).then((m: { default: object }) => (loaded[name] = parseVocabulary(m.default))));
}

/** The shipped vocabulary if {@link loadVocabulary} has loaded it, else undefined. */
export function loadedVocabulary(name: VocabularyName): Vocabulary | undefined {
  return loaded[name];
}

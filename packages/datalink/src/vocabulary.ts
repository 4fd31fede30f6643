/**
 * The IVOA datalink/core vocabulary (the `semantics` of links), shipped with
 * the package: term lookup and the narrower terms of a term, transitively.
 */
import { DATALINK_CORE_URI } from "./constants.js";
import { DATALINK_CORE } from "./vocabulary-data.js";

/** One term of a vocabulary in the IVOA "desise" form. */
export interface VocabularyTerm {
  /** Human-readable label. */
  readonly label: string;
  /** What the term means. */
  readonly description: string;
  /** Term ids directly wider than this one. */
  readonly wider: readonly string[];
  /** Term ids directly narrower than this one. */
  readonly narrower: readonly string[];
  /** Set for deprecated terms. */
  readonly deprecated?: boolean;
}

/** A vocabulary in the IVOA "desise" form: its URI and its terms by id. */
export interface Vocabulary {
  /** The vocabulary URI; a term's URI is this plus `#` plus the term id. */
  readonly uri: string;
  /** Terms by id. */
  readonly terms: { readonly [id: string]: VocabularyTerm };
}

export { DATALINK_CORE };

/**
 * The canonical form of a `semantics` value: a datalink/core term (`this`,
 * `#this` or `http://www.ivoa.net/rdf/datalink/core#this`) becomes its full
 * URI; any other value (a URI of another vocabulary) is returned trimmed.
 */
export function normalizeSemantics(term: string): string {
  const t = term.trim();
  if (t.startsWith("#")) return `${DATALINK_CORE_URI}${t}`;
  if (/^[A-Za-z0-9_-]+$/.test(t)) return `${DATALINK_CORE_URI}#${t}`;
  return t;
}

/**
 * The term itself and, transitively, every narrower term of the vocabulary,
 * all in canonical form ({@link normalizeSemantics}). A term of another
 * vocabulary has no narrower terms here.
 *
 * @example expandSemantics("#auxiliary") // [core#auxiliary, core#weight, core#error, core#noise]
 */
export function expandSemantics(term: string, vocabulary: Vocabulary = DATALINK_CORE): string[] {
  const start = normalizeSemantics(term);
  const prefix = `${vocabulary.uri}#`;
  if (!start.startsWith(prefix)) return [start];
  const out = [start];
  const seen = new Set([start.slice(prefix.length)]);
  for (let i = 0; i < out.length; i++) {
    const id = (out[i] as string).slice(prefix.length);
    for (const narrower of vocabulary.terms[id]?.narrower ?? []) {
      if (seen.has(narrower)) continue;
      seen.add(narrower);
      out.push(`${prefix}${narrower}`);
    }
  }
  return out;
}

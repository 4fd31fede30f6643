/**
 * Internal DTD entities, expanded with limits; external ones never fetched.
 * One implementation for the VOTable reader and for @vo/core's element tree
 * (UWS, VOSI and error documents).
 *
 * A document may declare general entities in its DOCTYPE's internal subset
 * (`<!DOCTYPE VOTABLE [ <!ENTITY star "Vega"> ]>`) and use them in text and
 * attribute values (`&star;`). Their replacement text is read as text
 * (markup inside an entity is not parsed). The limits keep the
 * "billion laughs" and quadratic-blowup documents harmless: each entity
 * expands to at most {@link ENTITY_LIMITS}.maxLength characters through at
 * most `maxDepth` nested references, and a document's expansions (uses and
 * memoised values) total at most `maxTotal` characters; past a limit the read
 * ends with a DALFormatError whose `reason` is "VO_LIMIT_ENTITIES". An
 * external entity (SYSTEM or PUBLIC) is never fetched: its references read
 * as the caller says (the VOTable reader keeps `&name;` and warns).
 * Parameter entities (`%name;`) are not expanded; declarations that use them
 * are ignored with a warning.
 */
import { DALFormatError } from "./errors.js";

/** The limits on entity expansion. */
export const ENTITY_LIMITS = {
  /** Most entities a DOCTYPE may declare. */
  maxDeclarations: 10_000,
  /** Most characters one entity may expand to. */
  maxLength: 1 << 20,
  /** Most characters all expansions of a document may total. */
  maxTotal: 1 << 26,
  /** Most entity references nested in one expansion. */
  maxDepth: 16,
} as const;

const PREDEFINED: { readonly [k: string]: string } = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** What the caller is told and asked while entities are declared and used. */
export interface EntityHooks {
  /** Something in the DOCTYPE or a reference was ignored (a parameter entity, an undeclared reference inside an entity). */
  warn(message: string): void;
  /** The text a reference to external entity `name` reads as (it is never fetched). */
  external(name: string, systemId: string): string;
}

interface Declaration {
  /** The literal value of an internal entity. */
  value?: string;
  /** The system identifier of an external entity. */
  system?: string;
}

/** The general entities of one document's DOCTYPE. */
export class EntityTable {
  readonly #decls = new Map<string, Declaration>();
  readonly #memo = new Map<string, string>();
  #total = 0;

  /**
   * Reads the declarations of a DOCTYPE (the text saxes gives for it, or the
   * whole `<!DOCTYPE …>`). Throws DALFormatError past `maxDeclarations`.
   */
  constructor(doctype: string, private readonly hooks: EntityHooks) {
    const open = doctype.indexOf("[");
    if (open < 0) return;
    const close = doctype.lastIndexOf("]");
    const subset = doctype.slice(open + 1, close > open ? close : undefined).replace(/<!--[\s\S]*?-->/g, "");
    const decl = /<!ENTITY\s+(%\s+)?([^\s"'<>%&;]+)\s+((?:"[^"]*"|'[^']*'|[^"'>])*)>/g;
    for (let m = decl.exec(subset); m !== null; m = decl.exec(subset)) {
      const [, percent, name = "", rest = ""] = m;
      if (percent !== undefined) {
        this.hooks.warn(`parameter entity %${name}; ignored (parameter entities are not expanded)`);
        continue;
      }
      if (this.#decls.has(name) || PREDEFINED[name] !== undefined) continue; // the first declaration binds
      if (this.#decls.size >= ENTITY_LIMITS.maxDeclarations) {
        throw limit(`the DOCTYPE declares more than ${ENTITY_LIMITS.maxDeclarations} entities`);
      }
      const body = rest.trim();
      const literals = [...body.matchAll(/"([^"]*)"|'([^']*)'/g)].map((x) => x[1] ?? x[2] ?? "");
      if (/^(SYSTEM|PUBLIC)\b/.test(body)) {
        this.#decls.set(name, { system: (body.startsWith("PUBLIC") ? literals[1] : literals[0]) ?? "" });
      } else if (literals.length > 0) {
        if (/%[^\s;]+;/.test(literals[0] as string)) {
          this.hooks.warn(`entity &${name}; uses a parameter entity; ignored`);
          continue;
        }
        this.#decls.set(name, { value: literals[0] as string });
      }
    }
  }

  /** True when the DOCTYPE declared no general entity. */
  get empty(): boolean {
    return this.#decls.size === 0;
  }

  /** The names of the declared general entities. */
  names(): IterableIterator<string> {
    return this.#decls.keys();
  }

  /**
   * The text a reference `&name;` reads as: the expanded replacement text,
   * the caller's text for an external entity, undefined when `name` is not
   * declared. Counts the use against `maxTotal`; throws DALFormatError past a limit.
   */
  resolve(name: string): string | undefined {
    const d = this.#decls.get(name);
    if (d === undefined) return undefined;
    if (d.system !== undefined) return this.hooks.external(name, d.system);
    const v = this.#expand(name, 0, []);
    this.#count(v.length);
    return v;
  }

  /**
   * Makes a saxes parser expand the declared entities (its `ENTITIES`
   * table, read once per reference, so that each use is counted).
   */
  install(entities: Record<string, string>): void {
    for (const name of this.#decls.keys()) {
      Object.defineProperty(entities, name, { configurable: true, enumerable: true, get: () => this.resolve(name) });
    }
  }

  #count(n: number): void {
    this.#total += n;
    if (this.#total > ENTITY_LIMITS.maxTotal) {
      throw limit(`entity expansion passes ${ENTITY_LIMITS.maxTotal} characters in this document (an entity-expansion attack, or too many uses)`);
    }
  }

  #expand(name: string, depth: number, stack: string[]): string {
    const known = this.#memo.get(name);
    if (known !== undefined) return known;
    if (stack.includes(name)) throw limit(`entity &${name}; refers to itself (${[...stack, name].map((n) => `&${n};`).join(" → ")})`);
    if (depth > ENTITY_LIMITS.maxDepth) throw limit(`entity references nested deeper than ${ENTITY_LIMITS.maxDepth} (at &${name};)`);
    const d = this.#decls.get(name) as Declaration;
    const literal = d.value ?? "";
    let out = "";
    let at = 0;
    const ref = /&(#x[0-9a-fA-F]+|#[0-9]+|[^\s&;#<>"']+);/g;
    for (let m = ref.exec(literal); m !== null; m = ref.exec(literal)) {
      out += literal.slice(at, m.index);
      at = m.index + m[0].length;
      const r = m[1] as string;
      let piece: string;
      if (r.startsWith("#")) {
        const code = r[1] === "x" ? Number.parseInt(r.slice(2), 16) : Number.parseInt(r.slice(1), 10);
        piece = code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m[0];
      } else if (PREDEFINED[r] !== undefined) piece = PREDEFINED[r] as string;
      else {
        const inner = this.#decls.get(r);
        if (inner === undefined) {
          this.hooks.warn(`entity &${name}; refers to &${r};, which is not declared; kept as text`);
          piece = m[0];
        } else if (inner.system !== undefined) piece = this.hooks.external(r, inner.system);
        else piece = this.#expand(r, depth + 1, [...stack, name]);
      }
      out += piece;
      if (out.length > ENTITY_LIMITS.maxLength) throw limit(`entity &${name}; expands to more than ${ENTITY_LIMITS.maxLength} characters`);
    }
    out += literal.slice(at);
    if (out.length > ENTITY_LIMITS.maxLength) throw limit(`entity &${name}; expands to more than ${ENTITY_LIMITS.maxLength} characters`);
    this.#count(out.length);
    this.#memo.set(name, out);
    return out;
  }
}

function limit(message: string): DALFormatError {
  return new DALFormatError(message, { standard: "XML 1.0", reason: "VO_LIMIT_ENTITIES" });
}

/**
 * XML escaping for the VOTable writer, and the writer's metadata elements
 * (FIELD, PARAM, INFO, VALUES, LINK, DESCRIPTION, GROUP, COOSYS, TIMESYS).
 */
import { ParameterError } from "./errors.js";
import type { CooSys, Field, Group, Info, Link, Option, TimeSys, Values } from "./model.js";

/** What to do with characters that XML 1.0 cannot carry (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). */
export type InvalidCharPolicy = "error" | "replace";

/** Characters XML 1.0 forbids: C0 controls except tab/LF/CR, U+FFFE/U+FFFF, unpaired surrogates (`u` flag: pairs are one code point). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/u;
// eslint-disable-next-line no-control-regex -- as above
const FORBIDDEN_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/gu;
const TEXT_SPECIAL = /[&<>\r]/;
const TEXT_SPECIAL_ALL = /[&<>\r]/g;
const ATTR_SPECIAL = /[&<>"\t\n\r]/;
const ATTR_SPECIAL_ALL = /[&<>"\t\n\r]/g;

const ENTITY: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

function entity(c: string): string {
  return ENTITY[c] ?? c;
}

/**
 * Removes or rejects characters XML 1.0 forbids. With `"error"` throws a
 * ParameterError naming `where`; with `"replace"` puts U+FFFD in their place.
 */
export function checkXmlChars(s: string, where: string, policy: InvalidCharPolicy): string {
  if (!FORBIDDEN.test(s)) return s;
  if (policy === "replace") return s.replace(FORBIDDEN_ALL, "\uFFFD");
  const bad = FORBIDDEN.exec(s)?.[0] ?? "";
  const code = bad.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
  throw new ParameterError(where, `text without characters XML 1.0 forbids (found U+${code})`, s);
}

/** Escapes element text (`&`, `<`, `>`, CR) after checking for forbidden characters. */
export function escapeText(s: string, where: string, policy: InvalidCharPolicy): string {
  s = checkXmlChars(s, where, policy);
  return TEXT_SPECIAL.test(s) ? s.replace(TEXT_SPECIAL_ALL, entity) : s;
}

/** Escapes an attribute value (quotes and whitespace as character references, so they survive normalisation). */
export function escapeAttr(s: string, where: string, policy: InvalidCharPolicy): string {
  s = checkXmlChars(s, where, policy);
  return ATTR_SPECIAL.test(s) ? s.replace(ATTR_SPECIAL_ALL, entity) : s;
}

/** Builds indented XML text for the document's head and tail. */
export class XmlBuilder {
  readonly parts: string[] = [];
  constructor(readonly policy: InvalidCharPolicy) {}

  /** `name="value"` pairs for the attributes that are defined, in the given order. */
  attrs(where: string, pairs: [string, string | number | undefined][]): string {
    let out = "";
    for (const [k, v] of pairs) {
      if (v === undefined) continue;
      out += ` ${k}="${escapeAttr(String(v), `${where}@${k}`, this.policy)}"`;
    }
    return out;
  }

  /** Appends one line. */
  line(indent: number, text: string): void {
    this.parts.push(" ".repeat(indent) + text + "\n");
  }

  /** A `<DESCRIPTION>` element, when there is a description. */
  description(indent: number, where: string, text: string | undefined): void {
    if (text === undefined) return;
    this.line(indent, `<DESCRIPTION>${escapeText(text, `${where}/DESCRIPTION`, this.policy)}</DESCRIPTION>`);
  }

  /** An INFO element. */
  info(indent: number, info: Info, where: string): void {
    const a = this.attrs(where, [
      ["ID", info.ID],
      ["name", info.name],
      ["value", info.value],
      ["unit", info.unit],
      ["ucd", info.ucd],
      ["utype", info.utype],
      ["xtype", info.xtype],
      ["ref", info.ref],
    ]);
    if (info.content === undefined || info.content === "") this.line(indent, `<INFO${a}/>`);
    else this.line(indent, `<INFO${a}>${escapeText(info.content, where, this.policy)}</INFO>`);
  }

  /** A FIELD or, with `value`, a PARAM element with its DESCRIPTION, VALUES and LINKs. */
  field(indent: number, f: Field, where: string, element: "FIELD" | "PARAM", value?: string): void {
    const a = this.attrs(where, [
      ["ID", f.ID],
      ["name", f.name],
      ["datatype", f.datatype],
      ["arraysize", f.arraysize],
      ["width", f.width],
      ["precision", f.precision],
      ["unit", f.unit],
      ["ucd", f.ucd],
      ["utype", f.utype],
      ["xtype", f.xtype],
      ["ref", f.ref],
      ["type", f.type],
      ["value", value],
    ]);
    if (f.description === undefined && f.values === undefined && !f.links?.length) {
      this.line(indent, `<${element}${a}/>`);
      return;
    }
    this.line(indent, `<${element}${a}>`);
    this.description(indent + 1, where, f.description);
    if (f.values) this.values(indent + 1, f.values, `${where}/VALUES`);
    for (const l of f.links ?? []) this.link(indent + 1, l, `${where}/LINK`);
    this.line(indent, `</${element}>`);
  }

  /** A VALUES element. */
  values(indent: number, v: Values, where: string): void {
    const a = this.attrs(where, [
      ["null", v.null],
      ["ref", v.ref],
    ]);
    if (!v.min && !v.max && !v.options?.length) {
      this.line(indent, `<VALUES${a}/>`);
      return;
    }
    this.line(indent, `<VALUES${a}>`);
    if (v.min) this.line(indent + 1, `<MIN${this.attrs(where, [["value", v.min.value], ["inclusive", v.min.inclusive ? "yes" : "no"]])}/>`);
    if (v.max) this.line(indent + 1, `<MAX${this.attrs(where, [["value", v.max.value], ["inclusive", v.max.inclusive ? "yes" : "no"]])}/>`);
    for (const o of v.options ?? []) this.option(indent + 1, o, where);
    this.line(indent, `</VALUES>`);
  }

  private option(indent: number, o: Option, where: string): void {
    const a = this.attrs(where, [
      ["name", o.name],
      ["value", o.value],
    ]);
    if (!o.options?.length) {
      this.line(indent, `<OPTION${a}/>`);
      return;
    }
    this.line(indent, `<OPTION${a}>`);
    for (const sub of o.options) this.option(indent + 1, sub, where);
    this.line(indent, `</OPTION>`);
  }

  /** A LINK element. */
  link(indent: number, l: Link, where: string): void {
    const a = this.attrs(where, [
      ["ID", l.ID],
      ["content-role", l.contentRole],
      ["content-type", l.contentType],
      ["title", l.title],
      ["value", l.value],
      ["href", l.href],
      ["action", l.action],
    ]);
    this.line(indent, `<LINK${a}/>`);
  }

  /** A COOSYS element. */
  coosys(indent: number, c: CooSys, where: string): void {
    this.line(indent, `<COOSYS${this.attrs(where, [["ID", c.ID], ["system", c.system], ["equinox", c.equinox], ["epoch", c.epoch], ["refposition", c.refposition]])}/>`);
  }

  /** A TIMESYS element. */
  timesys(indent: number, t: TimeSys, where: string): void {
    this.line(indent, `<TIMESYS${this.attrs(where, [["ID", t.ID], ["timeorigin", t.timeorigin], ["timescale", t.timescale], ["refposition", t.refposition]])}/>`);
  }

  /**
   * A GROUP with its DESCRIPTION, PARAMs, FIELDrefs, PARAMrefs and nested
   * GROUPs; `param` writes each PARAM (its value needs the writer's codecs).
   */
  group(indent: number, g: Group, where: string, param: (indent: number, p: Group["params"][number], where: string) => void): void {
    const a = this.attrs(where, [["ID", g.ID], ["name", g.name], ["ref", g.ref], ["ucd", g.ucd], ["utype", g.utype]]);
    if (g.description === undefined && !g.params.length && !g.fieldRefs.length && !g.paramRefs.length && !g.groups.length) {
      this.line(indent, `<GROUP${a}/>`);
      return;
    }
    this.line(indent, `<GROUP${a}>`);
    this.description(indent + 1, where, g.description);
    for (const p of g.params) param(indent + 1, p, `${where}/PARAM[${p.name}]`);
    for (const r of g.fieldRefs) this.line(indent + 1, `<FIELDref${this.attrs(`${where}/FIELDref`, [["ref", r.ref], ["ucd", r.ucd], ["utype", r.utype]])}/>`);
    for (const r of g.paramRefs) this.line(indent + 1, `<PARAMref${this.attrs(`${where}/PARAMref`, [["ref", r.ref], ["ucd", r.ucd], ["utype", r.utype]])}/>`);
    for (const sub of g.groups) this.group(indent + 1, sub, `${where}/GROUP`, param);
    this.line(indent, `</GROUP>`);
  }

  /** The text so far, and empties the builder. */
  take(): string {
    const s = this.parts.join("");
    this.parts.length = 0;
    return s;
  }
}

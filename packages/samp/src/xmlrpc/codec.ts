/**
 * A small, strict XML-RPC codec for SAMP's three types (string, array, struct),
 * on saxes (no DTDs, no external entities: a DOCTYPE is refused, so XXE and
 * entity expansion cannot happen).
 *
 * Writing is strict: only strings, arrays and structs, and only the characters
 * SAMP allows in strings (0x09, 0x0a, 0x0d, 0x20–0x7f) unless `allowUnicode`.
 * Reading is lenient where peers are sloppy (SAMP 1.3 §3.3): `<int>`, `<i4>`,
 * `<i8>`, `<boolean>`, `<double>`, `<dateTime.iso8601>`, `<base64>` and `<nil/>`
 * come back as SAMP strings; a `<value>` without a type element is a string.
 */
import { SaxesParser } from "saxes";
import { DALFormatError } from "@vo/core";
import type { SampValue } from "../types.js";

/** An XML-RPC call: method name and parameters. */
export interface XmlRpcCall {
  readonly method: string;
  readonly params: readonly SampValue[];
}

/** An XML-RPC fault (`<fault>`). */
export interface XmlRpcFault {
  readonly faultCode: number;
  readonly faultString: string;
}

/** A decoded method response: a value or a fault. */
export type XmlRpcResponse = { readonly value: SampValue } | { readonly fault: XmlRpcFault };

/** Options of the encoders. */
export interface EncodeOptions {
  /** Let strings carry any XML character, not only SAMP's (default false: SAMP 1.3 §3.3 strictness). */
  readonly allowUnicode?: boolean;
}

const STANDARD = "XML-RPC";
/** Nesting deeper than this is refused (a list of maps of lists… 64 deep is far beyond any SAMP message). */
const MAX_DEPTH = 64;

function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

// eslint-disable-next-line no-control-regex
const NON_SAMP = /[^\x09\x0a\x0d\x20-\x7f]/;
// eslint-disable-next-line no-control-regex
const NON_XML = /[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

function encodeValue(v: SampValue, out: string[], opts: EncodeOptions, depth: number): void {
  if (depth > MAX_DEPTH) throw new TypeError(`XML-RPC: value nested deeper than ${MAX_DEPTH}`);
  if (typeof v === "string") {
    const bad = (opts.allowUnicode ? NON_XML : NON_SAMP).exec(v);
    if (bad) {
      const cp = bad[0].codePointAt(0) ?? 0;
      throw new TypeError(
        `SAMP strings may hold only tab, newline, carriage return and printable ASCII; got U+${cp.toString(16).toUpperCase().padStart(4, "0")} in ${JSON.stringify(v.slice(0, 60))}`,
      );
    }
    out.push("<value><string>", escapeText(v), "</string></value>");
  } else if (Array.isArray(v)) {
    out.push("<value><array><data>");
    for (const item of v as readonly SampValue[]) encodeValue(item, out, opts, depth + 1);
    out.push("</data></array></value>");
  } else if (typeof v === "object" && v !== null) {
    out.push("<value><struct>");
    for (const [k, item] of Object.entries(v)) {
      if (item === undefined) continue;
      out.push("<member><name>", escapeText(k), "</name>");
      encodeValue(item, out, opts, depth + 1);
      out.push("</member>");
    }
    out.push("</struct></value>");
  } else {
    throw new TypeError(`SAMP has only strings, lists and maps; got ${v === null ? "null" : typeof v}`);
  }
}

/** Writes `<methodCall>`. @throws {TypeError} for a value SAMP cannot carry. */
export function encodeCall(method: string, params: readonly SampValue[], opts: EncodeOptions = {}): string {
  if (!/^[A-Za-z0-9_.:/-]+$/.test(method)) throw new TypeError(`XML-RPC: bad method name ${JSON.stringify(method)}`);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n<methodCall><methodName>', method, "</methodName><params>"];
  for (const p of params) {
    out.push("<param>");
    encodeValue(p, out, opts, 0);
    out.push("</param>");
  }
  out.push("</params></methodCall>\n");
  return out.join("");
}

/** Writes a successful `<methodResponse>`. @throws {TypeError} for a value SAMP cannot carry. */
export function encodeResponse(value: SampValue, opts: EncodeOptions = {}): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n<methodResponse><params><param>'];
  encodeValue(value, out, opts, 0);
  out.push("</param></params></methodResponse>\n");
  return out.join("");
}

/** Writes a fault `<methodResponse>` (the fault string is written with any XML character allowed). */
export function encodeFault(fault: XmlRpcFault): string {
  const text = fault.faultString.replace(new RegExp(NON_XML.source, "gu"), "\ufffd");
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<methodResponse><fault><value><struct>' +
    `<member><name>faultCode</name><value><int>${Math.trunc(fault.faultCode)}</int></value></member>` +
    `<member><name>faultString</name><value><string>${escapeText(text)}</string></value></member>` +
    "</struct></value></fault></methodResponse>\n"
  );
}

/** A parse in progress: the element path and the value under construction. */
interface Frame {
  readonly name: string;
  /** For value frames: the scalar text seen so far. */
  text: string;
  /** For value frames: the type element (`string`, `int`, … or `array`/`struct`), once seen. */
  type?: string;
  /** The decoded value of a finished `<value>` child, for param/member/data frames. */
  values?: SampValue[];
  /** For member frames: the member name. */
  memberName?: string;
  /** For struct frames. */
  members?: { [key: string]: SampValue };
  /** For value frames with a scalar type element: its decoded text. */
  scalar?: string;
}

const SCALARS = new Set(["string", "int", "i4", "i8", "boolean", "double", "dateTime.iso8601", "base64", "nil"]);
/** Which elements each element may contain (text-only elements have none). */
const CHILDREN: { readonly [name: string]: readonly string[] } = {
  methodCall: ["methodName", "params"],
  methodResponse: ["params", "fault"],
  params: ["param"],
  param: ["value"],
  fault: ["value"],
  value: [...SCALARS, "array", "struct"],
  array: ["data"],
  data: ["value"],
  struct: ["member"],
  member: ["name", "value"],
};

interface Parsed {
  readonly root: string;
  readonly methodName: string | undefined;
  readonly params: SampValue[];
  readonly fault: SampValue | undefined;
}

function parse(source: string | Uint8Array, what: string, url: string | undefined): Parsed {
  const text = typeof source === "string" ? source : new TextDecoder("utf-8", { fatal: false }).decode(source);
  const parser = new SaxesParser({ position: true });
  const stack: Frame[] = [];
  let root: string | undefined;
  let methodName: string | undefined;
  const params: SampValue[] = [];
  let fault: SampValue | undefined;
  let failure: DALFormatError | undefined;
  const path = (): string => stack.map((f) => f.name).join("/");
  const fail = (message: string): void => {
    failure ??= new DALFormatError(`malformed XML-RPC ${what}: ${message}`, {
      url,
      standard: STANDARD,
      location: { line: parser.line, column: parser.column + 1, element: path() || undefined },
    });
  };
  parser.on("error", (err: Error) => fail(err.message.replace(/^[^:]*:?\d+:\d+: /, "")));
  parser.on("doctype", () => fail("a DOCTYPE is not allowed"));
  parser.on("opentag", (tag) => {
    if (failure) return;
    const parent = stack.at(-1);
    const name = tag.name;
    if (!parent) {
      if (name !== "methodCall" && name !== "methodResponse") return fail(`root element <${name}>, expected <methodCall> or <methodResponse>`);
      root = name;
    } else {
      const allowed = CHILDREN[parent.name];
      if (!allowed?.includes(name)) return fail(`<${name}> is not allowed in <${parent.name}>`);
      if (parent.name === "value") {
        if (parent.type !== undefined) return fail(`<value> holds more than one type element`);
        if (parent.text.trim() !== "") return fail(`<value> mixes text and <${name}>`);
        parent.type = name;
      }
    }
    if (stack.length > MAX_DEPTH * 3 + 4) return fail(`nested deeper than ${MAX_DEPTH} values`);
    const frame: Frame = { name, text: "" };
    if (name === "struct") frame.members = {};
    if (name === "array" || name === "data" || name === "param" || name === "fault" || name === "member") frame.values = [];
    stack.push(frame);
  });
  const onText = (t: string): void => {
    if (failure) return;
    const top = stack.at(-1);
    if (!top) return;
    if (top.name === "value" && top.type !== undefined) {
      if (t.trim() !== "") fail(`<value> mixes text and <${top.type}>`);
    } else if (top.name === "value" || SCALARS.has(top.name) || top.name === "methodName" || top.name === "name") top.text += t;
    else if (t.trim() !== "") fail(`unexpected text ${JSON.stringify(t.trim().slice(0, 40))} in <${top.name}>`);
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => {
    if (failure) return;
    const frame = stack.pop();
    if (!frame) return;
    const parent = stack.at(-1);
    switch (frame.name) {
      case "methodName":
        methodName = frame.text.trim();
        break;
      case "name":
        if (parent) parent.memberName = frame.text;
        break;
      case "value": {
        let v: SampValue;
        if (frame.type === undefined) v = frame.text;
        else if (frame.type === "array" || frame.type === "struct") v = (frame.values ?? [])[0] ?? (frame.type === "array" ? [] : {});
        else v = frame.scalar ?? "";
        parent?.values?.push(v);
        break;
      }
      case "string":
      case "dateTime.iso8601":
      case "base64":
        if (parent) parent.scalar = frame.text;
        break;
      case "int":
      case "i4":
      case "i8": {
        const t = frame.text.trim();
        if (!/^[+-]?\d+$/.test(t)) return fail(`<${frame.name}> holds ${JSON.stringify(t.slice(0, 40))}`);
        if (parent) parent.scalar = t.replace(/^\+/, "");
        break;
      }
      case "boolean": {
        const t = frame.text.trim();
        if (t !== "0" && t !== "1") return fail(`<boolean> holds ${JSON.stringify(t.slice(0, 40))}`);
        if (parent) parent.scalar = t;
        break;
      }
      case "double": {
        const t = frame.text.trim();
        if (t === "" || !Number.isFinite(Number(t))) return fail(`<double> holds ${JSON.stringify(t.slice(0, 40))}`);
        if (parent) parent.scalar = t;
        break;
      }
      case "nil":
        if (parent) parent.scalar = "";
        break;
      case "array":
      case "struct": {
        // The finished array/struct goes to its <value> parent as that value's single child value.
        const v: SampValue = frame.name === "struct" ? (frame.members ?? {}) : [];
        if (frame.name === "array") {
          const data = (frame.values ?? [])[0];
          if (data !== undefined) (v as SampValue[]).push(...(data as SampValue[]));
        }
        if (parent) parent.values = [v];
        break;
      }
      case "data":
        parent?.values?.push(frame.values ?? []);
        break;
      case "member": {
        const [v] = frame.values ?? [];
        if (frame.memberName === undefined) return fail("<member> without <name>");
        if (v === undefined) return fail(`<member> ${JSON.stringify(frame.memberName)} without <value>`);
        if (parent?.members) {
          if (Object.hasOwn(parent.members, frame.memberName)) return fail(`duplicate member ${JSON.stringify(frame.memberName)}`);
          parent.members[frame.memberName] = v;
        }
        break;
      }
      case "param": {
        const [v] = frame.values ?? [];
        if (v === undefined) return fail("<param> without <value>");
        params.push(v);
        break;
      }
      case "fault": {
        const [v] = frame.values ?? [];
        if (v === undefined) return fail("<fault> without <value>");
        fault = v;
        break;
      }
    }
  });
  try {
    parser.write(text);
    if (!failure) parser.close();
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (!failure && root === undefined) fail("no root element");
  if (failure) throw failure;
  return { root: root as string, methodName, params, fault };
}

/**
 * Reads a `<methodCall>`.
 * @throws {DALFormatError} (standard "XML-RPC") when it is not a well-formed call of SAMP-typed values.
 */
export function decodeCall(source: string | Uint8Array, url?: string): XmlRpcCall {
  const p = parse(source, "call", url);
  if (p.root !== "methodCall") throw new DALFormatError(`malformed XML-RPC call: got <${p.root}>`, { url, standard: STANDARD });
  if (!p.methodName) throw new DALFormatError("malformed XML-RPC call: no <methodName>", { url, standard: STANDARD });
  return { method: p.methodName, params: p.params };
}

/**
 * Reads a `<methodResponse>`: one value, or a fault.
 * @throws {DALFormatError} (standard "XML-RPC") when it is not a well-formed response.
 */
export function decodeResponse(source: string | Uint8Array, url?: string): XmlRpcResponse {
  const p = parse(source, "response", url);
  if (p.root !== "methodResponse") throw new DALFormatError(`malformed XML-RPC response: got <${p.root}>`, { url, standard: STANDARD });
  if (p.fault !== undefined) {
    const f = p.fault;
    if (typeof f !== "object" || Array.isArray(f)) throw new DALFormatError("malformed XML-RPC response: <fault> is not a struct", { url, standard: STANDARD });
    const map = f as { readonly [k: string]: SampValue };
    const code = typeof map["faultCode"] === "string" ? Number(map["faultCode"]) : NaN;
    const faultString = typeof map["faultString"] === "string" ? map["faultString"] : JSON.stringify(f).slice(0, 200);
    return { fault: { faultCode: Number.isFinite(code) ? code : 0, faultString } };
  }
  if (p.params.length !== 1) {
    throw new DALFormatError(`malformed XML-RPC response: ${p.params.length} return values, expected 1`, { url, standard: STANDARD });
  }
  return { value: p.params[0] as SampValue };
}

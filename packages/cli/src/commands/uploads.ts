/** `--upload name=file`: a VOTable file is sent as it is; a CSV file is read into a table first. */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Field, Row } from "@vo/votable";
import type { Uploads } from "@vo/protocol-tap";
import { UsageError } from "../exit-codes.js";

/** Reads the `--upload` options into TAP uploads. */
export async function readUploads(specs: readonly string[], cwd: string, command: string): Promise<Uploads> {
  const uploads: Record<string, Uploads[string]> = {};
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    if (eq <= 0) throw new UsageError(`--upload must be name=file (the query reads TAP_UPLOAD.name), got ${JSON.stringify(spec)}`, command);
    const name = spec.slice(0, eq);
    const path = resolve(cwd, spec.slice(eq + 1));
    if (/^https?:\/\//i.test(spec.slice(eq + 1))) {
      uploads[name] = spec.slice(eq + 1);
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (error) {
      throw new UsageError(`--upload ${name}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, command);
    }
    uploads[name] = /\.csv$/i.test(path) ? parseCsvTable(new TextDecoder().decode(bytes), path, command) : bytes;
  }
  return uploads;
}

/**
 * A CSV file with a header line as fields and rows. Each column's type is
 * the narrowest that holds all its values: long (integers), double
 * (numbers), boolean (true/false), else text; empty cells are nulls.
 */
export function parseCsvTable(text: string, path: string, command: string): { fields: Field[]; rows: Row[] } {
  const records = parseCsv(text).filter((r) => !(r.length === 1 && r[0] === ""));
  const header = records.shift();
  if (!header || header.every((h) => h.trim() === "")) throw new UsageError(`${path}: a CSV upload needs a header line with column names`, command);
  records.forEach((r, i) => {
    if (r.length !== header.length) throw new UsageError(`${path}: line ${i + 2} has ${r.length} values, the header ${header.length}`, command);
  });
  const kinds = header.map((_, k) => columnKind(records.map((r) => r[k]!.trim()).filter((t) => t !== "")));
  const fields: Field[] = header.map((name, k) =>
    kinds[k] === "long" ? { name, datatype: "long" } : kinds[k] === "double" ? { name, datatype: "double" } : kinds[k] === "boolean" ? { name, datatype: "boolean" } : { name, datatype: "char", arraysize: "*" },
  );
  const rows = records.map((r) =>
    r.map((cell, k): Row[number] => {
      const t = cell.trim();
      if (t === "") return null;
      switch (kinds[k]) {
        case "long":
          return BigInt(t);
        case "double":
          return /^[-+]?inf/i.test(t) ? (t.startsWith("-") ? -Infinity : Infinity) : Number(t);
        case "boolean":
          return t.toLowerCase() === "true";
        default:
          return cell;
      }
    }),
  );
  return { fields, rows };
}

function columnKind(values: readonly string[]): "long" | "double" | "boolean" | "text" {
  if (values.length === 0) return "text";
  if (values.every((t) => /^[-+]?\d+$/.test(t) && BigInt.asIntN(64, BigInt(t)) === BigInt(t))) return "long";
  if (values.every((t) => /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) || /^[-+]?(nan|inf|infinity)$/i.test(t))) return "double";
  if (values.every((t) => /^(true|false)$/i.test(t))) return "boolean";
  return "text";
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

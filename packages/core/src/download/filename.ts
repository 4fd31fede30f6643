/**
 * Choosing a safe local file name for a downloaded dataset.
 *
 * Pure string code (no `node:` imports), so it also runs in browsers. A
 * server controls `Content-Disposition` and the URL, so every candidate is
 * reduced to one plain file name that cannot leave the target folder: no
 * path separators, no `..`, no absolute or drive paths, no control or bidi
 * characters, no Windows reserved device names, no leading dot, at most
 * {@link MAX_FILENAME_BYTES} bytes of UTF-8.
 */

/** Longest file name (UTF-8 bytes) the sanitiser produces; most file systems allow 255. */
export const MAX_FILENAME_BYTES = 200;

/** The name used when no candidate survives sanitising. */
export const DEFAULT_DATASET_BASENAME = "dataset";

/** MIME type (lower case, no parameters) → file extension with its dot. */
const EXTENSIONS: { readonly [mime: string]: string } = {
  "image/fits": ".fits",
  "application/fits": ".fits",
  "application/x-fits": ".fits",
  "image/x-fits": ".fits",
  "application/x-votable+xml": ".xml",
  "application/votable+xml": ".xml",
  "text/xml": ".xml",
  "application/xml": ".xml",
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "image/jpg": ".jpg",
  "image/gif": ".gif",
  "image/tiff": ".tif",
  "image/webp": ".webp",
  "text/plain": ".txt",
  "text/csv": ".csv",
  "text/tab-separated-values": ".tsv",
  "text/html": ".html",
  "application/json": ".json",
  "application/pdf": ".pdf",
  "application/gzip": ".gz",
  "application/x-gzip": ".gz",
  "application/zip": ".zip",
  "application/x-tar": ".tar",
  "application/x-hdf5": ".h5",
  "application/x-hdf": ".hdf",
  "application/vnd.apache.parquet": ".parquet",
  "application/x-parquet": ".parquet",
};

/**
 * The file extension (with its dot) for a MIME type, or `undefined` when unknown.
 * Parameters such as `;content=datalink` or `;charset=utf-8` are ignored.
 *
 * @example extensionForMediaType("image/fits") // ".fits"
 */
export function extensionForMediaType(mediaType: string | null | undefined): string | undefined {
  if (!mediaType) return undefined;
  const base = mediaType.split(";")[0]?.trim().toLowerCase() ?? "";
  return EXTENSIONS[base];
}

/**
 * The file name a `Content-Disposition` header proposes, decoded but NOT yet
 * sanitised (pass it through {@link sanitizeFilename}). `filename*` (RFC 5987/6266,
 * `UTF-8''…` or `ISO-8859-1''…`) wins over `filename`. Returns `undefined` when
 * the header names no file.
 */
export function filenameFromContentDisposition(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const params = parseHeaderParams(header);
  const extended = params.get("filename*");
  if (extended !== undefined) {
    const decoded = decodeRfc5987(extended);
    if (decoded) return decoded;
  }
  const plain = params.get("filename");
  return plain ? plain : undefined;
}

/** Splits `attachment; a=b; c="d;e"` into lower-cased names → values (quoted strings unescaped). */
function parseHeaderParams(header: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = header.indexOf(";");
  if (i < 0) return out;
  while (i < header.length) {
    // Skip the ';' and any empty parameters (";;") and blanks before the name.
    while (header[i] === ";" || header[i] === " " || header[i] === "\t") i++;
    const eq = header.indexOf("=", i);
    if (eq < 0) break;
    const name = header.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    while (header[i] === " " || header[i] === "\t") i++;
    let value = "";
    if (header[i] === '"') {
      i++;
      while (i < header.length && header[i] !== '"') {
        if (header[i] === "\\" && i + 1 < header.length) i++;
        value += header[i];
        i++;
      }
      i++; // closing quote
      const next = header.indexOf(";", i);
      i = next < 0 ? header.length : next;
    } else {
      const next = header.indexOf(";", i);
      const end = next < 0 ? header.length : next;
      value = header.slice(i, end).trim();
      i = end;
    }
    if (name && !out.has(name)) out.set(name, value);
  }
  return out;
}

/** Decodes an RFC 5987 ext-value `charset'lang'%xx…`; `undefined` when malformed. */
function decodeRfc5987(value: string): string | undefined {
  const m = /^([^']*)'[^']*'(.*)$/.exec(value.trim());
  if (!m) return undefined;
  const charset = (m[1] ?? "").toLowerCase();
  const encoded = m[2] ?? "";
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    const c = encoded[i] ?? "";
    if (c === "%" && /^[0-9a-fA-F]{2}$/.test(encoded.slice(i + 1, i + 3))) {
      bytes.push(parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of new TextEncoder().encode(c)) bytes.push(b);
    }
  }
  const label = charset === "iso-8859-1" || charset === "latin1" ? "latin1" : "utf-8";
  try {
    return new TextDecoder(label, { fatal: label === "utf-8" }).decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
}

/** Windows device names, reserved with any extension (`CON.txt` too) and with blanks before it (`CON .txt`). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)\s*(\..*)?$/i;

/**
 * Reduces any string to one safe file name inside a folder, or `undefined` when
 * nothing usable is left. Keeps only the last path segment (both `/` and `\`),
 * removes control, bidi-override and Windows-forbidden characters, leading dots
 * and spaces, trailing dots and spaces, prefixes Windows device names with `_`,
 * and truncates to {@link MAX_FILENAME_BYTES} UTF-8 bytes keeping the extension.
 *
 * @example sanitizeFilename("../../etc/passwd") // "passwd"
 */
export function sanitizeFilename(candidate: string | null | undefined): string | undefined {
  if (candidate === null || candidate === undefined) return undefined;
  // Lone UTF-16 surrogates cannot be written to disk as such (Node writes U+FFFD): make that visible in the name.
  let name = candidate.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD").normalize("NFC");
  // NUL and C0/C1 controls are dropped (a NUL would truncate the name in C APIs); then keep the last segment.
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  name = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
  const segments = name.split(/[/\\]/).map((s) => s.trim()).filter((s) => s !== "" && s !== "." && s !== "..");
  name = segments.at(-1) ?? "";
  // Bidi overrides, zero-width and other format characters can disguise an extension.
  name = name.replace(/[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g, "");
  // Characters Windows forbids; ':' also stops drive letters ("C:") and NTFS streams ("a:b").
  name = name.replace(/[<>:"|?*]/g, "_");
  name = name.replace(/^[.\s]+/, "").replace(/[.\s]+$/, "");
  if (!name) return undefined;
  if (RESERVED.test(name)) name = `_${name}`;
  return truncateUtf8(name, MAX_FILENAME_BYTES);
}

/** Cuts `name` to at most `max` UTF-8 bytes, keeping a short extension and whole code points. */
function truncateUtf8(name: string, max: number): string {
  const enc = new TextEncoder();
  if (enc.encode(name).length <= max) return name;
  const ext = splitExtension(name)[1];
  const keepExt = ext && enc.encode(ext).length <= 24 ? ext : "";
  const budget = max - enc.encode(keepExt).length;
  let out = "";
  let used = 0;
  for (const ch of name.slice(0, name.length - keepExt.length)) {
    const n = enc.encode(ch).length;
    if (used + n > budget) break;
    out += ch;
    used += n;
  }
  out = out.replace(/[.\s]+$/, "");
  return `${out || DEFAULT_DATASET_BASENAME}${keepExt}`;
}

/** `["image", ".fits"]` for `image.fits`; the extension is empty when the name has none. */
export function splitExtension(name: string): [base: string, ext: string] {
  const m = /^(.+?)(\.[A-Za-z0-9][A-Za-z0-9_+-]{0,15})$/.exec(name);
  return m ? [m[1] ?? name, m[2] ?? ""] : [name, ""];
}

/** The last non-empty segment of a URL's path, percent-decoded; `undefined` when there is none. */
export function filenameFromUrl(url: string | URL): string | undefined {
  let path: string;
  try {
    path = new URL(String(url)).pathname;
  } catch {
    return undefined;
  }
  const last = path.split("/").filter((s) => s !== "").at(-1);
  if (!last) return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** What {@link chooseDatasetFilename} looks at, strongest first. */
export interface FilenameSources {
  /** A name the caller insists on (still sanitised). */
  filename?: string | undefined;
  /** The response's `Content-Disposition` header. */
  contentDisposition?: string | null | undefined;
  /** A name from the record's metadata (title, publisher DID, …). */
  suggestedName?: string | undefined;
  /** The (final) URL; its last path segment is the last resort before {@link DEFAULT_DATASET_BASENAME}. */
  url?: string | URL | undefined;
  /** MIME type of the response (or of the record, when the response has none); gives the extension when missing. */
  contentType?: string | null | undefined;
}

/**
 * The safe local file name for a dataset: the caller's `filename`, else the
 * server's `Content-Disposition`, else the record's suggested name, else the
 * URL's last path segment, else `"dataset"`. An extension from the MIME type
 * is added when the chosen name has none.
 *
 * @example chooseDatasetFilename({ contentDisposition: "attachment; filename=../../x", contentType: "image/fits" }) // "x.fits"
 */
export function chooseDatasetFilename(sources: FilenameSources): string {
  const candidates = [
    sources.filename,
    filenameFromContentDisposition(sources.contentDisposition),
    // A title is not a path: "M 51 / r-band" keeps both parts (pyVO ≥1.5.3 does the same).
    sources.suggestedName?.replace(/[/\\]/g, "_"),
    sources.url === undefined ? undefined : filenameFromUrl(sources.url),
  ];
  let name: string | undefined;
  for (const c of candidates) {
    name = sanitizeFilename(c);
    if (name) break;
  }
  name ??= DEFAULT_DATASET_BASENAME;
  if (!splitExtension(name)[1]) {
    const ext = extensionForMediaType(sources.contentType);
    if (ext) name = truncateUtf8(name, MAX_FILENAME_BYTES - ext.length) + ext;
  }
  return name;
}

/** `name (1).ext`, `name (2).ext`, … for the n-th alternative of a taken name. */
export function numberedFilename(name: string, n: number): string {
  const [base, ext] = splitExtension(name);
  const suffix = ` (${n})`;
  return truncateUtf8(base, MAX_FILENAME_BYTES - suffix.length - ext.length) + suffix + ext;
}

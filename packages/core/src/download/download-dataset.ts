/**
 * Streaming a dataset to disk. **Node-only**: `node:fs`, `node:path` and
 * `node:stream` are loaded with a dynamic `import()` through a variable when
 * {@link downloadDataset} runs, so importing this module in a browser (or
 * bundling it) costs nothing and only calling it fails.
 */
import type * as NodeFsPromises from "node:fs/promises";
import type * as NodePath from "node:path";
import type * as NodeStreamPromises from "node:stream/promises";
import { DALServiceError } from "@vo/votable";
import type { Timeouts, Transport } from "../transport/types.js";
import { openDataset } from "./fetch-dataset.js";
import { chooseDatasetFilename, numberedFilename } from "./filename.js";

/** Progress of a download; `total` is the Content-Length when the server sent one. */
export interface DownloadProgress {
  /** Bytes written so far. */
  received: number;
  /** Expected bytes, when known. */
  total: number | undefined;
}

/** Options of {@link downloadDataset}. */
export interface DownloadOptions {
  /** Cancels the download; the promise rejects with `signal.reason` and the partial file is removed. */
  signal?: AbortSignal | undefined;
  /** Called after every chunk written. */
  onProgress?: ((progress: DownloadProgress) => void) | undefined;
  /**
   * Replace an existing file of the same name. Default `false`: the file is
   * saved as `name (1).ext`, `name (2).ext`, … instead, never overwriting
   * anything (atomically: the final name is claimed with a hard link).
   */
  overwrite?: boolean | undefined;
  /** A file name to use instead of the server's; it is sanitised like any other. */
  filename?: string | undefined;
  /** A name from the record's metadata (title, obs_publisher_did, …), used when the server sends no Content-Disposition. */
  suggestedName?: string | undefined;
  /** MIME type from the record's metadata, used for the extension when the response has no Content-Type. */
  mediaType?: string | undefined;
  /** Time limits of the request. */
  timeouts?: Timeouts | undefined;
  /** Extra request headers. */
  headers?: Record<string, string> | undefined;
}

/** What {@link downloadDataset} wrote. */
export interface DownloadResult {
  /** Absolute path of the file written (always inside the target folder). */
  path: string;
  /** Bytes written. */
  bytes: number;
  /** The response's Content-Type, if any. */
  contentType: string | undefined;
}

/**
 * Downloads a dataset into folder `dir` (created if missing) and returns where
 * it went. **Node-only.** The body streams to a temporary `….part` file that is
 * renamed when complete, so a failed or cancelled download leaves nothing
 * behind. The name comes from `filename`, the server's `Content-Disposition`,
 * `suggestedName` or the URL (see `chooseDatasetFilename`), is sanitised so it
 * can never escape `dir`, and gets an extension from the MIME type when it has
 * none. Existing files are never overwritten unless `overwrite: true`: a
 * ` (1)`, ` (2)`… suffix is added instead.
 *
 * @throws {DALServiceError} on a non-2xx status or a network failure.
 * @example
 * const { path } = await downloadDataset(transport, record.dataUrl, "./data", { suggestedName: "m51" });
 */
export async function downloadDataset(
  transport: Transport,
  url: string | URL,
  dir: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const [fsp, pathMod, streamP] = await Promise.all([
    nodeImport<typeof NodeFsPromises>("node:fs/promises"),
    nodeImport<typeof NodePath>("node:path"),
    nodeImport<typeof NodeStreamPromises>("node:stream/promises"),
  ]);
  const { signal } = options;
  const response = await openDataset(transport, url, options);
  const contentType = response.headers.get("content-type") ?? undefined;

  const target = pathMod.resolve(dir);
  const name = chooseDatasetFilename({
    filename: options.filename,
    contentDisposition: response.headers.get("content-disposition"),
    suggestedName: options.suggestedName,
    url: response.url || String(url),
    contentType: contentType ?? options.mediaType,
  });
  const lengthHeader = response.headers.get("content-length");
  const total =
    lengthHeader !== null && /^\d+$/.test(lengthHeader) && !response.headers.get("content-encoding")
      ? Number(lengthHeader)
      : undefined;

  let received = 0;
  const tmp = pathMod.join(target, `.vo-download-${randomTag()}.part`);
  let file: NodeFsPromises.FileHandle | undefined;
  try {
    await fsp.mkdir(target, { recursive: true });
    assertInside(pathMod, target, tmp);
    // Opened here, not by the write stream: a stream opens its file later, so an abort before that open ended
    // would remove nothing and the open would then leave the partial file behind.
    file = await fsp.open(tmp, "wx");
    const counted = async function* (source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
      for await (const chunk of source) {
        signal?.throwIfAborted();
        received += chunk.byteLength;
        yield chunk;
        options.onProgress?.({ received, total });
      }
    };
    await streamP.pipeline(
      response.body,
      counted,
      file.createWriteStream(),
      ...(signal ? [{ signal }] : []),
    );
    const path = await claimName(fsp, pathMod, target, name, tmp, options.overwrite === true);
    return { path, bytes: received, contentType };
  } catch (error) {
    await response.cancel().catch(() => undefined);
    await file?.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    if (signal?.aborted) throw signal.reason;
    if (error instanceof DALServiceError || isAbort(error)) throw error;
    if (isFsError(error)) throw error;
    throw new DALServiceError(`dataset download failed: ${(error as Error).message ?? String(error)}`, {
      url: String(url),
      status: response.status,
      contentType,
      cause: error,
    });
  }
}

/**
 * `import()` of a Node built-in through a variable, so that browser bundlers
 * neither resolve nor inline `node:` modules: the download code costs a
 * browser bundle nothing, and only calling it there fails.
 */
function nodeImport<T>(specifier: string): Promise<T> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier) as Promise<T>;
}

type PathModule = typeof NodePath;
type FsPromises = typeof NodeFsPromises;

/** Moves the finished temp file to `name`, or to `name (n)` when taken and overwriting is off. */
async function claimName(
  fsp: FsPromises,
  pathMod: PathModule,
  dir: string,
  name: string,
  tmp: string,
  overwrite: boolean,
): Promise<string> {
  if (overwrite) {
    const final = pathMod.join(dir, name);
    assertInside(pathMod, dir, final);
    await fsp.rename(tmp, final);
    return final;
  }
  for (let n = 0; n < 10_000; n++) {
    const final = pathMod.join(dir, n === 0 ? name : numberedFilename(name, n));
    assertInside(pathMod, dir, final);
    try {
      // link() fails with EEXIST instead of replacing: no race between "exists?" and "write".
      await fsp.link(tmp, final);
      await fsp.rm(tmp, { force: true });
      return final;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") continue;
      if (code === "EPERM" || code === "ENOTSUP" || code === "EXDEV" || code === "ENOSYS") {
        // File systems without hard links: check, then rename (small race window, documented).
        if (await exists(fsp, final)) continue;
        await fsp.rename(tmp, final);
        return final;
      }
      throw error;
    }
  }
  throw new Error(`no free file name for ${name} in ${dir}`);
}

async function exists(fsp: FsPromises, p: string): Promise<boolean> {
  try {
    await fsp.lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** Belt and braces: the sanitised name must resolve to a direct child of `dir`. */
function assertInside(pathMod: PathModule, dir: string, file: string): void {
  const resolved = pathMod.resolve(file);
  if (pathMod.dirname(resolved) !== pathMod.resolve(dir)) {
    throw new Error(`refusing to write outside ${dir}: ${resolved}`);
  }
}

function randomTag(): string {
  return Math.random().toString(36).slice(2, 10);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}

function isFsError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) && (error as NodeJS.ErrnoException).syscall !== undefined;
}

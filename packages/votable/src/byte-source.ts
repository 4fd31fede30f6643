/**
 * Byte sources the readers accept, normalised to an async iterator of
 * chunks of at most 1 MiB.
 */

/** Anything the readers can read bytes from. */
export type ByteSource =
  | Uint8Array
  | string
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>
  | ReadableStream<Uint8Array>;

/** Largest chunk handed to the parser. */
export const CHUNK = 1 << 20;

function* split(b: Uint8Array): Generator<Uint8Array> {
  for (let i = 0; i < b.length; i += CHUNK) yield b.subarray(i, Math.min(b.length, i + CHUNK));
}

function toBytes(c: unknown): Uint8Array {
  // Plain Uint8Array views (not Buffer) keep the scanners' element access monomorphic.
  if (c instanceof Uint8Array) return c.constructor === Uint8Array ? c : new Uint8Array(c.buffer, c.byteOffset, c.byteLength);
  if (typeof c === "string") return new TextEncoder().encode(c);
  if (c instanceof ArrayBuffer) return new Uint8Array(c);
  if (ArrayBuffer.isView(c)) return new Uint8Array(c.buffer, c.byteOffset, c.byteLength);
  throw new TypeError(`VOTable source yielded ${typeof c}, expected Uint8Array chunks`);
}

/** Iterates the chunks of a source (large chunks are split, never copied). */
export async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array, void, undefined> {
  if (typeof source === "string") {
    yield* split(new TextEncoder().encode(source));
    return;
  }
  if (source instanceof Uint8Array) {
    yield* split(toBytes(source));
    return;
  }
  if (typeof ReadableStream !== "undefined" && source instanceof ReadableStream) {
    const reader = source.getReader();
    try {
      for (;;) {
        const r = await reader.read();
        if (r.done) return;
        yield* split(toBytes(r.value));
      }
    } finally {
      reader.releaseLock();
    }
  }
  if (Symbol.asyncIterator in (source as object)) {
    for await (const c of source as AsyncIterable<Uint8Array>) yield* split(toBytes(c));
    return;
  }
  if (Symbol.iterator in (source as object)) {
    for (const c of source as Iterable<Uint8Array>) yield* split(toBytes(c));
    return;
  }
  throw new TypeError("unsupported VOTable source: expected bytes, a string, an iterable of chunks or a ReadableStream");
}

/** The next chunk, rejecting with `signal.reason` as soon as the signal aborts. */
export function nextChunk(
  it: AsyncIterator<Uint8Array>,
  signal: AbortSignal | undefined,
): Promise<IteratorResult<Uint8Array>> {
  if (signal === undefined) return it.next();
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      reject(signal.reason);
      void it.return?.().catch(() => undefined);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    it.next().then(
      (r) => {
        signal.removeEventListener("abort", onAbort);
        if (signal.aborted) reject(signal.reason);
        else resolve(r);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(signal.aborted ? signal.reason : e);
      },
    );
  });
}

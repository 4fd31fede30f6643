/** Where output goes: stdout or a file, with back-pressure. */
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { once } from "node:events";

/** Text or bytes out, respecting back-pressure. */
export interface TextSink {
  /** Writes and waits while the stream's buffer is full. */
  write(chunk: string | Uint8Array): Promise<void>;
  /** Finishes the output (flushes a file; leaves stdout open). */
  end(): Promise<void>;
  /** Whether this is an interactive terminal (colour and the aligned table are for terminals only). */
  readonly isTTY: boolean;
}

/** A sink over a Node writable stream; `own` streams are ended by `end()`. */
export function streamSink(stream: Writable & { isTTY?: boolean }, own = false): TextSink {
  let failed: Error | undefined;
  stream.on("error", (e: Error) => (failed = e));
  return {
    isTTY: stream.isTTY === true,
    async write(chunk) {
      if (failed) throw failed;
      if (!stream.write(chunk)) await Promise.race([once(stream, "drain"), once(stream, "error").then(([e]) => Promise.reject(e as Error))]);
    },
    async end() {
      if (failed) throw failed;
      if (!own) return;
      const done = once(stream, "finish");
      stream.end();
      await done;
    },
  };
}

/** A sink writing to a new file (replaced if it exists, as shells do with `>`). */
export function fileSink(path: string): TextSink {
  return streamSink(createWriteStream(path), true);
}

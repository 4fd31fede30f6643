/**
 * UTF-8 validation of byte ranges: Node's native `buffer.isUtf8` when
 * available (SIMD, far faster than the parse), else a fatal TextDecoder.
 */

type IsUtf8 = (b: Uint8Array) => boolean;

const nativeIsUtf8: IsUtf8 | undefined = (() => {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const buffer = proc?.getBuiltinModule?.("buffer") as { isUtf8?: IsUtf8 } | undefined;
  return typeof buffer?.isUtf8 === "function" ? buffer.isUtf8 : undefined;
})();

const fatal = new TextDecoder("utf-8", { fatal: true });

/** True when `b[s, e)` is well-formed UTF-8. */
export function isUtf8(b: Uint8Array, s: number, e: number): boolean {
  if (e <= s) return true;
  const part = b.subarray(s, e);
  if (nativeIsUtf8 !== undefined) return nativeIsUtf8(part);
  try {
    fatal.decode(part);
    return true;
  } catch {
    return false;
  }
}

/** The end of `b[s, e)` less a trailing multi-byte sequence that may be incomplete (cut by a chunk end). */
export function completeUtf8End(b: Uint8Array, s: number, e: number): number {
  // Step back over up to 3 continuation bytes to a lead byte; drop it and what follows.
  for (let k = e - 1; k >= s && k >= e - 4; k--) {
    const c = b[k] as number;
    if (c < 0x80) return e;
    if (c >= 0xc0) return k;
  }
  return e;
}

/** Index of the first byte of `b[s, e)` that starts an ill-formed UTF-8 sequence; `e` when there is none. */
export function firstInvalidUtf8(b: Uint8Array, s: number, e: number): number {
  let i = s;
  while (i < e) {
    const c = b[i] as number;
    if (c < 0x80) { i++; continue; }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0; // overlong
      else if (c === 0xed) hi = 0x9f; // surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90; // overlong
      else if (c === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    if (i + n >= e) return i; // cut short
    const c1 = b[i + 1] as number;
    if (c1 < lo || c1 > hi) return i;
    for (let k = 2; k <= n; k++) {
      const ck = b[i + k] as number;
      if (ck < 0x80 || ck > 0xbf) return i;
    }
    i += n + 1;
  }
  return e;
}

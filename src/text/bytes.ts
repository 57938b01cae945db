// Byte arrays joined and compared, for the platform-neutral code (the parsers, the browser's ingest).

/**
 * The first `length` bytes of `parts` (all of them by default) as one array. One part of exactly that length is
 * returned as it is, not copied.
 */
export function concatBytes(parts: readonly Uint8Array[], length = parts.reduce((n, p) => n + p.length, 0)): Uint8Array {
  if (parts.length === 1 && parts[0]!.length === length) return parts[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    const n = Math.min(p.length, length - at);
    out.set(n === p.length ? p : p.subarray(0, n), at);
    at += n;
    if (at >= length) break;
  }
  return out;
}

/** True when `b[start, end)` is exactly `word` (ASCII text as its bytes). */
export function bytesAre(b: Uint8Array, start: number, end: number, word: Uint8Array): boolean {
  return end - start === word.length && bytesStartWith(b, start, end, word);
}

/** True when `b[p, end)` starts with `word` (ASCII text as its bytes). */
export function bytesStartWith(b: Uint8Array, p: number, end: number, word: Uint8Array): boolean {
  if (end - p < word.length) return false;
  for (let k = 0; k < word.length; k++) if (b[p + k] !== word[k]) return false;
  return true;
}

// Character-code tests shared by the parsers' hand-rolled header readers (hot paths: no regex, no allocation).

/** True for the char code of an ASCII digit `0`-`9`. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** True when `s[i, i + count)` are all ASCII digits (false past the end of `s`). */
export function digitsAt(s: string, i: number, count: number): boolean {
  for (let k = i; k < i + count; k++) if (!isDigit(s.charCodeAt(k))) return false;
  return true;
}

/** The value of the ASCII digit at `s[i]`, or -1 when it is not one. */
export function digitAt(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >>> 0 > 9 ? -1 : d;
}

/** The number spelled by the two ASCII digits at `s[i]`, or -1 when either is not a digit. */
export function twoDigitsAt(s: string, i: number): number {
  const high = s.charCodeAt(i) - 48;
  const low = s.charCodeAt(i + 1) - 48;
  return high >>> 0 > 9 || low >>> 0 > 9 ? -1 : high * 10 + low;
}

/** The digit at `b[p]`, or -1 when it is not one. */
export function digitByteAt(b: Uint8Array, p: number): number {
  const d = b[p]! - 48;
  return d >>> 0 > 9 ? -1 : d;
}

/** `twoDigitsAt` for bytes: the number spelled by the two ASCII digits at `b[p]`, or -1. */
export function twoDigitBytesAt(b: Uint8Array, p: number): number {
  const high = b[p]! - 48;
  const low = b[p + 1]! - 48;
  return high >>> 0 > 9 || low >>> 0 > 9 ? -1 : high * 10 + low;
}

/** `twoDigitsAt`, where a blank may stand for the leading zero (`Jan  5`, the padded fields of `ctime`). */
export function paddedTwoDigitsAt(s: string, i: number): number {
  return s.charCodeAt(i) === 32 ? digitAt(s, i + 1) : twoDigitsAt(s, i);
}

// Character-code tests shared by the parsers' hand-rolled header readers (hot paths: no regex, no allocation).

/** True for the char code of an ASCII digit `0`-`9`. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

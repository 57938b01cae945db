// Blank lines in a chunk's bytes, for the parsers that count lines from their bytes (`LineParser.skim`): a line of
// blanks and tabs only is what `isBlank` (parsers/multiline.ts) calls blank.

/** True when `b[start, end)` holds only blanks and tabs (or nothing). */
export function isBlankBytes(b: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (b[k] !== 32 && b[k] !== 9) return false;
  return true;
}

/** The first byte at or after `p` past whole blank lines (blanks and tabs, then `\n` or `\r\n`). */
export function afterBlankLines(b: Uint8Array, p: number): number {
  for (;;) {
    let k = p;
    while (b[k] === 32 || b[k] === 9) k++;
    if (b[k] === 10) p = k + 1;
    else if (b[k] === 13 && b[k + 1] === 10) p = k + 2;
    else return p;
  }
}


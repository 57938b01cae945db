// Passing over a DOCTYPE declaration in an event-XML export (xml-sniff.ts, xml-split.ts) without reading it. Windows
// writes none; a crafted one declares entities (nested ones that expand to gigabytes, external ones naming local
// files). They are never expanded nor fetched: the declaration is skipped as a whole, in constant memory, and a
// reference to one of its entities stays as it is written (`&lol9;`).

/**
 * Where the scanner is inside `<!DOCTYPE name … [ internal subset ] >`: in the declaration, in its subset, or skipping
 * a quoted literal, comment or PI up to its closer.
 */
type Mode = 'decl' | 'subset' | 'skip';

export const DOCTYPE_OPEN = '<!DOCTYPE';

/** Finds the end of a DOCTYPE declaration in text given piece by piece (quotes, comments and PIs in its subset respected). */
export class DoctypeSkipper {
  private mode: Mode = 'decl';
  /** While skipping: what ends the skipped part (the quote, `-->`, `?>`) and the mode after it. */
  private closer = '"';
  private after: 'decl' | 'subset' = 'decl';

  /**
   * Scans `text` from `from` (after `<!DOCTYPE`). `done`: the declaration ends there, `index` is just after its `>`.
   * Otherwise it goes on past `text`: everything before `index` is consumed, and `text` from `index` on (at most a
   * few characters: a `<` that may open a comment, the start of a closer) must be given again with what follows.
   */
  scan(text: string, from = 0): { done: boolean; index: number } {
    const n = text.length;
    let i = from;
    while (i < n) {
      if (this.mode === 'skip') {
        const j = text.indexOf(this.closer, i);
        if (j < 0) return { done: false, index: Math.max(i, n - this.closer.length + 1) };
        i = j + this.closer.length;
        this.mode = this.after;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 34 || c === 39) {
        this.skipTo(text[i]!, this.mode);
        i++;
      } else if (this.mode === 'decl') {
        if (c === 62) return { done: true, index: i + 1 }; // `>`
        if (c === 91) this.mode = 'subset'; // `[`
        i++;
      } else if (c === 93) {
        this.mode = 'decl'; // `]`
        i++;
      } else if (c === 60) {
        // `<`: a comment or a PI may hold quotes and `]` that mean nothing
        if (n - i < 4) return { done: false, index: i };
        if (text.startsWith('<!--', i)) {
          this.skipTo('-->', 'subset');
          i += 4;
        } else if (text.charCodeAt(i + 1) === 63) {
          this.skipTo('?>', 'subset');
          i += 2;
        } else i++;
      } else i++;
    }
    return { done: false, index: n };
  }

  private skipTo(closer: string, after: 'decl' | 'subset'): void {
    this.mode = 'skip';
    this.closer = closer;
    this.after = after;
  }
}

/** The root element a DOCTYPE declaration at `text`'s start names (`<!DOCTYPE Events [`): 'Events'; undefined if none. */
export function doctypeRoot(text: string): string | undefined {
  return /^<!DOCTYPE\s+([A-Za-z_][\w.:-]*)/.exec(text)?.[1];
}

// Does a text contain any of a set of literal keywords? Wu-Manber: it skips ahead by up to the
// shortest keyword's length, so the routine lines of a large log cost a few steps each.

// Blocks of three characters: pairs are too common in English log text to skip far.
const BLOCK = 3;
const TABLE = 1 << 15;

function blockHash(a: number, b: number, c: number): number {
  return ((a << 10) ^ (b << 5) ^ c) & (TABLE - 1);
}

function bytesStartWith(b: Uint8Array, at: number, end: number, word: string): boolean {
  if (at + word.length > end) return false;
  for (let i = 0; i < word.length; i++) if (b[at + i] !== word.charCodeAt(i)) return false;
  return true;
}

export class KeywordSet {
  private readonly min: number;
  private readonly shift: Uint8Array;
  /**
   * For each block hash, 1 + the index in `candidates` of the keywords whose block ending at position `min - 1` has
   * it; 0 for none. A 64 KB table instead of a 32K-slot array of lists (256 KB): a thread keeps about forty sets.
   */
  private readonly slot: Uint16Array;
  private readonly candidates: string[][] = [];
  /** The same keywords as indices into `keywords` (`forEachIn`). */
  private readonly candidateIndices: number[][] = [];

  constructor(readonly keywords: readonly string[]) {
    if (keywords.length === 0) throw new Error('KeywordSet needs at least one keyword');
    const wide = keywords.find((k) => /[^\x00-\x7f]/.test(k));
    if (wide !== undefined) throw new Error(`keywords must be ASCII: ${wide}`);
    this.min = Math.min(...keywords.map((k) => k.length));
    if (this.min < BLOCK) throw new Error(`keywords must be at least ${BLOCK} characters: ${keywords.find((k) => k.length < BLOCK)}`);
    const defaultShift = Math.min(255, this.min - BLOCK + 1);
    this.shift = new Uint8Array(TABLE).fill(defaultShift);
    this.slot = new Uint16Array(TABLE);
    for (const [index, word] of keywords.entries()) {
      for (let q = BLOCK - 1; q < this.min; q++) {
        const h = blockHash(word.charCodeAt(q - 2), word.charCodeAt(q - 1), word.charCodeAt(q));
        const s = this.min - 1 - q;
        if (s < this.shift[h]!) this.shift[h] = s;
      }
      const h = blockHash(word.charCodeAt(this.min - 3), word.charCodeAt(this.min - 2), word.charCodeAt(this.min - 1));
      if (this.slot[h] === 0) {
        this.candidates.push([]);
        this.candidateIndices.push([]);
        this.slot[h] = this.candidates.length;
      }
      this.candidates[this.slot[h]! - 1]!.push(word);
      this.candidateIndices[this.slot[h]! - 1]!.push(index);
    }
  }

  /**
   * True when the UTF-8 bytes `b[start, end)` contain one of the keywords. Same tables as `test`: the keywords are
   * ASCII, whose UTF-8 bytes are their character codes. Reading bytes costs a fraction of `charCodeAt`. (The
   * loop is `test`'s, written twice on purpose: a shared accessor would cost the speed both exist for.)
   */
  testBytes(b: Uint8Array, start: number, end: number): boolean {
    const { min, shift, slot, candidates } = this;
    let pos = start + min - 1;
    while (pos < end) {
      const h = blockHash(b[pos - 2]!, b[pos - 1]!, b[pos]!);
      const s = shift[h]!;
      if (s > 0) {
        pos += s;
        continue;
      }
      const k = slot[h]!;
      if (k !== 0) {
        const list = candidates[k - 1]!;
        const at = pos - min + 1;
        for (const word of list) if (bytesStartWith(b, at, end, word)) return true;
      }
      pos++;
    }
    return false;
  }

  /**
   * Calls `found` with the index (in `keywords`) of every keyword `text` contains, once per place it occurs. One
   * pass finds them all: the skips are the ones `test` makes, which pass over no keyword's end.
   */
  forEachIn(text: string, found: (index: number) => void): void {
    const { keywords, candidateIndices } = this;
    this.scanText(text, (start, k) => {
      for (const index of candidateIndices[k - 1]!) if (text.startsWith(keywords[index]!, start)) found(index);
      return false;
    });
  }

  /** True when `text` contains one of the keywords (case-sensitive). */
  test(text: string): boolean {
    const { candidates } = this;
    return this.scanText(text, (start, k) => {
      for (const word of candidates[k - 1]!) if (text.startsWith(word, start)) return true;
      return false;
    });
  }

  /**
   * The skip loop over a string: `atCandidate(start, slot)` where a keyword may begin at `start` (its candidates are
   * slot `slot`); true from it ends the scan with true. Called only where the tables leave a candidate, so the call
   * costs nothing measurable against the skips.
   */
  private scanText(text: string, atCandidate: (start: number, slot: number) => boolean): boolean {
    const { min, shift, slot } = this;
    const n = text.length;
    let pos = min - 1;
    while (pos < n) {
      const h = blockHash(text.charCodeAt(pos - 2), text.charCodeAt(pos - 1), text.charCodeAt(pos));
      const s = shift[h]!;
      if (s > 0) {
        pos += s;
        continue;
      }
      const k = slot[h]!;
      if (k !== 0 && atCandidate(pos - min + 1, k)) return true;
      pos++;
    }
    return false;
  }
}

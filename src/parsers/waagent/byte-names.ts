// Names in the bytes of a waagent header, for the byte readers (fast-header.ts, fast-legacy-header.ts): known names
// recognised in place and shared as one string, the `[Name-version]` prefix compared with the last one read.
import { isDigit } from '../../text/chars.js';

const SPACE = 32;
/** Distinct prefixes remembered per file: a bundle's extensions, not an attacker's million names. */
const MAX_SEEN = 64;

/** A known name, as bytes and as the one string every event shares. */
export interface Name {
  bytes: Uint8Array;
  text: string;
}

export const encode = (text: string): Name => ({ bytes: new TextEncoder().encode(text), text });

/** The name of `names` spelled by `b[p, end)`, or undefined. */
export function known(names: readonly Name[], b: Uint8Array, p: number, end: number): string | undefined {
  return nameIn(names, b, p, end)?.text;
}

/** The entry of `names` spelled by `b[p, end)`, or undefined. */
function nameIn(names: readonly Name[], b: Uint8Array, p: number, end: number): Name | undefined {
  const n = end - p;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const bytes = name.bytes;
    if (bytes.length !== n) continue;
    let k = 0;
    while (k < n && b[p + k] === bytes[k]) k++;
    if (k === n) return name;
  }
  return undefined;
}

/** The ASCII name `b[from, to)` of the line starting at `start`: sliced from its text when there is one. */
export function asciiAt(b: Uint8Array, start: number, text: string | undefined, from: number, to: number): string {
  if (text !== undefined) return text.slice(from - start, to - start);
  let out = '';
  for (let k = from; k < to; k++) out += String.fromCharCode(b[k]!);
  return out;
}

/** `[Name-version]` prefixes read from bytes; the string of the last one is shared while lines repeat it. */
export class BracketPrefix {
  private last: Name = { bytes: new Uint8Array(0), text: '' };
  /** Set by `end`: the prefix it found is the same as `last`. */
  private same = false;

  /**
   * End (after `]`) of a `[Name-version]` prefix at `p` within `[p, end)`, or -1 (formats.ts `extPrefixEnd`:
   * no blank inside, a `-` followed by a digit after the first name character). Compares it with the last
   * prefix in the same pass (for `text`).
   */
  end(b: Uint8Array, p: number, end: number): number {
    if (b[p] !== 91 /* [ */) return -1;
    const last = this.last.bytes;
    let same = last[0] === 91;
    let dashDigit = false;
    for (let k = p + 1; k < end; k++) {
      const c = b[k]!;
      if (same && c !== last[k - p]) same = false;
      if (c === 93 /* ] */) {
        this.same = same && last.length === k + 1 - p;
        return dashDigit ? k + 1 : -1;
      }
      if (c === SPACE || c >= 0x80) return -1;
      if (c === 45 && k > p + 1 && isDigit(b[k + 1]!)) dashDigit = true;
    }
    return -1;
  }

  /** Prefixes read before, shared when they come back (a log interleaves a few extensions' lines). */
  private readonly seen: Name[] = [];

  /** The prefix `b[p, prefixEnd)` that `end` just found, as a string: one string per distinct prefix, while few. */
  text(b: Uint8Array, start: number, text: string | undefined, p: number, prefixEnd: number): string {
    if (this.same) return this.last.text;
    const again = nameIn(this.seen, b, p, prefixEnd);
    if (again !== undefined) {
      this.last = again;
      return again.text;
    }
    this.last = { bytes: new Uint8Array(b.subarray(p, prefixEnd)), text: asciiAt(b, start, text, p, prefixEnd) };
    if (this.seen.length < MAX_SEEN) this.seen.push(this.last);
    return this.last.text;
  }
}

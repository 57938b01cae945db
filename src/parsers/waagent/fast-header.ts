// The common waagent.log header read straight from the line's UTF-8 bytes: 2.2.47+ ISO lines with a thread
// and a prefix column (`... INFO ExtHandler ExtHandler msg`, `... INFO ExtHandler [Name-1.2] msg`,
// `... INFO MonitorHandler ExtHandler msg`). Reading bytes costs a fraction of `charCodeAt` and builtin calls
// on the decoded string, and these shapes are nearly every line of a large log. Anything else returns false
// and the string reader in formats.ts (the reference, which handles every era) reads the line instead; a test
// checks that both give the same events for every fixture.
import type { Level } from '../../model.js';
import type { HeaderReader } from './formats.js';
import { utcFromFields } from '../../time/fields.js';

const SPACE = 32;

/** `Daemon`, `ExtHandler`, `Firewall`, `LogCollector` as byte strings, with their shared string values. */
const PREFIX_WORDS: readonly { bytes: Uint8Array; word: string }[] = ['Daemon', 'ExtHandler', 'Firewall', 'LogCollector'].map((word) => ({
  bytes: new TextEncoder().encode(word),
  word,
}));

function matches(b: Uint8Array, p: number, lit: Uint8Array): boolean {
  for (let i = 0; i < lit.length; i++) if (b[p + i] !== lit[i]) return false;
  return true;
}

/** The prefix word `b[p, end)` (a shared constant), or undefined. */
function prefixWordAt(b: Uint8Array, p: number, end: number): string | undefined {
  for (const { bytes, word } of PREFIX_WORDS) if (bytes.length === end - p && matches(b, p, bytes)) return word;
  return undefined;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Two ASCII digits at `p` as a number; -1 when either is not a digit. */
function digits2(b: Uint8Array, p: number): number {
  const h = b[p]! - 48;
  const l = b[p + 1]! - 48;
  return h >>> 0 > 9 || l >>> 0 > 9 ? -1 : h * 10 + l;
}

function digits4(b: Uint8Array, p: number): number {
  const h = digits2(b, p);
  const l = digits2(b, p + 2);
  return h < 0 || l < 0 ? -1 : h * 100 + l;
}

/** End of the word `[A-Za-z0-9-]*` starting at `p` (at most `end`). */
function wordEndAt(b: Uint8Array, p: number, end: number): number {
  let k = p;
  for (; k < end; k++) {
    const c = b[k]!;
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || isDigit(c) || c === 45)) break;
  }
  return k;
}

/** End (after `]`) of a `[Name-version]` prefix at `p` within `[p, end)`, or -1; the rules of formats.ts `extPrefixEnd`. */
function bracketEndAt(b: Uint8Array, p: number, end: number): number {
  if (b[p] !== 91 /* [ */) return -1;
  let dashDigit = false;
  for (let k = p + 1; k < end; k++) {
    const c = b[k]!;
    if (c === 93 /* ] */) return dashDigit ? k + 1 : -1;
    if (c === SPACE || c >= 0x80) return -1;
    if (c === 45 && k > p + 1 && isDigit(b[k + 1]!)) dashDigit = true;
  }
  return -1;
}

/** The level word at `p` and the index after it, or null. */
function levelAt(b: Uint8Array, p: number): { level: Level; end: number } | null {
  const c = b[p];
  if (c === 73 && b[p + 1] === 78 && b[p + 2] === 70 && b[p + 3] === 79) return INFO;
  if (c === 87 && b[p + 1] === 65 && b[p + 2] === 82 && b[p + 3] === 78 && b[p + 4] === 73 && b[p + 5] === 78 && b[p + 6] === 71) return WARNING;
  if (c === 69 && b[p + 1] === 82 && b[p + 2] === 82 && b[p + 3] === 79 && b[p + 4] === 82) return ERROR;
  return null;
}
const INFO = { level: 'info', end: 4 } as const;
const WARNING = { level: 'warning', end: 7 } as const;
const ERROR = { level: 'error', end: 5 } as const;

export class FastIsoHeader {
  private ymd = -1;
  private sod = -1;
  private base = 0;

  /** Epoch ms of the `YYYY-MM-DDTHH:MM:SS` at `p`, NaN when a field is not digits or out of range. */
  private seconds(b: Uint8Array, p: number): number {
    const y = digits4(b, p);
    const mo = digits2(b, p + 5);
    const d = digits2(b, p + 8);
    const h = digits2(b, p + 11);
    const mi = digits2(b, p + 14);
    const s = digits2(b, p + 17);
    // A non-digit makes its field -1: out of range.
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return Number.NaN;
    const ymd = y * 10000 + mo * 100 + d;
    const sod = h * 3600 + mi * 60 + s;
    if (ymd === this.ymd && sod === this.sod) return this.base;
    this.ymd = ymd;
    this.sod = sod;
    this.base = utcFromFields(y, mo, d, h, mi, s);
    return this.base;
  }

  /**
   * Reads the header of the line `b[start, end)` into `hr` when it is a 2.2.47+ ISO header with a thread and
   * a prefix column; false, with `hr` untouched, for any other line. `text` is the decoded line: everything
   * before the message is ASCII, so byte offsets are string offsets.
   */
  read(b: Uint8Array, start: number, end: number, text: string, hr: HeaderReader): boolean {
    if (end - start < 28 || b[start + 4] !== 45 || b[start + 7] !== 45 || b[start + 10] !== 84 || b[start + 13] !== 58 || b[start + 16] !== 58) return false;
    let p = start + 19;
    let ms = 0;
    if (b[p] === 46 /* . */) {
      const from = ++p;
      let scale = 100;
      while (p < end && p - from < 10 && isDigit(b[p]!)) {
        if (scale >= 1) ms += (b[p]! - 48) * scale;
        scale /= 10;
        p++;
      }
      if (p === from) return false;
    }
    if (b[p] !== 90 /* Z */ || b[p + 1] !== SPACE) return false;
    const tsEnd = p + 1;
    const level = levelAt(b, tsEnd + 1);
    if (level === null) return false;
    // Thread column: a capitalised word.
    const t = tsEnd + 1 + level.end + 1;
    if (b[t - 1] !== SPACE) return false;
    const c = b[t]!;
    const threadEnd = c >= 65 && c <= 90 ? wordEndAt(b, t, end) : t;
    if (threadEnd === t || b[threadEnd] !== SPACE) return false;
    // Prefix column: a bracket prefix or a prefix word, then a blank or the end of the line.
    const q = threadEnd + 1;
    let prefixEnd = bracketEndAt(b, q, end);
    let word: string | undefined;
    if (prefixEnd < 0) {
      prefixEnd = wordEndAt(b, q, end);
      word = prefixWordAt(b, q, prefixEnd);
      // `Daemon Daemon is already running` is prefix + text to the reference reader: left to it.
      if (word === undefined || word === 'Daemon') return false;
    }
    if (prefixEnd !== end && b[prefixEnd] !== SPACE) return false;
    const base = this.seconds(b, start);
    if (base !== base) return false;
    hr.time = base + ms;
    hr.utc = true;
    hr.tsEnd = tsEnd - start;
    hr.level = level.level;
    hr.era = '2.2.47+';
    hr.isoThreaded = true;
    hr.thread = prefixWordAt(b, t, threadEnd) ?? text.slice(t - start, threadEnd - start);
    hr.prefix = word ?? text.slice(q - start, prefixEnd - start);
    hr.msgStart = (prefixEnd === end ? prefixEnd : prefixEnd + 1) - start;
    return true;
  }
}


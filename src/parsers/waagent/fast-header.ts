// The common waagent.log header read straight from the line's UTF-8 bytes: ISO lines with a thread and a prefix
// column (2.2.47+: `... INFO ExtHandler ExtHandler msg`, `... INFO ExtHandler [Name-1.2] msg`, `... INFO
// MonitorHandler ExtHandler msg`) or one name column (2.2.46: `... INFO [Name-1.2] msg`, `... INFO ExtHandler msg`),
// nearly every line of a large log. Byte reads cost a fraction of
// `charCodeAt` and of builtin calls on the decoded string, and the names that repeat line after line (threads,
// the `[Name-version]` prefix) are recognised in the bytes and shared, not sliced out of every line. Anything
// else returns false and the string reader in formats.ts (the reference, which handles every era) reads the
// line instead; a test checks that both give the same events for every fixture.
import type { Level } from '../../model.js';
import type { HeaderReader } from './formats.js';
import { SecondClock, UTC_SECONDS } from '../../time/fields.js';
import { isDigit, twoDigitBytesAt } from '../../text/chars.js';
import { bytesStartWith } from '../../text/bytes.js';
import { BracketPrefix, asciiAt, encode, known, type Name } from './byte-names.js';

const SPACE = 32;

/** Prefix words (formats.ts `prefixWord`). */
const PREFIX_WORDS: readonly Name[] = ['ExtHandler', 'Daemon', 'Firewall', 'LogCollector'].map(encode);
/** Thread names worth sharing: the prefix words and the agent's other threads (formats.ts THREADS). */
const THREAD_NAMES: readonly Name[] = [
  ...PREFIX_WORDS,
  ...['MonitorHandler', 'EnvHandler', 'SendTelemetryHandler', 'TelemetryEventsCollector', 'CollectLogsHandler', 'LogCollectorMonitorHandler', 'MainThread'].map(encode),
];

/** End of the word `[A-Za-z0-9-]*` starting at `p` (at most `end`). */
function wordEndAt(b: Uint8Array, p: number, end: number): number {
  let k = p;
  for (; k < end; k++) {
    const c = b[k]!;
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || isDigit(c) || c === 45)) break;
  }
  return k;
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

/**
 * True when the bytes at `p` start a line that every waagent reader takes for an ISO header (formats.ts `readIso`):
 * `YYYY-MM-DDTHH:MM:SS[.fraction]Z LEVEL` with fields in range, the level word followed by a blank or the line's end,
 * all before `b.length`. Such a line starts an entry of its own: nothing after it joins the entry before it.
 */
export function startsIsoHeader(b: Uint8Array, p: number): boolean {
  if (p + 28 > b.length || b[p + 4] !== 45 || b[p + 7] !== 45 || b[p + 10] !== 84 || b[p + 13] !== 58 || b[p + 16] !== 58) return false;
  if (twoDigitBytesAt(b, p) < 0 || twoDigitBytesAt(b, p + 2) < 0) return false;
  const mo = twoDigitBytesAt(b, p + 5);
  const d = twoDigitBytesAt(b, p + 8);
  const h = twoDigitBytesAt(b, p + 11);
  const mi = twoDigitBytesAt(b, p + 14);
  const s = twoDigitBytesAt(b, p + 17);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return false;
  let q = p + 19;
  if (b[q] === 46 /* . */) {
    const from = ++q;
    while (q < b.length && q - from < 10 && isDigit(b[q]!)) q++;
    if (q === from) return false;
  }
  if (b[q] !== 90 /* Z */ || b[q + 1] !== SPACE) return false;
  const level = levelAt(b, q + 2) ?? (b[q + 2] === 86 && bytesStartWith(b, q + 2, b.length, VERBOSE) ? VERBOSE_END : null);
  if (level === null) return false;
  const after = q + 2 + level.end;
  if (after >= b.length) return false;
  const c = b[after];
  return c === SPACE || c === 10 || (c === 13 && after + 1 < b.length && b[after + 1] === 10);
}

const VERBOSE = new TextEncoder().encode('VERBOSE');
const VERBOSE_END = { end: 7 } as const;


export class FastIsoHeader {
  /** The usual remembered-second clock, reading the bytes (the header's time is UTC). */
  private readonly clock = new SecondClock(UTC_SECONDS);
  private readonly brackets = new BracketPrefix();

  /**
   * Reads the header of the line `b[start, end)` into `hr` when it is an ISO header (2.2.46, 2.2.47+) with a thread
   * and a prefix column, one known name column, or (2.2.46) a bracket prefix; false, with `hr` untouched, for any
   * other line. `text` is the decoded line, when there is one: everything before the message is ASCII, so byte
   * offsets are string offsets (without it, the few names not shared are read from the bytes).
   */
  read(b: Uint8Array, start: number, end: number, text: string | undefined, hr: HeaderReader): boolean {
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
    // Thread column: a capitalised word; 2.2.46 writes a `[Name-version]` prefix there instead.
    const t = tsEnd + 1 + level.end + 1;
    if (b[t - 1] !== SPACE) return false;
    const c = b[t]!;
    if (c === 91 /* [ */) return this.bracketColumn(b, start, end, t, text, hr, tsEnd, level.level, ms);
    const threadEnd = c >= 65 && c <= 90 ? wordEndAt(b, t, end) : t;
    if (threadEnd === t || b[threadEnd] !== SPACE) return false;
    // Prefix column: a bracket prefix or a prefix word, then a blank or the end of the line.
    const q = threadEnd + 1;
    let prefixEnd = this.brackets.end(b, q, end);
    let prefix: string | undefined;
    if (prefixEnd < 0) {
      prefixEnd = wordEndAt(b, q, end);
      prefix = known(PREFIX_WORDS, b, q, prefixEnd);
      // One name column, then the message (2.2.46, and 2.2.47+ lines of a thread without a prefix).
      // (A `[` there is a bracket this reader refused: left to the reference reader.)
      if (prefix === undefined) return b[q] !== 91 && this.oneName(b, start, t, threadEnd, hr, tsEnd, level.level, ms);
      // `Daemon Daemon is already running` is prefix + text to the reference reader: left to it.
      if (prefix === 'Daemon') return false;
    }
    if (prefixEnd !== end && b[prefixEnd] !== SPACE) return false;
    const base = this.clock.atBytes(b, start);
    if (base !== base) return false;
    if (prefix === undefined) {
      prefix = this.brackets.text(b, start, text, q, prefixEnd);
    }
    hr.time = base + ms;
    hr.utc = true;
    hr.tsEnd = tsEnd - start;
    hr.level = level.level;
    hr.era = '2.2.47+';
    hr.isoThreaded = true;
    hr.thread = known(THREAD_NAMES, b, t, threadEnd) ?? asciiAt(b, start, text, t, threadEnd);
    hr.prefix = prefix;
    hr.msgStart = (prefixEnd === end ? prefixEnd : prefixEnd + 1) - start;
    return true;
  }

  /** The 2.2.46 header `... LEVEL [Name-version] msg`: the prefix column right after the level (at `p`). */
  private bracketColumn(b: Uint8Array, start: number, end: number, p: number, text: string | undefined, hr: HeaderReader, tsEnd: number, level: Level, ms: number): boolean {
    const prefixEnd = this.brackets.end(b, p, end);
    if (prefixEnd < 0) return false;
    const base = this.clock.atBytes(b, start);
    if (base !== base) return false;
    const prefix = this.brackets.text(b, start, text, p, prefixEnd);
    this.setTime(hr, base + ms, tsEnd - start, level);
    hr.era = '2.2.46';
    hr.thread = undefined;
    hr.prefix = prefix;
    hr.msgStart = (prefixEnd < end && b[prefixEnd] === SPACE ? prefixEnd + 1 : prefixEnd) - start;
    return true;
  }

  /**
   * One known name `b[p, nameEnd)` then the message after its blank (formats.ts `readIsoNames`): a prefix word is the
   * prefix in a 2.2.46 file and the thread once the file proved 2.2.47+ (`isoThreaded`); another thread name proves it.
   * Any other word is left to the reference reader.
   */
  private oneName(b: Uint8Array, start: number, p: number, nameEnd: number, hr: HeaderReader, tsEnd: number, level: Level, ms: number): boolean {
    const word = known(PREFIX_WORDS, b, p, nameEnd);
    const thread = word === undefined ? known(THREAD_NAMES, b, p, nameEnd) : undefined;
    if (word === undefined && thread === undefined) return false;
    const base = this.clock.atBytes(b, start);
    if (base !== base) return false;
    this.setTime(hr, base + ms, tsEnd - start, level);
    if (thread !== undefined) hr.isoThreaded = true;
    const threaded = hr.isoThreaded;
    hr.era = threaded ? '2.2.47+' : '2.2.46';
    hr.thread = thread ?? (threaded ? word : undefined);
    hr.prefix = threaded ? undefined : word;
    hr.msgStart = nameEnd + 1 - start;
    return true;
  }

  private setTime(hr: HeaderReader, time: number, tsEnd: number, level: Level): void {
    hr.time = time;
    hr.utc = true;
    hr.tsEnd = tsEnd;
    hr.level = level;
  }
}

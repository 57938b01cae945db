// The 2.1-2.2.45 waagent.log header read from the line's UTF-8 bytes, for lines counted without being decoded
// (`WaagentLineParser.skim`): `YYYY/MM/DD HH:MM:SS.ffffff LEVEL [Name-1.2] msg`, `... LEVEL Daemon msg`, `... LEVEL
// ExtHandler msg`, `... LEVEL msg`, local time. It fills the HeaderReader as formats.ts `readLegacy` (the reference)
// does, era state included, or returns false with the reader untouched; test/parsers/waagent-fast-header.test.ts
// checks both agree.
import type { Level } from '../../model.js';
import type { TimeZoneContext } from '../types.js';
import type { HeaderReader } from './formats.js';
import { SecondClock } from '../../time/fields.js';
import { isDigit } from '../../text/chars.js';
import { bytesStartWith } from '../../text/bytes.js';
import { BracketPrefix, encode, type Name } from './byte-names.js';

const SPACE = 32;
const COLON = 58;

/** The level words of formats.ts LEVEL_WORDS, in its order. */
const LEVELS: readonly (Name & { level: Level })[] = (
  [
    ['INFO', 'info'],
    ['WARNING', 'warning'],
    ['ERROR', 'error'],
    ['VERBOSE', 'verbose'],
  ] as const
).map(([word, level]) => ({ ...encode(word), level }));

const DAEMON = encode('Daemon');
const EXT_HANDLER = encode('ExtHandler');
/** `Daemon is already running`, `Daemon ended with exception`: the word is text there (formats.ts isDaemonText). */
const DAEMON_TEXTS: readonly Uint8Array[] = ['is already running', 'ended with exception'].map((t) => encode(t).bytes);

/** The level word at `p` (before `end`), or undefined. */
function levelAt(b: Uint8Array, p: number, end: number): (Name & { level: Level }) | undefined {
  for (const level of LEVELS) if (b[p] === level.bytes[0] && bytesStartWith(b, p, end, level.bytes)) return level;
  return undefined;
}

/**
 * `Daemon` or `ExtHandler` at `p` as the prefix column (then a blank or the line's end), not the text `Daemon is
 * already running` / `Daemon ended with exception`; undefined otherwise.
 */
function nameAt(b: Uint8Array, p: number, end: number): string | undefined {
  const word = b[p] === 68 ? DAEMON : b[p] === 69 ? EXT_HANDLER : undefined;
  if (word === undefined || !bytesStartWith(b, p, end, word.bytes)) return undefined;
  const after = p + word.bytes.length;
  if (after !== end && b[after] !== SPACE) return undefined;
  if (word === DAEMON && DAEMON_TEXTS.some((t) => bytesStartWith(b, after + 1, end, t))) return undefined;
  return word.text;
}

export class FastLegacyHeader {
  private readonly clock: SecondClock;
  private readonly brackets = new BracketPrefix();

  constructor(tz: TimeZoneContext) {
    // The reference reader's local clock: the same conversion, so the same times.
    this.clock = new SecondClock((y, mo, d, h, mi, s) => tz.toUtc(y, mo, d, h, mi, s, 0));
  }

  /** Epoch ms of the `YYYY/MM/DD HH:MM:SS` at `p` (before `end`), NaN when it is not one. */
  private seconds(b: Uint8Array, p: number, end: number): number {
    if (end - p < 19 || b[p + 4] !== 47 || b[p + 7] !== 47 || b[p + 10] !== SPACE || b[p + 13] !== COLON || b[p + 16] !== COLON) return Number.NaN;
    return this.clock.atBytes(b, p);
  }

  /**
   * True when the line at `p` (its bytes up to the chunk's end) is a header formats.ts reads, 2.0's included: an
   * entry of its own, so nothing after it joins the entry before it. False when the chunk ends too soon to tell.
   */
  starts(b: Uint8Array, p: number): boolean {
    const line = b.indexOf(10, p);
    if (line < 0) return false;
    const end = line > p && b[line - 1] === 13 ? line - 1 : line;
    const base = this.seconds(b, p, end);
    if (base !== base) return false;
    if (b[p + 19] === SPACE) return true; // 2.0: any text after the time
    return this.levelEnd(b, p, end) >= 0;
  }

  /** After the fraction and level of a 2.1-2.2.45 header at `p`: the index of its glue (or `end`), -1 when none. */
  private levelEnd(b: Uint8Array, p: number, end: number): number {
    if (b[p + 19] !== 46 /* . */ || b[p + 26] !== SPACE || end - p < 27) return -1;
    for (let k = p + 20; k < p + 26; k++) if (!isDigit(b[k]!)) return -1;
    const level = levelAt(b, p + 27, end);
    if (level === undefined) return -1;
    const after = p + 27 + level.bytes.length;
    return after >= end || b[after] === SPACE || b[after] === COLON ? after : -1;
  }

  /** Reads the 2.1-2.2.45 header of `b[start, end)` into `hr` as `readLegacy` does; false, `hr` untouched, otherwise. */
  read(b: Uint8Array, start: number, end: number, hr: HeaderReader): boolean {
    const base = this.seconds(b, start, end);
    if (base !== base) return false;
    const after = this.levelEnd(b, start, end);
    if (after < 0) return false;
    let era: HeaderReader['era'] = '2.1-2.2.26';
    let prefix: string | undefined;
    let msgStart = end;
    let prefixed = hr.legacyPrefixed;
    if (after < end) {
      const p = b[after] === COLON && b[after + 1] === SPACE ? after + 2 : after + 1;
      const bracketEnd = this.brackets.end(b, p, end);
      // A `[` this reader refused (non-ASCII inside, or no prefix at all): left to the reference reader.
      if (bracketEnd < 0 && b[p] === 91) return false;
      const named = bracketEnd < 0 ? nameAt(b, p, end) : undefined;
      if (bracketEnd > 0) {
        era = prefixed ? '2.2.27-2.2.45' : '2.1-2.2.26';
        prefix = this.brackets.text(b, start, undefined, p, bracketEnd);
        msgStart = b[bracketEnd] === SPACE ? bracketEnd + 1 : bracketEnd;
      } else if (named !== undefined) {
        prefixed = true;
        era = '2.2.27-2.2.45';
        prefix = named;
        msgStart = Math.min(p + named.length + 1, end);
      } else {
        msgStart = p;
      }
    }
    let ms = 0;
    for (let k = start + 20, scale = 100; k < start + 23; k++, scale /= 10) ms += (b[k]! - 48) * scale;
    hr.time = base + ms;
    hr.utc = false;
    hr.tsEnd = 26;
    hr.level = levelAt(b, start + 27, end)!.level;
    hr.thread = undefined;
    hr.prefix = prefix;
    hr.era = era;
    hr.msgStart = msgStart - start;
    hr.legacyPrefixed = prefixed;
    return true;
  }
}

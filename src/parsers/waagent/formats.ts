// waagent.log header recognisers, one per era (shared/docs/waagent.md §1.1-1.2), without regexes on the hot path:
// fixed-position character checks, `startsWith` for the level, `indexOf` for the name tokens. The per-line helpers
// stay in this module on purpose: calling them across a module boundary measured ~30% slower in V8.
import type { Level } from '../../model.js';
import type { TimeZoneContext } from '../types.js';
import { SecondClock, UTC_SECONDS, fractionMs } from '../../time/fields.js';
import { isDigit } from '../../text/chars.js';
import { type LevelWords, levelWordAt } from '../../text/level-words.js';

export { isSupervisordLine, looksDated, splitExtension } from './tokens.js';

export type Era = '2.0' | '2.1-2.2.26' | '2.2.27-2.2.45' | '2.2.46' | '2.2.47+';

/** Thread names of 2.2.47+ besides the prefixes (§1.1); also `Thread-N` and any `...Handler`/`...Collector`. */
const THREADS: ReadonlySet<string> = new Set([
  'MainThread',
  'MonitorHandler',
  'EnvHandler',
  'SendTelemetryHandler',
  'TelemetryEventsCollector',
  'CollectLogsHandler',
  'LogCollectorMonitorHandler',
]);
const RE_THREAD_SHAPE = /^(?:Thread-\d+|[A-Z][A-Za-z]+(?:Handler|Collector|Thread))$/;

/** End of the word `[A-Za-z0-9-]*` starting at `p`. */
function wordEnd(s: string, p: number): number {
  let k = p;
  for (; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) break;
  }
  return k;
}

/** The logger prefix word `s[p, end)` as a shared constant (`Daemon`, `ExtHandler`, ...), or undefined. */
function prefixWord(s: string, p: number, end: number): string | undefined {
  switch (end - p) {
    case 6:
      return s.startsWith('Daemon', p) ? 'Daemon' : undefined;
    case 8:
      return s.startsWith('Firewall', p) ? 'Firewall' : undefined;
    case 10:
      return s.startsWith('ExtHandler', p) ? 'ExtHandler' : undefined;
    case 12:
      return s.startsWith('LogCollector', p) ? 'LogCollector' : undefined;
    default:
      return undefined;
  }
}

/** Messages that start with `Daemon ` in unprefixed (≤2.2.26) lines: the word is text, not the prefix. */
function isDaemonText(s: string, i: number): boolean {
  return s.startsWith('is already running', i) || s.startsWith('ended with exception', i);
}

/**
 * End (index after `]`) of a `[Name-version]` extension prefix starting at `i`, or -1: no blank inside, and a
 * `-` followed by a digit after at least one name character (so `[HEARTBEAT]`, `[Enable]` are not prefixes).
 */
export function extPrefixEnd(s: string, i: number): number {
  if (s.charCodeAt(i) !== 91 /* [ */) return -1;
  const close = s.indexOf(']', i + 1);
  if (close < 0) return -1;
  const blank = s.indexOf(' ', i + 1);
  if (blank >= 0 && blank < close) return -1;
  for (let dash = s.lastIndexOf('-', close); dash > i + 1; dash = s.lastIndexOf('-', dash - 1)) {
    const n = s.charCodeAt(dash + 1);
    if (n >= 48 && n <= 57) return close + 1;
  }
  return -1;
}

/** The agent's level column (`INFO`, `WARNING`, `ERROR`, `VERBOSE`). */
const LEVEL_WORDS: LevelWords = [
  ['INFO', 'info'],
  ['WARNING', 'warning'],
  ['ERROR', 'error'],
  ['VERBOSE', 'verbose'],
];

/**
 * Recognises one header line. After a successful `read(line)` the public fields describe it; they are
 * overwritten by the next call (no allocation per line except the sliced strings).
 *
 * Per-file state settles the ambiguous shapes (§1.1):
 * - ISO with one name token: 2.2.47+ (token = thread) once any ISO line of the file had thread + prefix or a
 *   thread name that 2.2.46 never used as a prefix; before that 2.2.46 (token = prefix). Lines already read
 *   are not revised (no buffering).
 * - Legacy `[Name-ver]` lines without `Daemon`/`ExtHandler`: 2.2.27-2.2.45 once the file had a `Daemon` or
 *   `ExtHandler` prefixed legacy line, else 2.1-2.2.26 (the bracket prefix exists in both).
 */
export class HeaderReader {
  era: Era = '2.0';
  /** Epoch ms UTC (NaN never escapes: `read` fails instead). */
  time = 0;
  /** True for the ISO `...Z` eras. */
  utc = false;
  /** Index after the timestamp text. */
  tsEnd = 0;
  level: Level = 'info';
  thread: string | undefined;
  prefix: string | undefined;
  /** Index where the message starts. */
  msgStart = 0;

  /** Saw an ISO line that proves 2.2.47+ (thread column). */
  isoThreaded = false;
  /** Saw a legacy line with a `Daemon`/`ExtHandler` prefix (2.2.27+). */
  legacyPrefixed = false;

  private readonly isoClock = new SecondClock(UTC_SECONDS);
  private readonly localClock: SecondClock;

  constructor(tz: TimeZoneContext) {
    this.localClock = new SecondClock((y, mo, d, h, mi, s) => tz.toUtc(y, mo, d, h, mi, s, 0));
  }

  /** Parses `s` as a waagent header of any era; false when it is not one. */
  read(s: string): boolean {
    if (s.length < 19) return false;
    const c4 = s.charCodeAt(4);
    if (c4 === 45 /* - */) return s.charCodeAt(10) === 84 /* T */ && this.readIso(s);
    if (c4 === 47 /* / */) return s.charCodeAt(7) === 47 && s.charCodeAt(10) === 32 && this.readLegacy(s);
    return false;
  }

  private readIso(s: string): boolean {
    if (s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
    let p = 19;
    let ms = 0;
    if (s.charCodeAt(19) === 46 /* . */) {
      p = 20;
      while (p < s.length && p < 30 && isDigit(s.charCodeAt(p))) p++;
      if (p === 20) return false;
      ms = fractionMs(s, 20, p);
    }
    if (s.charCodeAt(p) !== 90 /* Z */ || s.charCodeAt(p + 1) !== 32) return false;
    const base = this.isoClock.at(s);
    if (base !== base) return false;
    const tsEnd = p + 1;
    const afterLevel = levelWordAt(s, tsEnd + 1, LEVEL_WORDS, this);
    if (afterLevel < 0) return false;
    this.time = base + ms;
    this.utc = true;
    this.tsEnd = tsEnd;
    this.thread = undefined;
    this.prefix = undefined;
    if (afterLevel >= s.length) {
      this.era = this.isoThreaded ? '2.2.47+' : '2.2.46';
      this.msgStart = s.length;
      return true;
    }
    if (s.charCodeAt(afterLevel) !== 32) return false;
    this.readIsoNames(s, afterLevel + 1);
    return true;
  }

  /** The name columns of an ISO line starting at `p`: `thread prefix`, `thread`, `prefix` or none. */
  private readIsoNames(s: string, p: number): void {
    const bracketEnd = extPrefixEnd(s, p);
    if (bracketEnd > 0) {
      // `[Name-ver]` right after the level: 2.2.46 (2.2.47+ writes a thread first).
      this.era = '2.2.46';
      this.prefix = s.slice(p, bracketEnd);
      this.msgStart = s.charCodeAt(bracketEnd) === 32 ? bracketEnd + 1 : bracketEnd;
      return;
    }
    // Fast path for the usual columns of the main threads.
    const c0 = s.charCodeAt(p);
    if ((c0 === 69 && s.startsWith('ExtHandler ExtHandler', p)) || (c0 === 68 && s.startsWith('Daemon Daemon', p))) {
      const word = c0 === 69 ? 'ExtHandler' : 'Daemon';
      const end = p + word.length * 2 + 1;
      const c = s.charCodeAt(end);
      if (c === 32 || end === s.length) {
        const text = c === 32 ? end + 1 : end;
        if (!(word === 'Daemon' && isDaemonText(s, text))) {
          this.isoThreaded = true;
          this.era = '2.2.47+';
          this.thread = word;
          this.prefix = word;
          this.msgStart = text;
          return;
        }
      }
    }
    if (c0 === 69 && s.startsWith('ExtHandler [', p)) {
      const end = extPrefixEnd(s, p + 11);
      if (end > 0) {
        this.isoThreaded = true;
        this.era = '2.2.47+';
        this.thread = 'ExtHandler';
        this.prefix = s.slice(p + 11, end);
        this.msgStart = s.charCodeAt(end) === 32 ? end + 1 : end;
        return;
      }
    }
    const end1 = c0 >= 65 && c0 <= 90 ? wordEnd(s, p) : p;
    if (end1 === p || (end1 < s.length && s.charCodeAt(end1) !== 32)) {
      // No name column at all (RE_ISO_NOTHREAD with the prefix left out).
      this.era = this.isoThreaded ? '2.2.47+' : '2.2.46';
      this.msgStart = p;
      return;
    }
    const word1 = prefixWord(s, p, end1);
    const p2 = end1 + 1;
    if (p2 < s.length) {
      let end2 = extPrefixEnd(s, p2);
      let prefix: string | undefined;
      if (end2 < 0) {
        end2 = wordEnd(s, p2);
        prefix = end2 === s.length || s.charCodeAt(end2) === 32 ? prefixWord(s, p2, end2) : undefined;
      } else prefix = s.slice(p2, end2);
      const text = s.charCodeAt(end2) === 32 ? end2 + 1 : end2;
      // 2.2.46 `Daemon Daemon is already running` is prefix + text, not thread + prefix.
      if (prefix !== undefined && !(prefix === 'Daemon' && isDaemonText(s, text))) {
        this.isoThreaded = true;
        this.era = '2.2.47+';
        this.thread = word1 ?? s.slice(p, end1);
        this.prefix = prefix;
        this.msgStart = text;
        return;
      }
    }
    const msgStart = Math.min(p2, s.length);
    if (word1 !== undefined) {
      if (this.isoThreaded) {
        this.era = '2.2.47+';
        this.thread = word1;
      } else {
        this.era = '2.2.46';
        this.prefix = word1;
      }
      this.msgStart = msgStart;
      return;
    }
    const token = s.slice(p, end1);
    if (THREADS.has(token) || RE_THREAD_SHAPE.test(token)) {
      this.isoThreaded = true;
      this.era = '2.2.47+';
      this.thread = token;
      this.msgStart = msgStart;
    } else {
      this.era = this.isoThreaded ? '2.2.47+' : '2.2.46';
      this.msgStart = p;
    }
  }

  private readLegacy(s: string): boolean {
    if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
    const c19 = s.charCodeAt(19);
    if (c19 === 32) return this.readV20(s);
    if (c19 !== 46 || s.charCodeAt(26) !== 32) return false;
    for (let k = 20; k < 26; k++) if (!isDigit(s.charCodeAt(k))) return false;
    const base = this.localClock.at(s);
    if (base !== base) return false;
    const afterLevel = levelWordAt(s, 27, LEVEL_WORDS, this);
    if (afterLevel < 0) return false;
    this.time = base + fractionMs(s, 20, 26);
    this.utc = false;
    this.tsEnd = 26;
    this.thread = undefined;
    this.prefix = undefined;
    if (afterLevel >= s.length) {
      this.era = '2.1-2.2.26';
      this.msgStart = s.length;
      return true;
    }
    // `ERROR:msg` / `ERROR: msg`: the level glued to the message, as 2.0 wrote it (seen in pasted 2.1-2.2 lines).
    const glue = s.charCodeAt(afterLevel);
    if (glue !== 32 && glue !== 58) return false;
    const p = glue === 58 && s.charCodeAt(afterLevel + 1) === 32 ? afterLevel + 2 : afterLevel + 1;
    const bracketEnd = extPrefixEnd(s, p);
    if (bracketEnd > 0) {
      this.era = this.legacyPrefixed ? '2.2.27-2.2.45' : '2.1-2.2.26';
      this.prefix = s.slice(p, bracketEnd);
      this.msgStart = s.charCodeAt(bracketEnd) === 32 ? bracketEnd + 1 : bracketEnd;
      return true;
    }
    const named = s.startsWith('Daemon', p) ? 6 : s.startsWith('ExtHandler', p) ? 10 : 0;
    const after = p + named;
    if (named > 0 && (after === s.length || s.charCodeAt(after) === 32)) {
      const text = after + 1;
      if (!(named === 6 && isDaemonText(s, text))) {
        this.legacyPrefixed = true;
        this.era = '2.2.27-2.2.45';
        this.prefix = named === 6 ? 'Daemon' : 'ExtHandler';
        this.msgStart = Math.min(text, s.length);
        return true;
      }
    }
    this.era = '2.1-2.2.26';
    this.msgStart = p;
    return true;
  }

  /** 1.x/2.0: `YYYY/MM/DD HH:MM:SS [ERROR:|WARNING:][[Name-ver] ]msg`, local time, no fraction. */
  private readV20(s: string): boolean {
    const base = this.localClock.at(s);
    if (base !== base) return false;
    this.era = '2.0';
    this.time = base;
    this.utc = false;
    this.tsEnd = 19;
    this.thread = undefined;
    this.prefix = undefined;
    let p = 20;
    if (s.startsWith('ERROR:', p)) {
      this.level = 'error';
      p += 6;
    } else if (s.startsWith('WARNING:', p)) {
      this.level = 'warning';
      p += 8;
    } else this.level = 'info';
    const bracketEnd = extPrefixEnd(s, p);
    if (bracketEnd > 0) {
      this.prefix = s.slice(p, bracketEnd);
      p = s.charCodeAt(bracketEnd) === 32 ? bracketEnd + 1 : bracketEnd;
    }
    this.msgStart = Math.min(p, s.length);
    return true;
  }
}

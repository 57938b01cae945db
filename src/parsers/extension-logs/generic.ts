// Any other text log under /var/log/azure (CustomScript/RunCommand handler.log, other extensions' logs): events
// from lines that start with a common timestamp shape; every other line continues the entry before it.
//
// Timestamp shapes at line start (also inside `[...]`, or as the `time=`/`ts=` key of logrus / go-kit lines):
// `iso` 2024-01-14T22:16:48.796Z (offset or none), `iso-space` 2024-01-14 22:16:48,796, `slash` 2024/01/14 22:16:48,
// `logfmt` time="2024-01-14T22:16:48Z" level=error msg="...", `syslog` Jan 14 22:16:48 (year from the entry's mtime).
// A `Z`/offset makes the time UTC; otherwise it is local (`--tz`, else assumed UTC).
import type { Level, LogEvent, TimeSource } from '../../model.js';
import type { ParseContext, Parser } from '../types.js';
import { guessYear, monthAt } from '../../time/calendar.js';
import { fractionMs, UTC_SECONDS } from '../../time/fields.js';
import { localSeconds, localSource } from '../../time/zone.js';
import { cap, isBlank } from '../multiline.js';
import { ExtensionLineParser } from './line-parser.js';
import { clockAt, datedAt, digitsEnd, isDigit, StampClock, two } from './stamp.js';
import { GENERIC_SAMPLES } from './samples.js';

export const GENERIC_SOURCE = 'generic-log';

/** An upper-case level column near the start of the message (`- INFO -`, `ERROR`, `[WARN]`). */
const RE_LEVEL_COLUMN = /\b(ERROR|ERR|FATAL|CRITICAL|CRIT|PANIC|SEVERE|WARNING|WARN|INFO|NOTICE|DEBUG|TRACE|VERBOSE)\b/;
const RE_KEY_ERROR = /\b(?:ERROR|Error|error|FATAL|Fatal|fatal|CRITICAL|Critical|[Ff]ailed|FAILED|[Ee]xception|Traceback|[Pp]anic)\b/;
const RE_KEY_WARNING = /\b(?:WARN|WARNING|Warn|Warning|warn|warning)\b/;
const LEVEL_COLUMN_SPAN = 48;

/** Level of a level word (any case), or undefined: ERROR/ERR/FATAL/CRITICAL/CRIT/PANIC/SEVERE, WARN/WARNING, INFO/NOTICE, DEBUG/TRACE/VERBOSE. */
const LEVEL_WORDS: ReadonlyMap<string, Level> = new Map<string, Level>([
  ['error', 'error'],
  ['err', 'error'],
  ['fatal', 'error'],
  ['critical', 'error'],
  ['crit', 'error'],
  ['panic', 'error'],
  ['severe', 'error'],
  ['warn', 'warning'],
  ['warning', 'warning'],
  ['info', 'info'],
  ['information', 'info'],
  ['notice', 'info'],
  ['debug', 'verbose'],
  ['trace', 'verbose'],
  ['verbose', 'verbose'],
]);

function levelWord(word: string): Level | undefined {
  if (word.length < 3 || word.length > 11) return undefined;
  return LEVEL_WORDS.get(word.toLowerCase());
}

function isSeparator(c: number): boolean {
  return c === 32 || c === 9 || c === 45 || c === 124 || c === 58 || c === 44;
}

/** The extension a path under `log/azure/` belongs to: the folder after `azure/` (+ a version folder below it). */
export function extensionOfPath(path: string): { name: string; version?: string } | undefined {
  const at = path.toLowerCase().lastIndexOf('log/azure/');
  if (at < 0) return undefined;
  const parts = path.slice(at + 10).split('/');
  if (parts.length < 2 || parts[0] === '') return undefined;
  const name = parts[0]!;
  const second = parts[1]!;
  return parts.length >= 3 && isDigit(second.charCodeAt(0)) && /^\d+(?:\.\d+)+$/.test(second) ? { name, version: second } : { name };
}

/** The value of `level=` (quotes allowed) as a level, if any. */
function levelKey(s: string): Level | undefined {
  const at = s.indexOf('level=');
  if (at < 0 || (at > 0 && s.charCodeAt(at - 1) !== 32)) return undefined;
  let i = at + 6;
  if (s.charCodeAt(i) === 34) i++;
  let end = i;
  while (end < s.length && end - i < 12) {
    const c = s.charCodeAt(end);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) break;
    end++;
  }
  return levelWord(s.slice(i, end));
}

export class GenericLineParser extends ExtensionLineParser {
  private readonly utcClock = new StampClock(UTC_SECONDS);
  private readonly localClock: StampClock;
  private readonly localSource: TimeSource;
  private readonly ext: { name: string; version?: string } | undefined;
  private lastTime: number | null = null;

  // Results of `header()`.
  private time = 0;
  private utc = false;
  private tsStart = 0;
  private tsEnd = 0;
  private msgStart = 0;
  private format = '';
  /** A dated line whose fields are out of range: counted as unparsed. */
  private bad = false;

  constructor(ctx: ParseContext) {
    super(ctx);
    this.localClock = new StampClock(localSeconds(ctx.tz));
    this.localSource = localSource(ctx.tz);
    this.ext = extensionOfPath(ctx.path);
  }

  protected read(s: string, lineNo: number): void {
    this.bad = false;
    if (s.length >= 15 && this.header(s)) return this.entry(s, lineNo);
    if (this.bad) this.unparsed++;
    if (this.pending.add(s, lineNo) || isBlank(s)) return;
    this.begin(s, lineNo, null, '', 'none', 'no-timestamp', s.trimEnd(), undefined);
  }

  /** Recognises a timestamp at the start of `s` (after `[`, `time=`, `time="`, `ts=`). */
  private header(s: string): boolean {
    let i = 0;
    let close = 0;
    let format = '';
    const c0 = s.charCodeAt(0);
    if (c0 === 91 /* [ */) {
      i = 1;
      close = 93;
    } else if (c0 === 116 /* t */) {
      if (s.startsWith('time=')) i = 5;
      else if (s.startsWith('ts=')) i = 3;
      else return false;
      if (s.charCodeAt(i) === 34) {
        i++;
        close = 34;
      }
      format = 'logfmt';
    }
    const c = s.charCodeAt(i);
    if (isDigit(c)) return this.numeric(s, i, close, format);
    if (c >= 65 && c <= 90) return this.syslog(s, i, close);
    return false;
  }

  private numeric(s: string, i: number, close: number, format: string): boolean {
    if (s.length - i < 19 || !datedAt(s, i)) return false;
    const sep = s.charCodeAt(i + 10);
    if ((sep !== 84 && sep !== 32) || !clockAt(s, i + 11)) {
      this.bad = true;
      return false;
    }
    let end = i + 19;
    let ms = 0;
    const f = s.charCodeAt(end);
    if ((f === 46 || f === 44 || f === 58) && isDigit(s.charCodeAt(end + 1))) {
      const fracEnd = digitsEnd(s, end + 1, 9);
      ms = fractionMs(s, end + 1, fracEnd);
      end = fracEnd;
    }
    let utc = false;
    let offset = 0;
    const z = s.charCodeAt(end);
    if (z === 90 /* Z */) {
      utc = true;
      end++;
    } else if ((z === 43 || z === 45) && isDigit(s.charCodeAt(end + 1)) && isDigit(s.charCodeAt(end + 2))) {
      let k = end + 3;
      if (s.charCodeAt(k) === 58) k++;
      if (isDigit(s.charCodeAt(k)) && isDigit(s.charCodeAt(k + 1))) {
        const minutes = two(s, end + 1) * 60 + two(s, k);
        offset = (z === 45 ? -1 : 1) * minutes * 60_000;
        utc = true;
        end = k + 2;
      }
    } else if (z === 32 && s.startsWith(' UTC', end) && !isDigit(s.charCodeAt(end + 4))) {
      utc = true;
      end += 4;
    }
    const base = (utc ? this.utcClock : this.localClock).at(s, i);
    if (base !== base) {
      this.bad = true;
      return false;
    }
    this.time = base + ms - offset;
    this.utc = utc;
    this.tsStart = i;
    this.tsEnd = end;
    this.format = format !== '' ? format : sep === 84 ? 'iso' : s.charCodeAt(i + 4) === 47 ? 'slash' : 'iso-space';
    this.msgStart = close !== 0 && s.charCodeAt(end) === close ? end + 1 : end;
    return true;
  }

  /** `Jan 14 22:16:48` / `Jan  4 22:16:48`: local time, the year guessed (mtime, else the previous line). */
  private syslog(s: string, i: number, close: number): boolean {
    if (s.charCodeAt(i + 3) !== 32 || s.charCodeAt(i + 6) !== 32 || !clockAt(s, i + 7)) return false;
    const month = monthAt(s, i);
    if (month === 0) return false;
    const d0 = s.charCodeAt(i + 4);
    if (!(d0 === 32 || isDigit(d0)) || !isDigit(s.charCodeAt(i + 5))) return false;
    const day = d0 === 32 ? s.charCodeAt(i + 5) - 48 : two(s, i + 4);
    const h = two(s, i + 7);
    const mi = two(s, i + 10);
    const sec = two(s, i + 13);
    if (day < 1 || day > 31 || h > 23 || mi > 59 || sec > 60) {
      this.bad = true;
      return false;
    }
    const year = guessYear(month, this.ctx.mtime, this.lastTime);
    const time = this.ctx.tz.toUtc(year, month, day, h, mi, sec, 0);
    if (time !== time) return false;
    this.time = time;
    this.utc = false;
    this.tsStart = i;
    this.tsEnd = i + 15;
    this.format = 'syslog';
    this.msgStart = close !== 0 && s.charCodeAt(i + 15) === close ? i + 16 : i + 15;
    return true;
  }

  private entry(s: string, lineNo: number): void {
    let p = this.msgStart;
    while (p < s.length && isSeparator(s.charCodeAt(p))) p++;
    let level: Level | undefined;
    // A level word first (`ERROR ...`, `[Warning] ...`, `Info: ...`): the level column, left out of the message.
    let q = s.charCodeAt(p) === 91 ? p + 1 : p;
    let w = q;
    while (w < s.length && w - q < 12) {
      const c = s.charCodeAt(w);
      if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) break;
      w++;
    }
    if (w > q && (w === s.length || s.charCodeAt(w) === 32 || s.charCodeAt(w) === 58 || s.charCodeAt(w) === 93)) {
      level = levelWord(s.slice(q, w));
      if (level !== undefined) {
        if (s.charCodeAt(w) === 93 || s.charCodeAt(w) === 58) w++;
        while (w < s.length && isSeparator(s.charCodeAt(w))) w++;
        p = w;
      }
    }
    const msg = s.slice(p).trimEnd();
    if (level === undefined) level = levelKey(msg);
    if (level === undefined) {
      const m = RE_LEVEL_COLUMN.exec(msg.length > LEVEL_COLUMN_SPAN ? msg.slice(0, LEVEL_COLUMN_SPAN) : msg);
      if (m !== null) level = levelWord(m[1]!);
    }
    if (level === undefined) level = RE_KEY_ERROR.test(msg) ? 'error' : RE_KEY_WARNING.test(msg) ? 'warning' : 'info';
    this.lastTime = this.time;
    this.begin(s, lineNo, this.time, s.slice(this.tsStart, this.tsEnd), this.utc ? 'utc' : this.localSource, this.format, msg, level);
  }

  private begin(raw: string, lineNo: number, time: number | null, timeText: string, timeSource: TimeSource, format: string, msg: string, level: Level | undefined): void {
    const ev: LogEvent = {
      time,
      timeText,
      timeSource,
      level: level ?? (RE_KEY_ERROR.test(msg) ? 'error' : 'info'),
      source: GENERIC_SOURCE,
      path: this.ctx.path,
      line: lineNo,
      message: msg,
      format,
      raw: cap(raw),
    };
    if (this.ext !== undefined) ev.extension = this.ext;
    this.pending.begin(ev);
    this.noteFormat(format);
  }
}

export const genericExtensionLogParser: Parser = {
  id: GENERIC_SOURCE,
  description: 'extension log under /var/log/azure (timestamped text lines of any common shape)',
  // CommandExecution*.log holds waagent lines (waagent.md §1.5): left out here, the waagent parser reads them.
  globs: ['**/log/azure/**/!(CommandExecution*).log', '**/log/azure/**/!(CommandExecution*).log.*', '**/log/azure/**/!(CommandExecution*).log-*', '**/log/azure/**/*.txt'],
  samples: GENERIC_SAMPLES,
  create: (ctx) => new GenericLineParser(ctx),
};

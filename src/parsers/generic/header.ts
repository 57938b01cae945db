// The timestamp at the start of a plain text log line, in the common shapes, for the generic readers:
//   iso        2024-01-14T22:16:48.796Z, with an offset, or none (local); fraction after `.` or `,`
//   iso-space  2024-01-14 22:16:48,796 (also ` UTC`), 2025-02-21 9:48:48 AM (12-hour clock)
//   slash      2024/01/14 22:16:48
//   logfmt     time="2024-01-14T22:16:48Z" level=error msg="..." / ts=...
//   syslog     Jan 14 22:16:48 (year from the entry's mtime, else the previous line)
//   local      11/14/2019 05:52:13.44, 14.11.2019 05:52:13, 14/11/2019 5:52:13 PM: day and month order decided per
//              file from the values seen (event-exports/dates.ts), so these come back as a `Stamp` to resolve
//   epoch      1714521600 / 1714521600.123 / 1714521600123 (seconds or milliseconds, UTC)
// The time may sit inside `[...]`, after a thread id (`[00000004] `, `[1748+00000001] `) or after a level column
// (`INFO `, `[ERROR] `). A zone or `Z` makes the time UTC; otherwise it is local (`--tz`, else assumed UTC).
import type { Level } from '../../model.js';
import type { TimeZoneContext } from '../types.js';
import { guessYear, monthAt } from '../../time/calendar.js';
import { fractionMs, UTC_SECONDS, utcFromFields } from '../../time/fields.js';
import type { YearBasis, YearFrom } from '../../time/time-source.js';
import { localSeconds } from '../../time/zone.js';
import type { Stamp } from '../event-exports/dates.js';
import { readDayMonth, readEpoch, readYearFirst, type LooseTime } from './loose-time.js';
import { clockAt, datedAt, digitsEnd, StampClock, two } from '../extension-logs/stamp.js';
import { isDigit } from '../../text/chars.js';
import { lettersEnd, levelWord } from './levels.js';

const RE_THREAD = /^[0-9A-Fa-f]{1,16}(?:\+[0-9A-Fa-f]{1,16})?$/;

/**
 * Reads line headers. After `read(s)` returns true the public fields describe the header; they are overwritten by
 * the next call. `bad` is set when a line starts like a date whose fields are impossible (counted as unparsed).
 */
export class LineHeader {
  time = 0;
  /** A local date whose day/month order is not known yet; `time` is then meaningless. */
  stamp: Stamp | undefined;
  utc = false;
  tsStart = 0;
  tsEnd = 0;
  msgStart = 0;
  format = '';
  /** A level column written before the time (`INFO 2024-...`, `[ERROR] 2024-...`). */
  level: Level | undefined;
  thread: string | undefined;
  bad = false;
  /** Where a syslog line's year came from (the basis until a line in the file states a year); else undefined. */
  yearFrom: YearFrom | undefined;
  /** The previous header's time (year of syslog lines). */
  lastTime: number | null = null;
  /** Where the year of `lastTime` came from (undefined: the line stated it). */
  private lastYearFrom: YearFrom | undefined;

  /** The line being read. */
  private line = '';
  private readonly utcClock = new StampClock(UTC_SECONDS);
  private readonly localClock: StampClock;

  constructor(
    private readonly tz: TimeZoneContext,
    /** The year of syslog lines before any line states one: the entry's mtime, else today (time/time-source.ts). */
    private readonly years: YearBasis,
  ) {
    this.localClock = new StampClock(localSeconds(tz));
  }

  read(s: string): boolean {
    this.line = s;
    this.bad = false;
    this.stamp = undefined;
    this.level = undefined;
    this.thread = undefined;
    this.yearFrom = undefined;
    if (s.length < 10) return false;
    let i = 0;
    let close = 0;
    let format = '';
    let c = s.charCodeAt(0);
    if (c === 91 /* [ */) {
      const end = s.indexOf(']', 1);
      if (end > 1 && end < 36 && s.charCodeAt(end + 1) === 32) {
        const inner = s.slice(1, end);
        const word = RE_THREAD.test(inner) ? undefined : levelWord(inner);
        if (word !== undefined || RE_THREAD.test(inner)) {
          if (word === undefined) this.thread = inner;
          else this.level = word;
          i = end + 1;
          while (s.charCodeAt(i) === 32) i++;
          c = s.charCodeAt(i);
        }
      }
    } else if (c === 116 /* t */) {
      if (s.startsWith('time=')) i = 5;
      else if (s.startsWith('ts=')) i = 3;
      else return false;
      if (s.charCodeAt(i) === 34) {
        i++;
        close = 34;
      }
      format = 'logfmt';
      return isDigit(s.charCodeAt(i)) && this.numeric(s, i, close, format);
    } else if (c >= 65 && c <= 90) {
      // `Jan 14 ...` first; else a level column before the time: `INFO 2024-...`, `ERROR: 2024-...`.
      if (s.charCodeAt(3) === 32 && this.syslog(s, 0, 0)) return true;
      const w = lettersEnd(s, 0);
      const level = w > 2 ? levelWord(s.slice(0, w)) : undefined;
      if (level === undefined) return false;
      i = s.charCodeAt(w) === 58 ? w + 1 : w;
      if (s.charCodeAt(i) !== 32) return false;
      while (s.charCodeAt(i) === 32) i++;
      this.level = level;
      c = s.charCodeAt(i);
    }
    if (c === 91 /* [ */ && close === 0) {
      i++;
      close = 93;
      c = s.charCodeAt(i);
    }
    if (isDigit(c)) return this.numeric(s, i, close, format);
    if (c >= 65 && c <= 90 && i > 0) return this.syslog(s, i, close);
    return false;
  }

  private numeric(s: string, i: number, close: number, format: string): boolean {
    if (s.length - i >= 19 && datedAt(s, i)) {
      const sep = s.charCodeAt(i + 10);
      if ((sep === 84 || sep === 32) && clockAt(s, i + 11)) return this.iso(s, i, close, format, sep);
      if (!(sep === 32 && isDigit(s.charCodeAt(i + 11)))) {
        this.bad = true;
        return false;
      }
    }
    const c2 = s.charCodeAt(i + 2);
    if (isDigit(s.charCodeAt(i + 3)) && isDigit(s.charCodeAt(i + 1)) && isDigit(c2)) {
      return this.flexibleYmd(s, i, close) || this.epoch(s, i, close);
    }
    return this.local(s, i, close);
  }

  private iso(s: string, i: number, close: number, format: string, sep: number): boolean {
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
        offset = (z === 45 ? -1 : 1) * (two(s, end + 1) * 60 + two(s, k)) * 60_000;
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
    // A 12-hour clock after an ISO date (`2025-02-21 09:48:48 PM`) is read by the flexible path.
    if (!utc && s.charCodeAt(end) === 32 && isHalfDay(s, end + 1)) return this.flexibleYmd(s, i, close);
    this.set(base + ms - offset, utc, i, end, close, format !== '' ? format : sep === 84 ? 'iso' : s.charCodeAt(i + 4) === 47 ? 'slash' : 'iso-space');
    return true;
  }

  private flexibleYmd(s: string, i: number, close: number): boolean {
    return this.take(readYearFirst(s, i, this.tz), i, close);
  }

  private epoch(s: string, i: number, close: number): boolean {
    return this.take(readEpoch(s, i), i, close);
  }

  private local(s: string, i: number, close: number): boolean {
    return this.take(readDayMonth(s, i), i, close);
  }

  /** Applies what a loose reader found: a time (or a stamp to resolve), nothing, or an impossible date. */
  private take(found: LooseTime | null | undefined, i: number, close: number): boolean {
    if (found === null) return this.impossible();
    if (found === undefined) return false;
    this.set(found.time, found.utc, i, found.end, close, found.format);
    this.stamp = found.stamp;
    return true;
  }

  /** `Jan 14 22:16:48` / `Jan  4 22:16:48`: local time, the year guessed (mtime, else the previous line). */
  private syslog(s: string, i: number, close: number): boolean {
    if (s.length - i < 15 || s.charCodeAt(i + 3) !== 32 || s.charCodeAt(i + 6) !== 32 || !clockAt(s, i + 7)) return false;
    const month = monthAt(s, i);
    if (month === 0) return false;
    const d0 = s.charCodeAt(i + 4);
    if (!(d0 === 32 || isDigit(d0)) || !isDigit(s.charCodeAt(i + 5))) return false;
    const day = d0 === 32 ? s.charCodeAt(i + 5) - 48 : two(s, i + 4);
    const h = two(s, i + 7);
    const mi = two(s, i + 10);
    const sec = two(s, i + 13);
    if (day < 1 || day > 31 || h > 23 || mi > 59 || sec > 60) return this.impossible();
    // The first takes the basis's year (the one before when that puts it days after the basis); the next follow.
    let year: number;
    let from: YearFrom | undefined;
    if (this.lastTime === null) {
      const { reference, shift } = this.years;
      year = new Date(reference).getUTCFullYear();
      if (utcFromFields(year, month, day, h, mi, sec) > reference + 2 * 86_400_000) year--;
      year += shift;
      from = this.years.from;
    } else {
      year = guessYear(month, undefined, this.lastTime);
      from = this.lastYearFrom;
    }
    const time = this.tz.toUtc(year, month, day, h, mi, sec, 0);
    if (time !== time) return false;
    this.set(time, false, i, i + 15, close, 'syslog');
    this.yearFrom = from;
    this.lastYearFrom = from;
    return true;
  }

  private impossible(): false {
    this.bad = true;
    return false;
  }

  private set(time: number, utc: boolean, start: number, end: number, close: number, format: string): void {
    this.time = time;
    this.utc = utc;
    this.tsStart = start;
    this.tsEnd = end;
    this.format = format;
    this.msgStart = close !== 0 && this.line.charCodeAt(end) === close ? end + 1 : end;
    if (Number.isFinite(time)) {
      this.lastTime = time;
      this.lastYearFrom = undefined;
    }
  }
}

/** `AM`/`PM` (`a.m.`, any case) at `i`, not followed by a letter. */
function isHalfDay(s: string, i: number): boolean {
  const a = s.charCodeAt(i) | 32;
  if (a !== 97 && a !== 112) return false;
  let k = i + 1;
  if (s.charCodeAt(k) === 46) k++;
  if ((s.charCodeAt(k) | 32) !== 109) return false;
  const n = s.charCodeAt(k + 1) | 32;
  return !(n >= 97 && n <= 122);
}

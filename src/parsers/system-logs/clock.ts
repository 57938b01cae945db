// Timestamps of the system logs, read with character checks and converted once per distinct second:
// - `Jan 14 22:16:48` (RFC 3164, journalctl default): no year, local time -> `SyslogClock` infers the year;
// - `2024-01-14T22:16:48.123456+00:00` / `...+0000` / `...Z` (rsyslog RFC 3339, journalctl short-iso): `readIsoZoned`.
import type { TimeSource } from '../../model.js';
import type { TimeZoneContext } from '../types.js';
import { monthAt, monthAtBytes } from '../../time/calendar.js';
import { digitByteAt, digitsAt, isDigit, paddedTwoDigitsAt, twoDigitBytesAt, twoDigitsAt } from '../../text/chars.js';
import { SecondClock, UTC_SECONDS, fractionMs, utcFromFields } from '../../time/fields.js';
import { localSource } from '../../time/zone.js';
import { type YearBasis, type YearFrom, withYear } from '../../time/time-source.js';

const DAY_MS = 86_400_000;

/** True when `s` starts like `Mmm dd hh:mm` (a syslog timestamp, readable or not): counts unparsed lines. */
export function looksSyslogDated(s: string): boolean {
  return s.length >= 12 && s.charCodeAt(3) === 32 && s.charCodeAt(9) === 58 && monthAt(s, 0) > 0;
}

/**
 * `Mmm dd HH:MM:SS` wall-clock times without a year (RFC 3164 syslog, `journalctl` default output, `dmesg -T`
 * without its year column). The year is inferred:
 * - the first time read takes the year of the basis's reference (the entry's mtime, else now), or the year before
 *   when that would put it more than two days after the reference (a December line in a file written in January),
 *   moved by the basis's shift (a second pass, when the bundle's dated sources showed that year was wrong);
 * - afterwards the year steps forward when the month goes back by more than 6 months (Dec -> Jan) and back when
 *   it jumps forward by more than 6 (a late December line after January ones);
 * - `anchor(year, month)` pins it from a line that carries a year (`-- Logs begin at 2024-01-01 ... --`).
 * Times are local: converted with the context's zone; one conversion per distinct second. `timeSource` says the
 * zone and, until an anchor, where the year came from (`assumed-utc+year-mtime`).
 */
export class SyslogClock {
  /** Year of the last time read (0 before the first). */
  year = 0;
  private month = 0;
  private key = -1;
  private base = Number.NaN;
  private zone: 'utc' | 'assumed-utc' | 'tz';
  /** Where the year came from; undefined once the file stated it. */
  private yearFrom: YearFrom | undefined;
  timeSource: TimeSource;

  constructor(
    private tz: TimeZoneContext,
    private readonly years: YearBasis,
  ) {
    this.zone = localSource(tz);
    this.timeSource = this.zone;
  }

  /** True when the times are UTC as written (`useUtc`). */
  get utc(): boolean {
    return this.zone === 'utc';
  }

  /** The times are UTC after all (`journalctl --utc`, whose banner says `UTC`): no zone conversion, `utc`. */
  useUtc(): void {
    this.tz = { explicit: true, toUtc: (y, mo, d, h, mi, s, ms) => utcFromFields(y, mo, d, h, mi, s, ms) };
    this.zone = 'utc';
    this.timeSource = withYear(this.zone, this.yearFrom);
    this.key = -1;
  }

  anchor(year: number, month: number): void {
    if (!(year >= 1970 && year <= 9999 && month >= 1 && month <= 12)) return;
    this.year = year;
    this.month = month;
    this.key = -1;
    this.yearFrom = undefined;
    this.timeSource = this.zone;
  }

  /** Epoch ms of `Mmm dd HH:MM:SS` at `s[i..i+15)`, or NaN when it is not one. */
  at(s: string, i: number): number {
    if (s.charCodeAt(i + 3) !== 32 || s.charCodeAt(i + 6) !== 32 || s.charCodeAt(i + 9) !== 58 || s.charCodeAt(i + 12) !== 58) return Number.NaN;
    const mo = monthAt(s, i);
    if (mo === 0) return Number.NaN;
    // A field that is not digits is -1: out of range.
    return this.second(mo, paddedTwoDigitsAt(s, i + 4), twoDigitsAt(s, i + 7), twoDigitsAt(s, i + 10), twoDigitsAt(s, i + 13));
  }

  /** `at` for the UTF-8 bytes of a line starting at `p` (ending at `end`): the same fields, the same state. */
  atBytes(b: Uint8Array, p: number, end: number): number {
    if (p + 15 > end || b[p + 3] !== 32 || b[p + 6] !== 32 || b[p + 9] !== 58 || b[p + 12] !== 58) return Number.NaN;
    const mo = monthAtBytes(b, p);
    if (mo === 0) return Number.NaN;
    return this.second(mo, b[p + 4] === 32 ? digitByteAt(b, p + 5) : twoDigitBytesAt(b, p + 4), twoDigitBytesAt(b, p + 7), twoDigitBytesAt(b, p + 10), twoDigitBytesAt(b, p + 13));
  }

  /** Epoch ms of the fields (NaN when one is out of range: -1 for not digits), the year inferred. */
  private second(mo: number, d: number, h: number, mi: number, sec: number): number {
    if (d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60) return Number.NaN;
    if (mo !== this.month) this.stepYear(mo, d, h, mi, sec);
    const key = ((d * 24 + h) * 60 + mi) * 61 + sec;
    if (key === this.key) return this.base;
    this.key = key;
    this.base = this.tz.toUtc(this.year, mo, d, h, mi, sec, 0);
    return this.base;
  }

  private stepYear(mo: number, d: number, h: number, mi: number, sec: number): void {
    if (this.month === 0) {
      const { reference, shift } = this.years;
      let year = new Date(reference).getUTCFullYear();
      if (utcFromFields(year, mo, d, h, mi, sec) > reference + 2 * DAY_MS) year--;
      this.year = year + shift;
      this.yearFrom = this.years.from;
      this.timeSource = withYear(this.zone, this.yearFrom);
    } else {
      const diff = mo - this.month;
      if (diff < -6) this.year++;
      else if (diff > 6) this.year--;
    }
    this.month = mo;
    this.key = -1;
  }
}

/** Result of `readIsoZoned`: reused, overwritten by the next call. */
export interface IsoStamp {
  /** Epoch ms UTC. */
  time: number;
  /** Index after the time text (the zone included). */
  end: number;
}

/**
 * Reads `YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|+HHMM)` at the start of `s` (a `,` before the fraction and a blank
 * instead of the `T` are accepted too: `dmesg --time-format iso`). Returns false when it is not one.
 */
export class IsoZonedReader {
  private readonly clock = new SecondClock(UTC_SECONDS);
  readonly out: IsoStamp = { time: 0, end: 0 };

  read(s: string): boolean {
    if (s.length < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
    const t = s.charCodeAt(10);
    if (t !== 84 && t !== 32) return false;
    const base = this.clock.at(s);
    if (base !== base) return false;
    let p = 19;
    let ms = 0;
    const sep = s.charCodeAt(19);
    if (sep === 46 || sep === 44) {
      p = 20;
      while (p < s.length && p < 30 && isDigit(s.charCodeAt(p))) p++;
      if (p === 20) return false;
      ms = fractionMs(s, 20, p);
    }
    const z = s.charCodeAt(p);
    let offset = 0;
    if (z === 90 /* Z */) {
      p++;
    } else if (z === 43 || z === 45) {
      const hours = twoDigitsAt(s, p + 1);
      let q = p + 3;
      if (s.charCodeAt(q) === 58) q++;
      const minutes = twoDigitsAt(s, q);
      if (hours < 0 || minutes < 0) return false;
      offset = (z === 45 ? -1 : 1) * (hours * 60 + minutes) * 60_000;
      p = q + 2;
    } else {
      return false;
    }
    this.out.time = base + ms - offset;
    this.out.end = p;
    return true;
  }

  /** `read` for the UTF-8 bytes `b[start, end)` of a line: the same stamp, `out.end` counted from `start`. */
  readBytes(b: Uint8Array, start: number, end: number): boolean {
    if (end - start < 20 || b[start + 4] !== 45 || b[start + 7] !== 45 || b[start + 13] !== 58 || b[start + 16] !== 58) return false;
    const t = b[start + 10];
    if (t !== 84 && t !== 32) return false;
    const base = this.clock.atBytes(b, start);
    if (base !== base) return false;
    let p = start + 19;
    let ms = 0;
    const sep = b[p];
    if (sep === 46 || sep === 44) {
      p++;
      for (let scale = 100; p < end && p < start + 30 && isDigit(b[p]!); p++, scale /= 10) if (scale >= 1) ms += (b[p]! - 48) * scale;
      if (p === start + 20) return false;
    }
    const z = p < end ? b[p] : -1;
    let offset = 0;
    if (z === 90 /* Z */) {
      p++;
    } else if (z === 43 || z === 45) {
      const hours = p + 2 < end ? twoDigitBytesAt(b, p + 1) : -1;
      let q = p + 3;
      if (q < end && b[q] === 58) q++;
      const minutes = q + 1 < end ? twoDigitBytesAt(b, q) : -1;
      if (hours < 0 || minutes < 0) return false;
      offset = (z === 45 ? -1 : 1) * (hours * 60 + minutes) * 60_000;
      p = q + 2;
    } else {
      return false;
    }
    this.out.time = base + ms - offset;
    this.out.end = p - start;
    return true;
  }
}

/** True when `s` starts like `YYYY-MM-DD` (readable or not). */
export function looksIsoDated(s: string): boolean {
  return s.length >= 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && digitsAt(s, 0, 4) && isDigit(s.charCodeAt(5)) && isDigit(s.charCodeAt(8));
}

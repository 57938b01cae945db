// Fast wall-clock fields -> epoch ms for line parsers: digits read with charCodeAt, one conversion per distinct second.
// Core module: no Node imports.
import { twoDigitBytesAt } from '../text/chars.js';

/** `(year, month 1-12, day, hour, minute, second)` -> epoch ms; the shape of `TimeZoneContext.toUtc` without ms. */
export type SecondConverter = (y: number, mo: number, d: number, h: number, mi: number, s: number) => number;

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12); H. Hinnant's `days_from_civil`. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Wall-clock fields read as UTC (month 1-12) -> epoch ms. Same result as `Date.UTC(y, mo - 1, ...)` for valid fields. */
export function utcFromFields(y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number {
  return daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
}

/** Milliseconds of a fraction of up to 9 digits starting at `i`; `end` is the index after the last digit. */
export function fractionMs(s: string, i: number, end: number): number {
  let ms = 0;
  let scale = 100;
  for (let k = i; k < end && scale >= 1; k++) {
    ms += (s.charCodeAt(k) - 48) * scale;
    scale /= 10;
  }
  return ms;
}

/**
 * Converts the 19-character prefix `YYYY?MM?DD?HH:MM:SS` of a line (any separators at 4, 7, 10; digits at the
 * fixed places) to epoch ms, remembering the last distinct second: logs write many lines per second, so most
 * calls read 14 digits and compare two numbers (cheaper than comparing strings). Returns NaN when a field is not
 * digits or out of range.
 */
export class SecondClock {
  private ymd = -1;
  private sod = -1;
  private base = Number.NaN;

  constructor(private readonly convert: SecondConverter) {}

  at(line: string): number {
    if (line.length < 19) return Number.NaN;
    const y0 = line.charCodeAt(0) - 48;
    const y1 = line.charCodeAt(1) - 48;
    const y2 = line.charCodeAt(2) - 48;
    const y3 = line.charCodeAt(3) - 48;
    const m0 = line.charCodeAt(5) - 48;
    const m1 = line.charCodeAt(6) - 48;
    const d0 = line.charCodeAt(8) - 48;
    const d1 = line.charCodeAt(9) - 48;
    const h0 = line.charCodeAt(11) - 48;
    const h1 = line.charCodeAt(12) - 48;
    const i0 = line.charCodeAt(14) - 48;
    const i1 = line.charCodeAt(15) - 48;
    const s0 = line.charCodeAt(17) - 48;
    const s1 = line.charCodeAt(18) - 48;
    // `>>> 0` makes a negative value (a character below '0') huge, so one comparison checks both ends.
    if (
      y0 >>> 0 > 9 || y1 >>> 0 > 9 || y2 >>> 0 > 9 || y3 >>> 0 > 9 ||
      m0 >>> 0 > 9 || m1 >>> 0 > 9 || d0 >>> 0 > 9 || d1 >>> 0 > 9 ||
      h0 >>> 0 > 9 || h1 >>> 0 > 9 || i0 >>> 0 > 9 || i1 >>> 0 > 9 || s0 >>> 0 > 9 || s1 >>> 0 > 9
    ) {
      return Number.NaN;
    }
    return this.second((y0 * 1000 + y1 * 100 + y2 * 10 + y3) * 10000, m0 * 10 + m1, d0 * 10 + d1, h0 * 10 + h1, i0 * 10 + i1, s0 * 10 + s1);
  }

  /** `at` for the UTF-8 (ASCII) bytes of a line starting at `p`: the same prefix, the same remembered second. */
  atBytes(b: Uint8Array, p: number): number {
    if (p + 19 > b.length) return Number.NaN;
    const century = twoDigitBytesAt(b, p);
    const year = twoDigitBytesAt(b, p + 2);
    const mo = twoDigitBytesAt(b, p + 5);
    const d = twoDigitBytesAt(b, p + 8);
    const h = twoDigitBytesAt(b, p + 11);
    const mi = twoDigitBytesAt(b, p + 14);
    const sec = twoDigitBytesAt(b, p + 17);
    if (century < 0 || year < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return Number.NaN;
    return this.second((century * 100 + year) * 10000, mo, d, h, mi, sec);
  }

  /** The epoch ms of a second (`y0000` is the year times 10000), remembered; NaN when a field is out of range. */
  private second(y0000: number, mo: number, d: number, h: number, mi: number, sec: number): number {
    const ymd = y0000 + mo * 100 + d;
    const sod = h * 3600 + mi * 60 + sec;
    if (ymd === this.ymd && sod === this.sod) return this.base;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return Number.NaN;
    this.ymd = ymd;
    this.sod = sod;
    this.base = this.convert(Math.floor(ymd / 10000), mo, d, h, mi, sec);
    return this.base;
  }
}

/** A converter that reads the fields as UTC. */
export const UTC_SECONDS: SecondConverter = (y, mo, d, h, mi, s) => utcFromFields(y, mo, d, h, mi, s);

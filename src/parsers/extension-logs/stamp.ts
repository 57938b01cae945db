// Timestamp readers shared by the extension-log parsers: digits read with charCodeAt at an offset, one
// conversion per distinct second (the same idea as time/fields.ts `SecondClock`, which reads at index 0 only).
import type { Level } from '../../model.js';
import type { SecondConverter } from '../../time/fields.js';

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** True when `s` has `\d{4}[-/]\d\d[-/]\d\d` at `i` (both separators the same). */
export function datedAt(s: string, i: number): boolean {
  const a = s.charCodeAt(i + 4);
  return (
    (a === 45 || a === 47) &&
    s.charCodeAt(i + 7) === a &&
    isDigit(s.charCodeAt(i)) &&
    isDigit(s.charCodeAt(i + 1)) &&
    isDigit(s.charCodeAt(i + 2)) &&
    isDigit(s.charCodeAt(i + 3)) &&
    isDigit(s.charCodeAt(i + 5)) &&
    isDigit(s.charCodeAt(i + 6)) &&
    isDigit(s.charCodeAt(i + 8)) &&
    isDigit(s.charCodeAt(i + 9))
  );
}

/** True when `s` has `HH:MM:SS` at `i` (digits and colons only; ranges are checked by the clock). */
export function clockAt(s: string, i: number): boolean {
  return (
    s.charCodeAt(i + 2) === 58 &&
    s.charCodeAt(i + 5) === 58 &&
    isDigit(s.charCodeAt(i)) &&
    isDigit(s.charCodeAt(i + 1)) &&
    isDigit(s.charCodeAt(i + 3)) &&
    isDigit(s.charCodeAt(i + 4)) &&
    isDigit(s.charCodeAt(i + 6)) &&
    isDigit(s.charCodeAt(i + 7))
  );
}

/** Index after the run of digits starting at `i` (at most `max` digits). */
export function digitsEnd(s: string, i: number, max = 9): number {
  let k = i;
  while (k < s.length && k - i < max && isDigit(s.charCodeAt(k))) k++;
  return k;
}

/** Milliseconds of a fraction `s[i, end)` (up to 9 digits; only the first 3 count). */
export function fractionMs(s: string, i: number, end: number): number {
  let ms = 0;
  let scale = 100;
  for (let k = i; k < end && scale >= 1; k++) {
    ms += (s.charCodeAt(k) - 48) * scale;
    scale /= 10;
  }
  return ms;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in month `mo` (1-12) of year `y` (Gregorian). */
export function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return DAYS[mo - 1] ?? 31;
}

function two(s: string, i: number): number {
  return (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);
}

/**
 * Converts `YYYY?MM?DD?HH:MM:SS` at offset `i` (digits at the fixed places, any separators at 4, 7, 10) to epoch ms,
 * remembering the last distinct second. NaN when a field is out of range. The caller has checked the digits
 * (`datedAt` + `clockAt`).
 */
export class StampClock {
  private key = -1;
  private sod = -1;
  private base = Number.NaN;

  constructor(private readonly convert: SecondConverter) {}

  at(s: string, i: number): number {
    const y = two(s, i) * 100 + two(s, i + 2);
    const mo = two(s, i + 5);
    const d = two(s, i + 8);
    const h = two(s, i + 11);
    const mi = two(s, i + 14);
    const sec = two(s, i + 17);
    const key = y * 10000 + mo * 100 + d;
    const sod = h * 3600 + mi * 60 + sec;
    if (key === this.key && sod === this.sod) return this.base;
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 60) return Number.NaN;
    const base = this.convert(y, mo, d, h, mi, sec);
    if (base !== base) return Number.NaN;
    this.key = key;
    this.sod = sod;
    this.base = base;
    return base;
  }
}

const MONTHS: Record<string, number> = { Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12 };

/** Month number (1-12) of an English three-letter month name at `i`, or 0. */
export function monthAt(s: string, i: number): number {
  return MONTHS[s.slice(i, i + 3)] ?? 0;
}

/**
 * The year of a date written without one (syslog `Jan 14 22:16:48`): the entry's mtime year (the previous year when
 * the month lies after the mtime's month), else the year of the previous event (the next year when the month
 * wrapped), else the current UTC year.
 */
export function guessYear(month: number, mtime: Date | undefined, lastTime: number | null): number {
  if (lastTime !== null) {
    const prev = new Date(lastTime);
    return prev.getUTCFullYear() + (month < prev.getUTCMonth() + 1 - 6 ? 1 : 0);
  }
  if (mtime !== undefined && !Number.isNaN(mtime.getTime())) {
    return mtime.getUTCFullYear() - (month > mtime.getUTCMonth() + 1 ? 1 : 0);
  }
  return new Date().getUTCFullYear();
}

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

export function levelWord(word: string): Level | undefined {
  if (word.length < 3 || word.length > 11) return undefined;
  return LEVEL_WORDS.get(word.toLowerCase());
}

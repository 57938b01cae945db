// Timestamp readers shared by the extension-log parsers: digits read with charCodeAt at an offset, one
// conversion per distinct second. `SecondClock` (time/fields.ts) reads at index 0 only and checks its own digits;
// `StampClock` reads at any offset after `datedAt`/`clockAt` and also rejects days past the month's end.
import { daysInMonth } from '../../time/calendar.js';
import type { SecondConverter } from '../../time/fields.js';
import { digitsAt, isDigit } from '../../text/chars.js';

/** True when `s` has `\d{4}[-/]\d\d[-/]\d\d` at `i` (both separators the same). */
export function datedAt(s: string, i: number): boolean {
  const a = s.charCodeAt(i + 4);
  return (a === 45 || a === 47) && s.charCodeAt(i + 7) === a && digitsAt(s, i, 4) && digitsAt(s, i + 5, 2) && digitsAt(s, i + 8, 2);
}

/** True when `s` has `HH:MM:SS` at `i` (digits and colons only; ranges are checked by the clock). */
export function clockAt(s: string, i: number): boolean {
  return s.charCodeAt(i + 2) === 58 && s.charCodeAt(i + 5) === 58 && digitsAt(s, i, 2) && digitsAt(s, i + 3, 2) && digitsAt(s, i + 6, 2);
}

/** Index after the run of digits starting at `i` (at most `max` digits). */
export function digitsEnd(s: string, i: number, max = 9): number {
  let k = i;
  while (k < s.length && k - i < max && isDigit(s.charCodeAt(k))) k++;
  return k;
}

/** The two-digit number at `i` (digits unchecked). */
export function two(s: string, i: number): number {
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

// Calendar rules the log readers share: month lengths, English month abbreviations, the year of a yearless date.
// Core module: no Node imports.

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in month `mo` (1-12) of year `y` (Gregorian). */
export function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return DAYS[mo - 1] ?? 31;
}

const asciiKey = (a: number, b: number, c: number): number => (a << 14) | (b << 7) | c;

/** The English month abbreviations by their three character codes (7 bits each). */
const MONTHS = new Map(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m, i) => [asciiKey(m.charCodeAt(0), m.charCodeAt(1), m.charCodeAt(2)), i + 1]));

/** Month 1-12 of the English abbreviation at `s[i..i+3)` (`Jan`..`Dec`, case as written), or 0. */
export function monthAt(s: string, i: number): number {
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  const c = s.charCodeAt(i + 2);
  // beyond ASCII (or past the end: NaN) nothing is a month, and the key would not be one character each
  if (!(a < 128 && b < 128 && c < 128)) return 0;
  return MONTHS.get(asciiKey(a, b, c)) ?? 0;
}

/** `monthAt` for bytes: month 1-12 of the abbreviation at `b[p..p+3)`, or 0. */
export function monthAtBytes(b: Uint8Array, p: number): number {
  const a = b[p]!;
  const c1 = b[p + 1]!;
  const c2 = b[p + 2]!;
  if (!(a < 128 && c1 < 128 && c2 < 128)) return 0;
  return MONTHS.get(asciiKey(a, c1, c2)) ?? 0;
}

/**
 * The year of a date written without one (syslog `Jan 14 22:16:48`): the year of the previous event (the next
 * year when the month wrapped), else the entry's mtime year (the previous year when the month lies after the
 * mtime's month), else the current UTC year.
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

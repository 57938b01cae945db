// Calendar rules the log readers share: month lengths, English month abbreviations, the year of a yearless date.
// Core module: no Node imports.

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in month `mo` (1-12) of year `y` (Gregorian). */
export function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return DAYS[mo - 1] ?? 31;
}

/** Month 1-12 of the English abbreviation at `s[i..i+3)` (`Jan`..`Dec`, case as written), or 0. */
export function monthAt(s: string, i: number): number {
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  const c = s.charCodeAt(i + 2);
  switch (a) {
    case 74: // J
      if (b === 97 && c === 110) return 1; // Jan
      if (b === 117 && c === 110) return 6; // Jun
      if (b === 117 && c === 108) return 7; // Jul
      return 0;
    case 70: // F
      return b === 101 && c === 98 ? 2 : 0; // Feb
    case 77: // M
      if (b === 97 && c === 114) return 3; // Mar
      if (b === 97 && c === 121) return 5; // May
      return 0;
    case 65: // A
      if (b === 112 && c === 114) return 4; // Apr
      if (b === 117 && c === 103) return 8; // Aug
      return 0;
    case 83: // S
      return b === 101 && c === 112 ? 9 : 0; // Sep
    case 79: // O
      return b === 99 && c === 116 ? 10 : 0; // Oct
    case 78: // N
      return b === 111 && c === 118 ? 11 : 0; // Nov
    case 68: // D
      return b === 101 && c === 99 ? 12 : 0; // Dec
    default:
      return 0;
  }
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

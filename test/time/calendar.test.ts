// The calendar helpers the log readers share.
import { describe, expect, it } from 'vitest';
import { daysInMonth, monthAt } from '../../src/time/calendar.js';

const NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

describe('monthAt', () => {
  it('reads each English abbreviation where it stands', () => {
    NAMES.forEach((name, i) => expect(monthAt(`<13>${name} 14 22:16:48`, 4)).toBe(i + 1));
  });

  it.each([
    ['jan', 0], // case as written: syslog writes Jan
    ['JAN', 0],
    ['Jum', 0],
    ['Ja', 0], // cut short
    ['', 0],
    ['Jа n', 0], // Cyrillic а
    ['\u4a61n', 0], // a character whose low bits would spell J+a
    ['Ĵan', 0],
  ])('%j is no month', (text, month) => {
    expect(monthAt(text, 0)).toBe(month);
  });
});

describe('daysInMonth', () => {
  it.each([
    [2024, 2, 29],
    [2023, 2, 28],
    [1900, 2, 28],
    [2000, 2, 29],
    [2023, 4, 30],
    [2023, 12, 31],
  ])('%d-%d has %d days', (y, m, d) => expect(daysInMonth(y, m)).toBe(d));
});

import { describe, expect, it } from 'vitest';
import { DateOrderResolver, msDate, scanStamp, singleTime } from '../../../src/parsers/event-exports/dates.js';
import { ASSUME_UTC } from '../../../src/time/zone.js';
import { fixedZone, utc } from './helpers.js';

describe('export dates', () => {
  it('rejects what is not a date-time', () => {
    for (const text of ['', 'N/A', '6005', '1.2.3', '10/7/2016 25:00:00', '10/7/2016 13:00:00 PM', '10/7/2016 06:38:24 XM', '2016-12-22T05:61:00', 'yesterday'])
      expect([text, scanStamp(text)]).toEqual([text, undefined]);
  });

  it('reads zones as UTC and the rest as local time', () => {
    expect(singleTime('2024-01-31T04:26:39.0170000Z', fixedZone(2))).toEqual({ time: utc(2024, 1, 31, 4, 26, 39, 17), timeText: '2024-01-31T04:26:39.0170000Z', timeSource: 'utc' });
    expect(singleTime('2024-01-31T06:26:39+02:00', ASSUME_UTC)?.time).toBe(utc(2024, 1, 31, 4, 26, 39));
    expect(singleTime('2024-01-31T06:26:39.5', fixedZone(2))).toEqual({ time: utc(2024, 1, 31, 4, 26, 39, 500), timeText: '2024-01-31T06:26:39.5', timeSource: 'tz' });
    expect(singleTime('2024-01-31 06:26:39', ASSUME_UTC)?.timeSource).toBe('assumed-utc');
    expect(msDate('/Date(1595374458918)/')).toEqual({ time: 1595374458918, timeText: '/Date(1595374458918)/', timeSource: 'utc' });
    expect(msDate('/Date(1595374458918-0700)/')?.time).toBe(1595374458918);
  });

  it('keeps file order while the day/month order is open', () => {
    const out: [string, number | null | undefined][] = [];
    const r = new DateOrderResolver<string>(ASSUME_UTC, (item, time) => out.push([item, time?.time]));
    r.push(scanStamp('05/06/2024 10:00:00'), 'a');
    r.push(undefined, 'b');
    r.push(scanStamp('2024-06-04 09:00:00'), 'c');
    expect(out).toEqual([]);
    r.push(scanStamp('13/05/2024 08:00:00'), 'd');
    r.push(scanStamp('12/05/2024 08:00:00'), 'e');
    expect(out).toEqual([
      ['a', utc(2024, 6, 5, 10, 0, 0)],
      ['b', undefined],
      ['c', utc(2024, 6, 4, 9, 0, 0)],
      ['d', utc(2024, 5, 13, 8, 0, 0)],
      ['e', utc(2024, 5, 12, 8, 0, 0)],
    ]);
    expect(r.label()).toBe('dates:d/m/y');
  });

  it('guesses from the file order, then from AM/PM, when no date proves the order', () => {
    const run = (dates: string[]): [string | undefined, (number | undefined)[]] => {
      const times: (number | undefined)[] = [];
      const r = new DateOrderResolver<number>(ASSUME_UTC, (_i, t) => times.push(t?.time ?? undefined));
      dates.forEach((d, i) => r.push(scanStamp(d), i));
      r.end();
      return [r.label(), times];
    };
    // descending under m/d (Jun 3, Jun 2, Jun 1); under d/m it would jump Mar, Feb, Jan… also descending: tie -> AM/PM
    expect(run(['6/3/2024 1:00:00 AM', '6/2/2024 1:00:00 AM'])[0]).toBe('dates:m/d/y?');
    // only m/d keeps the order monotonic
    expect(run(['1/12/2024 10:00:00', '2/1/2024 10:00:00', '2/2/2024 10:00:00'])).toEqual(['dates:m/d/y?', [utc(2024, 1, 12, 10, 0, 0), utc(2024, 2, 1, 10, 0, 0), utc(2024, 2, 2, 10, 0, 0)]]);
    // no AM/PM, no evidence: day first
    expect(run(['01/02/2024 10:00:00'])).toEqual(['dates:d/m/y?', [utc(2024, 2, 1, 10, 0, 0)]]);
  });
});

describe('scanStamp keeps the last answer', () => {
  it('gives the same reading for a repeated text, a fresh one for another, and stamps nobody can change', () => {
    const texts = ['6/11/2024 3:00:00 AM', '6/11/2024 3:00:00 AM', '19.07.2026 09:58:57', 'not a date', 'not a date', '6/11/2024 3:00:00 AM'];
    const read = texts.map((t) => scanStamp(t));
    expect(read.map((s) => s && [s.a, s.b, s.c, s.hour, s.half])).toEqual([
      [6, 11, 2024, 3, 'am'],
      [6, 11, 2024, 3, 'am'],
      [19, 7, 2026, 9, undefined],
      undefined,
      undefined,
      [6, 11, 2024, 3, 'am'],
    ]);
    expect(read[1]).toBe(read[0]);
    expect(Object.isFrozen(read[0])).toBe(true);
    expect(() => {
      (read[0] as { hour: number }).hour = 4;
    }).toThrow(TypeError);
  });
});

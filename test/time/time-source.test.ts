import { describe, expect, it } from 'vitest';
import type { TimeSource } from '../../src/model.js';
import { ClockTally } from '../../src/time/clock-tally.js';
import { timeSourceParts, withYear, yearBasis } from '../../src/time/time-source.js';

const NOW = Date.UTC(2026, 2, 1);

describe('yearBasis', () => {
  it.each<[string, { mtime?: Date; yearShift?: number }, ReturnType<typeof yearBasis>]>([
    ['the member time', { mtime: new Date('2024-06-01T00:00:00Z') }, { reference: Date.UTC(2024, 5, 1), shift: 0, from: 'mtime' }],
    ['no member time: today', {}, { reference: NOW, shift: 0, from: 'now' }],
    ["tar's zero time is no member time", { mtime: new Date(0) }, { reference: NOW, shift: 0, from: 'now' }],
    ["zip's 1980 default neither", { mtime: new Date('1980-01-01T00:00:00Z') }, { reference: NOW, shift: 0, from: 'now' }],
    ['an invalid date neither', { mtime: new Date(Number.NaN) }, { reference: NOW, shift: 0, from: 'now' }],
    ['moved by the bundle', { mtime: new Date('2024-06-01T00:00:00Z'), yearShift: -1 }, { reference: Date.UTC(2024, 5, 1), shift: -1, from: 'bundle' }],
    ['moved by the bundle, from today', { yearShift: -7 }, { reference: NOW, shift: -7, from: 'bundle' }],
  ])('%s', (_, ctx, want) => {
    expect(yearBasis(ctx, NOW)).toEqual(want);
  });
});

describe('time sources with the year', () => {
  it.each<[TimeSource, ReturnType<typeof timeSourceParts>]>([
    ['utc', { zone: 'utc' }],
    ['assumed-utc', { zone: 'assumed-utc' }],
    ['inferred-offset', { zone: 'inferred-offset' }],
    ['none', { zone: 'none' }],
    ['assumed-utc+year-mtime', { zone: 'assumed-utc', year: 'mtime' }],
    ['tz+year-bundle', { zone: 'tz', year: 'bundle' }],
    ['utc+year-now', { zone: 'utc', year: 'now' }],
  ])('%s', (source, parts) => {
    expect(timeSourceParts(source)).toEqual(parts);
    if (parts.zone !== 'inferred-offset' && parts.zone !== 'none') expect(withYear(parts.zone, parts.year)).toBe(source);
  });
});

describe('ClockTally (SourceSummary.clock)', () => {
  const T = Date.UTC(2024, 4, 2, 10);
  const H = 3_600_000;
  it.each<[string, [TimeSource, number | null][], ReturnType<ClockTally['clock']>]>([
    ['UTC as written: no clock', [['utc', T], ['none', null]], undefined],
    ['agent <= 2.2.45 without --tz', [['assumed-utc', T]], { local: 'assumed-utc' }],
    ['with --tz', [['tz', T]], { local: 'tz' }],
    ['safefreeze lines converted with the offset, py2 lines taken as UTC: the weaker wins', [['inferred-offset', T], ['assumed-utc', T + H], ['inferred-offset', T + 2 * H]], { local: 'assumed-utc' }],
    ['only inferred offsets', [['utc', T], ['inferred-offset', T + H]], { local: 'inferred-offset' }],
    [
      'syslog: year-less lines between the agent lines; the span is theirs only',
      [['utc', T - 24 * H], ['assumed-utc+year-mtime', T], ['utc', T + 48 * H], ['assumed-utc+year-mtime', T + H]],
      { local: 'assumed-utc', year: 'mtime', yearless: { from: new Date(T).toISOString(), to: new Date(T + H).toISOString() } },
    ],
    ['a banner stated the year after a few lines: those lines still count', [['tz+year-now', T], ['tz', T + H]], { local: 'tz', year: 'now', yearless: { from: new Date(T).toISOString(), to: new Date(T).toISOString() } }],
    ['moved by the bundle', [['assumed-utc+year-bundle', T]], { local: 'assumed-utc', year: 'bundle', yearless: { from: new Date(T).toISOString(), to: new Date(T).toISOString() } }],
  ])('%s', (_, events, want) => {
    const tally = new ClockTally();
    for (const [source, time] of events) tally.add(source, time);
    expect(tally.clock()).toEqual(want);
  });
});

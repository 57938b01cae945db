// The generic text reader on files no other parser claims: timestamp shapes, levels, multi-line entries, the file's
// day/month order, and Windows events pasted among other lines.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../src/model.js';
import { genericTextParser } from '../../../src/parsers/generic/index.js';
import { parseText } from '../../../src/parsers/run.js';
import type { TimeZoneContext } from '../../../src/parsers/types.js';
import { timeZone } from '../../../src/time/zone.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/generic/${name}`, import.meta.url), 'utf8');
const utc = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number => Date.UTC(y, mo - 1, d, h, mi, s, ms);
const read = (text: string, tz?: TimeZoneContext) => parseText(genericTextParser, text, { path: 'paste/notes.txt', ...(tz ? { tz } : {}) });
const at = (events: LogEvent[], line: number): LogEvent => events.find((e) => e.line === line)!;

describe('generic text reader', () => {
  it('an unknown tool log: bracketed times, levels, continuation lines, a preamble paragraph', () => {
    const r = read(fixture('app-errors.log'));
    expect(r.stats.unparsed).toBe(0);
    expect(r.events.map((e) => [e.line, e.endLine ?? e.line, e.level, e.format])).toEqual([
      [1, 1, 'info', 'no-timestamp'],
      [2, 2, 'info', 'iso-space'],
      [3, 3, 'error', 'iso-space'],
      [4, 6, 'error', 'iso-space'],
      [7, 7, 'warning', 'iso-space'],
      [8, 8, 'info', 'iso'],
    ]);
    expect(at(r.events, 3)).toMatchObject({ time: utc(2024, 5, 2, 3, 0, 5, 480), timeSource: 'assumed-utc', message: 'write /var/opt/agent/cache/blob.tmp: No space left on device', path: 'paste/notes.txt' });
    expect(at(r.events, 4).message).toBe('GET http://168.63.129.16/machine/?comp=goalstate failed: Connection timed out\n    retry 1 of 3\n    retry 2 of 3');
    expect(at(r.events, 8)).toMatchObject({ timeSource: 'utc', message: 'done' });
  });

  it('local times follow --tz; a zone makes them UTC', () => {
    const r = read('2024-05-02 03:00:00 one\n2024-05-02T03:00:00+02:00 two\n', timeZone('+01:00'));
    expect(r.events.map((e) => [e.time, e.timeSource])).toEqual([
      [utc(2024, 5, 2, 2, 0, 0), 'tz'],
      [utc(2024, 5, 2, 1, 0, 0), 'utc'],
    ]);
  });

  it('day and month: decided for the whole file by a day above 12, entries kept in order until then', () => {
    const r = read(fixture('day-first.log'));
    expect(r.events.map((e) => [e.line, e.time, e.level])).toEqual([
      [1, utc(2024, 4, 5, 10, 0, 1), 'info'],
      [2, utc(2024, 4, 5, 10, 0, 2), 'error'],
      [3, utc(2024, 4, 3, 10, 0, 3), 'info'],
      [4, utc(2024, 4, 13, 10, 0, 4), 'info'],
    ]);
    expect(r.stats.formats).toContain('dates:d/m/y');
    const us = read('04/03/2024 10:00:00 a\n04/13/2024 10:00:00 b\n');
    expect(us.events.map((e) => e.time)).toEqual([utc(2024, 4, 3, 10, 0, 0), utc(2024, 4, 13, 10, 0, 0)]);
  });

  it('holds a bounded number of entries while the order is open', () => {
    const lines = Array.from({ length: 600 }, (_, i) => `01/02/2024 10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} line ${i}`);
    const emitted: number[] = [];
    const lp = genericTextParser.create({ path: 'x.log', tz: timeZone(undefined), emit: (e) => emitted.push(e.line), fact: () => {}, problem: () => {} });
    lines.forEach((l, i) => lp.line(l, i + 1));
    expect(emitted.length).toBeGreaterThan(300); // the first 256 went out once the order was guessed
    lp.end();
    expect(emitted).toEqual(lines.map((_, i) => i + 1));
  });

  it('prefixes before the time: a thread id, a level column, brackets', () => {
    const r = read(['[00000004] 2024-05-02T03:10:40.000Z [INFO]  starting', 'ERROR 2024-05-02 03:10:41 broken', '[WARN] [2024-05-02 03:10:42] careful', '[1748+00000001] [05/13/2020 12:15:46.64] [INFO] handler'].join('\n'));
    expect(r.events.map((e) => [e.level, e.message, e.thread ?? null])).toEqual([
      ['info', 'starting', '00000004'],
      ['error', 'broken', null],
      ['warning', 'careful', null],
      ['info', 'handler', '1748+00000001'],
    ]);
  });

  it('a paste mixing a note, agent lines and an Event Viewer block', () => {
    const r = read(fixture('mixed-paste.txt'));
    expect(r.events.map((e) => [e.line, e.endLine ?? e.line, e.format, e.level])).toEqual([
      [1, 1, 'no-timestamp', 'info'],
      [3, 3, 'no-timestamp', 'info'],
      [4, 4, 'iso', 'info'],
      // Text after a timestamped line continues it, as in any log (a blank line in between or not).
      [5, 7, 'iso', 'error'],
      // A description runs to the next block or log line: the closing words stay with it.
      [8, 20, 'eventviewer-details', 'error'],
    ]);
    expect(at(r.events, 8)).toMatchObject({ time: utc(2024, 5, 2, 3, 25, 10), fields: { provider: 'VSS', eventId: '8193', channel: 'Application', 'data.0': 'CoCreateInstance', 'data.hr': '0x80070005' } });
    expect(at(r.events, 4).thread).toBe('00000004');
  });

  it('lines that only look like labels are read as text again', () => {
    const r = read(['2024-05-02T03:10:40Z ERROR unhandled', 'ValueError: bad settings', 'Hint: check the file', 'Note: nothing else'].join('\n'));
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ endLine: 4, message: 'unhandled\nValueError: bad settings\nHint: check the file\nNote: nothing else' });
  });

  it('never throws on garbage', () => {
    let seed = 7;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const alphabet = '0123456789-/: .,[]<>TZ+AMPtime"EventLog Name:Source:\t';
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      let s = ['', '2024-01-14', 'Log Name: ', '<Event ', '12/11/2024 ', 'Faulting application name: a.exe, version: 1, time stamp: 0x1', '[1] '][i % 7]!;
      const n = Math.floor(rnd() * 40);
      for (let k = 0; k < n; k++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      lines.push(s);
    }
    const r = read(lines.join('\n'));
    expect(r.events.length).toBeGreaterThan(0);
    expect(r.events.every((e) => e.time === null || Number.isFinite(e.time))).toBe(true);
    const order = r.events.map((e) => e.line);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});

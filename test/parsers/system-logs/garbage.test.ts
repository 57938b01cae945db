import { describe, expect, it } from 'vitest';
import { cloudInitParser, dmesgParser, journalJsonParser, journalTextParser, syslogParser } from '../../../src/parsers/system-logs/index.js';
import type { Parser } from '../../../src/parsers/types.js';
import { parse } from './helpers.js';

/** Deterministic bytes 0-255 as a string (what a binary file decodes to, roughly). */
function junk(n: number, seed: number): string {
  let s = seed >>> 0;
  let out = '';
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const c = s >>> 24;
    out += c === 10 ? ' ' : String.fromCharCode(c);
  }
  return out;
}

const NASTY: string[] = [
  junk(300, 1),
  junk(5000, 2),
  '\u0000'.repeat(4096),
  '\uFFFD\uFFFD\uFFFD',
  'x'.repeat(1 << 20),
  `Jan 14 22:16:48 vm1 app[1]: ${'y'.repeat(300_000)}`,
  'Jan 99 22:16:48 vm1 app[1]: bad day',
  'Feb 14 25:61:99 vm1 app[1]: bad time',
  'Jan 14 22:16:48',
  'Jan 14 22:16:4',
  'Xyz 14 22:16:48 vm1 app[1]: bad month',
  '2024-13-45T99:99:99.123+00:00 vm1 app[1]: bad iso',
  '2024-01-14T22:16:48.123+0 vm1 app[1]: cut zone',
  '2024-01-14T22:16:48.',
  '[',
  '[    12.',
  '[Sun Jan 14 22:16:48',
  '<999999999999>[ 1.0] x',
  '{"__REALTIME_TIMESTAMP":"1705270608123456","MESSAGE":"cut here',
  '{"__REALTIME_TIMESTAMP":"not-a-number","MESSAGE":"x"}',
  '{"__REALTIME_TIMESTAMP":"99999999999999999999999","MESSAGE":"x"}',
  '{"MESSAGE":[1,2,"x",null,300]}',
  '{}',
  '{',
  '[1,2,3]',
  '-- ',
  '-- Boot --',
  '-- Logs begin at never --',
  'Jan 14 22:16:48 vm1 python3[1]: 2024-01-14T22:16:48.1Z',
  'Jan 14 22:16:48 vm1 waagent[1]: \u0000\u0001\u0002',
  '2024-01-14 22:16:48,123 - x.py[',
  '  indented first line',
];

const parsers: Parser[] = [syslogParser, journalTextParser, journalJsonParser, dmesgParser, cloudInitParser];

/** One ordinary line of each format, read after the garbage. */
const GOOD: Record<string, string> = {
  [syslogParser.id]: 'Jan 14 22:16:49 vm1 systemd[1]: Started good unit.',
  [journalTextParser.id]: 'Jan 14 22:16:49 vm1 systemd[1]: Started good unit.',
  [journalJsonParser.id]: '{"__REALTIME_TIMESTAMP":"1705270609000000","MESSAGE":"Started good unit.","SYSLOG_IDENTIFIER":"systemd","_HOSTNAME":"vm1"}',
  [dmesgParser.id]: '[   12.345678] good kernel line',
  [cloudInitParser.id]: '2024-01-14 22:16:49,123 - util.py[DEBUG]: good cloud-init line',
};
const MTIME = new Date('2024-02-01T00:00:00Z');

describe('garbage tolerance', () => {
  for (const parser of parsers) {
    it(`${parser.id}: never throws, counts what it cannot read`, () => {
      const text = NASTY.join('\n');
      const { events, stats } = parse(parser, text);
      expect(stats.unparsed).toBeGreaterThan(0);
      for (const e of events) {
        expect(e.message.length).toBeLessThanOrEqual(64 * 1024 + 1000);
        expect((e.raw ?? '').length).toBeLessThanOrEqual(64 * 1024);
        if (e.time !== null) expect(Number.isFinite(e.time)).toBe(true);
      }
    });

    it(`${parser.id}: a cut or bad line does not hide the next good one`, () => {
      const good = GOOD[parser.id]!;
      const alone = parse(parser, `${good}\n`, { mtime: MTIME }).events;
      expect(alone.length, `${parser.id} reads its good line`).toBeGreaterThan(0);
      for (const bad of NASTY) {
        const { events } = parse(parser, `${bad}\n${bad}\n${good}\n`, { mtime: MTIME });
        const last = events.at(-1);
        expect(last?.line, `after ${JSON.stringify(bad.slice(0, 40))}`).toBe(3);
        expect(last?.message).toBe(alone.at(-1)!.message);
      }
    });
  }

  it('syslog: NUL runs before a line (crash) and a cut first line (truncated_ copy)', () => {
    const text = `ay 14 22:16:48 vm1 app[1]: cut by the collector\n${'\u0000'.repeat(100)}Jan 14 22:16:49 vm1 systemd[1]: Started x.\n`;
    const { events, stats } = parse(syslogParser, text, { mtime: new Date('2024-02-01T00:00:00Z') });
    expect(stats.unparsed).toBe(1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ line: 2, message: 'Started x.', fields: { proc: 'systemd' } });
  });

  it('journal-json: cut and damaged records are counted, the good ones read', () => {
    const good = '{"__REALTIME_TIMESTAMP":"1705270608123456","PRIORITY":"6","MESSAGE":"ok"}';
    const text = [good, '{"__REALTIME_TIMESTAMP":"1705270608123456","MESSAGE":"cut', 'not json at all', '[1]', good].join('\n');
    const { events, stats } = parse(journalJsonParser, text);
    expect(events.map((e) => e.line)).toEqual([1, 5]);
    expect(stats.unparsed).toBe(3);
  });

  it('keeps long lines capped', () => {
    const { events } = parse(syslogParser, `Jan 14 22:16:48 vm1 app[1]: ${'y'.repeat(300_000)}\n`, { mtime: new Date('2024-02-01T00:00:00Z') });
    expect(events[0]!.message.length).toBe(64 * 1024);
    expect(events[0]!.raw!.length).toBe(64 * 1024);
  });
});

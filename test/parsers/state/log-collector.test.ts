// results.txt of the log collector: events, continuation lines, collected / truncated / discarded files, the cap.
import { describe, expect, it } from 'vitest';
import { logCollectorParser, sniffLogCollector } from '../../../src/parsers/state/index.js';
import { parseText } from '../../../src/parsers/run.js';
import { all, expectSome, fixture, runLines } from './helpers.js';

describe('log collector results.txt', () => {
  const r = runLines(logCollectorParser, 'results.txt', fixture('results.txt'));

  it('one event per entry, UTC, with the ls output as continuation lines', () => {
    expect(r.problems).toEqual([]);
    expect(r.events).toHaveLength(20);
    const ls = r.events[6]!;
    expect(ls).toMatchObject({ line: 7, endLine: 14, level: 'info', timeSource: 'utc', time: Date.UTC(2024, 0, 15, 9, 0, 1), raw: '2024-01-15T09:00:01Z INFO Output of command [ls -alF /var/lib/waagent]:' });
    expect(ls.message.split('\n')).toHaveLength(7);
    expect(ls.message).toContain('WALinuxAgent-2.9.1.1/');
    expect(r.events.filter((e) => e.level === 'warning').map((e) => e.line)).toEqual([20, 21, 22]);
  });

  it('facts: collected (and truncated) files, discarded and missing files, the cap, sizes and mode', () => {
    expect(all(r.facts, 'collected-file').map((f) => [f.value, f.attrs])).toEqual([
      ['/var/log/waagent.log', { size: '10485760', truncated: 'false', archiveName: 'var/log/waagent.log' }],
      ['/var/lib/waagent/waagent_status.json', { size: '5120', truncated: 'false', archiveName: 'var/lib/waagent/waagent_status.json' }],
      ['/var/lib/waagent/logcollector/truncated/var_log_syslog.1', { size: '31457280', truncated: 'true', archiveName: 'truncated_var_log_syslog.1' }],
    ]);
    expectSome(r.facts, [
      { kind: 'collector-discarded', value: '/var/log/syslog.2.gz', line: 20 },
      { kind: 'collector-skipped', value: '/var/log/azure/Microsoft.Azure.Extensions.CustomScript/handler.log', attrs: { reason: 'missing' } },
      { kind: 'collector-cap', value: 'archive-size-limit', line: 22, time: Date.UTC(2024, 0, 15, 9, 0, 3) },
      { kind: 'collector-archive-size', value: '157286400' },
      { kind: 'collector-mode', value: 'normal', line: 2 },
    ]);
  });

  it('stats: the format, and lines before the first entry counted as unparsed', () => {
    const p = parseText(logCollectorParser, 'garbage\n' + fixture('results.txt'), { path: 'results.txt' });
    expect(p.stats).toEqual({ unparsed: 1, formats: ['results.txt'] });
  });

  it('sniffs the collector header, not other ISO logs', () => {
    expect(sniffLogCollector(['2024-01-15T09:00:01Z INFO Starting log collection at 2024-01-15T09:00:01Z'])).toBe(true);
    expect(sniffLogCollector(['2024-01-15T09:00:01.123456Z INFO ExtHandler Starting log collection'])).toBe(false);
  });

  it('keeps at most 200 continuation lines and counts the rest', () => {
    const text = '2024-01-15T09:00:01Z INFO Output of command [ls -alF /var/log]:\n' + Array.from({ length: 250 }, (_, i) => `-rw-r--r-- 1 root root 1 Jan 15 08:59 f${i}`).join('\n') + '\n';
    const p = runLines(logCollectorParser, 'results.txt', text);
    expect(p.events[0]!.message.split('\n')).toHaveLength(201);
    expect(p.events[0]!.fields).toEqual({ omittedLines: '50' });
    expect(p.events[0]!.endLine).toBe(251);
  });
});

import { describe, expect, it } from 'vitest';
import { journalJsonParser, journalTextParser } from '../../../src/parsers/system-logs/index.js';
import { byLine, fixedZone, fixture, kinds, parse, utc } from './helpers.js';

describe('journalctl -o json', () => {
  const { events, stats, facts } = parse(journalJsonParser, fixture('journal.json'), { path: 'journal.json' });
  const sorted = byLine(events);

  it('reads every record, UTC from __REALTIME_TIMESTAMP', () => {
    expect(stats).toEqual({ unparsed: 0, formats: ['json', 'journal-marker', 'waagent:syslog', 'waagent:2.2.47+'] });
    expect(events).toHaveLength(12);
    expect(sorted[0]).toMatchObject({ source: 'journal-json', line: 1, time: utc(2024, 1, 14, 22, 16, 40, 100), timeText: '1705270600100000', timeSource: 'utc', format: 'json', fields: { host: 'vm1', proc: 'kernel', kind: 'boot' } });
    expect(sorted[0]!.raw).toBeUndefined();
  });

  it('emits in file order', () => {
    expect(events.map((e) => e.line)).toEqual(sorted.map((e) => e.line));
  });

  it('maps PRIORITY to the level and decodes byte-array messages', () => {
    expect(sorted.find((e) => e.line === 2)).toMatchObject({ level: 'info', message: 'Started Azure Linux Agent.', fields: { proc: 'systemd', pid: '1' } });
    expect(sorted.find((e) => e.line === 5)).toMatchObject({ message: 'Hello \ufffd world', fields: { proc: 'myapp', pid: '2001' } });
    expect(sorted.find((e) => e.line === 7)).toMatchObject({ level: 'warning', fields: { kind: 'dhcp', proc: 'systemd-networkd' } });
  });

  it('hands the agent records to the waagent parser, multi-line messages as one entry', () => {
    const agent = sorted.filter((e) => e.source === 'waagent-log');
    expect(agent.map((e) => [e.line, e.level, e.format, e.time])).toEqual([
      [3, 'info', '2.2.47+', utc(2024, 1, 14, 22, 16, 53, 480)],
      [4, 'error', '2.2.47+', utc(2024, 1, 14, 22, 17, 10, 0)],
    ]);
    expect(agent[1]!.message).toContain('\nTraceback (most recent call last):\n');
    expect(agent[1]!.message.endsWith('TimeoutError: [Errno 110] Connection timed out')).toBe(true);
    expect(agent[1]!.raw).toMatch(/^2024-01-14T22:17:10\.000500\+00:00 vm1 python3\[887\]: 2024-01-14T22:17:10\.000321Z ERROR /);
    expect(facts.map((f) => [f.kind, f.value])).toContainEqual(['agent-version', '2.10.0.8']);
  });

  it('marks kinds and the boot change', () => {
    expect(kinds(sorted)).toEqual(['boot', 'oom-kill', 'dhcp', 'shutdown', 'shutdown', 'boot', 'boot']);
    const marker = sorted.find((e) => e.format === 'journal-marker');
    expect(marker).toMatchObject({ line: 10, time: utc(2024, 1, 14, 22, 31, 5), level: 'info', fields: { kind: 'boot', boot: '0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f' } });
    expect(sorted.find((e) => e.line === 6)).toMatchObject({ level: 'error', fields: { kind: 'oom-kill', victim: 'python3', memcg: 'true' } });
    expect(sorted.find((e) => e.line === 8)!.fields).toMatchObject({ kind: 'shutdown', proc: 'systemd-shutdown' });
    expect(sorted.find((e) => e.line === 9)!.fields).toMatchObject({ kind: 'shutdown', action: 'restart', proc: 'kernel' });
  });

  it('reads json-pretty objects and ignores the zone (times are UTC)', () => {
    const pretty = ['{', '\t"__REALTIME_TIMESTAMP" : "1705270608123456",', '\t"PRIORITY" : "2",', '\t"SYSLOG_IDENTIFIER" : "kernel",', '\t"MESSAGE" : "Kernel panic - not syncing: Fatal exception"', '}', ''].join('\n');
    const { events: ev, stats: st } = parse(journalJsonParser, pretty, { tz: fixedZone(5) });
    expect(st).toEqual({ unparsed: 0, formats: ['json-pretty'] });
    expect(ev).toEqual([expect.objectContaining({ line: 1, level: 'error', time: utc(2024, 1, 14, 22, 16, 48, 123), timeSource: 'utc', message: 'Kernel panic - not syncing: Fatal exception' })]);
  });

  it('guesses the level when PRIORITY is missing, and lets an error kind raise it', () => {
    const text = ['{"__REALTIME_TIMESTAMP":"1705270608000000","SYSLOG_IDENTIFIER":"app","MESSAGE":"connection failed"}', '{"__REALTIME_TIMESTAMP":"1705270608000000","PRIORITY":"6","SYSLOG_IDENTIFIER":"app","MESSAGE":"write: No space left on device"}', '{"__REALTIME_TIMESTAMP":"1705270608000000","PRIORITY":"6","SYSLOG_IDENTIFIER":"app","MESSAGE":null}'].join('\n');
    const { events: ev } = parse(journalJsonParser, text);
    expect(ev.map((e) => [e.level, e.message])).toEqual([
      ['warning', 'connection failed'],
      ['error', 'write: No space left on device'],
      ['info', ''],
    ]);
  });
});

describe('journalctl text output', () => {
  const { events, stats } = parse(journalTextParser, fixture('journalctl.log'), { path: 'journalctl.log' });
  const sorted = byLine(events);

  it('reads every line; the year comes from "-- Logs begin at", its UTC makes the times UTC', () => {
    expect(stats).toEqual({ unparsed: 0, formats: ['rfc3164', 'journal-marker', 'rfc3164-precise', 'waagent:syslog', 'waagent:2.2.47+'] });
    expect(sorted[0]).toMatchObject({ source: 'journal', line: 2, time: utc(2023, 12, 31, 23, 59, 58), timeText: 'Dec 31 23:59:58', timeSource: 'utc' });
    // --tz does not move lines the banner says are UTC.
    const tz = parse(journalTextParser, fixture('journalctl.log'), { tz: fixedZone(2) });
    expect(byLine(tz.events)[0]).toMatchObject({ time: utc(2023, 12, 31, 23, 59, 58), timeSource: 'utc' });
    expect(sorted.find((e) => e.line === 4)).toMatchObject({ time: utc(2024, 1, 1, 0, 0, 1), timeText: 'Jan 01 00:00:01' });
  });

  it('emits in file order', () => {
    expect(events.map((e) => e.line)).toEqual(sorted.map((e) => e.line));
  });

  it('joins indented continuation lines', () => {
    expect(sorted.find((e) => e.line === 5)).toMatchObject({ endLine: 7, level: 'warning', message: 'request failed with status 503:\n                                  upstream: backend-1\n                                  retry: 3' });
  });

  it('routes waagent[pid] lines, the traceback with them', () => {
    const agent = sorted.filter((e) => e.source === 'waagent-log');
    expect(agent.map((e) => [e.line, e.endLine, e.level])).toEqual([
      [3, undefined, 'info'],
      [8, 11, 'error'],
    ]);
    expect(agent[1]!.message.endsWith("KeyError: 'settings'")).toBe(true);
  });

  it('turns "-- Boot <id> --" into a boot event timed by the first line of the boot', () => {
    expect(sorted.find((e) => e.line === 16)).toMatchObject({
      format: 'journal-marker',
      level: 'info',
      time: utc(2024, 1, 1, 0, 31, 5, 123),
      timeText: 'Jan 01 00:31:05.123456',
      message: '-- Boot 0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f --',
      fields: { kind: 'boot', boot: '0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f' },
    });
  });

  it('marks the shutdown sequence', () => {
    expect(sorted.filter((e) => e.fields?.kind === 'shutdown').map((e) => [e.line, e.fields!.proc, e.fields!.action])).toEqual([
      [12, 'systemd-logind', 'restart'],
      [13, 'systemd-shutdown', 'shutdown'],
      [14, 'systemd-shutdown', 'restart'],
      [15, 'kernel', 'restart'],
    ]);
  });

  it('converts local times with --tz when the banner is in a local zone', () => {
    const text = ['-- Journal begins at Mon 2023-06-05 10:00:00 CEST, ends at Tue 2023-06-06 10:00:00 CEST. --', 'Jun 05 10:00:01 vm1 systemd[1]: Started x.', ''].join('\n');
    const { events: ev } = parse(journalTextParser, text, { tz: fixedZone(2) });
    expect(ev[0]).toMatchObject({ time: utc(2023, 6, 5, 8, 0, 1), timeSource: 'tz' });
  });

  it('reads -o short-full lines', () => {
    const text = ['Sun 2024-01-14 22:16:48 UTC vm1 systemd[1]: Started x.', 'Sun 2024-01-14 23:16:49 CET vm1 kernel: reboot: Power down', ''].join('\n');
    const { events: ev, stats: st } = parse(journalTextParser, text, { tz: fixedZone(1) });
    expect(st).toEqual({ unparsed: 0, formats: ['short-full'] });
    expect(ev[0]).toMatchObject({ time: utc(2024, 1, 14, 22, 16, 48), timeText: 'Sun 2024-01-14 22:16:48 UTC', timeSource: 'utc', format: 'short-full', fields: { host: 'vm1', proc: 'systemd', pid: '1' } });
    expect(ev[1]).toMatchObject({ time: utc(2024, 1, 14, 22, 16, 49), timeSource: 'tz', fields: { kind: 'shutdown', action: 'poweroff' } });
  });

  it('reads short-iso output and keeps a trailing boot marker without a time', () => {
    const text = ['2024-01-14T22:16:48+0000 vm1 systemd[1]: Started x.', '2024-01-14T22:16:49.5-0200 vm1 systemd[1]: Started y.', '-- Reboot --', ''].join('\n');
    const { events: ev, stats: st } = parse(journalTextParser, text);
    expect(st.unparsed).toBe(0);
    expect(ev.map((e) => [e.time, e.timeSource, e.fields?.kind])).toEqual([
      [utc(2024, 1, 14, 22, 16, 48), 'utc', undefined],
      [utc(2024, 1, 15, 0, 16, 49, 500), 'utc', undefined],
      [null, 'none', 'boot'],
    ]);
  });
});
